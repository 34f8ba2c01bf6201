// clear: every entry removed, the core and the tag registry emptied.

import type { EntryStore } from '../store/entry-store';

/** See TagCacheApi.clear. */
export function clear<K extends string | number, V>(store: EntryStore<K, V>): void {
  const batch = store.newBatch();
  if (batch !== undefined || store.expiryActive || store.stalePending) {
    const now = store.nowIfExpiring();
    for (const slot of store.core.slotsByRecency()) {
      const reason = store.deadReason(slot, now) ?? 'clear';
      if (reason !== 'clear') store.countRemovals(reason, 1);
      batch?.push(store.keyOf(slot), store.valueOf(slot), reason);
    }
  }
  store.api.clear();
  store.stalePending = false;
  store.clears++;
  store.keysAndValues = [];
  store.tags.reset();
  store.sizes?.reset();
  if (store.listeners.list.length !== 0) store.listeners.all('clear');
  store.deliver(batch);
}
