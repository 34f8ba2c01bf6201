// slidingExpiry: a get hit renews its entry's TTL; peek, has and iteration do not.
import { describe, expect, it } from 'vitest';
import { expectIntact, recordingCache, useDebugBuild } from './support/setup';

useDebugBuild();

describe('slidingExpiry', () => {
  it('keeps an entry alive while it is read within its TTL, and lets it expire once reads stop', () => {
    const { cache, clock, removals } = recordingCache({ maxEntries: 10, slidingExpiry: true });
    cache.set('hot', 1, { ttl: 10 }).set('cold', 2, { ttl: 10 }).set('forever', 3);
    for (let time = 5; time <= 50; time += 5) {
      clock.time = time;
      expect(cache.get('hot')).toBe(1);
    }
    expect(cache.has('cold')).toBe(false); // expired at 10: never read
    expect(cache.ttlRemaining('hot')).toBe(10);
    clock.time = 55;
    expect(cache.peek('hot')).toBe(1); // peek does not renew
    clock.time = 60;
    expect(cache.get('hot')).toBeUndefined();
    expect(cache.get('forever')).toBe(3);
    expect(removals).toEqual([
      ['cold', 2, 'expire'],
      ['hot', 1, 'expire'],
    ]);
    expectIntact(cache);
  });

  it('renews with the TTL each entry was stored with, also through getOrSet, and not without the option', async () => {
    const { cache, clock } = recordingCache({ maxEntries: 10, slidingExpiry: true, ttl: 4 });
    cache.set('default', 1).set('own', 2, { ttl: 20 });
    clock.time = 3;
    expect([cache.get('default'), cache.get('own')]).toEqual([1, 2]);
    expect([cache.ttlRemaining('default'), cache.ttlRemaining('own')]).toEqual([4, 20]);
    clock.time = 6;
    expect(await cache.getOrSet('default', () => 9)).toBe(1);
    expect(cache.ttlRemaining('default')).toBe(4);
    const plain = recordingCache({ maxEntries: 10 });
    plain.cache.set('a', 1, { ttl: 10 });
    plain.clock.time = 5;
    plain.cache.get('a');
    expect(plain.cache.ttlRemaining('a')).toBe(5);
  });

  it('rejects a slidingExpiry that is not a boolean', () => {
    expect(() => recordingCache({ maxEntries: 1, slidingExpiry: 'yes' as never })).toThrow(/options\.slidingExpiry must be a boolean/);
  });
});
