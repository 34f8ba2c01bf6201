// memoize: results cached per call, tagged fn:<name>, invalidated by function;
// async functions go through getOrSet.
import { describe, expect, it } from 'vitest';
import { TagCache } from '../src/tag-cache';
import { controlledLoader, deferred } from './support/deferred';
import { expectIntact, useDebugBuild } from './support/setup';

useDebugBuild();

function counted<A extends unknown[], R>(fn: (...args: A) => R): { fn: (...args: A) => R; calls: A[] } {
  const calls: A[] = [];
  return { calls, fn: (...args: A) => (calls.push(args), fn(...args)) };
}

describe('memoize: sync functions', () => {
  it('calls the function once per distinct arguments and tags every entry fn:<name>', () => {
    const cache = new TagCache<string, unknown>({ maxEntries: 100 });
    const { fn: square, calls } = counted((x: number) => x * x);
    const memoized = cache.memoize(square, { name: 'square' });
    expect([memoized(3), memoized(3), memoized(4), memoized(3)]).toEqual([9, 9, 16, 9]);
    expect(calls).toEqual([[3], [4]]);
    expect(cache.countByTag('fn:square')).toBe(2);
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 2 });
    expectIntact(cache);
  });

  it('names the entries after fn.name by default', () => {
    const cache = new TagCache<string, unknown>({ maxEntries: 100 });
    function getAllTracks(album: string): string[] {
      return [`${album}-1`, `${album}-2`];
    }
    const memoized = cache.memoize(getAllTracks);
    memoized('a');
    memoized('b');
    expect(cache.countByTag('fn:getAllTracks')).toBe(2);
  });

  it('is invalidated by function with bulkRemove("fn:<name>") or a list of them', () => {
    const cache = new TagCache<string, unknown>({ maxEntries: 100 });
    const a = counted((x: number) => x + 1);
    const b = counted((x: number) => x + 2);
    const c = counted((x: number) => x + 3);
    const [memoA, memoB, memoC] = [
      cache.memoize(a.fn, { name: 'a' }),
      cache.memoize(b.fn, { name: 'b' }),
      cache.memoize(c.fn, { name: 'c' }),
    ];
    for (const memo of [memoA, memoB, memoC]) memo(1);
    expect(cache.bulkRemove('fn:a')).toBe(1);
    memoA(1);
    memoB(1);
    expect([a.calls.length, b.calls.length]).toEqual([2, 1]);
    expect(cache.bulkRemove(['fn:b', 'fn:c'])).toBe(2);
    memoB(1);
    memoC(1);
    expect([a.calls.length, b.calls.length, c.calls.length]).toEqual([2, 2, 2]);
  });

  it('keeps the results of different functions and of plain keys apart', () => {
    const cache = new TagCache<string, unknown>({ maxEntries: 100 });
    const double = cache.memoize((x: number) => x * 2, { name: 'double' });
    const triple = cache.memoize((x: number) => x * 3, { name: 'triple' });
    cache.set('1', 'plain');
    expect([double(1), triple(1), cache.get('1')]).toEqual([2, 3, 'plain']);
  });

  it('uses options.key, options.tags and options.ttl', () => {
    let time = 0;
    const cache = new TagCache<string, unknown>({ maxEntries: 100, now: () => time });
    const { fn, calls } = counted((user: { id: number; name: string }) => `hello ${user.name}`);
    const greet = cache.memoize(fn, {
      name: 'greet',
      key: (user) => user.id,
      tags: (user) => [`user:${user.id}`],
      ttl: 10,
    });
    expect(greet({ id: 1, name: 'Ann' })).toBe('hello Ann');
    expect(greet({ id: 1, name: 'renamed' })).toBe('hello Ann'); // same key
    expect(cache.countByTag('user:1')).toBe(1);
    cache.bulkRemove('user:1');
    greet({ id: 1, name: 'Ann' });
    time = 10;
    greet({ id: 1, name: 'Ann' });
    expect(calls).toHaveLength(3);
  });

  it('passes this through, and returns undefined results without caching them', () => {
    const cache = new TagCache<string, unknown>({ maxEntries: 100 });
    let calls = 0;
    const counter = {
      base: 10,
      plus: cache.memoize(function plus(this: { base: number }, x: number) {
        calls++;
        return x > 0 ? this.base + x : undefined;
      }),
    };
    expect([counter.plus(1), counter.plus(1), counter.plus(-1), counter.plus(-1)]).toEqual([11, 11, undefined, undefined]);
    expect(calls).toBe(3);
  });

  it('does not cache a call that throws', () => {
    const cache = new TagCache<string, unknown>({ maxEntries: 100 });
    let fail = true;
    const flaky = cache.memoize(
      (x: number) => {
        if (fail) throw new Error('flaky');
        return x;
      },
      { name: 'flaky' },
    );
    expect(() => flaky(1)).toThrow('flaky');
    fail = false;
    expect(flaky(1)).toBe(1);
  });

  it('rejects anonymous functions without a name, names taken in this cache, and bad options', () => {
    const cache = new TagCache<string, unknown>({ maxEntries: 100 });
    const bad = (value: unknown): never => value as never;
    expect(() =>
      cache.memoize(
        (
          () => () =>
            1
        )(),
      ),
    ).toThrow(/anonymous.*options\.name/);
    expect(() => cache.memoize(bad('not a function'))).toThrow(/fn must be a function/);
    expect(() => cache.memoize(() => 1, { name: '' })).toThrow(/options\.name/);
    expect(() => cache.memoize(() => 1, { name: 'a\0b' })).toThrow(/options\.name.*NUL/);
    expect(() => cache.memoize(() => 1, { name: 'x', key: bad(1) })).toThrow(/options\.key must be a function/);
    expect(() => cache.memoize(() => 1, { name: 'x', tags: bad('t') })).toThrow(/options\.tags must be a function/);
    expect(() => cache.memoize(() => 1, { name: 'x', ttl: -1 })).toThrow(RangeError);
    expect(() => cache.memoize(() => 1, bad(null))).toThrow(/options must be an object/);
    cache.memoize(() => 1, { name: 'taken' });
    expect(() => cache.memoize(() => 2, { name: 'taken' })).toThrow(RangeError);
    expect(new TagCache<string, unknown>({ maxEntries: 1 }).memoize(() => 2, { name: 'taken' })()).toBe(2); // another cache
  });

  it('rejects bad results of options.key and options.tags, and unsupported arguments, before calling fn', () => {
    const cache = new TagCache<string, unknown>({ maxEntries: 100 });
    const bad = (value: unknown): never => value as never;
    const { fn, calls } = counted((x: unknown) => String(x));
    expect(() => cache.memoize(fn, { name: 'k', key: () => NaN })(1)).toThrow(/result of options\.key/);
    expect(() => cache.memoize(fn, { name: 't', tags: () => bad([1]) })(1)).toThrow(/result of options\.tags\[0\]/);
    expect(() => cache.memoize(fn, { name: 'd' })(new Date())).toThrow(/arguments\[0\] is an instance of Date.*options\.key/);
    expect(calls).toEqual([]);
    expect(cache.size).toBe(0);
  });
});

