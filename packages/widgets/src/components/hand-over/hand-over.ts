import { css, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { CaseState, PlanTemplate } from '@casepath/core';
import { CaseElement, formText } from '../../internal/case-element.js';
import { signedInActor, signedInEmail } from '../../internal/signed-in.js';
import { handOverKey } from '../../internal/handed-over.js';
import { accountField } from '../../internal/account-field.js';
import { asSentence, pick } from '../../i18n/localize.js';
import { staffWords } from '../../i18n/messages.js';
import { workspaceWords } from '../workspace/workspace-words.js';
import { handOverWords } from './hand-over-words.js';
import '../needs-assessment/cp-needs-assessment.js';
import { configuredServer } from '../../internal/configured-server.js';
import { askServer, failureReason, ServerRefusal } from '../../internal/server-request.js';
import { SIGN_IN_REFUSALS } from '../../internal/sign-in-refusals.js';
import * as z from 'zod/mini';

/** The server's answer when the signed-in worker confirmed who they are. */
const Confirmed = z.object({ confirmed: z.string() });

/** What is kept while the device is with the person, so a reload does not end the hand-over. */
const HandOver = z.object({
  caseId: z.string(),
  /** The worker who handed over; they sign in again to take the device back. */
  workerId: z.string(),
  /**
   * Their name and the e-mail they sign in with, as known at the hand-over: the take-back names
   * them even after their session ended (which clears the directory of names), and tells the
   * browser's password manager whose password to fill.
   */
  workerName: z.optional(z.string()),
  account: z.optional(z.string()),
  /** Without a server (or see `codeWhenOffline`): the SHA-256 of a salt and the code the worker chose. */
  codeHash: z.optional(z.string()),
  salt: z.optional(z.string()),
  /**
   * With a server, on a device whose records are not locked with the worker's password: the code
   * takes the device back only when the server cannot confirm the password (no connection).
   */
  codeWhenOffline: z.optional(z.boolean()),
});
type HandOver = z.infer<typeof HandOver>;

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * @summary Hand-over mode (seed 003: the person takes part in planning and evaluation): a worker
 * hands the device to the person, who sees only their own plan and goals in easy words and fills
 * in their own assessment; no staff notes, no other case, nothing else on the page. Taking the
 * device back needs the worker's password (with a server), or the code they chose (without one,
 * or as well, on a device that cannot tell their password without the server).
 * @documentation docs/widgets.md
 * @status experimental
 * @since 0.2
 * @event cp-hand-over - The device went to the person. `detail: { caseId }`.
 * @event cp-hand-back - The worker took the device back. `detail: { caseId }`.
 * @csspart dialog - The person's view, over the whole page.
 */
export class CpHandOver extends CaseElement {
  protected static override words = [staffWords, workspaceWords, handOverWords];
  /** The person's answers and the worker's code are not kept on disk as typing. */
  protected static override keepsTypingOnDisk = false;
  static override styles = [
    ...CaseElement.styles,
    css`
      dialog {
        inset: 0;
        width: 100vw;
        height: 100vh;
        max-width: none;
        max-height: none;
        margin: 0;
        border: 0;
        padding: 1.5rem;
        box-sizing: border-box;
        background: var(--_surface);
        color: inherit;
        font-size: 1.2em;
        --_target: var(--cp-target-size-easy-read, 64px);
      }
      dialog::backdrop {
        background: var(--_surface);
      }
      .person {
        max-width: 44rem;
        margin: 0 auto;
        display: grid;
        gap: var(--_space);
      }
    `,
  ];

  /** The instrument of the person's own assessment. */
  @property() instrument = 'vocational-profile';
  /** Where the server is, as for `<cp-sync>`; without it (and without the page's meta tag) a code is used. */
  @property() server: string | null = null;

  @state() private handedOver: HandOver | null = null;
  @state() private givingBack = false;
  /**
   * Whether this device can tell the signed-in worker's password by itself (its records are
   * locked with it), so a take-back needs no connection; null until read.
   */
  @state() private lockedWithPassword: boolean | null = null;
  private lockReadFor: string | null = null;
  /** The server could not confirm the password at this take-back: the code chosen for that is asked. */
  @state() private serverSilent = false;

  private get key(): string {
    return handOverKey(this.organisation);
  }

  private get serverUrl(): string | null {
    return configuredServer(this.server);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Still with the person after a reload: the hand-over goes on.
    try {
      const kept = HandOver.safeParse(JSON.parse(sessionStorage.getItem(this.key) ?? 'null'));
      if (kept.success) {
        this.handedOver = kept.data;
        if (!this.caseId) this.caseId = kept.data.caseId;
      }
    } catch {
      /* unreadable: nothing handed over */
    }
  }

  protected override willUpdate(changed: PropertyValues): void {
    // A hand-over is of one case: the person sees theirs, whatever case the page asks for meanwhile.
    if (this.handedOver && this.caseId !== this.handedOver.caseId) this.caseId = this.handedOver.caseId;
    super.willUpdate(changed);
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    super.updated(changed);
    const dialog = this.renderRoot.querySelector('dialog');
    if (this.handedOver && dialog && !dialog.open) dialog.showModal();
    const worker = signedInActor(this.organisation)?.id ?? null;
    if (!this.handedOver && this.withServer && worker !== this.lockReadFor) void this.readLock(worker!);
  }

