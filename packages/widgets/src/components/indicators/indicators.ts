import { css, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import * as z from 'zod/mini';
import { OrganisationPage, type PageWords } from '../../internal/organisation-page.js';
import { ServerRefusal } from '../../internal/server-request.js';
import { formatDate } from '../../i18n/localize.js';
import { staffWords } from '../../i18n/messages.js';
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
  leftOut: z.object({ withoutStatisticsConsent: z.number() }),
});
type Published = z.infer<typeof Published>;
const Providers = z.object({ providers: z.array(z.object({ id: z.string(), name: z.string() })) });

const today = (): string => new Date().toISOString().slice(0, 10);

/**
 * @summary The organisation's indicators, counted on its server up to a chosen date: people
 * counted, people placed, employment retained after the first job with re-placement counted,
 * first-job tenure, days to the first job, the placement rate and the ESF+ result on leaving,
 * for all centres and each centre, with their 95% intervals. For the organisation's analysts
 * (every centre) and a centre's coordinators and supervisors (their own); it signs in on its own.
 * No case and nothing about a person reaches the page.
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
      td {
        white-space: nowrap;
      }
      thead th:first-child {
        text-align: start;
      }
      p {
        margin: 0;
      }
    `,
  ];

  /** The cut-off (YYYY-MM-DD): follow-up of everyone still in ends here. Today when not given. */
  @property({ attribute: 'as-of' }) asOf: string | null = null;

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
    if (changed.has('asOf') && this.hasUpdated && !changed.has('server') && !changed.has('organisation')) this.startLoad(() => this.load());
  }

  protected override forget(): void {
    this.figures = null;
  }

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
    const [figures, names] = await Promise.all([
      this.api(`/api/aggregates/indicators${asked}`, Published).catch((error: unknown) => {
        if (error instanceof ServerRefusal && error.code === 'nothing-to-count') return null;
        throw error;
      }),
      // Centres by name where the server says them; by id otherwise.
      this.api('/api/providers', Providers).catch(() => ({ providers: [] })),
    ]);
    // An answer for a cut-off asked before the latest is not shown over the latest's.
    if (read !== this.reads) return;
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

  /** A value with its interval in brackets, or "too few to say". */
  private withInterval(value: number | null, lower: number | null, upper: number | null, format: (v: number | null) => string): string {
    if (value === null) return this.t('indicators.tooFew');
    return lower === null || upper === null ? format(value) : `${format(value)} (${format(lower)}–${format(upper)})`;
  }

  private rows(days: number): { label: string; cell: (i: Indicators) => string }[] {
    const count = (n: number) => new Intl.NumberFormat(this.language).format(n);
    const days_ = (n: number | null) => (n === null ? '–' : count(Math.round(n)));
    const share = (s: z.infer<typeof Share>) => this.withInterval(s.share, s.lower, s.upper, (v) => this.percent(v));
    const estimate = (e: z.infer<typeof Estimate>) => (e ? this.withInterval(e.value, e.lower, e.upper, (v) => this.percent(v)) : this.t('indicators.tooFew'));
    return [
      { label: this.t('indicators.people'), cell: (i) => count(i.people) },
      { label: this.t('indicators.placed'), cell: (i) => count(i.placed) },
      { label: this.t('indicators.retained', { days }), cell: (i) => estimate(i.retention.estimate) },
      { label: this.t('indicators.firstJob', { days }), cell: (i) => estimate(i.retention.firstSpell) },
      { label: this.t('indicators.daysToJob'), cell: (i) => this.withInterval(i.timeToPlacement.median, i.timeToPlacement.lower, i.timeToPlacement.upper, days_) },
      { label: this.t('indicators.placementRate'), cell: (i) => share(i.placementRate) },
      { label: this.t('indicators.employedLeaving'), cell: (i) => share(i.esf.employedUponLeaving) },
    ];
  }

  private renderFigures(f: Published) {
    // One column for the whole organisation, and one per centre when there are several.
    const columns = [{ name: this.t('indicators.all'), indicators: f.indicators }, ...(f.byProvider.length > 1 ? f.byProvider.map((p) => ({ name: this.providerNames.get(p.providerId) ?? p.providerId, indicators: p.indicators })) : [])];
    if (f.byProvider.length === 1) columns[0]!.name = this.providerNames.get(f.byProvider[0]!.providerId) ?? f.byProvider[0]!.providerId;
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
            ${this.rows(f.settings.horizonDays).map((r) => html`<tr><th scope="row">${r.label}</th>${columns.map((c) => html`<td>${r.cell(c.indicators)}</td>`)}</tr>`)}
          </tbody>
        </table>
      </div>
      <p class="hint">${this.t('indicators.intervals')}</p>
      ${f.leftOut.withoutStatisticsConsent ? html`<p>${this.t('indicators.leftOut', { count: f.leftOut.withoutStatisticsConsent })}</p>` : nothing}`;
  }

  override render() {
    const shown = this.renderPhase();
    if (shown) return shown;
    const f = this.figures;
    // The live region is for screen readers only: what it says is on the page too (the figures'
    // date in the caption, a date's mistake at its field).
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
          <input id="cut-off" type="date" max=${today()} .value=${f?.asOf ?? this.asOf ?? today()} aria-describedby="cut-off-error" aria-invalid=${this.cutOffError ? 'true' : 'false'}
        /></label>
        <button type="submit">${this.t('indicators.show')}</button>
        <span id="cut-off-error" class="error">${this.cutOffError}</span>
      </form>
      ${f ? this.renderFigures(f) : html`<p>${this.t('indicators.nothing')}</p>`}
    </section>`;
  }
}
