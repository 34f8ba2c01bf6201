// The three measurements of the invalidation suite (bench/invalidation.mjs),
// each run inside a benchmark child process. Integer keys, the key as value,
// and gc() before timed parts, to keep GC out of the timings as far as possible.

import { fullGc, progress, stats } from './common.mjs';
import { gapBreakdown, startMeter } from './stall.mjs';

const FILLER = 100_000; // entries besides the 'hot' tag in 7a
const OTHER_TAGS = 50;
const otherOpts = Array.from({ length: OTHER_TAGS }, (_, t) => ({ tags: [`other:${t}`] }));
/** Every second filler/survivor entry is untagged, the others spread over OTHER_TAGS tags. */
const otherOf = (k) => (k & 1 ? otherOpts[k % OTHER_TAGS] : undefined);

/** Entries k in [from, to) must read back as k (peek: no recency change). */
function checkPresent(cache, from, to, step = 1) {
  for (let k = from; k < to; k += step) if (cache.peek(k) !== k) return `peek(${k}) returned ${cache.peek(k)}, expected ${k}`;
  return undefined;
}

// ---- 7a: markStale vs tag size --------------------------------------------

function fillHot(cache, n, hot) {
  for (let k = 0; k < n; k++) cache.set(k, k, hot);
  for (let k = n; k < n + FILLER; k++) cache.set(k, k, otherOf(k));
}

/**
 * markStale('hot') on a tag of n entries, two ways (taglru only):
 * - warm: 16 of the tag's keys are re-set (untimed) before each call, so each
 *   call has fresh members and stales 16; the tag's list still holds ~n nodes
 *   (stale ones wait to be swept), and calls come back to back with warm caches.
 *   This is the cost of the code, and what O(1) is about.
 * - cold: all n keys are re-set (untimed) before each call, so each call
 *   stales the full tag (checked: returns n). Re-setting n keys walks O(n)
 *   memory and evicts the CPU caches, so this single call runs cold; an empty
 *   timer pair timed in the same position shows how cold (reported beside it).
 */
function markStaleAt(cache, n, { hotSamples, coldSamples }) {
  const hot = { tags: ['hot'] };
  fillHot(cache, n, hot);
  const warm = { tags: ['warm'] };
  for (let i = 0; i < 20_000; i++) {
    cache.set(-1 - (i & 3), i, warm);
    if ((i & 3) === 3) cache.markStale('warm');
  }
  cache.purgeExpired();
  if (cache.size !== n + FILLER) return { failed: `size ${cache.size} after filling ${n + FILLER}` };

  if (cache.markStale('hot') !== n) return { failed: 'first markStale did not stale the whole tag' };
  const hotMs = new Float64Array(hotSamples);
  const warmup = 1000;
  for (let it = 0; it < warmup + hotSamples; it++) {
    for (let j = 0; j < 16; j++) cache.set((it * 16 + j) % n, j, hot);
    const t0 = performance.now();
    const made = cache.markStale('hot');
    const t1 = performance.now();
    if (made !== 16) return { failed: `hot markStale returned ${made}, expected 16` };
    if (it >= warmup) hotMs[it - warmup] = t1 - t0;
  }
  const staleHeldAfterHot = cache.stats().staleEntries; // evidence that the tag's list stayed long

  const coldMs = new Float64Array(coldSamples);
  const emptyMs = new Float64Array(coldSamples);
  for (let it = 0; it < coldSamples; it++) {
    for (let k = 0; k < n; k++) cache.set(k, k, hot);
    let t0 = performance.now();
    emptyMs[it] = performance.now() - t0;
    t0 = performance.now();
    const made = cache.markStale('hot');
    const t1 = performance.now();
    if (made !== n) return { failed: `cold markStale returned ${made}, expected ${n}` };
    coldMs[it] = t1 - t0;
  }
  // The tag is invisible and held as stale; purgeExpired reclaims exactly it, the filler stays.
  // (Checked in this order: a get of a stale entry would reclaim it.)
  const held = cache.stats().staleEntries;
  if (cache.countByTag('hot') !== 0 || held !== n)
    return { failed: `after markStale: countByTag ${cache.countByTag('hot')}, stale ${held}` };
  const purged = cache.purgeExpired();
  if (purged !== n || cache.size !== FILLER) return { failed: `purgeExpired removed ${purged} (expected ${n}), size ${cache.size}` };
  if (cache.get(0) !== undefined || cache.get(n - 1) !== undefined) return { failed: 'a stale entry is still readable' };
  const wrong = checkPresent(cache, n, n + FILLER);
  if (wrong) return { failed: wrong };
  return { hotNs: nsStats(hotMs), coldNs: nsStats(coldMs), coldEmptyNs: nsStats(emptyMs), staleHeldAfterHot };
}

