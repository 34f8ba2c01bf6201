// The shipped path, which the other unit tests bypass (they install the debug or
// release build from build/*.wasm): the release core embedded as base64 in
// src/core/core.wasm.gen.ts, compiled synchronously by the first constructor or
// asynchronously by TagCache.create, once per module instance; and the hash seed
// where crypto.getRandomValues is missing.
import { afterEach, describe, expect, it, vi } from 'vitest';

type Index = typeof import('../src/index');
type Core = typeof import('../src/core');

/** Fresh copies of the package entry and the core loader: nothing compiled, no override. */
async function freshModules(): Promise<{ index: Index; core: Core; facade: typeof import('../src/tag-cache') }> {
  vi.resetModules();
  const index = await import('../src/index');
  const core = await import('../src/core');
  const facade = await import('../src/tag-cache');
  return { index, core, facade };
}

function exercise(cache: import('../src/tag-cache').TagCache<string, number>): unknown {
  cache
    .set('a', 1, { tags: ['x'] })
    .set('b', 2, { tags: ['x', 'y'] })
    .set('c', 3);
  cache.get('a');
  return [cache.bulkRemove('x'), [...cache.entries()], cache.countByTag('y'), cache.size];
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('the embedded release core', () => {
  it('TagCache.create compiles it asynchronously, once; later caches and constructors share it', async () => {
    const { index, core, facade } = await freshModules();
    const compile = vi.spyOn(WebAssembly, 'compile');
    const first = await index.TagCache.create<string, number>({ maxEntries: 3 });
    const second = await index.TagCache.create<string, number>({ maxEntries: 3 });
    const third = new index.TagCache<string, number>({ maxEntries: 3 });
    expect(compile).toHaveBeenCalledTimes(1);
    for (const cache of [first, second, third]) expect(exercise(cache)).toEqual([2, [['c', 3]], 0, 1]);
    // The release build: no self-check exports, and a separate instance per cache.
    expect(facade.storeOf(first).api.checkIntegrity).toBeUndefined();
    expect(facade.storeOf(first).api.memory).not.toBe(facade.storeOf(second).api.memory);
    expect(core.coreModule()).toBe(core.coreModule());
  });

  it('the first constructor compiles it synchronously; create then reuses it', async () => {
    const { index, core } = await freshModules();
    const compile = vi.spyOn(WebAssembly, 'compile');
    const cache = new index.TagCache<string, number>({ maxEntries: 3 });
    const compiled = core.coreModule();
    expect(WebAssembly.Module.exports(compiled).map((entry) => entry.name)).toContain('bulkRemove');
    expect(WebAssembly.Module.exports(compiled).map((entry) => entry.name)).not.toContain('checkIntegrity');
    const created = await index.TagCache.create<string, number>({ maxEntries: 3 });
    expect(compile).not.toHaveBeenCalled();
    expect([exercise(cache), exercise(created)]).toEqual([
      [2, [['c', 3]], 0, 1],
      [2, [['c', 3]], 0, 1],
    ]);
  });

  it('useCoreModule overrides it for new caches, and undefined restores it', async () => {
    const { index, core, facade } = await freshModules();
    const { buildModule } = await import('./support/builds');
    core.useCoreModule(buildModule('debug'));
    const debug = new index.TagCache<string, number>({ maxEntries: 3 });
    await index.TagCache.create({ maxEntries: 1 }); // no compile while overridden
    core.useCoreModule(undefined);
    const release = new index.TagCache<string, number>({ maxEntries: 3 });
    expect([typeof facade.storeOf(debug).api.checkIntegrity, typeof facade.storeOf(release).api.checkIntegrity]).toEqual([
      'function',
      'undefined',
    ]);
    expect(exercise(debug)).toEqual(exercise(release));
    expect(facade.storeOf(debug).api.checkIntegrity?.()).toBe(0);
  });
});

describe('hash seeds', () => {
  it('come from crypto.getRandomValues, one per cache', async () => {
    const { randomSeed } = await import('../src/store/hash');
    const seeds = new Set(Array.from({ length: 64 }, () => randomSeed()));
    expect(seeds.size).toBeGreaterThan(60);
    expect([...seeds].every((seed) => seed === (seed | 0))).toBe(true);
  });

  it('fall back to Math.random where crypto is missing, and caches still work', async () => {
    vi.stubGlobal('crypto', undefined);
    const { randomSeed } = await import('../src/store/hash');
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.75);
    expect(randomSeed()).toBe((0.75 * 2 ** 32) | 0);
    random.mockRestore();
    const { index, facade } = await freshModules();
    const caches = [0, 1].map(() => new index.TagCache<string, number>({ maxEntries: 3 }));
    const seeds = caches.map((cache) => facade.storeOf(cache).hashing.seed);
    expect(seeds[0]).not.toBe(seeds[1]);
    for (const cache of caches) expect(exercise(cache)).toEqual([2, [['c', 3]], 0, 1]);

    vi.stubGlobal('crypto', {}); // a crypto object without getRandomValues
    vi.spyOn(Math, 'random').mockReturnValue(0.25);
    expect(randomSeed()).toBe(2 ** 30);
  });
});
