// Table-driven bad input for every public method and constructor option: each
// call either throws a TypeError or RangeError naming the argument (never a
// WebAssembly.RuntimeError) and leaves the cache exactly as it was, or, if the
// input is legal (empty strings, 1 MiB keys and tags, thousands of tags, ±Infinity
// and fractional keys...), works.
import { afterAll, describe, expect, it } from 'vitest';
import { TagCache } from '../src/tag-cache';
import type { TagCacheOptions } from '../src/types';
import { integrityOf } from './support/internals';
import { type Key, useDebugBuild } from './support/setup';

useDebugBuild();

type Cache = TagCache<Key, unknown>;
type ErrorType = TypeErrorConstructor | RangeErrorConstructor;
interface Fixture {
  cache: Cache;
  clock: { reading: unknown };
  removals: unknown[];
}
interface BadCase {
  label: string;
  call: (fixture: Fixture) => unknown;
  errors: ErrorType[];
  name: string;
}

const bad = (value: unknown): never => value as never;
const MiB = 1 << 20;
const HUGE_KEY = 'k'.repeat(MiB);
const HUGE_TAG = 'T'.repeat(MiB - 1) + '!';
const TAGS = ['t1', 't2', 't3'];
const T = [TypeError];
const R = [RangeError];
let badInputsTried = 0;

afterAll(() => console.log(`bad-input: ${badInputsTried} bad inputs tried, each rejected with the cache unchanged`));

