// The soak loop of `npm run soak` (scripts/soak-core.mjs, one piece of code for
// both), here 1M operations on src/ with the release core: no stale or wrong
// read against the exact shadow model, and no WebAssembly memory growth once
// the cache has filled. `npm run soak` runs 10M on the built package.
import { expect, it } from 'vitest';
import { runSoak } from '../scripts/soak-core.mjs';
import { TagCache } from '../src/tag-cache';

const OPS = Number(process.env.TAGLRU_SOAK_OPS ?? 1_000_000);

it(`runs ${OPS} mixed operations with no stale read and no WASM memory growth after warm-up`, () => {
  const result = runSoak(TagCache, { ops: OPS, maxEntries: 50_000 });
  const { memory } = result;
  console.log(
    `soak: ${result.ops} ops (${result.gets} gets, ${result.hits} hits, ${result.evictions} evictions, ` +
      `${result.expirations} expirations); wasm memory ${memory.wasmAfterWarmup} bytes after warm-up (op ${memory.warmupOps}), ` +
      `${memory.wasmAtEnd} at end; heap used ${memory.heapAfterWarmup} -> ${memory.heapAtEnd}`,
  );
  // The mix did what it is for: hits, evictions and expirations all happened.
  expect(result.hits).toBeGreaterThan(0.1 * result.gets);
  expect(result.evictions).toBeGreaterThan(10_000);
  expect(result.expirations).toBeGreaterThan(10_000);
  expect(memory.wasmAfterWarmup).toBeGreaterThan(0);
  expect(memory.warmupOps!).toBeLessThan(0.8 * OPS);
  expect(memory.wasmAtEnd).toBe(memory.wasmAfterWarmup);
  expect(memory.wasmGrew).toBe(false);
}, 120_000);