describe('memoize: async functions', () => {
  it('goes through getOrSet: one call for concurrent callers, resolved values stored, hits as promises', async () => {
    const cache = new TagCache<string, unknown>({ maxEntries: 100 });
    const { loader, calls } = controlledLoader<number, string>();
    const fetchUser = cache.memoize(async (id: number) => loader(id), { name: 'fetchUser' });
    const first = fetchUser(1);
    const second = fetchUser(1);
    expect(calls).toHaveLength(1);
    calls[0]!.result.resolve('Ann');
    expect([await first, await second]).toEqual(['Ann', 'Ann']);
    const hit = fetchUser(1);
    expect(hit).toBeInstanceOf(Promise);
    await expect(hit).resolves.toBe('Ann');
    expect(calls).toHaveLength(1);
    expect([...cache.values()]).toEqual(['Ann']); // the value, not a promise
  });

  it('treats a plain function that returns a promise the same way, from its first promise on', async () => {
    const cache = new TagCache<string, unknown>({ maxEntries: 100 });
    const { loader, calls } = controlledLoader<number, string>();
    const fetchUser = cache.memoize((id: number) => loader(id), { name: 'fetchUser' });
    const first = fetchUser(1);
    const second = fetchUser(1);
    expect(calls).toHaveLength(1);
    calls[0]!.result.resolve('Ann');
    expect([await first, await second]).toEqual(['Ann', 'Ann']);
    await expect(fetchUser(1)).resolves.toBe('Ann');
    expect(cache.peek(cache.keysByTag('fn:fetchUser')[0]!)).toBe('Ann');
  });

  it('does not cache a rejection; the next call tries again', async () => {
    const cache = new TagCache<string, unknown>({ maxEntries: 100 });
    let attempt = 0;
    const load = cache.memoize(
      async (id: number) => {
        if (++attempt === 1) throw new Error('first attempt fails');
        return id;
      },
      { name: 'load' },
    );
    await expect(load(5)).rejects.toThrow('first attempt fails');
    await expect(load(5)).resolves.toBe(5);
    expect(attempt).toBe(2);
  });

  it('keeps a result out of the cache when its function is invalidated while it runs', async () => {
    const cache = new TagCache<string, unknown>({ maxEntries: 100 });
    const gate = deferred<string>();
    let calls = 0;
    const getAllTracks = cache.memoize(async () => (calls++, gate.promise), { name: 'getAllTracks' });
    const running = getAllTracks();
    cache.bulkRemove(['fn:other', 'fn:getAllTracks']);
    gate.resolve('tracks read before the write');
    await expect(running).resolves.toBe('tracks read before the write');
    expect(cache.size).toBe(0);
    await getAllTracks();
    expect(calls).toBe(2);
  });
});

