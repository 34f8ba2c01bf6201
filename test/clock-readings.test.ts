// Every operation reads the clock at most once, so no operation sees two
// times: ttlRemaining is never negative for an entry it treats as live, and
// an entry judged live by a lookup is not judged expired by the same call.
import { describe, expect, it } from 'vitest';
import { TagCache } from '../src/tag-cache';
import { useDebugBuild } from './support/setup';

useDebugBuild();

describe('clock readings', () => {
  it('ttlRemaining is never negative with a clock that ticks on every reading', () => {
    let t = 0;
    const cache = new TagCache<string, number>({ maxEntries: 10, now: () => (t += 1) });
    cache.set('a', 1, { ttl: 1.5 });
    const remaining = cache.ttlRemaining('a');
    expect(remaining === undefined || remaining >= 0).toBe(true);
    for (let ttl = 0.25; ttl < 6; ttl += 0.25) {
      cache.set('b', 2, { ttl });
      const left = cache.ttlRemaining('b');
      if (left !== undefined) expect(left).toBeGreaterThanOrEqual(0);
    }
  });

  it('each public operation reads the clock at most once', async () => {
    let readings = 0;
    let time = 0;
    const cache = new TagCache<string, number>({
      maxEntries: 8,
      now: () => {
        readings++;
        return time;
      },
    });
    const operations: [string, () => unknown][] = [
      ['set', () => cache.set('a', 1, { ttl: 10, tags: ['t'] })],
      ['set (replace)', () => cache.set('a', 2, { ttl: 10, tags: ['t'] })],
      ['get', () => cache.get('a')],
      ['get (expired)', () => ((time = 100), cache.get('a'))],
      ['set b', () => ((time = 0), cache.set('b', 1, { ttl: 10, tags: ['t', 'u'] }))],
      ['peek', () => cache.peek('b')],
      ['has', () => cache.has('b')],
      ['ttlRemaining', () => cache.ttlRemaining('b')],
      ['tagsOf', () => cache.tagsOf('b')],
      ['countByTag', () => cache.countByTag('t')],
      ['keysByTag', () => cache.keysByTag('t')],
      ['tagStats', () => cache.tagStats('t')],
      ['dump', () => cache.dump()],
      ['markStale', () => cache.markStale('u')],
      ['get (stale)', () => cache.get('b')],
      ['load', () => cache.load([['c', 3, { tags: ['t'], ttlRemaining: 5 }]])],
      ['delete', () => cache.delete('c')],
      ['bulkRemove', () => cache.bulkRemove('t')],
      ['purgeExpired', () => cache.purgeExpired()],
      [
        'getOrSet (hit, with staleWhileRevalidate)',
        () => (cache.set('d', 4, { ttl: 10 }), (readings = 0), cache.getOrSet('d', () => 5, { ttl: 10, staleWhileRevalidate: 5 })),
      ],
      ['clear', () => cache.clear()],
    ];
    for (const [name, operation] of operations) {
      readings = 0;
      await operation();
      expect({ name, atMostOne: readings <= 1 }).toEqual({ name, atMostOne: true });
    }
    // Iteration reads once per step.
    cache.set('x', 1, { ttl: 10 }).set('y', 2, { ttl: 10 });
    readings = 0;
    const keys = [...cache.keys()];
    expect(keys).toEqual(['y', 'x']);
    expect(readings).toBeLessThanOrEqual(keys.length + 1);
  });
});
