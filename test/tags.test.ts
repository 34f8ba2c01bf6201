// Tag membership, bulk removal and the tag queries.
import { describe, expect, it } from 'vitest';
import { TagCache } from '../src/tag-cache';
import { coreOf, registeredTagCount } from './support/internals';
import { expectIntact, recordingCache, useDebugBuild } from './support/setup';

useDebugBuild();

describe('bulkRemove', () => {
  it('removes every entry of a tag and returns the exact count', () => {
    const { cache, removals } = recordingCache({ maxEntries: 1000 });
    for (let index = 0; index < 600; index++) cache.set(`key${index}`, index, { tags: [`domain${index % 3}`] });
    expect(cache.countByTag('domain1')).toBe(200);
    expect(cache.bulkRemove('domain1')).toBe(200);
    expect(cache.size).toBe(400);
    expect(cache.countByTag('domain1')).toBe(0);
    expect(cache.has('key1')).toBe(false);
    expect(cache.get('key0')).toBe(0);
    expect(removals).toHaveLength(200);
    expect(
      removals.every(([key, value, reason]) => reason === 'tag' && key === `key${value as number}` && (value as number) % 3 === 1),
    ).toBe(true);
    expect(cache.bulkRemove('domain1')).toBe(0);
    expectIntact(cache);
  });

  it('counts an entry with several of the tags once', () => {
    const cache = new TagCache<string, number>({ maxEntries: 10 });
    cache
      .set('a', 1, { tags: ['x', 'y'] })
      .set('b', 2, { tags: ['y'] })
      .set('c', 3, { tags: ['x'] })
      .set('d', 4, { tags: ['z'] });
    expect(cache.bulkRemove(['x', 'y', 'unknown'])).toBe(3);
    expect([...cache.keys()]).toEqual(['d']);
    expect(cache.bulkRemove([])).toBe(0);
    expect(cache.bulkRemove(['x', 'x'])).toBe(0);
    expectIntact(cache);
  });

  it('removes tags larger than one core call handles (4,096 entries per call)', () => {
    const { cache, removals } = recordingCache({ maxEntries: 20_000 });
    for (let index = 0; index < 20_000; index++) {
      cache.set(index, index, { tags: index % 2 === 0 ? ['even', `mod3:${index % 3}`] : [`mod3:${index % 3}`] });
    }
    expect(cache.bulkRemove('even')).toBe(10_000);
    expect(cache.countByTag('mod3:0')).toBe(3333);
    expect(cache.bulkRemove(['mod3:0', 'mod3:1', 'mod3:2'])).toBe(10_000);
    expect(cache.size).toBe(0);
    expect(new Set(removals.map(([key]) => key)).size).toBe(20_000);
    expect(removals.every(([key, value, reason]) => key === value && reason === 'tag')).toBe(true);
    expectIntact(cache);
  });

  it('unlinks removed entries from their other tags', () => {
    const cache = new TagCache<string, number>({ maxEntries: 10 });
    cache.set('a', 1, { tags: ['x', 'y', 'z'] }).set('b', 2, { tags: ['y'] });
    expect(cache.bulkRemove('x')).toBe(1);
    expect(cache.countByTag('y')).toBe(1);
    expect(cache.countByTag('z')).toBe(0);
    expect(cache.keysByTag('y')).toEqual(['b']);
    expect(cache.stats().tags).toBe(1);
    expectIntact(cache);
  });
});

describe('tags of an entry', () => {
  it('tagsOf lists tags in the order given, duplicates dropped', () => {
    const cache = new TagCache<string, number>({ maxEntries: 10 });
    cache.set('a', 1, { tags: ['x', 'y', 'x', 'z', 'y'] });
    expect(cache.tagsOf('a')).toEqual(['x', 'y', 'z']);
    expect(cache.countByTag('x')).toBe(1);
    expect(cache.tagsOf('missing')).toEqual([]);
    cache.set('b', 2);
    expect(cache.tagsOf('b')).toEqual([]);
    expectIntact(cache);
  });

  it('set replaces the tags of an existing entry', () => {
    const cache = new TagCache<string, number>({ maxEntries: 10 });
    cache.set('a', 1, { tags: ['x', 'y'] });
    cache.set('a', 2, { tags: ['z'] });
    expect(cache.tagsOf('a')).toEqual(['z']);
    expect(cache.countByTag('x')).toBe(0);
    expect(cache.bulkRemove('y')).toBe(0);
    cache.set('a', 3);
    expect(cache.tagsOf('a')).toEqual([]);
    expect(cache.countByTag('z')).toBe(0);
    expectIntact(cache);
  });

  it('supports thousands of tags on one entry', () => {
    const cache = new TagCache<string, number>({ maxEntries: 10 });
    const tags = Array.from({ length: 3000 }, (_, index) => `tag-${index}`);
    cache.set('a', 1, { tags }).set('b', 2, { tags: tags.slice(0, 256) });
    expect(cache.tagsOf('a')).toEqual(tags);
    expect(cache.countByTag('tag-255')).toBe(2);
    expect(cache.countByTag('tag-256')).toBe(1);
    expect(cache.bulkRemove('tag-2999')).toBe(1);
    expect(cache.countByTag('tag-0')).toBe(1);
    expect(cache.stats().tags).toBe(256);
    expectIntact(cache);
  });

  it('keysByTag lists the keys of a tag', () => {
    const cache = new TagCache<string | number, number>({ maxEntries: 10 });
    cache
      .set('a', 1, { tags: ['x'] })
      .set(2, 2, { tags: ['x', 'y'] })
      .set('c', 3, { tags: ['y'] });
    expect(cache.keysByTag('x').sort()).toEqual([2, 'a']);
    expect(cache.keysByTag('nope')).toEqual([]);
    expect(cache.countByTag('nope')).toBe(0);
  });

  it('evicting a tagged entry updates its tags', () => {
    const { cache, removals } = recordingCache({ maxEntries: 2 });
    cache
      .set('a', 1, { tags: ['x', 'y'] })
      .set('b', 2, { tags: ['x'] })
      .set('c', 3, { tags: ['y'] });
    expect(removals).toEqual([['a', 1, 'evict']]);
    expect(cache.countByTag('x')).toBe(1);
    expect(cache.keysByTag('y')).toEqual(['c']);
    expectIntact(cache);
  });

  it('reclaims the names of tags no entry carries any more', () => {
    const cache = new TagCache<number, number>({ maxEntries: 4 });
    for (let index = 0; index < 5000; index++) cache.set(index, index, { tags: [`t${index}`] });
    expect(cache.stats().tags).toBe(4);
    expect(registeredTagCount(cache)).toBeLessThanOrEqual(2 * 4 + 64 + 1);
    expect(cache.tagsOf(4999)).toEqual(['t4999']);
    expect(cache.countByTag('t4998')).toBe(1);
    expect(coreOf(cache).checkIntegrity!()).toBe(0);
  });
});