/** stats() in ns instead of µs. */
function nsStats(ms) {
  const us = stats(ms);
  return Object.fromEntries(Object.entries(us).map(([k, v]) => [k, k === 'n' ? v : v * 1000]));
}

/** Synchronous bulkRemove('hot') of n entries among FILLER others; the tag is refilled untimed. */
function bulkRemoveAt(cache, n, { samples, warmup }) {
  const hot = { tags: ['hot'] };
  fillHot(cache, n, hot);
  if (cache.size !== n + FILLER) return { failed: `size ${cache.size} after filling ${n + FILLER}` };
  fullGc();
  const ms = new Float64Array(samples);
  for (let it = 0; it < warmup + samples; it++) {
    const t0 = performance.now();
    const removed = cache.bulkRemove('hot');
    const t1 = performance.now();
    if (removed !== n || cache.size !== FILLER) return { failed: `bulkRemove returned ${removed} (expected ${n}), size ${cache.size}` };
    if (it >= warmup) ms[it - warmup] = t1 - t0;
    for (let k = 0; k < n; k++) cache.set(k, k, hot);
  }
  const wrong = checkPresent(cache, 0, n + FILLER, 7);
  return wrong ? { failed: wrong } : { us: stats(ms) };
}

/** 7a job: for each tag size, markStale (taglru) and bulkRemove (every library). */
export function tagSize(make, lib, plan) {
  const points = [];
  for (const { n, hotSamples, coldSamples, samples, warmup } of plan) {
    const point = { n };
    if (lib === 'taglru') {
      progress(`${lib}: markStale of a ${n}-entry tag`);
      point.markStale = markStaleAt(make(n + FILLER + 4).raw, n, { hotSamples, coldSamples }); // + 4 'warm' keys
      fullGc();
    }
    progress(`${lib}: bulkRemove of a ${n}-entry tag`);
    point.bulkRemove = bulkRemoveAt(make(n + FILLER), n, { samples, warmup });
    fullGc();
    points.push(point);
  }
  return { points, filler: FILLER };
}

// ---- 7b: event-loop stall while removing a big tag ------------------------

/** Preemptions of this process by the OS (all threads), to tell them from slow code. */
const involuntarySwitches = () => process.resourceUsage().involuntaryContextSwitches;

/** Slices given as [start, duration ms] pairs. */
function sliceStats(slices, sliceMs) {
  const durations = slices.map(([, d]) => d);
  return {
    slices: durations.length,
    sliceMaxMs: Math.max(...durations),
    sliceMedianMs: stats(durations).median / 1000,
    overruns: durations.filter((d) => d > 1.5 * sliceMs).length,
  };
}

/** The run record: times relative to t0, the longest gap broken down. */
function runRecord(t0, t1, callUs, switches, measured, slices) {
  const { gapAt, gcs, ...rest } = measured;
  return {
    wallMs: t1 - t0,
    callUs,
    switches,
    ...rest,
    gapAtMs: gapAt.map((t) => t - t0),
    gcs: gcs.map(([start, d, kind]) => [start - t0, d, kind]),
    gap: gapBreakdown(measured, slices),
  };
}

/** One key in 11 is not in 'big' (about 1/10 of the big tag's size), spread through the cache. */
const isOther = (k) => k % 11 === 10;

/**
 * 7b job: `repeats` timed runs (after one untimed warm-up run) of removing
 * every 'big' entry of a cache of big + others, with the stall meter running.
 * method: 'async' (taglru bulkRemoveAsync, sliceMs) or 'sync' (bulkRemove).
 */
