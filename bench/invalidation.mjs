// Suite 7, invalidation: (a) markStale latency vs tag size, with bulkRemove
// of the same tag as context; (b) the longest event-loop stall while a tag of
// 1M entries is removed (bulkRemoveAsync, bulkRemove, lru-cache + index);
// (c) bulkRemove of a tag covering most of the cache vs clear() + re-setting
// the survivors. Measurements in bench/invalidation-measure.mjs, the stall
// meter in bench/stall.mjs.

import { median, timerOverheadNs } from './common.mjs';
import { most, stall, stallControl, tagSize } from './invalidation-measure.mjs';
import { fmtMs, fmtNs, fmtUs, lossesFor, ratioCells, table } from './report.mjs';
import { installSliceProbe } from './stall.mjs';
import { libraries, loadTagged } from './registry.mjs';
import { verifyTagged } from './verify.mjs';

export const title = 'Invalidation: markStale, non-blocking removal, bulkRemove vs clear';

const TAG_SIZE_LIBS = ['taglru', 'lru-cache', 'mnemonist'];
const FULL_SIZES = [
  { n: 100, hotSamples: 3000, coldSamples: 1000, samples: 2000, warmup: 2000 },
  { n: 10_000, hotSamples: 3000, coldSamples: 200, samples: 100, warmup: 10 },
  { n: 1_000_000, hotSamples: 3000, coldSamples: 25, samples: 7, warmup: 1 },
];
const DEFAULT_SIZES = [
  { n: 100, hotSamples: 2000, coldSamples: 300, samples: 500, warmup: 500 },
  { n: 100_000, hotSamples: 2000, coldSamples: 30, samples: 10, warmup: 2 },
];
const STALL_METHODS = [
  { lib: 'taglru', kind: 'bulkRemoveAsync sliceMs 2', method: 'async', sliceMs: 2 },
  { lib: 'taglru', kind: 'bulkRemoveAsync sliceMs 5', method: 'async', sliceMs: 5 },
  { lib: 'taglru', kind: 'bulkRemove (sync)', method: 'sync' },
  { lib: 'lru-cache', kind: 'index bulkRemove (sync)', method: 'sync' },
  // About as many slices as bulkRemoveAsync (sliceMs 2) needs for the tag.
  { lib: 'control', kind: 'no cache: busy-wait slices of 2 ms', method: 'control', sliceMs: 2 },
];

export function jobs({ full }) {
  const big = full ? 1_000_000 : 200_000;
  const repeats = full ? 5 : 3;
  const here = new Set(libraries('tagged'));
  const hasTaglru = here.has('taglru');
  const needed = (lib) => here.has(lib) || lib === 'control';
  return [
    ...TAG_SIZE_LIBS.filter(needed).map((lib) => ({ part: 'tagsize', lib, kind: 'tag size', plan: full ? FULL_SIZES : DEFAULT_SIZES })),
    ...STALL_METHODS.filter((m) => needed(m.lib)).map((m) => ({
      part: 'stall',
      ...m,
      big,
      repeats,
      ...(m.method === 'control' && { slices: full ? 70 : 15 }),
    })),
    ...(hasTaglru
      ? [
          {
            part: 'most',
            lib: 'taglru',
            kind: 'bulkRemove vs clear',
            sizes: full
              ? [
                  { n: 100_000, samples: 15 },
                  { n: 1_000_000, samples: 5 },
                ]
              : [{ n: 100_000, samples: 7 }],
            fractions: [0.5, 0.9, 0.99],
          },
        ]
      : []),
  ];
}

export async function run(job) {
  const id = { part: job.part, lib: job.lib, kind: job.kind };
  if (job.method === 'control') return { ...id, big: job.big, sliceMs: job.sliceMs, ...(await stallControl(job)) };
  const probe = job.method === 'async' ? installSliceProbe() : undefined; // before dist/ is imported
  const make = await loadTagged(job.lib);
  const failed = verifyTagged(make);
  if (failed !== undefined) return { ...id, failed };
  let out;
  if (job.part === 'tagsize') out = tagSize(make, job.lib, job.plan);
  else if (job.part === 'stall') out = { big: job.big, sliceMs: job.sliceMs, ...(await stall(make, job, probe)) };
  else out = most(make, job);
  return { ...id, ...out, timerNs: timerOverheadNs() };
}

const count = (n) => n.toLocaleString('en-US');
const failedLine = (r) => `- **${r.lib} ${r.kind}** FAILED: ${r.failed}`;

