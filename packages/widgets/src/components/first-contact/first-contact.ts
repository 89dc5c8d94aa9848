import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import * as z from 'zod/mini';
import {
  checkFirstContact,
  sealFirstContact,
  CONSENT_PURPOSES,
  CONTACT_WAYS,
  type ConsentPurpose,
  type SealedFirstContact,
  type ContactWay,
  type FirstContact,
  type FirstContactField,
  type FirstContactForm,
} from '@casepath/core';
import { CasepathElement, focusedElement, moveFocusUnlessMoved } from '../../internal/casepath-element.js';
import { pick } from '../../i18n/localize.js';
import { tokens } from '../../theme/tokens.js';
import { formFields } from '../../theme/form-fields.js';
import { firstContactWords } from './first-contact-words.js';
import { flush, intakeInfo } from './intake-sender.js';
import { queue, queued } from './sealed-outbox.js';
import type { IntakeInfo } from './sealed-outbox.js';
import { styles } from './first-contact.styles.js';
import { configuredServer } from '../../internal/configured-server.js';

type Phase = 'loading' | 'ready' | 'unavailable' | 'no-key' | 'sending' | 'sent' | 'queued' | 'refused';

/** What the form holds as it is typed; what a hidden tab kept of it (see `keepWhileHidden`) is checked with this when read back. */
const Draft = z.object({
  name: z.string(),
  way: z.enum(CONTACT_WAYS),
  detail: z.string(),
  help: z.array(z.string()),
  accessNeeds: z.array(z.string()),
  accessNote: z.string(),
  message: z.string(),
  consent: z.partialRecord(z.enum(CONSENT_PURPOSES), z.boolean()),
});
type Draft = z.infer<typeof Draft>;

const RETRY_MS = 30_000;

/**
 * @summary A public first contact: a member of the public asks the organisation for help. What
 * they write is sealed in their browser to the organisation's key before it is stored or sent.
 * @documentation docs/widgets.md
 * @status experimental
 * @since 0.2
 * @event cp-first-contact-sent - When the organisation's server has the sealed request. `detail: { id }`.
 * @csspart base - The form.
 * @csspart status - The live region for what happened to the request.
 * @cssproperty --cp-first-contact-accent - Colour of buttons and checkboxes.
 */
export class CpFirstContact extends CasepathElement {
  protected static override words = [firstContactWords];
  static override styles = [tokens, formFields, styles];

  /** The provider (service unit) the request is for. */
  @property() provider = '';
  /**
   * The organisation's Casepath server: empty for this page's own origin, or an absolute URL.
   * Without it, the page's `<meta name="casepath-server">`; without either, the form says it
   * cannot reach the organisation, and nothing is kept.
   */
  @property() server: string | null = null;

  @state() private phase: Phase = 'loading';
  @state() private info: IntakeInfo | null = null;
  @state() private draft: Draft = emptyDraft('phone');
  @state() private errors: Partial<Record<FirstContactField, string>> = {};
  @state() private announcement = '';
  /** What the tab kept is back in the form: said at its top until Send is pressed. */
  @state() private keptBack = false;
  @state() private refusedReason = '';
  private dirty = false;
  private retryTimer: ReturnType<typeof setInterval> | null = null;
  private readonly onOnline = () => void this.sendWaiting();
  private readonly onBeforeUnload = (e: BeforeUnloadEvent) => {
    // Nothing typed here is stored until Send: say so before the page goes.
    if (this.dirty && this.phase === 'ready') e.preventDefault();
  };

  private get configuredServer(): string | null {
    return configuredServer(this.server);
  }

  /** Where this tab keeps what is typed while it is hidden. */
  private get keptKey(): string {
    return `casepath-first-contact:${this.organisation}:${this.provider}`;
  }

  /** Between a `pagehide` and a `pageshow`: the page is being left, or is in the back-forward cache. */
  private leaving = false;
  /** Whether this page has read what an ended one kept (`takeKept`): until then, it is not deleted. */
  private keptRead = false;

