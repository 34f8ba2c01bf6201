// Suite 1, the seed workload: 600 entries in 3 domains of 200 (one tag per
// domain); bulkRemove one domain, refill it, next domain, repeat. Only the
// bulkRemove call is timed (performance.now around it); the refill is not.

import { fullGc, stats, timerOverheadNs } from './common.mjs';
import { failedRow, fmtRatio, fmtUs, lossesFor, ratioCells, table } from './report.mjs';
import { libraries, library, loadTagged } from './registry.mjs';
import { verifyTagged } from './verify.mjs';

export const title = 'Seed workload: bulkRemove of one 200-entry domain in a 600-entry cache';

const DOMAINS = 3;
const PER_DOMAIN = 200;

export function jobs({ full }) {
  return libraries('tagged').map((lib) => ({ lib, samples: full ? 20000 : 5000, warmup: full ? 3000 : 1000 }));
}

export async function run({ lib, samples, warmup }) {
  const make = await loadTagged(lib);
  const failed = verifyTagged(make);
  if (failed !== undefined) return { lib, failed };

  const tags = [];
  const options = [];
  const keys = [];
  for (let d = 0; d < DOMAINS; d++) {
    tags.push(`domain:${d}`);
    options.push({ tags: [`domain:${d}`] });
    keys.push(Array.from({ length: PER_DOMAIN }, (_, i) => `domain:${d}:user:${i}:profile`));
  }
  const cache = make(DOMAINS * PER_DOMAIN);
  for (let i = 0; i < PER_DOMAIN; i++) for (let d = 0; d < DOMAINS; d++) cache.set(keys[d][i], i, options[d]);
  if (cache.size !== DOMAINS * PER_DOMAIN) return { lib, failed: `size ${cache.size} after filling 600 entries` };

  fullGc();
  const times = new Float64Array(samples);
  for (let it = 0; it < warmup + samples; it++) {
    const d = it % DOMAINS;
    const t0 = performance.now();
    const removed = cache.bulkRemove(tags[d]);
    const t1 = performance.now();
    if (removed !== PER_DOMAIN) return { lib, failed: `bulkRemove returned ${removed}, expected ${PER_DOMAIN} (iteration ${it})` };
    if (it >= warmup) times[it - warmup] = t1 - t0;
    const domainKeys = keys[d];
    const opts = options[d];
    for (let i = 0; i < PER_DOMAIN; i++) cache.set(domainKeys[i], i, opts);
  }
  if (cache.get(keys[1][7]) !== 7) return { lib, failed: 'get-hit after the run returned a wrong value' };
  return { lib, us: stats(times), timerNs: timerOverheadNs() };
}

export function summarize(results) {
  const ok = results.filter((r) => !r.failed);
  const byLib = Object.fromEntries(ok.map((r) => [r.lib, r.us.median]));
  const taglru = byLib.taglru;
  const rows = results.map((r) =>
    r.failed
      ? failedRow(r.lib, r.failed, 6)
      : [r.lib, fmtUs(r.us.median), fmtUs(r.us.p10), fmtUs(r.us.p90), fmtUs(r.us.p99), fmtUs(r.us.mean), String(r.us.n)],
  );
  const ratios = ratioCells(taglru, byLib, 'lower');
  const timerNs = ok.length ? ok[0].timerNs : NaN;
  const ran = results.some((r) => r.lib === 'taglru');
  const headline =
    taglru === undefined
      ? `seed workload: taglru ${ran ? 'FAILED its checks' : 'not run'}`
      : `seed workload, bulkRemove of 200 of 600 entries, median: taglru ${fmtUs(taglru)} µs` +
        (ratios.bestLib ? `; ${fmtRatio(ratios.vsBest)} vs the best peer (${ratios.bestLib} + index, ${fmtUs(ratios.bestValue)} µs)` : '') +
        (Number.isFinite(byLib['lru-cache']) ? `, ${ratios.lruCache} vs lru-cache + index (${fmtUs(byLib['lru-cache'])} µs)` : '') +
        ' (× > 1: taglru faster)';
  const md = [
    `## 1. ${title}`,
    '',
    `**${headline}.**`,
    '',
    table(['library', 'median µs', 'p10 µs', 'p90 µs', 'p99 µs', 'mean µs', 'samples'], rows),
    '',
    `taglru vs best peer: ${ratios.best} · taglru vs lru-cache: ${ratios.lruCache} (×, > 1 = taglru faster)`,
    '',
    `Each sample is one bulkRemove call timed with performance.now(); the refill of the domain ` +
      `(200 sets) runs outside the timed part. Samples include one timer pair (≈ ${Math.round(timerNs)} ns).`,
    '',
    'How each peer keeps its `Map<tag, Set<key>>` index correct:',
    '',
    ...results.map((r) => `- **${r.lib}**: ${library(r.lib).supports.tagged.note ?? ''}`),
  ].join('\n');
  return {
    md,
    data: { results, medianUs: byLib, taglruMedianUs: taglru },
    losses: lossesFor('seed workload', 'bulkRemove 200 of 600', taglru, byLib, 'lower', (v) => `${fmtUs(v)} µs`),
    headline,
  };
}
