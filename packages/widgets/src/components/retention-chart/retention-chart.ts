import { css, html, svg } from 'lit';
import { property, state } from 'lit/decorators.js';
import { byProvider, retention, type CaseRecord, type RetentionCurve } from '@casepath/core';
import { CasepathElement } from '../../internal/casepath-element.js';
import { tokens } from '../../theme/tokens.js';
import { dataTable } from '../../theme/data-table.js';

/** Days at which the confidence band is drawn: weekly, and the horizon. */
function bandTimes(max: number): number[] {
  const times: number[] = [];
  for (let t = 0; t < max; t += 7) times.push(t);
  times.push(max);
  return times;
}

const COLOURS = ['#1b5e9e', '#b3541e', '#2e7d32', '#6a1b9a', '#00838f', '#ad1457'];

/**
 * @summary The share of people in work by day since their first job, re-placement counted
 * (the Aalen-Johansen estimate), with its confidence band and a table of the people still
 * followed, for the whole organisation or by provider.
 * @documentation docs/widgets.md
 * @status experimental
 * @since 0.1
 * @csspart base - The wrapper.
 * @csspart chart - The SVG chart.
 * @csspart table - The at-risk table.
 * @cssproperty --cp-retention-chart-height - Height of the chart.
 */
export class CpRetentionChart extends CasepathElement {
  static override styles = [
    tokens,
    dataTable,
    css`
      svg {
        width: 100%;
        height: var(--cp-retention-chart-height, 18rem);
        overflow: visible;
      }
      table {
        margin-top: var(--_space);
      }
      .legend {
        list-style: none;
        padding: 0;
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1.25rem;
      }
      svg.swatch {
        width: 1.5rem;
        height: 0.4rem;
        margin-inline-end: 0.4rem;
        vertical-align: middle;
      }
      text {
        fill: currentColor;
        font-size: 11px;
      }
      @media (forced-colors: active) {
        path.curve {
          stroke: CanvasText;
        }
      }
    `,
  ];

  /** Horizon in days (default 365). */
  @property({ type: Number }) horizon = 365;
  /** One curve per provider instead of one for everyone. */
  @property({ type: Boolean, attribute: 'by-provider' }) byProvider = false;
  /** Times (days) for the at-risk table. */
  @property({ attribute: 'at-risk-times' }) atRiskTimes = '0,90,180,270,365';
  /** Cases to chart instead of the organisation's store (e.g. an analyst's export). */
  @property({ attribute: false }) cases: CaseRecord[] | null = null;

  @state() private curves: { label: string; curve: RetentionCurve }[] = [];

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    if (changed.has('cases') || changed.has('byProvider') || changed.has('horizon')) void this.load();
  }

  protected override storeChanged(caseId: string | undefined): void {
    if (caseId !== undefined && !this.cases) void this.load();
  }

  private loads = 0;

  private async load(): Promise<void> {
    // Only the latest load may update the chart (the store and `.cases` can both change).
    const token = ++this.loads;
    const cases = this.cases ?? (await this.store.cases());
    if (token !== this.loads) return;
    const options = { horizonDays: this.horizon };
    const all = retention(cases, options);
    const curves = all.placed > 0 ? [{ label: 'all', curve: all.curve }] : [];
    if (this.byProvider && all.placed > 0) {
      for (const row of byProvider(cases, 'retention', options).rows) {
        if (row.n === 0) continue;
        curves.push({ label: row.providerId, curve: retention(cases.filter((c) => c.providerId === row.providerId), options).curve });
      }
    }
    this.curves = curves;
  }

  override render() {
    if (this.curves.length === 0) return html`<div part="base"><h2>${this.t('chart.retention.title')}</h2><p>${this.t('chart.retention.none')}</p></div>`;
    const W = 600;
    const H = 260;
    const m = { l: 44, r: 10, t: 10, b: 34 };
    const w = W - m.l - m.r;
    const h = H - m.t - m.b;
    const max = this.horizon;
    const x = (t: number) => m.l + (Math.min(t, max) / max) * w;
    const y = (s: number) => m.t + (1 - s) * h;
    const times = this.atRiskTimes.split(',').map(Number).filter((n) => Number.isFinite(n));
    const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)}%`);
    return html`<div part="base">
      <h2 id="title">${this.t('chart.retention.title')}</h2>
      <svg part="chart" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="title" aria-describedby="summary">
        ${[0, 0.25, 0.5, 0.75, 1].map((s) => svg`<line x1=${m.l} x2=${m.l + w} y1=${y(s)} y2=${y(s)} stroke="#ccc"/><text x=${m.l - 6} y=${y(s) + 4} text-anchor="end">${Math.round(s * 100)}%</text>`)}
        ${times.filter((t) => t <= max).map((t) => svg`<text x=${x(t)} y=${m.t + h + 16} text-anchor="middle">${t}</text>`)}
        <text x=${m.l + w / 2} y=${H - 2} text-anchor="middle">${this.t('chart.retention.days')}</text>
        ${this.curves.map(({ curve }, i) => {
          const colour = COLOURS[i % COLOURS.length]!;
          let d = `M${x(0)},${y(1)}`;
          for (const s of curve.steps) d += ` H${x(s.time)} V${y(s.value)}`;
          d += ` H${x(max)}`;
          // The band is drawn weekly: its limits need a pass over everyone per point.
          const band = curve.at(bandTimes(max));
          const up: string[] = [];
          const low: string[] = [];
          band.forEach((b, k) => {
            const next = band[k + 1]?.time ?? max;
            up.push(`${x(b.time)},${y(b.upper ?? b.value)}`, `${x(next)},${y(b.upper ?? b.value)}`);
            low.push(`${x(b.time)},${y(b.lower ?? b.value)}`, `${x(next)},${y(b.lower ?? b.value)}`);
          });
          return svg`<polygon points=${[...up, ...low.reverse()].join(' ')} fill=${colour} fill-opacity="0.15"/><path class="curve" d=${d} fill="none" stroke=${colour} stroke-width="2"/>`;
        })}
      </svg>
      <ul id="summary" class="legend">
        ${this.curves.map(
          ({ label, curve }, i) =>
            html`<li><svg class="swatch" viewBox="0 0 16 4" aria-hidden="true"><rect width="16" height="4" fill=${COLOURS[i % COLOURS.length]!}></rect></svg>${label}: ${pct(curve.at([max])[0]!.value)} (n=${curve.n})</li>`,
        )}
      </ul>
      <table part="table">
        <caption>${this.t('chart.table')}</caption>
        <thead>
          <tr>
            <th scope="col">${this.t('chart.retention.days')}</th>
            ${times.map((t) => html`<th scope="col">${t}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${this.curves.map(({ label, curve }) => {
            const rows = curve.at(times);
            return html`<tr>
                <th scope="row">${label}: ${this.t('chart.retention.atRisk')}</th>
                ${rows.map((r) => html`<td>${r.nRisk}</td>`)}
              </tr>
              <tr>
                <th scope="row">${label}: ${this.t('chart.retention.survival')}</th>
                ${rows.map((r) => html`<td>${pct(r.value)}</td>`)}
              </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
  }
}
