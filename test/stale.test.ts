// markStale: O(1) invalidation of every entry of a tag. Stale entries are never
// returned or counted, and are reclaimed lazily (each reported once as 'stale',
// or 'expire' if their TTL had run out too): by lookups, set, eviction (stale
// first), the two-per-set sweep, purgeExpired and bulkRemove.
import { describe, expect, it } from 'vitest';
import { TagCache } from '../src/tag-cache';
import type { RemovalReason } from '../src/types';
import { controlledLoader, track } from './support/deferred';
import { pick, seededRandom } from './support/random';
import { expectIntact, type Key, recordingCache, type Removal, useDebugBuild } from './support/setup';

useDebugBuild();

const reasonsOf = (removals: Removal[]): RemovalReason[] => removals.map(([, , reason]) => reason);
const sortedKeys = (keys: Key[]): string[] => keys.map(String).sort();

describe('markStale: visibility', () => {
  it('hides every entry of the tag from reads, iteration and tag queries at once, without removing anything', () => {
    const { cache, removals } = recordingCache({ maxEntries: 10 });
    cache
      .set('a', 'A', { tags: ['t', 'x'] })
      .set('b', 'B', { tags: ['t'] })
      .set('c', 'C', { tags: ['u'] })
      .set('d', 'D');
    expect(cache.markStale('t')).toBe(2);

    // Nothing reclaimed yet: stale entries stay in memory and in size.
    expect(removals).toEqual([]);
    expect(cache.size).toBe(4);
    expect(cache.stats()).toMatchObject({ staleEntries: 2, removedStale: 0, size: 4 });

    // Iteration, dump and tag queries (none of which reclaims) skip them.
    expect([...cache.keys()]).toEqual(['d', 'c']);
    expect([...cache.values()]).toEqual(['D', 'C']);
    expect([...cache.entries()]).toEqual([
      ['d', 'D'],
      ['c', 'C'],
    ]);
    expect([...cache]).toEqual([
      ['d', 'D'],
      ['c', 'C'],
    ]);
    expect(cache.dump()).toEqual([
      ['c', 'C', { tags: ['u'], ttlRemaining: null }],
      ['d', 'D', { tags: [], ttlRemaining: null }],
    ]);
    expect([cache.countByTag('t'), cache.countByTag('x'), cache.countByTag('u')]).toEqual([0, 0, 1]);
    expect([cache.keysByTag('t'), cache.keysByTag('x'), cache.keysByTag('u')]).toEqual([[], [], ['c']]);
    expect(cache.tagStats('t').entries).toBe(0);
    expect(cache.tagStats('x').entries).toBe(0);
    expect(removals).toEqual([]);
    expectIntact(cache);

    // Point reads do not see them either (and reclaim them).
    expect(cache.get('a')).toBeUndefined();
    expect(cache.peek('b')).toBeUndefined();
    expect([cache.get('c'), cache.get('d')]).toEqual(['C', 'D']);
    expect(removals).toEqual([
      ['a', 'A', 'stale'],
      ['b', 'B', 'stale'],
    ]);
    expect(cache.stats()).toMatchObject({ staleEntries: 0, removedStale: 2, size: 2 });
    expectIntact(cache);
  });

  it('returns 0 for an unknown tag, an empty array, or a tag whose entries are all stale already', () => {
    const { cache, removals } = recordingCache({ maxEntries: 10 });
    cache.set('a', 1, { tags: ['t'] }).set('b', 2, { tags: ['u'] });
    expect(cache.markStale('unknown')).toBe(0);
    expect(cache.markStale([])).toBe(0);
    expect(cache.markStale(['unknown', 'other'])).toBe(0);
    expect(cache.stats().staleEntries).toBe(0);
    expect([...cache.keys()]).toEqual(['b', 'a']);
    expect(cache.markStale('t')).toBe(1);
    expect(cache.markStale('t')).toBe(0);
    expect(cache.markStale(['t', 't'])).toBe(0);
    expect(cache.stats().staleEntries).toBe(1);
    expect([...cache.keys()]).toEqual(['b']);
    expect(removals).toEqual([]);
    expectIntact(cache);
  });

  it('counts an entry carrying several of the given tags once', () => {
    const { cache } = recordingCache({ maxEntries: 10 });
    cache
      .set('xy', 1, { tags: ['x', 'y'] })
      .set('x', 2, { tags: ['x'] })
      .set('y', 3, { tags: ['y'] });
    cache
      .set('xyz', 4, { tags: ['x', 'y', 'z'] })
      .set('z', 5, { tags: ['z'] })
      .set('none', 6);
    expect(cache.markStale(['x', 'y', 'x', 'unknown'])).toBe(4);
    expect(cache.stats().staleEntries).toBe(4);
    expect(cache.countByTag('z')).toBe(1);
    expect(cache.keysByTag('z')).toEqual(['z']);
    expect(sortedKeys([...cache.keys()])).toEqual(['none', 'z']);
    expect(cache.markStale(['y', 'z'])).toBe(1);
    expect(cache.stats().staleEntries).toBe(5);
    expectIntact(cache);
  });

  it('does not count entries already stale through another of their tags, and other tags no longer count them', () => {
    const { cache } = recordingCache({ maxEntries: 10 });
    cache
      .set('e1', 1, { tags: ['x', 'y'] })
      .set('e2', 2, { tags: ['y', 'x'] })
      .set('e3', 3, { tags: ['y'] });
    cache.set('e4', 4, { tags: ['y', 'z'] }).set('e5', 5, { tags: ['z'] });
    expect(cache.markStale('x')).toBe(2);
    expect(cache.countByTag('y')).toBe(2);
    expect(sortedKeys(cache.keysByTag('y'))).toEqual(['e3', 'e4']);
    expect(cache.tagStats('y').entries).toBe(2);
    expect(cache.countByTag('z')).toBe(2);
    expectIntact(cache);

    expect(cache.markStale('y')).toBe(2); // e3, e4: e1 and e2 were stale already
    expect(cache.countByTag('z')).toBe(1);
    expect(cache.keysByTag('z')).toEqual(['e5']);
    expect(cache.markStale('z')).toBe(1); // e5 only
    expect(cache.markStale(['x', 'y', 'z'])).toBe(0);
    expect(cache.stats().staleEntries).toBe(5);
    expect(cache.size).toBe(5);
    expect([...cache.keys()]).toEqual([]);
    expectIntact(cache);

    expect(cache.purgeExpired()).toBe(5);
    expect(cache.size).toBe(0);
    expectIntact(cache);
  });

  it('an entry set with the tag afterwards is fresh, and only it is counted by the next markStale', () => {
    const { cache, removals } = recordingCache({ maxEntries: 100 });
    for (let index = 0; index < 10; index++) cache.set(`old${index}`, index, { tags: ['t'] });
    expect(cache.markStale('t')).toBe(10);
    cache.set('new', 'N', { tags: ['t'] });
    expect(cache.get('new')).toBe('N');
    expect(cache.countByTag('t')).toBe(1);
    expect(cache.keysByTag('t')).toEqual(['new']);
    expect(cache.markStale('t')).toBe(1);
    expect(cache.has('new')).toBe(false);
    expect(removals.filter(([key]) => key === 'new')).toEqual([['new', 'N', 'stale']]);
    expectIntact(cache);
  });

  it('re-setting a stale key stores a fresh entry and reports the old value as stale, not as set', () => {
    const { cache, removals } = recordingCache({ maxEntries: 10 });
    cache.set('k', 'old', { tags: ['t', 'u'] }).set('other', 'o', { tags: ['u'] });
    expect(cache.markStale('t')).toBe(1);
    cache.set('k', 'new', { tags: ['t'] });
    expect(removals).toEqual([['k', 'old', 'stale']]);
    expect(cache.get('k')).toBe('new');
    expect(cache.tagsOf('k')).toEqual(['t']);
    expect(cache.countByTag('t')).toBe(1);
    expect(cache.countByTag('u')).toBe(1);
    expect(cache.stats()).toMatchObject({ staleEntries: 0, removedStale: 1, size: 2 });
    expectIntact(cache);
  });
});

