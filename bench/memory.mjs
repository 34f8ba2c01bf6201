// Suite 4, memory and GC: N entries (1M with --full, fewer by default) with one tag each
// (1000 entries per tag), each library in its own process started with
// --expose-gc. Inside that process, in order:
//   1. build the array of N key strings ("keys alone"), two full GCs, measure
//      memory and the pause of a full gc() (median of several);
//   2. build the cache over those same keys, two full GCs, measure again.
// Bytes = delta of heapUsed + external (external includes array buffers and
// taglru's WebAssembly memory). Step 2 minus step 1 is what the cache and its
// tag index cost; the GC ratio compares both pauses in the same process.

import { buildKeys, fullGc, median, progress } from './common.mjs';
import { failedRow, fmtMB, fmtMs, lossesFor, ratioCells, table } from './report.mjs';
import { libraries, loadTagged } from './registry.mjs';
import { verifyTagged } from './verify.mjs';

export const title = 'Memory and full-GC pause with one tag per entry';

const PER_TAG = 1000;

export function jobs({ full }) {
  const entries = full ? 1_000_000 : 300_000;
  const gcRuns = full ? 9 : 5;
  return libraries('tagged').map((lib) => ({ lib, entries, gcRuns }));
}

function usage() {
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, rss: m.rss };
}

const minus = (a, b) => Object.fromEntries(Object.keys(a).map((k) => [k, a[k] - b[k]]));

function gcPauses(runs) {
  const pauses = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    globalThis.gc();
    pauses.push(performance.now() - t0);
  }
  return pauses;
}

export async function run({ lib, entries, gcRuns }) {
  if (typeof globalThis.gc !== 'function') throw new Error('needs --expose-gc');
  const make = await loadTagged(lib);
  const failed = verifyTagged(make);
  if (failed !== undefined) return { lib, failed };
  const tagCount = Math.max(1, Math.floor(entries / PER_TAG));
  const options = Array.from({ length: tagCount }, (_, t) => ({ tags: [`tag:${t}`] }));
  fullGc();
  const empty = usage();
  const keys = buildKeys(0, entries);
  fullGc();
  const withKeys = usage();
  const keysGc = gcPauses(gcRuns);
  progress(`${lib}: filling ${entries} entries`);
  const cache = make(entries);
  for (let id = 0; id < entries; id++) cache.set(keys[id], id, options[id % tagCount]);
  fullGc();
  const withCache = usage();
  const cacheGc = gcPauses(gcRuns);
  const keysDelta = minus(withKeys, empty);
  const cacheDelta = minus(withCache, withKeys);
  const result = {
    lib,
    entries,
    tagCount,
    keys: { ...keysDelta, total: keysDelta.heapUsed + keysDelta.external, gcMs: median(keysGc), gcPausesMs: keysGc },
    cache: { ...cacheDelta, total: cacheDelta.heapUsed + cacheDelta.external, gcMs: median(cacheGc), gcPausesMs: cacheGc },
  };
  result.bytesPerEntry = result.cache.total / entries;
  result.gcRatio = result.cache.gcMs / result.keys.gcMs;
  if (lib === 'taglru') result.wasmMemoryBytes = cache.raw.stats().wasmMemoryBytes;
  if (cache.size !== entries) return { lib, failed: `size ${cache.size}, expected ${entries}` };
  for (const id of [0, 1, entries >> 1, entries - 1]) {
    if (cache.get(keys[id]) !== id) return { lib, failed: `get-hit of id ${id} returned a wrong value` };
  }
  if (cache.get('absent-key') !== undefined) return { lib, failed: 'get-miss did not return undefined' };
  const removed = cache.bulkRemove('tag:7');
  if (removed !== entries / tagCount) return { lib, failed: `bulkRemove returned ${removed}, expected ${entries / tagCount}` };
  return result;
}

export function summarize(results) {
  const ok = results.filter((r) => !r.failed);
  const n = ok[0]?.entries ?? NaN;
  const bytes = Object.fromEntries(ok.map((r) => [r.lib, r.bytesPerEntry]));
  const pause = Object.fromEntries(ok.map((r) => [r.lib, r.cache.gcMs]));
  const ratio = Object.fromEntries(ok.map((r) => [r.lib, r.gcRatio]));
  const baseline =
    ok.length === 0
      ? []
      : [
          [
            'keys alone (median over the processes)',
            fmtMB(median(ok.map((r) => r.keys.heapUsed))),
            fmtMB(median(ok.map((r) => r.keys.external))),
            fmtMB(median(ok.map((r) => r.keys.total))),
            `${(median(ok.map((r) => r.keys.total)) / n).toFixed(0)} (keys)`,
            fmtMs(median(ok.map((r) => r.keys.gcMs))),
            '—',
            '—',
            '—',
          ],
        ];
  const rows = results.map((r) =>
    r.failed
      ? failedRow(r.lib, r.failed, 8)
      : [
          r.lib,
          fmtMB(r.cache.heapUsed),
          fmtMB(r.cache.external),
          fmtMB(r.cache.total),
          r.bytesPerEntry.toFixed(0),
          fmtMs(r.keys.gcMs),
          fmtMs(r.cache.gcMs),
          r.gcRatio.toFixed(2),
          r.wasmMemoryBytes ? fmtMB(r.wasmMemoryBytes) : '—',
        ],
  );
  const b = ratioCells(bytes.taglru, bytes, 'lower');
  const g = ratioCells(ratio.taglru, ratio, 'lower');
  const tag = ok.find((r) => r.lib === 'taglru');
  const md = [
    `## 4. ${title}`,
    '',
    `${n.toLocaleString('en-US')} entries, keys \`user:<id>:profile\`, values small integers, one tag each ` +
      `(${PER_TAG} entries per tag). Each library in its own process: first the array of key strings alone ` +
      'is measured, then the cache is built over the same keys and measured again (deltas after two full ' +
      'GCs), so the columns below are what the cache and its tag index add over the keys.',
    '',
    table(
      [
        'library',
        'heapUsed Δ MB',
        'external Δ MB',
        'total Δ MB',
        'bytes/entry over keys',
        'full GC ms, keys alone',
        'full GC ms, with cache',
        'GC pause vs keys alone',
        'taglru wasm MB',
      ],
      [...baseline, ...rows],
    ),
    '',
    `Bytes per entry — taglru vs best peer: ${b.best}; vs lru-cache: ${b.lruCache}. ` +
      `GC pause ratio (with cache / keys alone) — taglru vs best peer: ${g.best}; vs lru-cache: ${g.lruCache} ` +
      '(×, > 1 = taglru smaller/shorter).',
    ...(tag?.wasmMemoryBytes
      ? [
          '',
          `taglru's WebAssembly memory (stats().wasmMemoryBytes = ${fmtMB(tag.wasmMemoryBytes)} MB) is ` +
            `counted in its external Δ (${fmtMB(tag.cache.external)} MB), not added twice. ` +
            `GC pauses are medians of ${tag.cache.gcPausesMs.length} full \`gc()\` calls.`,
        ]
      : []),
  ].join('\n');
  const losses = [
    ...lossesFor('memory', 'bytes per entry over keys', bytes.taglru, bytes, 'lower', (v) => `${v.toFixed(0)} B`),
    ...lossesFor('memory', 'full-GC pause ratio vs keys alone', ratio.taglru, ratio, 'lower', (v) => `${v.toFixed(2)}×`),
  ];
  return { md, data: { results, bytesPerEntryOverKeys: bytes, gcPauseMs: pause, gcPauseVsKeys: ratio }, losses };
}
