import { html, nothing } from 'lit';
import { newEventId, type Goal, type PlanAction, type Role, type CaseState, type PlanTemplate } from '@casepath/core';
import { CaseElement, formText } from '../../internal/case-element.js';
import { formatDate, pick } from '../../i18n/localize.js';

interface Person {
  id: string;
  role: Role;
}

/**
 * @summary A case's goals and the actions under them: set a goal in one of the template's
 * domains with an owner and a due date, add actions, mark them achieved or done, drop a goal
 * with the reason.
 * @documentation docs/widgets.md
 * @status experimental
 * @since 0.2
 * @event cp-recorded - After a change is stored. `detail: { caseId, types }`.
 * @csspart base - The wrapper.
 */
export class CpGoals extends CaseElement {

  /** Who may own a goal or action: the case's team, and whoever records here. */
  private owners(): Person[] {
    const team = this.caseState?.team.map((m) => ({ id: m.workerId, role: m.role })) ?? [];
    const me = this.actor(this.actorId, this.actorRole);
    return team.some((p) => p.id === me.id) ? team : [{ id: me.id, role: me.role }, ...team];
  }

  private personLabel(p: Person): string {
    return `${this.worker(p.id)} (${this.t(`role.${p.role}`)})`;
  }

  private owner(form: FormData): Person {
    const id = formText(form, 'owner');
    return this.owners().find((p) => p.id === id) ?? this.owners()[0]!;
  }

  private async addGoal(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const formEl = e.target as HTMLFormElement;
    const form = new FormData(formEl);
    const title = formText(form, 'goal-title');
    if (!title) return this.invalid('goal-title', this.t('goals.titleMissing'));
    const owner = this.owner(form);
    const due = formText(form, 'due');
    const saved = await this.record(
      [{ type: 'goal.add', payload: { goalId: newEventId(), title, domain: formText(form, 'domain'), ownerId: owner.id, ownerRole: owner.role, ...(due ? { due } : {}) } }],
      'goals.goalAdded',
    );
    if (saved) formEl.reset();
  }

  private async addAction(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const formEl = e.target as HTMLFormElement;
    const form = new FormData(formEl);
    const title = formText(form, 'action-title');
    if (!title) return this.invalid('action-title', this.t('goals.actionMissing'));
    const owner = this.owner(form);
    const due = formText(form, 'due');
    const goalId = formText(form, 'goal');
    const saved = await this.record(
      [{ type: 'action.add', payload: { actionId: newEventId(), title, ownerId: owner.id, ownerRole: owner.role, ...(goalId ? { goalId } : {}), ...(due ? { due } : {}) } }],
      'goals.actionAdded',
    );
    if (saved) formEl.reset();
  }

  private async drop(goal: Goal, formEl: HTMLFormElement): Promise<void> {
    const reason = formText(new FormData(formEl), 'reason');
    if (await this.record([{ type: 'goal.drop', payload: { goalId: goal.goalId }, ...(reason ? { reason } : {}) }], 'goals.dropped')) this.closeItemForm('drop', goal.goalId);
  }

  /** Records only what changed: a new owner, a new due date, or none (an emptied date). */
  private async change(goal: Goal, formEl: HTMLFormElement): Promise<void> {
    const form = new FormData(formEl);
    const owner = this.owner(form);
    const due = formText(form, 'change-due') || null;
    const payload = {
      goalId: goal.goalId,
      ...(owner.id !== goal.ownerId || owner.role !== goal.ownerRole ? { ownerId: owner.id, ownerRole: owner.role } : {}),
      ...(due !== goal.due ? { due } : {}),
    };
    if (Object.keys(payload).length === 1) return this.closeItemForm('change', goal.goalId);
    if (await this.record([{ type: 'goal.update', payload }], 'goals.changed')) this.closeItemForm('change', goal.goalId);
  }