/** 7a: two tables, markStale (taglru) and bulkRemove of the same tag (all libraries). */
function tagSizeSection(results) {
  const byLib = Object.fromEntries(results.filter((r) => !r.failed).map((r) => [r.lib, r]));
  const taglru = byLib.taglru;
  const sizes = [...new Set(results.flatMap((r) => (r.points ?? []).map((p) => p.n)))].sort((a, b) => a - b);
  const pointOf = (lib, n) => byLib[lib]?.points.find((p) => p.n === n);
  const filler = taglru?.filler ?? 100_000;
  const failures = results.filter((r) => r.failed).map(failedLine);
  const msRows = [];
  const brRows = [];
  const losses = [];
  for (const n of sizes) {
    const ms = pointOf('taglru', n)?.markStale;
    if (ms?.failed) failures.push(`- **taglru** markStale at ${count(n)} FAILED: ${ms.failed}`);
    else if (ms) {
      msRows.push([
        `${count(n)} of ${count(n + filler)}`,
        fmtNs(ms.hotNs.median),
        fmtNs(ms.hotNs.p99),
        String(ms.hotNs.n),
        count(ms.staleHeldAfterHot),
        fmtNs(ms.coldNs.median),
        fmtNs(ms.coldNs.p99),
        String(ms.coldNs.n),
        fmtNs(ms.coldEmptyNs.median),
      ]);
    }
    const us = {};
    for (const lib of TAG_SIZE_LIBS) {
      const br = pointOf(lib, n)?.bulkRemove;
      if (br?.failed) failures.push(`- **${lib}** bulkRemove at ${count(n)} FAILED: ${br.failed}`);
      else if (br) us[lib] = br.us.median;
    }
    const ratios = ratioCells(us.taglru, us, 'lower');
    const coldUs = ms && !ms.failed ? ms.coldNs.median / 1000 : NaN;
    brRows.push([
      count(n),
      ...TAG_SIZE_LIBS.map((lib) => (us[lib] === undefined ? 'failed' : fmtUs(us[lib]))),
      ratios.best,
      ratios.lruCache,
      Number.isFinite(coldUs) && us.taglru ? `${fmtNs(us.taglru / coldUs)}×` : 'n/a',
    ]);
    losses.push(...lossesFor('invalidation', `bulkRemove of a ${count(n)}-entry tag`, us.taglru, us, 'lower', (v) => `${fmtUs(v)} µs`));
  }
  const first = pointOf('taglru', sizes[0])?.markStale;
  const last = pointOf('taglru', sizes.at(-1))?.markStale;
  const flat =
    first?.hotNs && last?.hotNs
      ? `markStale, warm: median ${fmtNs(first.hotNs.median)} ns at ${count(sizes[0])} vs ${fmtNs(last.hotNs.median)} ns at ` +
        `${count(sizes.at(-1))} (${fmtNs(last.hotNs.median / first.hotNs.median)}×); cold, whole tag: ${fmtNs(first.coldNs.median)} vs ` +
        `${fmtNs(last.coldNs.median)} ns, where an empty timer pair alone takes ${fmtNs(first.coldEmptyNs.median)} vs ${fmtNs(last.coldEmptyNs.median)} ns`
      : 'markStale: no result';
  const md = [
    '## 7a. markStale latency vs tag size (taglru), and bulkRemove of the same tag',
    '',
    `**${flat}.**`,
    '',
    `A cache holds tag 'hot' of N entries plus ${count(filler)} others (half untagged, half in 50 other tags); integer keys. ` +
      "Each sample is one `markStale('hot')` between two performance.now() calls " +
      `(timer pair ≈ ${Math.round(taglru?.timerNs ?? NaN)} ns warm, included).`,
    '',
    "- **warm**: 16 of the tag's keys are re-set (untimed) before each call, so the call stales 16 entries; the tag's list still holds " +
      'about N nodes, since stale ones are reclaimed lazily (the "stale held" column counts them after the run). Calls come back to back: ' +
      'this is the cost of the code.',
    '- **cold, whole tag**: all N keys are re-set (untimed) before each call, so each call stales the whole tag (checked: returns N). ' +
      'Re-setting N keys walks O(N) memory and evicts the CPU caches, so the call runs cold; the last column times an empty ' +
      'performance.now() pair in the same position, as a yardstick for that coldness.',
    '',
    table(
      [
        'tag size (cache)',
        'warm median ns',
        'warm p99 ns',
        'warm samples',
        'stale held',
        'cold median ns',
        'cold p99 ns',
        'cold samples',
        'empty timer pair, cold, median ns',
      ],
      msRows,
    ),
    '',
    "Context: synchronous bulkRemove('hot') of the same N (median µs; tag refilled untimed between samples; peers use the " +
      '`Map<tag, Set<key>>` adapters of suite 1).',
    '',
    table(
      [
        'tag size',
        ...TAG_SIZE_LIBS.map((l) => `${l} bulkRemove µs`),
        'taglru vs best peer',
        'taglru vs lru-cache',
        'taglru bulkRemove ÷ cold markStale',
      ],
      brRows,
    ),
    ...(failures.length ? ['', 'Failures:', '', ...failures] : []),
  ].join('\n');
  return { md, losses, data: { markStale: msRows, bulkRemove: brRows } };
}