export async function stall(make, { method, sliceMs, big, repeats }, probe) {
  const total = Math.round(big * 1.1);
  const others = total - big;
  const cache = make(total);
  const bigOpts = { tags: ['big'] };
  for (let k = 0; k < total; k++) cache.set(k, k, isOther(k) ? otherOf(k) : bigOpts);
  if (cache.size !== total || cache.indexedCount('big') !== big)
    return { failed: `filled ${cache.size}, 'big' holds ${cache.indexedCount('big')}` };
  const runs = [];
  for (let r = 0; r <= repeats; r++) {
    if (r > 0) for (let k = 0; k < total; k++) if (!isOther(k)) cache.set(k, k, bigOpts);
    if (cache.size !== total) return { failed: `size ${cache.size} after refilling, expected ${total}` };
    fullGc();
    const meter = startMeter(probe?.original);
    await meter.after(-Infinity);
    probe?.start();
    const ics0 = involuntarySwitches();
    const t0 = performance.now();
    let removed;
    let callUs = NaN;
    if (method === 'async') {
      const pending = cache.raw.bulkRemoveAsync('big', { sliceMs });
      callUs = (performance.now() - t0) * 1000; // the synchronous part: markStale
      removed = await pending;
    } else {
      removed = cache.bulkRemove('big');
    }
    const t1 = performance.now();
    const switches = involuntarySwitches() - ics0;
    const slices = probe?.stop(t1);
    await meter.after(t1);
    // A synchronous removal is one slice.
    const run = runRecord(t0, t1, callUs, switches, await meter.stop(t0, t1), slices ?? [[t0, t1 - t0]]);
    if (slices) Object.assign(run, sliceStats(slices, sliceMs));
    // The big entries are gone, the others remain.
    if (removed !== big || cache.size !== others)
      return { failed: `run ${r}: removed ${removed} (expected ${big}), size ${cache.size} (expected ${others})` };
    for (let k = 0; k < total; k++) {
      if (isOther(k) ? cache.peek(k) !== k : cache.peek(k) !== undefined)
        return { failed: `run ${r}: peek(${k}) returned ${cache.peek(k)}` };
    }
    if (cache.raw?.stats && cache.raw.stats().staleEntries !== 0)
      return { failed: `run ${r}: ${cache.raw.stats().staleEntries} stale entries left` };
    if (cache.indexedCount('big') !== 0) return { failed: `run ${r}: tag 'big' still counts ${cache.indexedCount('big')}` };
    progress(
      `${method}${sliceMs ? ` sliceMs ${sliceMs}` : ''} run ${r}${r === 0 ? ' (warm-up)' : ''}: longest gap ${run.immediateGapMs.toFixed(2)} ms ` +
        `(slice ${run.gap.sliceMs.toFixed(2)} + GC ${run.gap.gcMs.toFixed(2)} + other ${run.gap.otherMs.toFixed(2)}), ` +
        `wall ${run.wallMs.toFixed(1)} ms${run.slices ? `, ${run.slices} slices, longest ${run.sliceMaxMs.toFixed(2)} ms` : ''}, GCs ${run.gcCount}`,
    );
    runs.push(run);
  }
  return { total, others, warmupRun: runs[0], runs: runs.slice(1) };
}

// ---- 7c: bulkRemove of most of the cache vs clear() + re-insert -----------

/**
 * 7c job (taglru): a full cache of n entries, fraction f in tag 'most', the
 * rest (survivors) untagged or in other tags, interleaved. Strategy A:
 * bulkRemove('most'). Strategy B: clear(), then re-set the survivors from
 * arrays prepared outside the timed part (the clear strategy's best case: an
 * application would have to fetch them). A and B alternate; 'most' is
 * refilled between samples (untimed), so both start from the same full cache.
 */
