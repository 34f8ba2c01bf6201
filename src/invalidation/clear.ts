// clear: every entry removed, the core and the tag registry emptied.

import type { EntryStore } from '../store/entry-store';

/** Memory above which clear() starts a fresh core instead of emptying this one (about 100k entries). */
const RENEW_ABOVE_BYTES = 4 * 1024 * 1024;

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
  // A large core is replaced, so its memory goes back (WebAssembly memory never shrinks); a small one is emptied in place.
  if (store.api.memory.buffer.byteLength <= RENEW_ABOVE_BYTES || !store.renewCore()) store.api.clear();
  store.stalePending = false;
  store.clears++;
  store.keysAndValues = [];
  store.tags.reset();
  store.sizes?.reset();
  if (store.listeners.list.length !== 0) store.listeners.all('clear');
  store.deliver(batch);
}
