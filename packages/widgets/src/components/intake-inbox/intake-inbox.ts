import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import * as z from 'zod/mini';
import { LockedIntakeKey, newEventId, openFirstContact, SealedFirstContact, unlockIntakeKey, type EventDraft, type FirstContact, type Role, type UnlockedIntakeKey } from '@casepath/core';
import { CasepathElement, focusedElement, moveFocusUnlessMoved } from '../../internal/casepath-element.js';
import type { StoreChange } from '../../storage/case-store.js';
import { onSignedInChange, signedInActor } from '../../internal/signed-in.js';
import { formatDate, pick } from '../../i18n/localize.js';
import { staffWords } from '../../i18n/messages.js';
import { tokens } from '../../theme/tokens.js';
import { staffForms } from '../../theme/staff-forms.js';
import { IntakeInfo } from '../first-contact/sealed-outbox.js';
import { intakeInboxWords } from './intake-inbox-words.js';
import { styles } from './intake-inbox.styles.js';
import { configuredServer } from '../../internal/configured-server.js';
import { askServer, failureReason, refusedByServer, ServerRefusal } from '../../internal/server-request.js';

const Stored = z.object({
  sealed: SealedFirstContact,
  receivedAt: z.string(),
  caseId: z.nullable(z.string()),
  handledBy: z.nullable(z.string()),
  handledAt: z.nullable(z.string()),
});
type Stored = z.infer<typeof Stored>;
const Listing = z.object({ firstContacts: z.array(Stored) });
const Keys = z.object({ keys: z.array(LockedIntakeKey) });
const ClientRef = /^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/;

type Phase = 'loading' | 'no-server' | 'sign-in' | 'not-allowed' | 'failed' | 'locked' | 'unlocking' | 'open';
type Opened = { contact: FirstContact } | { error: string };

/** What the worker chose for a request: the template and reference of its case, and the case id once asked of the server. */
interface Choice {
  template: string;
  clientRef: string;
  error: string;
  caseId?: string;
}

/**
 * @summary Requests for help from the public, for the provider's coordinators and supervisors:
 * unlocked with the organisation's intake passphrase in this tab only, each turned into a case.
 * @documentation docs/widgets.md
 * @status experimental
 * @since 0.2
 * @event cp-case-select - A case was opened from a request. `detail: { caseId, templateId, clientRef }`.
 * @csspart base - The inbox.
 * @csspart status - The live region.
 */
export class CpIntakeInbox extends CasepathElement {
  protected static override words = [staffWords, intakeInboxWords];
  static override styles = [tokens, staffForms, styles];

  /** The organisation's Casepath server ('' for this page's origin); else the page's meta tag. */
  @property() server: string | null = null;
  /** Who opens cases here when no worker is signed in through `<cp-sync>`. */
  @property({ attribute: 'actor-id' }) actorId = 'staff';
  @property({ attribute: 'actor-role' }) actorRole: Role = 'coordinator';

  @state() private phase: Phase = 'loading';
  @state() private items: Stored[] = [];
  @state() private opened = new Map<string, Opened>();
  @state() private forms = new Map<string, IntakeInfo['form']>();
  @state() private choices = new Map<string, Choice>();
  @state() private announcement = '';
  @state() private passphraseError = '';
  /** Requests whose "delete" question is open, with the reason chosen so far. */
  @state() private erasing = new Map<string, 'asked' | 'not-for-us' | null>();
  private lockedKeys: LockedIntakeKey[] = [];
  /** Unlocked keys live in this element's memory only: never stored, gone with the tab. */
  private keys: UnlockedIntakeKey[] = [];

  private get base(): string | null {
    return configuredServer(this.server);
  }