export function most(make, { sizes, fractions }) {
  const points = [];
  for (const { n, samples } of sizes) {
    for (const f of fractions) {
      const keepPer100 = Math.round((1 - f) * 100);
      const survives = (k) => k % 100 < keepPer100;
      const survivors = [];
      for (let k = 0; k < n; k++) if (survives(k)) survivors.push(k);
      const sKeys = Int32Array.from(survivors);
      const sOpts = survivors.map(otherOf);
      const mostOpts = { tags: ['most'] };
      const cache = make(n).raw;
      const refill = () => {
        for (let k = 0; k < n; k++) if (!survives(k)) cache.set(k, k, mostOpts);
      };
      for (let k = 0; k < n; k++) cache.set(k, k, survives(k) ? otherOf(k) : mostOpts);
      const removing = n - sKeys.length;
      const check = (what) => {
        if (cache.size !== sKeys.length || cache.countByTag('most') !== 0) return `${what}: size ${cache.size}, expected ${sKeys.length}`;
        for (let i = 0; i < sKeys.length; i++) if (cache.peek(sKeys[i]) !== sKeys[i]) return `${what}: survivor ${sKeys[i]} lost`;
        if (cache.countByTag('other:1') !== sOpts.filter((o) => o === otherOpts[1]).length) return `${what}: survivor tags lost`;
        return undefined;
      };
      progress(`taglru: ${removing} of ${n} in 'most' (f = ${f})`);
      const bulk = [];
      const clearOnly = [];
      const reinsert = [];
      for (let it = -1; it < samples; it++) {
        // it = -1: untimed warm-up of both
        if (cache.size !== n) return { failed: `size ${cache.size} before a sample, expected ${n}` };
        fullGc();
        let t0 = performance.now();
        const removed = cache.bulkRemove('most');
        const t1 = performance.now();
        const wrong = removed !== removing ? `bulkRemove returned ${removed}, expected ${removing}` : check('bulkRemove');
        if (wrong) return { failed: wrong };
        if (it >= 0) bulk.push(t1 - t0);
        refill();
        fullGc();
        t0 = performance.now();
        cache.clear();
        const tc = performance.now();
        for (let i = 0; i < sKeys.length; i++) cache.set(sKeys[i], sKeys[i], sOpts[i]);
        const t2 = performance.now();
        const wrongB = check('clear + re-set');
        if (wrongB) return { failed: wrongB };
        if (it >= 0) {
          clearOnly.push(tc - t0);
          reinsert.push(t2 - tc);
        }
        refill();
      }
      const sum = clearOnly.map((c, i) => c + reinsert[i]);
      points.push({
        n,
        f,
        removed: removing,
        survivors: sKeys.length,
        bulkUs: stats(bulk),
        clearUs: stats(clearOnly),
        reinsertUs: stats(reinsert),
        clearTotalUs: stats(sum),
      });
      fullGc();
    }
  }
  return { points };
}

/**
 * 7b control, no cache: `slices` busy-waits of sliceMs, each after a
 * setImmediate yield, like bulkRemoveAsync's. Whatever stretches these slices
 * (preemption by the OS, other processes) stretches the cache's slices too.
 */
let spin = 0;
export async function stallControl({ sliceMs, slices, repeats }) {
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  const runs = [];
  for (let r = 0; r <= repeats; r++) {
    fullGc();
    const meter = startMeter();
    await meter.after(-Infinity);
    const ics0 = involuntarySwitches();
    const t0 = performance.now();
    const done = [];
    for (let i = 0; i < slices; i++) {
      await turn();
      const start = performance.now();
      const deadline = start + sliceMs;
      // Integer work between clock reads: each performance.now() allocates a number, and GCs would muddy the control.
      while (performance.now() < deadline) for (let j = 0; j < 4096; j++) spin = (spin + j) | 0;
      done.push([start, performance.now() - start]);
    }
    const t1 = performance.now();
    const switches = involuntarySwitches() - ics0;
    await meter.after(t1);
    const run = { ...runRecord(t0, t1, NaN, switches, await meter.stop(t0, t1), done), ...sliceStats(done, sliceMs) };
    progress(
      `control run ${r}${r === 0 ? ' (warm-up)' : ''}: longest gap ${run.immediateGapMs.toFixed(2)} ms ` +
        `(slice ${run.gap.sliceMs.toFixed(2)} + GC ${run.gap.gcMs.toFixed(2)} + other ${run.gap.otherMs.toFixed(2)}), longest slice ${run.sliceMaxMs.toFixed(2)} ms`,
    );
    runs.push(run);
  }
  return { warmupRun: runs[0], runs: runs.slice(1), spin };
}
