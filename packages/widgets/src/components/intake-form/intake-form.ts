import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import * as z from 'zod/mini';
import { CONSENT_PURPOSES, newEventId, type ConsentPurpose, type EventDraft, type Role } from '@casepath/core';
import { CasepathElement } from '../../internal/casepath-element.js';
import type { StoreChange } from '../../storage/case-store.js';
import { signedInProvider } from '../../internal/signed-in.js';
import { tokens } from '../../theme/tokens.js';
import { formFields } from '../../theme/form-fields.js';
import { CpIntakeSubmitEvent, CpIntakeSubmittedEvent } from '../../events/intake-events.js';
import { styles } from './intake-form.styles.js';

/** The draft as stored while the person types; checked with zod when read back. */
export const IntakeDraft = z.object({
  consent: z.partialRecord(z.enum(CONSENT_PURPOSES), z.boolean()),
  clientRef: z.string(),
});
export type IntakeDraft = z.infer<typeof IntakeDraft>;

const ClientRef = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/));

/**
 * @summary First contact: consent purpose by purpose in plain words, then a pseudonymous
 * reference (no name: minimal collection). Opens a case in the local store.
 * @documentation docs/widgets.md
 * @status experimental
 * @since 0.1
 * @event cp-intake-submit - Before the case is stored; cancelable. `detail: { caseId, events }`.
 * @event cp-intake-submitted - After the case is stored. `detail: { caseId, events }`.
 * @csspart base - The form.
 * @csspart consent - The consent fieldset.
 * @csspart status - The live region for saves and errors.
 * @cssproperty --cp-intake-form-accent - Colour of buttons and checkboxes.
 */
export class CpIntakeForm extends CasepathElement {
  static override styles = [tokens, formFields, styles];

  /** The plan template the case follows. */
  @property() template = 'euse-supported-employment';
  /** Version of that template. */
  @property({ type: Number, attribute: 'template-version' }) templateVersion = 1;
  /** The provider (organisation unit) opening the case; a worker signed in through `<cp-sync>` opens it for their own. */
  @property() provider = 'default';
  /** Consent purposes to ask, comma-separated; `service` is always asked and required. */
  @property() purposes = 'service,health-data,employer-contact,statistics';
  /** The version of the consent wording shown, recorded with each consent (the organisation's own id when it words them itself). */
  @property({ attribute: 'consent-version' }) consentVersion = 'casepath-intake-1';
  /** Who is filling the form: the person (`client`) or a worker's role. */
  @property({ attribute: 'actor-role' }) actorRole: Role = 'client';
  /** Id of the worker or person filling the form. */
  @property({ attribute: 'actor-id' }) actorId = 'self-service';

  @state() private draft: IntakeDraft = { consent: {}, clientRef: '' };
  @state() private errors: Partial<Record<'consent' | 'clientRef', string>> = {};
  @state() private announcement = '';
  @state() private openedCaseId: string | null = null;
  /**
   * From Start until the case is open (or not): the form holds what Start was pressed with, so the
   * case opens with the consents the person sees, and no change is left in a draft meanwhile.
   */
  @state() private recording = false;
  @query('[part="done"]') private doneMessage?: HTMLElement;
  private saveTimer: ReturnType<typeof setTimeout> | null = null;
  private loadedDraft = false;
  private submission: { caseId: string; ids: string[] } | null = null;

  private get draftKey(): string {
    return `intake:${this.organisation}:${this.provider}:${this.template}`;
  }

