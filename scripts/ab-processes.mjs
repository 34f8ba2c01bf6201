// A/B of two builds, each run in its own process, alternating: on this shared
// machine the in-process A/B (ab-builds.mjs) reads inflated times, while one
// build per process optimises as an application would. Prints every run and
// the median per build and workload.
//
//   node scripts/ab-processes.mjs <old dist/index.js> <new dist/index.js> [runs]

import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SIZE = 10_000;

/** Each workload times 30 rounds in one process and returns the median round's ns per operation. */
const workloads = {
  'get-hit, integer': (TagCache) => {
    const cache = new TagCache({ maxEntries: SIZE });
    for (let i = 0; i < SIZE; i++) cache.set(i, 1);
    const order = Array.from({ length: 1 << 16 }, (_, i) => (Math.imul(i, 2654435761) >>> 0) % SIZE);
    return rounds(order.length, () => {
      let sum = 0;
      for (let i = 0; i < order.length; i++) sum += cache.get(order[i]);
      return sum;
    });
  },
  'get-hit, pre-built string': (TagCache) => {
    const keys = Array.from({ length: SIZE }, (_, i) => `user:${i}:profile`);
    const cache = new TagCache({ maxEntries: SIZE });
    for (const key of keys) cache.set(key, 1);
    const order = Array.from({ length: 1 << 16 }, (_, i) => keys[(Math.imul(i, 2654435761) >>> 0) % SIZE]);
    return rounds(order.length, () => {
      let sum = 0;
      for (let i = 0; i < order.length; i++) sum += cache.get(order[i]);
      return sum;
    });
  },
  'set-evict, integer': (TagCache) => {
    const cache = new TagCache({ maxEntries: SIZE });
    let next = 0;
    for (; next < SIZE; next++) cache.set(next, next);
    return rounds(1 << 16, () => {
      for (let i = 0; i < 1 << 16; i++) cache.set(next++, i);
    });
  },
  'set with a fresh tags object': (TagCache) => {
    const cache = new TagCache({ maxEntries: SIZE });
    let next = 0;
    for (; next < SIZE; next++) cache.set(next, next, { tags: ['tenant:1'] });
    return rounds(1 << 15, () => {
      for (let i = 0; i < 1 << 15; i++) cache.set(next++, i, { tags: ['tenant:1'] });
    });
  },
};

/** Runs `body` (which performs `operations`) 30 times; the median round in ns per operation. */
function rounds(operations, body) {
  const times = [];
  for (let round = 0; round < 30; round++) {
    const started = performance.now();
    body();
    times.push(((performance.now() - started) * 1e6) / operations);
  }
  times.sort((a, b) => a - b);
  return times[15];
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

if (process.argv[2] === '--child') {
  const [, , , name, dist] = process.argv;
  const { TagCache } = await import(pathToFileURL(dist).href);
  process.stdout.write(String(workloads[name](TagCache)));
} else {
  const [oldDist, newDist, runsArg] = process.argv.slice(2);
  if (!oldDist || !newDist) {
    console.error('usage: node scripts/ab-processes.mjs <old dist/index.js> <new dist/index.js> [runs]');
    process.exit(2);
  }
  const runs = Number(runsArg ?? 6);
  const self = fileURLToPath(import.meta.url);
  console.log('| workload (ns/op; median of each run’s median round) | old runs | new runs | old | new | new/old |');
  console.log('|---|---|---|---|---|---|');
  for (const name of Object.keys(workloads)) {
    const results = { old: [], new: [] };
    for (let run = 0; run < runs; run++) {
      for (const [label, dist] of run % 2 === 0
        ? [
            ['old', oldDist],
            ['new', newDist],
          ]
        : [
            ['new', newDist],
            ['old', oldDist],
          ]) {
        results[label].push(Number(execFileSync(process.execPath, [self, '--child', name, dist], { encoding: 'utf8' })));
      }
    }
    const [a, b] = [median(results.old), median(results.new)];
    const list = (values) => values.map((value) => value.toFixed(1)).join(' ');
    console.log(`| ${name} | ${list(results.old)} | ${list(results.new)} | ${a.toFixed(1)} | ${b.toFixed(1)} | ${(b / a).toFixed(3)} |`);
  }
}