describe('markStale: reclamation', () => {
  type Op = [string, (cache: TagCache<Key, unknown>) => unknown, unknown];
  const lookups: Op[] = [
    ['get', (cache) => cache.get('k'), undefined],
    ['peek', (cache) => cache.peek('k'), undefined],
    ['has', (cache) => cache.has('k'), false],
    ['delete', (cache) => cache.delete('k'), false],
    ['tagsOf', (cache) => cache.tagsOf('k'), []],
    ['ttlRemaining', (cache) => cache.ttlRemaining('k'), undefined],
  ];

  it.each(lookups)('%s of a stale key drops it, reported once as stale', (_name, call, expected) => {
    const { cache, removals } = recordingCache({ maxEntries: 10 });
    cache.set('k', 'V', { tags: ['t'] }).set('other', 'O', { tags: ['u'] });
    cache.markStale('t');
    expect(call(cache)).toEqual(expected);
    expect(removals).toEqual([['k', 'V', 'stale']]);
    expect(cache.stats()).toMatchObject({ size: 1, staleEntries: 0, removedStale: 1, deletes: 0, expirations: 0, evictions: 0 });
    expect(call(cache)).toEqual(expected); // now simply absent
    expect(removals).toHaveLength(1);
    expect(cache.get('other')).toBe('O');
    expectIntact(cache);
  });

  it('sweeps two stale entries per set while any are held, never a live one', () => {
    const { cache, removals } = recordingCache({ maxEntries: 100 });
    for (let index = 0; index < 9; index++) cache.set(`s${index}`, index, { tags: ['t'] });
    cache.set('live', 'L', { tags: ['u'] });
    expect(cache.markStale('t')).toBe(9);
    cache.set('n0', 0);
    expect(cache.stats()).toMatchObject({ staleEntries: 7, removedStale: 2, size: 9 });
    expect(removals).toHaveLength(2);
    for (let index = 1; index <= 3; index++) cache.set(`n${index}`, index);
    expect(cache.stats()).toMatchObject({ staleEntries: 1, removedStale: 8, size: 6 });
    cache.set('n4', 4);
    expect(cache.stats()).toMatchObject({ staleEntries: 0, removedStale: 9, size: 6 });
    cache.set('n5', 5);
    expect(cache.size).toBe(7);
    expect(removals).toHaveLength(9);
    expect(reasonsOf(removals).every((reason) => reason === 'stale')).toBe(true);
    expect(sortedKeys(removals.map(([key]) => key))).toEqual(sortedKeys(Array.from({ length: 9 }, (_, index) => `s${index}`)));
    expect(sortedKeys([...cache.keys()])).toEqual(['live', 'n0', 'n1', 'n2', 'n3', 'n4', 'n5']);
    expectIntact(cache);
  });

  it('purgeExpired removes every stale entry and returns how many', () => {
    const { cache, removals } = recordingCache({ maxEntries: 10_000 });
    for (let index = 0; index < 9000; index++) cache.set(index, index, { tags: [index % 3 === 0 ? 'keep' : 'drop'] });
    expect(cache.markStale('drop')).toBe(6000);
    expect(cache.size).toBe(9000);
    expect(cache.purgeExpired()).toBe(6000);
    expect(cache.stats()).toMatchObject({ size: 3000, staleEntries: 0, removedStale: 6000 });
    expect(removals).toHaveLength(6000);
    expect(removals.every(([key, value, reason]) => key === value && (key as number) % 3 !== 0 && reason === 'stale')).toBe(true);
    expect(cache.purgeExpired()).toBe(0);
    expect(cache.countByTag('keep')).toBe(3000);
    expectIntact(cache);
  });

  it('bulkRemove removes stale members too, counting only the live ones', () => {
    const { cache, removals } = recordingCache({ maxEntries: 100 });
    cache
      .set('a', 'A', { tags: ['t', 's'] })
      .set('b', 'B', { tags: ['t'] })
      .set('c', 'C', { tags: ['s'] })
      .set('d', 'D');
    expect(cache.markStale('s')).toBe(2);
    expect(cache.bulkRemove('t')).toBe(1);
    expect(removals).toEqual(
      expect.arrayContaining([
        ['a', 'A', 'stale'],
        ['b', 'B', 'tag'],
      ]),
    );
    expect(removals).toHaveLength(2);
    expect(cache.stats()).toMatchObject({ removedByTag: 1, removedStale: 1, staleEntries: 1, size: 2 });
    expect(cache.bulkRemove(['s', 'unknown'])).toBe(0); // c was stale
    expect(removals[2]).toEqual(['c', 'C', 'stale']);
    expect(cache.stats()).toMatchObject({ removedByTag: 1, removedStale: 2, staleEntries: 0, size: 1 });
    expect([...cache.keys()]).toEqual(['d']);
    expectIntact(cache);
  });

  it('bulkRemove of a tag with stale and fresh members (stale generation first, fresh set after)', () => {
    const { cache, removals } = recordingCache({ maxEntries: 100 });
    for (let index = 0; index < 20; index++) cache.set(index, index, { tags: ['t'] });
    expect(cache.markStale('t')).toBe(20);
    cache.set('fresh', 'F', { tags: ['t'] }); // sweeps 2 of the 20
    expect(cache.stats().staleEntries).toBe(18);
    expect(cache.bulkRemove('t')).toBe(1);
    expect(removals.filter(([, , reason]) => reason === 'tag')).toEqual([['fresh', 'F', 'tag']]);
    expect(removals.filter(([, , reason]) => reason === 'stale')).toHaveLength(20);
    expect(cache.stats()).toMatchObject({ size: 0, staleEntries: 0, removedStale: 20, removedByTag: 1 });
    expectIntact(cache);
  });

  it('clear reports stale entries as stale and forgets them', () => {
    const { cache, removals } = recordingCache({ maxEntries: 10 });
    cache.set('a', 1, { tags: ['t'] }).set('b', 2);
    cache.markStale('t');
    cache.clear();
    expect(removals).toEqual(
      expect.arrayContaining([
        ['a', 1, 'stale'],
        ['b', 2, 'clear'],
      ]),
    );
    expect(removals).toHaveLength(2);
    expect(cache.stats()).toMatchObject({ size: 0, staleEntries: 0, removedStale: 1 });
    cache.set('a', 3, { tags: ['t'] });
    expect(cache.get('a')).toBe(3);
    expect(cache.markStale('t')).toBe(1);
    expectIntact(cache);
  });
});

