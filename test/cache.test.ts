// Keys, values, recency and eviction.
import { describe, expect, it } from 'vitest';
import { TagCache } from '../src/tag-cache';
import { expectIntact, recordingCache, useDebugBuild } from './support/setup';

useDebugBuild();

describe('set / get / peek / has / delete', () => {
  it('stores and returns values by key', () => {
    const cache = new TagCache<string, number>({ maxEntries: 10 });
    expect(cache.set('a', 1)).toBe(cache);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    expect(cache.get('b')).toBe(2);
    expect(cache.get('c')).toBeUndefined();
    expect(cache.size).toBe(2);
    expectIntact(cache);
  });

  it('compares keys like Map: 1 and "1" differ, -0 is 0', () => {
    const cache = new TagCache<string | number, string>({ maxEntries: 10 });
    cache.set(1, 'number').set('1', 'string').set(-0, 'minus zero');
    expect(cache.get(1)).toBe('number');
    expect(cache.get('1')).toBe('string');
    expect(cache.get(0)).toBe('minus zero');
    expect(
      Object.is(
        [...cache.keys()].find((key) => key === 0),
        0,
      ),
    ).toBe(true);
    cache.set(0.5, 'half').set(Infinity, 'inf').set(-1e300, 'tiny').set('', 'empty');
    expect([cache.get(0.5), cache.get(Infinity), cache.get(-1e300), cache.get('')]).toEqual(['half', 'inf', 'tiny', 'empty']);
    expect(cache.size).toBe(7);
    expectIntact(cache);
  });

  it('stores null and other falsy values', () => {
    const cache = new TagCache<string, unknown>({ maxEntries: 4 });
    cache.set('null', null).set('zero', 0).set('false', false).set('nan', NaN);
    expect(cache.get('null')).toBeNull();
    expect(cache.has('null')).toBe(true);
    expect([cache.get('zero'), cache.get('false'), cache.peek('nan')]).toEqual([0, false, NaN]);
  });

  it('replaces the value of an existing key and reports the old one as "set"', () => {
    const { cache, removals } = recordingCache({ maxEntries: 3 });
    cache.set('a', 1).set('a', 2);
    expect(cache.get('a')).toBe(2);
    expect(cache.size).toBe(1);
    expect(removals).toEqual([['a', 1, 'set']]);
  });

  it('peek and has do not change recency; get does', () => {
    const cache = new TagCache<string, number>({ maxEntries: 3 });
    cache.set('a', 1).set('b', 2).set('c', 3);
    expect(cache.peek('a')).toBe(1);
    expect(cache.has('a')).toBe(true);
    expect([...cache.keys()]).toEqual(['c', 'b', 'a']);
    cache.get('a');
    expect([...cache.keys()]).toEqual(['a', 'c', 'b']);
    expect(cache.peek('zz')).toBeUndefined();
    expect(cache.has('zz')).toBe(false);
  });

  it('delete removes an entry once and reports it', () => {
    const { cache, removals } = recordingCache({ maxEntries: 3 });
    cache.set('a', 1).set('b', 2);
    expect(cache.delete('a')).toBe(true);
    expect(cache.delete('a')).toBe(false);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(1);
    expect(removals).toEqual([['a', 1, 'delete']]);
    expectIntact(cache);
  });
});

describe('eviction', () => {
  it('evicts the least recently used entry when full', () => {
    const { cache, removals } = recordingCache({ maxEntries: 3 });
    cache.set('a', 1).set('b', 2).set('c', 3);
    cache.get('a');
    cache.set('d', 4);
    expect(removals).toEqual([['b', 2, 'evict']]);
    expect([...cache.keys()]).toEqual(['d', 'a', 'c']);
    cache.set('c', 33); // replacing does not evict
    expect(removals).toEqual([
      ['b', 2, 'evict'],
      ['c', 3, 'set'],
    ]);
    expect(cache.size).toBe(3);
    expectIntact(cache);
  });

  it('works with a capacity of one', () => {
    const { cache, removals } = recordingCache({ maxEntries: 1 });
    cache.set('a', 1).set('b', 2);
    expect([...cache.entries()]).toEqual([['b', 2]]);
    expect(removals).toEqual([['a', 1, 'evict']]);
  });

  it('grows capacity with use and keeps every entry up to maxEntries', () => {
    const cache = new TagCache<number, number>({ maxEntries: 5000 });
    const before = cache.stats().wasmMemoryBytes;
    for (let key = 0; key < 5000; key++) cache.set(key, key * 2);
    expect(cache.size).toBe(5000);
    for (let key = 0; key < 5000; key += 7) expect(cache.get(key)).toBe(key * 2);
    expect(cache.stats().wasmMemoryBytes).toBeGreaterThan(before);
    cache.set(5000, 1);
    expect(cache.size).toBe(5000);
    expect(cache.has(1)).toBe(false); // key 0 was read (recent); 1 is least recent
    expectIntact(cache);
  });
});

describe('iteration', () => {
  it('yields most recent first from keys, values, entries and the iterator', () => {
    const cache = new TagCache<string, number>({ maxEntries: 5 });
    cache.set('a', 1).set('b', 2).set('c', 3);
    expect([...cache.keys()]).toEqual(['c', 'b', 'a']);
    expect([...cache.values()]).toEqual([3, 2, 1]);
    expect([...cache.entries()]).toEqual([
      ['c', 3],
      ['b', 2],
      ['a', 1],
    ]);
    expect([...cache]).toEqual([
      ['c', 3],
      ['b', 2],
      ['a', 1],
    ]);
  });

  it('skips entries removed during iteration', () => {
    const cache = new TagCache<string, number>({ maxEntries: 5 });
    cache.set('a', 1).set('b', 2).set('c', 3);
    const seen: string[] = [];
    for (const key of cache.keys()) {
      seen.push(key);
      if (key === 'c') cache.delete('b');
    }
    expect(seen).toEqual(['c', 'a']);
  });

  it('clear empties the cache and reports every entry', () => {
    const { cache, removals } = recordingCache({ maxEntries: 5 });
    cache.set('a', 1, { tags: ['t'] }).set('b', 2);
    cache.clear();
    expect(cache.size).toBe(0);
    expect([...cache]).toEqual([]);
    expect(cache.countByTag('t')).toBe(0);
    expect(removals).toEqual([
      ['b', 2, 'clear'],
      ['a', 1, 'clear'],
    ]);
    cache.set('c', 3, { tags: ['t'] });
    expect(cache.keysByTag('t')).toEqual(['c']);
    expectIntact(cache);
  });
});

describe('create()', () => {
  it('builds a working cache asynchronously', async () => {
    const cache = await TagCache.create<string, number>({ maxEntries: 2 });
    cache.set('x', 1, { tags: ['t'] });
    expect(cache.bulkRemove('t')).toBe(1);
    expect(cache.maxEntries).toBe(2);
  });

  it('gives every cache its own memory', () => {
    const first = new TagCache<string, number>({ maxEntries: 2 });
    const second = new TagCache<string, number>({ maxEntries: 2 });
    first.set('k', 1);
    expect(second.get('k')).toBeUndefined();
    second.set('k', 2);
    expect(first.get('k')).toBe(1);
  });
});
