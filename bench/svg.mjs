// Hand-written SVG charts (no chart library): a log-log line chart and a
// grouped bar chart with a log value axis. Each library's colour is in its adapter.

import { colorOf } from './registry.mjs';

const color = (name, i) => colorOf(name) ?? ['#17becf', '#7f7f7f', '#bcbd22', '#e377c2'][i % 4];
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const num = (v) => (Math.round(v * 10) / 10).toString();
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif"';

/** Decades covering [min, max]: a log axis from 10^lo to 10^hi. */
function decades(min, max) {
  const lo = Math.floor(Math.log10(min));
  let hi = Math.ceil(Math.log10(max));
  if (hi === lo) hi++;
  return { lo, hi };
}

/** Short labels for powers of ten: 10, 100, 1k, 10k, 1M. */
export function siLabel(value) {
  const units = [
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
    [1, ''],
  ];
  if (value < 1) return String(Number(value.toPrecision(1)));
  for (const [scale, unit] of units) if (value >= scale) return `${Number((value / scale).toPrecision(3))}${unit}`;
  return String(value);
}

/** Legend entries in a row at (x, y). */
function legend(names, x, y) {
  let out = '';
  let cx = x;
  names.forEach((name, i) => {
    out += `<rect x="${cx}" y="${y - 9}" width="12" height="12" fill="${color(name, i)}"/>`;
    out += `<text x="${cx + 16}" y="${y + 2}" font-size="12" ${FONT}>${esc(name)}</text>`;
    cx += 30 + name.length * 7.5;
  });
  return out;
}

/**
 * Line chart, both axes log10. series: [{ name, points: [[x, y], ...] }].
 * yFormat labels the y decades (e.g. microseconds as "1 µs", "1 ms").
 */
