// A failed assertion in the debug core surfaces with its message, file and line
// (the tests instantiate debug builds through @assemblyscript/loader), not as a
// bare `unreachable`. The assertion is reachable only through a debug export:
// assertIntegrity, after the test corrupts the core's memory by hand.
import { afterAll, describe, expect, it } from 'vitest';
import { TagCache } from '../src/index';
import { useCoreModule, type CoreExports } from '../src/core';
import { HEADER_REGION_START, REGION_SLOTS, SLOT_NEXT, SLOT_STRIDE } from '../src/core/layout';
import { buildModule, coreInstance, useBuild } from './support/builds';
import { coreOf } from './support/internals';

afterAll(() => useCoreModule(undefined));

const ABORT = /^abort: checkIntegrity found a broken invariant at assembly\/debug\.ts:\d+:\d+$/;

/** Points the least recent entry's SLOT_NEXT back at the most recent one: the recency list becomes a cycle. */
function corruptRecencyList(core: CoreExports): void {
  const words = new Int32Array(core.memory.buffer);
  const header = core.header() >>> 2;
  const slotsWord = words[header + HEADER_REGION_START + REGION_SLOTS]! >>> 2;
  words[slotsWord + core.lruTail() * (SLOT_STRIDE / 4) + SLOT_NEXT / 4] = core.lruHead();
}

function thrown(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return (error as Error).message;
  }
  return 'nothing thrown';
}

describe('a failed assertion in the debug core', () => {
  it('reports its message, file and line through the loader', () => {
    const core = coreInstance('debug', 8);
    for (let hash = 1; hash <= 3; hash++) core.insert(hash, 0, Infinity, 0);
    expect(core.assertIntegrity!()).toBe(0);
    corruptRecencyList(core);
    expect(core.checkIntegrity!()).not.toBe(0);
    expect(thrown(() => core.assertIntegrity!())).toMatch(ABORT);
  });

  it('does so for a cache made with useBuild, and in the limited build', () => {
    useBuild('debug');
    const cache = new TagCache<string, number>({ maxEntries: 8 });
    cache.set('a', 1).set('b', 2);
    corruptRecencyList(coreOf(cache));
    expect(thrown(() => coreOf(cache).assertIntegrity!())).toMatch(ABORT);
    const limited = coreInstance('limited', 8);
    limited.insert(1, 0, Infinity, 0);
    limited.insert(2, 0, Infinity, 0);
    corruptRecencyList(limited);
    expect(thrown(() => limited.assertIntegrity!())).toMatch(ABORT);
  });

  it('is at least an Error when a debug build is installed without the loader', () => {
    useCoreModule(buildModule('debug'));
    const cache = new TagCache<string, number>({ maxEntries: 8 });
    cache.set('a', 1).set('b', 2);
    corruptRecencyList(coreOf(cache));
    expect(thrown(() => coreOf(cache).assertIntegrity!())).toBe('the core aborted');
  });

  it('cannot happen in the release build, which imports nothing and has no assertIntegrity', () => {
    const module = buildModule('release');
    expect(WebAssembly.Module.imports(module)).toEqual([]);
    expect(WebAssembly.Module.exports(module).map((entry) => entry.name)).not.toContain('assertIntegrity');
  });
});
