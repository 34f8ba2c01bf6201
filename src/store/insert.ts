// Storing an entry (the body of set, load and read-through fills), with the
// evictions it causes and the switch to keyed hashing when keys collide.

import {
  ERROR_OUT_OF_MEMORY,
  FLAG_EVICTED,
  FLAG_EVICTED_EXPIRED,
  FLAG_EVICTED_STALE,
  FLAG_LONG_PROBE,
  FLAG_REJECTED,
  SLOT_MASK,
} from '../core/layout';
import { rehash } from '../core/scratch';
import type { KeyInvalidationCause, RemovalReason } from '../types';
import { outOfMemory } from '../validate';
import type { EntryStore } from './entry-store';
import type { RemovalBatch } from './removals';
import { sweepStale } from './sweep-stale';

/** Stale entries each insert reclaims while any are held: memory comes back without a pause. */
const STALE_SWEEP_PER_SET = 2;

/**
 * Stores an entry whose arguments were checked, recording the entries it
 * displaces in `batch`. `size` counts with maxSize only; `cause` tells the
 * invalidation listeners what wrote the key.
 */
export function insert<K extends string | number, V>(
  store: EntryStore<K, V>,
  key: K,
  hash: number,
  value: V,
  tags: readonly string[] | undefined,
  ttl: number,
  size: number,
  batch: RemovalBatch | undefined,
  cause: KeyInvalidationCause,
): void {
  const api = store.api;
  const expires = ttl > 0 && ttl !== Infinity;
  const now = expires || store.expiryActive ? store.now() : 0;
  if (expires && !store.expiryActive) store.enableExpiry();
  const tagCount = tags === undefined ? 0 : store.tags.writeIds(tags, true);
  const expiresAt = expires ? now + ttl : Infinity;
  const stored = (key === 0 ? 0 : key) as K; // -0 is stored as 0, like Map does
  const keysAndValues = store.keysAndValues;
  let result = api.insertIfAbsent(hash, tagCount, expiresAt, now);
  let slot = -1;
  if (result < -1 && result !== ERROR_OUT_OF_MEMORY) {
    // An entry with this hash exists: this key's, or another with the same hash.
    slot = -2 - result;
    if (keysAndValues[2 * slot] !== key) slot = store.locate(key, hash);
    if (slot < 0) result = api.insert(hash, tagCount, expiresAt, now);
  }
  if (slot >= 0) {
    const oldKey = keysAndValues[2 * slot];
    const oldValue = keysAndValues[2 * slot + 1];
    const reason = store.deadReason(slot, now) ?? 'set';
    if (api.replace(slot, tagCount, expiresAt) < 0) throw outOfMemory('the tags of this entry');
    keysAndValues[2 * slot] = stored;
    keysAndValues[2 * slot + 1] = value;
    store.countRemovals(reason, 1);
    batch?.push(oldKey, oldValue, reason);
  } else {
    if (result < 0) throw outOfMemory('a new entry');
    if (result === FLAG_REJECTED) {
      // 'tinylfu' admission refused the new entry: stored and evicted at once, as far as anyone can tell.
      store.countRemovals('evict', 1);
      batch?.push(stored, value, 'evict');
      store.sets++;
      if (store.listeners.list.length !== 0) store.listeners.key(stored, cause);
      if (store.stalePending) sweepStale(store, -1, STALE_SWEEP_PER_SET, now, batch);
      return;
    }
    slot = result & SLOT_MASK;
    if ((result & FLAG_EVICTED) !== 0) store.release(slot, evictionReason(result), batch);
    if (2 * slot === keysAndValues.length) {
      keysAndValues.push(stored, value);
    } else {
      keysAndValues[2 * slot] = stored;
      keysAndValues[2 * slot + 1] = value;
    }
    if ((result & FLAG_LONG_PROBE) !== 0 && !store.hashing.keyed) switchToKeyedHashing(store);
  }
  if (store.slidingExpiry) store.ttlBySlot[slot] = expires ? ttl : 0;
  if (store.sizes !== undefined) {
    store.sizes.assign(slot, size);
    // The new entry is the most recent and fits maxSize alone, so this stops before reaching it.
    while (store.sizes.overflowing) evictLeastRecent(store, now, batch);
  }
  store.sets++;
  if (store.listeners.list.length !== 0) store.listeners.key(stored, cause);
  if (store.stalePending) sweepStale(store, -1, STALE_SWEEP_PER_SET, now, batch);
}

function evictionReason(result: number): RemovalReason {
  if ((result & FLAG_EVICTED_EXPIRED) !== 0) return 'expire';
  return (result & FLAG_EVICTED_STALE) !== 0 ? 'stale' : 'evict';
}

/** Evicts to fit maxSize: a stale entry first, else the least recent (reported as `'expire'` if it had expired). */
function evictLeastRecent<K extends string | number, V>(store: EntryStore<K, V>, now: number, batch: RemovalBatch | undefined): void {
  const slot = store.api.victim();
  const reason = store.deadReason(slot, now) ?? 'evict';
  store.api.remove(slot);
  store.release(slot, reason, batch);
}

/**
 * Re-hashes every key (strings with HalfSipHash, numbers under a fresh seed)
 * and rebuilds the table. Called once, when an insert lands far from its home
 * bucket: with MurmurHash3 that means keys crafted to collide under any seed,
 * or a leaked seed — a hash-flooding attempt either way. Without memory for
 * the new hashes the cache stays as it is: correct, only slower.
 */
function switchToKeyedHashing<K extends string | number, V>(store: EntryStore<K, V>): void {
  const hashes = store.core.slotsByRecency().map((slot) => store.hashing.keyedHashOf(store.keyOf(slot)));
  if (rehash(store.core, hashes)) store.hashing.keyed = true;
}