  private api<T>(path: string, schema: { parse(v: unknown): T }, body?: unknown): Promise<T> {
    return askServer(this.base!, path, schema, body);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('server') || changed.has('organisation')) this.startLoad(() => this.load());
  }

  private unwatchSignIn: (() => void) | null = null;

  /** A reference typed for a request whose case is not opened yet goes with the page: it asks first. */
  private readonly onBeforeUnload = (e: BeforeUnloadEvent) => {
    if (this.items.some((i) => !i.handledAt && this.choices.get(i.sealed.id)?.clientRef.trim())) e.preventDefault();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('beforeunload', this.onBeforeUnload);
    // Signing in or out through <cp-sync> changes what this worker may see.
    let who = signedInActor(this.organisation)?.id;
    this.unwatchSignIn = onSignedInChange(() => {
      const now = signedInActor(this.organisation)?.id;
      if (now === who) return;
      who = now;
      this.lock();
      this.startLoad(() => this.load());
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('beforeunload', this.onBeforeUnload);
    this.unwatchSignIn?.();
    this.unwatchSignIn = null;
    this.lock();
  }

  /** The device's records were locked (signing out, "Lock this device"): the requests' key goes with them. */
  protected override storeChanged(_caseId: string | undefined, change: StoreChange): void {
    if (change.locked === true) this.lock();
  }

  /** Opened again: the list is read anew, and the intake passphrase is asked again. */
  protected override reloadShown(): void {
    this.startLoad(() => this.load());
  }

  /** Forgets the unlocked keys and what they opened. */
  lock(): void {
    this.keys = [];
    this.opened = new Map();
    if (this.phase === 'open') this.phase = 'locked';
  }

  private async load(): Promise<void> {
    if (this.base === null) {
      this.phase = 'no-server';
      return;
    }
    try {
      const [{ keys }, { firstContacts }] = await Promise.all([this.api('/api/intake/keys', Keys), this.api('/api/intake/first-contacts', Listing)]);
      this.lockedKeys = keys;
      this.items = firstContacts;
      for (const to of new Set(firstContacts.map((f) => f.sealed.to))) {
        if (this.forms.has(to)) continue;
        const info = await this.api(`/api/public/intake/${encodeURIComponent(to)}`, IntakeInfo);
        this.forms = new Map(this.forms).set(to, info.form);
      }
      this.phase = this.keys.length ? 'open' : 'locked';
      if (this.keys.length) await this.openAll();
    } catch (error) {
      const status = error instanceof ServerRefusal ? error.status : 0;
      this.phase = status === 401 ? 'sign-in' : status === 404 ? 'not-allowed' : 'failed';
      this.announcement = this.phase === 'failed' ? this.t('inbox.failed', { reason: failureReason(error, (key, values) => this.t(key, values)) }) : '';
    }
  }

  /** Reads the list again (after another worker took a request, or when new ones may have come). */
  refresh(): Promise<boolean> {
    this.startLoad(() => this.load());
    return this.updateComplete;
  }

  private async unlock(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (this.phase !== 'locked') return;
    const from = focusedElement();
    const input = this.renderRoot.querySelector<HTMLInputElement>('#passphrase')!;
    const passphrase = input.value;
    this.phase = 'unlocking';
    this.passphraseError = '';
    this.announcement = this.t('inbox.unlocking');
    const keys = (await Promise.all(this.lockedKeys.map((k) => unlockIntakeKey(k, passphrase).catch(() => null)))).filter((k): k is UnlockedIntakeKey => k !== null);
    input.value = '';
    // The device was locked meanwhile: what the passphrase opened is not kept.
    if (this.recordsLocked) {
      this.phase = 'locked';
      this.announcement = '';
      return;
    }
    if (!keys.length) {
      this.phase = 'locked';
      this.passphraseError = this.t('inbox.wrongPassphrase');
      this.announcement = this.passphraseError;
      await this.updateComplete;
      moveFocusUnlessMoved(this.renderRoot, from, '#passphrase');
      return;
    }
    this.keys = keys;
    this.passphraseError = '';
    await this.openAll();
    this.phase = 'open';
    // The count is on screen already; the focus goes to the first request, which says itself.
    this.announcement = '';
    await this.updateComplete;
    moveFocusUnlessMoved(this.renderRoot, from, 'article h3');
  }

  private async openAll(): Promise<void> {
    const opened = new Map<string, Opened>();
    for (const item of this.items) {
      const key = this.keys.find((k) => k.keyId === item.sealed.keyId);
      try {
        if (!key) throw new Error(`sealed to key ${item.sealed.keyId}`);
        const contact = await openFirstContact(item.sealed, key);
        opened.set(item.sealed.id, { contact });
        if (!this.choices.has(item.sealed.id)) {
          const form = this.forms.get(item.sealed.to);
          const template = form?.help.find((h) => contact.help.includes(h.id) && h.template)?.template ?? this.templatesOf(item)[0] ?? '';
          this.choices.set(item.sealed.id, { template, clientRef: '', error: '' });
        }
      } catch (error) {
        opened.set(item.sealed.id, { error: (error as Error).message });
      }
    }
    this.opened = opened;
  }

  private templatesOf(item: Stored): string[] {
    return [...new Set((this.forms.get(item.sealed.to)?.help ?? []).flatMap((h) => (h.template ? [h.template] : [])))];
  }

  private choose(id: string, patch: Partial<Choice>): void {
    this.choices = new Map(this.choices).set(id, { ...this.choices.get(id)!, ...patch });
  }

  private async handle(item: Stored, contact: FirstContact, withCase: boolean): Promise<void> {
    const id = item.sealed.id;
    const choice = this.choices.get(id)!;
    if (withCase && !ClientRef.test(choice.clientRef.trim())) {
      const from = focusedElement();
      this.choose(id, { error: this.t('inbox.clientRefError') });
      this.announcement = this.t('inbox.clientRefError');
      await this.updateComplete;
      moveFocusUnlessMoved(this.renderRoot, from, `#ref-${id}`);
      return;
    }
    // The same case id when asked again, so that a lost answer leads to one case, not two.
    const caseId = withCase ? (choice.caseId ?? newEventId()) : null;
    if (caseId) this.choose(id, { caseId });
    // Taken on the server first, so two coordinators never open two cases for one person.
    try {
      await this.api(`/api/intake/first-contacts/${id}/handled`, z.object({ status: z.string() }), { caseId });
    } catch (error) {
      this.announcement = error instanceof ServerRefusal && error.status === 409 ? this.t('inbox.taken') : this.t('inbox.failed', { reason: failureReason(error, (key, values) => this.t(key, values)) });
      await this.refresh();
      // No answer, or a failure of the server's own: it may have taken it for this worker all the
      // same. The list read again says so, and the case is then opened as if it had answered.
      const refused = refusedByServer(error);
      const now = this.items.find((i) => i.sealed.id === id);
      if (refused || now?.handledBy !== this.actor(this.actorId, this.actorRole).id || now.caseId !== caseId) return;
    }
    if (caseId) {
      const clientRef = choice.clientRef.trim();
      const actor = this.actor(this.actorId, this.actorRole);
      const providerId = item.sealed.to;
      const drafts: EventDraft[] = [
        { type: 'case.open', id: newEventId(), actor, payload: { templateId: choice.template, templateVersion: 1, providerId, clientRef } },
        ...Object.entries(contact.consent)
          .filter(([, given]) => given)
          .map(([purpose]): EventDraft => ({ type: 'consent.grant', id: newEventId(), actor, payload: { purpose, textVersion: contact.consentVersion } }) as EventDraft),
      ];
      const result = await this.recordInStore({ caseId, baseSeq: -1, drafts });
      if (result.status !== 'saved' && result.status !== 'pending') {
        // This device did not record the case: the request goes back to the inbox, not shown as taken.
        const released = await this.api(`/api/intake/first-contacts/${id}/release`, z.object({ status: z.string() }), { caseId }).then(
          () => true,
          () => false,
        );
        this.announcement = `${this.recordMessage(result)} ${released ? this.t('inbox.released') : ''}`.trim();
        await this.refresh();
        return;
      }
      if (result.status !== 'saved') {
        // Kept in this page's memory and tried again (the store says so): the case will be there.
        this.announcement = this.recordMessage(result);
        return;
      }
      this.announcement = this.t('inbox.openedNow', { ref: clientRef });
      this.dispatchEvent(new CustomEvent('cp-case-select', { bubbles: true, composed: true, detail: { caseId, templateId: choice.template, clientRef } }));
    }
    await this.refresh();
  }

  private askErase(id: string, open: boolean): void {
    const next = new Map(this.erasing);
    if (open) next.set(id, null);
    else next.delete(id);
    this.erasing = next;
    const from = focusedElement();
    void this.updateComplete.then(() => moveFocusUnlessMoved(this.renderRoot, from, open ? `#why-${id} input` : `#erase-${id}`));
  }

  private async erase(id: string): Promise<void> {
    const why = this.erasing.get(id);
    if (!why) {
      this.announcement = this.t('inbox.eraseWhy');
      this.renderRoot.querySelector<HTMLElement>(`#why-${id} input`)?.focus();
      return;
    }
    const from = focusedElement();
    try {
      await this.api(`/api/intake/first-contacts/${id}/erase`, z.object({ status: z.literal('erased') }), { why });
    } catch (error) {
      this.announcement = this.t('inbox.failed', { reason: failureReason(error, (key, values) => this.t(key, values)) });
      await this.refresh();
      // No answer, or a failure of the server's own: when the list read again no longer holds it,
      // it was erased all the same, and is said so.
      const refused = refusedByServer(error);
      if (refused || this.phase === 'failed' || this.items.some((i) => i.sealed.id === id)) return;
    }
    // The list read again holds it no more, nor does what it opened to; the choices made for it go too.
    this.choices.delete(id);
    this.erasing = new Map([...this.erasing].filter(([key]) => key !== id));
    this.announcement = this.t('inbox.erased');
    await this.refresh();
    moveFocusUnlessMoved(this.renderRoot, from, '#inbox-title');
  }

  private renderErase(id: string) {
    if (!this.erasing.has(id)) return html`<div class="actions"><button type="button" id="erase-${id}" data-variant="secondary" @click=${() => this.askErase(id, true)}>${this.t('inbox.erase')}</button></div>`;
    const why = this.erasing.get(id);
    const choose = (value: 'asked' | 'not-for-us') => (this.erasing = new Map(this.erasing).set(id, value));
    return html`<fieldset class="erase" id="why-${id}">
      <legend>${this.t('inbox.eraseWhy')}</legend>
      <label><input type="radio" name="why-${id}" value="asked" .checked=${why === 'asked'} @change=${() => choose('asked')} />${this.t('inbox.eraseAsked')}</label>
      <label><input type="radio" name="why-${id}" value="not-for-us" .checked=${why === 'not-for-us'} @change=${() => choose('not-for-us')} />${this.t('inbox.eraseNotForUs')}</label>
      <div class="actions">
        <button type="button" data-variant="danger" @click=${() => void this.erase(id)}>${this.t('inbox.eraseConfirm')}</button>
        <button type="button" data-variant="secondary" @click=${() => this.askErase(id, false)}>${this.t('inbox.eraseCancel')}</button>
      </div>
    </fieldset>`;
  }

  override render() {
    if (this.recordsLocked) return this.renderRecordsLocked();
    const status = html`<p part="status" class="status" role="status" aria-live="polite">${this.announcement || nothing}</p>`;
    const simple = (key: 'inbox.noServer' | 'inbox.signIn' | 'inbox.notAllowed') => html`<section part="base"><h2>${this.t('inbox.title')}</h2><p>${this.t(key)}</p></section>`;
    switch (this.phase) {
      case 'loading':
        return html`<section part="base" aria-busy="true"><h2>${this.t('inbox.title')}</h2></section>`;
      case 'no-server':
        return simple('inbox.noServer');
      case 'sign-in':
        return simple('inbox.signIn');
      case 'not-allowed':
        return simple('inbox.notAllowed');
      case 'failed':
        return html`<section part="base"><h2>${this.t('inbox.title')}</h2>${status}</section>`;
      case 'locked':
      case 'unlocking':
        return this.renderLocked(status);
      case 'open':
        return this.renderOpen(status);
    }
  }

  private renderLocked(status: unknown) {
    const waiting = this.items.filter((i) => !i.handledAt).length;
    const busy = this.phase === 'unlocking';
    return html`<section part="base" aria-labelledby="inbox-title">
      <h2 id="inbox-title">${this.t('inbox.title')}</h2>
      <p>${waiting ? this.t('inbox.count', { count: waiting }) : this.t('inbox.none')}</p>
      ${this.items.length
        ? html`<form @submit=${this.unlock} class="unlock">
            <p id="locked-hint" class="hint">${this.t('inbox.locked')}</p>
            <label for="passphrase">${this.t('inbox.passphrase')}</label>
            <input
              id="passphrase"
              type="password"
              autocomplete="off"
              aria-invalid=${this.passphraseError ? 'true' : 'false'}
              aria-describedby="locked-hint passphrase-error"
            />
            <span id="passphrase-error" class="error">${this.passphraseError}</span>
            <div><button type="submit" aria-disabled=${busy ? 'true' : 'false'}>${busy ? this.t('inbox.unlocking') : this.t('inbox.unlock')}</button></div>
          </form>`
        : nothing}
      ${status}
    </section>`;
  }

  private renderOpen(status: unknown) {
    const lang = this.language;
    const waiting = this.items.filter((i) => !i.handledAt).length;
    return html`<section part="base" aria-labelledby="inbox-title">
      <h2 id="inbox-title" tabindex="-1">${this.t('inbox.title')}</h2>
      <p>${waiting ? this.t('inbox.count', { count: waiting }) : this.t('inbox.none')}</p>
      <div><button type="button" data-variant="secondary" @click=${() => this.lock()}>${this.t('inbox.lock')}</button></div>
      ${status}
      ${this.items.map((item) => {
        const o = this.opened.get(item.sealed.id);
        const id = item.sealed.id;
        const heading = html`<h3 tabindex="-1">${this.t('inbox.received', { date: formatDate(lang, item.receivedAt) })}</h3>`;
        if (!o || 'error' in o) return html`<article>${heading}<p class="error">${this.t('inbox.unreadable', { reason: o && 'error' in o ? o.error : '' })}</p>${this.renderErase(id)}</article>`;
        const c = o.contact;
        const form = this.forms.get(item.sealed.to);
        const label = (list: NonNullable<typeof form>['help'], ids: string[]) => ids.map((x) => pick(list.find((h) => h.id === x)?.label, lang) || x).join(', ');
        const choice = this.choices.get(id);
        const who = (w: string | null) => (w ? (this.nameOf(w) ?? w) : '');
        return html`<article aria-labelledby="h-${id}">
          <h3 id="h-${id}" tabindex="-1">${this.t('inbox.received', { date: formatDate(lang, item.receivedAt) })}</h3>
          <ul class="facts">
            <li>${c.name ? this.t('inbox.name', { name: c.name }) : this.t('inbox.noName')}</li>
            <li>${this.t(`inbox.way.${c.contact.way}`, { detail: c.contact.detail ?? '' })}</li>
            <li>${this.t('inbox.language', { language: new Intl.DisplayNames([lang], { type: 'language' }).of(c.lang) ?? c.lang })}</li>
            <li>${this.t('inbox.help', { list: form ? label(form.help, c.help) : c.help.join(', ') })}</li>
            ${c.accessNeeds.length || c.accessNote ? html`<li>${this.t('inbox.access', { list: [form ? label(form.accessNeeds, c.accessNeeds) : c.accessNeeds.join(', '), c.accessNote ?? ''].filter(Boolean).join('; ') })}</li>` : nothing}
            <li>${this.t('inbox.consents', { list: Object.entries(c.consent).filter(([, v]) => v).map(([p]) => this.t(`purpose.${p as 'service'}`)).join('; ') })}</li>
          </ul>
          ${c.message ? html`<p class="said">${this.t('inbox.message')}</p><blockquote>${c.message}</blockquote>` : nothing}
          ${item.handledAt
            ? html`<p class="handled">${this.t(item.caseId ? 'inbox.opened' : 'inbox.handled', { date: formatDate(lang, item.handledAt), who: who(item.handledBy) })}</p>`
            : choice
              ? html`<div class="open-case">
                  <label for="tpl-${id}">${this.t('inbox.service')}</label>
                  <select id="tpl-${id}" .value=${choice.template} @change=${(e: Event) => this.choose(id, { template: (e.target as HTMLSelectElement).value })}>
                    ${(form?.help ?? []).filter((h) => h.template).map((h) => html`<option value=${h.template!} ?selected=${h.template === choice.template}>${pick(h.label, lang)}</option>`)}
                  </select>
                  <label for="ref-${id}">${this.t('inbox.clientRef')}</label>
                  <input
                    id="ref-${id}"
                    type="text"
                    autocomplete="off"
                    .value=${choice.clientRef}
                    aria-invalid=${choice.error ? 'true' : 'false'}
                    aria-describedby="ref-error-${id}"
                    @input=${(e: Event) => this.choose(id, { clientRef: (e.target as HTMLInputElement).value, error: '' })}
                  />
                  <span id="ref-error-${id}" class="error">${choice.error}</span>
                  <div class="actions">
                    <button type="button" @click=${() => void this.handle(item, c, true)}>${this.t('inbox.open')}</button>
                    <button type="button" data-variant="secondary" @click=${() => void this.handle(item, c, false)}>${this.t('inbox.answered')}</button>
                  </div>
                </div>`
              : nothing}
          ${this.renderErase(id)}
        </article>`;
      })}
    </section>`;
  }
}