  private get askedPurposes(): ConsentPurpose[] {
    const asked = this.purposes.split(',').map((p) => p.trim()) as ConsentPurpose[];
    return CONSENT_PURPOSES.filter((p) => p === 'service' || asked.includes(p));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.restoreDraft();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Taken off the page before the autosave: what was typed is saved now.
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      void this.saveDraft();
    }
  }

  /**
   * The page is hidden or left (a reload, a closed tab, another app) before the autosave: what
   * was typed is written in this turn and committed at once where the store can
   * (`writeDraftsNow`). A page that ends does not wait for the timer, nor for any answer from
   * the disk, and the element is not taken off it first.
   */
  protected override pageHidden(): void {
    if (!this.saveTimer) return;
    clearTimeout(this.saveTimer);
    if (this.store.writeDraftsNow?.([{ key: this.draftKey, data: this.draft }])) this.saveTimer = null;
    else void this.saveDraft();
  }

  private async restoreDraft(): Promise<void> {
    if (this.loadedDraft) return;
    this.loadedDraft = true;
    const parsed = IntakeDraft.safeParse(await this.store.loadDraft(this.draftKey));
    if (parsed.success) this.draft = parsed.data;
  }

  /** The draft's writes still on their way: a submitted form's draft is deleted after them. */
  private saving: Promise<void> = Promise.resolve();

  private async saveDraft(): Promise<void> {
    this.saveTimer = null;
    const write = this.store.saveDraft(this.draftKey, this.draft);
    this.saving = Promise.all([this.saving, write.catch(() => undefined)]).then(() => undefined);
    await write;
    this.announcement = this.storeStatus === 'degraded' ? this.t('storage.degraded') : this.t('intake.saved');
  }

  private update_(patch: Partial<IntakeDraft>): void {
    this.draft = { ...this.draft, ...patch, consent: { ...this.draft.consent, ...(patch.consent ?? {}) } };
    this.submission = null; // what was not saved before is submitted anew, as it now reads
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => void this.saveDraft(), 300);
  }

  private handleConsent(purpose: ConsentPurpose, e: Event): void {
    this.update_({ consent: { [purpose]: (e.target as HTMLInputElement).checked } });
    if (purpose === 'service' && this.errors.consent) this.errors = { ...this.errors, consent: '' };
  }

  private handleClientRef(e: Event): void {
    this.update_({ clientRef: (e.target as HTMLInputElement).value.trim() });
    if (this.errors.clientRef && ClientRef.safeParse(this.draft.clientRef).success) this.errors = { ...this.errors, clientRef: '' };
  }

  private validate(): boolean {
    const errors: typeof this.errors = {};
    if (!this.draft.consent.service) errors.consent = this.t('intake.consent.required');
    if (!ClientRef.safeParse(this.draft.clientRef).success) errors.clientRef = this.t('intake.field.clientRef.error');
    this.errors = errors;
    return Object.keys(errors).length === 0;
  }

  private async handleSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (this.recording) return;
    if (!this.validate()) {
      this.announcement = [this.errors.consent, this.errors.clientRef].filter(Boolean).join(' ');
      await this.updateComplete;
      const first = this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]');
      first?.focus();
      return;
    }
    // Ids are made once per submission, so pressing Start again after a failure is a retry.
    this.submission ??= { caseId: newEventId(), ids: CONSENT_PURPOSES.map(() => newEventId()).concat(newEventId()) };
    const { caseId, ids } = this.submission;
    // A person filling in their own first contact records as themselves; staff as the worker signed in.
    const actor = this.actorRole === 'client' ? { id: this.actorId, role: this.actorRole } : this.actor(this.actorId, this.actorRole);
    // Staff open it for their own provider (a worker signed in at another place than the page's
    // `provider` could open nothing there); the page's provider otherwise.
    const providerId = (this.actorRole !== 'client' && signedInProvider(this.organisation)) || this.provider;
    const drafts: EventDraft[] = [
      { type: 'case.open', id: ids[0]!, actor, payload: { templateId: this.template, templateVersion: this.templateVersion, providerId, clientRef: this.draft.clientRef } },
      ...this.askedPurposes.filter((p) => this.draft.consent[p]).map((purpose, i): EventDraft => ({ type: 'consent.grant', id: ids[i + 1]!, actor, payload: { purpose, textVersion: this.consentVersion } })),
    ];
    if (!this.dispatchEvent(new CpIntakeSubmitEvent({ caseId, drafts }))) return;
    this.recording = true;
    this.announcement = this.t('intake.starting');
    try {
      await this.recordCase(caseId, drafts);
    } finally {
      this.recording = false;
    }
  }

  private async recordCase(caseId: string, drafts: EventDraft[]): Promise<void> {
    const result = await this.recordInStore({ caseId, baseSeq: -1, drafts });
    if (result.status !== 'saved') {
      this.announcement = this.recordMessage(result);
      return;
    }
    this.submission = null;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    // A write landing after the delete would bring the submitted answers back, for the next person.
    await this.saving;
    await this.store.deleteDraft(this.draftKey);
    this.openedCaseId = caseId;
    this.announcement = this.t('intake.done');
    this.dispatchEvent(new CpIntakeSubmittedEvent({ caseId, events: result.events }));
    await this.updateComplete;
    this.doneMessage?.focus();
  }

  /** A click on a consent while Start records changes nothing (a key's too: Space clicks it). */
  private holdWhileRecording(e: Event): void {
    if (this.recording) e.preventDefault();
  }

  /**
   * The draft was deleted in another tab of this form: its case opened there, or the form was
   * cleared there for the next person. This one, showing the same answers, empties too, so they
   * are not sent twice (a second case for one person) nor left on screen for the next person.
   * Not while something typed here waits to be kept, nor while this tab opens a case.
   */
  protected override storeChanged(_caseId: string | undefined, change: StoreChange): void {
    if (change.draftKey !== this.draftKey || !change.draftDeleted) return;
    const key = this.draftKey;
    this.startLoad(async () => {
      const onDisk = await this.store.loadDraft(key).catch(() => null);
      if (onDisk !== undefined || key !== this.draftKey || this.saveTimer || this.recording || this.openedCaseId) return;
      [this.draft, this.errors, this.submission] = [{ consent: {}, clientRef: '' }, {}, null];
    });
  }

  /** Clears the form, and what it kept on this device, for the next person (a shared device). */
  async reset(): Promise<void> {
    this.submission = null;
    this.draft = { consent: {}, clientRef: '' };
    this.errors = {};
    this.openedCaseId = null;
    this.announcement = ''; // "Saved" or "Your case is open" was about the person before
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    await this.saving;
    await this.store.deleteDraft(this.draftKey);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('organisation') || changed.has('provider') || changed.has('template')) {
      this.loadedDraft = false;
      if (this.isConnected) void this.restoreDraft();
    }
  }

  override render() {
    if (this.recordsLocked) return this.renderRecordsLocked();
    if (this.openedCaseId) {
      return html`<div part="base"><p part="done" class="done" tabindex="-1" role="status">${this.t('intake.done')}</p></div>`;
    }
    const refError = this.errors.clientRef ?? '';
    return html`
      <form part="base" novalidate @submit=${this.handleSubmit} aria-labelledby="title">
        <h2 id="title">${this.t('intake.title')}</h2>
        <fieldset part="consent" aria-describedby="consent-intro consent-error">
          <legend>${this.t('intake.consent.legend')}</legend>
          <p id="consent-intro">${this.t('intake.consent.intro')}</p>
          ${this.askedPurposes.map(
            (p) => html`<label class="choice">
              <input
                type="checkbox"
                name="consent-${p}"
                .checked=${this.draft.consent[p] === true}
                aria-invalid=${p === 'service' && this.errors.consent ? 'true' : 'false'}
                aria-disabled=${this.recording ? 'true' : nothing}
                ?required=${p === 'service'}
                @click=${this.holdWhileRecording}
                @change=${(e: Event) => this.handleConsent(p, e)}
              />
              <span>${this.t(`intake.consent.${p}`)}</span>
            </label>`,
          )}
          <p id="consent-error" class="error">${this.errors.consent ?? ''}</p>
        </fieldset>
        <fieldset>
          <legend>${this.t('intake.fields.legend')}</legend>
          <label for="client-ref">${this.t('intake.field.clientRef')}</label>
          <span id="client-ref-hint" class="hint">${this.t('intake.field.clientRef.hint')}</span>
          <input
            id="client-ref"
            type="text"
            name="clientRef"
            autocomplete="off"
            required
            ?readonly=${this.recording}
            .value=${this.draft.clientRef}
            aria-invalid=${refError ? 'true' : 'false'}
            aria-describedby="client-ref-hint client-ref-error"
            @input=${this.handleClientRef}
          />
          <span id="client-ref-error" class="error">${refError}</span>
        </fieldset>
        <div><button type="submit" aria-disabled=${this.recording ? 'true' : nothing}>${this.t('intake.submit')}</button></div>
        <p part="status" role="status" aria-live="polite">${this.storeStatus === 'degraded' ? this.t('storage.degraded') : this.announcement || nothing}</p>
      </form>
    `;
  }
}
