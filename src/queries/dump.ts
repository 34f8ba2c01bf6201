// dump and load: the live entries as plain rows with tags and remaining TTLs,
// and back, in recency order.

import type { EntryStore } from '../store/entry-store';
import { insert } from '../store/insert';
import type { DumpEntry } from '../types';
import { checkDump } from './check-dump';

/** See TagCacheApi.dump. */
export function dump<K extends string | number, V>(store: EntryStore<K, V>): DumpEntry<K, V>[] {
  const now = store.nowIfExpiring();
  const slots = store.core.slotsByRecency();
  const rows: DumpEntry<K, V>[] = [];
  for (let index = slots.length - 1; index >= 0; index--) {
    const slot = slots[index]!;
    if (store.deadReason(slot, now) !== undefined) continue;
    const expiresAt = store.expiresAtOf(slot);
    const meta = { tags: store.tags.namesOf(slot), ttlRemaining: expiresAt === Infinity ? null : expiresAt - now };
    rows.push([store.keyOf(slot), store.valueOf(slot), meta]);
  }
  return rows;
}

/** See TagCacheApi.load. */
export function load<K extends string | number, V>(store: EntryStore<K, V>, dumped: readonly DumpEntry<K, V>[]): void {
  const entrySizes = store.sizes;
  const { rows, sizes } = checkDump<K, V>(dumped, entrySizes && ((value, key) => entrySizes.measure(value, key)));
  const batch = store.newBatch();
  for (let index = 0; index < rows.length; index++) {
    const [key, value, { tags, ttlRemaining }] = rows[index]!;
    insert(store, key, store.hashing.hashOf(key), value, tags, ttlRemaining ?? 0, sizes?.[index] ?? 0, batch, 'load');
  }
  store.deliver(batch);
}
