// Unknown options are TypeErrors naming the option and suggesting the closest
// known name, for every call that takes options; nothing changes.
import { describe, expect, it } from 'vitest';
import { TagCache } from '../src/tag-cache';
import { useDebugBuild } from './support/setup';

useDebugBuild();

const bad = (value: unknown): never => value as never;

describe('unknown options', () => {
  it('the constructor names a misspelled option and suggests the right one', () => {
    expect(() => new TagCache(bad({ maxEntries: 10, onremove: () => {} }))).toThrow(
      /^taglru: options\.onremove is not an option; did you mean onRemove\?$/,
    );
    expect(() => new TagCache(bad({ maxEntries: 10, maxEntry: 5 }))).toThrow(/did you mean maxEntries\?/);
    expect(() => new TagCache(bad({ maxEntries: 10, colour: 'red' }))).toThrow(
      /options\.colour is not an option; known options: maxEntries, ttl/,
    );
  });

  it('set, getOrSet, memoize, namespace and the views reject unknown options and store nothing', async () => {
    const cache = new TagCache<string, number>({ maxEntries: 10 });
    expect(() => cache.set('a', 1, bad({ tag: ['t'] }))).toThrow(/options\.tag is not an option; did you mean tags\?/);
    expect(() => cache.getOrSet('a', () => 1, bad({ staleWhileRevalidation: 5 }))).toThrow(/did you mean staleWhileRevalidate\?/);
    expect(() => cache.memoize((x: number) => x, bad({ name: 'f', ttls: 5 }))).toThrow(
      /options\.ttls is not an option; did you mean ttl\?/,
    );
    expect(() => cache.namespace('n', bad({ tll: 5 }))).toThrow(/did you mean ttl\?/);
    const view = cache.namespace('v');
    expect(() => view.set('a', 1, bad({ tagz: [] }))).toThrow(/did you mean tags\?/);
    expect(() => view.getOrSet('a', () => 1, bad({ hardTimeOut: 5 }))).toThrow(/did you mean hardTimeout\?/);
    await expect(view.getOrSet('b', () => 2, { staleWhileRevalidate: 5, ttl: 10 })).resolves.toBe(2);
    expect(cache.size).toBe(1);
  });

  it('accepts every documented option, including inherited-free plain objects', () => {
    const options = Object.assign(Object.create(null) as object, { tags: ['t'], ttl: 5 });
    const cache = new TagCache<string, number>({ maxEntries: 10, ttl: 0, tagSeparator: '/', slidingExpiry: true, trace: () => {} });
    expect(() => cache.set('a', 1, options)).not.toThrow();
    expect(cache.get('a')).toBe(1);
  });
});
