// policy: 'tinylfu' through the whole public API: stats, iteration and dump order, load,
// bulkRemove (both paths), markStale and markAllStale (stale entries still go first), TTL and
// purgeExpired, maxSize, clear (a renewed core keeps the policy) and the re-keying after a
// flood (the sketch forgets). Exact eviction order is test/tinylfu-model.test.ts's business.
import { describe, expect, it } from 'vitest';
import { TagCache } from '../src/tag-cache';
import type { RemovalReason, TagCacheOptions } from '../src/types';
import { hashString } from '../src/store/hash';
import { bucketsFor, capacityFor, hashesInBucket, stringWithHash } from './support/flood-keys';
import { integrityOf, policyStatOf, setAdmissionSeed, setRebuildShare, setSeed, usesKeyedHashing } from './support/internals';
import { useBuild } from './support/builds';
import { useDebugBuild } from './support/setup';

useDebugBuild();

type Removal = [number, RemovalReason];

function lfu(options: Partial<TagCacheOptions<number, number>> & { maxEntries: number }) {
  const removals: Removal[] = [];
  const clock = { time: 1000 };
  const cache = new TagCache<number, number>({
    policy: 'tinylfu',
    now: () => clock.time,
    onRemove: (key, _value, reason) => removals.push([key, reason]),
    ...options,
  });
  setAdmissionSeed(cache, 12345);
  return { cache, removals, clock };
}

/** Window, probation and protected entries, from the core's counts. */
function segmentCounts(cache: object): number[] {
  return [4, 5, 6, 7].map((which) => policyStatOf(cache, which));
}

/** Skewed accesses (get, then set on a miss) that fill every segment. */
function churn(cache: TagCache<number, number>, count: number, keySpace: number, tags?: (key: number) => string[]): void {
  let x = 7;
  for (let i = 0; i < count; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const key = x & 1 ? (x >>> 8) % (keySpace >>> 3) : (x >>> 8) % keySpace;
    if (cache.get(key) === undefined) cache.set(key, i, tags === undefined ? undefined : { tags: tags(key) });
  }
}

