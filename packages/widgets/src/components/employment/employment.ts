import { html, nothing } from 'lit';
import { JOB_END_REASONS, newEventId, type Job, type JobEndReason, type ScheduledActivityInstance, type CaseState } from '@casepath/core';
import { CaseElement, formText } from '../../internal/case-element.js';
import { formatDate, pick } from '../../i18n/localize.js';

/**
 * @summary The jobs a person has held: record a job (employer, title, hours, open market or
 * sheltered) and its end with the reason; a job after a loss is marked as a re-placement; the
 * check-ins the template schedules after a start (the first week, one year at work) come due
 * here and are marked done.
 * @documentation docs/widgets.md
 * @status experimental
 * @since 0.2
 * @event cp-recorded - After a change is stored. `detail: { caseId, types }`.
 * @csspart base - The wrapper.
 */
export class CpEmployment extends CaseElement {

  private async start(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const formEl = e.target as HTMLFormElement;
    const form = new FormData(formEl);
    const employer = formText(form, 'employer');
    if (!employer) return this.invalid('employer', this.t('jobs.employerMissing'));
    const hoursText = formText(form, 'hours');
    const hours = hoursText ? Number(hoursText.replace(',', '.')) : null;
    if (hours !== null && !(hours > 0 && hours <= 80)) return this.invalid('hours', this.t('jobs.hoursInvalid'));
    const day = formText(form, 'start');
    if (day > this.todayDate) return this.invalid('start', this.t('jobs.dayInFuture'));
    const title = formText(form, 'title');
    const saved = await this.record(
      [
        {
          type: 'job.start',
          payload: { jobId: newEventId(), employer, openMarket: form.get('market') !== 'sheltered', ...(title ? { title } : {}), ...(hours !== null ? { hoursPerWeek: hours } : {}) },
          ...this.dayAt(day),
        },
      ],
      'jobs.started',
    );
    if (saved) formEl.reset();
  }

  private async end(e: SubmitEvent, job: Job): Promise<void> {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const day = formText(form, 'end');
    if (day > this.todayDate) return this.invalid('end', this.t('jobs.dayInFuture'));
    if (day && day < job.startedAt.slice(0, 10)) return this.invalid('end', this.t('jobs.endBeforeStart', { date: formatDate(this.language, job.startedAt) }));
    const note = formText(form, 'end-note');
    const saved = await this.record(
      [
        {
          type: 'job.end',
          payload: { jobId: job.jobId, endReason: formText(form, 'reason') as JobEndReason },
          ...this.dayAt(day),
          ...(note ? { reason: note } : {}),
        },
      ],
      'jobs.ended',
    );
    if (saved) this.closeItemForm('end', job.jobId);
  }

  private async askToEnd(job: Job): Promise<void> {
    this.openItemForm('end', job.jobId);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#reason')?.focus();
  }

  /**
   * The check-ins the template schedules from this job's start (`activityId` ends with `@seq`);
   * once the job has ended, only those done.
   */
  private checkIns(job: Job): ScheduledActivityInstance[] {
    const s = this.caseState!;
    const start = s.history.find((e) => e.type === 'job.start' && e.payload.jobId === job.jobId);
    return start ? s.activities.filter((a) => a.activityId.endsWith(`@${start.seq}`) && (job.endedAt === null || a.doneAt !== null)) : [];
  }

  private renderCheckIn(a: ScheduledActivityInstance) {
    const lang = this.language;
    const title = pick(this.template?.activities?.find((x) => x.id === a.templateActivityId)?.title, lang) || a.templateActivityId;
    const late = !a.doneAt && a.due < this.todayDate;
    return html`<li>
      ${title}:
      ${a.doneAt
        ? this.t('jobs.checkInDone', { date: formatDate(lang, a.doneAt) })
        : html`<span class=${late ? 'overdue' : ''}>${this.t(late ? 'jobs.checkInOverdue' : 'jobs.checkInDue', { date: formatDate(lang, a.due) })}</span>
            ${this.caseState?.status === 'active'
              ? html`<button type="button" data-variant="secondary" aria-disabled=${String(this.busy)} aria-label=${`${this.t('goals.markDone')}: ${title}`} @click=${() => this.record([{ type: 'activity.done', payload: { activityId: a.activityId } }], 'jobs.checkInSaved')}>
                  ${this.t('goals.markDone')}
                </button>`
              : nothing}`}
    </li>`;
  }

