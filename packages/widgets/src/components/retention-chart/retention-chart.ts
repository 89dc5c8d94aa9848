import { css, html, svg } from 'lit';
import { property, state } from 'lit/decorators.js';
import { byProvider, funnelPlot, retention, type CaseRecord, type FunnelPlot, type RetentionCurve } from '@casepath/core';
import { CasepathElement } from '../../internal/casepath-element.js';
import { providerName } from '../../internal/directory.js';
import { tokens } from '../../theme/tokens.js';
import { dataTable } from '../../theme/data-table.js';
import { chartWords } from '../../i18n/messages.js';

/** More curves than this cannot be told apart: a funnel plot instead. */
const MAX_CURVES = 6;

/** The drawing's widest and narrowest widths (its own units, one per CSS pixel at most). */
const WIDEST = 600;
const NARROWEST = 280;

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
/** The pooled curve of every provider's cases (no provider id is empty). */
const ALL = '';

export class CpRetentionChart extends CasepathElement {
  protected static override words = [chartWords];
  static override styles = [
    tokens,
    dataTable,
    css`
      svg {
        width: 100%;
        height: var(--cp-retention-chart-height, 18rem);
        overflow: visible;
      }
      .table-scroll {
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
  /**
   * With `by-provider`: `curves` (one per provider), `funnel` (Spiegelhalter's funnel plot of
   * providers' retention against their size), or `auto` (default): curves for up to six
   * providers, a funnel plot beyond, where curves can no longer be told apart.
   */
  @property() view: 'auto' | 'curves' | 'funnel' = 'auto';
  /**
   * Providers' names by id, for a page without a server (an analyst's export); signed in through
   * `<cp-sync>`, the organisation's are used. A provider named by neither shows its id.
   */
  @property({ attribute: false }) providers: Readonly<Record<string, string>> = {};
  /** Cases to chart instead of the organisation's store (e.g. an analyst's export). */
  @property({ attribute: false }) cases: CaseRecord[] | null = null;

  @state() private curves: { label: string; curve: RetentionCurve }[] = [];
  @state() private funnel: FunnelPlot | null = null;
  /**
   * The drawing's width in its own units: the widget's width on a narrow screen (down to 280), so
   * that its words stay at their size on a phone instead of the whole drawing being scaled down.
   */
  @state() private drawWidth = WIDEST;
  private readonly resizes = new ResizeObserver(([entry]) => (this.drawWidth = Math.round(Math.min(WIDEST, Math.max(NARROWEST, entry!.contentRect.width || WIDEST)))));

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizes.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizes.disconnect();
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    if (changed.has('cases') || changed.has('byProvider') || changed.has('horizon') || changed.has('view')) this.reload();
  }

  protected override storeChanged(caseId: string | undefined): void {
    if (caseId !== undefined && !this.cases) this.reload();
  }

  private loads = 0;
  private reload(): void {
    this.startLoad(() => this.load());
  }

  /** A share as a percentage in the page's language ("66.3%", "66,3 %"); `digits` after the point. */
  private percent(v: number | null, digits = 1): string {
    return v === null ? '–' : new Intl.NumberFormat(this.language, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
  }

  /** A curve's value at the horizon, or that nobody has been followed so long yet. */
  private atHorizon(curve: RetentionCurve): string {
    const { value } = curve.at([this.horizon])[0]!;
    return value === null ? this.t('chart.retention.notYet', { days: curve.followedTo ?? 0 }) : this.percent(value);
  }

  /** A curve's name: a provider's name (else its id), or the pooled curve in the page's words. */
  private curveLabel(label: string): string {
    return label === ALL ? this.t('chart.retention.funnel.target') : (Object.hasOwn(this.providers, label) ? this.providers[label] : undefined) ?? providerName(this.organisation, label) ?? label;
  }

  private async load(): Promise<void> {
    // Only the latest load may update the chart (the store and `.cases` can both change).
    const token = ++this.loads;
    const cases = this.cases ?? (await this.store.cases());
    if (token !== this.loads) return;
    const options = { horizonDays: this.horizon };
    const all = retention(cases, options);
    const curves = all.placed > 0 ? [{ label: ALL, curve: all.curve }] : [];
    let funnel: FunnelPlot | null = null;
    if (this.byProvider && all.estimate) {
      const rows = byProvider(cases, 'retention', options).rows.filter((row) => row.n > 0 && row.estimate !== null);
      if (this.view === 'funnel' || (this.view === 'auto' && rows.length > MAX_CURVES)) {
        // Limits from the pooled estimate's spread per person: they carry censoring and re-placement.
        funnel = funnelPlot(
          rows.map((row) => ({ id: row.providerId, n: row.n, value: row.estimate! })),
          { target: all.estimate.value, method: 'normal', sigma: (all.estimate.stdErr ?? 0) * Math.sqrt(all.estimate.n) },
        );
      } else {
        for (const row of rows) curves.push({ label: row.providerId, curve: retention(cases.filter((c) => c.providerId === row.providerId), options).curve });
      }
    }
    this.curves = curves;
    this.funnel = funnel;
  }

  private renderFunnel(plot: FunnelPlot) {
    const W = this.drawWidth;
    const H = 280;
    const m = { l: 44, r: 10, t: 10, b: 36 };
    const w = W - m.l - m.r;
    const h = H - m.t - m.b;
    const maxN = Math.max(10, ...plot.points.map((p) => p.n)) * 1.1;
    const curve = plot.curve(Math.ceil(maxN), 60).filter((l) => l.n >= 5);
    const x = (n: number) => m.l + (n / maxN) * w;
    const y = (v: number) => m.t + (1 - v) * h;
    const path = (pick: (l: (typeof curve)[number]) => number) => curve.map((l, i) => `${i ? 'L' : 'M'}${x(l.n).toFixed(1)},${y(pick(l)).toFixed(1)}`).join(' ');
    const pct = (v: number) => this.percent(v);
    return html`<div part="base">
      <h2 id="title">${this.t('chart.retention.funnel.title')}: ${this.t('chart.retention.title')}</h2>
      <svg part="chart" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="title" aria-describedby="key">
        ${[0, 0.25, 0.5, 0.75, 1].map((v) => svg`<line x1=${m.l} x2=${m.l + w} y1=${y(v)} y2=${y(v)} stroke="#ccc"/><text x=${m.l - 6} y=${y(v) + 4} text-anchor="end">${this.percent(v, 0)}</text>`)}
        <text x=${m.l + w / 2} y=${H - 4} text-anchor="middle">${this.t('chart.retention.funnel.size')}</text>
        <path d=${path((l) => l.lower95)} fill="none" stroke="#555" stroke-dasharray="5 4"/>
        <path d=${path((l) => l.upper95)} fill="none" stroke="#555" stroke-dasharray="5 4"/>
        <path d=${path((l) => l.lower998)} fill="none" stroke="#555"/>
        <path d=${path((l) => l.upper998)} fill="none" stroke="#555"/>
        <line class="target" x1=${m.l} x2=${m.l + w} y1=${y(plot.target)} y2=${y(plot.target)} stroke=${COLOURS[0]!} stroke-width="2"/>
        ${plot.points.map((p) => svg`<circle class="provider" cx=${x(p.n)} cy=${y(p.value)} r="5" fill=${p.position === 'within' ? '#333' : COLOURS[1]!}></circle>`)}
      </svg>
      <p id="key">${this.t('chart.retention.funnel.key')} ${this.t('chart.retention.funnel.target')}: ${pct(plot.target)}.</p>
      <div class="table-scroll" role="region" tabindex="0" aria-labelledby="title table-caption">
      <table part="table">
        <caption id="table-caption">${this.t('chart.table')}</caption>
        <thead>
          <tr>
            <th scope="col">${this.t('chart.retention.funnel.provider')}</th>
            <th scope="col">${this.t('chart.retention.funnel.size')}</th>
            <th scope="col">${this.t('chart.retention.funnel.value')}</th>
            <th scope="col">${this.t('chart.retention.funnel.position')}</th>
          </tr>
        </thead>
        <tbody>
          ${[...plot.points]
            .sort((a, b) => b.n - a.n)
            .map((p) => html`<tr>
                <th scope="row">${this.curveLabel(p.id)}</th>
                <td>${p.n}</td>
                <td>${pct(p.value)}</td>
                <td>${this.t(`chart.retention.funnel.${p.position}`)}</td>
              </tr>`)}
        </tbody>
      </table>
      </div>
    </div>`;
  }

  override render() {
    if (this.funnel) return this.renderFunnel(this.funnel);
    if (this.curves.length === 0) return html`<div part="base"><h2>${this.t('chart.retention.title')}</h2><p>${this.t('chart.retention.none')}</p></div>`;
    const W = this.drawWidth;
    const H = 260;
    const m = { l: 44, r: 10, t: 10, b: 34 };
    const w = W - m.l - m.r;
    const h = H - m.t - m.b;
    const max = this.horizon;
    const x = (t: number) => m.l + (Math.min(t, max) / max) * w;
    const y = (s: number) => m.t + (1 - s) * h;
    const times = this.atRiskTimes.split(',').map(Number).filter((n) => Number.isFinite(n));
    const pct = (v: number | null) => this.percent(v);
    return html`<div part="base">
      <h2 id="title">${this.t('chart.retention.title')}</h2>
      <svg part="chart" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="title" aria-describedby="summary">
        ${[0, 0.25, 0.5, 0.75, 1].map((s) => svg`<line x1=${m.l} x2=${m.l + w} y1=${y(s)} y2=${y(s)} stroke="#ccc"/><text x=${m.l - 6} y=${y(s) + 4} text-anchor="end">${this.percent(s, 0)}</text>`)}
        ${times.filter((t) => t <= max).map((t) => svg`<text x=${x(t)} y=${m.t + h + 16} text-anchor="middle">${t}</text>`)}
        <text x=${m.l + w / 2} y=${H - 2} text-anchor="middle">${this.t('chart.retention.days')}</text>
        ${this.curves.map(({ curve }, i) => {
          const colour = COLOURS[i % COLOURS.length]!;
          // The curve ends with the longest follow-up: past it nobody was seen.
          const end = Math.min(max, curve.followedTo ?? 0);
          let d = `M${x(0)},${y(1)}`;
          for (const s of curve.steps) d += ` H${x(s.time)} V${y(s.value)}`;
          d += ` H${x(end)}`;
          const band = curve.band().filter((b): b is typeof b & { value: number } => b.value !== null);
          const up: string[] = [];
          const low: string[] = [];
          band.forEach((b, k) => {
            const next = band[k + 1]?.time ?? end;
            up.push(`${x(b.time)},${y(b.upper ?? b.value)}`, `${x(next)},${y(b.upper ?? b.value)}`);
            low.push(`${x(b.time)},${y(b.lower ?? b.value)}`, `${x(next)},${y(b.lower ?? b.value)}`);
          });
          return svg`<polygon points=${[...up, ...low.reverse()].join(' ')} fill=${colour} fill-opacity="0.15"/><path class="curve" d=${d} fill="none" stroke=${colour} stroke-width="2"/>`;
        })}
      </svg>
      <ul id="summary" class="legend">
        ${this.curves.map(
          ({ label, curve }, i) =>
            html`<li><svg class="swatch" viewBox="0 0 16 4" aria-hidden="true"><rect width="16" height="4" fill=${COLOURS[i % COLOURS.length]!}></rect></svg>${this.curveLabel(label)}: ${this.atHorizon(curve)} (n=${curve.n})</li>`,
        )}
      </ul>
      <div class="table-scroll" role="region" tabindex="0" aria-labelledby="title table-caption">
      <table part="table">
        <caption id="table-caption">${this.t('chart.table')}</caption>
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
                <th scope="row">${this.curveLabel(label)}: ${this.t('chart.retention.atRisk')}</th>
                ${rows.map((r) => html`<td>${r.nRisk}</td>`)}
              </tr>
              <tr>
                <th scope="row">${this.curveLabel(label)}: ${this.t('chart.retention.survival')}</th>
                ${rows.map((r) => html`<td>${pct(r.value)}</td>`)}
              </tr>`;
          })}
        </tbody>
      </table>
      </div>
    </div>`;
  }
}
