import { html, nothing } from 'lit';
import { newEventId, type Referral, type CaseState } from '@casepath/core';
import { CaseElement, formText } from '../../internal/case-element.js';
import { formatDate } from '../../i18n/localize.js';

/**
 * @summary Refer the person to another provider or service, and record whether it accepted or
 * declined and, when done, the outcome. A referral needs the person's consent to share their
 * details; without it the widget says so before anything is typed.
 * @documentation docs/widgets.md
 * @status experimental
 * @since 0.2
 * @event cp-recorded - After a change is stored. `detail: { caseId, types }`.
 * @csspart base - The wrapper.
 */
export class CpReferrals extends CaseElement {

  private async send(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const formEl = e.target as HTMLFormElement;
    const form = new FormData(formEl);
    const to = formText(form, 'to');
    const service = formText(form, 'service');
    if (!to) return this.invalid('to', this.t('referrals.toMissing'));
    if (!service) return this.invalid('service', this.t('referrals.serviceMissing'));
    const note = formText(form, 'why');
    const saved = await this.record([{ type: 'referral.send', payload: { referralId: newEventId(), to, service }, ...(note ? { reason: note } : {}) }], 'referrals.sent');
    if (saved) formEl.reset();
  }

  private async complete(e: SubmitEvent, r: Referral): Promise<void> {
    e.preventDefault();
    const outcome = formText(new FormData(e.target as HTMLFormElement), 'outcome');
    if (!outcome) return this.invalid('outcome', this.t('referrals.outcomeMissing'));
    if (await this.record([{ type: 'referral.complete', payload: { referralId: r.referralId, outcome } }], 'referrals.completed')) this.closeItemForm('complete', r.referralId);
  }

  private async askOutcome(r: Referral): Promise<void> {
    this.openItemForm('complete', r.referralId);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#outcome')?.focus();
  }

  private renderReferral(r: Referral) {
    const lang = this.language;
    const active = this.caseState?.status === 'active';
    const ref = { to: r.to };
    return html`<li class=${r.status === 'completed' || r.status === 'declined' ? 'closed' : ''}>
      <p class="title">${r.to}: ${r.service}<span class="badge">${this.t(`referrals.status.${r.status}`)}</span></p>
      <p class="meta">${this.t('referrals.sentOn', { date: formatDate(lang, r.sentAt) })}${r.status !== 'sent' ? html` · ${this.t('referrals.updatedOn', { date: formatDate(lang, r.updatedAt) })}` : nothing}</p>
      ${r.outcome ? html`<p>${this.t('referrals.outcomeWas', { outcome: r.outcome })}</p>` : nothing}
      ${!active
        ? nothing
        : r.status === 'sent'
          ? html`<div class="actions">
              <button type="button" aria-disabled=${String(this.busy)} aria-label=${`${this.t('referrals.accepted')}: ${r.to}`} @click=${() => this.record([{ type: 'referral.accept', payload: { referralId: r.referralId } }], 'referrals.savedAccepted')}>
                ${this.t('referrals.accepted')}
              </button>
              <button type="button" data-variant="secondary" aria-disabled=${String(this.busy)} aria-label=${`${this.t('referrals.declined')}: ${r.to}`} @click=${() => this.record([{ type: 'referral.decline', payload: { referralId: r.referralId } }], 'referrals.savedDeclined')}>
                ${this.t('referrals.declined')}
              </button>
            </div>`
          : r.status === 'accepted'
            ? this.itemFormOpen('complete', r.referralId)
              ? html`<form data-item-form novalidate @submit=${(e: SubmitEvent) => this.complete(e, r)}>
                  ${this.field('outcome', this.t('referrals.outcome', ref))}
                  <div class="actions">
                    <button type="submit" aria-disabled=${String(this.busy)}>${this.t('referrals.complete')}</button>
                    <button type="button" data-variant="secondary" @click=${() => this.closeItemForm('complete', r.referralId)}>${this.t('workspace.cancel')}</button>
                  </div>
                </form>`
              : html`<div class="actions">
                  <button type="button" aria-disabled=${String(this.busy)} aria-label=${`${this.t('referrals.complete')}: ${r.to}`} @click=${() => this.askOutcome(r)}>${this.t('referrals.complete')}</button>
                </div>`
            : nothing}
    </li>`;
  }

  protected override renderCase(s: CaseState) {
    const consented = s.consent['data-sharing']?.granted === true;
    const referrals = [...s.referrals].reverse();
    return html`<div part="base">
      <h2>${this.t('referrals.title')}</h2>
      ${referrals.length ? html`<ul class="items">${referrals.map((r) => this.renderReferral(r))}</ul>` : html`<p>${this.t('referrals.none')}</p>`}
      ${s.status !== 'active'
        ? html`<p>${this.notActiveText()}</p>`
        : consented
          ? html`<form novalidate @submit=${this.send} aria-labelledby="send">
              <h3 id="send">${this.t('referrals.send')}</h3>
              ${this.field('to', this.t('referrals.to'), undefined, this.t('referrals.toHint'))} ${this.field('service', this.t('referrals.service'))}
              ${this.field('why', this.t('referrals.why'))}
              <div class="actions"><button type="submit" aria-disabled=${String(this.busy)}>${this.t('referrals.sendButton')}</button></div>
            </form>`
          : html`<p class="hint" role="note">${this.t('referrals.noConsent', { purpose: this.t('purpose.data-sharing') })}</p>`}
      ${this.messageLine()}
    </div>`;
  }
}
