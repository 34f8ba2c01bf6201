// Bad input throws TypeError or RangeError naming the argument, and changes nothing.
import { describe, expect, it } from 'vitest';
import { TagCache } from '../src/tag-cache';
import { expectIntact, type Key, useDebugBuild } from './support/setup';

useDebugBuild();

type Cache = TagCache<Key, unknown>;

function filledCache(): Cache {
  const cache = new TagCache<Key, unknown>({ maxEntries: 3, now: () => 0 });
  cache.set('a', 1, { tags: ['t'] }).set('b', 2);
  return cache;
}

function snapshot(cache: Cache): unknown {
  return [[...cache.entries()], cache.size, cache.tagsOf('a'), cache.countByTag('t')];
}

const bad = (value: unknown): never => value as never;

describe('constructor options', () => {
  it.each([
    [undefined, TypeError, 'options'],
    [null, TypeError, 'options'],
    [{}, TypeError, 'maxEntries'],
    [{ maxEntries: '10' }, TypeError, 'maxEntries'],
    [{ maxEntries: 0 }, RangeError, 'maxEntries'],
    [{ maxEntries: -1 }, RangeError, 'maxEntries'],
    [{ maxEntries: 1.5 }, RangeError, 'maxEntries'],
    [{ maxEntries: NaN }, RangeError, 'maxEntries'],
    [{ maxEntries: Infinity }, RangeError, 'maxEntries'],
    [{ maxEntries: 16_777_217 }, RangeError, 'maxEntries'],
    [{ maxEntries: 10, ttl: -1 }, RangeError, 'ttl'],
    [{ maxEntries: 10, ttl: NaN }, RangeError, 'ttl'],
    [{ maxEntries: 10, ttl: '5' }, TypeError, 'ttl'],
    [{ maxEntries: 10, now: 5 }, TypeError, 'options.now'],
    [{ maxEntries: 10, onRemove: 'x' }, TypeError, 'options.onRemove'],
  ])('%j throws %o naming %s', (options, errorType, name) => {
    expect(() => new TagCache(bad(options))).toThrow(errorType);
    expect(() => new TagCache(bad(options))).toThrow(name);
  });

  it('accepts the largest maxEntries without allocating for it up front', () => {
    const cache = new TagCache<number, number>({ maxEntries: 16_777_216 });
    cache.set(1, 1);
    expect(cache.get(1)).toBe(1);
    expect(cache.stats().wasmMemoryBytes).toBeLessThan(1 << 20);
  });
});

describe('method arguments', () => {
  const cases: [string, (cache: Cache) => unknown, ErrorConstructor, string][] = [
    ['set with an object key', (cache) => cache.set(bad({}), 1), TypeError, 'key'],
    ['set with NaN key', (cache) => cache.set(NaN, 1), TypeError, 'key'],
    ['set with undefined value', (cache) => cache.set('c', undefined), TypeError, 'value'],
    ['set with non-array tags', (cache) => cache.set('c', 1, { tags: bad(5) }), TypeError, 'options.tags'],
    ['set with an empty tag', (cache) => cache.set('a', 9, { tags: ['x', ''] }), TypeError, 'options.tags[1]'],
    ['set with a non-string tag', (cache) => cache.set('a', 9, { tags: bad([1]) }), TypeError, 'options.tags[0]'],
    ['set with negative ttl', (cache) => cache.set('a', 9, { ttl: -5 }), RangeError, 'options.ttl'],
    ['set with NaN ttl', (cache) => cache.set('a', 9, { ttl: NaN }), RangeError, 'options.ttl'],
    ['set with non-object options', (cache) => cache.set('a', 9, bad('x')), TypeError, 'options'],
    ['get with a boolean key', (cache) => cache.get(bad(true)), TypeError, 'key'],
    ['get with a symbol key', (cache) => cache.get(bad(Symbol('s'))), TypeError, 'key'],
    ['peek with undefined', (cache) => cache.peek(bad(undefined)), TypeError, 'key'],
    ['has with null', (cache) => cache.has(bad(null)), TypeError, 'key'],
    ['delete with NaN', (cache) => cache.delete(NaN), TypeError, 'key'],
    ['tagsOf with an array', (cache) => cache.tagsOf(bad([])), TypeError, 'key'],
    ['bulkRemove with a number', (cache) => cache.bulkRemove(bad(1)), TypeError, 'tag'],
    ['bulkRemove with an empty tag', (cache) => cache.bulkRemove(''), TypeError, 'tag'],
    ['bulkRemove with a bad tag in an array', (cache) => cache.bulkRemove(['t', bad(null)]), TypeError, 'tag[1]'],
    ['countByTag with an empty tag', (cache) => cache.countByTag(''), TypeError, 'tag'],
    ['keysByTag with an object', (cache) => cache.keysByTag(bad({})), TypeError, 'tag'],
  ];

  it.each(cases)('%s throws, naming the argument, and changes nothing', (_name, call, errorType, argument) => {
    const cache = filledCache();
    const before = snapshot(cache);
    expect(() => call(cache)).toThrow(errorType);
    expect(() => call(cache)).toThrow(argument);
    expect(snapshot(cache)).toEqual(before);
    expectIntact(cache);
  });

  it('a clock that returns a non-number is reported, and the cache is unchanged', () => {
    let reading: unknown = 0;
    const cache = new TagCache<string, number>({ maxEntries: 3, now: () => reading as number });
    cache.set('a', 1, { ttl: 5 });
    reading = NaN;
    expect(() => cache.set('b', 2, { ttl: 5 })).toThrow(TypeError);
    expect(() => cache.get('a')).toThrow('options.now');
    reading = 1;
    expect([...cache.keys()]).toEqual(['a']);
  });
});
