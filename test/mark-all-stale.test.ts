// cache.markAllStale(): every entry current at the call becomes stale in O(1),
// reclaimed lazily like markStale's; loads in flight are not stored; listeners hear it.
import { describe, expect, it } from 'vitest';
import { controlledLoader } from './support/deferred';
import { expectIntact, recordingCache, useDebugBuild } from './support/setup';

useDebugBuild();

describe('markAllStale', () => {
  it('hides every entry at once, keeps later sets fresh, and reclaims lazily as stale', () => {
    const { cache, removals } = recordingCache({ maxEntries: 10 });
    cache
      .set('a', 1, { tags: ['t'] })
      .set('b', 2)
      .set('c', 3, { tags: ['t', 'u'] });
    expect(cache.markAllStale()).toBe(3);
    expect(cache.markAllStale()).toBe(0); // nothing new since
    cache.set('d', 4, { tags: ['t'] }); // sweeps two stale entries
    expect([cache.get('a'), cache.peek('b'), cache.has('c'), cache.get('d')]).toEqual([undefined, undefined, false, 4]);
    expect([cache.countByTag('t'), cache.keysByTag('t'), [...cache.keys()]]).toEqual([1, ['d'], ['d']]);
    expect(cache.purgeExpired()).toBeGreaterThanOrEqual(0);
    expect(cache.size).toBe(1);
    expect(removals.map(([key, , reason]) => `${key}:${reason}`).sort()).toEqual(['a:stale', 'b:stale', 'c:stale']);
    expect(cache.stats()).toMatchObject({ removedStale: 3, staleEntries: 0 });
    expectIntact(cache);
  });

  it('keeps a load in flight out of the cache and tells the listeners', async () => {
    const { cache } = recordingCache({ maxEntries: 10 });
    const heard: string[] = [];
    cache.addInvalidationListener({ key: () => {}, tags: () => {}, all: (cause) => heard.push(cause) });
    const { loader, calls } = controlledLoader<string | number, unknown>();
    const loading = cache.getOrSet('k', loader);
    cache.markAllStale();
    calls[0]!.result.resolve('raced');
    await expect(loading).resolves.toBe('raced');
    expect(cache.has('k')).toBe(false);
    expect(heard).toEqual(['markAllStale']);
  });
});
