// Suite 6, the cost of the trace option: get-hit and get-miss on a full taglru
// cache of 100k integer keys, with no trace (the default), and with a no-op
// trace. "Zero cost when absent" means the first row matches a cache that never
// heard of tracing; the second shows what turning tracing on costs.

import { fullGc, progress } from './common.mjs';
import { libraries } from './registry.mjs';
import { table } from './report.mjs';

export const title = 'trace: cost of the debug-event option (taglru only)';

const SIZE = 100_000;
const OPS = 1_000_000;
const VARIANTS_ = { absent: 'no trace option', noop: 'trace: () => {}' };

export function jobs({ full }) {
  if (!libraries('plain').includes('taglru')) return [];
  return Object.keys(VARIANTS_).map((kind) => ({ lib: 'taglru', kind, passes: full ? 9 : 3 }));
}

/** Best-of-passes ns per operation: load from other processes only slows a pass down. */
function bestNs(passes, body) {
  let best = Infinity;
  for (let pass = 0; pass < passes; pass++) {
    const t0 = performance.now();
    body();
    best = Math.min(best, performance.now() - t0);
  }
  return (best * 1e6) / OPS;
}

export async function run({ kind, passes }) {
  const { TagCache } = await import('../dist/index.js'); // taglru's own option: not through an adapter
  let events = 0;
  const cache = new TagCache(
    kind === 'noop'
      ? {
          maxEntries: SIZE,
          trace: () => {
            events++;
          },
        }
      : { maxEntries: SIZE },
  );
  for (let key = 0; key < SIZE; key++) cache.set(key, key);
  const order = new Int32Array(OPS);
  let state = 12345;
  for (let i = 0; i < OPS; i++) {
    state = (Math.imul(state, 1103515245) + 12345) | 0;
    order[i] = (state >>> 8) % SIZE;
  }
  let wrong = 0;
  const hit = () => {
    for (let i = 0; i < OPS; i++) if (cache.get(order[i]) !== order[i]) wrong++;
  };
  const miss = () => {
    for (let i = 0; i < OPS; i++) if (cache.get(order[i] + SIZE) !== undefined) wrong++;
  };
  progress(`taglru get with ${VARIANTS_[kind]}`);
  fullGc();
  const hitNs = bestNs(passes, hit);
  const missNs = bestNs(passes, miss);
  if (wrong !== 0) return { lib: 'taglru', kind, failed: `${wrong} wrong get answers` };
  if (kind === 'noop' && events !== 2 * passes * OPS)
    return { lib: 'taglru', kind, failed: `trace saw ${events} events, expected ${2 * passes * OPS}` };
  return { lib: 'taglru', kind, hitNs, missNs };
}

export function summarize(results) {
  const of = (kind) => results.find((r) => r.kind === kind);
  const absent = of('absent');
  const rows = results.map((r) =>
    r.failed
      ? [VARIANTS_[r.kind], `FAILED: ${r.failed}`, '', '']
      : [
          VARIANTS_[r.kind],
          r.hitNs.toFixed(1),
          r.missNs.toFixed(1),
          absent && !absent.failed ? `${(r.hitNs / absent.hitNs).toFixed(2)}× / ${(r.missNs / absent.missNs).toFixed(2)}×` : '',
        ],
  );
  const md = [
    `## 6. ${title}`,
    '',
    `ns per get on a full cache of ${SIZE.toLocaleString('en-US')} integer keys, best of several passes of ` +
      `${OPS.toLocaleString('en-US')} random gets. Without the option the only cost is one \`undefined\` check per event site.`,
    '',
    table(['configuration', 'get-hit ns', 'get-miss ns', 'vs no trace (hit / miss)'], rows),
  ].join('\n');
  return { md, data: { results } };
}
