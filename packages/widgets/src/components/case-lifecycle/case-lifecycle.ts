import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { availableOutcomes, bundleForRecipient, CONSENT_PURPOSES, ConsentRequiredError, type ConsentPurpose, personBundle, personExport, type ApprovalSubject, type CaseState, type PlanTemplate } from '@casepath/core';
import { CaseElement } from '../../internal/case-element.js';
import { staffWords } from '../../i18n/messages.js';
import { workspaceWords } from '../workspace/workspace-words.js';
import { lifecycleWords } from './lifecycle-words.js';
import { formatDate, pick } from '../../i18n/localize.js';
import { configuredServer } from '../../internal/configured-server.js';
import { askServer, failureReason, refusedByServer, ServerRefusal, ServerUnreachable } from '../../internal/server-request.js';
import { saveFile } from '../../internal/save-file.js';
import * as z from 'zod/mini';

/** The server's answers: an erasure done, an export (any JSON object), a refusal for want of consent. */
const Erased = z.object({ erased: z.string() });
const Exported = z.looseObject({});
const ConsentRefusal = z.object({ error: z.literal('consent-required'), purpose: z.enum(CONSENT_PURPOSES) });

/**
 * @summary Pause and resume a case, close it with one of its template's outcomes (only those
 * whose requirements are met, each other one saying what is missing), approve or refuse the
 * closure where the template asks a supervisor to, and reopen a closed case.
 * @documentation docs/widgets.md
 * @status experimental
 * @since 0.2
 * @event cp-recorded - After a change is stored. `detail: { caseId, types }`.
 * @event cp-case-erased - After the case was erased at the person's request (supervisors only). `detail: { caseId }`.
 * @csspart base - The wrapper.
 */
export class CpCaseLifecycle extends CaseElement {
  protected static override words = [staffWords, workspaceWords, lifecycleWords];