  private async askToChange(goal: Goal): Promise<void> {
    this.openItemForm('change', goal.goalId);
    await this.rendered();
    this.renderRoot.querySelector<HTMLElement>('#change-owner')?.focus();
  }

  private async askToDrop(goal: Goal): Promise<void> {
    this.openItemForm('drop', goal.goalId);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#drop-reason')?.focus();
  }

  private dueText(due: string | null, open: boolean) {
    if (!due) return nothing;
    const late = open && due < this.todayDate;
    return html` · <span class=${late ? 'overdue' : ''}>${this.t(late ? 'goals.overdue' : 'plan.due', { date: formatDate(this.language, due) })}</span>`;
  }

  private renderAction(a: PlanAction) {
    return html`<li class=${a.done ? 'closed' : ''}>
      <p class="title">${a.title}${a.done ? html`<span class="badge">${this.t('goals.done')}</span>` : nothing}</p>
      <p class="meta">${this.t('plan.owner', { owner: this.worker(a.ownerId) })}${this.dueText(a.due, !a.done)}</p>
      ${a.done || this.caseState?.status !== 'active'
        ? nothing
        : html`<div class="actions">
            <button type="button" aria-disabled=${String(this.busy)} aria-label=${`${this.t('goals.markDone')}: ${a.title}`} @click=${() => this.record([{ type: 'action.done', payload: { actionId: a.actionId } }], 'goals.actionDone')}>
              ${this.t('goals.markDone')}
            </button>
          </div>`}
    </li>`;
  }

  private renderGoal(g: Goal, actions: readonly PlanAction[]) {
    const lang = this.language;
    const domain = pick(this.template?.goalDomains.find((d) => d.id === g.domain)?.title, lang) || g.domain;
    const open = g.status === 'open';
    const active = this.caseState?.status === 'active';
    return html`<li class=${open ? '' : 'closed'}>
      <p class="title">${g.title}${open ? nothing : html`<span class="badge">${this.t(`goals.status.${g.status}`)}</span>`}</p>
      <p class="meta">${domain} · ${this.t('plan.owner', { owner: this.worker(g.ownerId) })}${this.dueText(g.due, open)}</p>
      ${actions.length ? html`<ul class="items">${actions.map((a) => this.renderAction(a))}</ul>` : nothing}
      ${open && active && this.itemFormOpen('change', g.goalId)
        ? html`<form data-item-form @submit=${(e: SubmitEvent) => (e.preventDefault(), this.change(g, e.target as HTMLFormElement))}>
            ${this.field(
              'change-owner',
              this.t('goals.owner'),
              html`<select id="change-owner" name="owner">
                ${this.owners().map((p) => html`<option value=${p.id} ?selected=${p.id === g.ownerId}>${this.personLabel(p)}</option>`)}
              </select>`,
            )}
            ${this.dateField('change-due', this.t('goals.due'), html`<input id="change-due" name="change-due" type="date" value=${g.due ?? ''} aria-describedby=${this.dateRef('change-due')} />`)}
            <div class="actions">
              <button type="submit" aria-disabled=${String(this.busy)}>${this.t('goals.saveChange')}</button>
              <button type="button" data-variant="secondary" @click=${() => this.closeItemForm('change', g.goalId)}>${this.t('workspace.cancel')}</button>
            </div>
          </form>`
        : open && active
        ? this.itemFormOpen('drop', g.goalId)
          ? html`<form data-item-form @submit=${(e: SubmitEvent) => (e.preventDefault(), this.drop(g, e.target as HTMLFormElement))}>
              <label class="field" for="drop-reason">${this.t('goals.dropWhy', { title: g.title })}</label>
              <input id="drop-reason" name="reason" type="text" />
              <div class="actions">
                <button type="submit" aria-disabled=${String(this.busy)}>${this.t('goals.dropConfirm')}</button>
                <button type="button" data-variant="secondary" @click=${() => this.closeItemForm('drop', g.goalId)}>${this.t('workspace.cancel')}</button>
              </div>
            </form>`
          : html`<div class="actions">
              <button type="button" aria-disabled=${String(this.busy)} aria-label=${`${this.t('goals.achieve')}: ${g.title}`} @click=${() => this.record([{ type: 'goal.achieve', payload: { goalId: g.goalId } }], 'goals.achieved')}>
                ${this.t('goals.achieve')}
              </button>
              <button type="button" data-variant="secondary" aria-label=${`${this.t('goals.change')}: ${g.title}`} @click=${() => this.askToChange(g)}>${this.t('goals.change')}</button>
              <button type="button" data-variant="secondary" aria-disabled=${String(this.busy)} aria-label=${`${this.t('goals.drop')}: ${g.title}`} @click=${() => this.askToDrop(g)}>${this.t('goals.drop')}</button>
            </div>`
        : nothing}
    </li>`;
  }

