import type { FunnelPlot } from '../metrics/funnel.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const f = (v: number) => v.toFixed(1);
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

function frame(width: number, height: number, title: string, desc: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="t d" font-family="system-ui, sans-serif" font-size="12">`,
    `<title id="t">${esc(title)}</title>`,
    `<desc id="d">${esc(desc)}</desc>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="56" y="24" font-size="15" font-weight="600">${esc(title)}</text>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

/** The y range of shares to show: around the data and the limits, in steps of 10 points. */
function shareRange(values: readonly number[]): [number, number] {
  const lo = Math.max(0, Math.floor((Math.min(...values) - 0.05) * 10) / 10);
  const hi = Math.min(1, Math.ceil((Math.max(...values) + 0.05) * 10) / 10);
  return hi > lo ? [lo, hi] : [0, 1];
}

/**
 * A funnel plot as a standalone SVG: each provider's figure (a dot, labelled when outside the
 * limits) against its size, the target line, and 95% (dashed) and 99.8% (solid) limits.
 */
export function funnelSvg(plot: FunnelPlot, options: { title: string; xLabel: string; width?: number; height?: number }): string {
  const width = options.width ?? 720;
  const height = options.height ?? 440;
  const m = { left: 56, right: 24, top: 40, bottom: 56 };
  const w = width - m.left - m.right;
  const h = height - m.top - m.bottom;
  const maxN = Math.max(10, ...plot.points.map((p) => p.n)) * 1.1;
  const curve = plot.curve(Math.ceil(maxN), 80).filter((l) => l.n >= 5);
  const [lo, hi] = shareRange([...plot.points.map((p) => p.value), plot.target, ...curve.filter((l) => l.n >= Math.min(20, maxN / 4)).flatMap((l) => [l.lower998, l.upper998])]);
  const x = (n: number) => m.left + (n / maxN) * w;
  const y = (v: number) => m.top + (1 - (Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * h;
  const body: string[] = [];
  for (let v = lo; v <= hi + 1e-9; v += 0.1) {
    body.push(`<line x1="${m.left}" x2="${m.left + w}" y1="${f(y(v))}" y2="${f(y(v))}" stroke="#e4e4e4"/>`, `<text x="${m.left - 8}" y="${f(y(v) + 4)}" text-anchor="end">${Math.round(v * 100)}%</text>`);
  }
  const step = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000].find((s) => maxN / s <= 8) ?? 10_000;
  for (let n = 0; n <= maxN; n += step) body.push(`<text x="${f(x(n))}" y="${m.top + h + 18}" text-anchor="middle">${n}</text>`);
  body.push(`<line x1="${m.left}" y1="${m.top + h}" x2="${m.left + w}" y2="${m.top + h}" stroke="#333"/>`, `<line x1="${m.left}" y1="${m.top}" x2="${m.left}" y2="${m.top + h}" stroke="#333"/>`);
  body.push(`<text x="${m.left + w / 2}" y="${m.top + h + 38}" text-anchor="middle">${esc(options.xLabel)}</text>`);
  const line = (pick: (l: (typeof curve)[number]) => number, dash: string) =>
    `<path d="${curve.map((l, i) => `${i ? 'L' : 'M'}${f(x(l.n))},${f(y(pick(l)))}`).join(' ')}" fill="none" stroke="#555" stroke-width="1.2"${dash}/>`;
  body.push(line((l) => l.lower95, ' stroke-dasharray="5 4"'), line((l) => l.upper95, ' stroke-dasharray="5 4"'), line((l) => l.lower998, ''), line((l) => l.upper998, ''));
  body.push(`<line x1="${m.left}" x2="${m.left + w}" y1="${f(y(plot.target))}" y2="${f(y(plot.target))}" stroke="#1b5e9e" stroke-width="1.5"/>`);
  body.push(`<text x="${m.left + w - 4}" y="${f(y(plot.target) - 6)}" text-anchor="end" fill="#1b5e9e">all providers ${pct(plot.target)}</text>`);
  for (const p of plot.points) {
    const out = p.position !== 'within';
    body.push(`<circle cx="${f(x(p.n))}" cy="${f(y(p.value))}" r="4.5" fill="${out ? '#b3541e' : '#333'}"><title>${esc(`${p.id}: ${pct(p.value)}, n = ${p.n}`)}</title></circle>`);
    if (out) body.push(`<text x="${f(x(p.n) + 7)}" y="${f(y(p.value) + 4)}" fill="#b3541e">${esc(p.id)}</text>`);
  }
  body.push(`<text x="${m.left}" y="${height - 6}" fill="#555">Dashed: 95% limits; solid: 99.8% limits (Spiegelhalter 2005). Orange: outside the 95% limits.</text>`);
  const outside = plot.points.filter((p) => p.position !== 'within');
  const desc = `Target ${pct(plot.target)}. ${plot.points.length} providers; ${outside.length ? outside.map((p) => `${p.id} ${pct(p.value)} (n = ${p.n}) is ${p.position.replace('-', ' the ')}% limit`).join('; ') : 'all within the 95% limits'}.`;
  return frame(width, height, options.title, desc, body);
}

/** A row of a forest plot: a provider's estimate and its confidence interval. */
export interface ForestRow {
  label: string;
  n: number;
  value: number;
  lower: number | null;
  upper: number | null;
}

/** A forest plot as a standalone SVG: one row per provider with its interval, and the overall line. */
export function forestSvg(rows: readonly ForestRow[], overall: ForestRow, options: { title: string; width?: number }): string {
  const width = options.width ?? 720;
  const rowH = 22;
  const m = { left: 200, right: 180, top: 56, bottom: 40 };
  const height = m.top + m.bottom + rowH * (rows.length + 2);
  const w = width - m.left - m.right;
  const values = [...rows, overall].flatMap((r) => [r.value, r.lower ?? r.value, r.upper ?? r.value]);
  const [lo, hi] = shareRange(values);
  const x = (v: number) => m.left + ((Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * w;
  const body: string[] = [];
  for (let v = lo; v <= hi + 1e-9; v += 0.1) {
    body.push(`<line x1="${f(x(v))}" x2="${f(x(v))}" y1="${m.top - 8}" y2="${height - m.bottom}" stroke="#e4e4e4"/>`, `<text x="${f(x(v))}" y="${height - m.bottom + 16}" text-anchor="middle">${Math.round(v * 100)}%</text>`);
  }
  body.push(`<line x1="${f(x(overall.value))}" x2="${f(x(overall.value))}" y1="${m.top - 8}" y2="${height - m.bottom}" stroke="#1b5e9e" stroke-dasharray="4 3"/>`);
  body.push(`<text x="${m.left - 8}" y="${m.top - 12}" text-anchor="end" font-weight="600">provider (n)</text>`, `<text x="${width - m.right + 8}" y="${m.top - 12}" font-weight="600">estimate (95% CI)</text>`);
  const draw = (r: ForestRow, i: number, bold: boolean) => {
    const cy = m.top + i * rowH + rowH / 2;
    if (r.lower !== null && r.upper !== null) body.push(`<line x1="${f(x(r.lower))}" x2="${f(x(r.upper))}" y1="${f(cy)}" y2="${f(cy)}" stroke="#333" stroke-width="1.5"/>`);
    body.push(bold ? `<path d="M${f(x(r.value) - 6)},${f(cy)} L${f(x(r.value))},${f(cy - 6)} L${f(x(r.value) + 6)},${f(cy)} L${f(x(r.value))},${f(cy + 6)} Z" fill="#1b5e9e"/>` : `<rect x="${f(x(r.value) - 4)}" y="${f(cy - 4)}" width="8" height="8" fill="#333"/>`);
    body.push(`<text x="${m.left - 8}" y="${f(cy + 4)}" text-anchor="end"${bold ? ' font-weight="600"' : ''}>${esc(r.label)} (${r.n})</text>`);
    body.push(`<text x="${width - m.right + 8}" y="${f(cy + 4)}"${bold ? ' font-weight="600"' : ''}>${pct(r.value)}${r.lower !== null && r.upper !== null ? ` (${pct(r.lower)}–${pct(r.upper)})` : ''}</text>`);
  };
  rows.forEach((r, i) => draw(r, i, false));
  draw(overall, rows.length + 1, true);
  const desc = `${rows.map((r) => `${r.label}: ${pct(r.value)}${r.lower !== null && r.upper !== null ? ` (${pct(r.lower)} to ${pct(r.upper)})` : ''}, n = ${r.n}`).join('; ')}; overall ${pct(overall.value)}.`;
  return frame(width, height, options.title, desc, body);
}
