// tagStats(tag): { entries, hits, misses, removed } per tag, counted in the core.
import { describe, expect, it } from 'vitest';
import { TagCache } from '../src/tag-cache';
import { hashString } from '../src/store/hash';
import { registeredTagCount, setSeed } from './support/internals';
import { expectIntact, type Key, recordingCache, useDebugBuild } from './support/setup';

useDebugBuild();

const ZERO = { entries: 0, hits: 0, misses: 0, removed: 0 };

describe('tagStats: entries and unknown tags', () => {
  it('an unknown tag has all zeros; entries equals countByTag', () => {
    const { cache, clock } = recordingCache({ maxEntries: 10 });
    expect(cache.tagStats('nothing')).toEqual(ZERO);
    cache
      .set('a', 1, { tags: ['x', 'y'] })
      .set('b', 2, { tags: ['y'], ttl: 10 })
      .set('c', 3);
    expect(cache.tagStats('x')).toEqual({ ...ZERO, entries: 1 });
    expect(cache.tagStats('y')).toEqual({ ...ZERO, entries: 2 });
    expect(cache.tagStats('nothing')).toEqual(ZERO);
    clock.time = 10;
    expect(cache.tagStats('y').entries).toBe(cache.countByTag('y'));
    expect(cache.tagStats('y').entries).toBe(1);
    cache.markStale('x');
    expect(cache.tagStats('y').entries).toBe(0);
    expect(cache.tagStats('x').entries).toBe(0);
  });
});

describe('tagStats: hits', () => {
  it('counts get calls that returned an entry carrying the tag, for each of its tags', async () => {
    const cache = new TagCache<Key, number>({ maxEntries: 10 });
    cache
      .set('a', 1, { tags: ['x', 'y'] })
      .set('b', 2, { tags: ['y'] })
      .set('c', 3);
    cache.get('a');
    cache.get('a');
    cache.get('b');
    cache.get('c');
    cache.get('missing');
    await cache.getOrSet('b', () => 99, { tags: ['z'] }); // a hit through getOrSet
    expect(cache.tagStats('x')).toEqual({ entries: 1, hits: 2, misses: 0, removed: 0 });
    expect(cache.tagStats('y')).toEqual({ entries: 2, hits: 4, misses: 0, removed: 0 });
    expect(cache.tagStats('z')).toEqual(ZERO);
    expect(cache.stats().hits).toBe(5);
  });

  it('peek, has, iteration, dump and tag queries count nothing', () => {
    const cache = new TagCache<Key, number>({ maxEntries: 10 });
    cache.set('a', 1, { tags: ['x'] });
    cache.peek('a');
    cache.has('a');
    cache.tagsOf('a');
    cache.ttlRemaining('a');
    void [...cache.entries()];
    cache.dump();
    cache.keysByTag('x');
    cache.countByTag('x');
    expect(cache.tagStats('x')).toEqual({ entries: 1, hits: 0, misses: 0, removed: 0 });
  });

  it('counts hits of memoized functions and namespaces under their tags', async () => {
    const cache = new TagCache<string, unknown>({ maxEntries: 10 });
    const double = cache.memoize((value: number) => value * 2, { name: 'double' });
    double(1);
    double(1);
    double(1);
    double(2);
    expect(cache.tagStats('fn:double')).toMatchObject({ entries: 2, hits: 2 });
    const users = cache.namespace('users');
    users.set('ann', 'A');
    users.get('ann');
    users.get('bob');
    expect(cache.tagStats('ns:users')).toMatchObject({ entries: 1, hits: 1, misses: 0 });
  });

  it('with tagSeparator, a hit counts for every level of the tag', () => {
    const cache = new TagCache<Key, number>({ maxEntries: 10, tagSeparator: '/' });
    cache
      .set('a', 1, { tags: ['src/a'] })
      .set('b', 2, { tags: ['src/b/c'] })
      .set('d', 3, { tags: ['lib/d'] });
    cache.get('a');
    cache.get('b');
    cache.get('b');
    expect(cache.tagStats('src')).toEqual({ entries: 2, hits: 3, misses: 0, removed: 0 });
    expect(cache.tagStats('src/b')).toEqual({ entries: 1, hits: 2, misses: 0, removed: 0 });
    expect(cache.tagStats('src/a')).toEqual({ entries: 1, hits: 1, misses: 0, removed: 0 });
    expect(cache.tagStats('lib')).toEqual({ entries: 1, hits: 0, misses: 0, removed: 0 });
    cache.bulkRemove('src/b');
    expect(cache.tagStats('src')).toEqual({ entries: 1, hits: 3, misses: 0, removed: 1 });
    expect(cache.tagStats('src/b/c')).toEqual({ entries: 0, hits: 2, misses: 0, removed: 1 });
  });
});

