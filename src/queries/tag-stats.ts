// tagStats: one tag's live entries and the hits, misses and removals the core
// counted for it.

import type { EntryStore } from '../store/entry-store';
import type { TagStats } from '../types';
import { countByTag } from './by-tag';

/** Which counter of a tag record tagCounter reads. */
const HITS = 0;
const MISSES = 1;
const REMOVED = 2;

/** See TagCacheApi.tagStats. */
export function tagStats<K extends string | number, V>(store: EntryStore<K, V>, tag: string): TagStats {
  const entries = countByTag(store, tag);
  const tagId = store.tags.idOf(tag);
  if (tagId === undefined) return { entries, hits: 0, misses: 0, removed: 0 };
  const api = store.api;
  return { entries, hits: api.tagCounter(tagId, HITS), misses: api.tagCounter(tagId, MISSES), removed: api.tagCounter(tagId, REMOVED) };
}