describe('markStale: eviction takes stale entries first', () => {
  it('maxEntries: a stale entry is evicted (as stale) before the least recent live one', () => {
    const { cache, removals } = recordingCache({ maxEntries: 3 });
    cache
      .set('b', 'B')
      .set('c', 'C')
      .set('a', 'A', { tags: ['t'] }); // a is the most recent
    expect(cache.markStale('t')).toBe(1);
    cache.set('d', 'D');
    expect(removals).toEqual([['a', 'A', 'stale']]);
    expect([...cache.keys()]).toEqual(['d', 'c', 'b']);
    expect(cache.stats()).toMatchObject({ evictions: 0, removedStale: 1, staleEntries: 0, size: 3 });
    cache.set('e', 'E'); // now an ordinary LRU eviction
    expect(removals[1]).toEqual(['b', 'B', 'evict']);
    expectIntact(cache);
  });

  it('maxEntries: with several stale entries, no live entry is evicted while a stale one is held', () => {
    const { cache, removals } = recordingCache({ maxEntries: 5 });
    cache
      .set('live1', 1)
      .set('s1', 's', { tags: ['t'] })
      .set('s2', 's', { tags: ['t'] })
      .set('s3', 's', { tags: ['t'] })
      .set('live2', 2);
    expect(cache.markStale('t')).toBe(3);
    cache.set('n1', 'n'); // evicts one stale entry, sweeps the other two
    expect(reasonsOf(removals)).toEqual(['stale', 'stale', 'stale']);
    expect(sortedKeys(removals.map(([key]) => key))).toEqual(['s1', 's2', 's3']);
    cache.set('n2', 'n').set('n3', 'n');
    expect(removals).toHaveLength(3);
    expect([...cache.keys()]).toEqual(['n3', 'n2', 'n1', 'live2', 'live1']);
    cache.set('n4', 'n');
    expect(removals[3]).toEqual(['live1', 1, 'evict']);
    expectIntact(cache);
  });

  it('maxEntries: a stale entry whose TTL ran out too is evicted as expired', () => {
    const { cache, removals, clock } = recordingCache({ maxEntries: 2 });
    cache.set('b', 'B').set('a', 'A', { tags: ['t'], ttl: 5 });
    cache.markStale('t');
    clock.time = 10;
    cache.set('c', 'C');
    expect(removals).toEqual([['a', 'A', 'expire']]);
    expect(cache.stats()).toMatchObject({ expirations: 1, removedStale: 0, evictions: 0, staleEntries: 0 });
    expect([...cache.keys()]).toEqual(['c', 'b']);
    expectIntact(cache);
  });

  it('maxSize: stale entries are evicted first, then the least recent live ones', () => {
    const { cache, removals } = recordingCache({ maxEntries: 100, maxSize: 10, sizeOf: (value) => value as number });
    cache.set('b', 3).set('a', 5, { tags: ['t'] }); // a is the most recent
    expect(cache.markStale('t')).toBe(1);
    cache.set('c', 4); // 12 > 10: the stale a goes, not the least recent b
    expect(removals).toEqual([['a', 5, 'stale']]);
    expect(cache.stats()).toMatchObject({ totalSize: 7, evictions: 0, removedStale: 1, size: 2 });
    expect([...cache.keys()]).toEqual(['c', 'b']);
    expectIntact(cache);

    cache.set('d', 1, { tags: ['u'] });
    expect(cache.markStale('u')).toBe(1);
    cache.set('e', 5); // 3 + 4 + 1 + 5 = 13: the stale d (1) is not enough, then b (least recent) goes
    expect(removals.slice(1)).toEqual([
      ['d', 1, 'stale'],
      ['b', 3, 'evict'],
    ]);
    expect(cache.stats()).toMatchObject({ totalSize: 9, evictions: 1, removedStale: 2, size: 2 });
    expect([...cache.keys()]).toEqual(['e', 'c']);
    expectIntact(cache);
  });

  it('maxSize: the sizes of swept and purged stale entries are released', () => {
    const { cache } = recordingCache({ maxEntries: 100, maxSize: 100, sizeOf: (value) => value as number });
    for (let index = 0; index < 10; index++) cache.set(index, 10, { tags: ['t'] });
    expect(cache.stats().totalSize).toBe(100);
    cache.markStale('t');
    expect(cache.stats().totalSize).toBe(100); // held until reclaimed
    cache.set('x', 1); // evicts one stale entry (101 > 100), sweeps two more
    expect(cache.stats()).toMatchObject({ totalSize: 71, staleEntries: 7, evictions: 0 });
    cache.purgeExpired();
    expect(cache.stats()).toMatchObject({ totalSize: 1, staleEntries: 0, size: 1 });
    expectIntact(cache);
  });
});

