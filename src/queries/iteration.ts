// Iteration over the live entries, most recent first, without changing recency.

import type { EntryStore } from '../store/entry-store';

/**
 * Slots to iterate: the recency order when iteration starts; an entry removed
 * (or expired) before it is reached is skipped, so callers may modify the cache.
 */
export function* liveSlots<K extends string | number, V>(store: EntryStore<K, V>): Generator<number> {
  const slots = store.core.slotsByRecency();
  const keys = slots.map((slot) => store.keyOf(slot));
  // One clock reading per step: the entries skipped on the way to the next one are judged at the same time.
  let now = store.nowIfExpiring();
  for (let index = 0; index < slots.length; index++) {
    const slot = slots[index]!;
    if (store.keyOf(slot) !== keys[index]) continue;
    if (store.deadReason(slot, now) !== undefined) continue;
    yield slot;
    now = store.nowIfExpiring();
  }
}

/** See TagCacheApi.keys. */
export function* keys<K extends string | number, V>(store: EntryStore<K, V>): IterableIterator<K> {
  for (const slot of liveSlots(store)) yield store.keyOf(slot);
}

/** See TagCacheApi.values. */
export function* values<K extends string | number, V>(store: EntryStore<K, V>): IterableIterator<V> {
  for (const slot of liveSlots(store)) yield store.valueOf(slot);
}

/** See TagCacheApi.entries. */
export function* entries<K extends string | number, V>(store: EntryStore<K, V>): IterableIterator<[K, V]> {
  for (const slot of liveSlots(store)) yield [store.keyOf(slot), store.valueOf(slot)];
}