  private renderJob(job: Job, replacement: boolean) {
    const lang = this.language;
    const held = job.endedAt === null;
    const checkIns = this.checkIns(job);
    return html`<li class=${held ? '' : 'closed'}>
      <p class="title">
        ${job.title ? `${job.title}, ${job.employer}` : job.employer}
        <span class="badge">${this.t(job.openMarket ? 'market.open' : 'market.sheltered')}</span>
        ${replacement ? html`<span class="badge">${this.t('jobs.replacement')}</span>` : nothing}
      </p>
      <p class="meta">
        ${held ? this.t('jobs.since', { date: formatDate(lang, job.startedAt) }) : this.t('jobs.fromTo', { from: formatDate(lang, job.startedAt), to: formatDate(lang, job.endedAt!) })}${job.hoursPerWeek
          ? html` · ${this.t('jobs.hoursPerWeek', { count: job.hoursPerWeek })}`
          : nothing}${job.endReason ? html` · ${this.t(`jobEnd.${job.endReason}`)}` : nothing}
      </p>
      ${checkIns.length ? html`<ul>${checkIns.map((a) => this.renderCheckIn(a))}</ul>` : nothing}
      ${held && this.caseState?.status === 'active'
        ? this.itemFormOpen('end', job.jobId)
          ? html`<form data-item-form novalidate @submit=${(e: SubmitEvent) => this.end(e, job)} aria-labelledby="end-title">
              <h3 id="end-title">${this.t('jobs.endTitle', { job: job.employer })}</h3>
              <label class="field" for="reason">${this.t('jobs.reason')}</label>
              <select id="reason" name="reason">
                ${JOB_END_REASONS.map((r) => html`<option value=${r}>${this.t(`jobEnd.${r}`)}</option>`)}
              </select>
              ${this.dateField('end', this.t('jobs.endDay'), html`<input id="end" name="end" type="date" max=${this.todayDate} value=${this.todayDate} aria-invalid=${this.isInvalid('end')} aria-describedby=${this.dateRef('end')} />`)}
              ${this.field('end-note', this.t('jobs.note'))}
              <div class="actions">
                <button type="submit" aria-disabled=${String(this.busy)}>${this.t('jobs.endConfirm')}</button>
                <button type="button" data-variant="secondary" @click=${() => this.closeItemForm('end', job.jobId)}>${this.t('workspace.cancel')}</button>
              </div>
            </form>`
          : html`<div class="actions">
              <button type="button" data-variant="secondary" aria-disabled=${String(this.busy)} aria-label=${`${this.t('jobs.end')}: ${job.employer}`} @click=${() => this.askToEnd(job)}>${this.t('jobs.end')}</button>
            </div>`
        : nothing}
    </li>`;
  }

  protected override renderCase(s: CaseState) {
    // Jobs in the order they started; one that starts after an earlier job ended is a re-placement.
    const jobs = [...s.jobs].sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0));
    const replacement = (job: Job) => jobs.some((j) => j !== job && j.endedAt !== null && j.endedAt <= job.startedAt);
    return html`<div part="base">
      <h2>${this.t('jobs.title')}</h2>
      ${jobs.length ? html`<ul class="items">${[...jobs].reverse().map((j) => this.renderJob(j, replacement(j)))}</ul>` : html`<p>${this.t('jobs.none')}</p>`}
      ${s.status === 'active'
        ? html`<form novalidate @submit=${this.start} aria-labelledby="start-title">
            <h3 id="start-title">${this.t('jobs.add')}</h3>
            ${this.field('employer', this.t('jobs.employer'))} ${this.field('title', this.t('jobs.jobTitle'))}
            ${this.field('hours', this.t('jobs.hours'), html`<input id="hours" name="hours" type="text" inputmode="decimal" aria-invalid=${this.isInvalid('hours')} aria-describedby=${this.errorRef('hours')} />`)}
            <fieldset class="choices">
              <legend>${this.t('jobs.market')}</legend>
              <label><input type="radio" name="market" value="open" checked />${this.t('market.open')}</label>
              <label><input type="radio" name="market" value="sheltered" />${this.t('market.sheltered')}</label>
            </fieldset>
            ${this.dateField('start', this.t('jobs.startDay'), html`<input id="start" name="start" type="date" max=${this.todayDate} value=${this.todayDate} aria-invalid=${this.isInvalid('start')} aria-describedby=${this.dateRef('start')} />`)}
            <div class="actions"><button type="submit" aria-disabled=${String(this.busy)}>${this.t('jobs.addButton')}</button></div>
          </form>`
        : html`<p>${this.notActiveText()}</p>`}
      ${this.messageLine()}
    </div>`;
  }
}
