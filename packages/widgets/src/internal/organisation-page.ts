import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import * as z from 'zod/mini';
import { CasepathElement, focusedElement, moveFocusUnlessMoved } from './casepath-element.js';
import { configuredServer } from './configured-server.js';
import { askServer, failureReason, ServerRefusal } from './server-request.js';
import { SIGN_IN_REFUSALS as PASSWORD_REFUSALS } from './sign-in-refusals.js';
import { readableKey } from './second-factor-key.js';
import { onSignedInChange, signedInActor } from './signed-in.js';
import { asSentence } from '../i18n/localize.js';
import type { MessageKey } from '../i18n/messages.js';

const Me = z.object({ worker: z.nullable(z.object({ id: z.string(), role: z.string() })) });
const Done = z.looseObject({});
/** A second factor set up at sign-in: the key for the authenticator app, and its `otpauth://` address. */
const SetUp = z.object({ secret: z.string().check(z.regex(/^[A-Z2-7]+=*$/)), uri: z.string().check(z.startsWith('otpauth://')) });
/** Why a sign-in was refused, in the words `<cp-sync>` says it with; a second factor to set up first, in this page's. */
const SIGN_IN_REFUSALS: Record<string, MessageKey> = { ...PASSWORD_REFUSALS, 'second-factor-setup-required': 'sync.problem.second-factor-setup-required' };

export type PagePhase = 'loading' | 'no-server' | 'sign-in' | 'not-allowed' | 'failed' | 'open';

/** What a page says in each phase before it is open, in its own words. */
export interface PageWords {
  title: MessageKey;
  noServer: MessageKey;
  /** Who signs in here, and for what. */
  signIn: MessageKey;
  /** Signed in with an account whose role the server does not answer here. */
  notAllowed: MessageKey;
  /** Could not be read: `{reason}`. */
  failed: MessageKey;
  retry: MessageKey;
}

/**
 * A widget of the organisation's server that works on no case (the staff accounts, the
 * indicators). It signs in on its own, as an administrator's or an analyst's account keeps no
 * cases and `<cp-sync>` does not take it; where the organisation asks for a second factor and the
 * account has none yet, it sets it up here, as `<cp-sync>` does. It reads again when someone signs
 * in or out through `<cp-sync>`, and runs each button's action as a load, moving the focus where
 * the action says.
 */
export abstract class OrganisationPage extends CasepathElement {
  /** The organisation's Casepath server ('' for this page's origin); else the page's meta tag. */
  @property() server: string | null = null;

  @state() protected phase: PagePhase = 'loading';
  @state() protected announcement = '';
  /** The server asked for the second factor's code: the sign-in form shows its field. */
  @state() private askCode = false;
  /** The organisation asks for a second factor and this account has none: the one being set up here. */
  @state() private setUp: z.infer<typeof SetUp> | null = null;
  @state() private signInError = '';
  /** Who is signed in here (from the server). */
  protected me: string | null = null;

  /** The id of the page's heading, where the focus goes once signed in. */
  protected abstract readonly titleId: string;
  protected abstract readonly pageWords: PageWords;
  /**
   * Reads what the page shows for the worker signed in; a refusal with 404 means their role may
   * not (the page then says so), any other failure that it could not be read.
   */
  protected abstract readSignedIn(): Promise<void>;
  /** Forgets what was open for the worker before (someone else signed in, or nobody). */
  protected forget(): void {}

  protected get base(): string | null {
    return configuredServer(this.server);
  }