  @state() private outcome = '';
  @state() private reason = '';
  @state() private eraseConfirm = '';
  @state() private recipient = '';
  /**
   * The organisation's Casepath server ('' for this page's origin), where an erasure must reach;
   * without it, the page's `<meta name="casepath-server">`; without either, this device only.
   */
  @property() server: string | null = null;
  protected static override namesInstruments = true;
  /** The case whose erasure the server may have done without its answer reaching this page. */
  private erasureUnknown: string | null = null;

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('caseId')) this.erasureUnknown = null;
    // The device's sync brought the erasure the server's answer did not: it is done here too.
    else if (changed.has('caseState') && this.caseState === null && this.erasureUnknown === this.caseId) void this.track(this.erasedHere(this.caseId));
  }

  protected override clearForms(): void {
    super.clearForms();
    this.outcome = this.reason = this.eraseConfirm = this.recipient = '';
  }

  /** What the template asks a supervisor or coordinator to approve: the plan (before a stage), closing. */
  private approvalsAsked(template: PlanTemplate): ApprovalSubject[] {
    const reqs = [...template.stages, ...template.transitions].flatMap((x) => x.requires ?? []);
    return [
      ...(reqs.some((r) => r.kind === 'approval' && r.subject === 'plan') ? (['plan'] as const) : []),
      ...(template.closureRequiresApproval ? (['closure'] as const) : []),
    ];
  }

  private renderApproval(subject: ApprovalSubject, mayApprove: boolean) {
    const approval = this.caseState!.approvals[subject];
    const plan = subject === 'plan';
    return html`<section aria-labelledby="approval-${subject}">
      <h3 id="approval-${subject}">${this.t(plan ? 'lifecycle.planApproval' : 'lifecycle.approval')}</h3>
      <p>
        ${approval
          ? this.t(approval.granted ? 'lifecycle.approvedBy' : 'lifecycle.refusedBy', { who: this.worker(approval.by), date: formatDate(this.language, approval.at) })
          : this.t(plan ? 'lifecycle.planApprovalNeeded' : 'lifecycle.approvalNeeded')}
      </p>
      ${mayApprove
        ? html`<div class="actions">
            <button type="button" ?disabled=${approval?.granted === true} @click=${() => this.act({ type: 'approval.grant', payload: { subject } }, plan ? 'lifecycle.planApproved' : 'lifecycle.approved')}>
              ${this.t(plan ? 'lifecycle.approvePlan' : 'lifecycle.approve')}
            </button>
            <button type="button" data-variant="secondary" ?disabled=${approval?.granted === false} @click=${() => this.act({ type: 'approval.refuse', payload: { subject } }, plan ? 'lifecycle.planRefused' : 'lifecycle.refused')}>
              ${this.t('lifecycle.refuse')}
            </button>
          </div>`
        : nothing}
    </section>`;
  }

  private withReason(): { reason?: string } {
    const r = this.reason.trim();
    return r ? { reason: r } : {};
  }

  /** Records `draft` with the reason typed, from the reason's field and the form submitted, if any (the outcome). */
  private async act(draft: Parameters<CaseElement['record']>[0][number], saved: Parameters<CaseElement['record']>[1], form?: HTMLFormElement): Promise<void> {
    const fields = [this.renderRoot.querySelector('#reason'), form].filter((f) => f instanceof Element);
    if (await this.record([{ ...draft, ...this.withReason() }], saved, fields)) {
      this.reason = '';
      this.outcome = '';
    }
  }

  private close(e: SubmitEvent): void {
    e.preventDefault();
    if (!this.outcome) {
      this.message = { text: this.t('lifecycle.chooseOutcome'), error: true };
      this.renderRoot.querySelector<HTMLInputElement>('input[name="outcome"]:not(:disabled)')?.focus();
      return;
    }
    void this.act({ type: 'case.close', payload: { outcome: this.outcome } }, 'lifecycle.closed', e.target as HTMLFormElement);
  }

  private get configuredServer(): string | null {
    return configuredServer(this.server);
  }

  /**
   * Erases the case at the person's request: on the server first (which tells every device of the
   * team), then on this device. Nothing is erased here until the server says it is erased.
   */
  private erase(e: SubmitEvent, expected: string): void {
    e.preventDefault();
    if (!this.busy) void this.track(this.eraseNow(expected));
  }

  private async eraseNow(expected: string): Promise<void> {
    if (this.eraseConfirm.trim() !== expected) {
      await this.invalid('erase-confirm', this.t('lifecycle.eraseMismatch', { ref: expected }));
      return;
    }
    const caseId = this.caseId;
    this.busy = true;
    try {
      const server = this.configuredServer;
      if (server !== null) {
        try {
          await askServer(server, `/api/cases/${encodeURIComponent(caseId)}/erase`, Erased, { confirm: caseId });
        } catch (error) {
          const reason = error instanceof ServerRefusal && error.status === 404 ? this.t('lifecycle.eraseNotOnServer') : this.failure(error);
          // A refusal erased nothing. Without an answer, or with a failure of the server's own, the
          // erasure may have been done: the person is told so, and asking again is safe (the
          // server answers an erasure already done as done).
          const refused = refusedByServer(error);
          this.sayOn(caseId, { text: this.t(refused ? 'lifecycle.eraseFailed' : 'lifecycle.eraseUncertain', { reason }), error: true });
          if (refused) return;
          // Until the person asks again or the next pull says it is erased (see willUpdate).
          this.erasureUnknown = caseId;
          if ((await this.store.events(caseId)).length) return;
          // The pull was quicker than this page: the case is gone from the device already.
        }
      }
      await this.erasedHere(caseId);
    } finally {
      this.busy = false;
    }
  }

  /** The case is erased on the server: it goes from this device, and the page is told. */
  private async erasedHere(caseId: string): Promise<void> {
    this.erasureUnknown = null;
    await this.store.eraseCase(caseId);
    // The page may show another case by now: that one stays as it is.
    if (caseId === this.caseId) {
      this.eraseConfirm = '';
      this.caseState = null;
      this.message = { text: this.t('lifecycle.erased'), error: false };
    }
    this.dispatchEvent(new CustomEvent('cp-case-erased', { bubbles: true, composed: true, detail: { caseId } }));
  }

  /**
   * Everything about the person, as a file: the events (JSON) or a FHIR R4 Bundle. With a server,
   * the server's copy, so that the download is in its access log (who, when, for whom); without
   * one, what this device holds.
   */
  private async download(format: 'json' | 'fhir'): Promise<void> {
    // The case pressed on, though the page may open another before the file is made.
    const { caseId, template, ref } = this.exported();
    let data: unknown;
    if (this.configuredServer !== null) {
      const got = await this.fromServer(caseId, { format });
      if (!got.ok) return;
      data = got.data;
    } else {
      const events = await this.store.events(caseId);
      data = format === 'fhir' ? personBundle(template, events) : personExport(template, events);
    }
    const file = this.save(ref, format === 'fhir' ? 'fhir.json' : 'json', data);
    this.sayOn(caseId, { text: this.t('lifecycle.exported', { file }), error: false });
  }

  /** The case shown, its template and the reference its files are named by. */
  private exported(): { caseId: string; template: PlanTemplate; ref: string } {
    return { caseId: this.caseId, template: this.template!, ref: this.caseState?.clientRef ?? this.caseId };
  }

  /** For another service the person chose: only with their consent to share (core checks it), health only with theirs to it. */
  private async downloadFor(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const recipient = this.recipient.trim();
    if (!recipient) {
      await this.invalid('recipient', this.t('lifecycle.exportForMissing'));
      return;
    }
    const { caseId, template, ref } = this.exported();
    let bundle: { meta?: unknown };
    if (this.configuredServer !== null) {
      const got = await this.fromServer(caseId, { format: 'fhir', recipient });
      if (!got.ok) return;
      bundle = got.data as { meta?: unknown };
    } else {
      try {
        bundle = bundleForRecipient(template, await this.store.events(caseId), recipient);
      } catch (error) {
        if (!(error instanceof ConsentRequiredError)) throw error;
        this.refusedFor(caseId, error.purpose);
        return;
      }
    }
    if (caseId === this.caseId) this.errors = {};
    const file = this.save(ref, 'fhir.json', bundle);
    const exported = this.t('lifecycle.exported', { file });
    this.sayOn(caseId, { text: bundle.meta ? `${exported} ${this.t('lifecycle.exportLeftOutHealth')}` : exported, error: false });
  }

  private refusedFor(caseId: string, purpose: ConsentPurpose): void {
    this.sayOn(caseId, { text: this.t('lifecycle.exportRefused', { purpose: this.t(`purpose.${purpose}`) }), error: true });
  }

  /** The server's export of the case; on a refusal or no connection, says so and gives nothing. */
  private async fromServer(caseId: string, query: { format: 'json' | 'fhir'; recipient?: string }): Promise<{ ok: true; data: unknown } | { ok: false }> {
    const path = `/api/cases/${encodeURIComponent(caseId)}/export?${new URLSearchParams(query).toString()}`;
    try {
      return { ok: true, data: await askServer(this.configuredServer!, path, Exported) };
    } catch (error) {
      const refused = error instanceof ServerRefusal ? ConsentRefusal.safeParse(error.answer) : null;
      if (error instanceof ServerUnreachable) this.sayOn(caseId, { text: this.t('lifecycle.exportOffline'), error: true });
      else if (refused?.success && error instanceof ServerRefusal && error.status === 409) this.refusedFor(caseId, refused.data.purpose);
      else this.sayOn(caseId, { text: this.t('lifecycle.exportFailed', { reason: this.failure(error) }), error: true });
      return { ok: false };
    }
  }

  /** Why asking the server did not work, in the page's words. */
  private failure(error: unknown): string {
    return failureReason(error, (key, values) => this.t(key, values));
  }

  /** Downloads `data` as `<ref>.<extension>`; returns the file's name. */
  private save(ref: string, extension: 'json' | 'fhir.json', data: unknown): string {
    const file = `${ref}.${extension}`;
    saveFile(file, new Blob([JSON.stringify(data, null, 2)], { type: extension === 'fhir.json' ? 'application/fhir+json' : 'application/json' }));
    return file;
  }

  private renderExport() {
    return html`<section aria-labelledby="export">
      <h3 id="export">${this.t('lifecycle.export')}</h3>
      <p class="hint">${this.t('lifecycle.exportHint')}</p>
      <div class="actions">
        <button type="button" data-variant="secondary" @click=${() => void this.track(this.download('json'))}>${this.t('lifecycle.exportJson')}</button>
        <button type="button" data-variant="secondary" @click=${() => void this.track(this.download('fhir'))}>${this.t('lifecycle.exportFhir')}</button>
      </div>
      <form novalidate class="export-for" @submit=${(e: SubmitEvent) => void this.track(this.downloadFor(e))}>
        ${this.field(
          'recipient',
          this.t('lifecycle.exportFor'),
          html`<input id="recipient" type="text" maxlength="200" autocomplete="off" .value=${this.recipient} aria-invalid=${this.isInvalid('recipient')} aria-describedby=${this.errorRef('recipient')} @input=${(e: Event) => (this.recipient = (e.target as HTMLInputElement).value)} />`,
        )}
        <div class="actions"><button type="submit" data-variant="secondary">${this.t('lifecycle.exportForButton')}</button></div>
      </form>
    </section>`;
  }

  private renderErase(s: CaseState) {
    const expected = s.clientRef ?? this.caseId;
    return html`<form novalidate class="erase" @submit=${(e: SubmitEvent) => this.erase(e, expected)} aria-labelledby="erase">
      <h3 id="erase">${this.t('lifecycle.erase')}</h3>
      <p class="hint">${this.t('lifecycle.eraseHint')}</p>
      ${this.field(
        'erase-confirm',
        this.t('lifecycle.eraseConfirm', { ref: expected }),
        html`<input id="erase-confirm" type="text" autocomplete="off" .value=${this.eraseConfirm} aria-invalid=${this.isInvalid('erase-confirm')} aria-describedby=${this.errorRef('erase-confirm')} @input=${(e: Event) => (this.eraseConfirm = (e.target as HTMLInputElement).value)} />`,
      )}
      <div class="actions"><button type="submit" data-variant="danger" aria-disabled=${String(this.busy)}>${this.t('lifecycle.eraseButton')}</button></div>
    </form>`;
  }

  private reasonField() {
    return html`<label class="field" for="reason">${this.t('plan.reason')}</label>
      <input id="reason" type="text" maxlength="2000" .value=${this.reason} @input=${(e: Event) => (this.reason = (e.target as HTMLInputElement).value)} />`;
  }

  protected override renderCase(s: CaseState, template: PlanTemplate) {
    const lang = this.language;
    const outcomeTitle = (id: string | null) => pick(template.outcomes.find((o) => o.id === id)?.title, lang) || (id ?? '');
    const message = this.messageLine();
    if (s.status === 'closed') {
      return html`<div part="base">
        <h2>${this.t('lifecycle.title')}</h2>
        <p><strong>${this.t('plan.status.closed')}</strong>: ${outcomeTitle(s.outcome)}${s.closedAt ? html` · ${formatDate(lang, s.closedAt)}` : nothing}</p>
        ${this.reasonField()}
        <div class="actions">
          <button type="button" aria-disabled=${String(this.busy)} @click=${() => this.act({ type: 'case.reopen', payload: {} }, 'lifecycle.reopened')}>${this.t('lifecycle.reopen')}</button>
        </div>
        ${['supervisor', 'coordinator'].includes(this.actor(this.actorId, this.actorRole).role) ? this.renderExport() : nothing}
        ${this.actor(this.actorId, this.actorRole).role === 'supervisor' ? this.renderErase(s) : nothing}
        ${message}
      </div>`;
    }
    const outcomes = availableOutcomes(template, s);
    const me = this.actor(this.actorId, this.actorRole);
    const mayApprove = me.role === 'supervisor' || me.role === 'coordinator';
    return html`<div part="base">
      <h2>${this.t('lifecycle.title')}</h2>
      <p><strong>${this.t(s.status === "paused" ? "plan.status.paused" : "plan.status.active")}</strong></p>
      ${this.reasonField()}
      <div class="actions">
        ${s.status === 'active'
          ? html`<button type="button" data-variant="secondary" aria-disabled=${String(this.busy)} @click=${() => this.act({ type: 'case.pause', payload: {} }, 'lifecycle.paused')}>${this.t('lifecycle.pause')}</button>`
          : html`<button type="button" aria-disabled=${String(this.busy)} @click=${() => this.act({ type: 'case.resume', payload: {} }, 'lifecycle.resumed')}>${this.t('lifecycle.resume')}</button>`}
      </div>
      ${this.approvalsAsked(template).map((subject) => this.renderApproval(subject, mayApprove))}
      <form novalidate @submit=${this.close} aria-labelledby="close">
        <h3 id="close">${this.t('lifecycle.close')}</h3>
        <fieldset class="choices">
          <legend>${this.t('lifecycle.outcome')}</legend>
          ${outcomes.map(
            (o) => html`<label>
                <input
                  type="radio"
                  name="outcome"
                  value=${o.outcome}
                  ?disabled=${!o.allowed}
                  .checked=${this.outcome === o.outcome}
                  aria-describedby=${o.allowed ? nothing : `why-${o.outcome}`}
                  @change=${() => (this.outcome = o.outcome)}
                />${outcomeTitle(o.outcome)}
              </label>
              ${o.allowed ? nothing : html`<p class="hint" id="why-${o.outcome}">${this.whyNot(o.missing)}</p>`}`,
          )}
        </fieldset>
        <div class="actions"><button type="submit" ?disabled=${this.busy || !outcomes.some((o) => o.allowed)}>${this.t('lifecycle.closeButton')}</button></div>
      </form>
      ${mayApprove ? this.renderExport() : nothing}
      ${me.role === 'supervisor' ? this.renderErase(s) : nothing}
      ${message}
    </div>`;
  }
}
