// Queries about one key's entry that do not change its recency: its
// remaining time to live and its tags.

import type { EntryStore } from '../store/entry-store';

/** See TagCacheApi.ttlRemaining. */
export function ttlRemaining<K extends string | number, V>(store: EntryStore<K, V>, key: K): number | undefined {
  const hash = store.hashing.hashOf(key);
  const now = store.nowIfExpiring(); // one reading: a live entry never has a negative remainder
  const slot = store.locateLive(key, hash, now);
  if (slot < 0) return undefined;
  const expiresAt = store.expiresAtOf(slot);
  return expiresAt === Infinity ? Infinity : expiresAt - now;
}

/** See TagCacheApi.tagsOf. */
export function tagsOf<K extends string | number, V>(store: EntryStore<K, V>, key: K): string[] {
  const slot = store.locateLive(key, store.hashing.hashOf(key), store.nowIfExpiring());
  return slot < 0 ? [] : store.tags.namesOf(slot);
}