  /** Whether `workerId`'s password opens this device's records (a damaged lock counts as none). */
  private async readLock(workerId: string): Promise<boolean> {
    this.lockReadFor = workerId;
    const locked = (await this.store.hasPassphrase?.(workerId).catch(() => false)) ?? false;
    if (this.lockReadFor === workerId) this.lockedWithPassword = locked;
    return locked;
  }

  /** Whether a worker is signed in to a server here: then taking back is signing in again. */
  private get withServer(): boolean {
    return signedInActor(this.organisation) !== null && this.serverUrl !== null;
  }

  private async begin(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const me = this.actor(this.actorId, this.actorRole);
    const form = new FormData(e.target as HTMLFormElement);
    const name = this.nameOf(me.id);
    const account = signedInEmail(this.organisation);
    let kept: HandOver = { caseId: this.caseId, workerId: me.id, ...(name === undefined ? {} : { workerName: name }), ...(account === null ? {} : { account }) };
    // Without a lock of the worker's password here, only the server could tell it: a code is
    // chosen too, so the device comes back where there is no connection.
    const codeWhenOffline = this.withServer && !(await this.readLock(me.id));
    if (!this.withServer || codeWhenOffline) {
      const code = formText(form, 'code');
      if (!/^\d{4,8}$/.test(code)) return this.invalid('code', this.t('handOver.codeInvalid'));
      const salt = crypto.getRandomValues(new Uint32Array(2)).join('-');
      kept = { ...kept, salt, codeHash: await sha256(`${salt}:${code}`), ...(codeWhenOffline ? { codeWhenOffline } : {}) };
    }
    this.errors = {};
    sessionStorage.setItem(this.key, JSON.stringify(kept));
    this.handedOver = kept;
    this.dispatchEvent(new CustomEvent('cp-hand-over', { bubbles: true, composed: true, detail: { caseId: kept.caseId } }));
  }

  /**
   * Escape is no way out of the person's view. Refusing `cancel` is not enough: Chromium closes a
   * modal dialog at a second Escape without user activation in between (its close watchers'
   * rule against trapping). Escape's `keydown`, cancelled, sends no close request at all.
   */
  private keepOpen(e: KeyboardEvent): void {
    if (e.key === 'Escape') e.preventDefault();
  }

  /** Should the browser close the dialog all the same (another close request): open it again. */
  private reopen(e: Event): void {
    if (this.handedOver) (e.target as HTMLDialogElement).showModal();
  }

  private async takeBack(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const h = this.handedOver;
    if (!h) return;
    const form = new FormData(e.target as HTMLFormElement);
    if (this.byCode(h)) {
      if ((await sha256(`${h.salt}:${formText(form, 'code')}`)) !== h.codeHash) return this.invalid('code', this.t('handOver.wrong'));
    } else if (!(await this.confirmed(h, form))) return;
    sessionStorage.removeItem(this.key);
    this.handedOver = null;
    this.givingBack = false;
    this.serverSilent = false;
    this.errors = {};
    this.renderRoot.querySelector('dialog')?.close();
    // The session ended while the device was with the person: its records, left open for their
    // view, lock now, as they would have then (the worker signs in again to open them).
    if (this.serverUrl !== null && signedInActor(this.organisation) === null) await this.store.lock?.();
    this.dispatchEvent(new CustomEvent('cp-hand-back', { bubbles: true, composed: true, detail: { caseId: h.caseId } }));
    await this.rendered();
    this.renderRoot.querySelector<HTMLElement>('button')?.focus();
  }

  /**
   * With a server, the worker who handed over proves it is them: their password (and the code of
   * their second factor, when they have one) to the server, which starts no new session, so nobody
   * else's sign-in takes this device over. When the server cannot confirm it (no connection, their
   * session ended, its own trouble), to this device's lock, sealed with their password. Says why
   * not at the field it is about.
   */
  private async confirmed({ workerId, codeWhenOffline }: HandOver, form: FormData): Promise<boolean> {
    const password = typeof form.get('password') === 'string' ? (form.get('password') as string) : '';
    const code = formText(form, 'totp');
    if (!password) return this.refused('password', this.t('handOver.wrong'));
    try {
      await askServer(this.serverUrl ?? '', '/api/auth/confirm', Confirmed, { password, ...(code ? { code } : {}) });
      return true;
    } catch (error) {
      const refusal = error instanceof ServerRefusal && error.status !== 401 && error.status < 500 ? error : null;
      if (refusal === null) {
        // A lock that cannot be read (damaged) tells nothing either way.
        const byDevice = (await this.store.checkPassphrase?.(workerId, password).catch(() => null)) ?? null;
        if (byDevice === null && codeWhenOffline) {
          this.serverSilent = true;
          return this.refused('code', this.t('handOver.useCode'));
        }
        return byDevice === true || this.refused('password', this.t(byDevice === false ? 'handOver.wrong' : 'handOver.cannotCheck'));
      }
      if (refusal.code === 'bad-credentials') return this.refused('password', this.t('handOver.wrong'));
      const known = SIGN_IN_REFUSALS[refusal.code];
      const words = known ? this.t(known) : failureReason(refusal, (key, values) => this.t(key, values));
      return this.refused(refusal.code.startsWith('second-factor') ? 'totp' : 'password', asSentence(words, this.language));
    }
  }