export function logLogChart({ title, xLabel, yLabel, series, yFormat = siLabel, xFormat = siLabel }) {
  const W = 820;
  const H = 520;
  const m = { left: 80, right: 30, top: 60, bottom: 70 };
  const all = series.flatMap((s) => s.points).filter(([x, y]) => x > 0 && y > 0);
  if (all.length === 0) return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="80"><text x="10" y="40">no data</text></svg>`;
  const xs = decades(Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0])));
  const ys = decades(Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[1])));
  const px = (x) => m.left + ((Math.log10(x) - xs.lo) / (xs.hi - xs.lo)) * (W - m.left - m.right);
  const py = (y) => H - m.bottom - ((Math.log10(y) - ys.lo) / (ys.hi - ys.lo)) * (H - m.top - m.bottom);
  let body = '';
  for (let d = ys.lo; d <= ys.hi; d++) {
    const y = py(10 ** d);
    body += `<line x1="${m.left}" x2="${W - m.right}" y1="${num(y)}" y2="${num(y)}" stroke="#ddd"/>`;
    body += `<text x="${m.left - 8}" y="${num(y + 4)}" text-anchor="end" font-size="12" ${FONT}>${esc(yFormat(10 ** d))}</text>`;
  }
  for (let d = xs.lo; d <= xs.hi; d++) {
    const x = px(10 ** d);
    body += `<line x1="${num(x)}" x2="${num(x)}" y1="${m.top}" y2="${H - m.bottom}" stroke="#eee"/>`;
    body += `<text x="${num(x)}" y="${H - m.bottom + 18}" text-anchor="middle" font-size="12" ${FONT}>${esc(xFormat(10 ** d))}</text>`;
  }
  series.forEach((s, i) => {
    const pts = s.points.filter(([x, y]) => x > 0 && y > 0);
    const c = color(s.name, i);
    const width = s.name === 'taglru' ? 3 : 1.8;
    body += `<polyline fill="none" stroke="${c}" stroke-width="${width}" points="${pts.map(([x, y]) => `${num(px(x))},${num(py(y))}`).join(' ')}"/>`;
    for (const [x, y] of pts)
      body += `<circle cx="${num(px(x))}" cy="${num(py(y))}" r="3.5" fill="${c}"><title>${esc(`${s.name}: ${yFormat(y)} at ${xFormat(x)}`)}</title></circle>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
<rect width="100%" height="100%" fill="white"/>
<text x="${W / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold" ${FONT}>${esc(title)}</text>
${legend(
  series.map((s) => s.name),
  m.left,
  46,
)}
<rect x="${m.left}" y="${m.top}" width="${W - m.left - m.right}" height="${H - m.top - m.bottom}" fill="none" stroke="#999"/>
${body}
<text x="${(W + m.left - m.right) / 2}" y="${H - 20}" text-anchor="middle" font-size="13" ${FONT}>${esc(xLabel)}</text>
<text transform="translate(18 ${(H + m.top - m.bottom) / 2}) rotate(-90)" text-anchor="middle" font-size="13" ${FONT}>${esc(yLabel)}</text>
</svg>
`;
}

/**
 * Grouped bars, value axis log10. groups: [{ label, values: { name: number } }]
 * (a label may hold several lines separated by "\n");
 * names: bar order inside every group. Missing/failed values leave a gap.
 */
export function groupedBars({ title, yLabel, groups, names, valueFormat = siLabel }) {
  const barW = 12;
  const groupGap = 22;
  const groupW = names.length * barW + groupGap;
  const m = { left: 80, right: 20, top: 64, bottom: 70 };
  const W = Math.max(640, m.left + m.right + groups.length * groupW);
  const H = 480;
  const values = groups.flatMap((g) => Object.values(g.values)).filter((v) => Number.isFinite(v) && v > 0);
  if (values.length === 0)
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="80"><text x="10" y="40">no data</text></svg>`;
  const ys = decades(Math.min(...values), Math.max(...values));
  const base = H - m.bottom;
  const py = (v) => base - ((Math.log10(v) - ys.lo) / (ys.hi - ys.lo)) * (H - m.top - m.bottom);
  let body = '';
  for (let d = ys.lo; d <= ys.hi; d++) {
    const y = py(10 ** d);
    body += `<line x1="${m.left}" x2="${W - m.right}" y1="${num(y)}" y2="${num(y)}" stroke="#ddd"/>`;
    body += `<text x="${m.left - 8}" y="${num(y + 4)}" text-anchor="end" font-size="12" ${FONT}>${esc(valueFormat(10 ** d))}</text>`;
  }
  groups.forEach((g, gi) => {
    const x0 = m.left + groupGap / 2 + gi * groupW;
    names.forEach((name, i) => {
      const v = g.values[name];
      if (!(Number.isFinite(v) && v > 0)) return;
      const y = py(v);
      body +=
        `<rect x="${num(x0 + i * barW)}" y="${num(y)}" width="${barW - 1}" height="${num(base - y)}" fill="${color(name, i)}">` +
        `<title>${esc(`${g.label} — ${name}: ${valueFormat(v)}`)}</title></rect>`;
    });
    const cx = x0 + (names.length * barW) / 2;
    String(g.label)
      .split('\n')
      .forEach((line, li) => {
        body += `<text x="${num(cx)}" y="${base + 16 + li * 14}" text-anchor="middle" font-size="11" ${FONT}>${esc(line)}</text>`;
      });
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
<rect width="100%" height="100%" fill="white"/>
<text x="${m.left}" y="24" font-size="16" font-weight="bold" ${FONT}>${esc(title)}</text>
${legend(names, m.left, 48)}
<line x1="${m.left}" x2="${W - m.right}" y1="${base}" y2="${base}" stroke="#999"/>
<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${base}" stroke="#999"/>
${body}
<text transform="translate(18 ${(H + m.top - m.bottom) / 2}) rotate(-90)" text-anchor="middle" font-size="13" ${FONT}>${esc(yLabel)}</text>
</svg>
`;
}
