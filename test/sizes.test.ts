// Size-weighted eviction: maxSize and sizeOf.
import { describe, expect, it } from 'vitest';
import { TagCache } from '../src/tag-cache';
import type { TagCacheOptions } from '../src/types';
import { expectIntact, type Key, recordingCache, useDebugBuild } from './support/setup';

useDebugBuild();

const byLength = (value: unknown): number => String(value).length;

function sizedCache(maxSize: number, options: Partial<TagCacheOptions<Key, unknown>> = {}) {
  return recordingCache({ maxEntries: 100, maxSize, sizeOf: byLength, ...options });
}

describe('maxSize and sizeOf', () => {
  it('evicts least recent entries until the total fits, reporting them as "evict"', () => {
    const { cache, removals } = sizedCache(10);
    cache.set('a', 'xxx').set('b', 'xxx').set('c', 'xxx'); // 9
    cache.get('a'); // b is least recent
    cache.set('d', 'xxxxx'); // 14: b and c go
    expect(removals).toEqual([
      ['b', 'xxx', 'evict'],
      ['c', 'xxx', 'evict'],
    ]);
    expect([...cache.keys()]).toEqual(['d', 'a']);
    expect(cache.stats()).toMatchObject({ totalSize: 8, evictions: 2, size: 2 });
    cache.set('e', 'xx'); // 10: fits
    expect(removals).toHaveLength(2);
    expectIntact(cache);
  });

  it('keeps an entry of exactly maxSize by evicting everything else', () => {
    const { cache } = sizedCache(5);
    cache.set('a', 'x').set('b', 'y');
    cache.set('big', 'xxxxx');
    expect([...cache.keys()]).toEqual(['big']);
    expect(cache.stats().totalSize).toBe(5);
  });

  it('rejects an entry larger than maxSize with a RangeError and changes nothing', () => {
    const { cache, removals } = sizedCache(5);
    cache.set('a', 'xx');
    expect(() => cache.set('b', 'xxxxxx')).toThrow(RangeError);
    expect(() => cache.set('a', 'xxxxxx')).toThrow(/more than options\.maxSize 5/);
    expect([...cache.entries()]).toEqual([['a', 'xx']]);
    expect(cache.stats()).toMatchObject({ totalSize: 2, sets: 1 });
    expect(removals).toEqual([]);
  });

  it('tracks the total through replace, delete, bulkRemove, expiry, purgeExpired and clear', () => {
    const { cache, clock } = sizedCache(100);
    const total = (): number | undefined => cache.stats().totalSize;
    cache
      .set('a', 'xxxx', { tags: ['t'] })
      .set('b', 'xx', { tags: ['t'] })
      .set('c', 'xxx', { ttl: 5 })
      .set('d', 'x');
    expect(total()).toBe(10);
    cache.set('a', 'xxxxxxx', { tags: ['t'] });
    expect(total()).toBe(13);
    cache.delete('d');
    expect(total()).toBe(12);
    cache.bulkRemove('t');
    expect(total()).toBe(3);
    clock.time = 5;
    expect(cache.get('c')).toBeUndefined();
    expect(total()).toBe(0);
    cache.set('e', 'xx', { ttl: 1 }).set('f', 'xxxx');
    clock.time = 6;
    expect(cache.purgeExpired()).toBe(1);
    expect(total()).toBe(4);
    cache.clear();
    expect(total()).toBe(0);
    cache.set('g', 'xx');
    expect(total()).toBe(2);
    expectIntact(cache);
  });

  it('reports an expired least recent entry evicted for size as "expire"', () => {
    const { cache, clock, removals } = sizedCache(4);
    cache.set('old', 'xx', { ttl: 1 }).set('b', 'x');
    clock.time = 2;
    cache.set('c', 'xx');
    expect(removals).toEqual([['old', 'xx', 'expire']]);
    expect(cache.stats()).toMatchObject({ expirations: 1, evictions: 0, totalSize: 3 });
  });

  it('still applies maxEntries', () => {
    const { cache, removals } = sizedCache(1000, { maxEntries: 2 });
    cache.set('a', 'x').set('b', 'x').set('c', 'x');
    expect(removals).toEqual([['a', 'x', 'evict']]);
    expect(cache.stats().totalSize).toBe(2);
  });

  it('calls sizeOf with the value and key, and accepts size 0', () => {
    const seen: unknown[] = [];
    const cache = new TagCache<string, number>({ maxEntries: 10, maxSize: 1, sizeOf: (value, key) => (seen.push([value, key]), 0) });
    for (let index = 0; index < 5; index++) cache.set(`k${index}`, index);
    expect(cache.size).toBe(5);
    expect(seen[4]).toEqual([4, 'k4']);
  });

  it('lets sizeOf use the cache: it runs before the cache changes', () => {
    let cache!: TagCache<string, string>;
    cache = new TagCache<string, string>({
      maxEntries: 10,
      maxSize: 10,
      sizeOf: (value, key) => {
        if (key === 'trigger') cache.set('side', 'xx');
        return value.length;
      },
    });
    cache.set('trigger', 'xxxx');
    expect([...cache.entries()]).toEqual([
      ['trigger', 'xxxx'],
      ['side', 'xx'],
    ]);
    expect(cache.stats().totalSize).toBe(6);
    expectIntact(cache);
  });

  it('omits totalSize from stats of caches without maxSize', () => {
    const cache = new TagCache<string, string>({ maxEntries: 10 });
    cache.set('a', 'xxx');
    expect('totalSize' in cache.stats()).toBe(false);
  });

  it('rejects bad options and bad sizes', () => {
    const bad = (value: unknown): never => value as never;
    const make = (options: object) => () => new TagCache<string, string>({ maxEntries: 10, ...options });
    expect(make({ maxSize: 10 })).toThrow(/options\.sizeOf is required/);
    expect(make({ sizeOf: byLength })).toThrow(/options\.maxSize is required/);
    expect(make({ maxSize: '10', sizeOf: byLength })).toThrow(TypeError);
    expect(make({ maxSize: 0, sizeOf: byLength })).toThrow(RangeError);
    expect(make({ maxSize: 1.5, sizeOf: byLength })).toThrow(RangeError);
    expect(make({ maxSize: Infinity, sizeOf: byLength })).toThrow(RangeError);
    expect(make({ maxSize: 10, sizeOf: 'length' })).toThrow(/options\.sizeOf must be a function/);
    for (const [size, error] of [
      ['1', TypeError],
      [-1, RangeError],
      [0.5, RangeError],
      [NaN, RangeError],
    ] as const) {
      const cache = new TagCache<string, string>({ maxEntries: 10, maxSize: 10, sizeOf: () => bad(size) });
      expect(() => cache.set('a', 'x')).toThrow(error);
      expect(cache.size).toBe(0);
    }
  });
});