  /** Says why at `field`, focused; false, for the caller to return. */
  private async refused(field: string, why: string): Promise<false> {
    await this.invalid(field, why);
    return false;
  }

  private renderPerson(s: CaseState, template: PlanTemplate) {
    const lang = this.language;
    const stage = template.stages.find((x) => x.id === s.stage);
    const goals = s.goals.filter((g) => g.status !== 'dropped');
    return html`<div class="person">
      <h2 id="person-title">${this.t('handOver.title')}</h2>
      <p>${this.t('handOver.now', { stage: stage ? pick(stage.title, lang) : '' })}</p>
      <h3>${this.t('handOver.goals')}</h3>
      ${goals.length
        ? html`<ul class="items">
            ${goals.map((g) => html`<li><p class="title">${g.title}${g.status === 'achieved' ? html` <span class="badge">${this.t('handOver.done')}</span>` : nothing}</p></li>`)}
          </ul>`
        : html`<p>${this.t('goals.none')}</p>`}
      <cp-needs-assessment
        easy-read
        respondent="self"
        actor-role="client"
        actor-id="self-service"
        lang=${lang}
        organisation=${this.organisation}
        case-id=${this.caseId}
        instrument=${this.instrument}
        .store=${this.store}
        .templates=${this.templates}
      ></cp-needs-assessment>
      ${this.givingBack ? this.renderTakeBack() : html`<div class="actions"><button type="button" data-variant="secondary" @click=${() => this.askTakeBack()}>${this.t('handOver.giveBack')}</button></div>`}
    </div>`;
  }

  private async askTakeBack(): Promise<void> {
    this.givingBack = true;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('dialog input:not([hidden])')?.focus();
  }

  /** Whether the take-back asks the code chosen at the hand-over rather than the password. */
  private byCode(h: HandOver): h is HandOver & { codeHash: string; salt: string } {
    return Boolean(h.codeHash && h.salt) && (!h.codeWhenOffline || this.serverSilent);
  }

  private renderTakeBack() {
    const byCode = this.byCode(this.handedOver!);
    return html`<form novalidate @submit=${(e: SubmitEvent) => this.track(this.takeBack(e))} aria-labelledby="take-back">
      <h3 id="take-back">${this.t(byCode ? 'handOver.askCode' : 'handOver.askSignIn', { name: this.handedOver!.workerName ?? this.worker(this.handedOver!.workerId) })}</h3>
      ${byCode
        ? this.field('code', this.t('handOver.code'), html`<input id="code" name="code" type="password" inputmode="numeric" autocomplete="off" aria-invalid=${this.isInvalid('code')} aria-describedby=${this.errorRef('code')} />`)
        : html`${accountField(this.handedOver!.account)}${this.field('password', this.t('sync.password'), html`<input id="password" name="password" type="password" autocomplete="current-password" aria-invalid=${this.isInvalid('password')} aria-describedby=${this.errorRef('password')} />`)}
          ${this.field('totp', this.t('handOver.totp'), html`<input id="totp" name="totp" type="text" inputmode="numeric" autocomplete="one-time-code" aria-invalid=${this.isInvalid('totp')} aria-describedby=${this.errorRef('totp')} />`)}`}
      <div class="actions">
        <button type="submit">${this.t('handOver.takeBack')}</button>
        <button type="button" data-variant="secondary" @click=${() => ((this.givingBack = false), (this.serverSilent = false), (this.errors = {}))}>${this.t('workspace.cancel')}</button>
      </div>
    </form>`;
  }

  protected override renderCase(s: CaseState, template: PlanTemplate) {
    if (this.handedOver) {
      return html`<div part="base">
        <dialog part="dialog" aria-labelledby="person-title" @keydown=${this.keepOpen} @cancel=${(e: Event) => e.preventDefault()} @close=${this.reopen}>${this.renderPerson(s, template)}</dialog>
      </div>`;
    }
    const askCode = !this.withServer || this.lockedWithPassword === false;
    return html`<div part="base">
      <form novalidate @submit=${(e: SubmitEvent) => this.track(this.begin(e))} aria-labelledby="hand-over">
        <h3 id="hand-over">${this.t('handOver.start')}</h3>
        <p class="hint">${this.t(!this.withServer ? 'handOver.hintCode' : askCode ? 'handOver.hintSignInAndCode' : 'handOver.hintSignIn')}</p>
        ${!askCode
          ? nothing
          : this.field('code', this.t('handOver.chooseCode'), html`<input id="code" name="code" type="password" inputmode="numeric" autocomplete="off" aria-invalid=${this.isInvalid('code')} aria-describedby=${this.errorRef('code')} />`)}
        <div class="actions"><button type="submit">${this.t('handOver.start')}</button></div>
      </form>
    </div>`;
  }
}
