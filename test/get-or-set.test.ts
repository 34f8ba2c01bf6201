// getOrSet: one loader call per key at a time, the load guard, failed
// loads, and the refresh window. Promises are settled by hand; the clock is fake.
import { describe, expect, it } from 'vitest';
import { TagCache } from '../src/tag-cache';
import { controlledLoader, deferred, settled, track } from './support/deferred';
import { expectIntact, recordingCache, useDebugBuild } from './support/setup';

useDebugBuild();

const unexpected = (): never => {
  throw new Error('this loader must not be called');
};

describe('getOrSet: loading', () => {
  it('loads a missing key once for all concurrent callers and stores the result with its tags and ttl', async () => {
    const { cache, clock } = recordingCache({ maxEntries: 10 });
    const { loader, calls } = controlledLoader<string | number, string>();
    const first = cache.getOrSet('k', loader, { tags: ['t1', 't2'], ttl: 100 });
    const second = cache.getOrSet('k', loader, { tags: ['other'] });
    const otherKey = cache.getOrSet('j', loader);
    expect(calls.map((call) => call.key)).toEqual(['k', 'j']);
    expect(cache.has('k')).toBe(false);
    calls[0]!.result.resolve('loaded');
    await expect(first).resolves.toBe('loaded');
    await expect(second).resolves.toBe('loaded');
    expect(cache.peek('k')).toBe('loaded');
    expect(cache.tagsOf('k')).toEqual(['t1', 't2']); // the options of the call that started the load
    clock.time = 99;
    expect(cache.ttlRemaining('k')).toBe(1);
    await expect(cache.getOrSet('k', unexpected)).resolves.toBe('loaded');
    calls[1]!.result.resolve('j-value');
    await expect(otherKey).resolves.toBe('j-value');
    expect(calls).toHaveLength(2);
    expectIntact(cache);
  });

  it('counts a hit or a miss like get, and applies the cache default ttl', async () => {
    const { cache, clock } = recordingCache({ maxEntries: 10, ttl: 50 });
    await cache.getOrSet('a', () => 'sync value');
    await cache.getOrSet('a', unexpected);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, sets: 1 });
    expect(cache.ttlRemaining('a')).toBe(50);
    clock.time = 50;
    expect(cache.has('a')).toBe(false);
  });

  it('passes the key as given to the loader; -0 and 0 share one load', async () => {
    const cache = new TagCache<number, string>({ maxEntries: 4 });
    const { loader, calls } = controlledLoader<number, string>();
    const minusZero = cache.getOrSet(-0, loader);
    const zero = cache.getOrSet(0, loader);
    expect(calls).toHaveLength(1);
    expect(Object.is(calls[0]!.key, -0)).toBe(true);
    calls[0]!.result.resolve('zero');
    expect([await minusZero, await zero]).toEqual(['zero', 'zero']);
    expect([...cache.keys()]).toEqual([0]);
  });

  it('rejects every caller of a rejected load, stores nothing, and tries again on the next call', async () => {
    const cache = new TagCache<string, string>({ maxEntries: 4 });
    const { loader, calls } = controlledLoader<string, string>();
    const first = cache.getOrSet('k', loader);
    const second = cache.getOrSet('k', loader);
    calls[0]!.result.reject(new Error('backend down'));
    await expect(first).rejects.toThrow('backend down');
    await expect(second).rejects.toThrow('backend down');
    expect(cache.has('k')).toBe(false);
    const retry = cache.getOrSet('k', loader);
    expect(calls).toHaveLength(2);
    calls[1]!.result.resolve('recovered');
    await expect(retry).resolves.toBe('recovered');
    expect(cache.get('k')).toBe('recovered');
  });

  it('turns a loader that throws synchronously into a rejection, and stores nothing', async () => {
    const cache = new TagCache<string, string>({ maxEntries: 4 });
    const result = cache.getOrSet('k', () => {
      throw new TypeError('bad request');
    });
    await expect(result).rejects.toThrow(TypeError);
    expect(cache.size).toBe(0);
    await expect(cache.getOrSet('k', () => 'second try')).resolves.toBe('second try');
  });

  it('passes a result of undefined on without storing it', async () => {
    const cache = new TagCache<string, string | undefined>({ maxEntries: 4 });
    await expect(cache.getOrSet('k', () => undefined)).resolves.toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('rejects the callers when the value cannot be stored, such as one larger than maxSize', async () => {
    const cache = new TagCache<string, string>({ maxEntries: 4, maxSize: 5, sizeOf: (value) => value.length });
    await expect(cache.getOrSet('k', () => 'far too long')).rejects.toThrow(RangeError);
    expect(cache.size).toBe(0);
    await expect(cache.getOrSet('k', () => 'short')).resolves.toBe('short');
  });

  it('lets a loader that reads its own key join its own load', async () => {
    const cache = new TagCache<string, string>({ maxEntries: 4 });
    const gate = deferred<string>();
    let inner: Promise<string> | undefined;
    const outer = cache.getOrSet('k', (key) => {
      inner = cache.getOrSet(key, unexpected);
      return gate.promise;
    });
    expect(inner).toBe(outer);
    gate.resolve('once');
    await expect(outer).resolves.toBe('once');
  });

  it('throws synchronously for bad arguments, without calling the loader or changing the cache', () => {
    const cache = new TagCache<string, string>({ maxEntries: 4 });
    const bad = (value: unknown): never => value as never;
    expect(() => cache.getOrSet(bad(NaN), unexpected)).toThrow(TypeError);
    expect(() => cache.getOrSet('k', bad('not a function'))).toThrow(/loader must be a function/);
    expect(() => cache.getOrSet('k', unexpected, bad(null))).toThrow(/options must be an object/);
    expect(() => cache.getOrSet('k', unexpected, { tags: bad(['']) })).toThrow(/options\.tags\[0\]/);
    expect(() => cache.getOrSet('k', unexpected, { ttl: -1 })).toThrow(RangeError);
    expect(() => cache.getOrSet('k', unexpected, { ttl: 10, staleWhileRevalidate: -1 })).toThrow(RangeError);
    expect(() => cache.getOrSet('k', unexpected, { ttl: 10, staleWhileRevalidate: Infinity })).toThrow(/staleWhileRevalidate/);
    expect(() => cache.getOrSet('k', unexpected, { staleWhileRevalidate: bad('5') })).toThrow(TypeError);
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 0, sets: 0, size: 0 });
  });
});

