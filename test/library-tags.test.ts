// The library's own tags (ns:<name> of namespaces, fn:<name> of memoized
// functions) are never split into levels by tagSeparator, whatever the
// separator: scopes whose names nest stay isolated.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TagCache } from '../src/tag-cache';
import { expectIntact, useDebugBuild } from './support/setup';

useDebugBuild();

describe('library tags under tagSeparator', () => {
  it('keeps namespaces a and a/b apart (size, clear, bulkRemove)', () => {
    const cache = new TagCache<string, string>({ maxEntries: 100, tagSeparator: '/' });
    const a = cache.namespace('a');
    const ab = cache.namespace('a/b');
    a.set(1, 'in a');
    ab.set(1, 'in a/b');
    expect(a.stats().size).toBe(1);
    expect(ab.stats().size).toBe(1);
    expect(a.clear()).toBe(1);
    expect(ab.get(1)).toBe('in a/b');
    expect(cache.bulkRemove('ns:a/b')).toBe(1);
    expect(cache.size).toBe(0);
    expectIntact(cache);
  });

  it("keeps memoized functions get and get/all apart, also with ':' as the separator", () => {
    for (const separator of ['/', ':']) {
      const cache = new TagCache<string, number>({ maxEntries: 100, tagSeparator: separator });
      const get = cache.memoize((x: number) => x, { name: 'get' });
      const getAll = cache.memoize((x: number) => x + 1, { name: `get${separator}all` });
      get(1);
      getAll(1);
      expect(cache.bulkRemove('fn:get')).toBe(1);
      expect(cache.countByTag(`fn:get${separator}all`)).toBe(1);
      // The prefix of a library tag is no level of it either.
      expect(cache.countByTag('fn')).toBe(0);
      expectIntact(cache);
    }
  });

  it('still splits the user tags given beside a namespace', () => {
    const cache = new TagCache<string, string>({ maxEntries: 100, tagSeparator: '/' });
    cache.namespace('n').set('k', 'v', { tags: ['tenant/1'] });
    expect(cache.countByTag('tenant')).toBe(1);
    expect(cache.countByTag('ns:n')).toBe(1);
    expect(cache.tagsOf(`\0ns:n\0sk`)).toEqual(['tenant/1', 'ns:n']);
  });

  it('property: for any separator and nested scope names, each scope holds exactly its own entries', () => {
    const segment = fc.constantFrom('a', 'b', 'x:y', '/', '::', '.');
    const name = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(
        fc.constantFrom('/', ':', '.', '::', 'a'),
        fc.uniqueArray(name, { minLength: 2, maxLength: 6 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(5)), { maxLength: 30 }),
        fc.nat(),
        (separator, names, writes, cleared) => {
          const cache = new TagCache<string, string>({ maxEntries: 1000, tagSeparator: separator });
          const model = new Map<string, Set<number>>(names.map((n) => [n, new Set()]));
          const memoized = new Map(names.map((n) => [n, cache.memoize((k: number) => `fn ${n}#${k}`, { name: n })]));
          for (const [which, key] of writes) {
            const scope = names[which % names.length]!;
            cache.namespace(scope).set(key, `${scope}#${key}`);
            memoized.get(scope)!(key);
            model.get(scope)!.add(key);
          }
          const victim = names[cleared % names.length]!;
          expect(cache.namespace(victim).clear()).toBe(model.get(victim)!.size);
          expect(cache.bulkRemove(`fn:${victim}`)).toBe(model.get(victim)!.size);
          model.get(victim)!.clear();
          for (const scope of names) {
            const view = cache.namespace(scope);
            expect(view.stats().size).toBe(model.get(scope)!.size);
            expect(cache.countByTag(`fn:${scope}`)).toBe(model.get(scope)!.size);
            for (const key of model.get(scope)!) expect(view.get(key)).toBe(`${scope}#${key}`);
          }
          expectIntact(cache);
        },
      ),
      { numRuns: 200 },
    );
  });
});
