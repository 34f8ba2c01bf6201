// Suite 5, mixed workload: Zipf-distributed gets (s = 1) over a key space of
// 2 × the cache size, a set (with the key's tag) on every miss, and a
// bulkRemove of one random tag every 1000 gets. Tags: size / 100 of them, so
// about 100 cached entries per tag. Reported: gets per second, median of rounds.

import { buildKeys, fullGc, median, permutation, randomIndices, zipfRanks } from './common.mjs';
import { failedRow, fmtOps, lossesFor, ratioCells, table } from './report.mjs';
import { libraries, loadTagged } from './registry.mjs';
import { verifyTagged } from './verify.mjs';

export const title = 'Mixed: Zipf gets, set on miss, bulkRemove every 1k ops';

const ZIPF_S = 1;
const BULK_EVERY = 1000;

export function jobs({ full }) {
  return libraries('tagged').map((lib) =>
    full
      ? { lib, size: 100_000, warmupOps: 800_000, roundOps: 400_000, rounds: 5 }
      : { lib, size: 10_000, warmupOps: 200_000, roundOps: 150_000, rounds: 5 },
  );
}

export async function run({ lib, size, warmupOps, roundOps, rounds }) {
  const make = await loadTagged(lib);
  const failed = verifyTagged(make);
  if (failed !== undefined) return { lib, failed };

  const space = 2 * size;
  const tagCount = Math.max(1, Math.floor(size / 100));
  const keys = buildKeys(0, space);
  const tagNames = Array.from({ length: tagCount }, (_, t) => `tag:${t}`);
  const options = tagNames.map((tag) => ({ tags: [tag] }));
  const totalOps = warmupOps + rounds * roundOps;
  const perm = permutation(space, 11); // rank -> id, so hot keys are spread over the tags
  const ids = zipfRanks(totalOps, space, ZIPF_S, 12).map((rank) => perm[rank]);
  const bulkTags = randomIndices(Math.ceil(totalOps / BULK_EVERY) + 1, tagCount, 13);
  const cache = make(size);
  const c = { hits: 0, misses: 0, wrong: 0, bulks: 0, removed: 0, sinceBulk: 0, nextBulk: 0 };

  const phase = (from, to) => {
    for (let i = from; i < to; i++) {
      const id = ids[i];
      const key = keys[id];
      const value = cache.get(key);
      if (value === undefined) {
        c.misses++;
        cache.set(key, id, options[id % tagCount]);
      } else if (value !== id) c.wrong++;
      else c.hits++;
      if (++c.sinceBulk === BULK_EVERY) {
        c.sinceBulk = 0;
        c.removed += cache.bulkRemove(tagNames[bulkTags[c.nextBulk++]]);
        c.bulks++;
      }
    }
  };

  // Warm up in chunks, so that phase() is optimised as a function, not only on-stack.
  for (let at = 0; at < warmupOps; at += 20_000) phase(at, Math.min(warmupOps, at + 20_000));
  if (c.wrong !== 0) return { lib, failed: `${c.wrong} get-hits returned a wrong value` };
  // Removal count on the real state: entries of tag 0 the cache holds, found by peeking every key.
  let expected = 0;
  for (let id = 0; id < space; id += tagCount) if (cache.peek(keys[id]) !== undefined) expected++;
  const removedNow = cache.bulkRemove(tagNames[0]);
  if (removedNow !== expected) return { lib, failed: `bulkRemove returned ${removedNow}, the cache held ${expected} entries of the tag` };
  if (cache.get('absent-key') !== undefined) return { lib, failed: 'get-miss did not return undefined' };

  for (const k of ['hits', 'misses', 'bulks', 'removed']) c[k] = 0;
  const opsPerSec = [];
  let at = warmupOps;
  for (let r = 0; r < rounds; r++) {
    fullGc();
    const t0 = performance.now();
    phase(at, at + roundOps);
    const t1 = performance.now();
    opsPerSec.push((roundOps / (t1 - t0)) * 1000);
    at += roundOps;
  }
  if (c.wrong !== 0) return { lib, failed: `${c.wrong} get-hits returned a wrong value` };
  return {
    lib,
    size,
    tagCount,
    opsPerSec: median(opsPerSec),
    rounds: opsPerSec,
    hitRate: c.hits / (c.hits + c.misses),
    removedPerBulk: c.removed / c.bulks,
    sizeAtEnd: cache.size,
  };
}

export function summarize(results) {
  const ok = results.filter((r) => !r.failed);
  const byLib = Object.fromEntries(ok.map((r) => [r.lib, r.opsPerSec]));
  const rows = results.map((r) =>
    r.failed
      ? failedRow(r.lib, r.failed, 5)
      : [
          r.lib,
          fmtOps(r.opsPerSec),
          `${fmtOps(Math.min(...r.rounds))} – ${fmtOps(Math.max(...r.rounds))}`,
          `${(r.hitRate * 100).toFixed(1)} %`,
          r.removedPerBulk.toFixed(1),
          r.sizeAtEnd.toLocaleString('en-US'),
        ],
  );
  const ratios = ratioCells(byLib.taglru, byLib, 'higher');
  const first = ok[0];
  const md = [
    `## 5. ${title}`,
    '',
    first
      ? `Cache of ${first.size.toLocaleString('en-US')}, key space ${(2 * first.size).toLocaleString('en-US')}, ` +
        `Zipf s = ${ZIPF_S}, ${first.tagCount} tags (one per key), ${first.rounds.length} timed rounds after a warm-up. ` +
        'ops = gets; the time includes the sets on miss and the bulkRemove calls.'
      : '',
    '',
    table(['library', 'gets/s (median round)', 'range over rounds', 'hit rate', 'removed per bulkRemove', 'entries at end'], rows),
    '',
    `taglru vs best peer: ${ratios.best} · taglru vs lru-cache: ${ratios.lruCache} (×, > 1 = taglru faster). ` +
      'quick-lru keeps up to 2 × maxSize entries, which raises its hit rate.',
  ].join('\n');
  return {
    md,
    data: results,
    losses: lossesFor('mixed', 'Zipf gets + sets + bulkRemove', byLib.taglru, byLib, 'higher', (v) => `${fmtOps(v)} ops/s`),
  };
}
