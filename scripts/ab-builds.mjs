// A/B of two builds of the package in one process: both dist bundles loaded
// side by side and measured in alternating rounds, so machine noise hits both
// alike. Prints the median per-operation time of each build and their ratio.
//
//   node --expose-gc scripts/ab-builds.mjs <old dist/index.js> <new dist/index.js> [rounds]

import { pathToFileURL } from 'node:url';

const [oldPath, newPath, roundsArg] = process.argv.slice(2);
if (!oldPath || !newPath) {
  console.error('usage: node --expose-gc scripts/ab-builds.mjs <old dist/index.js> <new dist/index.js> [rounds]');
  process.exit(2);
}
const rounds = Number(roundsArg ?? 15);
const builds = [
  ['old', (await import(pathToFileURL(oldPath).href)).TagCache],
  ['new', (await import(pathToFileURL(newPath).href)).TagCache],
];

const SIZE = 10_000;
const stringKeys = Array.from({ length: SIZE }, (_, i) => `user:${i}:profile`);
const order = Array.from({ length: 1 << 16 }, (_, i) => (Math.imul(i, 2654435761) >>> 0) % SIZE);

/**
 * The workloads, compiled once per build (compileWorkloads): each returns ns
 * per operation for one timed batch.
 */
const makeWorkloads = () => ({
  'get-hit (strings, 10k)': (TagCache) => {
    const cache = new TagCache({ maxEntries: SIZE });
    for (const key of stringKeys) cache.set(key, 1);
    let sum = 0;
    const t0 = performance.now();
    for (let i = 0; i < order.length; i++) sum += cache.get(stringKeys[order[i]]);
    const t1 = performance.now();
    if (sum !== order.length) throw new Error('get-hit missed');
    return ((t1 - t0) * 1e6) / order.length;
  },
  'get-hit (integers, 10k)': (TagCache) => {
    const cache = new TagCache({ maxEntries: SIZE });
    for (let i = 0; i < SIZE; i++) cache.set(i, 1);
    let sum = 0;
    const t0 = performance.now();
    for (let i = 0; i < order.length; i++) sum += cache.get(order[i]);
    const t1 = performance.now();
    if (sum !== order.length) throw new Error('get-hit missed');
    return ((t1 - t0) * 1e6) / order.length;
  },
  'set-evict (integers, 10k)': (TagCache) => {
    const cache = new TagCache({ maxEntries: SIZE });
    for (let i = 0; i < SIZE; i++) cache.set(i, i);
    const n = 1 << 16;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) cache.set(SIZE + i, i);
    const t1 = performance.now();
    if (cache.size !== SIZE) throw new Error('set-evict size');
    return ((t1 - t0) * 1e6) / n;
  },
  'seed bulkRemove (200 of 600)': (TagCache) => {
    const tags = ['domain:0', 'domain:1', 'domain:2'];
    const options = tags.map((tag) => ({ tags: [tag] }));
    const keys = tags.map((tag) => Array.from({ length: 200 }, (_, i) => `${tag}:user:${i}:profile`));
    const cache = new TagCache({ maxEntries: 600 });
    for (let i = 0; i < 200; i++) for (let d = 0; d < 3; d++) cache.set(keys[d][i], i, options[d]);
    let total = 0;
    const iterations = 600;
    for (let it = 0; it < iterations; it++) {
      const d = it % 3;
      const t0 = performance.now();
      const removed = cache.bulkRemove(tags[d]);
      total += performance.now() - t0;
      if (removed !== 200) throw new Error(`bulkRemove removed ${removed}`);
      for (let i = 0; i < 200; i++) cache.set(keys[d][i], i, options[d]);
    }
    return (total * 1e6) / iterations;
  },
  'mixed (80% get, 15% set, 5% tagged set)': (TagCache) => {
    const cache = new TagCache({ maxEntries: SIZE });
    const tagged = { tags: ['tenant:1'] };
    const n = 1 << 16;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const key = stringKeys[order[i]];
      const roll = i % 20;
      if (roll < 16) cache.get(key);
      else if (roll < 19) cache.set(key, i);
      else cache.set(key, i, tagged);
    }
    const t1 = performance.now();
    return ((t1 - t0) * 1e6) / n;
  },
});

// Compiled once per build from the source text: separate functions, so V8 keeps separate type
// feedback for each build (closures of one function literal would share it and go polymorphic).
const compileWorkloads = () =>
  new Function('stringKeys', 'order', 'SIZE', `return (${makeWorkloads.toString()})();`)(stringKeys, order, SIZE);
const workloadsOf = { old: compileWorkloads(), new: compileWorkloads() };
const samples = Object.fromEntries(Object.keys(workloadsOf.old).map((name) => [name, { old: [], new: [] }]));
for (let round = 0; round < rounds; round++) {
  const sequence = round % 2 === 0 ? builds : [...builds].reverse();
  for (const name of Object.keys(samples)) {
    for (const [label, TagCache] of sequence) {
      globalThis.gc?.();
      samples[name][label].push(workloadsOf[label][name](TagCache));
    }
  }
  process.stderr.write(`round ${round + 1}/${rounds}\n`);
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
console.log(`| workload (${rounds} alternating rounds, ns/op median) | old | new | new/old |`);
console.log('|---|---|---|---|');
for (const [name, { old: before, new: after }] of Object.entries(samples)) {
  const a = median(before);
  const b = median(after);
  console.log(`| ${name} | ${a.toFixed(1)} | ${b.toFixed(1)} | ${(b / a).toFixed(3)} |`);
}
