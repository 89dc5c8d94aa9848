import { html, nothing } from 'lit';
import { formatDate } from '../../i18n/localize.js';
import { ROLES, type CaseState, type PlanTemplate, type Role } from '@casepath/core';
import { CaseElement, formText } from '../../internal/case-element.js';
import { directoryOf, mayJoin } from '../../internal/directory.js';

/**
 * @summary Who works on the case: each worker with their role and since when; add a worker in one
 * of the template's roles (the job coach a stage may need), or take one off the team.
 * @documentation docs/widgets.md
 * @status experimental
 * @since 0.2
 * @event cp-recorded - After a change is stored. `detail: { caseId, types }`.
 * @csspart base - The wrapper.
 */
export class CpTeam extends CaseElement {
  /** Everyone this page knows by name: the `people` property and the server's directory. */
  private known(): Map<string, string> {
    return new Map([...directoryOf(this.organisation), ...Object.entries(this.people)]);
  }

  private async add(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const formEl = e.target as HTMLFormElement;
    const form = new FormData(formEl);
    const workerId = formText(form, 'worker');
    if (!workerId) return this.invalid('worker', this.t('team.workerMissing'));
    const role = formText(form, 'role') as Role;
    if (await this.record([{ type: 'worker.assign', payload: { workerId, role } }], 'team.added')) formEl.reset();
  }

  protected override renderCase(s: CaseState, template: PlanTemplate) {
    const lang = this.language;
    const known = this.known();
    // Offered: who is not on the team yet, and may work on this case (still here, on cases, at its provider).
    const candidates = [...known].filter(([id]) => !s.team.some((m) => m.workerId === id) && mayJoin(this.organisation, id, s.providerId));
    const roles = ROLES.filter((r) => r !== 'client' && template.roles.includes(r));
    return html`<div part="base">
      <h2>${this.t('team.title')}</h2>
      ${s.team.length
        ? html`<ul class="items">
            ${s.team.map(
              (m) => html`<li>
                <p class="title">${this.worker(m.workerId)} (${this.t(`role.${m.role}`)})</p>
                <p class="meta">${this.t('jobs.since', { date: formatDate(lang, m.since) })}</p>
                ${s.status === 'active'
                  ? html`<div class="actions">
                      <button type="button" data-variant="secondary" aria-disabled=${String(this.busy)} aria-label=${`${this.t('team.remove')}: ${this.worker(m.workerId)}`} @click=${() => this.record([{ type: 'worker.unassign', payload: { workerId: m.workerId } }], 'team.removed')}>
                        ${this.t('team.remove')}
                      </button>
                    </div>`
                  : nothing}
              </li>`,
            )}
          </ul>`
        : html`<p>${this.t('team.none')}</p>`}
      ${s.status === 'active'
        ? html`<form novalidate @submit=${this.add} aria-labelledby="add-worker">
            <h3 id="add-worker">${this.t('team.add')}</h3>
            ${candidates.length
              ? this.field(
                  'worker',
                  this.t('team.who'),
                  html`<select id="worker" name="worker">
                    ${candidates.map(([id, name]) => html`<option value=${id}>${name}</option>`)}
                  </select>`,
                )
              : this.field('worker', this.t('team.whoId'))}
            ${this.field(
              'role',
              this.t('team.role'),
              html`<select id="role" name="role">
                ${roles.map((r) => html`<option value=${r}>${this.t(`role.${r}`)}</option>`)}
              </select>`,
            )}
            <div class="actions"><button type="submit" aria-disabled=${String(this.busy)}>${this.t('team.add')}</button></div>
          </form>`
        : html`<p>${this.notActiveText()}</p>`}
      ${this.messageLine()}
    </div>`;
  }
}
