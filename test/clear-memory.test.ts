// clear() of a large cache gives its WebAssembly memory back (a fresh core
// instance), and the cache works as before afterwards.
import { describe, expect, it } from 'vitest';
import { TagCache } from '../src/tag-cache';
import { expectIntact, useDebugBuild } from './support/setup';

useDebugBuild();

describe('clear() and memory', () => {
  it('returns the memory of a 1M-entry cache and keeps working, configuration and listeners included', async () => {
    const removed: string[] = [];
    let time = 0;
    const cache = new TagCache<number, number>({
      maxEntries: 2_000_000,
      now: () => time,
      onRemove: (_k, _v, reason) => removed.push(reason),
    });
    const heard: string[] = [];
    cache.addInvalidationListener({ key: () => {}, tags: () => {}, all: (cause) => heard.push(cause) });
    for (let index = 0; index < 1_000_000; index++) cache.set(index, index, { tags: [`t${index % 100}`], ttl: 1000 });
    const before = cache.stats().wasmMemoryBytes;
    expect(before).toBeGreaterThan(30 * 1024 * 1024);
    const iterator = cache.keys();
    iterator.next();
    cache.clear();
    const after = cache.stats().wasmMemoryBytes;
    console.log(`clear(): wasmMemoryBytes ${before} before, ${after} after`);
    expect(after).toBeLessThan(1024 * 1024);
    expect(removed.length).toBe(1_000_000);
    expect(heard).toEqual(['clear']);
    expect(iterator.next().done).toBe(true); // an iteration begun before clear() sees nothing more
    cache.set(1, 1, { tags: ['t1'], ttl: 5 });
    expect([cache.get(1), cache.countByTag('t1'), cache.size]).toEqual([1, 1, 1]);
    time = 10;
    expect(cache.get(1)).toBeUndefined(); // expiry works in the new core
    expectIntact(cache);
  });

  it('stops a bulkRemoveAsync in progress and keeps a small cache in place', async () => {
    const cache = new TagCache<number, number>({ maxEntries: 100 });
    for (let index = 0; index < 50; index++) cache.set(index, index, { tags: ['t'] });
    const memory = cache.stats().wasmMemoryBytes;
    const removal = cache.bulkRemoveAsync('t');
    cache.clear();
    await expect(removal).resolves.toBe(50);
    expect([cache.size, cache.stats().wasmMemoryBytes]).toEqual([0, memory]);
    expectIntact(cache);
  });
});
