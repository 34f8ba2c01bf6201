// onRemove: every removal reported once with its reason, after the operation,
// with the cache usable (and consistent) from inside the callback.
import { describe, expect, it } from 'vitest';
import { TagCache } from '../src/tag-cache';
import type { RemovalReason } from '../src/types';
import { integrityOf } from './support/internals';
import { expectIntact, useDebugBuild } from './support/setup';

useDebugBuild();

describe('onRemove', () => {
  it('reports each reason', () => {
    let time = 0;
    const reasons: RemovalReason[] = [];
    const cache = new TagCache<string, number>({
      maxEntries: 2,
      now: () => time,
      onRemove: (_key, _value, reason) => reasons.push(reason),
    });
    cache.set('a', 1).set('a', 2); // set
    cache.set('b', 1).set('c', 1); // evict a
    cache.delete('b'); // delete
    cache.set('d', 1, { tags: ['t'] });
    cache.bulkRemove('t'); // tag
    cache.set('e', 1, { ttl: 1 });
    time = 1;
    cache.get('e'); // expire
    cache.clear(); // clear c
    expect(reasons).toEqual(['set', 'evict', 'delete', 'tag', 'expire', 'clear']);
  });

  it('runs after the operation finished: the cache is consistent inside the callback', () => {
    let cache!: TagCache<string, number>;
    const seen: [number, number, number][] = [];
    cache = new TagCache<string, number>({
      maxEntries: 100,
      onRemove: () => seen.push([cache.size, cache.countByTag('t'), integrityOf(cache)]),
    });
    for (let index = 0; index < 10; index++) cache.set(`k${index}`, index, { tags: ['t'] });
    cache.bulkRemove('t');
    expect(seen).toEqual(Array.from({ length: 10 }, () => [0, 0, 0]));
  });

  it('may call any method, including ones that remove more entries', () => {
    const log: string[] = [];
    let cache!: TagCache<string, number>;
    cache = new TagCache<string, number>({
      maxEntries: 3,
      onRemove: (key, _value, reason) => {
        log.push(`${key}:${reason}`);
        if (key === 'a') cache.bulkRemove('other');
        if (key === 'b') cache.set('b2', 20, { tags: ['other'] });
        if (key === 'x') cache.clear();
      },
    });
    cache
      .set('a', 1)
      .set('b', 2)
      .set('o', 3, { tags: ['other'] });
    cache.set('c', 4); // evicts a -> callback removes o
    expect(log).toEqual(['a:evict', 'o:tag']);
    cache.delete('b'); // callback adds b2
    expect([...cache.keys()].sort()).toEqual(['b2', 'c']);
    cache.set('x', 0);
    cache.delete('x'); // callback clears everything
    expect(cache.size).toBe(0);
    expect(log.slice(2)).toEqual(['b:delete', 'x:delete', 'b2:clear', 'c:clear']);
    expectIntact(cache);
  });

  it('rethrows a callback error after completing the operation; several become an AggregateError', () => {
    const cache = new TagCache<string, number>({
      maxEntries: 10,
      onRemove: (key) => {
        throw new Error(`boom ${key}`);
      },
    });
    cache
      .set('a', 1, { tags: ['t'] })
      .set('b', 2, { tags: ['t'] })
      .set('c', 3);
    expect(() => cache.delete('c')).toThrow('boom c');
    expect(cache.has('c')).toBe(false);
    let caught: unknown;
    try {
      cache.bulkRemove('t');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AggregateError);
    expect((caught as AggregateError).errors.map((error: Error) => error.message).sort()).toEqual(['boom a', 'boom b']);
    expect(cache.size).toBe(0);
    expect(cache.stats().removedByTag).toBe(2);
  });

  it('reports every entry exactly once over a long run of evictions', () => {
    const removed = new Map<number, number>();
    const cache = new TagCache<number, number>({
      maxEntries: 100,
      onRemove: (_key, value) => removed.set(value, (removed.get(value) ?? 0) + 1),
    });
    for (let value = 0; value < 10_000; value++) cache.set(value % 700, value, { tags: [`t${value % 13}`] });
    cache.clear();
    expect(removed.size).toBe(10_000);
    expect([...removed.values()].every((count) => count === 1)).toBe(true);
  });
});
