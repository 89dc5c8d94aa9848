import { css, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import * as z from 'zod/mini';
import { OrganisationPage, type PageWords } from '../../internal/organisation-page.js';
import { ServerRefusal } from '../../internal/server-request.js';
import { saveFile } from '../../internal/save-file.js';
import { formatDate } from '../../i18n/localize.js';
import { formatDay } from '../../i18n/format-day.js';
import { staffWords, type MessageKey } from '../../i18n/messages.js';
import { tokens } from '../../theme/tokens.js';
import { staffForms } from '../../theme/staff-forms.js';
import { dataTable } from '../../theme/data-table.js';
import { indicatorsWords } from './indicators-words.js';

const maybe = z.nullable(z.number());
const Estimate = z.nullable(z.object({ value: z.number(), lower: maybe, upper: maybe }));
const Share = z.object({ count: z.number(), n: z.number(), share: maybe, lower: maybe, upper: maybe });
/** What the page shows of one set of indicators (the server's `CountedIndicators`), checked: an answer is not trusted. */
const Indicators = z.object({
  people: z.number(),
  placed: z.number(),
  retention: z.object({ estimate: Estimate, firstSpell: Estimate }),
  timeToPlacement: z.object({ median: maybe, lower: maybe, upper: maybe }),
  placementRate: Share,
  esf: z.object({ employedUponLeaving: Share }),
});
type Indicators = z.infer<typeof Indicators>;
const Published = z.object({
  asOf: z.string(),
  settings: z.object({ horizonDays: z.number() }),
  indicators: Indicators,
  byProvider: z.array(z.object({ providerId: z.string(), indicators: Indicators })),
  leftOut: z.object({ withoutStatisticsConsent: z.number(), notSaidBy: z.optional(z.array(z.string())) }),
});
type Published = z.infer<typeof Published>;
const Providers = z.object({ providers: z.array(z.object({ id: z.string(), name: z.string() })) });

/** A figure with its 95% interval where it has one; a null value: too few to say. */
interface Figure {
  value: number | null;
  lower: number | null;
  upper: number | null;
}
const exact = (n: number): Figure => ({ value: n, lower: null, upper: null });
const ofShare = (s: z.infer<typeof Share>): Figure => ({ value: s.share, lower: s.lower, upper: s.upper });

/** The table's rows, in order: each an indicator's id (the CSV's), its words, and how its figure is read and shown. */
interface Row {
  id: string;
  label: MessageKey;
  kind: 'count' | 'share' | 'days';
  figure: (i: Indicators) => Figure | null;
  /** A figure at the horizon: with people placed, no value means nobody has been followed so long yet. */
  atHorizon?: true;
}
const ROWS: readonly Row[] = [
  { id: 'people', label: 'indicators.people', kind: 'count', figure: (i) => exact(i.people) },
  { id: 'placed', label: 'indicators.placed', kind: 'count', figure: (i) => exact(i.placed) },
  { id: 'in-work-at-horizon', label: 'indicators.retained', kind: 'share', figure: (i) => i.retention.estimate, atHorizon: true },
  { id: 'first-job-at-horizon', label: 'indicators.firstJob', kind: 'share', figure: (i) => i.retention.firstSpell, atHorizon: true },
  { id: 'days-to-first-job', label: 'indicators.daysToJob', kind: 'days', figure: (i) => ({ value: i.timeToPlacement.median, lower: i.timeToPlacement.lower, upper: i.timeToPlacement.upper }) },
  { id: 'placement-rate-12-months', label: 'indicators.placementRate', kind: 'share', figure: (i) => ofShare(i.placementRate) },
  { id: 'employed-on-leaving', label: 'indicators.employedLeaving', kind: 'share', figure: (i) => ofShare(i.esf.employedUponLeaving) },
];

const today = (): string => new Date().toISOString().slice(0, 10);

/**
 * @summary The organisation's indicators, counted on its server up to a chosen date: people
 * counted, people placed, employment retained after the first job with re-placement counted,
 * first-job tenure, days to the first job, the placement rate and the ESF+ result on leaving,
 * for all centres and each centre, with their 95% intervals, and as CSV. For the organisation's
 * analysts (every centre) and a centre's coordinators and supervisors (their own); with
 * `source="regional"`, an umbrella organisation's figures merged from its members' files. It
 * signs in on its own. No case and nothing about a person reaches the page.
 * @documentation docs/widgets.md
 * @status experimental
 * @since 0.3
 * @csspart base - The page section.
 * @csspart status - The live region.
 * @csspart table - The table of indicators.
 */
export class CpIndicators extends OrganisationPage {
  protected static override words = [staffWords, indicatorsWords];
  static override styles = [
    tokens,
    staffForms,
    dataTable,
    css`
      [part='base'] {
        display: grid;
        gap: var(--_space);
        max-width: 64rem;
      }
      h2 {
        margin: 0;
        font-size: 1.2em;
      }
      form.cut-off {
        display: flex;
        flex-wrap: wrap;
        align-items: end;
        gap: 0.5rem 1rem;
      }
      form.cut-off label {
        display: grid;
        gap: 0.25rem;
      }
      /* The cut-off's day in words, on a line of its own beneath the field. */
      .date-words {
        flex-basis: 100%;
        color: var(--_muted);
      }
      td {
        white-space: nowrap;
      }
      td .reason {
        white-space: normal;
      }
      thead th:first-child {
        text-align: start;
      }
      p {
        margin: 0;
      }
    `,
  ];

  /**
   * The cut-off (YYYY-MM-DD): follow-up of everyone still in ends here. When not given, today for
   * the organisation's own figures, the latest members' files for the regional ones.
   */
  @property({ attribute: 'as-of' }) asOf: string | null = null;
  /**
   * `own`: the organisation's figures, counted from its cases on its server. `regional`: an
   * umbrella organisation's, merged from the aggregate files its members send (docs/server.md).
   */
  @property() source: 'own' | 'regional' = 'own';

  protected readonly titleId = 'indicators-title';
  protected readonly pageWords: PageWords = {
    title: 'indicators.title',
    noServer: 'indicators.noServer',
    signIn: 'indicators.signIn',
    notAllowed: 'indicators.notAllowed',
    failed: 'indicators.failed',
    retry: 'indicators.retry',
  };

  /** The figures read last; null when the organisation has no case to count yet. */
  @state() private figures: Published | null = null;
  @state() private providerNames = new Map<string, string>();
  @state() private cutOffError = '';
  /** Reads started, so that only the latest one's answer is shown. */
  private reads = 0;

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // Another cut-off given after the first read: read again (the first read is the base's).
    if ((changed.has('asOf') || changed.has('source')) && this.hasUpdated && !changed.has('server') && !changed.has('organisation')) this.startLoad(() => this.load());
  }

  protected override forget(): void {
    this.figures = null;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.sayCutOff();
  }

  /**
   * Writes out beneath the cut-off the day it holds, in the page's language: the field is drawn in
   * the browser's order of day and month, and figures of the wrong day would be shown as asked.
   */
  private readonly sayCutOff = (): void => {
    const words = this.renderRoot.querySelector('#cut-off-words');
    const said = formatDay(this.language, this.renderRoot.querySelector<HTMLInputElement>('#cut-off')?.value ?? '');
    if (words && words.textContent !== said) words.textContent = said; // the same words are not written again
  };

  /** Reads in flight, also those a later cut-off overtook: `updateComplete` waits for them all, so it sees what stays on screen. */
  private inFlight = new Set<Promise<void>>();

  protected override async getUpdateComplete(): Promise<boolean> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
    return super.getUpdateComplete();
  }

  protected readSignedIn(): Promise<void> {
    const reading = this.read();
    this.inFlight.add(reading);
    return reading.finally(() => this.inFlight.delete(reading));
  }

  private async read(): Promise<void> {
    const read = ++this.reads;
    const asked = this.asOf ? `?asOf=${encodeURIComponent(this.asOf)}` : '';
    let answers;
    try {
      answers = await Promise.all([
        this.api(`/api/aggregates/${this.source === 'regional' ? 'regional' : 'indicators'}${asked}`, Published).catch((error: unknown) => {
          if (error instanceof ServerRefusal && error.code === 'nothing-to-count') return null;
          throw error;
        }),
        // Centres by name where the server says them; by id otherwise.
        this.api('/api/providers', Providers).catch(() => ({ providers: [] })),
      ]);
    } catch (error) {
      if (read === this.reads) throw error;
      return;
    }
    // An answer for a cut-off asked before the latest, or its failure, is not shown over the latest's.
    if (read !== this.reads) return;
    const [figures, names] = answers;
    this.figures = figures;
    this.providerNames = new Map(names.providers.map((p) => [p.id, p.name]));
    if (figures) this.announcement = this.t('indicators.loaded', { date: formatDate(this.language, figures.asOf) });
  }

  /** Counts again up to the date chosen; says what is wrong with it beside the field. */
  private async show(): Promise<string | null> {
    const value = this.renderRoot.querySelector<HTMLInputElement>('#cut-off')?.value ?? '';
    this.cutOffError = !/^\d{4}-\d{2}-\d{2}$/.test(value) ? this.t('indicators.cutOffMissing') : value > today() ? this.t('indicators.cutOffFuture') : '';
    if (this.cutOffError) {
      this.announcement = this.cutOffError;
      return '#cut-off';
    }
    if (value === (this.figures?.asOf ?? this.asOf)) await this.load();
    else this.asOf = value;
    return null;
  }

  private percent(value: number | null): string {
    return value === null ? '–' : new Intl.NumberFormat(this.language, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
  }

  /** A figure as the table shows it: a count, or a value with its interval in brackets, or why there is none. */
  private cell({ kind, figure, atHorizon }: Row, i: Indicators) {
    const f = figure(i);
    // Words, unlike figures, may wrap: a long reason must not push the other centres out of sight.
    if (f === null || f.value === null) return html`<span class="reason">${this.t(atHorizon && i.placed > 0 ? 'indicators.notYet' : 'indicators.tooFew')}</span>`;
    const format = kind === 'share' ? (v: number) => this.percent(v) : (v: number) => new Intl.NumberFormat(this.language).format(Math.round(v));
    return f.lower === null || f.upper === null ? format(f.value) : `${format(f.value)} (${format(f.lower)}–${format(f.upper)})`;
  }

  /** One column for the whole organisation, and one per centre when there are several; a centre seen alone is named. */
  private columns(f: Published): { id: string; name: string; indicators: Indicators }[] {
    const name = (id: string) => this.providerNames.get(id) ?? id;
    if (f.byProvider.length === 1) return [{ id: f.byProvider[0]!.providerId, name: name(f.byProvider[0]!.providerId), indicators: f.indicators }];
    return [{ id: 'all', name: this.t(this.source === 'regional' ? 'indicators.allMembers' : 'indicators.all'), indicators: f.indicators }, ...f.byProvider.map((p) => ({ id: p.providerId, name: name(p.providerId), indicators: p.indicators }))];
  }

  /** Downloads the figures as CSV, one line per centre and indicator, the numbers as they are; says the file's name. */
  private download(): string {
    const f = this.figures!;
    const quote = (v: string | number | null) => (v === null ? '' : typeof v === 'number' ? String(v) : /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
    const lines = [['as_of', 'centre_id', 'centre', 'indicator', 'value', 'lower', 'upper']];
    for (const c of this.columns(f)) for (const r of ROWS) {
      const figure = r.figure(c.indicators);
      lines.push([f.asOf, c.id, c.name, r.id, figure?.value ?? null, figure?.lower ?? null, figure?.upper ?? null].map(quote));
    }
    const file = `indicators-${f.asOf}.csv`;
    saveFile(file, new Blob([`${lines.map((l) => l.join(',')).join('\r\n')}\r\n`], { type: 'text/csv;charset=utf-8' }));
    this.announcement = this.t('indicators.downloaded', { file });
    return file;
  }

  private renderFigures(f: Published) {
    const columns = this.columns(f);
    const days = f.settings.horizonDays;
    return html`<div class="table-scroll" role="region" tabindex="0" aria-labelledby="figures-caption">
        <table part="table">
          <caption id="figures-caption">
            ${this.t('indicators.caption', { date: formatDate(this.language, f.asOf) })}
          </caption>
          <thead>
            <tr>
              <th scope="col">${this.t('indicators.measure')}</th>
              ${columns.map((c) => html`<th scope="col">${c.name}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${ROWS.map((r) => html`<tr><th scope="row">${this.t(r.label, { days })}</th>${columns.map((c) => html`<td>${this.cell(r, c.indicators)}</td>`)}</tr>`)}
          </tbody>
        </table>
      </div>
      <p class="hint">${this.t('indicators.intervals')}</p>
      <div><button type="button" data-variant="secondary" @click=${() => this.run(async () => (this.download(), null))}>${this.t('indicators.download')}</button></div>
      ${f.leftOut.withoutStatisticsConsent ? html`<p>${this.t('indicators.leftOut', { count: f.leftOut.withoutStatisticsConsent })}</p>` : nothing}
      ${f.leftOut.notSaidBy?.length ? html`<p>${this.t('indicators.notSaid', { providers: f.leftOut.notSaidBy.join(', ') })}</p>` : nothing}`;
  }

  /** Why there are no figures: no case yet, or, for the regional ones, no member's file (for the date asked). */
  private nothingText(): string {
    if (this.source !== 'regional') return this.t('indicators.nothing');
    return this.asOf ? this.t('indicators.noFilesFor', { date: formatDate(this.language, this.asOf) }) : this.t('indicators.noFiles');
  }

  override render() {
    const shown = this.renderPhase();
    if (shown) return shown;
    const f = this.figures;
    // The live region is for screen readers only: what it says is shown too (the figures' date in
    // the caption, a date's mistake at its field, a download by the browser).
    return html`<section part="base" aria-labelledby=${this.titleId}>
      ${this.renderTitle()} ${this.renderSignOut()} ${this.renderStatus(true)}
      <form
        class="cut-off"
        novalidate
        @submit=${(e: SubmitEvent) => {
          e.preventDefault();
          this.run(() => this.show());
        }}
      >
        <label
          >${this.t('indicators.cutOff')}
          <input
            id="cut-off"
            type="date"
            max=${today()}
            .value=${f?.asOf ?? this.asOf ?? today()}
            aria-describedby="cut-off-words cut-off-error"
            aria-invalid=${this.cutOffError ? 'true' : 'false'}
            @input=${this.sayCutOff}
        /></label>
        <button type="submit">${this.t('indicators.show')}</button>
        <span id="cut-off-error" class="error">${this.cutOffError}</span>
        <span id="cut-off-words" class="date-words"></span>
      </form>
      ${f ? this.renderFigures(f) : html`<p>${this.nothingText()}</p>`}
    </section>`;
  }
}
