// Keys whose 32-bit hashes collide: the wrapper must tell them apart, and a
// lookup that first meets the other key must not disturb that key's recency.
import { describe, expect, it } from 'vitest';
import { TagCache } from '../src/tag-cache';
import { hashNumber, hashString, hashStringKeyed } from '../src/store/hash';
import { seedIndependentCollisions } from './support/flood-keys';
import { setSeed, usesKeyedHashing } from './support/internals';
import { expectIntact, type Key, useDebugBuild } from './support/setup';

useDebugBuild();

const SEED = 12345;

/** Two distinct strings with the same hash under SEED (a birthday search). */
function collidingStrings(): [string, string] {
  const seen = new Map<number, string>();
  for (let index = 0; ; index++) {
    const key = `collide:${index}`;
    const hash = hashString(key, SEED);
    const other = seen.get(hash);
    if (other !== undefined) return [other, key];
    seen.set(hash, key);
  }
}

describe('hash collisions', () => {
  const [first, second] = collidingStrings();

  it('found a real collision', () => {
    expect(first).not.toBe(second);
    expect(hashString(first, SEED)).toBe(hashString(second, SEED));
  });

  it('keeps colliding keys apart through every operation', () => {
    const cache = new TagCache<Key, string>({ maxEntries: 4 });
    setSeed(cache, SEED);
    cache
      .set(first, 'one', { tags: ['t1'] })
      .set('x', 'x')
      .set(second, 'two', { tags: ['t2'] });
    expect([cache.get(first), cache.get(second), cache.peek(first), cache.has(second)]).toEqual(['one', 'two', 'one', true]);
    expect(cache.tagsOf(second)).toEqual(['t2']);
    cache.set(second, 'two again');
    expect(cache.size).toBe(3);
    expect(cache.delete(first)).toBe(true);
    expect(cache.get(first)).toBeUndefined();
    expect(cache.get(second)).toBe('two again');
    cache.set(first, 'one again', { tags: ['t1'] });
    expect(cache.bulkRemove('t1')).toBe(1);
    expect(cache.get(second)).toBe('two again');
    expectIntact(cache);
  });

  it('a get of the second key does not make the first one recent', () => {
    const cache = new TagCache<Key, string>({ maxEntries: 3 });
    setSeed(cache, SEED);
    // Insert the first key first, so probing meets it before the second.
    cache.set(first, 'one').set(second, 'two').set('z', 'z');
    expect(cache.get(second)).toBe('two');
    expect([...cache.keys()]).toEqual([second, 'z', first]);
    cache.set('w', 'w'); // evicts the least recent: first
    expect(cache.has(first)).toBe(false);
    expect(cache.get(second)).toBe('two');
    expectIntact(cache);
  });
});

describe('hash functions', () => {
  it('depend on the seed', () => {
    expect(hashString('user:1', 1)).not.toBe(hashString('user:1', 2));
    expect(hashStringKeyed('user:1', 1, 2)).not.toBe(hashStringKeyed('user:1', 1, 3));
    expect(hashStringKeyed('user:1', 1, 2)).not.toBe(hashStringKeyed('user:1', 4, 2));
    expect(hashNumber(42, 1)).not.toBe(hashNumber(42, 2));
    expect(hashNumber(0.5, 1)).not.toBe(hashNumber(0.5, 2));
  });

  it('the keyed hash tells apart strings that differ only in length or in their last unit', () => {
    const keys = ['', 'a', 'aa', 'a\u0000', '\u0000', 'ab', 'abc', 'abcd', 'abc\u0000'];
    expect(new Set(keys.map((key) => hashStringKeyed(key, 5, 6))).size).toBe(keys.length);
  });

  it('after re-keying, a cache keeps working for every operation', () => {
    const cache = new TagCache<Key, number>({ maxEntries: 5000 });
    const flood = seedIndependentCollisions(9); // 512 keys, one MurmurHash3 hash under every seed
    flood.forEach((key, index) => cache.set(key, index, { tags: [index % 2 === 0 ? 'even' : 'odd'] }));
    cache.set(42, 42, { tags: ['even'] });
    expect(usesKeyedHashing(cache)).toBe(true);
    expect(cache.get(42)).toBe(42);
    expect(cache.tagsOf(flood[3]!)).toEqual(['odd']);
    expect(cache.delete(flood[5]!)).toBe(true);
    expect(cache.bulkRemove('even')).toBe(257);
    expect(cache.size).toBe(255);
    expect(cache.get(flood[7]!)).toBe(7);
    expectIntact(cache);
  });

  it('hash -0 as 0', () => {
    expect(hashNumber(-0, 7)).toBe(hashNumber(0, 7));
  });

  it('spread sequential keys over the low bits (used as bucket index)', () => {
    for (const hash of [
      (index: number) => hashString(`user:${index}`, 99),
      (index: number) => hashStringKeyed(`user:${index}`, 99, 7),
      (index: number) => hashNumber(index, 99),
    ]) {
      const buckets = new Uint32Array(1024);
      for (let index = 0; index < 102_400; index++) buckets[hash(index) & 1023]!++;
      expect(Math.max(...buckets)).toBeLessThan(150); // mean 100
      expect(Math.min(...buckets)).toBeGreaterThan(55);
    }
  });
});
