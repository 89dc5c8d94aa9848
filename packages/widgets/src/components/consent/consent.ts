import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CONSENT_PURPOSES, consentsOf, newEventId, type ConsentPurpose, type EventDraft, type Role } from '@casepath/core';
import { CasepathElement } from '../../internal/casepath-element.js';
import { formatDate } from '../../i18n/localize.js';
import { tokens } from '../../theme/tokens.js';
import { styles } from './consent.styles.js';
import { consentWords } from './consent-words.js';

type Consents = ReturnType<typeof consentsOf>;

/**
 * @summary What a person agreed to, purpose by purpose, in plain words: yes since when, taken
 * back when, or not asked yet; the person (or a worker with them) can say yes or take it back,
 * recorded as `consent.grant` and `consent.withdraw`.
 * @documentation docs/widgets.md
 * @status experimental
 * @since 0.1
 * @event cp-consent-changed - After a consent was given or taken back and stored. `detail: { caseId, purpose, granted }`.
 * @csspart base - The wrapper.
 * @cssproperty --cp-consent-accent - Colour of the buttons.
 */
export class CpConsent extends CasepathElement {
  protected static override words = [consentWords];
  static override styles = [tokens, styles];

  /** The case whose consents to show. */
  @property({ attribute: 'case-id' }) caseId = '';
  /** Purposes to show, comma-separated (default: all). */
  @property() purposes = CONSENT_PURPOSES.join(',');
  /** The version of the consent wording shown, recorded with each consent given here. */
  @property({ attribute: 'consent-version' }) consentVersion = 'casepath-intake-1';
  /** Who acts here: the person (`client`) or a worker's role. */
  @property({ attribute: 'actor-role' }) actorRole: Role = 'client';
  @property({ attribute: 'actor-id' }) actorId = 'self-service';

  @state() private consents: Consents | null = null;
  @state() private lastSeq = -1;
  /** The purpose whose withdrawal waits for the person to confirm it. */
  @state() private confirming: ConsentPurpose | null = null;
  @state() private busy = false;
  @state() private message: { text: string; error: boolean } | null = null;

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('caseId') || changed.has('organisation')) this.startLoad(() => this.load());
    // Nothing asked or said about the case before is left under another's heading.
    if (changed.has('caseId')) this.confirming = this.message = null;
  }

  protected override storeChanged(caseId: string | undefined): void {
    if (caseId === this.caseId) this.startLoad(() => this.load());
  }

  protected override reloadShown(): void {
    this.startLoad(() => this.load());
  }

  /** Counts reads: one overtaken by a later (of the next case the page opened) shows nothing. */
  private reads = 0;

  private async load(): Promise<void> {
    const read = ++this.reads;
    if (!this.caseId) return;
    const events = await this.store.events(this.caseId);
    if (read !== this.reads) return;
    this.consents = events.length ? consentsOf(events) : null;
    this.lastSeq = events.length ? events[events.length - 1]!.seq : -1;
  }

  private get shown(): ConsentPurpose[] {
    const asked = this.purposes.split(',').map((p) => p.trim());
    return CONSENT_PURPOSES.filter((p) => asked.includes(p));
  }

  private async change(purpose: ConsentPurpose, granted: boolean): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.confirming = null;
    const draft: EventDraft = granted
      ? { type: 'consent.grant', id: newEventId(), actor: this.actor(this.actorId, this.actorRole), payload: { purpose, textVersion: this.consentVersion } }
      : { type: 'consent.withdraw', id: newEventId(), actor: this.actor(this.actorId, this.actorRole), payload: { purpose } };
    const caseId = this.caseId;
    let here = false;
    try {
      // Against what the person saw: a change by someone else since is shown, not overwritten.
      const result = await this.recordInStore({ caseId, baseSeq: this.lastSeq, drafts: [draft] });
      await this.load();
      if (result.status === 'saved') this.dispatchEvent(new CustomEvent('cp-consent-changed', { bubbles: true, composed: true, detail: { caseId, purpose, granted } }));
      // Said only on the case it was made on: the page may have opened another person's meanwhile.
      here = caseId === this.caseId;
      if (here) this.message = result.status === 'saved' ? { text: this.t(granted ? 'consent.given' : 'consent.takenBack'), error: false } : { text: this.recordMessage(result), error: true };
    } finally {
      this.busy = false;
    }
    if (!here) return;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>(`[data-purpose="${purpose}"]`)?.focus();
  }

  private async askToConfirm(purpose: ConsentPurpose): Promise<void> {
    this.confirming = purpose;
    this.message = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('[data-confirm]')?.focus();
  }

  private async cancel(purpose: ConsentPurpose): Promise<void> {
    this.confirming = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>(`[data-purpose="${purpose}"]`)?.focus();
  }

  override render() {
    if (this.recordsLocked) return this.renderRecordsLocked();
    const lang = this.language;
    if (!this.consents) return html`<div part="base"><p>${this.t('consent.noCase')}</p></div>`;
    const consents = this.consents;
    return html`<div part="base">
      <h2>${this.t('consent.title')}</h2>
      <p>${this.t('intake.consent.intro')}</p>
      <ul>
        ${this.shown.map((purpose) => {
          const c = consents[purpose];
          const what = this.t(`intake.consent.${purpose}`);
          const status = !c ? this.t('consent.notAsked') : c.granted ? this.t('consent.yes', { date: formatDate(lang, c.at) }) : this.t('consent.no', { date: formatDate(lang, c.at) });
          return html`<li>
            <p class="what" id="what-${purpose}">${what}</p>
            <p class="status ${c?.granted ? 'yes' : ''}" id="status-${purpose}">${status}</p>
            ${this.confirming === purpose
              ? html`<p id="confirm-${purpose}">${this.t('consent.confirm')}</p>
                  <div class="actions">
                    <button type="button" data-confirm aria-describedby="confirm-${purpose} what-${purpose}" ?disabled=${this.busy} @click=${() => this.change(purpose, false)}>${this.t('consent.confirmYes')}</button>
                    <button type="button" data-variant="secondary" @click=${() => this.cancel(purpose)}>${this.t('consent.cancel')}</button>
                  </div>`
              : html`<div class="actions">
                  <button
                    type="button"
                    data-purpose=${purpose}
                    data-variant=${c?.granted ? 'secondary' : nothing}
                    aria-describedby="what-${purpose} status-${purpose}"
                    ?disabled=${this.busy}
                    @click=${() => (c?.granted ? this.askToConfirm(purpose) : this.change(purpose, true))}
                  >
                    ${this.t(c?.granted ? 'consent.withdraw' : 'consent.grant')}
                  </button>
                </div>`}
          </li>`;
        })}
      </ul>
      <p class="message ${this.message?.error ? 'error' : ''}" role="status">${this.message?.text ?? ''}</p>
    </div>`;
  }
}