  /**
   * What is typed and not sent is kept in this tab's session storage while the tab is hidden, and
   * only then: a phone's browser may end a hidden tab to free memory, and loads the page again,
   * empty, when the person comes back from another app. It is deleted when the tab is shown again,
   * and when it is closed or left (`pagehide`, after `beforeunload` asked), so nothing stays once
   * the person has gone; a new tab, and so the next person at a shared computer, never sees it. A
   * page being left is hidden after its `pagehide`: that is not kept, until the page is shown again
   * from the browser's back-forward cache (`pageshow`). Taken off the page, the form keeps nothing.
   * A page loaded again is shown (`pageshow`, a `visibilitychange`) before its form is ready to put
   * back what the ended one kept: that is deleted only once it is read.
   */
  private readonly keepWhileHidden = (e: Event): void => {
    if (e.type === 'pagehide' || e.type === 'pageshow') this.leaving = e.type === 'pagehide';
    const hidden = e.type === 'visibilitychange' && document.visibilityState === 'hidden' && !this.leaving;
    try {
      if (hidden && this.dirty && this.phase === 'ready') sessionStorage.setItem(this.keptKey, JSON.stringify(this.draft));
      else if (e.type === 'pagehide' || this.keptRead) this.forgetKept();
    } catch {
      // Session storage refused (a browser's setting): the form holds the typing, as before.
    }
  };

  /** Deletes what this tab keeps (the person left, or the form was taken off the page). */
  private forgetKept(): void {
    try {
      sessionStorage.removeItem(this.keptKey);
    } catch {
      // Session storage refused: nothing was kept.
    }
  }

