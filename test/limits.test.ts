// Limits: the largest maxEntries, and memory growth refused at the WebAssembly
// maximum (the "limited" build caps memory at 2 MiB). A refused growth is a
// RangeError, the failed call changes nothing, and the cache keeps working.
import { afterAll, describe, expect, it } from 'vitest';
import { TagCache } from '../src/tag-cache';
import { useCoreModule } from '../src/core';
import { useBuild } from './support/builds';
import { coreOf, integrityOf } from './support/internals';

afterAll(() => useCoreModule(undefined));

function countsOf(cache: TagCache<number, number>): unknown {
  return [cache.size, cache.stats().tags, cache.countByTag('shared')];
}

/** The entries a cache holds after keys 0 .. stored - 1 were set in order: most recent first. */
function expectFilledWith(cache: TagCache<number, number>, stored: number): void {
  expect([...cache.entries()]).toEqual(Array.from({ length: stored }, (_, index) => [stored - 1 - index, stored - 1 - index]));
}

/** Fills a capped cache until a set is refused; returns the cache and how many keys it stored. */
function fillUntilRefused(tagsFor: (key: number) => string[], clock = () => 0) {
  useBuild('limited');
  const cache = new TagCache<number, number>({ maxEntries: 1_000_000, now: clock });
  for (let key = 0; key < 1_000_000; key++) {
    const before = countsOf(cache);
    try {
      cache.set(key, key, { tags: tagsFor(key) });
    } catch (error) {
      expect(countsOf(cache)).toEqual(before);
      expectFilledWith(cache, key);
      return { cache, stored: key, error };
    }
  }
  throw new Error('memory never ran out');
}

describe('memory growth refused', () => {
  it('surfaces as a RangeError; the failed set changes nothing and the cache stays usable', () => {
    const { cache, stored, error } = fillUntilRefused((key) => ['shared', `own:${key}`]);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(/memory/);
    expect(stored).toBeGreaterThan(1000);
    expect(integrityOf(cache)).toBe(0);
    expect(cache.size).toBe(stored);
    expect(cache.has(stored)).toBe(false);
    expect(cache.get(stored - 1)).toBe(stored - 1);
    expect(cache.countByTag('shared')).toBe(stored);
    // Freed slots are reused without growing memory.
    for (let key = 0; key < 100; key++) expect(cache.delete(key)).toBe(true);
    for (let key = 0; key < 100; key++) cache.set(-1 - key, key, { tags: ['shared'] });
    expect(cache.size).toBe(stored);
    expect(cache.bulkRemove('shared')).toBe(stored);
    expect(cache.size).toBe(0);
    expect(integrityOf(cache)).toBe(0);
  });

  it('listing calls that need scratch space fail cleanly too', () => {
    const { cache, stored } = fillUntilRefused(() => ['shared']);
    expect(integrityOf(cache)).toBe(0);
    // Listing a tag needs a scratch word per entry, which may not fit any more.
    let listed: number[] | undefined;
    try {
      listed = cache.keysByTag('shared');
    } catch (error) {
      expect(error).toBeInstanceOf(RangeError);
    }
    if (listed !== undefined) expect(listed).toHaveLength(stored);
    expect(cache.countByTag('shared')).toBe(stored);
    expect(integrityOf(cache)).toBe(0);
  });

  it('a TTL first used when memory is full either works or is refused before anything changes', () => {
    let time = 0;
    const { cache, stored } = fillUntilRefused(
      () => [],
      () => time,
    );
    let refused = false;
    try {
      cache.set(0, -1, { ttl: 1000 });
    } catch (error) {
      expect(error).toBeInstanceOf(RangeError);
      refused = true;
    }
    if (refused) {
      expectFilledWith(cache, stored);
    } else {
      expect(cache.get(0)).toBe(-1);
      time = 1000;
      expect(cache.get(0)).toBeUndefined();
      expect(cache.size).toBe(stored - 1);
    }
    expect(coreOf(cache).checkIntegrity!()).toBe(0);
  });
});

describe('largest capacity', () => {
  it('holds 16,777,216 entries and evicts past that', () => {
    useBuild('release');
    const maxEntries = 16_777_216;
    const cache = new TagCache<number, number>({ maxEntries });
    for (let key = 0; key < maxEntries; key++) cache.set(key, key);
    expect(cache.size).toBe(maxEntries);
    expect(cache.get(0)).toBe(0);
    cache.set(maxEntries, 1);
    expect(cache.size).toBe(maxEntries);
    expect(cache.has(1)).toBe(false); // the least recent entry was evicted
    expect(cache.get(maxEntries - 1)).toBe(maxEntries - 1);
    expect(cache.stats().evictions).toBe(1);
  }, 120_000);
});
