// Namespaces: isolated keys, the ns:<name> tag, a default TTL, their own clear
// and stats, one shared capacity and LRU order.
import { describe, expect, it } from 'vitest';
import { TagCache } from '../src/tag-cache';
import { controlledLoader } from './support/deferred';
import { expectIntact, recordingCache, useDebugBuild } from './support/setup';

useDebugBuild();

describe('namespace', () => {
  it('isolates keys from other namespaces and from the cache itself (1 and "1" stay apart)', () => {
    const cache = new TagCache<string, string>({ maxEntries: 10 });
    const users = cache.namespace('users');
    const posts = cache.namespace('posts');
    users.set('a', 'user a').set(1, 'user 1').set('1', 'user "1"');
    posts.set('a', 'post a');
    cache.set('a', 'plain a');
    expect([users.get('a'), posts.get('a'), cache.get('a')]).toEqual(['user a', 'post a', 'plain a']);
    expect([users.get(1), users.get('1'), posts.get(1)]).toEqual(['user 1', 'user "1"', undefined]);
    expect(users.delete('a')).toBe(true);
    expect([users.has('a'), posts.has('a'), cache.has('a')]).toEqual([false, true, true]);
    expect(users.peek(-0)).toBeUndefined();
    users.set(-0, 'zero');
    expect(users.peek(0)).toBe('zero');
    expect(cache.size).toBe(5);
    expectIntact(cache);
  });

  it('tags every entry ns:<name> besides its own tags, so bulkRemove reaches it', () => {
    const cache = new TagCache<string, string>({ maxEntries: 10 });
    const users = cache.namespace('users');
    users.set('a', 'x', { tags: ['tenant:1'] }).set('b', 'y');
    cache.set('c', 'z', { tags: ['tenant:1'] });
    expect(cache.countByTag('ns:users')).toBe(2);
    expect(cache.bulkRemove('tenant:1')).toBe(2);
    expect([users.has('a'), users.has('b')]).toEqual([false, true]);
    expect(cache.bulkRemove('ns:users')).toBe(1);
    expect(cache.size).toBe(0);
  });

  it('clear() removes only its own entries, reported as "tag"', () => {
    const { cache, removals } = recordingCache({ maxEntries: 10 });
    const users = cache.namespace('users');
    const posts = cache.namespace('posts');
    users.set('a', 1).set('b', 2);
    posts.set('a', 3);
    cache.set('a', 4);
    expect(users.clear()).toBe(2);
    expect(removals.map(([, value, reason]) => [value, reason]).sort()).toEqual([
      [1, 'tag'],
      [2, 'tag'],
    ]);
    expect([posts.get('a'), cache.get('a'), cache.size]).toEqual([3, 4, 2]);
  });

  it('applies its ttl as the default, which set and getOrSet options override', async () => {
    const { cache, clock } = recordingCache({ maxEntries: 10, ttl: 1000 });
    const sessions = cache.namespace('sessions', { ttl: 10 });
    const plain = cache.namespace('plain');
    sessions.set('short', 1).set('long', 2, { ttl: 50 }).set('never', 3, { ttl: 0 });
    await sessions.getOrSet('loaded', () => 4);
    plain.set('default', 5);
    clock.time = 10;
    expect([sessions.has('short'), sessions.has('long'), sessions.has('never'), sessions.has('loaded')]).toEqual([
      false,
      true,
      true,
      false,
    ]);
    expect(plain.has('default')).toBe(true);
    clock.time = 1000;
    expect(plain.has('default')).toBe(false); // the cache's ttl
  });

  it('stats() counts its own hits and misses (get and getOrSet) and its own entries', async () => {
    const cache = new TagCache<string, number>({ maxEntries: 10 });
    const users = cache.namespace('users');
    const posts = cache.namespace('posts');
    users.set('a', 1);
    users.get('a');
    users.get('missing');
    users.peek('a'); // not counted, as in the cache
    await users.getOrSet('a', () => 0);
    await users.getOrSet('b', () => 2);
    posts.get('a');
    expect(users.stats()).toEqual({ hits: 2, misses: 2, size: 2 });
    expect(posts.stats()).toEqual({ hits: 0, misses: 1, size: 0 });
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 3 });
  });

  it('shares one capacity and one LRU order with the whole cache', () => {
    const { cache, removals } = recordingCache({ maxEntries: 3 });
    const users = cache.namespace('users');
    const posts = cache.namespace('posts');
    users.set('u1', 1);
    posts.set('p1', 2);
    cache.set('plain', 3);
    users.get('u1'); // now p1 is least recent
    posts.set('p2', 4);
    expect(removals.map(([, value, reason]) => [value, reason])).toEqual([[2, 'evict']]);
    expect([users.has('u1'), posts.has('p1'), posts.has('p2'), cache.has('plain')]).toEqual([true, false, true, true]);
  });

  it('getOrSet passes the namespace key to the loader and shares one load per key', async () => {
    const cache = new TagCache<string, string>({ maxEntries: 10 });
    const users = cache.namespace('users');
    const { loader, calls } = controlledLoader<string | number, string>();
    const first = users.getOrSet(7, loader, { tags: ['team:a'] });
    const second = users.getOrSet(7, loader);
    const other = cache.namespace('other').getOrSet(7, loader);
    expect(calls.map((call) => call.key)).toEqual([7, 7]);
    calls[0]!.result.resolve('user 7');
    calls[1]!.result.resolve('other 7');
    expect([await first, await second, await other]).toEqual(['user 7', 'user 7', 'other 7']);
    expect(cache.tagsOf(cache.keysByTag('ns:users')[0]!)).toEqual(['team:a', 'ns:users']);
  });

  it('returns the same view for the same name', () => {
    const cache = new TagCache<string, number>({ maxEntries: 10 });
    const first = cache.namespace('users', { ttl: 5 });
    expect(cache.namespace('users')).toBe(first);
    expect(cache.namespace('users', { ttl: 5 })).toBe(first);
    expect(new TagCache<string, number>({ maxEntries: 1 }).namespace('users')).not.toBe(first);
    expect([first.name, first.tag, first.ttl]).toEqual(['users', 'ns:users', 5]);
  });

  it('rejects bad names, options and keys, changing nothing', () => {
    const cache = new TagCache<string, number>({ maxEntries: 10 });
    const bad = (value: unknown): never => value as never;
    expect(() => cache.namespace('')).toThrow(TypeError);
    expect(() => cache.namespace('a\0b')).toThrow(/name must be a non-empty string without NUL/);
    expect(() => cache.namespace(bad(1))).toThrow(TypeError);
    expect(() => cache.namespace('x', bad('ttl'))).toThrow(/options must be an object/);
    expect(() => cache.namespace('x', { ttl: -1 })).toThrow(RangeError);
    cache.namespace('users', { ttl: 5 });
    expect(() => cache.namespace('users', { ttl: 6 })).toThrow(RangeError);
    const users = cache.namespace('users');
    expect(() => users.set(bad(NaN), 1)).toThrow(TypeError);
    expect(() => users.set('a', 1, { tags: bad('t') })).toThrow(/options\.tags/);
    expect(() => users.set('a', 1, bad(null))).toThrow(/options must be an object/);
    expect(() => users.get(bad({}))).toThrow(TypeError);
    expect(() => users.getOrSet('a', bad(1))).toThrow(/loader must be a function/);
    expect(() => users.getOrSet('a', () => 1, { staleWhileRevalidate: -1 })).toThrow(RangeError);
    expect(cache.size).toBe(0);
    expect(users.stats()).toEqual({ hits: 0, misses: 0, size: 0 });
  });

  it('is available only on caches whose keys include strings', () => {
    const numeric = new TagCache<number, number>({ maxEntries: 1 });
    // @ts-expect-error namespaced keys are strings
    expect(numeric.namespace('n').name).toBe('n');
  });
});