  protected api<T>(path: string, schema: { parse(v: unknown): T }, body?: unknown): Promise<T> {
    return askServer(this.base!, path, schema, body);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('server') || changed.has('organisation')) this.startLoad(() => this.load());
  }

  private unwatchSignIn: (() => void) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    // Signing in or out through <cp-sync> changes who asks: read again as them.
    let who = signedInActor(this.organisation)?.id;
    this.unwatchSignIn = onSignedInChange(() => {
      const now = signedInActor(this.organisation)?.id;
      if (now === who) return;
      who = now;
      this.forget();
      this.startLoad(() => this.load());
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unwatchSignIn?.();
    this.unwatchSignIn = null;
  }

  /** Reads again what the page shows. */
  refresh(): Promise<boolean> {
    this.startLoad(() => this.load());
    return this.updateComplete;
  }

  protected async load(): Promise<void> {
    if (this.base === null) {
      this.phase = 'no-server';
      return;
    }
    try {
      // Who is signed in (null: nobody, and no 401 in the console); a server older than /session is asked /me.
      const { worker } = await this.api('/api/auth/session', Me).catch((error: unknown) => {
        if (error instanceof ServerRefusal && error.status === 404) return this.api('/api/auth/me', Me);
        throw error;
      });
      if (!worker) {
        this.phase = 'sign-in';
        return;
      }
      this.me = worker.id;
      await this.readSignedIn();
      this.phase = 'open';
    } catch (error) {
      const status = error instanceof ServerRefusal ? error.status : 0;
      this.phase = status === 401 ? 'sign-in' : status === 404 ? 'not-allowed' : 'failed';
      this.announcement = this.phase === 'failed' ? this.t(this.pageWords.failed, { reason: failureReason(error, (key, values) => this.t(key, values)) }) : '';
    }
  }

  /**
   * Runs what a button or form asks, as a load: `updateComplete` waits for its answer and the
   * page read again; then the focus goes where the action says (a field to mend, a panel).
   */
  protected run(action: () => Promise<string | null>): void {
    const run = ++this.runs;
    const from = focusedElement();
    let focus: string | null = null;
    this.startLoad(async () => {
      focus = await action();
    });
    void this.updateComplete.then(() => {
      // Only the latest action moves the focus, and only from where the person pressed (or from
      // nowhere, what they pressed being gone): a panel whose list arrives after they moved on,
      // in it or elsewhere on the page, does not take the focus back.
      if (focus && run === this.runs) moveFocusUnlessMoved(this.renderRoot, from, focus);
    });
  }

  /** How many actions were started, so that only the latest moves the focus. */
  private runs = 0;

  private async signIn(): Promise<string | null> {
    const value = (id: string) => this.renderRoot.querySelector<HTMLInputElement>(`#${id}`)?.value ?? '';
    const [email, password, code] = [value('sign-in-email').trim(), value('sign-in-password'), value('sign-in-code').trim()];
    this.signInError = '';
    this.announcement = '';
    try {
      if (this.setUp) await this.api('/api/auth/second-factor/enable', Done, { email, password, code });
      else await this.api('/api/auth/sign-in', Done, { email, password, ...(this.askCode && code ? { code } : {}) });
    } catch (error) {
      let refusal = error;
      if (error instanceof ServerRefusal && error.code === 'second-factor-setup-required') {
        this.setUp = await this.api('/api/auth/second-factor/setup', SetUp, { email, password }).catch((e: unknown) => ((refusal = e), null));
      }
      const refused = refusal instanceof ServerRefusal ? refusal.code : '';
      if (refused.startsWith('second-factor')) this.askCode = true;
      const known = SIGN_IN_REFUSALS[refused];
      const words = known ? this.t(known) : failureReason(refusal, (key, values) => this.t(key, values));
      this.signInError = refused === 'second-factor-setup-required' ? asSentence(words, this.language) : this.t('sync.signInFailed', { reason: words });
      this.announcement = this.signInError;
      return this.askCode ? '#sign-in-code' : '#sign-in-password';
    }
    this.setUp = null;
    this.askCode = false;
    await this.load();
    return `#${this.titleId}`;
  }

  private async signOut(): Promise<string> {
    await this.api('/api/auth/sign-out', Done, {}).catch(() => undefined);
    this.forget();
    this.me = null;
    await this.load();
    return '#sign-in-email';
  }

  /**
   * The live region. At sign-in the only thing said is the refusal, shown beside the field
   * already, so there it is for screen readers only; a page whose every announcement is shown
   * elsewhere too hides it the same way (`hidden`).
   */
  protected renderStatus(hidden = this.phase === 'sign-in'): TemplateResult {
    return html`<p part="status" class="status ${hidden ? 'visually-hidden' : ''}" role="status" aria-live="polite">${this.announcement || nothing}</p>`;
  }

  protected renderTitle(): TemplateResult {
    return html`<h2 id=${this.titleId} tabindex="-1">${this.t(this.pageWords.title)}</h2>`;
  }

  /** The page in each phase before it is open; null when it is open, for the page to draw. */
  protected renderPhase(): TemplateResult | null {
    const title = this.renderTitle();
    switch (this.phase) {
      case 'loading':
        return html`<section part="base" aria-busy="true">${title}</section>`;
      case 'no-server':
        return html`<section part="base">${title}<p>${this.t(this.pageWords.noServer)}</p></section>`;
      case 'sign-in':
        return this.renderSignIn(title, this.renderStatus());
      case 'not-allowed':
        return html`<section part="base">${title}<p>${this.t(this.pageWords.notAllowed)}</p>${this.renderSignOut()}</section>`;
      case 'failed':
        return html`<section part="base">
          ${title}${this.renderStatus()}
          <div><button type="button" id="retry" @click=${() => this.run(async () => (await this.load(), '#retry'))}>${this.t(this.pageWords.retry)}</button></div>
        </section>`;
      case 'open':
        return null;
    }
  }

  private renderSignIn(title: unknown, status: unknown) {
    return html`<section part="base" aria-labelledby=${this.titleId}>
      ${title}
      <p>${this.t(this.pageWords.signIn)}</p>
      <form
        class="sign-in"
        @submit=${(e: SubmitEvent) => {
          e.preventDefault();
          this.run(() => this.signIn());
        }}
      >
        <label for="sign-in-email">${this.t('sync.email')}</label>
        <input id="sign-in-email" type="email" autocomplete="username" />
        <label for="sign-in-password">${this.t('sync.password')}</label>
        <input id="sign-in-password" type="password" autocomplete="current-password" aria-describedby="sign-in-error" aria-invalid=${this.signInError && !this.askCode ? 'true' : 'false'} />
        ${this.setUp
          ? html`<p>${this.t('sync.setUpKey')}: <code class="key">${readableKey(this.setUp.secret)}</code></p>
              <p><a href=${this.setUp.uri}>${this.t('sync.setUpLink')}</a></p>`
          : nothing}
        ${this.askCode
          ? html`<label for="sign-in-code">${this.t('sync.code')}</label>
              <input id="sign-in-code" inputmode="numeric" autocomplete="one-time-code" aria-describedby="sign-in-error" />`
          : nothing}
        <span id="sign-in-error" class="error">${this.signInError}</span>
        <div><button type="submit">${this.t('sync.signIn')}</button></div>
      </form>
      ${status}
    </section>`;
  }

  protected renderSignOut(): TemplateResult {
    return html`<div><button type="button" data-variant="secondary" @click=${() => this.run(() => this.signOut())}>${this.t('sync.signOut')}</button></div>`;
  }
}