describe('markStale with TTLs (fake clock)', () => {
  it('counts entries whose TTL ran out but were not yet removed; they are then reported as expired', () => {
    const { cache, removals, clock } = recordingCache({ maxEntries: 10 });
    cache
      .set('short', 'S', { tags: ['t'], ttl: 10 })
      .set('long', 'L', { tags: ['t'], ttl: 1000 })
      .set('never', 'N', { tags: ['t'] });
    clock.time = 20;
    expect(cache.markStale('t')).toBe(3);
    expect(cache.stats().staleEntries).toBe(3);
    expect(cache.get('short')).toBeUndefined();
    expect(cache.get('long')).toBeUndefined();
    expect(removals).toEqual([
      ['short', 'S', 'expire'],
      ['long', 'L', 'stale'],
    ]);
    expect(cache.stats()).toMatchObject({ expirations: 1, removedStale: 1, staleEntries: 1, misses: 2 });
    expectIntact(cache);
  });

  it('purgeExpired returns expired plus stale removed, each with its reason', () => {
    const { cache, removals, clock } = recordingCache({ maxEntries: 10 });
    cache.set('expired', 1, { tags: ['u'], ttl: 5 });
    cache.set('stale', 2, { tags: ['t'] });
    cache.set('both', 3, { tags: ['t'], ttl: 5 });
    cache.set('staleLater', 4, { tags: ['t'], ttl: 100 });
    cache.set('live', 5, { tags: ['u'], ttl: 100 });
    expect(cache.markStale('t')).toBe(3);
    clock.time = 50;
    expect(cache.purgeExpired()).toBe(4);
    expect(removals).toHaveLength(4);
    expect(removals).toEqual(
      expect.arrayContaining([
        ['expired', 1, 'expire'],
        ['stale', 2, 'stale'],
        ['both', 3, 'expire'],
        ['staleLater', 4, 'stale'],
      ]),
    );
    expect(cache.stats()).toMatchObject({ expirations: 2, removedStale: 2, staleEntries: 0, size: 1 });
    expect([...cache.keys()]).toEqual(['live']);
    expectIntact(cache);
  });

  it('a fresh entry set with the tag after markStale expires normally', () => {
    const { cache, removals, clock } = recordingCache({ maxEntries: 10 });
    cache.set('a', 1, { tags: ['t'], ttl: 10 });
    cache.markStale('t');
    cache.set('a', 2, { tags: ['t'], ttl: 10 });
    expect(removals).toEqual([['a', 1, 'stale']]);
    clock.time = 9;
    expect(cache.get('a')).toBe(2);
    expect(cache.ttlRemaining('a')).toBe(1);
    expect(cache.countByTag('t')).toBe(1);
    clock.time = 10;
    expect(cache.countByTag('t')).toBe(0);
    expect(cache.get('a')).toBeUndefined();
    expect(removals[1]).toEqual(['a', 2, 'expire']);
    expectIntact(cache);
  });

  it('countByTag and keysByTag leave out both expired and stale entries', () => {
    const { cache, clock } = recordingCache({ maxEntries: 10 });
    cache
      .set('e1', 1, { tags: ['x', 'y'], ttl: 5 })
      .set('e2', 2, { tags: ['x', 'y'] })
      .set('e3', 3, { tags: ['y'] });
    cache.set('e4', 4, { tags: ['y'], ttl: 100 });
    cache.markStale('x');
    clock.time = 50;
    expect(cache.countByTag('y')).toBe(2);
    expect(sortedKeys(cache.keysByTag('y'))).toEqual(['e3', 'e4']);
    clock.time = 100;
    expect(cache.countByTag('y')).toBe(1);
    expect(cache.keysByTag('y')).toEqual(['e3']);
    expect(cache.markStale('y')).toBe(2); // e3 and the expired e4; e1 and e2 were stale already
    expectIntact(cache);
  });

  it('the sweep reports stale entries whose TTL ran out as expired', () => {
    const { cache, removals, clock } = recordingCache({ maxEntries: 10 });
    cache.set('a', 1, { tags: ['t'], ttl: 5 }).set('b', 2, { tags: ['t'] });
    cache.markStale('t');
    clock.time = 10;
    cache.set('c', 3);
    expect(removals).toEqual(
      expect.arrayContaining([
        ['a', 1, 'expire'],
        ['b', 2, 'stale'],
      ]),
    );
    expect(removals).toHaveLength(2);
    expect(cache.stats()).toMatchObject({ expirations: 1, removedStale: 1, staleEntries: 0, size: 1 });
    expectIntact(cache);
  });
});

