import { css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { daysBetween, dueReviews, type CaseSummary, type PlanTemplate } from '@casepath/core';
import { CasepathElement } from '../../internal/casepath-element.js';
import type { StoreChange } from '../../storage/case-store.js';
import { formatDate, pick } from '../../i18n/localize.js';
import { tokens } from '../../theme/tokens.js';
import { scrollingTable } from '../../theme/scrolling-table.js';
import { staffWords } from '../../i18n/messages.js';
import { signedInActor } from '../../internal/signed-in.js';
import { OverflowWatch } from '../../internal/overflow-watch.js';

type ReviewFilter = '' | 'week' | 'overdue';

/**
 * @summary A worker's open cases: their own first, overdue and upcoming reviews first; filter by
 * stage, worker and reviews due this week (the weekly team meeting's list); open a case. Long
 * lists show their first rows (`page-size`, 100) and a button for more: thousands of rows are
 * slow to draw and to hear.
 * @documentation docs/widgets.md
 * @status experimental
 * @since 0.1
 * @event cp-case-select - A case was opened from the list. `detail: { caseId, templateId, clientRef }`.
 * @event cp-case-gone - The case open in the page (`selected-case`) left this device: erased at the
 * person's request, or no longer the worker's to see. `detail: { caseId, reason: 'erased' | 'revoked' }`.
 * @csspart base - The wrapper.
 * @csspart table - The table of cases.
 * @cssproperty --cp-caseload-overdue - Colour that marks overdue reviews.
 */
/** A template's stage by id, looked up through a map made once per template. */
const stageMaps = new WeakMap<PlanTemplate, Map<string, PlanTemplate['stages'][number]>>();
function stageOf(template: PlanTemplate | undefined, stageId: string | null) {
  if (!template || stageId === null) return undefined;
  let map = stageMaps.get(template);
  if (!map) stageMaps.set(template, (map = new Map(template.stages.map((x) => [x.id, x]))));
  return map.get(stageId);
}

export class CpCaseload extends CasepathElement {
  protected static override words = [staffWords];
  static override styles = [
    tokens,
    scrollingTable,
    css`
      :host {
        --_overdue: var(--cp-caseload-overdue, var(--cp-color-danger, #b00020));
      }
      /* Wider than a phone (long references, long stage names): see scrollingTable. Its box
         takes the focus itself while it does not fit (a region named apart from the heading,
         which a page's section often bears), so the keyboard's arrows scroll it. */
      table {
        border-collapse: collapse;
        width: 100%;
      }
      th,
      td {
        text-align: start;
        padding: 0.4rem 0.6rem;
        border-bottom: 1px solid var(--_border);
      }
      .overdue {
        color: var(--_overdue);
        font-weight: 700;
      }
      .filters {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        margin-bottom: 0.5rem;
      }
      .filters label {
        display: grid;
        grid-template-columns: minmax(0, auto);
        gap: 0.2rem;
      }
      select {
        /* A long stage name does not widen the page on a phone: the option is cut, the list shows it whole. */
        max-width: 100%;
        font: inherit;
        min-height: var(--_target);
        border: 2px solid var(--_border);
        border-radius: var(--_radius);
        color: inherit;
      }
      tr[aria-current='true'] {
        background: color-mix(in srgb, var(--_accent) 12%, transparent);
      }
      .mine {
        color: var(--_muted);
        font-size: 0.9em;
      }
    `,
  ];

  /** Show only the cases this worker is assigned to (all open cases when empty). */
  @property() worker = '';
  /** The day to count from (ISO date); default today. */
  @property() today = '';
  /** How many days ahead counts as upcoming. */
  @property({ type: Number, attribute: 'within-days' }) withinDays = 14;
  /** Whose cases come first: the worker signed in through `<cp-sync>`, else this id. */
  @property({ attribute: 'actor-id' }) actorId = '';
  /** The case open in the page's workspace, marked in the list. */
  @property({ attribute: 'selected-case' }) selectedCase = '';
  /** How many rows are shown at first, and how many more each press of "Show more" adds. */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 100;

  @state() private states: CaseSummary[] = [];
  /** False until the caseload was first read (a sealed device waits for its password): "0 cases" would be untrue. */
  @state() private read = false;
  /** Cases are still arriving from the server (a new device's first pull): the count is not all yet. */
  @state() private arriving = false;
  @state() private stageFilter = '';
  @state() private workerFilter = '';
  @state() private reviewFilter: ReviewFilter = '';
  /** Rows shown beyond the first page (grows with "Show more", back to none when a filter changes). */
  @state() private extraRows = 0;
  /** The row to move focus to once drawn: the first one "Show more" added. */
  private focusRow: number | null = null;
  /** Whether the table is wider than its place (a phone): a line then says that it scrolls sideways. */
  private readonly tableWidth = new OverflowWatch(this);

  private loading: Promise<void> | null = null;
  private stale = false;

  override connectedCallback(): void {
    super.connectedCallback();
    this.reload();
  }

  protected override storeChanged(caseId: string | undefined, change: StoreChange): void {
    // A first pull beginning is said at once, not once the list is read again: sync says
    // "Everything is on the server." in the same moment, and "0 cases" beside it would say the
    // worker has none. Its end is said with the cases it brought, when they are read.
    if (change.arriving === true) this.arriving = true;
    if (caseId !== undefined || change.arriving !== undefined) this.reload();
    // The page's open case is gone (erased by a supervisor elsewhere, or taken off the worker's
    // list): the page is told, so that it does not go on showing an empty case.
    if (change.gone && caseId === this.selectedCase) {
      this.selectedCase = '';
      this.dispatchEvent(new CustomEvent('cp-case-gone', { bubbles: true, composed: true, detail: { caseId, reason: change.gone } }));
    }
  }

  /**
   * Reads the caseload again; changes that arrive while it reads (a pull stores thousands of
   * cases, each announced) are served by one more read afterwards, not one read each.
   */
  protected override reloadShown(): void {
    this.reload();
  }

  private reload(): void {
    if (this.loading) {
      this.stale = true;
      return;
    }
    this.loading = this.load()
      .catch(() => undefined)
      .finally(() => {
        this.loading = null;
        if (this.stale) {
          this.stale = false;
          this.reload();
        }
      });
  }

  /** Also waits for the caseload to be read, so `await el.updateComplete` sees it. */
  protected override async getUpdateComplete(): Promise<boolean> {
    while (this.loading) await this.loading;
    return super.getUpdateComplete();
  }

  private async load(): Promise<void> {
    // Read first: once it says nothing more is arriving, the cases read next are all of them.
    const arriving = (await this.store.arriving?.()) ?? false;
    // Each case's summary, kept at write time: no case is replayed to open the caseload.
    const states = (await this.store.caseSummaries()).filter(
      (state) => state.status !== 'closed' && state.status !== 'unopened' && (!this.worker || state.team.some((m) => m.workerId === this.worker)),
    );
    // The templates of the cases shown, for their stages' names.
    await this.templateResolver.prepare?.([...new Set(states.map((s) => s.templateId))]);
    // Shown together: "still arriving" leaves with the cases it brought on screen, never before
    // them. Read before a first pull began (this reading is stale, another follows), it is not
    // taken back.
    if (!this.stale || arriving) this.arriving = arriving;
    this.states = states;
    this.read = true;
  }

  private open(s: CaseSummary): void {
    this.selectedCase = s.caseId!;
    this.dispatchEvent(new CustomEvent('cp-case-select', { bubbles: true, composed: true, detail: { caseId: s.caseId!, templateId: s.templateId, clientRef: s.clientRef } }));
  }

  private filterSelect(label: string, value: string, options: readonly (readonly [string, string])[], set: (v: string) => void) {
    return html`<label>
      ${label}
      <select
        @change=${(e: Event) => {
          set((e.target as HTMLSelectElement).value);
          this.extraRows = 0;
        }}
      >
        <option value="" ?selected=${value === ''}>${this.t('caseload.all')}</option>
        ${options.map(([v, text]) => html`<option value=${v} ?selected=${value === v}>${text}</option>`)}
      </select>
    </label>`;
  }

  override render() {
    if (this.recordsLocked) return this.renderRecordsLocked();
    const lang = this.language;
    const today = this.today || new Date().toISOString().slice(0, 10);
    const due = new Map(dueReviews(this.states, today, { withinDays: this.withinDays }).map((r) => [r.caseId, r]));
    const resolve = this.templateResolver;
    const stageTitle = (s: CaseSummary) => {
      const stage = stageOf(resolve(s.templateId, s.templateVersion), s.stage);
      return stage ? pick(stage.title, lang) : (s.stage ?? '');
    };
    const me = signedInActor(this.organisation)?.id ?? this.actorId;
    const mine = (s: CaseSummary) => (me && s.team.some((m) => m.workerId === me) ? 0 : 1);
    // "(yours)" tells one's own cases from the others a coordinator sees; on a list of one's own
    // cases only (a job coach's) it would follow every row, and be heard on every one.
    const markMine = this.states.some((s) => mine(s) === 1);
    const rows = this.states
      .filter(
        (s) =>
          (!this.stageFilter || s.stage === this.stageFilter) &&
          (!this.workerFilter || s.team.some((m) => m.workerId === this.workerFilter)) &&
          (!this.reviewFilter || (s.nextReviewDue !== null && (this.reviewFilter === 'overdue' ? s.nextReviewDue < today : daysBetween(today, s.nextReviewDue) <= 7))),
      )
      // The worker's own cases first, then the most urgent review.
      .sort((a, b) => mine(a) - mine(b) || (due.get(a.caseId!)?.daysUntil ?? 1e9) - (due.get(b.caseId!)?.daysUntil ?? 1e9));
    const overdue = rows.filter((s) => due.get(s.caseId!)?.status === 'overdue').length;
    const page = Math.max(1, Math.floor(this.pageSize) || 1);
    // The selected case is always among the rows shown: the list runs at least down to it.
    const selectedAt = this.selectedCase ? rows.findIndex((s) => s.caseId === this.selectedCase) : -1;
    const shown = rows.slice(0, Math.max(page + this.extraRows, selectedAt + 1));
    const more = Math.min(page, rows.length - shown.length);
    const stages = new Map(this.states.filter((s) => s.stage !== null).map((s) => [s.stage!, stageTitle(s)] as const));
    const workers = [...new Set(this.states.flatMap((s) => s.team.map((m) => m.workerId)))].map((id) => [id, this.nameOf(id) ?? id] as const);
    // Nothing to filter: no filters, only that there is no open case.
    const noCase = this.read && !this.arriving && this.states.length === 0;
    // No row to show: a sentence instead of the table.
    const noRow = this.read && !this.arriving && rows.length === 0;
    return html`<div part="base">
      <h2>${this.t('caseload.title')}${this.worker ? html`: ${this.nameOf(this.worker) ?? this.worker}` : nothing}</h2>
      ${noCase ? nothing : html`<div class="filters">
        ${this.filterSelect(this.t('caseload.stage'), this.stageFilter, [...stages], (v) => (this.stageFilter = v))}
        ${this.worker ? nothing : this.filterSelect(this.t('caseload.worker'), this.workerFilter, workers, (v) => (this.workerFilter = v))}
        ${this.filterSelect(
          this.t('caseload.review'),
          this.reviewFilter,
          [
            ['week', this.t('caseload.thisWeek')],
            ['overdue', this.t('caseload.onlyOverdue')],
          ],
          (v) => (this.reviewFilter = v as ReviewFilter),
        )}
      </div>`}
      <p role="status">${this.read ? html`${this.t('caseload.cases', { count: rows.length })}${overdue ? html`, <span class="overdue">${this.t('caseload.overdue', { count: overdue })}</span>` : nothing}${this.arriving ? html`, ${this.t('caseload.arriving')}` : nothing}` : this.t('caseload.opening')}</p>
      ${noRow
        ? this.nothingToShow()
        : this.tableWidth.render(html`<table part="table" aria-busy=${this.read ? 'false' : 'true'}>
        <thead>
          <tr>
            <th scope="col">${this.t('caseload.case')}</th>
            <th scope="col">${this.t('caseload.review')}</th>
            <th scope="col">${this.t('caseload.stage')}</th>
          </tr>
        </thead>
        <tbody>
          ${shown.map((s) => {
            const r = due.get(s.caseId!);
            return html`<tr aria-current=${s.caseId === this.selectedCase ? 'true' : nothing}>
              <th scope="row">
                <button type="button" data-variant="secondary" @click=${() => this.open(s)}>${s.clientRef ?? s.caseId}</button>${mine(s) === 0 && me && markMine
                  ? html` <span class="mine">${this.t('caseload.mine')}</span>`
                  : nothing}
              </th>
              <td class=${r?.status === 'overdue' ? 'overdue' : ''}>
                ${r
                  ? r.status === 'overdue'
                    ? this.t('caseload.overdueSince', { date: formatDate(lang, r.due) })
                    : this.t('caseload.upcoming', { date: formatDate(lang, r.due) })
                  : s.nextReviewDue
                    ? formatDate(lang, s.nextReviewDue)
                    : this.t('plan.noReview')}
              </td>
              <td>${stageTitle(s)}</td>
            </tr>`;
          })}
        </tbody>
      </table>`, { name: this.t('caseload.tableName'), cue: this.t('table.scrollSideways') })}
      ${more > 0
        ? html`<p class="more">
            ${this.t('caseload.shown', { shown: shown.length, count: rows.length })}
            <button type="button" data-variant="secondary" @click=${() => this.showMore(shown.length)}>${this.t('caseload.more', { count: more })}</button>
          </p>`
        : nothing}
    </div>`;
  }

  /**
   * Instead of an empty table: that the worker has no open case yet, or that the choices above
   * leave none, with a way back to all of them.
   */
  private nothingToShow() {
    if (this.states.length === 0) return html`<p class="empty">${this.t('caseload.none')}</p>`;
    return html`<p class="empty">
      ${this.t('caseload.noMatch')}
      <button type="button" data-variant="secondary" @click=${this.showAll}>${this.t('caseload.showAll')}</button>
    </p>`;
  }

  /** Clears every filter; the focus goes to the first case, as the button it was on goes away. */
  private showAll(): void {
    this.stageFilter = this.workerFilter = this.reviewFilter = '';
    this.extraRows = 0;
    this.focusRow = 0;
  }

  /** Shows the next rows and takes focus to the first of them, so the keyboard goes on from there. */
  private showMore(shown: number): void {
    this.extraRows = shown; // a page more than shown now (which the selected case may have lengthened)
    this.focusRow = shown;
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    super.updated(changed);
    if (this.focusRow === null) return;
    this.shadowRoot?.querySelectorAll<HTMLButtonElement>('tbody th button')[this.focusRow]?.focus();
    this.focusRow = null;
  }
}
