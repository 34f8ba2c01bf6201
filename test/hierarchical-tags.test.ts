// Hierarchical tags (the tagSeparator option): an entry tagged 'src/components/a.ts'
// also belongs to 'src/components' and 'src', so every tag query and removal of
// a level covers the entries below it.
import { describe, expect, it } from 'vitest';
import { TagCache } from '../src/tag-cache';
import type { DumpEntry } from '../src/types';
import { controlledLoader } from './support/deferred';
import { expectIntact, type Key, recordingCache, useDebugBuild } from './support/setup';

useDebugBuild();

const sorted = (keys: Key[]): string[] => keys.map(String).sort();

function treeCache(separator = '/') {
  const fixture = recordingCache({ maxEntries: 100, tagSeparator: separator });
  const s = separator;
  fixture.cache
    .set('a', 'A', { tags: [`src${s}components${s}a.ts`] })
    .set('b', 'B', { tags: [`src${s}components${s}deep${s}b.ts`] })
    .set('c', 'C', { tags: [`src${s}utils${s}c.ts`] })
    .set('readme', 'R', { tags: ['README.md'] })
    .set('srcx', 'X', { tags: [`srcx${s}file.ts`] })
    .set('plain', 'P');
  return fixture;
}

describe('tagSeparator: membership of every level', () => {
  it('an entry belongs to its tag and every ancestor level, and to nothing else', () => {
    const { cache } = treeCache();
    expect(cache.countByTag('src/components/a.ts')).toBe(1);
    expect(cache.countByTag('src/components')).toBe(2);
    expect(cache.countByTag('src/components/deep')).toBe(1);
    expect(cache.countByTag('src')).toBe(3);
    expect(cache.countByTag('srcx')).toBe(1);
    expect(sorted(cache.keysByTag('src'))).toEqual(['a', 'b', 'c']);
    expect(sorted(cache.keysByTag('src/components'))).toEqual(['a', 'b']);
    expect(cache.tagStats('src').entries).toBe(3);
    expect(cache.tagStats('src/utils')).toEqual({ entries: 1, hits: 0, misses: 0, removed: 0 });
    // Prefixes that are not levels, levels in the middle or at the end alone, and the separator itself are not tags.
    for (const notALevel of ['sr', 'src/comp', 'src/', 'components', 'a.ts', 'components/a.ts', '/', 'src/components/']) {
      expect(cache.countByTag(notALevel), notALevel).toBe(0);
    }
    // Each level is a tag of its own, counted by stats().tags.
    expect(cache.stats().tags).toBe(
      [
        'src',
        'src/components',
        'src/components/a.ts',
        'src/components/deep',
        'src/components/deep/b.ts',
        'src/utils',
        'src/utils/c.ts',
        'README.md',
        'srcx',
        'srcx/file.ts',
      ].length,
    );
    expectIntact(cache);
  });

  it('an entry with several tags under one level is counted once for it', () => {
    const cache = new TagCache<string, number>({ maxEntries: 10, tagSeparator: '/' });
    cache.set('k', 1, { tags: ['src/a.ts', 'src/b.ts', 'src/lib/c.ts', 'src'] });
    expect([cache.countByTag('src'), cache.countByTag('src/lib'), cache.keysByTag('src')]).toEqual([1, 1, ['k']]);
    expect(cache.bulkRemove('src')).toBe(1);
    expect(cache.stats()).toMatchObject({ size: 0, tags: 0 });
    expectIntact(cache);
  });

  it('without the option tags are flat: "a/b" is just a tag', () => {
    const cache = new TagCache<string, number>({ maxEntries: 10 });
    cache.set('k', 1, { tags: ['src/a/b.ts'] });
    expect([cache.countByTag('src'), cache.countByTag('src/a'), cache.countByTag('src/a/b.ts')]).toEqual([0, 0, 1]);
    expect(cache.bulkRemove('src')).toBe(0);
    expect(cache.markStale('src/a')).toBe(0);
    expect(cache.tagsOf('k')).toEqual(['src/a/b.ts']);
    expect(cache.stats().tags).toBe(1);
    expect(cache.get('k')).toBe(1);
    expectIntact(cache);
  });

  it('separators longer than one character', () => {
    const { cache } = treeCache('::');
    expect([cache.countByTag('src'), cache.countByTag('src::components'), cache.countByTag('src::components::deep')]).toEqual([3, 2, 1]);
    expect(cache.countByTag('src:')).toBe(0);
    expect(cache.countByTag('src::')).toBe(0);
    expect(cache.tagsOf('b')).toEqual(['src::components::deep::b.ts']);
    expect(cache.bulkRemove('src::components')).toBe(2);
    expect(cache.countByTag('src')).toBe(1);

    // A single ':' is not the separator, and '/' means nothing with '::'.
    const other = new TagCache<string, number>({ maxEntries: 10, tagSeparator: '::' });
    other.set('k', 1, { tags: ['a:b/c::d'] });
    expect([other.countByTag('a'), other.countByTag('a:b'), other.countByTag('a:b/c'), other.countByTag('a:b/c::d')]).toEqual([0, 0, 1, 1]);
    const word = new TagCache<string, number>({ maxEntries: 10, tagSeparator: ' > ' });
    word.set('k', 1, { tags: ['Home > Docs > API'] });
    expect([word.countByTag('Home'), word.countByTag('Home > Docs'), word.countByTag('Home > Docs > API')]).toEqual([1, 1, 1]);
    expect(word.bulkRemove('Home')).toBe(1);
    expectIntact(cache);
    expectIntact(other);
    expectIntact(word);
  });

  it('deep paths: every one of 60 levels is a tag, and removing a middle level removes the entries below it', () => {
    const cache = new TagCache<string, number>({ maxEntries: 100, tagSeparator: '/' });
    const levels = Array.from({ length: 60 }, (_, index) => `d${index}`);
    const path = (depth: number): string => levels.slice(0, depth).join('/');
    cache.set('deepest', 60, { tags: [path(60)] });
    cache.set('at30', 30, { tags: [path(30)] });
    cache.set('at29', 29, { tags: [path(29)] });
    cache.set('branch', 31, { tags: [`${path(30)}/other`] });
    for (let depth = 1; depth <= 29; depth++) expect(cache.countByTag(path(depth)), `depth ${depth}`).toBe(4);
    expect(cache.countByTag(path(30))).toBe(3);
    for (let depth = 31; depth <= 60; depth++) expect(cache.countByTag(path(depth)), `depth ${depth}`).toBe(1);
    expect(cache.tagsOf('deepest')).toEqual([path(60)]);
    expect(cache.bulkRemove(path(30))).toBe(3);
    expect([...cache.keys()]).toEqual(['at29']);
    expect(cache.countByTag(path(1))).toBe(1);
    expect(cache.countByTag(path(45))).toBe(0);
    expect(cache.stats().tags).toBe(29);
    expectIntact(cache);
  });

  it('levels are found as split() finds separators: an empty prefix is skipped, overlapping occurrences are not separators', () => {
    const cache = new TagCache<string, number>({ maxEntries: 10, tagSeparator: '::' });
    cache.set('k', 1, { tags: ['a:::b'] }); // 'a:::b'.split('::') is ['a', ':b']
    expect([cache.countByTag('a'), cache.countByTag('a:'), cache.countByTag('a:::b')]).toEqual([1, 0, 1]);
    const slashes = new TagCache<string, number>({ maxEntries: 10, tagSeparator: '/' });
    slashes.set('k', 1, { tags: ['a//b'] }); // levels 'a' and 'a/' (an empty level in the middle)
    expect([slashes.countByTag('a'), slashes.countByTag('a/'), slashes.countByTag('a//b')]).toEqual([1, 1, 1]);
    expect(slashes.tagsOf('k')).toEqual(['a//b']);
    expectIntact(cache);
    expectIntact(slashes);
  });

  it('a tag of 32,768 levels: every level is a tag, and tagsOf and dump give back the tag alone', () => {
    const tag = `${'a/'.repeat(32_768)}z`;
    const cache = new TagCache<string, number>({ maxEntries: 10, tagSeparator: '/' });
    cache.set('k', 1, { tags: [tag, 'other'] });
    expect(cache.stats().tags).toBe(32_770);
    expect(cache.tagsOf('k')).toEqual([tag, 'other']);
    expect(cache.dump()[0]![2].tags).toEqual([tag, 'other']);
    expect(cache.countByTag('a/a/a')).toBe(1);
    expect(cache.bulkRemove('a')).toBe(1);
    expect(cache.stats().tags).toBe(0);
    expectIntact(cache);
  });

  it('empty levels are skipped: a leading separator gives ancestors without the empty first level', () => {
    const cache = new TagCache<string, number>({ maxEntries: 10, tagSeparator: '/' });
    cache.set('abs', 1, { tags: ['/src/a'] });
    expect([cache.countByTag('/src/a'), cache.countByTag('/src'), cache.countByTag('/'), cache.countByTag('src')]).toEqual([1, 1, 0, 0]);
    expect(cache.stats().tags).toBe(2);
    expect(cache.tagsOf('abs')).toEqual(['/src/a']);
    cache.set('trailing', 2, { tags: ['lib/'] });
    expect([cache.countByTag('lib/'), cache.countByTag('lib')]).toEqual([1, 1]);
    expect(cache.tagsOf('trailing')).toEqual(['lib/']);
    cache.set('root', 3, { tags: ['/'] });
    expect(cache.countByTag('/')).toBe(1);
    expect(cache.stats().tags).toBe(5);
    expect(cache.bulkRemove('/src')).toBe(1);
    expect(sorted([...cache.keys()])).toEqual(['root', 'trailing']);
    expectIntact(cache);
  });
});