describe('markStale: counters and gauges', () => {
  it('size includes stale entries until reclaimed; staleEntries and removedStale track them; resetStats keeps the gauge', () => {
    const { cache } = recordingCache({ maxEntries: 100 });
    for (let index = 0; index < 10; index++) cache.set(index, index, { tags: [index < 6 ? 'a' : 'b'] });
    expect(cache.stats()).toMatchObject({ size: 10, staleEntries: 0, removedStale: 0 });
    cache.markStale('a');
    expect(cache.stats()).toMatchObject({ size: 10, staleEntries: 6, removedStale: 0 });
    expect(cache.size).toBe(10);
    cache.get(0);
    cache.has(1);
    expect(cache.stats()).toMatchObject({ size: 8, staleEntries: 4, removedStale: 2 });
    cache.resetStats();
    expect(cache.stats()).toMatchObject({ size: 8, staleEntries: 4, removedStale: 0 });
    cache.markStale('b');
    expect(cache.stats()).toMatchObject({ size: 8, staleEntries: 8 });
    expect(cache.purgeExpired()).toBe(8);
    expect(cache.stats()).toMatchObject({ size: 0, staleEntries: 0, removedStale: 8 });
    expectIntact(cache);
  });

  it('without onRemove (no batch), reclamation still counts and frees everything', () => {
    const cache = new TagCache<number, number>({ maxEntries: 10_000 });
    for (let index = 0; index < 10_000; index++) cache.set(index, index, { tags: ['t', `m${index % 2}`] });
    expect(cache.markStale('m1')).toBe(5000);
    expect(cache.countByTag('t')).toBe(5000);
    expect(cache.bulkRemove('t')).toBe(5000);
    expect(cache.stats()).toMatchObject({ size: 0, staleEntries: 0, removedStale: 5000, removedByTag: 5000 });
    expectIntact(cache);
  });
});