describe('tagStats: hits on a 32-bit hash collision', () => {
  const SEED = 4242;
  /** Two distinct strings with the same hash under SEED (a birthday search). */
  function collidingStrings(): [string, string] {
    const seen = new Map<number, string>();
    for (let index = 0; ; index++) {
      const key = `tagstats:${index}`;
      const hash = hashString(key, SEED);
      const other = seen.get(hash);
      if (other !== undefined) return [other, key];
      seen.set(hash, key);
    }
  }
  const [first, second] = collidingStrings();

  it('a get of the second key does not count a hit for the tags of the first', () => {
    const cache = new TagCache<Key, string>({ maxEntries: 10 });
    setSeed(cache, SEED);
    cache.set(first, 'one', { tags: ['first'] }).set(second, 'two', { tags: ['second'] });
    expect(cache.get(second)).toBe('two');
    expect(cache.get(second)).toBe('two');
    expect(cache.tagStats('first').hits).toBe(0);
    expect(cache.tagStats('second').hits).toBe(2);
    expect(cache.get(first)).toBe('one');
    expect(cache.tagStats('first').hits).toBe(1);
    expect(cache.stats().hits).toBe(3);
    expectIntact(cache);
  });

  it('a get of an absent key colliding with a tagged entry counts nothing for its tags', () => {
    const cache = new TagCache<Key, string>({ maxEntries: 10 });
    setSeed(cache, SEED);
    cache.set(first, 'one', { tags: ['first'] });
    expect(cache.get(second)).toBeUndefined();
    expect(cache.tagStats('first')).toEqual({ entries: 1, hits: 0, misses: 0, removed: 0 });
    expect(cache.stats().misses).toBe(1);
    expectIntact(cache);
  });

  it("a get of the second key, stale, counts its miss and not the first key's hit", () => {
    const cache = new TagCache<Key, string>({ maxEntries: 10 });
    setSeed(cache, SEED);
    cache.set(first, 'one', { tags: ['first'] }).set(second, 'two', { tags: ['second'] });
    cache.markStale('second');
    expect(cache.get(second)).toBeUndefined();
    expect(cache.tagStats('first')).toEqual({ entries: 1, hits: 0, misses: 0, removed: 0 });
    expect(cache.tagStats('second')).toEqual({ entries: 0, hits: 0, misses: 1, removed: 1 });
    expect(cache.get(first)).toBe('one');
    expectIntact(cache);
  });
});

describe('tagStats: misses', () => {
  it('counts get calls that found the entry expired or stale, for each of its tags, once', async () => {
    const { cache, clock } = recordingCache({ maxEntries: 10 });
    cache.set('expiring', 1, { tags: ['x'], ttl: 10 }).set('also', 2, { tags: ['x'], ttl: 10 });
    cache.set('staleByZ', 3, { tags: ['x', 'z'] }).set('live', 4, { tags: ['x'] });
    clock.time = 10;
    expect(cache.get('expiring')).toBeUndefined();
    expect(cache.get('expiring')).toBeUndefined(); // gone now: not a miss of the tag
    expect(cache.has('also')).toBe(false); // has is not a get
    expect(cache.tagStats('x')).toMatchObject({ misses: 1 });
    cache.markStale('z');
    expect(cache.get('staleByZ')).toBeUndefined();
    expect(cache.tagStats('x')).toMatchObject({ misses: 2 });
    expect(cache.tagStats('z')).toMatchObject({ misses: 1 });
    cache.get('missing');
    cache.get('live');
    expect(cache.tagStats('x')).toEqual({ entries: 1, hits: 1, misses: 2, removed: 3 });
    // getOrSet meets a stale entry through get: a miss too.
    cache.set('k', 5, { tags: ['w'] });
    cache.markStale('w');
    await cache.getOrSet('k', () => 6, { tags: ['w'] });
    expect(cache.tagStats('w')).toEqual({ entries: 1, hits: 0, misses: 1, removed: 1 });
    expectIntact(cache);
  });
});

