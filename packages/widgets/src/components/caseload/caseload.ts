import { css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { dueReviews, type CaseState, type PlanTemplate } from '@casepath/core';
import { CasepathElement } from '../../internal/casepath-element.js';
import { formatDate, pick } from '../../i18n/localize.js';
import { tokens } from '../../theme/tokens.js';
import { staffWords } from '../../i18n/messages.js';

/**
 * @summary A worker's open cases, with overdue and upcoming reviews first.
 * @documentation docs/widgets.md
 * @status experimental
 * @since 0.1
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
    css`
      :host {
        --_overdue: var(--cp-caseload-overdue, var(--cp-color-danger, #b00020));
      }
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
    `,
  ];

  /** Show only the cases this worker is assigned to (all open cases when empty). */
  @property() worker = '';
  /** The day to count from (ISO date); default today. */
  @property() today = '';
  /** How many days ahead counts as upcoming. */
  @property({ type: Number, attribute: 'within-days' }) withinDays = 14;

  @state() private states: CaseState[] = [];

  private loading: Promise<void> | null = null;
  private stale = false;

  override connectedCallback(): void {
    super.connectedCallback();
    this.reload();
  }

  protected override storeChanged(caseId: string | undefined): void {
    if (caseId !== undefined) this.reload();
  }

  /**
   * Reads the caseload again; changes that arrive while it reads (a pull stores thousands of
   * cases, each announced) are served by one more read afterwards, not one read each.
   */
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
    // Each case's projection, kept at write time: no case is replayed to open the caseload.
    const states = (await this.store.caseStates()).filter(
      (state) => state.status !== 'closed' && state.status !== 'unopened' && (!this.worker || state.team.some((m) => m.workerId === this.worker)),
    );
    // The templates of the cases shown, for their stages' names.
    await this.templateResolver.prepare?.([...new Set(states.map((s) => s.templateId))]);
    this.states = states;
  }

  override render() {
    const lang = this.language;
    const today = this.today || new Date().toISOString().slice(0, 10);
    const due = new Map(dueReviews(this.states, today, { withinDays: this.withinDays }).map((r) => [r.caseId, r]));
    const rows = [...this.states].sort((a, b) => (due.get(a.caseId!)?.daysUntil ?? 1e9) - (due.get(b.caseId!)?.daysUntil ?? 1e9));
    const overdue = [...due.values()].filter((r) => r.status === 'overdue').length;
    const resolve = this.templateResolver;
    return html`<div part="base">
      <h2>${this.t('caseload.title')}${this.worker ? html`: ${this.worker}` : nothing}</h2>
      <p>${this.t('caseload.cases', { count: rows.length })}${overdue ? html`, <span class="overdue">${this.t('caseload.overdue', { count: overdue })}</span>` : nothing}</p>
      <table part="table">
        <thead>
          <tr>
            <th scope="col">${this.t('caseload.case')}</th>
            <th scope="col">${this.t('caseload.stage')}</th>
            <th scope="col">${this.t('caseload.review')}</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map((s) => {
            const r = due.get(s.caseId!);
            const stage = stageOf(resolve(s.templateId, s.templateVersion), s.stage);
            return html`<tr>
              <th scope="row">${s.clientRef ?? s.caseId}</th>
              <td>${stage ? pick(stage.title, lang) : s.stage}</td>
              <td class=${r?.status === 'overdue' ? 'overdue' : ''}>
                ${r
                  ? r.status === 'overdue'
                    ? this.t('caseload.overdueSince', { date: formatDate(lang, r.due) })
                    : this.t('caseload.upcoming', { date: formatDate(lang, r.due) })
                  : s.nextReviewDue
                    ? formatDate(lang, s.nextReviewDue)
                    : this.t('plan.noReview')}
              </td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
  }
}