describe('tagSeparator: removal and invalidation of a level', () => {
  it('bulkRemove of the root level removes every entry below it, each once, and nothing beside it', () => {
    const { cache, removals } = treeCache();
    expect(cache.bulkRemove('src')).toBe(3);
    expect(sorted(removals.map(([key]) => key))).toEqual(['a', 'b', 'c']);
    expect(removals.every(([, , reason]) => reason === 'tag')).toBe(true);
    expect(sorted([...cache.keys()])).toEqual(['plain', 'readme', 'srcx']);
    for (const level of ['src', 'src/components', 'src/components/deep', 'src/utils', 'src/utils/c.ts']) {
      expect(cache.countByTag(level), level).toBe(0);
    }
    expect(cache.stats().tags).toBe(3);
    expectIntact(cache);
  });

  it('bulkRemove of a middle level removes only its subtree; the ancestors keep the rest', () => {
    const { cache, removals } = treeCache();
    expect(cache.bulkRemove('src/components')).toBe(2);
    expect(sorted(removals.map(([key]) => key))).toEqual(['a', 'b']);
    expect(cache.countByTag('src')).toBe(1);
    expect(cache.keysByTag('src')).toEqual(['c']);
    expect(cache.countByTag('src/components/deep')).toBe(0);
    expect(cache.countByTag('src/utils')).toBe(1);
    expect(cache.bulkRemove('src/components')).toBe(0);
    expect(cache.bulkRemove(['src/utils/c.ts', 'README.md'])).toBe(2);
    expect(cache.countByTag('src')).toBe(0);
    expect(sorted([...cache.keys()])).toEqual(['plain', 'srcx']);
    expectIntact(cache);
  });

  it('markStale of a level hides its subtree; counts of the ancestors drop accordingly; new entries are fresh', () => {
    const { cache, removals } = treeCache();
    expect(cache.markStale('src/components')).toBe(2);
    expect([cache.has('a'), cache.has('b'), cache.has('c')]).toEqual([false, false, true]);
    expect(cache.countByTag('src')).toBe(1);
    expect(cache.keysByTag('src')).toEqual(['c']);
    expect(sorted(removals.map(([key]) => key))).toEqual(['a', 'b']);
    expect(removals.every(([, , reason]) => reason === 'stale')).toBe(true);
    expect(cache.markStale('src')).toBe(1); // c; a and b were stale already
    expect(cache.markStale('src/components/a.ts')).toBe(0);
    cache.set('a2', 'A2', { tags: ['src/components/a2.ts'] });
    expect(cache.countByTag('src')).toBe(1);
    expect(cache.countByTag('src/components')).toBe(1);
    expect(cache.markStale('src')).toBe(1);
    expect(cache.get('a2')).toBeUndefined();
    expect(sorted([...cache.keys()])).toEqual(['plain', 'readme', 'srcx']);
    expectIntact(cache);
  });

  it('markStale of a leaf hides only that entry', () => {
    const { cache } = treeCache();
    expect(cache.markStale('src/components/deep/b.ts')).toBe(1);
    expect([cache.countByTag('src'), cache.countByTag('src/components'), cache.countByTag('src/components/deep')]).toEqual([2, 1, 0]);
    expect(cache.get('a')).toBe('A');
    expectIntact(cache);
  });

  it('bulkRemoveAsync of a level', async () => {
    const { cache, removals } = treeCache();
    await expect(cache.bulkRemoveAsync('src')).resolves.toBe(3);
    expect(sorted(removals.map(([key]) => key))).toEqual(['a', 'b', 'c']);
    expect(cache.size).toBe(3);
    expectIntact(cache);
  });

  it('evicting or re-setting an entry updates the counts of its levels', () => {
    const { cache } = recordingCache({ maxEntries: 2, tagSeparator: '/' });
    cache.set('a', 1, { tags: ['src/x/a'] }).set('b', 2, { tags: ['src/y/b'] });
    expect(cache.countByTag('src')).toBe(2);
    cache.set('b', 3, { tags: ['lib/b'] });
    expect([cache.countByTag('src'), cache.countByTag('src/y'), cache.countByTag('lib')]).toEqual([1, 0, 1]);
    cache.set('c', 4, { tags: ['lib/c'] }); // evicts a
    expect([cache.countByTag('src'), cache.countByTag('src/x'), cache.countByTag('lib')]).toEqual([0, 0, 2]);
    expect(cache.stats().tags).toBe(3);
    expectIntact(cache);
  });
});