/** 7b: one row per removal method. */
function stallSection(results) {
  const failures = results.filter((r) => r.failed).map(failedLine);
  const ok = results.filter((r) => !r.failed && r.runs);
  const big = results[0]?.big;
  const range = (xs) => `${fmtMs(Math.min(...xs))}–${fmtMs(Math.max(...xs))}`;
  const rows = ok.map((r) => {
    const of = (key) => r.runs.map((run) => run[key]);
    const sliced = r.runs[0].slices !== undefined;
    const sum = (key) => of(key).reduce((a, b) => a + b, 0);
    // The run whose longest gap is the median one (runs are odd in number), broken down.
    const mid = [...r.runs].sort((x, y) => x.immediateGapMs - y.immediateGapMs)[(r.runs.length - 1) >> 1].gap;
    return [
      r.lib === 'control' ? `*control* ${r.kind}` : `${r.lib} ${r.kind}`,
      fmtMs(median(of('immediateGapMs'))),
      `${fmtMs(mid.sliceMs)} + ${fmtMs(mid.gcMs)} + ${fmtMs(mid.otherMs)}`,
      range(of('immediateGapMs')),
      fmtMs(median(of('intervalGapMs'))),
      fmtMs(median(of('wallMs'))),
      `${sliced ? median(of('slices')) : '—'} / ${median(of('immediateTicks'))}`,
      sliced ? `${fmtMs(median(of('sliceMedianMs')))} / ${fmtMs(Math.max(...of('sliceMaxMs')))}` : '—',
      sliced ? `${sum('overruns')} of ${sum('slices')}` : '—',
      String(median(of('switches'))),
      Number.isFinite(r.runs[0].callUs) ? fmtUs(median(of('callUs'))) : '—',
      `${Math.max(...of('gcCount'))} / ${fmtMs(Math.max(...of('gcMaxMs')))}`,
    ];
  });
  const gapOf = (lib, kind) => {
    const r = ok.find((x) => x.lib === lib && x.kind === kind);
    return r ? median(r.runs.map((run) => run.immediateGapMs)) : undefined;
  };
  const syncGaps = Object.fromEntries(
    [
      ['taglru', gapOf('taglru', 'bulkRemove (sync)')],
      ['lru-cache', gapOf('lru-cache', 'index bulkRemove (sync)')],
    ].filter(([, v]) => v !== undefined),
  );
  const asyncGap = gapOf('taglru', 'bulkRemoveAsync sliceMs 2');
  const headline =
    asyncGap === undefined
      ? 'bulkRemoveAsync: no result'
      : `removing ${count(big ?? 0)} entries, the longest event-loop stall is ${fmtMs(asyncGap)} ms with bulkRemoveAsync (sliceMs 2), ` +
        `${fmtMs(syncGaps.taglru)} ms with bulkRemove, ${fmtMs(syncGaps['lru-cache'])} ms with lru-cache + index`;
  let md = [
    `## 7b. Longest event-loop stall while removing a tag of ${count(big ?? 0)} entries`,
    '',
    `**${headline}.**`,
    '',
    `Cache of ${count(Math.round((big ?? 0) * 1.1))} integer keys, ${count(big ?? 0)} in tag 'big', one key in 11 in other tags or ` +
      'none, interleaved. While the removal runs, a `setImmediate` loop and a `setInterval(…, 0)` (≥ 1 ms in Node) record ' +
      'performance.now() at each tick; the gap is the longest between two consecutive ticks, clipped to the removal ' +
      '(from the call to its end). ' +
      `Each row: ${ok[0]?.runs.length ?? '?'} runs after an untimed warm-up run, gc() before each, the tag refilled between runs; ` +
      "after each run the tag's entries are checked gone (size, peek of every key, no stale entry left) and the others present. " +
      'Slices are timed by a probe on `setImmediate` (from the yield before a slice to the next yield); ' +
      '"sync part" is the time `bulkRemoveAsync` takes to return its promise (its markStale, once per run and so cold; ' +
      'warm markStale: 7a). The *control* row runs no cache: the same number of setImmediate-yielded busy-waits of 2 ms, ' +
      'so whatever stretches its slices (the OS preempting the process: "involuntary context switches", all threads) ' +
      "stretches the cache's slices too. The median run's longest gap is split into the time spent in a slice (for a " +
      'synchronous call, the call), in GC pauses (PerformanceObserver), and the rest (event-loop turns, preemption).',
    '',
    table(
      [
        'method',
        'longest setImmediate gap ms (median)',
        'that gap = slice + GC + other ms',
        'range over runs ms',
        'longest setInterval(0) gap ms (median)',
        'wall time ms (median)',
        'slices / setImmediate ticks during removal (median)',
        'slice ms: median / longest of all runs',
        'slices > 1.5 × sliceMs (all runs)',
        'involuntary context switches (median)',
        'sync part µs (median)',
        'GCs during removal / longest GC ms (max over runs)',
      ],
      rows,
    ),
    ...(failures.length ? ['', 'Failures:', '', ...failures] : []),
  ].join('\n');
  const firstCalls = ok.filter((r) => Number.isFinite(r.warmupRun?.callUs)).map((r) => `${fmtUs(r.warmupRun.callUs)} µs (${r.kind})`);
  if (firstCalls.length)
    md += `\n\nThe first bulkRemoveAsync call of each process (its warm-up run, not in the table) took ${firstCalls.join(', ')} to return.`;
  const losses = lossesFor(
    'invalidation',
    `longest stall, sync bulkRemove of ${count(big ?? 0)}`,
    syncGaps.taglru,
    syncGaps,
    'lower',
    (v) => `${fmtMs(v)} ms`,
  );
  return { md, losses, data: { rows } };
}

