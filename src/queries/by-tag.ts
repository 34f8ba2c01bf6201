// Queries by tag: how many live entries carry it, and their keys.

import { slotsOfTag } from '../core/scratch';
import type { EntryStore } from '../store/entry-store';
import { checkTag, outOfMemory } from '../validate';

/** See TagCacheApi.countByTag. */
export function countByTag<K extends string | number, V>(store: EntryStore<K, V>, tag: string): number {
  checkTag(tag, 'tag');
  const tagId = store.tags.idOf(tag);
  if (tagId === undefined) return 0;
  return store.api.countLive(tagId, store.nowIfExpiring());
}

/** See TagCacheApi.keysByTag. */
export function keysByTag<K extends string | number, V>(store: EntryStore<K, V>, tag: string): K[] {
  checkTag(tag, 'tag');
  const tagId = store.tags.idOf(tag);
  if (tagId === undefined) return [];
  const slots = slotsOfTag(store.core, tagId, store.nowIfExpiring());
  if (slots === undefined) throw outOfMemory('listing a tag');
  return slots.map((slot) => store.keyOf(slot));
}