describe('markStale: load guard (getOrSet)', () => {
  it('a load in flight with one of the tags resolves its callers but is not stored', async () => {
    const { cache } = recordingCache({ maxEntries: 10 });
    const { loader, calls } = controlledLoader<Key, string>();
    const load = track(cache.getOrSet('k', loader, { tags: ['t', 'u'] }));
    const other = track(cache.getOrSet('j', loader, { tags: ['v'] }));
    expect(cache.markStale(['unknown', 'u'])).toBe(0);
    calls[0]!.result.resolve('loaded');
    calls[1]!.result.resolve('other');
    await new Promise((resolve) => setImmediate(resolve));
    expect(load).toEqual({ status: 'fulfilled', value: 'loaded' });
    expect(other).toEqual({ status: 'fulfilled', value: 'other' });
    expect(cache.has('k')).toBe(false);
    expect(cache.get('j')).toBe('other'); // another tag: stored
    // The next call loads afresh.
    const again = cache.getOrSet('k', loader, { tags: ['t'] });
    expect(calls).toHaveLength(3);
    calls[2]!.result.resolve('reloaded');
    await expect(again).resolves.toBe('reloaded');
    expect(cache.get('k')).toBe('reloaded');
    expectIntact(cache);
  });

  it('a load of a key whose entry is stale loads afresh and stores the new value', async () => {
    const { cache, removals } = recordingCache({ maxEntries: 10 });
    cache.set('k', 'old', { tags: ['t'] });
    cache.markStale('t');
    const { loader, calls } = controlledLoader<Key, string>();
    const load = cache.getOrSet('k', loader, { tags: ['t'] });
    expect(calls).toHaveLength(1);
    expect(removals).toEqual([['k', 'old', 'stale']]);
    calls[0]!.result.resolve('new');
    await expect(load).resolves.toBe('new');
    expect(cache.get('k')).toBe('new');
    expect(cache.countByTag('t')).toBe(1);
    expectIntact(cache);
  });
});

