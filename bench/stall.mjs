// Event-loop stall meter for the invalidation suite. Two tickers record when
// they run: a setImmediate loop (runs once per event-loop turn, so a gap is
// the longest the loop was busy) and setInterval(0) (Node clamps it to 1 ms).
// GC pauses are collected too (PerformanceObserver 'gc'), to tell a GC pause
// from a long slice. And a probe on setImmediate times bulkRemoveAsync's slices.

import { PerformanceObserver } from 'node:perf_hooks';

/**
 * Wraps globalThis.setImmediate; must run before dist/ is imported (dist
 * captures the function on first use). While started, each setImmediate call
 * is a slice boundary: bulkRemoveAsync yields with one before every slice, so
 * slice k lasts from its immediate firing to the next request (or to `end`).
 * Anyone else calling the global setImmediate meanwhile would be counted too,
 * which is why the tickers below use the original function.
 */
export function installSliceProbe() {
  const original = globalThis.setImmediate;
  let requested = [];
  let fired = [];
  let on = false;
  globalThis.setImmediate = function probedSetImmediate(callback, ...args) {
    if (!on) return original(callback, ...args);
    requested.push(performance.now());
    return original(() => {
      fired.push(performance.now());
      callback(...args);
    });
  };
  return {
    original,
    start() {
      requested = [];
      fired = [];
      on = true;
    },
    /** [start, duration ms] of each slice, in order, for a run that ended at `end`. */
    stop(end) {
      on = false;
      return fired.map((at, k) => [at, (k + 1 < requested.length ? requested[k + 1] : end) - at]);
    },
  };
}

/**
 * Longest gap (ms) between consecutive ticks, clipped to [from, to] (time
 * before or after the removal is not its doing), where it was, and ticks inside.
 */
function gapsIn(ticks, count, from, to) {
  let longest = 0;
  let at = [from, from];
  let inside = 0;
  for (let i = 1; i < count; i++) {
    const a = Math.max(ticks[i - 1], from);
    const b = Math.min(ticks[i], to);
    if (b - a > longest) {
      longest = b - a;
      at = [a, b];
    }
    if (ticks[i] >= from && ticks[i] <= to) inside++;
  }
  return { longest, at, inside };
}

const overlap = ([a, b], start, duration) => Math.max(0, Math.min(b, start + duration) - Math.max(a, start));

/**
 * What the longest setImmediate gap was made of: the part of it spent in the
 * longest overlapping slice ([start, duration] pairs; a synchronous removal is
 * one slice), in GC pauses, and the rest (event-loop turns, preemption).
 */
export function gapBreakdown(stall, slices) {
  const gap = stall.gapAt;
  const slice = slices.reduce((m, [start, d]) => Math.max(m, overlap(gap, start, d)), 0);
  const gc = stall.gcs.reduce((sum, [start, d]) => sum + overlap(gap, start, d), 0);
  return { sliceMs: slice, gcMs: gc, otherMs: Math.max(0, gap[1] - gap[0] - slice - gc) };
}

// Tick buffers, allocated once per process: a fresh 8 MB array per run could
// itself set off a GC during the removal. An idle setImmediate loop ticks every
// ~1 µs, and runs only wait a few ms idle.
let buffers;

/** Starts both tickers and the GC observer; `immediate` is an unprobed setImmediate. */
export function startMeter(immediate = setImmediate) {
  buffers ??= { imm: new Float64Array(1 << 20), intv: new Float64Array(1 << 16) };
  const { imm, intv } = buffers;
  const cap = imm.length;
  let nImm = 0;
  let nIntv = 0;
  let running = true;
  const gcs = [];
  // kind: 1 minor (scavenge), 4 major, 8 incremental marking step, 16 weak callbacks.
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcs.push([e.startTime, e.duration, e.detail?.kind]);
  });
  observer.observe({ entryTypes: ['gc'] });
  const tick = () => {
    if (!running) return;
    if (nImm < cap) imm[nImm++] = performance.now();
    immediate(tick);
  };
  immediate(tick);
  const timer = setInterval(() => {
    if (nIntv < intv.length) intv[nIntv++] = performance.now();
  }, 0);
  const turn = () => new Promise((resolve) => immediate(resolve));
  const ticksAfter = (ticks, n, time, enough) => {
    let c = 0;
    for (let i = n - 1; i >= 0 && ticks[i] > time && c < enough; i--) c++;
    return c;
  };
  return {
    /** Resolves once both tickers ran `count` times after `time` (their gaps around `time` are then recorded). */
    async after(time, count = 3) {
      while (ticksAfter(imm, nImm, time, count) < count || ticksAfter(intv, nIntv, time, count) < count) await turn();
    },
    /** Stops; the stall numbers of the window [from, to] (ms). */
    async stop(from, to) {
      running = false;
      clearInterval(timer);
      await new Promise((resolve) => setTimeout(resolve, 5)); // let the GC observer deliver
      observer.disconnect();
      const a = gapsIn(imm, nImm, from, to);
      const b = gapsIn(intv, nIntv, from, to);
      const gcIn = gcs.filter(([start, d]) => start + d >= from && start <= to);
      return {
        immediateGapMs: a.longest,
        gapAt: a.at,
        immediateTicks: a.inside,
        intervalGapMs: b.longest,
        intervalTicks: b.inside,
        overflow: nImm === cap,
        gcCount: gcIn.length,
        gcMaxMs: gcIn.reduce((m, [, d]) => Math.max(m, d), 0),
        gcs: gcIn,
      };
    },
  };
}
