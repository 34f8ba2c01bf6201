// Helpers shared by the suites: statistics, seeded randomness, keys, GC.
// Plain ESM, no dependencies; used inside the benchmark child processes.

/** The key of an id, as an application would build it. */
export const keyOf = (id) => `user:${id}:profile`;

/** Pre-built keys of ids [from, to). */
export function buildKeys(from, to) {
  const keys = new Array(to - from);
  for (let id = from; id < to; id++) keys[id - from] = keyOf(id);
  return keys;
}

/** Statistics of samples given in ms, returned in µs. */
export function stats(samplesMs) {
  const sorted = Float64Array.from(samplesMs).sort();
  const n = sorted.length;
  const at = (p) => {
    const pos = p * (n - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(n - 1, lo + 1);
    return (sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo)) * 1000;
  };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  return {
    n,
    median: at(0.5),
    p10: at(0.1),
    p90: at(0.9),
    p99: at(0.99),
    min: sorted[0] * 1000,
    max: sorted[n - 1] * 1000,
    mean: (sum / n) * 1000,
  };
}

/** Median of an array of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Cost in ns of one `performance.now()` pair, included in every manual sample. */
export function timerOverheadNs() {
  const samples = new Float64Array(20001);
  for (let i = 0; i < samples.length; i++) {
    const t0 = performance.now();
    samples[i] = performance.now() - t0;
  }
  return stats(samples).median * 1000;
}

/** mulberry32: a small seeded PRNG returning floats in [0, 1). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` random integers in [0, range). */
export function randomIndices(count, range, seed) {
  const random = rng(seed);
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) out[i] = Math.floor(random() * range);
  return out;
}

/** A random permutation of [0, n). */
export function permutation(n, seed) {
  const random = rng(seed);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
  return out;
}

/** `count` Zipf-distributed ranks in [0, n) with exponent `s` (rank 0 most frequent). */
export function zipfRanks(count, n, s, seed) {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) cdf[k] = total += 1 / (k + 1) ** s;
  const random = rng(seed);
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const u = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    out[i] = lo;
  }
  return out;
}

/** Two full collections when the process runs with --expose-gc (children do). */
export function fullGc() {
  if (typeof globalThis.gc === 'function') {
    globalThis.gc();
    globalThis.gc();
  }
}

/** Progress on stderr, prefixed so that child output is recognisable. */
export function progress(message) {
  process.stderr.write(`  · ${message}\n`);
}
