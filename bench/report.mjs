// Formatting shared by the suites' summaries: numbers, markdown tables,
// taglru-vs-peer ratios and the list of rows where taglru loses.

const sig = (value, digits = 3) => {
  if (!Number.isFinite(value)) return 'n/a';
  if (value === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.max(0, digits - 1 - magnitude);
  return value.toFixed(Math.min(decimals, 4));
};

export const fmtUs = (us) => sig(us);
export const fmtNs = (ns) => sig(ns);
export const fmtMs = (ms) => sig(ms);

/** Operations per second as 12.3M / 456K. */
export function fmtOps(ops) {
  if (!Number.isFinite(ops)) return 'n/a';
  if (ops >= 1e6) return `${sig(ops / 1e6)}M`;
  if (ops >= 1e3) return `${sig(ops / 1e3)}K`;
  return sig(ops);
}

/** Bytes as MB (10^6) with 3 significant digits. */
export function fmtMB(bytes) {
  const mb = bytes / 1e6;
  return mb.toFixed(Math.abs(mb) >= 100 ? 0 : Math.abs(mb) >= 10 ? 1 : 2);
}

/** A markdown table. */
export function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** A row for a library that failed its checks: name, reason, then blanks. */
export function failedRow(lib, reason, blanks) {
  return [lib, `**FAILED**: ${String(reason).replace(/\|/g, '/').slice(0, 160)}`, ...Array(blanks - 1).fill('—')];
}

/**
 * taglru relative to the best peer and to lru-cache. `direction` is 'lower'
 * (times, bytes: ratio = peer / taglru) or 'higher' (ops/s: taglru / peer), so a
 * ratio > 1 always means taglru is better.
 */
export function compare(taglru, byLib, direction) {
  const peers = Object.entries(byLib).filter(([lib, v]) => lib !== 'taglru' && Number.isFinite(v));
  if (!Number.isFinite(taglru) || peers.length === 0) return { bestLib: undefined, vsBest: NaN, vsLruCache: NaN };
  const better = (a, b) => (direction === 'lower' ? a < b : a > b);
  let [bestLib, bestValue] = peers[0];
  for (const [lib, v] of peers) if (better(v, bestValue)) [bestLib, bestValue] = [lib, v];
  const ratio = (v) => (direction === 'lower' ? v / taglru : taglru / v);
  const lru = byLib['lru-cache'];
  return { bestLib, bestValue, vsBest: ratio(bestValue), vsLruCache: Number.isFinite(lru) ? ratio(lru) : NaN };
}

/** "2.31×" or "0.45× ⚠" (taglru worse). */
export function fmtRatio(ratio) {
  if (!Number.isFinite(ratio)) return 'n/a';
  return ratio >= 1 ? `${sig(ratio)}×` : `${sig(ratio)}× ⚠`;
}

/** The two ratio cells of a row, as strings, best peer named. */
export function ratioCells(taglru, byLib, direction) {
  const c = compare(taglru, byLib, direction);
  return {
    best: c.bestLib === undefined ? 'n/a' : `${fmtRatio(c.vsBest)} (${c.bestLib})`,
    lruCache: fmtRatio(c.vsLruCache),
    ...c,
  };
}

/**
 * The peers that beat taglru on a row, as one loss record (empty array if
 * none). `fmt` formats a value of the row for the report.
 */
export function lossesFor(suite, row, taglru, byLib, direction, fmt) {
  if (!Number.isFinite(taglru)) return [];
  const winners = Object.entries(byLib)
    .filter(([lib, v]) => lib !== 'taglru' && Number.isFinite(v) && (direction === 'lower' ? v < taglru : v > taglru))
    .sort((a, b) => (direction === 'lower' ? a[1] - b[1] : b[1] - a[1]));
  if (winners.length === 0) return [];
  return [
    {
      suite,
      row,
      taglru: fmt(taglru),
      winners: winners.map(([lib, v]) => `${lib} ${fmt(v)}`),
      vsBest: direction === 'lower' ? winners[0][1] / taglru : taglru / winners[0][1],
    },
  ];
}

/** The "where taglru loses" section. */
export function lossesSection(losses) {
  const lines = ['## Where taglru is slower / bigger than a peer', ''];
  if (losses.length === 0) return [...lines, 'Nowhere: taglru is ahead on every row measured.'].join('\n');
  lines.push(
    table(
      ['suite', 'row', 'taglru', 'peers ahead of taglru', 'taglru vs best'],
      losses.map((l) => [l.suite, l.row, l.taglru, l.winners.join(', '), fmtRatio(l.vsBest)]),
    ),
  );
  return lines.join('\n');
}