describe('tagStats: removed', () => {
  it('counts entries that left the cache for every reason, for each of their tags', async () => {
    const { cache, clock, removals } = recordingCache({ maxEntries: 4 });
    const removed = (tag: string): number => cache.tagStats(tag).removed;

    cache
      .set('e1', 1, { tags: ['t', 'evict'] })
      .set('e2', 2, { tags: ['t'] })
      .set('e3', 3)
      .set('e4', 4);
    cache.set('e5', 5); // evicts e1
    expect([removed('t'), removed('evict')]).toEqual([1, 1]);

    cache.delete('e2');
    expect(removed('t')).toBe(2);
    cache.delete('e2'); // absent: nothing
    expect(removed('t')).toBe(2);

    cache.set('x1', 1, { tags: ['t', 'other'], ttl: 5 });
    clock.time = 5;
    cache.get('x1'); // expired
    expect([removed('t'), removed('other')]).toEqual([3, 1]);

    cache.set('p1', 1, { tags: ['t'], ttl: 5 });
    clock.time = 10;
    expect(cache.purgeExpired()).toBe(1);
    expect(removed('t')).toBe(4);

    cache.set('b1', 1, { tags: ['t', 'bulk'] }).set('b2', 2, { tags: ['bulk'] });
    expect(cache.bulkRemove('bulk')).toBe(2);
    expect([removed('t'), removed('bulk')]).toEqual([5, 2]);

    // Stale reclaim: by get, by the sweep of set, by purgeExpired, by eviction.
    cache.clear();
    cache
      .set('s1', 1, { tags: ['s'] })
      .set('s2', 2, { tags: ['s'] })
      .set('s3', 3, { tags: ['s'] })
      .set('s4', 4, { tags: ['s'] });
    cache.markStale('s');
    cache.get('s1');
    expect(removed('s')).toBe(1);
    cache.set('n1', 0); // not full (3 of 4): sweeps two stale entries
    expect(removed('s')).toBe(3);
    expect(cache.purgeExpired()).toBe(1);
    expect(cache.tagStats('s')).toEqual({ entries: 0, hits: 0, misses: 1, removed: 4 });
    cache
      .set('v1', 1, { tags: ['v'] })
      .set('v2', 2, { tags: ['v'] })
      .set('v3', 3, { tags: ['v'] });
    cache.markStale('v');
    cache.set('n2', 0); // full: evicts a stale entry, then sweeps the other two
    expect(removed('v')).toBe(3);
    expect(cache.stats().evictions).toBe(2); // e1 and e3 earlier; no live entry now

    cache.set('a1', 1, { tags: ['a'] }).set('a2', 2, { tags: ['a'] });
    await cache.bulkRemoveAsync('a');
    expect(removed('a')).toBe(2);
    expect(removals.length).toBeGreaterThan(0);
    expectIntact(cache);
  });

  it('a set that replaces a live entry is not a removal, even when it changes the tags', () => {
    const cache = new TagCache<Key, number>({ maxEntries: 10 });
    cache.set('a', 1, { tags: ['x'] });
    cache.set('a', 2, { tags: ['x'] });
    cache.set('a', 3, { tags: ['y'] });
    cache.set('a', 4);
    expect(cache.tagStats('x').removed).toBe(0);
    expect(cache.tagStats('y').removed).toBe(0);
    expect(cache.tagStats('x').entries).toBe(0);
  });

  it('bulkRemove of a tag with stale members counts all of them as removed', () => {
    const cache = new TagCache<Key, number>({ maxEntries: 100 });
    for (let index = 0; index < 10; index++) cache.set(index, index, { tags: ['t', `p${index % 2}`] });
    cache.markStale('p0');
    expect(cache.bulkRemove('t')).toBe(5);
    expect(cache.tagStats('t')).toEqual({ entries: 0, hits: 0, misses: 0, removed: 10 });
    expect(cache.tagStats('p0').removed).toBe(5);
    expect(cache.tagStats('p1').removed).toBe(5);
  });
});

describe('tagStats: reset and clear', () => {
  it('resetStats zeroes every tag counter but not entries', () => {
    const cache = new TagCache<Key, number>({ maxEntries: 10 });
    cache
      .set('a', 1, { tags: ['x'] })
      .set('b', 2, { tags: ['y'] })
      .set('c', 3, { tags: ['y'] });
    cache.get('a');
    cache.get('b');
    cache.delete('c');
    cache.markStale('x');
    cache.get('a');
    expect(cache.tagStats('x')).toEqual({ entries: 0, hits: 1, misses: 1, removed: 1 });
    expect(cache.tagStats('y')).toEqual({ entries: 1, hits: 1, misses: 0, removed: 1 });
    cache.resetStats();
    expect(cache.tagStats('x')).toEqual(ZERO);
    expect(cache.tagStats('y')).toEqual({ entries: 1, hits: 0, misses: 0, removed: 0 });
    cache.get('b');
    expect(cache.tagStats('y').hits).toBe(1);
  });

  it('clear forgets every tag counter', () => {
    const cache = new TagCache<Key, number>({ maxEntries: 10 });
    cache.set('a', 1, { tags: ['x'] });
    cache.get('a');
    cache.get('a');
    cache.clear();
    expect(cache.tagStats('x')).toEqual(ZERO);
    cache.set('a', 1, { tags: ['x'] });
    expect(cache.tagStats('x')).toEqual({ entries: 1, hits: 0, misses: 0, removed: 0 });
    cache.get('a');
    expect(cache.tagStats('x').hits).toBe(1);
  });

  it('a new tag never inherits the counters of a forgotten tag whose id it reuses', () => {
    const cache = new TagCache<Key, number>({ maxEntries: 4 });
    for (let index = 0; index < 600; index++) {
      const tag = `t${index}`;
      cache.set(index, index, { tags: [tag] });
      expect(cache.tagStats(tag), tag).toEqual({ entries: 1, hits: 0, misses: 0, removed: 0 });
      cache.get(index);
      cache.get(index);
      expect(cache.tagStats(tag).hits, tag).toBe(2);
    }
    expect(registeredTagCount(cache)).toBeLessThan(600); // ids were reclaimed, and so reused
    expect(cache.tagStats('t599')).toEqual({ entries: 1, hits: 2, misses: 0, removed: 0 });
    expectIntact(cache);
  });
});