  private ownerSelect(id: string) {
    return this.field(
      id,
      this.t('goals.owner'),
      html`<select id=${id} name="owner">
        ${this.owners().map((p) => html`<option value=${p.id}>${this.personLabel(p)}</option>`)}
      </select>`,
    );
  }

  protected override renderCase(s: CaseState, template: PlanTemplate) {
    const lang = this.language;
    const order = { open: 0, achieved: 1, dropped: 2 } as const;
    const goals = [...s.goals].sort((a, b) => order[a.status] - order[b.status]);
    const loose = s.actions.filter((a) => a.goalId === null);
    const active = s.status === 'active';
    const openGoals = s.goals.filter((g) => g.status === 'open');
    return html`<div part="base">
      <h2>${this.t('goals.title')}</h2>
      ${goals.length === 0 ? html`<p>${this.t('goals.none')}</p>` : html`<ul class="items">${goals.map((g) => this.renderGoal(g, s.actions.filter((a) => a.goalId === g.goalId)))}</ul>`}
      ${loose.length ? html`<h3>${this.t('goals.otherActions')}</h3><ul class="items">${loose.map((a) => this.renderAction(a))}</ul>` : nothing}
      ${active
        ? html`<form novalidate @submit=${this.addGoal} aria-labelledby="add-goal">
              <h3 id="add-goal">${this.t('goals.add')}</h3>
              ${this.field('goal-title', this.t('goals.goalTitle'))}
              ${this.field(
                'goal-domain',
                this.t('goals.domain'),
                html`<select id="goal-domain" name="domain">
                  ${template.goalDomains.map((d) => html`<option value=${d.id}>${pick(d.title, lang)}</option>`)}
                </select>`,
              )}
              ${this.ownerSelect('goal-owner')}
              ${this.dateField('goal-due', this.t('goals.due'), html`<input id="goal-due" name="due" type="date" aria-describedby=${this.dateRef('goal-due')} />`)}
              <div class="actions"><button type="submit" aria-disabled=${String(this.busy)}>${this.t('goals.addButton')}</button></div>
            </form>
            <form novalidate @submit=${this.addAction} aria-labelledby="add-action">
              <h3 id="add-action">${this.t('goals.addAction')}</h3>
              ${this.field('action-title', this.t('goals.actionTitle'))}
              ${this.field(
                'action-goal',
                this.t('goals.underGoal'),
                html`<select id="action-goal" name="goal">
                  ${openGoals.map((g, i) => html`<option value=${g.goalId} ?selected=${i === 0}>${g.title}</option>`)}
                  <option value="">${this.t('goals.noGoal')}</option>
                </select>`,
              )}
              ${this.ownerSelect('action-owner')}
              ${this.dateField('action-due', this.t('goals.due'), html`<input id="action-due" name="due" type="date" aria-describedby=${this.dateRef('action-due')} />`)}
              <div class="actions"><button type="submit" aria-disabled=${String(this.busy)}>${this.t('goals.addActionButton')}</button></div>
            </form>`
        : html`<p>${this.notActiveText()}</p>`}
      ${this.messageLine()}
    </div>`;
  }
}