describe('getOrSet: the load guard', () => {
  type Cache = TagCache<string, string>;
  const invalidations: [string, (cache: Cache) => void, string | undefined][] = [
    ['a delete of the key (with no entry yet)', (cache) => cache.delete('k'), undefined],
    ['a set of the key', (cache) => cache.set('k', 'written'), 'written'],
    ['a bulkRemove of one of its tags', (cache) => cache.bulkRemove('t2'), undefined],
    ['a bulkRemove of several tags, one of them its', (cache) => cache.bulkRemove(['unrelated', 't1']), undefined],
    ['a clear', (cache) => cache.clear(), undefined],
    ['a markStale of one of its tags', (cache) => cache.markStale('t1'), undefined],
    ['a bulkRemoveAsync of one of its tags', (cache) => void cache.bulkRemoveAsync(['t2']), undefined],
    ['a bulkRemove of a level above one of its tags (tagSeparator)', (cache) => cache.bulkRemove('dir'), undefined],
    ['a markStale of a level above one of its tags (tagSeparator)', (cache) => cache.markStale('dir/sub'), undefined],
  ];

  it.each(invalidations)('%s while the loader runs: the callers get the result, the cache does not', async (_name, invalidate, after) => {
    const cache: Cache = new TagCache({ maxEntries: 10, tagSeparator: '/' });
    const { loader, calls } = controlledLoader<string, string>();
    const first = cache.getOrSet('k', loader, { tags: ['t1', 't2', 'dir/sub/file'] });
    const second = cache.getOrSet('k', loader);
    invalidate(cache);
    calls[0]!.result.resolve('loaded before the invalidation');
    await expect(first).resolves.toBe('loaded before the invalidation');
    await expect(second).resolves.toBe('loaded before the invalidation');
    expect(cache.peek('k')).toBe(after);
    expect(cache.tagsOf('k')).toEqual([]);
    expectIntact(cache);
  });

  it.each([
    ['a delete of another key', (cache: Cache) => cache.delete('other')],
    ['a set of another key', (cache: Cache) => cache.set('other', 'x', { tags: ['t1'] })],
    ['a bulkRemove of a tag the load does not carry', (cache: Cache) => cache.bulkRemove(['unrelated', 'other'])],
    ['a markStale of a tag the load does not carry, or of a level below its tag', (cache: Cache) => cache.markStale(['other', 't1/below'])],
    [
      'eviction and expiry of other entries',
      (cache: Cache) => {
        for (let index = 0; index < 5; index++) cache.set(`filler${index}`, 'x', { tags: ['t1'], ttl: 1 });
        cache.purgeExpired();
      },
    ],
  ])('%s is no invalidation: the result is stored', async (_name, unrelated) => {
    let time = 0;
    const cache: Cache = new TagCache({ maxEntries: 3, now: () => time, tagSeparator: '/' });
    const { loader, calls } = controlledLoader<string, string>();
    const result = cache.getOrSet('k', loader, { tags: ['t1', 't2'] });
    unrelated(cache);
    time = 1;
    calls[0]!.result.resolve('loaded');
    await result;
    expect(cache.peek('k')).toBe('loaded');
  });

  it('starts a fresh load for callers that come after the invalidation, and stores only that one', async () => {
    for (const order of ['stale first', 'fresh first'] as const) {
      const cache: Cache = new TagCache({ maxEntries: 10 });
      const { loader, calls } = controlledLoader<string, string>();
      const before = cache.getOrSet('k', loader);
      cache.delete('k');
      const after = cache.getOrSet('k', loader);
      expect(calls).toHaveLength(2);
      const [stale, fresh] = [calls[0]!.result, calls[1]!.result];
      if (order === 'stale first') stale.resolve('old data');
      fresh.resolve('new data');
      if (order === 'fresh first') stale.resolve('old data');
      expect([await before, await after]).toEqual(['old data', 'new data']);
      expect(cache.peek('k'), order).toBe('new data');
    }
  });

  it('a rejected load after an invalidation still rejects its callers and stores nothing', async () => {
    const cache: Cache = new TagCache({ maxEntries: 10 });
    const { loader, calls } = controlledLoader<string, string>();
    const result = cache.getOrSet('k', loader, { tags: ['t'] });
    cache.bulkRemove('t');
    calls[0]!.result.reject(new Error('failed'));
    await expect(result).rejects.toThrow('failed');
    expect(cache.size).toBe(0);
  });

  it('guards namespace and memoize loads too (their tags are ns:<name> and fn:<name>)', async () => {
    const cache = new TagCache<string, string>({ maxEntries: 10 });
    const users = cache.namespace('users');
    const gate = deferred<string>();
    const loaded = users.getOrSet(1, () => gate.promise);
    users.clear();
    gate.resolve('stale user');
    await expect(loaded).resolves.toBe('stale user');
    expect(users.has(1)).toBe(false);

    const slow = deferred<string>();
    const getReport = cache.memoize(async (id: number) => slow.promise.then((text) => `${text} ${id}`), { name: 'getReport' });
    const report = getReport(7);
    cache.bulkRemove('fn:getReport');
    slow.resolve('report');
    await expect(report).resolves.toBe('report 7');
    expect(cache.countByTag('fn:getReport')).toBe(0);
  });
});

