import type { RetentionCurve } from '../metrics/retention.js';

export interface SvgCurve {
  label: string;
  curve: RetentionCurve;
}

export interface SvgOptions {
  title: string;
  /** Label of the time axis (default "days"). */
  timeLabel?: string;
  width?: number;
  height?: number;
  /** Draw the curve up to this time (default: the last step). */
  maxTime?: number;
  /** A vertical marker, e.g. the retention horizon. */
  marker?: number;
}

const COLOURS = ['#1b5e9e', '#b3541e', '#2e7d32', '#6a1b9a', '#00838f', '#ad1457', '#5d4037', '#455a64'];
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function niceStep(range: number): number {
  const raw = range / 6;
  const mag = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
}

/**
 * Retention curves as a standalone SVG: the share in work against days since the first job, as
 * steps, with confidence bands (drawn weekly), axes, a legend, an optional marker line, and a
 * title and description for screen readers.
 */
export function retentionSvg(curves: readonly SvgCurve[], options: SvgOptions): string {
  const width = options.width ?? 720;
  const height = options.height ?? 420;
  const m = { left: 56, right: 16, top: 40, bottom: 56 + 18 * Math.ceil(curves.length / 3) };
  const w = width - m.left - m.right;
  const h = height - m.top - m.bottom;
  const lastTime = Math.max(1, ...curves.map((c) => c.curve.steps[c.curve.steps.length - 1]?.time ?? 0));
  const maxTime = options.maxTime ?? lastTime;
  const x = (t: number) => m.left + (Math.min(t, maxTime) / maxTime) * w;
  const y = (s: number) => m.top + (1 - s) * h;
  const f = (v: number) => v.toFixed(1);
  const parts: string[] = [];
  const step = niceStep(maxTime);
  for (let t = 0; t <= maxTime + 1e-9; t += step) {
    parts.push(`<line x1="${f(x(t))}" y1="${f(m.top + h)}" x2="${f(x(t))}" y2="${f(m.top + h + 5)}" stroke="#333"/>`);
    parts.push(`<text x="${f(x(t))}" y="${f(m.top + h + 18)}" text-anchor="middle">${Math.round(t)}</text>`);
  }
  for (let s = 0; s <= 1.0001; s += 0.25) {
    parts.push(`<line x1="${m.left}" y1="${f(y(s))}" x2="${m.left + w}" y2="${f(y(s))}" stroke="#ddd"/>`);
    parts.push(`<text x="${m.left - 8}" y="${f(y(s) + 4)}" text-anchor="end">${Math.round(s * 100)}%</text>`);
  }
  curves.forEach(({ curve }, i) => {
    const colour = COLOURS[i % COLOURS.length]!;
    // A curve ends where its longest follow-up does: past it nothing was seen.
    const end = Math.min(maxTime, curve.followedTo ?? 0);
    const steps = curve.steps.filter((st) => st.time <= end);
    let line = `M${f(x(0))},${f(y(1))}`;
    for (const st of steps) line += ` H${f(x(st.time))} V${f(y(st.value))}`;
    line += ` H${f(x(end))}`;
    const band = curve.band().filter((b): b is typeof b & { value: number } => b.time <= end && b.value !== null);
    const upper: string[] = [];
    const lower: string[] = [];
    band.forEach((b, k) => {
      const next = band[k + 1]?.time ?? end;
      const up = b.upper ?? b.value;
      const low = b.lower ?? b.value;
      upper.push(`${f(x(b.time))},${f(y(up))}`, `${f(x(next))},${f(y(up))}`);
      lower.push(`${f(x(b.time))},${f(y(low))}`, `${f(x(next))},${f(y(low))}`);
    });
    parts.push(`<polygon points="${[...upper, ...lower.reverse()].join(' ')}" fill="${colour}" fill-opacity="0.15" stroke="none"/>`);
    parts.push(`<path d="${line}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    const lx = m.left + (i % 3) * (w / 3);
    const ly = m.top + h + 58 + 18 * Math.floor(i / 3);
    parts.push(`<rect x="${f(lx)}" y="${f(ly - 9)}" width="14" height="4" fill="${colour}"/>`);
    parts.push(`<text x="${f(lx + 20)}" y="${f(ly - 4)}">${esc(curves[i]!.label)} (n=${curve.n})</text>`);
  });
  if (options.marker !== undefined && options.marker <= maxTime) {
    parts.push(`<line x1="${f(x(options.marker))}" y1="${m.top}" x2="${f(x(options.marker))}" y2="${m.top + h}" stroke="#555" stroke-dasharray="4 4"/>`);
  }
  const desc = curves
    .map(({ label, curve }) => {
      const when = options.marker ?? maxTime;
      const { value } = curve.at([when])[0]!;
      const unit = options.timeLabel ?? 'days';
      return value === null
        ? `${label}: not known at ${when} ${unit}, nobody followed that long yet (longest ${curve.followedTo ?? 0} ${unit}; n=${curve.n})`
        : `${label}: ${(value * 100).toFixed(1)}% at ${when} ${unit} (n=${curve.n})`;
    })
    .join('; ');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="t d" font-family="system-ui, sans-serif" font-size="12">`,
    `<title id="t">${esc(options.title)}</title>`,
    `<desc id="d">${esc(desc)}</desc>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${m.left}" y="24" font-size="15" font-weight="600">${esc(options.title)}</text>`,
    `<line x1="${m.left}" y1="${m.top + h}" x2="${m.left + w}" y2="${m.top + h}" stroke="#333"/>`,
    `<line x1="${m.left}" y1="${m.top}" x2="${m.left}" y2="${m.top + h}" stroke="#333"/>`,
    ...parts,
    `<text x="${m.left + w / 2}" y="${m.top + h + 32}" text-anchor="middle">${esc(options.timeLabel ?? 'days')}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