  /** What this tab kept while it was hidden and ended, back in the form, said; deleted once read. */
  private takeKept(form: FirstContactForm): void {
    this.keptRead = true;
    let kept: unknown;
    try {
      const text = sessionStorage.getItem(this.keptKey);
      sessionStorage.removeItem(this.keptKey);
      if (text === null) return;
      kept = JSON.parse(text);
    } catch {
      return; // unreadable: nothing is put back
    }
    const parsed = Draft.safeParse(kept);
    if (!parsed.success) return;
    const d = parsed.data;
    // A choice the form no longer has is not sent (`contact` takes only the form's own).
    this.draft = { ...d, way: form.contactWays.includes(d.way) ? d.way : form.contactWays[0]! };
    this.dirty = true;
    this.keptBack = true;
    // Said once the form, with its live region, is on screen: text a region is drawn with is not read out.
    void this.updateComplete.then(() => (this.announcement = this.t('firstContact.keptBack')));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('online', this.onOnline);
    window.addEventListener('beforeunload', this.onBeforeUnload);
    document.addEventListener('visibilitychange', this.keepWhileHidden);
    window.addEventListener('pagehide', this.keepWhileHidden);
    window.addEventListener('pageshow', this.keepWhileHidden);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('beforeunload', this.onBeforeUnload);
    document.removeEventListener('visibilitychange', this.keepWhileHidden);
    window.removeEventListener('pagehide', this.keepWhileHidden);
    window.removeEventListener('pageshow', this.keepWhileHidden);
    this.forgetKept();
    this.stopRetrying();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('provider') || changed.has('server') || changed.has('organisation')) this.startLoad(() => this.load());
  }

  private async load(): Promise<void> {
    const server = this.configuredServer;
    if (server === null || !this.provider) {
      this.phase = 'unavailable';
      return;
    }
    // The form's labels and the sentence saying who reads it come with its words: wait for them too.
    const [{ info }] = await Promise.all([intakeInfo(this.organisation, server, this.provider), this.wordsLoaded()]);
    this.info = info;
    if (!info) this.phase = 'unavailable';
    else if (!info.key) this.phase = 'no-key';
    else {
      this.phase = 'ready';
      if (!info.form.contactWays.includes(this.draft.way)) this.draft = { ...this.draft, way: info.form.contactWays[0]! };
      this.takeKept(info.form);
    }
    // What an earlier visit left waiting goes now.
    await this.sendWaiting();
  }

  private async sendWaiting(): Promise<void> {
    if ((await queued(this.organisation)).every((q) => q.refused)) return this.stopRetrying();
    const sent = await flush(this.organisation);
    if (sent.length && this.phase !== 'sent') this.announcement = this.t('firstContact.queuedSent', { provider: this.info?.provider.name ?? '' });
    if (this.phase === 'queued' && sent.length) this.phase = 'sent';
    if ((await queued(this.organisation)).some((q) => !q.refused)) this.keepRetrying();
    else this.stopRetrying();
  }

  private keepRetrying(): void {
    this.retryTimer ??= setInterval(() => void this.sendWaiting(), RETRY_MS);
  }

  private stopRetrying(): void {
    if (this.retryTimer) clearInterval(this.retryTimer);
    this.retryTimer = null;
  }

  private change(patch: Partial<Draft>): void {
    this.draft = { ...this.draft, ...patch };
    this.dirty = true;
    if (Object.values(this.errors).some(Boolean)) this.errors = this.check(false);
  }

  private toggle(list: 'help' | 'accessNeeds', id: string, on: boolean): void {
    const current = this.draft[list].filter((x) => x !== id);
    this.change({ [list]: on ? [...current, id] : current });
  }

  private contact(): FirstContact {
    const d = this.draft;
    const form = this.info!.form;
    const text = (s: string) => s.trim() || undefined;
    return {
      formId: form.id,
      formVersion: form.version,
      lang: this.language,
      ...(text(d.name) ? { name: text(d.name) } : {}),
      contact: d.way === 'visit' ? { way: d.way } : { way: d.way, detail: d.detail.trim() },
      help: form.help.map((h) => h.id).filter((id) => d.help.includes(id)),
      accessNeeds: form.accessNeeds.map((a) => a.id).filter((id) => d.accessNeeds.includes(id)),
      ...(text(d.accessNote) ? { accessNote: text(d.accessNote) } : {}),
      ...(text(d.message) ? { message: text(d.message) } : {}),
      consent: Object.fromEntries(this.purposes.map((p) => [p, d.consent[p] === true])),
      consentVersion: form.consentVersion,
      sentAt: new Date().toISOString(),
    };
  }

  private check(all = true): Partial<Record<FirstContactField, string>> {
    const errors: Partial<Record<FirstContactField, string>> = {};
    for (const p of checkFirstContact(this.info!.form, this.contact())) {
      if (!all && !this.errors[p.field]) continue;
      errors[p.field] ??= this.errorText(p.field);
    }
    return errors;
  }

  private errorText(field: FirstContactField): string {
    switch (field) {
      case 'consent':
        return this.t('intake.consent.required');
      case 'contactDetail':
        return this.t(this.draft.way === 'email' ? 'firstContact.emailError' : 'firstContact.phoneError');
      case 'help':
        return this.t('firstContact.helpError');
      case 'contact':
        return this.t('firstContact.contactLegend');
    }
  }

  private get purposes(): ConsentPurpose[] {
    const asked = this.info?.form.purposes ?? [];
    return asked.includes('service') ? asked : ['service', ...asked];
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (this.phase !== 'ready' || !this.info?.key) return;
    this.keptBack = false;
    this.errors = this.check();
    if (Object.keys(this.errors).length) {
      this.announcement = `${this.t('firstContact.errorsIntro')} ${Object.values(this.errors).join(' ')}`;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    const server = this.configuredServer ?? '';
    const from = focusedElement();
    this.phase = 'sending';
    this.announcement = this.t('firstContact.sending');
    const contact = this.contact();
    let sealed: SealedFirstContact;
    try {
      // Sealed before anything is stored: the outbox never holds the person's words in plain.
      sealed = await sealFirstContact(contact, { provider: this.info.provider.id, keyId: this.info.key.keyId, publicKey: this.info.key.publicKey });
      await queue(this.organisation, { id: sealed.id, server, sealed, queuedAt: new Date().toISOString() });
    } catch (error) {
      // Not kept: the form stays as typed, and the person is told.
      this.phase = 'ready';
      this.announcement = this.t('firstContact.notKept', { reason: (error as Error).message });
      return;
    }
    this.dirty = false;
    this.draft = emptyDraft(this.info.form.contactWays[0]!);
    const sent = await flush(this.organisation);
    const left = (await queued(this.organisation)).find((q) => q.id === sealed.id);
    if (sent.includes(sealed.id) || !left) {
      this.phase = 'sent';
      this.announcement = this.t(contact.contact.way === 'visit' ? 'firstContact.sentVisit' : 'firstContact.sent', { provider: this.info.provider.name });
      this.dispatchEvent(new CustomEvent('cp-first-contact-sent', { detail: { id: sealed.id }, bubbles: true, composed: true }));
    } else if (left.refused) {
      this.phase = 'refused';
      this.refusedReason = left.refused;
      this.announcement = this.t('firstContact.refused', { reason: left.refused });
    } else {
      this.phase = 'queued';
      this.announcement = this.t('firstContact.queued');
      this.keepRetrying();
    }
    await this.updateComplete;
    // Sealing and sending can take a while: someone who went on elsewhere meanwhile is not pulled
    // back (the status, a live region, still says it).
    moveFocusUnlessMoved(this.renderRoot, from, '[part="status"]');
  }

  /**
   * While the request is sealed and sent, the form holds what Send was pressed with: a click on a
   * choice changes nothing (Space and the arrow keys click too), and the fields are read-only.
   * What changed meanwhile would be in no request, and the form empties once it is kept.
   */
  private holdWhileSending(e: Event): void {
    const target = e.target;
    if (this.phase === 'sending' && target instanceof HTMLInputElement && (target.type === 'checkbox' || target.type === 'radio')) e.preventDefault();
  }

  private another(): void {
    this.phase = 'ready';
    this.announcement = '';
    this.errors = {};
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('h2')?.focus());
  }

  override render() {
    // While the kept typing's sentence is shown at the top, the live region reads it out unseen.
    const status = html`<p part="status" class="status ${this.keptBack ? 'visually-hidden' : ''}" role="status" aria-live="polite" tabindex="-1">${this.announcement || nothing}</p>`;
    switch (this.phase) {
      case 'loading':
        return html`<div part="base" aria-busy="true"></div>`;
      case 'unavailable':
      case 'no-key':
        return html`<div part="base"><p class="notice">${this.t(this.phase === 'no-key' ? 'firstContact.noKey' : 'firstContact.unavailable')}</p></div>`;
      case 'sent':
      case 'queued':
      case 'refused':
        return html`<div part="base" class=${this.phase}>
          ${status}
          <div><button type="button" @click=${this.another}>${this.t('firstContact.another')}</button></div>
        </div>`;
      default:
        return this.renderForm(status);
    }
  }

  private renderForm(status: unknown) {
    const info = this.info!;
    const form = info.form;
    const d = this.draft;
    const lang = this.language;
    const busy = this.phase === 'sending';
    const err = this.errors;
    return html`
      <form part="base" novalidate @submit=${this.submit} @click=${this.holdWhileSending} aria-labelledby="title" aria-busy=${busy ? 'true' : 'false'}>
        <h2 id="title" tabindex="-1">${this.t('firstContact.title')}</h2>
        <p class="hint">${this.t('firstContact.sealedNote', { provider: info.provider.name })}</p>
        ${this.keptBack ? html`<p class="notice">${this.t('firstContact.keptBack')}</p>` : nothing}
        ${form.askName
          ? html`<div class="field">
              <label for="name">${this.t('firstContact.name')}</label>
              <input id="name" type="text" autocomplete="given-name" maxlength="120" ?readonly=${busy} .value=${d.name} @input=${(e: Event) => this.change({ name: (e.target as HTMLInputElement).value })} />
            </div>`
          : nothing}
        <fieldset aria-describedby="contact-error">
          <legend>${this.t('firstContact.contactLegend')}</legend>
          ${form.contactWays.map(
            (way) => html`<label class="choice">
              <input type="radio" name="way" value=${way} .checked=${d.way === way} @change=${() => this.change({ way, detail: '' })} />
              <span>${this.t(`firstContact.way.${way}`)}</span>
            </label>`,
          )}
          ${d.way === 'visit'
            ? nothing
            : html`<label for="detail">${this.t(d.way === 'email' ? 'firstContact.email' : 'firstContact.phone')}</label>
                <input
                  id="detail"
                  type=${d.way === 'email' ? 'email' : 'tel'}
                  autocomplete=${d.way === 'email' ? 'email' : 'tel'}
                  maxlength="200"
                  ?readonly=${busy}
                  .value=${d.detail}
                  aria-invalid=${err.contactDetail ? 'true' : 'false'}
                  aria-describedby="detail-error"
                  @input=${(e: Event) => this.change({ detail: (e.target as HTMLInputElement).value })}
                />
                <span id="detail-error" class="error">${err.contactDetail ?? ''}</span>`}
        </fieldset>
        <fieldset aria-describedby="help-error">
          <legend>${this.t('firstContact.helpLegend')}</legend>
          ${form.help.map(
            (h, i) => html`<label class="choice">
              <input
                type="checkbox"
                name="help-${h.id}"
                .checked=${d.help.includes(h.id)}
                aria-invalid=${err.help && i === 0 ? 'true' : 'false'}
                @change=${(e: Event) => this.toggle('help', h.id, (e.target as HTMLInputElement).checked)}
              />
              <span>${pick(h.label, lang)}</span>
            </label>`,
          )}
          <p id="help-error" class="error">${err.help ?? ''}</p>
        </fieldset>
        ${form.accessNeeds.length
          ? html`<fieldset>
              <legend>${this.t('firstContact.accessLegend')}</legend>
              ${form.accessNeeds.map(
                (a) => html`<label class="choice">
                  <input type="checkbox" name="access-${a.id}" .checked=${d.accessNeeds.includes(a.id)} @change=${(e: Event) => this.toggle('accessNeeds', a.id, (e.target as HTMLInputElement).checked)} />
                  <span>${pick(a.label, lang)}</span>
                </label>`,
              )}
              <label for="access-note">${this.t('firstContact.accessNote')}</label>
              <input id="access-note" type="text" maxlength="1000" ?readonly=${busy} .value=${d.accessNote} @input=${(e: Event) => this.change({ accessNote: (e.target as HTMLInputElement).value })} />
            </fieldset>`
          : nothing}
        <div class="field">
          <label for="message">${this.t('firstContact.message')}</label>
          <textarea id="message" rows="4" maxlength="4000" ?readonly=${busy} .value=${d.message} @input=${(e: Event) => this.change({ message: (e.target as HTMLTextAreaElement).value })}></textarea>
        </div>
        <fieldset aria-describedby="consent-intro consent-error">
          <legend>${this.t('intake.consent.legend')}</legend>
          <p id="consent-intro">${this.t('intake.consent.intro')}</p>
          ${this.purposes.map(
            (p) => html`<label class="choice">
              <input
                type="checkbox"
                name="consent-${p}"
                .checked=${d.consent[p] === true}
                aria-invalid=${p === 'service' && err.consent ? 'true' : 'false'}
                @change=${(e: Event) => this.change({ consent: { ...this.draft.consent, [p]: (e.target as HTMLInputElement).checked } })}
              />
              <span>${this.t(`intake.consent.${p}`)}</span>
            </label>`,
          )}
          <p id="consent-error" class="error">${err.consent ?? ''}</p>
        </fieldset>
        <div><button type="submit" aria-disabled=${busy ? 'true' : 'false'}>${busy ? this.t('firstContact.sending') : this.t('firstContact.send')}</button></div>
        ${status}
      </form>
    `;
  }
}

function emptyDraft(way: ContactWay): Draft {
  return { name: '', way, detail: '', help: [], accessNeeds: [], accessNote: '', message: '', consent: {} };
}