describe('getOrSet: staleWhileRevalidate', () => {
  const options = { ttl: 100, staleWhileRevalidate: 50 };

  async function cacheWithValue() {
    const fixture = recordingCache({ maxEntries: 10 });
    const { loader, calls } = controlledLoader<string | number, string>();
    const first = fixture.cache.getOrSet('k', loader, options);
    calls[0]!.result.resolve('v1');
    await first;
    return { ...fixture, loader, calls };
  }

  it('returns the value without reloading while it is fresh, and stores it for ttl + window', async () => {
    const { cache, clock, loader, calls } = await cacheWithValue();
    expect(cache.ttlRemaining('k')).toBe(150);
    clock.time = 99.9;
    await expect(cache.getOrSet('k', loader, options)).resolves.toBe('v1');
    expect(calls).toHaveLength(1);
  });

  it('after the ttl, returns the old value at once while one background load refreshes it', async () => {
    const { cache, clock, loader, calls } = await cacheWithValue();
    clock.time = 100;
    await expect(cache.getOrSet('k', loader, options)).resolves.toBe('v1');
    expect(calls).toHaveLength(2);
    clock.time = 120;
    await expect(cache.getOrSet('k', loader, options)).resolves.toBe('v1'); // the reload is running: no second one
    expect(calls).toHaveLength(2);
    calls[1]!.result.resolve('v2');
    await settled();
    expect(cache.peek('k')).toBe('v2');
    expect(cache.ttlRemaining('k')).toBe(150); // stored at 120
    clock.time = 219;
    await expect(cache.getOrSet('k', loader, options)).resolves.toBe('v2');
    expect(calls).toHaveLength(2);
  });

  it('keeps the old value after a failed reload until the window ends, retrying meanwhile', async () => {
    const { cache, clock, loader, calls } = await cacheWithValue();
    clock.time = 110;
    await expect(cache.getOrSet('k', loader, options)).resolves.toBe('v1');
    calls[1]!.result.reject(new Error('reload failed')); // not an unhandled rejection
    await settled();
    expect(cache.peek('k')).toBe('v1');
    clock.time = 149.9;
    await expect(cache.getOrSet('k', loader, options)).resolves.toBe('v1');
    expect(calls).toHaveLength(3);
    calls[2]!.result.reject(new Error('still failing'));
    await settled();
    clock.time = 150;
    const waiting = track(cache.getOrSet('k', loader, options)); // expired: a miss waits for the load
    await settled();
    expect(waiting.status).toBe('pending');
    calls[3]!.result.resolve('v3');
    await settled();
    expect(waiting).toEqual({ status: 'fulfilled', value: 'v3' });
  });

  it('does not store a reload met by an invalidation', async () => {
    const { cache, clock, loader, calls } = await cacheWithValue();
    clock.time = 100;
    await cache.getOrSet('k', loader, options);
    cache.set('k', 'written meanwhile', { ttl: 1000 });
    calls[1]!.result.resolve('reloaded');
    await settled();
    expect(cache.peek('k')).toBe('written meanwhile');
  });

  it('lets a caller that misses once the entry expired join the background reload', async () => {
    const { cache, clock, loader, calls } = await cacheWithValue();
    clock.time = 140;
    await cache.getOrSet('k', loader, options);
    clock.time = 150;
    const joined = cache.getOrSet('k', loader, options);
    expect(calls).toHaveLength(2);
    calls[1]!.result.resolve('v2');
    await expect(joined).resolves.toBe('v2');
  });

  it('has no effect on entries that never expire', async () => {
    const { cache, clock } = recordingCache({ maxEntries: 10 });
    let loads = 0;
    const loader = (): string => `v${++loads}`;
    await cache.getOrSet('k', loader, { staleWhileRevalidate: 50 });
    await cache.getOrSet('never', loader, { ttl: 0, staleWhileRevalidate: 50 });
    clock.time = 1e9;
    await cache.getOrSet('k', loader, { staleWhileRevalidate: 50 });
    await cache.getOrSet('never', loader, { ttl: 0, staleWhileRevalidate: 50 });
    expect(loads).toBe(2);
    expect(cache.ttlRemaining('k')).toBe(Infinity);
  });
});