function label(value: unknown): string {
  if (typeof value === 'string') return value.length > 20 ? `string(${value.length})` : JSON.stringify(value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol' || typeof value === 'function') return typeof value;
  if (Array.isArray(value)) return `[${Array.from(value, label).join(', ')}]`;
  if (value instanceof String || value instanceof Number) return `boxed ${label(value.valueOf())}`;
  return value === null ? 'null' : value === undefined ? 'undefined' : Object.prototype.toString.call(value);
}

/** A full cache (3 of 3) with tags, one TTL (so expiry and the clock are active) and a callback. */
function fixture(): Fixture {
  const clock = { reading: 100 as unknown };
  const removals: unknown[] = [];
  const cache = new TagCache<Key, unknown>({
    maxEntries: 3,
    now: () => clock.reading as number,
    onRemove: (...removal) => removals.push(removal),
  });
  cache
    .set('a', 'A', { tags: ['t1', 't2'] })
    .set(1, 'one', { tags: ['t2'], ttl: 1000 })
    .set('b', 'B');
  cache.get('a');
  return { cache, clock, removals };
}

/** Everything observable about the contents: entries in order, tags, per-tag counts and keys, size, counters. */
function snapshot(cache: Cache): unknown {
  const entries = [...cache.entries()];
  const { misses, wasmMemoryBytes, bulkRemoveLatency, ...counters } = cache.stats();
  return {
    entries,
    tags: entries.map(([key]) => cache.tagsOf(key)),
    counts: TAGS.map((tag) => cache.countByTag(tag)),
    keysByTag: TAGS.map((tag) => cache.keysByTag(tag).map(String).sort()),
    size: cache.size,
    counters,
    bulkRemoveLatencyCount: bulkRemoveLatency.count,
  };
}

/** Asserts `error` is one of the allowed types, not a wasm trap, and names the argument. */
function expectNamedError(error: unknown, errors: ErrorType[], name: string): void {
  expect(error, 'the call must throw').toBeInstanceOf(Error);
  expect(error).not.toBeInstanceOf(WebAssembly.RuntimeError);
  expect(
    errors.some((type) => error instanceof type),
    `${String(error)} is not one of ${errors.map((type) => type.name)}`,
  ).toBe(true);
  expect((error as Error).message).toContain(`${name} must`);
  expect((error as Error).message.length, 'messages stay short, whatever the input').toBeLessThan(200);
}

function thrownBy(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  return undefined;
}

// ---- the table ------------------------------------------------------------

const BAD_KEYS: [unknown, ErrorType[]][] = [
  [undefined, T],
  [null, T],
  [true, T],
  [false, T],
  [{}, T],
  [[], T],
  [['a'], T],
  [Symbol('k'), T],
  [() => 1, T],
  [1n, T],
  [NaN, T],
  [new String('a'), T],
  [new Number(1), T],
  [new Date(0), T],
  [/a/, T],
];
const BAD_TTLS: [unknown, ErrorType[]][] = [
  [-1, R],
  [-0.5, R],
  [-Number.MIN_VALUE, R],
  [-Infinity, R],
  [NaN, R],
  ['5', T],
  [HUGE_KEY, T],
  [null, T],
  [true, T],
  [5n, T],
  [{}, T],
  [[], T],
  [[5], T],
  [new Number(5), T],
  [() => 5, T],
];
const NOT_OBJECTS: unknown[] = [null, 5, 'x', HUGE_KEY, true, [], ['t1'], () => ({}), 1n, Symbol('o')];
const NOT_ARRAYS: unknown[] = ['t1', 5, null, true, {}, { length: 1, 0: 't1' }, new Set(['t1']), new String('t1')];
const BAD_TAGS: unknown[] = ['', 5, null, undefined, NaN, ['t1'], new String('t1'), Symbol('t'), {}, true];
const sparse = (): unknown[] => {
  const array: unknown[] = new Array(2);
  array[1] = 't1';
  return array;
};

function keyCases(): BadCase[] {
  const cases: BadCase[] = [];
  const methods: [string, (cache: Cache, key: Key) => unknown][] = [
    ['set', (cache, key) => cache.set(key, 'X', { tags: ['t1'] })],
    ['get', (cache, key) => cache.get(key)],
    ['peek', (cache, key) => cache.peek(key)],
    ['has', (cache, key) => cache.has(key)],
    ['delete', (cache, key) => cache.delete(key)],
    ['tagsOf', (cache, key) => cache.tagsOf(key)],
  ];
  for (const [method, call] of methods) {
    for (const [key, errors] of BAD_KEYS) {
      cases.push({ label: `${method}(${label(key)})`, call: ({ cache }) => call(cache, bad(key)), errors, name: 'key' });
    }
  }
  return cases;
}

function setCases(): BadCase[] {
  const cases: BadCase[] = [];
  for (const key of ['a', 'new']) {
    const set =
      (value: unknown, options?: unknown) =>
      ({ cache }: Fixture) =>
        cache.set(key, bad(value), bad(options));
    cases.push({ label: `set(${key}, undefined)`, call: set(undefined), errors: T, name: 'value' });
    for (const options of NOT_OBJECTS) {
      cases.push({ label: `set(${key}, 'X', ${label(options)})`, call: set('X', options), errors: T, name: 'options' });
    }
    for (const tags of NOT_ARRAYS) {
      cases.push({ label: `set(${key}, tags ${label(tags)})`, call: set('X', { tags }), errors: T, name: 'options.tags' });
    }
    for (const tag of BAD_TAGS) {
      cases.push({ label: `set(${key}, tags [${label(tag)}])`, call: set('X', { tags: [tag] }), errors: T, name: 'options.tags[0]' });
      // A new, valid tag first: it must not be registered when a later one is bad.
      cases.push({
        label: `set(${key}, tags ['fresh', ${label(tag)}])`,
        call: set('X', { tags: ['fresh', tag], ttl: 5 }),
        errors: T,
        name: 'options.tags[1]',
      });
    }
    cases.push({ label: `set(${key}, tags sparse)`, call: set('X', { tags: sparse() }), errors: T, name: 'options.tags[0]' });
    for (const [ttl, errors] of BAD_TTLS) {
      cases.push({ label: `set(${key}, ttl ${label(ttl)})`, call: set('X', { tags: ['t3'], ttl }), errors, name: 'options.ttl' });
    }
  }
  return cases;
}

function tagCases(): BadCase[] {
  const cases: BadCase[] = [];
  for (const tag of [...BAD_TAGS.filter((tag) => !Array.isArray(tag)), new Set(['t1']), 1n]) {
    cases.push({ label: `bulkRemove(${label(tag)})`, call: ({ cache }) => cache.bulkRemove(bad(tag)), errors: T, name: 'tag' });
  }
  for (const tag of BAD_TAGS) {
    cases.push({
      label: `bulkRemove(['t1', ${label(tag)}])`,
      call: ({ cache }) => cache.bulkRemove(bad(['t1', tag])),
      errors: T,
      name: 'tag[1]',
    });
  }
  cases.push({ label: 'bulkRemove(sparse)', call: ({ cache }) => cache.bulkRemove(bad(sparse())), errors: T, name: 'tag[0]' });
  for (const method of ['countByTag', 'keysByTag', 'tagStats'] as const) {
    for (const tag of [...BAD_TAGS, [], 1n]) {
      cases.push({ label: `${method}(${label(tag)})`, call: ({ cache }) => cache[method](bad(tag)), errors: T, name: 'tag' });
    }
  }
  // markStale and bulkRemoveAsync take a tag or an array of tags, like bulkRemove; bulkRemoveAsync
  // throws synchronously (a returned promise, even a rejected one, would fail "the call must throw").
  const staleMethods: [string, (cache: Cache, tag: unknown) => unknown][] = [
    ['markStale', (cache, tag) => cache.markStale(bad(tag))],
    ['bulkRemoveAsync', (cache, tag) => cache.bulkRemoveAsync(bad(tag))],
    ['bulkRemoveAsync+options', (cache, tag) => cache.bulkRemoveAsync(bad(tag), { sliceMs: 1 })],
  ];
  for (const [method, call] of staleMethods) {
    for (const tag of [...BAD_TAGS.filter((tag) => !Array.isArray(tag)), new Set(['t1']), 1n]) {
      cases.push({ label: `${method}(${label(tag)})`, call: ({ cache }) => call(cache, tag), errors: T, name: 'tag' });
    }
    for (const tag of BAD_TAGS) {
      cases.push({ label: `${method}(['t1', ${label(tag)}])`, call: ({ cache }) => call(cache, ['t1', tag]), errors: T, name: 'tag[1]' });
    }
    cases.push({ label: `${method}(sparse)`, call: ({ cache }) => call(cache, sparse()), errors: T, name: 'tag[0]' });
  }
  return cases;
}

const BAD_SLICE_MS: [unknown, ErrorType[]][] = [
  [0, R],
  [-0, R],
  [-1, R],
  [-Number.MIN_VALUE, R],
  [NaN, R],
  [Infinity, R],
  [-Infinity, R],
  ['2', T],
  [HUGE_KEY, T],
  [null, T],
  [true, T],
  [2n, T],
  [{}, T],
  [[2], T],
  [new Number(2), T],
  [() => 2, T],
];

/** bulkRemoveAsync(tag, options): bad options, thrown synchronously before anything is made stale. */
function sliceCases(): BadCase[] {
  const cases: BadCase[] = [];
  for (const tag of ['t1', ['t1', 't2'], 'unknown']) {
    for (const options of NOT_OBJECTS) {
      cases.push({
        label: `bulkRemoveAsync(${label(tag)}, ${label(options)})`,
        call: ({ cache }) => cache.bulkRemoveAsync(tag, bad(options)),
        errors: T,
        name: 'options',
      });
    }
    for (const [sliceMs, errors] of BAD_SLICE_MS) {
      cases.push({
        label: `bulkRemoveAsync(${label(tag)}, { sliceMs: ${label(sliceMs)} })`,
        call: ({ cache }) => cache.bulkRemoveAsync(tag, { sliceMs: bad(sliceMs) }),
        errors,
        name: 'options.sliceMs',
      });
    }
  }
  return cases;
}

/** A clock that returns something other than a finite number, met by every operation that reads it. */
function clockCases(): BadCase[] {
  const cases: BadCase[] = [];
  const readers: [string, (cache: Cache) => unknown][] = [
    ['set', (cache) => cache.set('c', 'C')],
    ['set existing', (cache) => cache.set('a', 'A2', { ttl: 5 })],
    ['get', (cache) => cache.get('a')],
    ['get missing', (cache) => cache.get('missing')],
    ['peek', (cache) => cache.peek(1)],
    ['has', (cache) => cache.has('b')],
    ['delete', (cache) => cache.delete('a')],
    ['tagsOf', (cache) => cache.tagsOf('a')],
    ['bulkRemove', (cache) => cache.bulkRemove('t2')],
    ['countByTag', (cache) => cache.countByTag('t1')],
    ['tagStats', (cache) => cache.tagStats('t1')],
    ['keysByTag', (cache) => cache.keysByTag('t2')],
    ['clear', (cache) => cache.clear()],
    ['purgeExpired', (cache) => cache.purgeExpired()],
    ['entries', (cache) => [...cache.entries()]],
    ['keys', (cache) => [...cache.keys()]],
  ];
  for (const reading of [NaN, Infinity, -Infinity, '100', undefined, null, 100n, {}, [100]]) {
    for (const [method, call] of readers) {
      cases.push({
        label: `${method} while now() returns ${label(reading)}`,
        call: (fixture) => {
          fixture.clock.reading = reading;
          try {
            return call(fixture.cache);
          } finally {
            fixture.clock.reading = 100;
          }
        },
        errors: [TypeError, RangeError],
        name: 'options.now',
      });
    }
  }
  return cases;
}

describe.each([
  ['keys', keyCases()],
  ['set', setCases()],
  ['tags', tagCases()],
  ['bulkRemoveAsync options', sliceCases()],
  ['clock readings', clockCases()],
])('bad %s', (_group, cases) => {
  it.each(cases.map((entry) => [entry.label, entry] as const))('%s: throws naming the argument, changes nothing', (_label, entry) => {
    const subject = fixture();
    const before = snapshot(subject.cache);
    expectNamedError(
      thrownBy(() => entry.call(subject)),
      entry.errors,
      entry.name,
    );
    badInputsTried++;
    expect(subject.removals).toEqual([]);
    expect(snapshot(subject.cache)).toEqual(before);
    expect(integrityOf(subject.cache)).toBe(0);
    // Still fully usable.
    subject.cache.set('after', 'ok', { tags: ['t3'], ttl: 50 });
    expect([subject.cache.get('after'), subject.cache.countByTag('t3'), integrityOf(subject.cache)]).toEqual(['ok', 1, 0]);
  });
});

describe('bad constructor options (new TagCache and TagCache.create)', () => {
  const base = { maxEntries: 10 };
  const cases: [string, unknown, ErrorType[], string][] = [];
  for (const options of [undefined, null, 5, 'x', true, [], [{ maxEntries: 1 }], () => ({}), 1n, Symbol('o')]) {
    cases.push([label(options), options, T, 'options']);
  }
  for (const maxEntries of [undefined, '10', HUGE_KEY, null, true, 10n, new Number(10), [10], {}]) {
    cases.push([`maxEntries ${label(maxEntries)}`, { maxEntries }, T, 'options.maxEntries']);
  }
  for (const maxEntries of [0, -0, -1, 1.5, 0.999, 1e-9, NaN, Infinity, -Infinity, 2 ** 24 + 1, 2 ** 32, Number.MAX_SAFE_INTEGER]) {
    cases.push([`maxEntries ${label(maxEntries)}`, { maxEntries }, R, 'options.maxEntries']);
  }
  for (const [ttl, errors] of BAD_TTLS) cases.push([`ttl ${label(ttl)}`, { ...base, ttl }, errors, 'options.ttl']);
  for (const option of ['now', 'onRemove'] as const) {
    for (const value of [5, 'x', HUGE_KEY, null, {}, true, [], 1n]) {
      cases.push([`${option} ${label(value)}`, { ...base, [option]: value }, T, `options.${option}`]);
    }
  }

  for (const tagSeparator of ['', 1, 0, {}, null, true, [], ['/'], new String('/'), 1n, Symbol('s'), () => '/']) {
    cases.push([`tagSeparator ${label(tagSeparator)}`, { ...base, tagSeparator }, T, 'options.tagSeparator']);
  }

  it.each(cases)('%s', async (_label, options, errors, name) => {
    expectNamedError(
      thrownBy(() => new TagCache(bad(options))),
      errors,
      name,
    );
    let rejection: unknown;
    await TagCache.create(bad(options)).catch((error: unknown) => (rejection = error));
    expectNamedError(rejection, errors, name);
    badInputsTried += 2;
  });
});

describe('legal edge inputs work', () => {
  function freshCache(options: Partial<TagCacheOptions<Key, unknown>> = {}) {
    const clock = { time: 100 };
    const cache = new TagCache<Key, unknown>({ maxEntries: 4, now: () => clock.time, ...options });
    return { cache, clock };
  }

  const LEGAL_KEYS: Key[] = [
    '',
    ' ',
    '\u0000',
    '\ud800',
    'NaN',
    'undefined',
    HUGE_KEY,
    Infinity,
    -Infinity,
    -1,
    1.5,
    -1e-300,
    0,
    -0,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    2 ** 53,
    -(2 ** 31),
    2 ** 31,
    2 ** 32 + 0.5,
  ];
  it.each(LEGAL_KEYS.map((key) => [label(key), key] as const))('key %s', (_label, key) => {
    const { cache } = freshCache();
    const token = { token: key };
    cache.set(key, token, { tags: ['t1'] }).set('other', 'o', { tags: ['t1'] });
    const stored = key === 0 ? 0 : key; // -0 is stored as 0, like Map does
    expect([cache.get(key), cache.peek(key), cache.has(key), cache.tagsOf(key)]).toEqual([token, token, true, ['t1']]);
    expect(cache.get(key)).toBe(token);
    expect([...cache.keys()]).toEqual([stored, 'other']);
    expect(Object.is([...cache.keys()][0], stored)).toBe(true);
    expect(cache.keysByTag('t1')).toContain(stored);
    expect(cache.has(typeof key === 'string' ? Number(key) || 'x' : String(key))).toBe(false); // '1' and 1 differ
    expect(cache.delete(key)).toBe(true);
    expect([cache.has(key), cache.size, integrityOf(cache)]).toEqual([false, 1, 0]);
  });

  it('values other than undefined, including null, NaN and functions', () => {
    const { cache } = freshCache({ maxEntries: 20 });
    const values: unknown[] = [null, NaN, 0, -0, '', false, {}, [], Symbol('v'), () => 1, 10n];
    values.forEach((value, index) => cache.set(index, value));
    values.forEach((value, index) => expect(Object.is(cache.get(index), value)).toBe(true));
    expect(integrityOf(cache)).toBe(0);
  });

  it('TTLs: 0, -0 and Infinity never expire; fractional, tiny and huge ones work', () => {
    const { cache, clock } = freshCache({ maxEntries: 20 });
    const ttls = [0, -0, Infinity, Number.MAX_VALUE, 1e300, 1.5, 0.001, Number.MIN_VALUE];
    ttls.forEach((ttl, index) => cache.set(index, index, { ttl }));
    cache.set('undefined ttl', 1, { ttl: undefined }).set('no options', 1, {});
    // A misspelled or unknown option is an error, not silently ignored (it stores nothing).
    expect(() => cache.set('extra', 1, bad({ ttl: 1, extra: true }))).toThrow(
      /^taglru: options\.extra is not an option; known options: tags, ttl$/,
    );
    expect(() => cache.set('extra', 1, bad({ tag: ['t'] }))).toThrow(/^taglru: options\.tag is not an option; did you mean tags\?$/);
    expect(cache.has(7)).toBe(false); // 100 + MIN_VALUE rounds to 100: expired at once
    clock.time += 0.0009;
    expect([cache.has(6), cache.has(5)]).toEqual([true, true]);
    clock.time += 1.4991; // 101.5
    expect([cache.has(5), cache.has(6), cache.has('extra')]).toEqual([false, false, false]);
    clock.time = 1e15;
    expect([0, 1, 2, 3, 4].map((key) => cache.has(key))).toEqual([true, true, true, true, true]);
    expect([cache.has('undefined ttl'), cache.has('no options')]).toEqual([true, true]);
    expect(integrityOf(cache)).toBe(0);
    for (const ttl of [undefined, 0, Infinity, 0.5]) expect(freshCache({ ttl }).cache.set('k', 1).has('k')).toBe(true);
  });

  it('maxEntries 1, 1.0 and 2^24 (allocated lazily)', () => {
    for (const maxEntries of [1, 1.0, 2 ** 24]) {
      const { cache } = freshCache({ maxEntries });
      cache.set('a', 1).set('b', 2);
      expect([cache.maxEntries, cache.size, cache.get('b')]).toEqual([maxEntries, Math.min(2, maxEntries), 2]);
    }
  });

  it('1 MiB keys and 1 MiB tags', () => {
    const { cache } = freshCache();
    cache.set(HUGE_KEY, 'big', { tags: [HUGE_TAG, 't1'] }).set('small', 's', { tags: [HUGE_TAG] });
    expect(cache.get(HUGE_KEY)).toBe('big');
    expect(cache.get(HUGE_KEY.slice(1) + 'k')).toBe('big'); // an equal string, not the same object
    expect(cache.has(HUGE_KEY.slice(1))).toBe(false);
    expect(cache.tagsOf(HUGE_KEY)).toEqual([HUGE_TAG, 't1']);
    expect([cache.countByTag(HUGE_TAG), cache.countByTag(HUGE_TAG.slice(1)), cache.stats().tags]).toEqual([2, 0, 2]);
    expect(cache.keysByTag(HUGE_TAG).sort()).toEqual([HUGE_KEY, 'small'].sort());
    expect(cache.bulkRemove([HUGE_TAG.slice(0, -1) + '!'])).toBe(2);
    expect([cache.size, cache.stats().tags, integrityOf(cache)]).toEqual([0, 0, 0]);
  });

  it('thousands of tags on one entry, with duplicates, and bulkRemove of thousands of tags', () => {
    const { cache } = freshCache();
    const tags = Array.from({ length: 5000 }, (_, index) => `tag:${index}`);
    const withDuplicates = [...tags, ...tags.slice(0, 100), 'tag:7'];
    cache.set('many', 'M', { tags: withDuplicates }).set('few', 'F', { tags: ['tag:4999', 'other'] });
    expect(cache.tagsOf('many')).toEqual(tags);
    expect(cache.stats().tags).toBe(5001);
    expect([cache.countByTag('tag:0'), cache.countByTag('tag:4999'), cache.countByTag('tag:5000')]).toEqual([1, 2, 0]);
    expect(cache.keysByTag('tag:2500')).toEqual(['many']);
    cache.set('many', 'M2', { tags: ['tag:1', 'x'] }); // replaces 5000 tags with 2
    expect([cache.stats().tags, cache.countByTag('tag:2'), cache.tagsOf('many')]).toEqual([4, 0, ['tag:1', 'x']]);
    cache.set('many', 'M3', { tags });
    const query = [...Array.from({ length: 3000 }, (_, index) => `unknown:${index}`), ...tags.slice(2000)];
    expect(cache.bulkRemove(query)).toBe(2);
    expect([cache.size, cache.stats().tags, integrityOf(cache)]).toEqual([0, 0, 0]);
  });

  it('markStale, tagStats and bulkRemoveAsync: 1 MiB tags, thousands of tags, duplicates, empty arrays, unknown tags', async () => {
    const { cache } = freshCache({ maxEntries: 10 });
    const tags = Array.from({ length: 3000 }, (_, index) => `tag:${index}`);
    cache
      .set('huge', 'H', { tags: [HUGE_TAG, 't1'] })
      .set('many', 'M', { tags })
      .set('plain', 'P');
    expect([cache.markStale([]), cache.markStale('unknown'), cache.tagStats('unknown')]).toEqual([
      0,
      0,
      { entries: 0, hits: 0, misses: 0, removed: 0 },
    ]);
    cache.get('huge');
    expect(cache.tagStats(HUGE_TAG.slice(0, -1) + '!')).toEqual({ entries: 1, hits: 1, misses: 0, removed: 0 });
    expect(cache.markStale([HUGE_TAG, HUGE_TAG, 't1'])).toBe(1);
    expect(cache.markStale([...tags, ...tags, 'unknown'])).toBe(1);
    expect([cache.size, cache.stats().staleEntries, [...cache.keys()]]).toEqual([3, 2, ['plain']]);
    cache.set('again', 'A', { tags: ['tag:2999'] });
    await expect(cache.bulkRemoveAsync([...tags.slice(2000), 'unknown'], { sliceMs: Number.MIN_VALUE })).resolves.toBe(1);
    await expect(cache.bulkRemoveAsync([], { sliceMs: 1e300 })).resolves.toBe(0);
    expect(() => cache.bulkRemoveAsync('unknown', bad({ sliceMs: 1, extra: true }))).toThrow(/options\.extra is not an option/);
    expect(cache.purgeExpired()).toBe(cache.stats().staleEntries);
    expect([[...cache.keys()], cache.size, integrityOf(cache)]).toEqual([['plain'], 1, 0]);
  });

  it('tagSeparator: one character, several, unicode, NUL, longer than the tags', () => {
    // (Not 1 MiB: ancestors are found with lastIndexOf, O(tag length x separator length).)
    for (const tagSeparator of ['/', '::', ' > ', '\u00b7', '\ud83d\ude00', '\u0000', 'a-very-long-separator', 'S'.repeat(1024)]) {
      const { cache } = freshCache({ maxEntries: 10, tagSeparator });
      const leaf = ['root', 'mid', 'leaf'].join(tagSeparator);
      cache.set('k', 1, { tags: [leaf] }).set('j', 2, { tags: ['root'] });
      expect([cache.countByTag('root'), cache.countByTag(['root', 'mid'].join(tagSeparator)), cache.tagsOf('k')]).toEqual([2, 1, [leaf]]);
      expect([cache.bulkRemove('root'), cache.size, integrityOf(cache)]).toEqual([2, 0, 0]);
    }
    const { cache } = freshCache({ tagSeparator: undefined });
    cache.set('k', 1, { tags: ['a/b'] });
    expect([cache.countByTag('a'), cache.countByTag('a/b')]).toEqual([0, 1]);
  });

  it('empty tag arrays and unknown tags', () => {
    const { cache } = freshCache();
    cache.set('a', 1, { tags: [] }).set('b', 2, { tags: undefined });
    expect([cache.bulkRemove([]), cache.bulkRemove('unknown'), cache.countByTag('unknown'), cache.keysByTag('unknown')]).toEqual([
      0,
      0,
      0,
      [],
    ]);
    expect([cache.tagsOf('a'), cache.size, integrityOf(cache)]).toEqual([[], 2, 0]);
  });
});
