import { html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import { availableTransitions, newEventId, type CaseEvent, type EventDraft, type PlanTemplate } from '@casepath/core';
import { CaseElement, workspaceStyles } from '../../internal/case-element.js';
import { formatDate, pick } from '../../i18n/localize.js';
import { eventSentence, historyKind, indexHistory, HISTORY_KINDS, type HistoryKind } from '../../i18n/event-sentence.js';
import { tokens } from '../../theme/tokens.js';
import { CpStageChangeEvent, CpStageChangedEvent } from '../../events/stage-events.js';
import { styles } from './support-plan.styles.js';

/**
 * @summary Where a case stands: the stages as a stepper, goals and actions with owners and due
 * dates, the next review, the history (who, when, why), and only the moves the plan allows,
 * each saying why it is not open yet.
 * @documentation docs/widgets.md
 * @status experimental
 * @since 0.1
 * @event cp-stage-change - Before the case moves to another stage; cancelable.
 * @event cp-stage-changed - After the move is stored.
 * @csspart base - The wrapper.
 * @csspart stepper - The list of stages.
 * @cssproperty --cp-support-plan-accent - Colour of the current stage and buttons.
 * @cssstate paused - The case is paused.
 * @cssstate closed - The case is closed.
 */
export class CpSupportPlan extends CaseElement {
  static override styles = [tokens, workspaceStyles, styles];

  @state() private reason = '';
  /** The history filters: a kind of event, and who recorded it ('' for all). */
  @state() private kind: HistoryKind | '' = '';
  @state() private recordedBy = '';
  protected static override namesInstruments = true;
  private internals: ElementInternals | null = null;

  constructor() {
    super();
    this.internals = typeof this.attachInternals === 'function' ? this.attachInternals() : null;
  }

  protected override clearForms(): void {
    super.clearForms();
    this.reason = '';
  }

  private async move(to: string): Promise<void> {
    const state = this.caseState;
    if (!state || !this.template || this.busy) return;
    const draft: EventDraft = {
      type: 'stage.enter',
      id: newEventId(),
      actor: this.actor(this.actorId, this.actorRole),
      payload: { stage: to },
      ...(this.reason.trim() ? { reason: this.reason.trim() } : {}),
    };
    const from = state.stage ?? '';
    const caseId = this.caseId;
    if (!this.dispatchEvent(new CpStageChangeEvent({ caseId, from, to, draft }))) return;
    this.busy = true;
    try {
      // Recorded against what the person saw (baseSeq): if someone else moved the case since,
      // the store refuses rather than move it twice.
      const reason = [this.renderRoot.querySelector('#reason')].filter((f) => f instanceof Element);
      const { result, here } = await this.recordFrom(reason, { caseId, baseSeq: state.lastSeq, drafts: [draft] });
      if (result.status !== 'saved') {
        // Said on the case moved: now, or when the worker comes back to it (with where it stands then).
        const now = here && result.status === 'refused' ? this.caseState?.stage : null;
        const text = [this.recordMessage(result), now ? this.t('record.nowAt', { stage: this.stageTitle(now) }) : ''].filter(Boolean).join(' ');
        this.sayOn(caseId, { text, error: true, pending: result.status === 'pending' });
        // Kept by the device to store: its reason goes with it (the move is said once stored).
        if (result.status === 'pending' && here) this.reason = '';
        return;
      }
      this.dispatchEvent(new CpStageChangedEvent({ caseId, from, to, draft, event: result.events[0]! }));
      // The form emptied only on the case moved: the worker may have opened another meanwhile.
      if (!here) return;
      this.reason = '';
      this.message = null;
      // The pressed button is gone with the old stage: the focus goes to where the case stands now.
      await this.rendered();
      this.renderRoot.querySelector<HTMLElement>('#moves')?.focus();
    } finally {
      this.busy = false;
    }
  }

  private stageTitle(id: string | null): string {
    const stage = this.template?.stages.find((s) => s.id === id);
    return stage ? pick(stage.title, this.language) : (id ?? '');
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const status = this.caseState?.status;
    if (this.internals?.states) {
      for (const s of ['paused', 'closed']) {
        try {
          if (status === s) this.internals.states.add(s);
          else this.internals.states.delete(s);
        } catch {
          /* older browsers without custom states */
        }
      }
    }
  }

  private renderHistory(history: readonly CaseEvent[], template: PlanTemplate) {
    const lang = this.language;
    const index = indexHistory(history);
    const ctx = { lang, template, nameOf: (id: string) => this.nameOf(id), instrumentTitle: this.instrumentTitle };
    const people = [...new Set(history.map((e) => e.actor.id))];
    const shown = history.filter((e) => (!this.kind || historyKind(e.type) === this.kind) && (!this.recordedBy || e.actor.id === this.recordedBy));
    return html`<section aria-labelledby="history">
      <h3 id="history">${this.t('plan.history')}</h3>
      <div class="filters">
        <label>
          ${this.t('history.filter.kind')}
          <select @change=${(e: Event) => (this.kind = (e.target as HTMLSelectElement).value as HistoryKind | '')}>
            <option value="" ?selected=${this.kind === ''}>${this.t('history.filter.all')}</option>
            ${HISTORY_KINDS.map((k) => html`<option value=${k} ?selected=${this.kind === k}>${this.t(`history.filter.${k}`)}</option>`)}
          </select>
        </label>
        <label>
          ${this.t('history.filter.person')}
          <select @change=${(e: Event) => (this.recordedBy = (e.target as HTMLSelectElement).value)}>
            <option value="" ?selected=${this.recordedBy === ''}>${this.t('history.filter.everyone')}</option>
            ${people.map((id) => html`<option value=${id} ?selected=${this.recordedBy === id}>${this.nameOf(id) ?? id}</option>`)}
          </select>
        </label>
      </div>
      ${shown.length === 0 ? html`<p>${this.t('history.filter.none')}</p>` : nothing}
      <ol reversed>
        ${[...shown].reverse().map(
          (e) => html`<li>
            <time datetime=${e.at}>${formatDate(lang, e.at)}</time> — ${eventSentence(e, index, ctx)}${e.reason
              ? html`<br /><span class="why">${this.t('history.because', { reason: e.reason })}</span>`
              : nothing}
          </li>`,
        )}
      </ol>
    </section>`;
  }

  override render() {
    if (this.recordsLocked) return this.renderRecordsLocked();
    const state = this.caseState;
    const template = this.template;
    if (!state || !template || state.status === 'unopened') {
      return html`<div part="base"><p>${this.message?.text || this.t('plan.noCase')}</p></div>`;
    }
    const lang = this.language;
    const visited = new Set(state.stageHistory.map((v) => v.stage));
    // Before a worker signs in on a page with a server, nothing they press could be recorded: no
    // stage to move to is offered then (a visitor to the site sees the plan as it stands).
    const waits = this.waitsForSignIn(this.actor(this.actorId, this.actorRole).role);
    const transitions = waits ? [] : availableTransitions(template, state);
    return html`<div part="base">
      <h2>${pick(template.title, lang)}</h2>
      <p class="status">${this.t(`plan.status.${state.status}`)}</p>
      <nav aria-label=${this.t('plan.stages')}>
        <ol part="stepper">
          ${template.stages.map(
            (s) => html`<li aria-current=${s.id === state.stage ? 'step' : nothing} class=${visited.has(s.id) ? 'visited' : ''}>${pick(s.title, lang)}</li>`,
          )}
        </ol>
      </nav>
      <section aria-labelledby="moves">
        <h3 id="moves" tabindex="-1">${this.t('plan.current')}: ${this.stageTitle(state.stage)}</h3>
        ${transitions.length
          ? html`<label for="reason">${this.t('plan.reason')}</label><br />
              <input id="reason" type="text" .value=${this.reason} @input=${(e: Event) => (this.reason = (e.target as HTMLInputElement).value)} />`
          : nothing}
        ${waits ? html`<p class="hint">${this.t('plan.signInToMove')}</p>` : nothing}
        ${transitions.length
          ? html`<div class="transitions">
              ${transitions.map(
                (tr) => html`<div>
                  <button type="button" ?disabled=${!tr.allowed || this.busy} aria-describedby=${tr.allowed ? nothing : `why-${tr.to}`} @click=${() => this.track(this.move(tr.to))}>
                    ${this.t('plan.moveTo', { stage: this.stageTitle(tr.to) })}
                  </button>
                  ${tr.allowed
                    ? nothing
                    : html`<p class="why" id="why-${tr.to}">${this.whyNot(tr.missing)}</p>`}
                </div>`,
              )}
            </div>`
          : nothing}
        <p class="error" role="alert">${this.message?.error ? this.message.text : ''}</p>
        <p class="message" role="status">${this.message && !this.message.error ? this.message.text : ''}</p>
      </section>
      <section aria-labelledby="goals">
        <h3 id="goals">${this.t('plan.goals')}</h3>
        ${state.goals.length === 0 ? html`<p>${this.t('plan.none')}</p>` : nothing}
        <ul>
          ${state.goals.map(
            (g) => html`<li>
              ${g.title} (${pick(template.goalDomains.find((d) => d.id === g.domain)?.title, lang)}) — ${this.t('plan.owner', { owner: this.nameOf(g.ownerId) ?? g.ownerId })}${g.due
                ? html`, ${this.t('plan.due', { date: formatDate(lang, g.due) })}`
                : nothing}${g.status !== 'open' ? html` ✓` : nothing}
            </li>`,
          )}
        </ul>
        <h3>${this.t('plan.actions')}</h3>
        ${state.actions.length === 0 ? html`<p>${this.t('plan.none')}</p>` : nothing}
        <ul>
          ${state.actions.map((a) => html`<li>${a.title} — ${this.t('plan.owner', { owner: this.nameOf(a.ownerId) ?? a.ownerId })}${a.due ? html`, ${this.t('plan.due', { date: formatDate(lang, a.due) })}` : nothing}${a.done ? html` ✓` : nothing}</li>`)}
        </ul>
      </section>
      <section aria-labelledby="review">
        <h3 id="review">${this.t('plan.nextReview')}</h3>
        <p>${state.nextReviewDue ? formatDate(lang, state.nextReviewDue) : this.t('plan.noReview')}</p>
      </section>
      ${this.renderHistory(state.history, template)}
    </div>`;
  }
}
