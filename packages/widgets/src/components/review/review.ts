import { html, nothing } from 'lit';
import { addDays, type CaseEventOf, type CaseState } from '@casepath/core';
import { CaseElement, formText } from '../../internal/case-element.js';
import { formatDate } from '../../i18n/localize.js';

/**
 * @summary Hold a review of the plan: who took part (the person too), what was agreed, and when
 * the next review is; shows when the next one is due or how long it is overdue, and the reviews
 * held before.
 * @documentation docs/widgets.md
 * @status experimental
 * @since 0.2
 * @event cp-recorded - After a review is stored. `detail: { caseId, types }`.
 * @csspart base - The wrapper.
 */
export class CpReview extends CaseElement {


  /** The cadence of the case's current stage, else the template's. */
  private cadence(): number {
    const t = this.template!;
    return t.stages.find((x) => x.id === this.caseState?.stage)?.reviewCadenceDays ?? t.reviewCadenceDays;
  }

  private async hold(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const formEl = e.target as HTMLFormElement;
    const form = new FormData(formEl);
    const participants = form.getAll('participant').map(String);
    if (participants.length === 0) return this.invalid('participant-0', this.t('review.nobody'));
    const held = formText(form, 'held') || this.todayDate;
    if (held > this.todayDate) return this.invalid('held', this.t('jobs.dayInFuture'));
    const next = formText(form, 'next');
    if (next && next <= held) return this.invalid('next', this.t('review.nextBeforeHeld'));
    const note = formText(form, 'note');
    const saved = await this.record(
      [
        {
          type: 'review.hold',
          payload: { participants, ...(next ? { nextReviewDue: next } : {}) },
          ...this.dayAt(held),
          ...(note ? { reason: note } : {}),
        },
      ],
      'review.saved',
    );
    if (saved) formEl.reset();
  }

  private participantName(id: string): string {
    return id === 'client' ? this.t('review.person') : this.worker(id);
  }

  private renderPast(e: CaseEventOf<'review.hold'>) {
    const lang = this.language;
    const who = e.payload.participants?.map((p) => this.participantName(p)).join(', ');
    return html`<li>
      <p class="title">${formatDate(lang, e.at)}</p>
      ${who ? html`<p class="meta">${this.t('review.tookPart', { who })}</p>` : nothing}
      ${e.reason ? html`<p>${e.reason}</p>` : nothing}
    </li>`;
  }

  protected override renderCase(s: CaseState) {
    const lang = this.language;
    const today = this.todayDate;
    const due = s.nextReviewDue;
    const late = due !== null && due < today;
    const past = s.history.filter((e): e is CaseEventOf<'review.hold'> => e.type === 'review.hold').reverse();
    const people = [{ id: 'client', label: this.t('review.person') }, ...s.team.map((m) => ({ id: m.workerId, label: `${this.worker(m.workerId)} (${this.t(`role.${m.role}`)})` }))];
    const me = this.actor(this.actorId, this.actorRole);
    if (!people.some((p) => p.id === me.id)) people.push({ id: me.id, label: `${this.worker(me.id)} (${this.t(`role.${me.role}`)})` });
    return html`<div part="base">
      <h2>${this.t('review.title')}</h2>
      <p class=${late ? 'overdue' : ''}>
        ${due === null ? this.t('plan.noReview') : this.t(late ? 'caseload.overdueSince' : 'caseload.upcoming', { date: formatDate(lang, due) })}
      </p>
      ${s.status === 'active'
        ? html`<form novalidate @submit=${this.hold} aria-labelledby="hold">
            <h3 id="hold">${this.t('review.hold')}</h3>
            <fieldset class="choices" aria-describedby=${this.errorRef('participant-0')}>
              <legend>${this.t('review.whoTookPart')}</legend>
              ${people.map(
                (p, i) => html`<label><input id="participant-${i}" type="checkbox" name="participant" value=${p.id} ?checked=${p.id === me.id} />${p.label}</label>`,
              )}
            </fieldset>
            ${this.errors['participant-0'] ? html`<p class="field-error" id="participant-0-error">${this.errors['participant-0']}</p>` : nothing}
            <label class="field" for="note">${this.t('review.note')}</label>
            <textarea id="note" name="note" maxlength="2000"></textarea>
            ${this.dateField('held', this.t('review.heldOn'), html`<input id="held" name="held" type="date" max=${today} value=${today} aria-invalid=${this.isInvalid('held')} aria-describedby=${this.dateRef('held')} />`)}
            ${this.dateField(
              'next',
              this.t('review.next'),
              html`<input id="next" name="next" type="date" min=${addDays(today, 1)} aria-invalid=${this.isInvalid('next')} aria-describedby=${this.dateRef('next')} />`,
              this.t('review.nextHint', { count: this.cadence() }),
            )}
            <div class="actions"><button type="submit" aria-disabled=${String(this.busy)}>${this.t('review.save')}</button></div>
          </form>`
        : html`<p>${this.notActiveText()}</p>`}
      ${this.messageLine()}
      <section aria-labelledby="past">
        <h3 id="past">${this.t('review.past')}</h3>
        ${past.length ? html`<ul class="items">${past.map((e) => this.renderPast(e))}</ul>` : html`<p>${this.t('review.noneYet')}</p>`}
      </section>
    </div>`;
  }
}