describe('tagSeparator: tagsOf and dump/load', () => {
  it('tagsOf returns the given tags in order, minus those implied by another tag of the entry', () => {
    const cache = new TagCache<string, number>({ maxEntries: 10, tagSeparator: '/' });
    cache.set('k', 1, { tags: ['src/a', 'other', 'src', 'src/a/x.ts', 'src/b', 'srcfoo', 'src2/z'] });
    expect(cache.tagsOf('k')).toEqual(['other', 'src/a/x.ts', 'src/b', 'srcfoo', 'src2/z']);
    cache.set('flat', 2, { tags: ['src'] });
    expect(cache.tagsOf('flat')).toEqual(['src']);
    cache.set('siblings', 3, { tags: ['a/b', 'a/c', 'a/b'] });
    expect(cache.tagsOf('siblings')).toEqual(['a/b', 'a/c']);
    expect(cache.countByTag('src')).toBe(2);
    expect(cache.countByTag('a')).toBe(1);
    expectIntact(cache);
  });

  it('dump lists the given tags without implied levels, and load into a cache with the same separator restores every level', () => {
    const { cache, clock } = treeCache();
    cache.set('both', 'BOTH', { tags: ['src', 'src/utils/d.ts', 'x/y'], ttl: 100 });
    cache.get('a');
    clock.time = 30;
    const dump = cache.dump();
    expect(dump.find(([key]) => key === 'both')).toEqual(['both', 'BOTH', { tags: ['src/utils/d.ts', 'x/y'], ttlRemaining: 70 }]);
    expect(dump.find(([key]) => key === 'b')?.[2].tags).toEqual(['src/components/deep/b.ts']);

    const copy = recordingCache({ maxEntries: 100, tagSeparator: '/' });
    copy.clock.time = 1000;
    copy.cache.load(JSON.parse(JSON.stringify(dump)) as DumpEntry<Key, unknown>[]);
    expect([...copy.cache.keys()]).toEqual([...cache.keys()]);
    expect(copy.cache.dump().map(([key, value, meta]) => [key, value, meta.tags])).toEqual(
      dump.map(([key, value, meta]) => [key, value, meta.tags]),
    );
    for (const level of ['src', 'src/components', 'src/components/deep', 'src/utils', 'x', 'x/y', 'srcx', 'README.md']) {
      expect(copy.cache.countByTag(level), level).toBe(cache.countByTag(level));
      expect(sorted(copy.cache.keysByTag(level)), level).toEqual(sorted(cache.keysByTag(level)));
    }
    expect(copy.cache.stats().tags).toBe(cache.stats().tags);
    expect(copy.cache.ttlRemaining('both')).toBe(70);
    expect(copy.cache.bulkRemove('src')).toBe(4);
    expect(copy.cache.countByTag('x')).toBe(0);
    expectIntact(copy.cache);
  });
});

