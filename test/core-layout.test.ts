// The wrapper's copy of the core's layout constants (src/core/layout.ts) against the
// constants themselves: the debug build exports every one as a global.
import { describe, expect, it } from 'vitest';
import * as layout from '../src/core/layout';
import { buildModule, instantiateBuild } from './support/builds';

const debugExports = instantiateBuild(buildModule('debug')).exports;

/** The value of a constant the debug build exports, or undefined when it exports none of that name. */
function coreConstant(name: string): number | undefined {
  const exported = debugExports[name];
  return exported instanceof WebAssembly.Global ? Number(exported.value) : undefined;
}

describe('src/core/layout.ts', () => {
  const constants = Object.entries(layout);

  it('copies constants (and nothing else)', () => {
    expect(constants.length).toBeGreaterThan(15);
    for (const [, value] of constants) expect(typeof value).toBe('number');
  });

  it.each(constants)('%s matches the core', (name, value) => {
    expect(coreConstant(name), `assembly/ exports no ${name}, or another value`).toBe(value);
  });

  it('keeps result flags clear of the slot bits and of each other', () => {
    const flags = [layout.FLAG_EVICTED, layout.FLAG_EVICTED_EXPIRED, layout.FLAG_LONG_PROBE, layout.FLAG_EVICTED_STALE];
    for (const flag of flags) expect(flag & layout.SLOT_MASK).toBe(0);
    expect(flags.reduce((all, flag) => all | flag, 0)).toBe(flags.reduce((sum, flag) => sum + flag, 0));
    expect(layout.REMOVED_STALE & layout.SLOT_MASK).toBe(0);
    expect(layout.MAX_ENTRIES - 1).toBe(layout.SLOT_MASK);
    expect(layout.ERROR_OUT_OF_MEMORY).toBeLessThan(-2 - layout.MAX_ENTRIES);
  });

  it('matches the release build on the flags it exports too', () => {
    const release = instantiateBuild(buildModule('release')).exports;
    for (const name of ['FLAG_EVICTED', 'FLAG_EVICTED_EXPIRED', 'FLAG_EVICTED_STALE', 'FLAG_LONG_PROBE', 'REMOVED_STALE'] as const) {
      expect((release[name] as WebAssembly.Global).value).toBe(layout[name]);
    }
  });
});