/** 7c: one row per cache size and fraction. */
function mostSection(result) {
  if (!result || result.failed)
    return { md: `## 7c. bulkRemove of most of the cache vs clear()\n\nFAILED: ${result?.failed ?? 'no result'}`, data: {} };
  const rows = result.points.map((p) => {
    const ratio = p.bulkUs.median / p.clearTotalUs.median;
    return [
      count(p.n),
      `${Math.round(p.f * 100)}%`,
      count(p.removed),
      count(p.survivors),
      fmtMs(p.bulkUs.median / 1000),
      fmtMs(p.clearUs.median / 1000),
      fmtMs(p.reinsertUs.median / 1000),
      fmtMs(p.clearTotalUs.median / 1000),
      `${fmtNs(ratio)}×`,
      ratio > 1 ? 'clear + re-set' : 'bulkRemove',
      String(p.bulkUs.n),
    ];
  });
  const clearWins = result.points.filter((p) => p.bulkUs.median > p.clearTotalUs.median);
  const verdict =
    clearWins.length === 0
      ? 'bulkRemove is faster than clear() + re-set at every size and fraction measured'
      : `clear() + re-set of the survivors is faster at ${clearWins.map((p) => `${count(p.n)} / ${Math.round(p.f * 100)}%`).join(', ')}`;
  const md = [
    '## 7c. bulkRemove of a tag covering most of the cache vs clear() + re-inserting the survivors (taglru)',
    '',
    `**${verdict}.**`,
    '',
    "A full cache of N integer keys; fraction f carry tag 'most', the survivors are untagged or in one of 50 other tags, " +
      "interleaved. `bulkRemove('most')` against `clear()` followed by re-setting every survivor with its tags, from arrays " +
      "prepared outside the timed part (the clear strategy's best case). The two alternate, starting from the same full cache " +
      "('most' refilled untimed), gc() before each; both are checked (size, every survivor's value, a tag's count). " +
      'Medians in ms; ratio > 1 means clear + re-set is faster. Not counted for clear(): collecting the dropped JS key/value array later.',
    '',
    table(
      [
        'cache N',
        'f',
        'removed',
        'survivors',
        'bulkRemove ms',
        'clear() ms',
        're-set survivors ms',
        'clear + re-set ms',
        'bulkRemove ÷ (clear + re-set)',
        'faster',
        'samples',
      ],
      rows,
    ),
  ].join('\n');
  return { md, data: { rows } };
}

export function summarize(results) {
  const a = tagSizeSection(results.filter((r) => r.part === 'tagsize'));
  const b = stallSection(results.filter((r) => r.part === 'stall'));
  const c = mostSection(results.find((r) => r.part === 'most'));
  return {
    md: [a.md, b.md, c.md].join('\n\n'),
    data: { tagSize: a.data, stall: b.data, mostOfCache: c.data, results },
    losses: [...a.losses, ...b.losses],
  };
}
