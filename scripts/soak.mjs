// Soak test of the built package: `npm run soak [-- --ops N --max-entries M --seed S]`.
// Runs N (default 10,000,000) mixed operations on a cache of M (default 50,000)
// entries against an exact shadow model (scripts/soak-core.mjs): any stale or
// wrong read fails at once. Exits 1 if WebAssembly memory grew after warm-up.
import { parseArgs } from 'node:util';
import { TagCache } from '../dist/index.js';
import { runSoak } from './soak-core.mjs';

const { values } = parseArgs({
  options: {
    ops: { type: 'string', default: '10000000' },
    'max-entries': { type: 'string', default: '50000' },
    seed: { type: 'string', default: '20261121' },
  },
});
const ops = Number(values.ops.replace(/_/g, ''));
const maxEntries = Number(values['max-entries'].replace(/_/g, ''));
const seed = Number(values.seed);
for (const [name, value] of [
  ['--ops', ops],
  ['--max-entries', maxEntries],
  ['--seed', seed],
]) {
  if (!Number.isInteger(value) || value < 0) {
    console.error(`soak: ${name} must be a non-negative integer`);
    process.exit(2);
  }
}

const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(2)} MiB`;
console.log(
  `soak: ${ops} operations, maxEntries ${maxEntries}, seed ${seed}${typeof globalThis.gc === 'function' ? '' : ' (run with --expose-gc for exact heap figures)'}`,
);
const started = performance.now();
let result;
try {
  result = runSoak(TagCache, { ops, maxEntries, seed, log: (line) => console.log(`  ${line}`) });
} catch (error) {
  console.error(String(error instanceof Error ? error.message : error));
  process.exit(1);
}
const seconds = (performance.now() - started) / 1000;
const { memory } = result;
console.log(
  `soak: ${result.ops} operations in ${seconds.toFixed(1)} s (${(result.ops / seconds / 1e6).toFixed(2)}M ops/s); ` +
    `${result.gets} gets (${result.hits} hits), ${result.sets} sets, ${result.evictions} evictions, ${result.expirations} expirations; no stale read`,
);
if (memory.wasmAfterWarmup === undefined) {
  console.log(`soak: no warm-up sample (the cache was not full after ${result.warmup} operations); wasm at end ${mib(memory.wasmAtEnd)}`);
} else {
  console.log(
    `soak: wasm memory after warm-up (${memory.warmupOps} ops) ${mib(memory.wasmAfterWarmup)}, at end ${mib(memory.wasmAtEnd)}; ` +
      `heap used ${mib(memory.heapAfterWarmup)} -> ${mib(memory.heapAtEnd)}`,
  );
}
if (memory.wasmGrew) {
  console.error('soak: FAILED: WebAssembly memory grew after warm-up');
  process.exit(1);
}