describe('tagSeparator: load guard (getOrSet)', () => {
  // Found while writing these tests (loads were indexed by the tags as given only); fixed in 7ecbdc7.
  it.each([
    ['markStale', 'src'],
    ['markStale', 'src/components'],
    ['bulkRemove', 'src'],
    ['bulkRemove', 'src/components'],
    ['bulkRemoveAsync', 'src'],
    ['markStale', 'src/components/a.ts'],
  ] as const)('%s(%j) during a load tagged src/components/a.ts: the result reaches the caller but is not stored', async (method, level) => {
    const { cache } = recordingCache({ maxEntries: 10, tagSeparator: '/' });
    const { loader, calls } = controlledLoader<Key, string>();
    const load = cache.getOrSet('k', loader, { tags: ['src/components/a.ts'] });
    await cache[method](level);
    calls[0]!.result.resolve('computed before the invalidation');
    await expect(load).resolves.toBe('computed before the invalidation');
    expect(cache.has('k')).toBe(false);
    expect(cache.countByTag(level)).toBe(0);
    expectIntact(cache);
  });

  it('invalidating a sibling or a deeper level does not stop the load from being stored', async () => {
    const { cache } = recordingCache({ maxEntries: 10, tagSeparator: '/' });
    const { loader, calls } = controlledLoader<Key, string>();
    const load = cache.getOrSet('k', loader, { tags: ['src/components'] });
    cache.markStale('src/utils');
    cache.bulkRemove('src/components/a.ts');
    cache.markStale('srcx');
    calls[0]!.result.resolve('v');
    await expect(load).resolves.toBe('v');
    expect(cache.get('k')).toBe('v');
    expect(cache.countByTag('src')).toBe(1);
    expectIntact(cache);
  });
});