describe('markStale', () => {
  it.skip('costs O(1) per tag whatever its size (a timing property: covered by the benchmarks, not asserted here)', () => {});
});

describe('markStale against a model (seeded random operations)', () => {
  interface ModelEntry {
    value: number;
    tags: string[];
  }
  const TAG_NAMES = ['a', 'b', 'c', 'd', 'e'];

  it.each([1, 2, 3, 4, 5, 6])('seed %i', async (seed) => {
    const random = seededRandom(seed);
    const { cache, removals } = recordingCache({ maxEntries: 1000 });
    const live = new Map<Key, ModelEntry>();
    const stale = new Map<Key, ModelEntry>();
    let nextValue = 0;
    const randomTags = (): string[] => TAG_NAMES.filter(() => random() < 0.35);
    const carries = (entry: ModelEntry, tags: string[]) => entry.tags.some((tag) => tags.includes(tag));

    for (let step = 0; step < 400; step++) {
      removals.length = 0;
      const key: Key = Math.floor(random() * 30);
      const roll = random();
      const context = `seed ${seed} step ${step}`;
      let expectedTagRemovals: Removal[] = [];
      if (roll < 0.4) {
        const value = nextValue++;
        const tags = randomTags();
        const old = live.get(key);
        cache.set(key, value, { tags });
        if (old !== undefined) expect(removals, context).toContainEqual([key, old.value, 'set']);
        live.set(key, { value, tags });
        // the stale entry of this key (if any) and up to two others are reclaimed: checked below
      } else if (roll < 0.55) {
        expect(cache.get(key), context).toBe(live.get(key)?.value);
      } else if (roll < 0.62) {
        expect(cache.delete(key), context).toBe(live.has(key));
        const old = live.get(key);
        if (old !== undefined) expect(removals, context).toContainEqual([key, old.value, 'delete']);
        live.delete(key);
      } else if (roll < 0.82) {
        const tags = randomTags();
        const made = [...live].filter(([, entry]) => carries(entry, tags));
        expect(cache.markStale(tags), context).toBe(made.length);
        for (const [madeKey, entry] of made) {
          live.delete(madeKey);
          stale.set(madeKey, entry);
        }
      } else if (roll < 0.9) {
        const tags = [pick(random, TAG_NAMES)];
        const removed = [...live].filter(([, entry]) => carries(entry, tags));
        expectedTagRemovals = removed.map(([removedKey, entry]) => [removedKey, entry.value, 'tag']);
        const staleRemoved = [...stale].filter(([, entry]) => carries(entry, tags));
        expect(cache.bulkRemove(tags), context).toBe(removed.length);
        for (const [removedKey] of removed) live.delete(removedKey);
        for (const [removedKey, entry] of staleRemoved) expect(removals, context).toContainEqual([removedKey, entry.value, 'stale']);
      } else if (roll < 0.95) {
        const tags = [pick(random, TAG_NAMES)];
        const made = [...live].filter(([, entry]) => carries(entry, tags));
        expect(await cache.bulkRemoveAsync(tags, { sliceMs: 0.05 }), context).toBe(made.length);
        for (const [madeKey, entry] of made) {
          live.delete(madeKey);
          stale.set(madeKey, entry);
        }
        // Resolved only once every entry of the tags, made stale now or before, was removed.
        for (const [staleKey, entry] of stale) {
          if (carries(entry, tags)) expect(removals, context).toContainEqual([staleKey, entry.value, 'stale']);
        }
      } else {
        expect(cache.purgeExpired(), context).toBe(stale.size);
      }

      // Every removal reported must be explained by the model; stale ones leave the model's stale set.
      for (const removal of removals) {
        const [removedKey, value, reason] = removal;
        if (reason === 'stale') {
          expect(stale.get(removedKey)?.value, `${context}: ${JSON.stringify(removal)}`).toBe(value);
          stale.delete(removedKey);
        } else if (reason === 'tag') {
          expect(expectedTagRemovals, context).toContainEqual(removal);
        } else {
          expect(['set', 'delete'], `${context}: ${JSON.stringify(removal)}`).toContain(reason);
        }
      }
      expect(
        removals.filter(([, , reason]) => reason === 'tag'),
        context,
      ).toHaveLength(expectedTagRemovals.length);
      // A key set anew cannot still have a stale entry.
      for (const liveKey of live.keys()) expect(stale.has(liveKey), `${context}: key ${liveKey} is both live and stale`).toBe(false);

      expect(cache.stats().staleEntries, context).toBe(stale.size);
      expect(cache.size, context).toBe(live.size + stale.size);
      expect(sortedKeys([...cache.keys()]), context).toEqual(sortedKeys([...live.keys()]));
      for (const tag of TAG_NAMES) {
        const expected = [...live].filter(([, entry]) => entry.tags.includes(tag)).map(([liveKey]) => liveKey);
        expect(cache.countByTag(tag), `${context} countByTag(${tag})`).toBe(expected.length);
        expect(sortedKeys(cache.keysByTag(tag)), `${context} keysByTag(${tag})`).toEqual(sortedKeys(expected));
      }
      expectIntact(cache);
    }
  });
});
