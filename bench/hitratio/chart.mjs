// A grouped bar chart of hit ratios (linear 0–100 % axis), hand-written SVG: one group per
// trace and size, one bar per column.

const PALETTE = ['#7f7f7f', '#bcbd22', '#17becf', '#9467bd', '#d62728', '#1f77b4', '#ff7f0e', '#2ca02c'];
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif"';
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const r1 = (v) => Math.round(v * 10) / 10;

/**
 * @param {{ title: string, groups: { label: string, values: (number|undefined)[] }[], names: string[] }} chart
 * @returns {string} an SVG document
 */
export function hitRatioChart({ title, groups, names }) {
  const bar = 7;
  const gap = 14;
  const groupWidth = names.length * bar + gap;
  const m = { left: 56, right: 20, top: 70, bottom: 96 };
  const W = Math.max(640, m.left + m.right + groups.length * groupWidth);
  const H = 440;
  const plotH = H - m.top - m.bottom;
  const py = (v) => m.top + plotH - (v / 100) * plotH;
  let body = '';
  for (let v = 0; v <= 100; v += 20) {
    body += `<line x1="${m.left}" x2="${W - m.right}" y1="${r1(py(v))}" y2="${r1(py(v))}" stroke="#ddd"/>`;
    body += `<text x="${m.left - 6}" y="${r1(py(v) + 4)}" text-anchor="end" font-size="11" ${FONT}>${v}%</text>`;
  }
  groups.forEach((group, g) => {
    const x0 = m.left + gap / 2 + g * groupWidth;
    group.values.forEach((value, i) => {
      if (value === undefined || Number.isNaN(value)) return;
      const y = py(value);
      body += `<rect x="${x0 + i * bar}" y="${r1(y)}" width="${bar - 1}" height="${r1(m.top + plotH - y)}" fill="${PALETTE[i % PALETTE.length]}"><title>${esc(`${group.label} ${names[i]}: ${value.toFixed(2)}%`)}</title></rect>`;
    });
    const cx = x0 + (names.length * bar) / 2;
    body += `<text transform="translate(${r1(cx + 4)},${m.top + plotH + 8}) rotate(60)" font-size="11" ${FONT}>${esc(group.label)}</text>`;
  });
  let legend = '';
  let lx = m.left;
  let ly = 44;
  names.forEach((name, i) => {
    const width = 28 + name.length * 6.5;
    if (lx + width > W - m.right) {
      lx = m.left;
      ly += 16;
    }
    legend += `<rect x="${lx}" y="${ly - 9}" width="11" height="11" fill="${PALETTE[i % PALETTE.length]}"/>`;
    legend += `<text x="${lx + 15}" y="${ly + 1}" font-size="11" ${FONT}>${esc(name)}</text>`;
    lx += width;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}">
<title>${esc(title)}</title>
<rect width="100%" height="100%" fill="white"/>
<text x="${m.left}" y="22" font-size="15" font-weight="600" ${FONT}>${esc(title)}</text>
${legend}
${body}
<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${m.top + plotH}" stroke="#333"/>
</svg>
`;
}
