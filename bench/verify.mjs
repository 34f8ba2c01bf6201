// Answer checks run before anything is timed. Each returns undefined when the
// library answered correctly, or a short description of the first wrong answer;
// a library that fails is reported as failed and not timed.

import { keyOf } from './common.mjs';

const tagsFor = (id) => [`a${id % 3}`, `b${id % 5}`];

/**
 * Tag adapters, through evictions: 250 keys with two tags each into a cache
 * of 100, a few reads and re-tagging overwrites on the way, one delete. Then, for every tag,
 * the adapter's count must match the entries the cache really holds, and
 * bulkRemove must return exactly that count and leave none of them behind.
 */
export function verifyTagged(make) {
  const cache = make(100);
  const tagsOf = new Map();
  const put = (id, tags) => {
    cache.set(keyOf(id), id, { tags });
    tagsOf.set(id, tags);
  };
  for (let id = 0; id < 250; id++) {
    put(id, tagsFor(id));
    if (id % 40 === 39) for (let back = 1; back <= 30; back += 7) cache.get(keyOf(id - back));
    if (id % 50 === 49) put(id - 2, [`a${(id + 1) % 3}`]); // overwrite with other tags
  }
  const live = () => [...tagsOf.keys()].filter((id) => cache.peek(keyOf(id)) !== undefined);
  const alive = live();
  if (alive.length === 0) return 'no entry survived 250 sets into a cache of 100';
  for (const id of alive) {
    if (cache.peek(keyOf(id)) !== id) return `peek(${keyOf(id)}) returned ${cache.peek(keyOf(id))}, expected ${id}`;
  }
  if (cache.get(keyOf(249)) !== 249) return `get-hit of the last key returned ${cache.get(keyOf(249))}`;
  if (cache.get(keyOf(100000)) !== undefined) return 'get-miss did not return undefined';
  const gone = alive[alive.length >> 1];
  if (cache.delete(keyOf(gone)) !== true) return `delete of a cached key (${keyOf(gone)}) did not return true`;
  if (cache.peek(keyOf(gone)) !== undefined) return `delete(${keyOf(gone)}) left the entry readable`;
  if (cache.delete(keyOf(gone)) !== false) return 'delete of an absent key did not return false';
  const allTags = ['a0', 'a1', 'a2', 'b0', 'b1', 'b2', 'b3', 'b4'];
  const holders = (tag) => live().filter((id) => tagsOf.get(id).includes(tag)).length;
  for (const tag of allTags) {
    const expected = holders(tag);
    if (cache.indexedCount(tag) !== expected) {
      return `index of tag ${tag} holds ${cache.indexedCount(tag)} keys, the cache holds ${expected} entries with it`;
    }
  }
  for (const tag of ['a0', 'b1', 'b4']) {
    const expected = holders(tag);
    const removed = cache.bulkRemove(tag);
    if (removed !== expected) return `bulkRemove('${tag}') returned ${removed}, expected ${expected}`;
    if (holders(tag) !== 0) return `bulkRemove('${tag}') left ${holders(tag)} entries with the tag`;
  }
  for (const tag of allTags) {
    if (cache.indexedCount(tag) !== holders(tag)) return `index of tag ${tag} is stale after removals`;
  }
  if (cache.bulkRemove('no-such-tag') !== 0) return 'bulkRemove of an unknown tag did not return 0';
  return undefined;
}

/**
 * Plain caches with the benchmark's own data: `key(id)` for id in `hitIds`
 * must return id, `key(id)` for id in `missIds` undefined, and a new key set
 * into the full cache must be readable afterwards.
 */
export function verifyPlain(cache, key, hitIds, missIds, newId) {
  for (const id of hitIds) {
    const value = cache.get(key(id));
    if (value !== id) return `get-hit ${JSON.stringify(key(id))} returned ${value}, expected ${id}`;
  }
  for (const id of missIds) {
    const value = cache.get(key(id));
    if (value !== undefined) return `get-miss ${JSON.stringify(key(id))} returned ${value}`;
  }
  cache.set(key(newId), newId);
  if (cache.get(key(newId)) !== newId) return 'a key set into the full cache cannot be read back';
  return undefined;
}
