// Suite 2, bulkRemove scaling: for tag sizes 10 … 100k, a cache of 10 × the
// tag size holding 10 tags of that size (up to 1M entries). One tag is removed
// per sample (timed), then refilled (not timed); tags are taken in turn.

import { buildKeys, fullGc, progress, stats } from './common.mjs';
import { fmtNs, fmtUs, lossesFor, ratioCells, table } from './report.mjs';
import { logLogChart } from './svg.mjs';
import { libraries, loadTagged } from './registry.mjs';
import { verifyTagged } from './verify.mjs';

export const title = 'bulkRemove scaling: one tag of N entries in a cache of 10 × N';

const TAGS = 10;
// [samples, warm-up]: small sizes run first in each process, so they get long
// warm-ups, enough for V8 to tier every library's code up (WebAssembly included).
const FULL = { 10: [4000, 6000], 100: [3000, 3000], 1000: [800, 200], 10000: [150, 15], 100000: [25, 3] };
const DEFAULT = { 10: [400, 3000], 100: [300, 1000], 1000: [100, 20], 10000: [30, 3] };

export function jobs({ full }) {
  const plan = full ? FULL : DEFAULT;
  const sizes = Object.keys(plan).map(Number);
  return libraries('tagged').map((lib) => ({ lib, sizes: sizes.map((size) => ({ size, samples: plan[size][0], warmup: plan[size][1] })) }));
}

function measure(make, { size, samples, warmup }) {
  const total = size * TAGS;
  const keys = buildKeys(0, total);
  const tags = Array.from({ length: TAGS }, (_, t) => `tag:${t}`);
  const options = tags.map((tag) => ({ tags: [tag] }));
  const idsOfTag = tags.map((_, t) => Int32Array.from({ length: size }, (_, i) => i * TAGS + t));
  const cache = make(total);
  for (let id = 0; id < total; id++) cache.set(keys[id], id, options[id % TAGS]);
  if (cache.size !== total) return { size, failed: `size ${cache.size} after ${total} sets` };
  fullGc();
  const times = new Float64Array(samples);
  for (let it = 0; it < warmup + samples; it++) {
    const t = it % TAGS;
    const t0 = performance.now();
    const removed = cache.bulkRemove(tags[t]);
    const t1 = performance.now();
    if (removed !== size) return { size, failed: `bulkRemove returned ${removed}, expected ${size}` };
    if (it >= warmup) times[it - warmup] = t1 - t0;
    const ids = idsOfTag[t];
    const opts = options[t];
    for (let i = 0; i < size; i++) cache.set(keys[ids[i]], ids[i], opts);
  }
  if (cache.get(keys[total - 1]) !== total - 1) return { size, failed: 'get-hit after the run returned a wrong value' };
  return { size, us: stats(times) };
}

export async function run({ lib, sizes }) {
  const make = await loadTagged(lib);
  const failed = verifyTagged(make);
  if (failed !== undefined) return { lib, failed };
  const points = [];
  for (const plan of sizes) {
    progress(`${lib}: tag size ${plan.size} in ${plan.size * TAGS} entries`);
    points.push(measure(make, plan));
    fullGc();
  }
  return { lib, points };
}

export function summarize(results) {
  const sizes = [...new Set(results.flatMap((r) => (r.points ?? []).map((p) => p.size)))].sort((a, b) => a - b);
  const libs = results.map((r) => r.lib);
  const medianOf = (r, size) => r.points?.find((p) => p.size === size && !p.failed)?.us.median;
  const failures = results.filter((r) => r.failed).map((r) => `- **${r.lib}** FAILED: ${r.failed}`);
  for (const r of results)
    for (const p of r.points ?? []) if (p.failed) failures.push(`- **${r.lib}** at tag size ${p.size} FAILED: ${p.failed}`);
  const rows = [];
  const losses = [];
  for (const size of sizes) {
    const byLib = Object.fromEntries(results.map((r) => [r.lib, medianOf(r, size)]).filter(([, v]) => v !== undefined));
    const ratios = ratioCells(byLib.taglru, byLib, 'lower');
    rows.push([
      `${size.toLocaleString('en-US')} of ${(size * TAGS).toLocaleString('en-US')}`,
      ...libs.map((lib) => (byLib[lib] === undefined ? 'failed' : fmtUs(byLib[lib]))),
      byLib.taglru === undefined ? 'n/a' : fmtNs((byLib.taglru * 1000) / size),
      ratios.best,
      ratios.lruCache,
    ]);
    losses.push(...lossesFor('bulkRemove scaling', `tag of ${size}`, byLib.taglru, byLib, 'lower', (v) => `${fmtUs(v)} µs`));
  }
  const series = results
    .filter((r) => r.points)
    .map((r) => ({
      name: r.lib,
      points: r.points.filter((p) => !p.failed).map((p) => [p.size, p.us.median]),
    }));
  const usLabel = (us) => (us >= 1000 ? `${us / 1000} ms` : `${us} µs`);
  const svg = logLogChart({
    title: 'bulkRemove latency vs tag size (median, log-log)',
    xLabel: 'entries removed (tag size); cache holds 10 × this',
    yLabel: 'median latency of one bulkRemove',
    series,
    yFormat: usLabel,
  });
  const md = [
    `## 2. ${title}`,
    '',
    'Median µs per bulkRemove call (removal only; the tag is refilled between samples, untimed). ' +
      'Peers use the `Map<tag, Set<key>>` index described under suite 1.',
    '',
    table(['tag size / cache', ...libs.map((l) => `${l} µs`), 'taglru ns/entry', 'taglru vs best peer', 'taglru vs lru-cache'], rows),
    '',
    ...(failures.length ? ['Failures:', '', ...failures, ''] : []),
    'Chart: [bulkremove.svg](bulkremove.svg).',
  ].join('\n');
  const data = Object.fromEntries(results.map((r) => [r.lib, r.failed ? { failed: r.failed } : r.points]));
  return { md, data, losses, charts: [{ file: 'bulkremove.svg', svg }] };
}
