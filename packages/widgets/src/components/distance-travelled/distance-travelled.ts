import { css, html, nothing, svg } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Instrument } from '@casepath/core';
import { loadInstrument } from '../../internal/instruments.js';
import { CasepathElement } from '../../internal/casepath-element.js';
import { formatDate, pick } from '../../i18n/localize.js';
import { tokens } from '../../theme/tokens.js';
import { dataTable } from '../../theme/data-table.js';
import { chartWords } from '../../i18n/messages.js';

interface Point {
  at: string;
  respondent: 'self' | 'staff';
  scores: Record<string, number | null>;
}

const COLOURS = { self: '#b3541e', staff: '#1b5e9e', first: '#767676' };

/**
 * @summary A star (radar) chart of an instrument's domain scores over time, the person's and the
 * staff's views, with the same figures in a table for screen readers.
 * @documentation docs/widgets.md
 * @status experimental
 * @since 0.1
 * @csspart base - The wrapper.
 * @csspart chart - The SVG chart.
 * @csspart table - The table of scores.
 */
export class CpDistanceTravelled extends CasepathElement {
  protected static override words = [chartWords];
  static override styles = [
    tokens,
    dataTable,
    css`
      svg {
        width: min(26rem, 100%);
        height: auto;
      }
      text {
        fill: currentColor;
        font-size: 11px;
      }
    `,
  ];

  @property({ attribute: 'case-id' }) caseId = '';
  /** Id of the instrument whose assessments to chart. */
  @property({ attribute: 'instrument' }) instrumentId = 'employment-readiness';
  @property({ attribute: false }) instrument: Instrument | null = null;

  @state() private points: Point[] = [];
  @state() private loadedInstrument: Instrument | null = null;

  private get ins(): Instrument {
    return (this.instrument ?? this.loadedInstrument)!;
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    if (changed.has('caseId') || changed.has('instrumentId') || changed.has('instrument')) this.reload();
  }

  protected override storeChanged(caseId: string | undefined): void {
    if (caseId !== undefined && caseId === this.caseId) this.reload();
  }

  protected override reloadShown(): void {
    this.reload();
  }

  private reload(): void {
    this.startLoad(() => this.load());
  }

  /** Counts reads: one overtaken by a later (of the next case the page opened) shows nothing. */
  private reads = 0;

  private async load(): Promise<void> {
    const read = ++this.reads;
    if (!this.instrument && this.loadedInstrument?.id !== this.instrumentId) this.loadedInstrument = await loadInstrument(this.instrumentId);
    if (!this.caseId || (!this.instrument && !this.loadedInstrument)) return;
    const events = await this.store.events(this.caseId);
    if (read !== this.reads) return;
    this.points = events.flatMap((e) =>
      e.type === 'assessment.record' && e.payload.instrumentId === this.ins.id && e.payload.scores ? [{ at: e.at, respondent: e.payload.respondent, scores: e.payload.scores }] : [],
    );
  }

  override render() {
    if (this.recordsLocked) return this.renderRecordsLocked();
    if (!this.instrument && !this.loadedInstrument) return html`<div part="base" aria-busy="true"></div>`;
    const lang = this.language;
    const title = `${this.t('chart.distance.title')}: ${pick(this.ins.title, lang)}`;
    if (this.points.length === 0) return html`<div part="base"><h2>${title}</h2><p>${this.t('chart.distance.none')}</p></div>`;
    const domains = this.ins.domains;
    // Scale each domain by the largest score seen, so domains on different ranges share the chart.
    const maxOf = (d: string) => Math.max(1e-9, ...this.points.map((p) => Math.abs(p.scores[d] ?? 0)));
    const R = 110;
    const cx = 160;
    const cy = 140;
    const angle = (i: number) => -Math.PI / 2 + (2 * Math.PI * i) / domains.length;
    const pointAt = (i: number, r: number) => `${cx + r * Math.cos(angle(i))},${cy + r * Math.sin(angle(i))}`;
    const polygon = (p: Point) => domains.map((d, i) => pointAt(i, (R * (p.scores[d.id] ?? 0)) / maxOf(d.id))).join(' ');
    const latest = (who: 'self' | 'staff') => [...this.points].reverse().find((p) => p.respondent === who);
    const shown: [string, Point | undefined, string][] = [
      ['first', this.points[0], COLOURS.first],
      ['self', latest('self'), COLOURS.self],
      ['staff', latest('staff'), COLOURS.staff],
    ];
    return html`<div part="base">
      <h2 id="title">${title}</h2>
      <svg part="chart" viewBox="0 0 320 290" role="img" aria-labelledby="title" aria-describedby="table-caption">
        ${[0.25, 0.5, 0.75, 1].map((f) => svg`<polygon points=${domains.map((_, i) => pointAt(i, R * f)).join(' ')} fill="none" stroke="#ccc"/>`)}
        ${domains.map(
          (d, i) => svg`<line x1=${cx} y1=${cy} x2=${cx + R * Math.cos(angle(i))} y2=${cy + R * Math.sin(angle(i))} stroke="#ccc"/>
            <text x=${cx + (R + 16) * Math.cos(angle(i))} y=${cy + (R + 16) * Math.sin(angle(i))} text-anchor="middle">${pick(d.title, lang)}</text>`,
        )}
        ${shown.map(([, p, colour]) => (p ? svg`<polygon points=${polygon(p)} fill=${colour} fill-opacity="0.12" stroke=${colour} stroke-width="2"/>` : nothing))}
      </svg>
      <div class="table-scroll" role="region" tabindex="0" aria-labelledby="title table-caption">
      <table part="table">
        <caption id="table-caption">${this.t('chart.table')}</caption>
        <thead>
          <tr>
            <th scope="col">${this.t('chart.domain')}</th>
            ${this.points.map((p) => html`<th scope="col">${formatDate(lang, p.at)} (${this.t(`chart.respondent.${p.respondent}`)})</th>`)}
          </tr>
        </thead>
        <tbody>
          ${domains.map(
            (d) => html`<tr>
              <th scope="row">${pick(d.title, lang)}</th>
              ${this.points.map((p) => html`<td>${p.scores[d.id] === null || p.scores[d.id] === undefined ? '–' : new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(p.scores[d.id]!)}</td>`)}
            </tr>`,
          )}
        </tbody>
      </table>
      </div>
    </div>`;
  }
}