describe("policy: 'tinylfu'", () => {
  it('is validated, and stats() report it with the window size and the sketch bytes', () => {
    expect(() => new TagCache({ maxEntries: 10, policy: 'lfu' as never })).toThrow(/options.policy must be 'lru' or 'tinylfu'/);
    const lru = new TagCache<number, number>({ maxEntries: 10, policy: 'lru' });
    expect(lru.stats().policy).toBeUndefined();
    expect(lru.stats().windowSize).toBeUndefined();
    const { cache } = lfu({ maxEntries: 1000 });
    expect(cache.stats()).toMatchObject({ policy: 'tinylfu', windowSize: 10, sketchBytes: 0 });
    for (let key = 0; key < 499; key++) cache.set(key, key);
    expect(cache.stats().sketchBytes).toBe(0);
    cache.set(499, 499); // the insert that makes the cache half full
    expect(cache.stats().sketchBytes).toBe(64 * Math.ceil(1000 / 6)); // allocated once half full
    churn(cache, 60_000, 3000);
    expect(policyStatOf(cache, 8)).toBeGreaterThan(5); // the climber sampled
    expect(cache.stats().windowSize).toBeGreaterThanOrEqual(10);
    expect(integrityOf(cache)).toBe(0);
  });

  it('iterates window, then probation, then protected, each from most to least recent; dump() is the reverse', () => {
    const { cache } = lfu({ maxEntries: 10 });
    for (let key = 0; key < 10; key++) cache.set(key, key);
    // Window (1 entry): 9; probation: 8 .. 0.
    expect([...cache.keys()]).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    for (let key = 0; key < 8; key++) cache.get(key);
    // Hits in probation promote to protected (at most 7): its least recent, 0, went back to probation.
    expect(segmentCounts(cache)).toEqual([1, 2, 7, 0]);
    expect([...cache.keys()]).toEqual([9, 0, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(cache.dump().map(([key]) => key)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 0, 9]);
    expect(integrityOf(cache)).toBe(0);
  });

  it('load() stores rows through admission: all of them into room, as many as fit otherwise', () => {
    const source = lfu({ maxEntries: 300 }).cache;
    churn(source, 20_000, 900, (key) => [`t${key % 3}`]);
    const rows = source.dump();
    expect(rows.length).toBe(300);
    const target = lfu({ maxEntries: 300 });
    target.cache.load(rows);
    expect(target.removals).toEqual([]);
    expect(new Set(target.cache.keys())).toEqual(new Set(source.keys()));
    expect(target.cache.countByTag('t1')).toBe(source.countByTag('t1'));
    const small = lfu({ maxEntries: 100 });
    small.cache.load(rows);
    expect(small.cache.size).toBe(100);
    expect(small.removals.length).toBe(200);
    expect(small.removals.every(([, reason]) => reason === 'evict')).toBe(true);
    expect(integrityOf(small.cache)).toBe(0);
  });

  for (const [path, share] of [
    ['one entry at a time', 1.1],
    ['the rebuilding walk over all three segments', 0],
  ] as const) {
    it(`bulkRemove (${path}) leaves the segments consistent`, () => {
      const { cache, removals } = lfu({ maxEntries: 400 });
      setRebuildShare(cache, share);
      churn(cache, 30_000, 1200, (key) => [`t${key % 4}`, ...(key % 10 === 0 ? ['ten'] : [])]);
      const counts = segmentCounts(cache);
      expect(counts[0]! * counts[1]! * counts[2]!).toBeGreaterThan(0);
      const tagged = cache.keysByTag('t1').length;
      removals.length = 0;
      expect(cache.bulkRemove(['t1', 'ten'])).toBeGreaterThanOrEqual(tagged);
      expect(removals.every(([key, reason]) => reason === 'tag' && (key % 4 === 1 || key % 10 === 0))).toBe(true);
      expect([...cache.keys()].some((key) => key % 4 === 1 || key % 10 === 0)).toBe(false);
      expect(segmentCounts(cache).reduce((a, b) => a + b)).toBe(cache.size);
      expect(integrityOf(cache)).toBe(0);
      churn(cache, 5000, 1200, (key) => [`t${key % 4}`]);
      expect(integrityOf(cache)).toBe(0);
    });
  }

  it('markStale: stale entries are reclaimed before any live entry is evicted', () => {
    const { cache, removals } = lfu({ maxEntries: 200 });
    churn(cache, 20_000, 600, (key) => [`t${key % 5}`]);
    const stale = cache.markStale('t0');
    expect(stale).toBeGreaterThan(0);
    removals.length = 0;
    for (let key = 10_000; cache.stats().staleEntries > 0; key++) cache.set(key, key);
    expect(removals.filter(([, reason]) => reason === 'stale').length).toBe(stale);
    expect(removals.filter(([, reason]) => reason !== 'stale').length).toBeLessThanOrEqual(removals.length - stale);
    const firstLive = removals.findIndex(([, reason]) => reason !== 'stale');
    expect(firstLive === -1 || removals.slice(firstLive).every(([, reason]) => reason !== 'stale')).toBe(true);
    expect(integrityOf(cache)).toBe(0);
  });

  it('markAllStale retires every segment at once; stale entries go first, a set brings a key back', () => {
    const { cache, removals } = lfu({ maxEntries: 200 });
    churn(cache, 20_000, 600);
    expect(cache.size).toBe(200);
    const old = [...cache.keys()];
    expect(cache.markAllStale()).toBe(200);
    expect(segmentCounts(cache)).toEqual([0, 0, 0, 200]);
    expect(integrityOf(cache)).toBe(0);
    cache.set(old[5]!, -1); // a stale key set again is fresh, in the window (and the set reclaims 2 stale entries)
    expect(cache.get(old[5]!)).toBe(-1);
    expect(segmentCounts(cache)).toEqual([1, 0, 0, 197]);
    removals.length = 0;
    for (let key = 10_000; key < 10_150; key++) cache.set(key, key);
    expect(removals.every(([, reason]) => reason === 'stale')).toBe(true);
    expect(cache.get(old[5]!)).toBe(-1);
    expect(integrityOf(cache)).toBe(0);
    churn(cache, 5000, 600);
    expect(integrityOf(cache)).toBe(0);
  });

  it('TTL: expired entries are not returned, purgeExpired removes them from any segment', () => {
    const { cache, removals, clock } = lfu({ maxEntries: 300 });
    churn(cache, 10_000, 900);
    for (let key = 0; key < 60; key++) cache.set(100_000 + key, key, { ttl: 10 });
    for (let key = 0; key < 60; key += 2) cache.get(100_000 + key); // some reach protected
    for (let key = 0; key < 60; key += 2) cache.get(100_000 + key);
    const held = [...cache.keys()].filter((key) => key >= 100_000).length; // admission refused some
    expect(held).toBeGreaterThan(5);
    clock.time += 20;
    removals.length = 0;
    expect(cache.purgeExpired()).toBe(held);
    expect(removals.every(([key, reason]) => reason === 'expire' && key >= 100_000)).toBe(true);
    expect(segmentCounts(cache).reduce((a, b) => a + b)).toBe(cache.size);
    expect(integrityOf(cache)).toBe(0);
  });

  it("maxSize: weighted eviction takes probation's least recent first, then protected's", () => {
    const { cache, removals } = lfu({ maxEntries: 100, maxSize: 50, sizeOf: () => 1 });
    for (let key = 0; key < 50; key++) cache.set(key, key);
    cache.set(50, 50);
    expect(removals).toEqual([[0, 'evict']]);
    cache.get(1); // to protected
    cache.set(51, 51);
    expect(removals).toEqual([
      [0, 'evict'],
      [2, 'evict'],
    ]);
    expect(cache.stats().totalSize).toBe(50);
    expect(integrityOf(cache)).toBe(0);
  });

  it('clear() of a large cache renews the core with the same policy', () => {
    const { cache } = lfu({ maxEntries: 200_000 });
    for (let key = 0; key < 150_000; key++) cache.set(key, key);
    const memory = cache.stats().wasmMemoryBytes;
    cache.clear();
    expect(cache.stats().wasmMemoryBytes).toBeLessThan(memory);
    expect(cache.stats()).toMatchObject({ policy: 'tinylfu', windowSize: 2000, sketchBytes: 0, size: 0 });
    for (let key = 0; key < 1000; key++) cache.set(key, key);
    expect(segmentCounts(cache)[0]).toBe(1000); // all in the window, which is 2,000 entries
    expect(integrityOf(cache)).toBe(0);
  });

  it('re-keying after a hash flood resets the sketch', () => {
    const seed = 0x5eed1234;
    const maxEntries = 512;
    const cache = new TagCache<string, number>({ maxEntries, policy: 'tinylfu' });
    setSeed(cache, seed);
    for (let index = 0; index < 300; index++) cache.set(`plain:${index}`, index);
    expect(cache.stats().sketchBytes).toBeGreaterThan(0);
    const bits = Math.log2(bucketsFor(capacityFor(maxEntries, maxEntries)));
    const flood = hashesInBucket(200, bits, 77).map((hash, index) => stringWithHash(`flood:${String(index).padStart(4, '0')}`, hash, seed));
    expect(flood.every((key) => (hashString(key, seed) & ((1 << bits) - 1)) === 77)).toBe(true);
    let switched = false;
    for (const [index, key] of flood.entries()) {
      cache.set(key, index);
      if (usesKeyedHashing(cache)) {
        switched = true;
        expect(policyStatOf(cache, 10)).toBe(0); // no increment counted under the old hashes survives
        break;
      }
    }
    expect(switched).toBe(true);
    expect(cache.get('plain:299')).toBe(299);
    expect(integrityOf(cache)).toBe(0);
  });
});

describe("policy: 'tinylfu' with keys sharing a 32-bit hash", () => {
  it('a get finds each key (the ambiguous first match is left to the wrapper), and a miss stays a miss', () => {
    const seed = 0x5eed1234;
    const cache = new TagCache<string, number>({ maxEntries: 50, policy: 'tinylfu' });
    setSeed(cache, seed);
    const [a, b, c] = ['aa', 'bb', 'cc'].map((prefix) => stringWithHash(prefix, 0x12345678, seed));
    expect(hashString(a!, seed)).toBe(hashString(b!, seed));
    for (let key = 0; key < 40; key++) cache.set(`k${key}`, key);
    cache.set(a!, 1);
    cache.set(b!, 2);
    for (let round = 0; round < 3; round++) {
      expect(cache.get(a!)).toBe(1);
      expect(cache.get(b!)).toBe(2);
      expect(cache.get(c!)).toBeUndefined();
    }
    expect(cache.delete(a!)).toBe(true);
    expect(cache.get(b!)).toBe(2);
    expect(integrityOf(cache)).toBe(0);
  });
});

describe("policy: 'tinylfu' when memory growth is refused", () => {
  it('a refused set changes nothing (the sketch is allocated before anything moves) and the cache stays usable', () => {
    useBuild('limited');
    try {
      // Half full at 40,000 entries: the sketch (427 KiB) is allocated then, or refused.
      const cache = new TagCache<number, number>({ maxEntries: 80_000, policy: 'tinylfu' });
      let stored = 0;
      let error: unknown;
      for (let key = 0; key < 80_000 && error === undefined; key++) {
        try {
          cache.set(key, key, { tags: [`own:${key}`] });
          stored++;
        } catch (caught) {
          error = caught;
        }
      }
      expect(error).toBeInstanceOf(RangeError);
      expect(cache.size).toBe(stored);
      expect(integrityOf(cache)).toBe(0);
      expect(cache.get(stored - 1)).toBe(stored - 1);
      expect(cache.has(stored)).toBe(false);
      expect(cache.delete(0)).toBe(true);
      cache.set(-1, -1);
      expect(cache.size).toBe(stored);
      expect(integrityOf(cache)).toBe(0);
    } finally {
      useBuild('debug');
    }
  });
});