describe('memoize: typing', () => {
  it('is available only on caches whose keys include strings', () => {
    const numeric = new TagCache<number, number>({ maxEntries: 1 });
    // @ts-expect-error memoized keys are strings
    expect(() => numeric.memoize((x: number) => x, { name: 'f' })).not.toThrow();
  });
});

describe('memoize: the load guard on the first call', () => {
  it('keeps out the result of a non-async function returning a promise when it invalidates its own tag', async () => {
    const cache = new TagCache<string, string>({ maxEntries: 10 });
    let resolve!: (value: string) => void;
    const load = cache.memoize(function load(_id: number): Promise<string> {
      const promise = new Promise<string>((r) => (resolve = r));
      cache.bulkRemove('fn:load');
      return promise;
    });
    const first = load(1);
    resolve('raced');
    await expect(first).resolves.toBe('raced');
    expect(cache.size).toBe(0);
    const second = load(1); // known to return promises now: through getOrSet, same guard
    resolve('raced again');
    await expect(second).resolves.toBe('raced again');
    expect(cache.size).toBe(0);
  });

  it('keeps out the result of a sync function that invalidates its own key or tag while it runs', () => {
    const cache = new TagCache<string, number>({ maxEntries: 10 });
    let calls = 0;
    const f = cache.memoize(
      (x: number) => {
        calls++;
        if (x === 1) cache.bulkRemove('fn:f');
        if (x === 2) cache.clear();
        return x;
      },
      { name: 'f' },
    );
    expect([f(1), f(1), f(2), f(2), f(3), f(3)]).toEqual([1, 1, 2, 2, 3, 3]);
    expect(calls).toBe(5); // 1 and 2 were never stored; 3 was
    expect(cache.size).toBe(1);
  });

  it('the first call of a function returning a promise joins an invalidation made by another load meanwhile', async () => {
    const cache = new TagCache<string, string>({ maxEntries: 10 });
    const pending = deferred<string>();
    const fetchUser = cache.memoize((_id: number) => pending.promise, { name: 'user' });
    const result = fetchUser(7);
    cache.markStale('fn:user');
    pending.resolve('old');
    await expect(result).resolves.toBe('old');
    expect(cache.size).toBe(0);
  });
});
