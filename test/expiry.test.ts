// TTLs with an injected clock.
import { describe, expect, it } from 'vitest';
import { expectIntact, recordingCache, useDebugBuild } from './support/setup';

useDebugBuild();

describe('ttl', () => {
  it('expires an entry once now >= set time + ttl, without rounding', () => {
    const { cache, clock, removals } = recordingCache({ maxEntries: 10 });
    clock.time = 100;
    cache.set('a', 1, { ttl: 0.25 });
    clock.time = 100.2499;
    expect(cache.get('a')).toBe(1);
    clock.time = 100.25;
    expect(cache.has('a')).toBe(false);
    expect(cache.get('a')).toBeUndefined();
    expect(removals).toEqual([['a', 1, 'expire']]);
    expect(cache.size).toBe(0);
    expectIntact(cache);
  });

  it('applies the default ttl; per-set ttl overrides it; 0 and Infinity mean never', () => {
    const { cache, clock } = recordingCache({ maxEntries: 10, ttl: 10 });
    cache.set('default', 1).set('short', 2, { ttl: 5 }).set('never', 3, { ttl: 0 }).set('forever', 4, { ttl: Infinity });
    clock.time = 5;
    expect([...cache.keys()]).toEqual(['forever', 'never', 'default']);
    clock.time = 1e12;
    expect([...cache.keys()]).toEqual(['forever', 'never']);
  });

  it('never returns an expired entry from any method', () => {
    const { cache, clock } = recordingCache({ maxEntries: 10 });
    cache.set('a', 1, { ttl: 1, tags: ['t'] }).set('b', 2, { tags: ['t'] });
    clock.time = 1;
    expect(cache.peek('a')).toBeUndefined();
    expect(cache.tagsOf('a')).toEqual([]);
    expect(cache.keysByTag('t')).toEqual(['b']);
    expect(cache.countByTag('t')).toBe(1);
    expect([...cache.values()]).toEqual([2]);
    expect(cache.delete('a')).toBe(false);
  });

  it('size may count expired entries until purgeExpired', () => {
    const { cache, clock, removals } = recordingCache({ maxEntries: 10 });
    cache.set('a', 1, { ttl: 1 }).set('b', 2, { ttl: 2 }).set('c', 3);
    clock.time = 2;
    expect(cache.size).toBe(3);
    expect(cache.purgeExpired()).toBe(2);
    expect(cache.size).toBe(1);
    expect(removals.map((removal) => removal[2])).toEqual(['expire', 'expire']);
    expect(cache.purgeExpired()).toBe(0);
    expect(cache.stats().expirations).toBe(2);
    expectIntact(cache);
  });

  it('purges more expired entries than one core call handles', () => {
    const { cache, clock, removals } = recordingCache({ maxEntries: 10_000 });
    for (let index = 0; index < 10_000; index++) cache.set(index, index, { ttl: index % 3 === 0 ? 0 : 5 });
    clock.time = 5;
    expect(cache.purgeExpired()).toBe(6666);
    expect(cache.size).toBe(3334);
    expect(removals).toHaveLength(6666);
    expect(removals.every(([key, , reason]) => (key as number) % 3 !== 0 && reason === 'expire')).toBe(true);
    expectIntact(cache);
  });

  it('reports expired entries as expired whatever removes them', () => {
    const { cache, clock, removals } = recordingCache({ maxEntries: 2 });
    cache.set('a', 1, { ttl: 1, tags: ['t'] }).set('b', 2, { ttl: 1, tags: ['t'] });
    clock.time = 1;
    cache.set('c', 3); // evicts 'a', already expired
    cache.set('b', 22); // replaces 'b', already expired
    expect(removals).toEqual([
      ['a', 1, 'expire'],
      ['b', 2, 'expire'],
    ]);
    cache.set('d', 4, { tags: ['t'], ttl: 1 });
    clock.time = 3;
    expect(cache.bulkRemove('t')).toBe(0);
    expect(removals.at(-1)).toEqual(['d', 4, 'expire']);
    expect(cache.stats().removedByTag).toBe(0);
  });

  it('a replaced entry gets the new ttl', () => {
    const { cache, clock } = recordingCache({ maxEntries: 10 });
    cache.set('a', 1, { ttl: 1 });
    cache.set('a', 2);
    clock.time = 50;
    expect(cache.get('a')).toBe(2);
  });

  it('uses performance.now when no clock is given', () => {
    const { cache } = recordingCache({ maxEntries: 10, now: undefined });
    cache.set('a', 1, { ttl: 60_000 });
    expect(cache.get('a')).toBe(1);
  });
});
