// A throwing onRemove while a lookup meets an expired or stale entry: the
// lookup completes (its miss counted and traced, a getOrSet's load run and
// stored) and the callback's error is rethrown afterwards (getOrSet: its
// promise rejects once the load is stored; callers sharing the load resolve).
import { describe, expect, it } from 'vitest';
import { TagCache } from '../src/tag-cache';
import type { TraceEvent } from '../src/types';
import { controlledLoader } from './support/deferred';
import { seededRandom } from './support/random';
import { expectIntact, useDebugBuild } from './support/setup';

useDebugBuild();

const boom = new Error('onRemove threw');

function throwingCache(kill: 'expire' | 'stale') {
  let time = 0;
  const events: TraceEvent<string>[] = [];
  const cache = new TagCache<string, string>({
    maxEntries: 10,
    now: () => time,
    onRemove: () => {
      throw boom;
    },
    trace: (event) => events.push(event),
  });
  cache.set('b', 'old', { ttl: 5, tags: ['t'] });
  const makeDead = (): void => {
    if (kill === 'expire') time = 20;
    else cache.markStale('t');
  };
  return { cache, events, makeDead };
}

describe.each(['expire', 'stale'] as const)('a lookup meeting an entry that is %s, onRemove throwing', (kill) => {
  it('get counts the miss (cache and tag), traces it, removes the entry, then throws', () => {
    const { cache, events, makeDead } = throwingCache(kill);
    makeDead();
    expect(() => cache.get('b')).toThrow(boom);
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 1, size: 0 });
    expect(cache.tagStats('t').misses).toBe(1);
    expect(events.filter((event) => event.type === 'miss')).toEqual([{ type: 'miss', key: 'b' }]);
    expectIntact(cache);
  });

  it('getOrSet returns a promise, runs and stores the load, then rejects that caller; a caller sharing the load resolves', async () => {
    const { cache, makeDead } = throwingCache(kill);
    const { loader, calls } = controlledLoader<string, string>();
    makeDead();
    let first: Promise<string> | undefined;
    expect(() => (first = cache.getOrSet('b', loader))).not.toThrow();
    const second = cache.getOrSet('b', loader); // the entry is gone: joins the load
    expect(calls.map((call) => call.key)).toEqual(['b']);
    calls[0]!.result.resolve('fresh');
    await expect(first).rejects.toBe(boom);
    await expect(second).resolves.toBe('fresh');
    expect(cache.peek('b')).toBe('fresh');
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 2, sets: 2 });
    expectIntact(cache);
  });

  it('a namespace view counts the miss of get and of getOrSet, and getOrSet stores the load', async () => {
    let time = 0;
    const cache = new TagCache<string, string>({
      maxEntries: 10,
      now: () => time,
      onRemove: () => {
        throw boom;
      },
    });
    const users = cache.namespace('users');
    users.set('b', 'old', { ttl: 5 });
    if (kill === 'expire') time = 20;
    else cache.markStale('ns:users');
    expect(() => users.get('b')).toThrow(boom);
    expect(users.stats()).toMatchObject({ hits: 0, misses: 1 });
    users.set('c', 'old', { ttl: 5 });
    if (kill === 'expire') time = 40;
    else cache.markStale('ns:users');
    await expect(users.getOrSet('c', async () => 'fresh')).rejects.toBe(boom);
    expect(users.get('c')).toBe('fresh');
    expect(users.stats()).toMatchObject({ hits: 1, misses: 2 });
  });

  it('a memoized function runs, stores its result, then throws (sync) or rejects (async)', async () => {
    let time = 0;
    const cache = new TagCache<string, number>({
      maxEntries: 10,
      now: () => time,
      onRemove: () => {
        throw boom;
      },
    });
    let calls = 0;
    const double = cache.memoize((x: number) => (calls++, 2 * x), { name: 'double', ttl: 5 });
    const triple = cache.memoize(async (x: number) => (calls++, 3 * x), { name: 'triple', ttl: 5 });
    expect(double(1)).toBe(2);
    expect(await triple(1)).toBe(3);
    const makeDead = (tag: string): void => {
      if (kill === 'expire') time += 20;
      else cache.markStale(tag);
    };
    makeDead('fn:double');
    expect(() => double(1)).toThrow(boom);
    expect(calls).toBe(3);
    expect(double(1)).toBe(2); // stored: no further call
    expect(calls).toBe(3);
    makeDead('fn:triple');
    await expect(triple(1)).rejects.toBe(boom);
    expect(calls).toBe(4);
    expect(await triple(1)).toBe(3);
    expect(calls).toBe(4);
  });
});

describe('random operations with an onRemove that always throws', () => {
  it('count every lookup as exactly one hit or miss, and return what a model holds', async () => {
    const next = seededRandom(15);
    const random = { int: (n: number): number => Math.floor(next() * n) };
    for (let round = 0; round < 20; round++) {
      let time = 0;
      let traced = 0;
      const cache = new TagCache<string, number>({
        maxEntries: 16, // above the 12 keys: no eviction for the model to follow
        now: () => time,
        onRemove: () => {
          throw boom;
        },
        trace: (event) => {
          if (event.type === 'hit' || event.type === 'miss') traced++;
        },
      });
      // Model: key -> value, expiry and tag; markStale drops the tag's keys.
      const model = new Map<string, { value: number; expiresAt: number; tag: string }>();
      let lookups = 0;
      for (let step = 0; step < 300; step++) {
        const key = `k${random.int(12)}`;
        const tag = `t${random.int(3)}`;
        const live = (): number | undefined => {
          const entry = model.get(key);
          return entry !== undefined && time < entry.expiresAt ? entry.value : undefined;
        };
        const op = random.int(6);
        try {
          if (op === 0) {
            const ttl = 1 + random.int(10);
            model.set(key, { value: step, expiresAt: time + ttl, tag }); // stored even if onRemove throws
            cache.set(key, step, { ttl, tags: [tag] });
          } else if (op === 1) {
            const expected = live();
            lookups++;
            let got: number | undefined;
            let threw = false;
            try {
              got = cache.get(key);
            } catch {
              threw = true;
            }
            if (!threw) expect(got).toBe(expected);
            else expect(expected).toBeUndefined();
          } else if (op === 2) {
            const expected = live();
            lookups++;
            const result = cache.getOrSet(key, () => -step, { ttl: 5, tags: [tag] });
            const settled = await result.then(
              (value) => ({ value }),
              () => ({ value: undefined, threw: true }),
            );
            if (expected !== undefined) expect(settled.value).toBe(expected);
            if (expected === undefined) model.set(key, { value: -step, expiresAt: time + 5, tag });
            expect(cache.peek(key)).toBe(live());
          } else if (op === 3) {
            for (const [k, entry] of model) if (entry.tag === tag) model.delete(k);
            cache.markStale(tag);
          } else if (op === 4) {
            time += random.int(4);
          } else {
            expect(cache.has(key)).toBe(live() !== undefined);
          }
        } catch (error) {
          if (error !== boom && !(error instanceof AggregateError)) throw error;
        }
        const { hits, misses } = cache.stats();
        expect(hits + misses).toBe(lookups);
        expect(traced).toBe(lookups);
        expectIntact(cache);
      }
    }
  });
});
