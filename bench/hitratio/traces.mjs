// The public traces in ../shared/traces: which files, their formats, the cache sizes to replay them
// at, and the reference hit ratios published beside them (traces/README.md).

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
/** Where the traces live: $TAGLRU_TRACES, or shared/traces beside the repository. */
export const TRACE_DIR = process.env.TAGLRU_TRACES ?? resolve(here, '../../../shared/traces');

/**
 * Every trace, with the three sizes of traces/README.md and its reference figures
 * (exact LRU, Caffeine 2.6.2) at those sizes, in percent.
 */
export const TRACES = [
  { name: 'loop', file: 'lirs_loop.trace.gz', format: 'lirs', sizes: [250, 500, 750], lru: [0, 0, 0], caffeine: [22.53, 47.23, 72.91] },
  {
    name: 'multi1',
    file: 'lirs_multi1.trace.gz',
    format: 'lirs',
    sizes: [130, 260, 650],
    lru: [23.84, 43.42, 47.24],
    caffeine: [45.63, 47.95, 59.48],
  },
  {
    name: 'multi2',
    file: 'lirs_multi2.trace.gz',
    format: 'lirs',
    sizes: [280, 570, 1420],
    lru: [26.68, 36.97, 48.28],
    caffeine: [43.39, 51.56, 63.71],
  },
  {
    name: 'sprite',
    file: 'lirs_sprite.trace.gz',
    format: 'lirs',
    sizes: [350, 700, 1770],
    lru: [65.28, 86.24, 93.25],
    caffeine: [65.06, 80.61, 88.47],
  },
  {
    name: 'gli',
    file: 'lirs_gli.trace.gz',
    format: 'lirs',
    sizes: [125, 250, 630],
    lru: [0.91, 0.91, 1.15],
    caffeine: [3.13, 15.0, 29.28],
  },
  {
    name: 'ps',
    file: 'lirs_ps.trace.gz',
    format: 'lirs',
    sizes: [150, 310, 770],
    lru: [12.19, 16.33, 48.55],
    caffeine: [39.41, 52.58, 62.79],
  },
  {
    name: '2_pools',
    file: 'lirs_2_pools.trace.gz',
    format: 'lirs',
    sizes: [500, 1000, 2500],
    lru: [51.06, 54.41, 61.65],
    caffeine: [51.93, 54.42, 61.68],
  },
  {
    name: 'web07',
    file: 'cache2k_web07.trace.xz',
    format: 'i32',
    sizes: [1000, 2000, 5000],
    lru: [50.41, 55.5, 62.67],
    caffeine: [52.28, 56.28, 62.8],
  },
  {
    name: 'orm-night',
    file: 'cache2k_orm-night.trace.xz',
    format: 'i32',
    sizes: [860, 4300, 8600],
    lru: [66.24, 85.35, 93.46],
    caffeine: [52.92, 86.34, 92.84],
  },
];

/** Keeps the sizes of a trace at the given indexes (with their reference figures). */
function atSizes(trace, indexes) {
  const pick = (values) => indexes.map((i) => values[i]);
  return { ...trace, sizes: pick(trace.sizes), lru: pick(trace.lru), caffeine: pick(trace.caffeine) };
}

/**
 * The default (quick) run, about 20 s: every trace at its three sizes, except the 5M-access
 * orm-night (left out) and the 500k-access loop (middle size only). --full replays everything.
 */
export const QUICK = TRACES.filter((trace) => trace.name !== 'orm-night').map((trace) =>
  trace.name === 'loop' ? atSizes(trace, [1]) : trace,
);

let xzChecked;
/** Whether the `xz` command exists (checked once). */
export function hasXz() {
  if (xzChecked === undefined) {
    try {
      execFileSync('xz', ['--version'], { stdio: 'ignore' });
      xzChecked = true;
    } catch {
      xzChecked = false;
    }
  }
  return xzChecked;
}

/**
 * Reads a trace's keys into an Int32Array (every key in these traces fits in an int32), or returns
 * a string saying why it cannot be read (missing file, no `xz`).
 */
export function readTrace(trace) {
  const path = join(TRACE_DIR, trace.file);
  if (!existsSync(path)) return `${path} not found`;
  let raw;
  if (path.endsWith('.gz')) raw = gunzipSync(readFileSync(path));
  else if (path.endsWith('.xz')) {
    if (!hasXz()) return 'the xz command is not installed';
    raw = execFileSync('xz', ['-dc', path], { maxBuffer: 1 << 30 });
  } else raw = readFileSync(path);
  if (trace.format === 'i32') {
    const keys = new Int32Array(raw.length >>> 2);
    for (let i = 0; i < keys.length; i++) keys[i] = raw.readInt32BE(i * 4);
    return keys;
  }
  const out = [];
  for (const line of raw.toString('latin1').split('\n')) {
    const text = line.trim();
    if (text === '' || text === '*') continue;
    const key = Number(text);
    if (!Number.isInteger(key) || key !== (key | 0)) throw new Error(`${trace.file}: key ${text} does not fit an int32`);
    out.push(key);
  }
  return Int32Array.from(out);
}

/**
 * The fixed integer hash a trace key gets: murmur3's 32-bit finalizer of the key's u32 bits. It is
 * a bijection on u32, so distinct keys never share a hash (the reference then counts exactly).
 */
export function traceKeyHash(key) {
  let h = key >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
