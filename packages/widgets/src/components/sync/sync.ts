import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { registerSync, setSignedIn, signedInActor } from '../../internal/signed-in.js';
import { setDirectory, setProviders } from '../../internal/directory.js';
import { CasepathElement, focusedElement, moveFocusUnlessMoved } from '../../internal/casepath-element.js';
import { accountField } from '../../internal/account-field.js';
import { tokens } from '../../theme/tokens.js';
import { replay, type CaseEvent, type CaseState, type EventDraft, type Instrument, type PlanTemplate, type RecordConflict, type RefusalReason } from '@casepath/core';
import { loadInstrument } from '../../internal/instruments.js';
import { asSentence, formatInstant, pick } from '../../i18n/localize.js';
import { againEventId, keptConflict, recordAgain } from '../../sync/kept-conflict.js';
import { refusalText } from '../../i18n/refusal-text.js';
import { waitsToBeSent, type Conflict } from '../../storage/replica.js';
import { eventSentence, indexHistory } from '../../i18n/event-sentence.js';
import type { IdbCaseStore } from '../../storage/idb-case-store.js';
import { MIN_PASSPHRASE_LENGTH, signInRefusal, SyncClient, type SignInFailure, type SyncProblemCode, type SyncStatus } from '../../sync/sync-client.js';
import { styles } from './sync.styles.js';
import { staffWords } from '../../i18n/messages.js';
import { configuredServer } from '../../internal/configured-server.js';
import { readableKey } from '../../internal/second-factor-key.js';
import { watchIdle } from '../../sync/idle-watch.js';
import { isHandedOver } from '../../internal/handed-over.js';

const clients = new Map<string, SyncClient>();

/** One sync client per organisation and server on a page, shared by every `<cp-sync>`. */
export function syncClientFor(store: IdbCaseStore, server: string, options: { deviceEncryption?: boolean } = {}): SyncClient {
  const key = `${store.organisation}\u0000${server}`;
  let c = clients.get(key);
  if (!c) clients.set(key, (c = new SyncClient(store, server, options)));
  return c;
}

type Presence = 'checking' | 'none' | 'present';

/** A kept change's case as this device holds it, read once for every change kept on it. */
interface CaseShown {
  history: CaseEvent[];
  template: PlanTemplate | null;
  /** Replay's state at the head; null when the case or its template is not on this device. */
  head: CaseState | null;
}

/** A change kept for review, with what this device holds of its case (nothing when it holds none). */
interface ConflictShown {
  conflict: Conflict;
  history: CaseEvent[];
  template: PlanTemplate | null;
  /** The instrument of a kept assessment, for its title. */
  instrument: Instrument | null;
  /** Why it was kept, decided again against the case as this device holds it (once, when the list is read). */
  refusal: RecordConflict;
  /** The change as the signed-in worker can record it again now, and the case's last seq it was decided against; null when the rules refuse it. */
  again: { draft: EventDraft; baseSeq: number } | null;
}

/**
 * @summary Staff sign-in and the state of sync with the organisation's Casepath server: what
 * waits to be sent, whether the server answers, and changes kept for review. Without a server
 * it says that what is typed stays on this device.
 * @documentation docs/server.md
 * @status experimental
 * @since 0.2
 * @event cp-signed-in - After signing in; `detail: { worker }`.
 * @event cp-signed-out - After signing out.
 * @event cp-worker-change - Whenever who works on this device changes: signed in here, a session
 * picked up when the page opens, signed out or ended; `detail: { worker }` (`null` for nobody).
 * A page shows or hides what depends on the worker's role with it.
 * @csspart base - The wrapper.
 * @cssproperty --cp-sync-accent - Colour of the buttons.
 */
export class CpSync extends CasepathElement {
  protected static override words = [staffWords];
  static override styles = [tokens, styles];

  /**
   * Where the server is: empty for this page's own origin, or an absolute URL. Without the
   * attribute, the page's `<meta name="casepath-server" content="…">` (which a Casepath server
   * adds to the pages it serves); without either, nothing leaves the device and nothing is asked.
   */
  @property() server: string | null = null;

  /**
   * `on` (the default): the records on this device are sealed with the worker's password, and
   * open only after signing in (docs/security.md); `off` keeps them as they are.
   */
  @property({ attribute: 'device-encryption' }) deviceEncryption: 'on' | 'off' = 'on';

  /**
   * Minutes without a key pressed, the pointer moved or the page scrolled, in any of the
   * organisation's tabs, after which the records lock as with "Lock this device" (15 by default;
   * `0` never). What the worker typed and had not saved comes back when they open them again.
   */
  @property({ type: Number, attribute: 'lock-after' }) lockAfter = 15;

  /** The records were locked after this many minutes unused (said in the unlock form), until they are opened. */
  @state() private lockedUnused: number | null = null;
  private stopIdleWatch: (() => void) | null = null;

  @state() private presence: Presence = 'checking';
  @state() private status: SyncStatus | null = null;
  /** Changes kept for review, each with its case's history and template as this device holds them (to say it in words). */
  @state() private conflicts: ConflictShown[] = [];
  /** Why the last sign-in did not go through. */
  @state() private failure: SignInFailure | null = null;
  /** The server asked for the code of the worker's authenticator app: the form has its field. */
  @state() private askCode = false;
  /** The organisation requires a second factor and the account has none: the key to add to an app. */
  @state() private setUp: { secret: string; uri: string } | null = null;
  @state() private busy = false;
  /** "Change password" was pressed: its form shows, with why the last try did not go through. */
  @state() private changing: { failure: SignInFailure | null } | null = null;
  /** The password was just changed: said in a status region until the next change is started. */
  @state() private passwordChanged = false;
  /** "Sign out" was pressed while changes wait to be sent: the worker is asked first. */
  @state() private signOutAsked = false;
  /** Locked, nothing is sent or counted as it goes: what waits, counted when "Sign out" was pressed. */
  @state() private waitingWhenLocked = 0;
  /**
   * What became of the last "mark as reviewed": said in a status region, or why it did not go
   * through; `waiting`, the change whose review waits on this device (said again once sent).
   */
  @state() private review: { text: string; error: boolean; waiting?: string } | null = null;
  /**
   * What the worker typed under each kept change, by its event id: the list's items are drawn by
   * position, so a field's words follow their change when one before it leaves the list.
   */
  private readonly reviewWords = new Map<string, string>();
  /** Sign-in with the organisation's identity provider, when the server offers it. */
  @state() private oidc: { label: string; href: string } | null = null;
  private client: SyncClient | null = null;
  private unsubscribeClient: (() => void) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    registerSync(this, true);
    void this.connect();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    registerSync(this, false);
    this.unsubscribeClient?.();
    this.unsubscribeClient = null;
    this.watchUse(null);
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    super.updated(changed);
    // `lock-after` changed on an open page: watched from now with the new time (0: no longer).
    if (changed.has('lockAfter') || changed.has('deviceEncryption')) {
      this.stopIdleWatch?.();
      this.stopIdleWatch = null;
      this.watchUse(this.status);
    }
  }

  /**
   * Watches whether the page is left unused while a worker has the records open, and locks them
   * then (see {@link lockAfter}); stops watching otherwise (`null`: signed out, locked, gone).
   */
  private watchUse(status: SyncStatus | null): void {
    const open = status !== null && status.worker !== null && status.state !== 'signed-out' && status.state !== 'locked';
    const minutes = Number.isFinite(this.lockAfter) && this.lockAfter > 0 && this.deviceEncryption !== 'off' ? this.lockAfter : 0;
    if (open && minutes > 0) {
      if (this.stopIdleWatch) return;
      this.lockedUnused = null;
      // Not while the tab is with a person (`<cp-hand-over>`), who may read their plan quietly.
      const organisation = this.organisation;
      this.stopIdleWatch = watchIdle(
        organisation,
        minutes,
        () => {
          this.stopIdleWatch = null;
          this.lockedUnused = minutes;
          void this.client?.lockDevice();
        },
        () => isHandedOver(organisation),
      );
      return;
    }
    this.stopIdleWatch?.();
    this.stopIdleWatch = null;
    if (status?.state !== 'locked') this.lockedUnused = null;
  }

  /** The configured server, if any: the attribute, else the page's meta tag. */
  private get configuredServer(): string | null {
    return configuredServer(this.server);
  }

  /** With a server configured, picks up a session the browser still has (or shows the sign-in). */
  private async connect(): Promise<void> {
    const server = this.configuredServer;
    if (server === null) {
      this.presence = 'none';
      return;
    }
    this.presence = 'present';
    this.takeSignInRefusal();
    void this.readSignInMethods(server);
    this.client = syncClientFor(this.store as IdbCaseStore, server, { deviceEncryption: this.deviceEncryption !== 'off' });
    this.unsubscribeClient?.();
    this.unsubscribeClient = this.client.subscribe((s) => void this.show(s));
    if (this.client.status.worker) await this.show(this.client.status);
    else await this.client.resume();
  }

  /**
   * Back from the organisation's identity provider, refused: the server put why in the address
   * (`sign-in-refused`). It is said by the form, and taken out of the address, so a reload or the
   * next sign-in does not say it again.
   */
  private takeSignInRefusal(): void {
    const url = new URL(location.href);
    const refused = signInRefusal(url.searchParams.get('sign-in-refused'));
    if (!refused) return;
    this.failure = refused;
    url.searchParams.delete('sign-in-refused');
    history.replaceState(history.state, '', url.href);
  }

  /** Whether the server also signs staff in through the organisation's identity provider. */
  private async readSignInMethods(base: string): Promise<void> {
    try {
      const res = await fetch(`${base}/api/auth/methods`, { credentials: 'same-origin', headers: { accept: 'application/json' } });
      if (!res.ok) return;
      const body = (await res.json()) as { oidc?: { label?: unknown; start?: unknown } | null };
      const { label, start } = body.oidc ?? {};
      if (typeof label !== 'string' || typeof start !== 'string' || !start.startsWith('/api/')) return;
      this.oidc = { label, href: `${base}${start}?return=${encodeURIComponent(location.pathname + location.search)}` };
    } catch {
      // an older server, or offline: the password form is there
    }
  }

  /** How many times the list of kept changes was read, so only the latest read is shown. */
  private conflictsRead = 0;

  /** Whose sign-in the directory of names was read for. */
  private directoryFor: string | null = null;

  /** Who the page was last told works here (`cp-worker-change`): their id, role and centre, or '' for nobody (as a page starts). */
  private workerSaid = '';
  #worker: SyncStatus['worker'] | undefined = undefined;

  /**
   * Who works on this device now, as `cp-worker-change` says it: the worker, `null` for nobody,
   * `undefined` until this element has read the device. A page's script that may run after the
   * element has already told it (its code came from the cache while the page's own was asked for
   * again) reads this as well as listening.
   */
  get worker(): SyncStatus['worker'] | undefined {
    return this.#worker;
  }

  private async show(status: SyncStatus): Promise<void> {
    this.status = status;
    this.watchUse(status);
    const worker = status.state === 'signed-out' ? null : status.worker;
    this.#worker = worker;
    setSignedIn(this.organisation, worker);
    const said = worker ? `${worker.id} ${worker.role} ${worker.providerId ?? ''}` : '';
    if (said !== this.workerSaid) {
      this.workerSaid = said;
      this.dispatchEvent(new CustomEvent('cp-worker-change', { bubbles: true, composed: true, detail: { worker } }));
    }
    const workerId = status.state === 'signed-out' ? null : (status.worker?.id ?? null);
    if (workerId !== this.directoryFor) {
      this.directoryFor = workerId;
      if (workerId === null) {
        setDirectory(this.organisation, null);
        setProviders(this.organisation, null);
      } else {
        void Promise.all([this.client!.workers(), this.client!.providers()]).then(([workers, providers]) => {
          if (this.directoryFor !== workerId) return;
          if (workers.length > 0) setDirectory(this.organisation, workers);
          if (providers.length > 0) setProviders(this.organisation, providers);
        });
      }
    }
    // Conflicts are sealed with the records: read once they are open.
    if (status.state === 'locked') return;
    const reading = ++this.conflictsRead;
    // Each case read and replayed once per read of the list, however many of its changes were kept.
    const cases = new Map<string, Promise<CaseShown>>();
    const caseOf = (caseId: string) => cases.get(caseId) ?? cases.set(caseId, this.caseShown(caseId)).get(caseId)!;
    const conflicts = await Promise.all((await this.client!.replica.conflicts()).map(async (c) => this.withCase(c, await caseOf(c.caseId))));
    // Statuses come faster than the list is read: an earlier read must not put back what a later one let go.
    if (reading !== this.conflictsRead) return;
    this.conflicts = conflicts;
    // A review that waited here went later: said once the list lets its change go; if the server
    // refused it, the change says why.
    const waited = this.review?.waiting;
    if (waited === undefined) return;
    const review = this.conflicts.find((c) => c.conflict.eventId === waited)?.conflict.review;
    if (!review) this.review = { text: this.t('sync.review.saved'), error: false };
    else if (!waitsToBeSent(review)) this.review = null;
  }

  /** A case as this device holds it: its history, its template, and replay's state at its head. */
  private async caseShown(caseId: string): Promise<CaseShown> {
    const history = await this.store.events(caseId).catch(() => []);
    const open = history.find((e) => e.type === 'case.open');
    if (open?.type !== 'case.open') return { history, template: null, head: null };
    const resolver = this.templateResolver;
    await resolver.prepare?.([open.payload.templateId]).catch(() => undefined);
    const template = resolver(open.payload.templateId, open.payload.templateVersion) ?? null;
    return { history, template, head: template ? replay(template, history, { onInvalid: 'skip' }).state : null };
  }

  /** A conflict with its case's history and template, so it is said in words rather than as an event type. */
  private async withCase(conflict: Conflict, { history, template, head }: CaseShown): Promise<ConflictShown> {
    const instrument = conflict.event.type === 'assessment.record' ? await loadInstrument(conflict.event.payload.instrumentId).catch(() => null) : null;
    const actor = signedInActor(this.organisation);
    // Only the author records their change again: no id is made for a teammate's.
    const mayRecordAgain = head && actor && actor.id === conflict.event.actor.id && !this.recordedAgain.has(conflict.eventId);
    const draft = mayRecordAgain ? recordAgain(conflict, template, head, actor, new Date().toISOString(), await againEventId(conflict.eventId)) : null;
    return { conflict, history, template, instrument, refusal: keptConflict(conflict, history, template, head), again: draft && head ? { draft, baseSeq: head.lastSeq } : null };
  }

  protected override refusalReason(because: RefusalReason, english: string, template: PlanTemplate | null = null): string | null {
    return refusalText(because, english, { lang: this.language, template, nameOf: (id) => this.nameOf(id) });
  }

  /**
   * One kept change in the page's language: the case's reference, what the change was (as the
   * history says it), and why it was not applied (who changed the case meanwhile).
   */
  private conflictWords({ conflict: c, history, template, instrument, refusal, again }: ConflictShown): string {
    const open = history.find((e) => e.type === 'case.open');
    const ref = (open?.type === 'case.open' ? open.payload.clientRef : undefined) ?? c.caseId;
    const what = template ? eventSentence(c.event, indexHistory(history), { lang: this.language, template, nameOf: (id) => this.nameOf(id), instrumentTitle: (id) => (id === instrument?.id ? pick(instrument.title, this.language) : '') || undefined }) : null;
    // Said as the workspace says a refused change, with the events the server named as changed since.
    const why = this.refusalMessage(refusal, template);
    // Why it was kept stays said; that the case now takes it is what the button beside it offers.
    return `${ref}: ${what ? `${what}. ` : ''}${why}${again ? ` ${this.t('sync.again.now')}` : ''}`;
  }

  private async handleUnlock(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const field = form.querySelector<HTMLInputElement>('input[name="passphrase"]')!;
    const from = focusedElement();
    this.busy = true;
    let opened = false;
    try {
      opened = await this.client!.unlockDevice(field.value);
    } finally {
      this.busy = false;
    }
    if (opened) {
      form.reset();
      return;
    }
    await this.focusFieldToMend(from, 'input[name="passphrase"]');
  }

  /**
   * After a refusal, the field to mend gets the focus with its text selected, so it is typed over;
   * unless the person went on elsewhere while the answer came (`from`: the focus at the press).
   */
  private async focusFieldToMend(from: Element | null, selector: string): Promise<void> {
    await this.updateComplete;
    (moveFocusUnlessMoved(this.renderRoot, from, selector) as HTMLInputElement | null)?.select();
  }

  /** Once the change just made is drawn, moves the focus to what `selector` finds (when it is there). */
  private async focusOnceShown(selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  private async openPasswordChange(): Promise<void> {
    this.changing = { failure: null };
    this.passwordChanged = false;
    await this.focusOnceShown('input[name="current-password"]');
  }

  private async closePasswordChange(): Promise<void> {
    this.changing = null;
    await this.focusOnceShown('button.change-password');
  }

  private async handlePasswordChange(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const field = (name: string) => form.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
    const from = focusedElement();
    this.busy = true;
    let changed: Awaited<ReturnType<SyncClient['changePassword']>>;
    try {
      changed = await this.client!.changePassword(field('current-password').value, field('new-password').value);
    } finally {
      this.busy = false;
    }
    if (changed.ok) {
      this.passwordChanged = true;
      return this.closePasswordChange();
    }
    this.changing = { failure: changed };
    await this.focusFieldToMend(from, `input[name="${changed.code === 'current-password-wrong' ? 'current-password' : 'new-password'}"]`);
  }

  /** "I don't remember it": the device starts over with the new password, when nothing waits on it. */
  private async handleForgotPrevious(): Promise<void> {
    this.busy = true;
    try {
      if (await this.client!.startOverWithNewPassword()) return;
    } finally {
      this.busy = false;
    }
    await this.focusOnceShown('input[name="passphrase"]');
  }

  private async handleSignIn(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const field = (name: string) => form.querySelector<HTMLInputElement>(`input[name="${name}"]`)?.value ?? '';
    const from = focusedElement();
    this.busy = true;
    this.failure = null;
    const [email, password] = [field('email'), field('password')];
    let result = this.setUp ? await this.client!.enableSecondFactor(email, password, field('code')) : await this.client!.signIn(email, password, this.askCode ? field('code') : undefined);
    if (!result.ok && result.code === 'second-factor-setup-required') {
      // Set up here: the key for the app, then a code from it turns the second factor on and signs in.
      const started = await this.client!.setUpSecondFactor(email, password);
      if (started.ok) this.setUp = { secret: started.secret, uri: started.uri };
      else result = started;
    }
    this.busy = false;
    if (!result.ok) {
      this.failure = result;
      const codeAsked = result.code === 'second-factor-required' || result.code === 'second-factor-wrong' || result.code === 'second-factor-setup-required';
      if (codeAsked) this.askCode = true;
      await this.focusFieldToMend(from, codeAsked ? 'input[name="code"]' : 'input[name="password"]');
      return;
    }
    this.askCode = false;
    this.setUp = null;
    form.reset();
    this.dispatchEvent(new CustomEvent('cp-signed-in', { bubbles: true, composed: true, detail: { worker: result.worker } }));
  }

  /** A problem in the page's language (the English words when the code is not known). */
  private problemWords(code: SyncProblemCode | null | undefined, detail: string | null | undefined, english: string | null): string {
    return code ? this.t(`sync.problem.${code}`, { detail: detail ?? '', min: MIN_PASSPHRASE_LENGTH }) : (english ?? '');
  }

  /**
   * Why sync is paused, as a sentence: no connection, or what else stopped it (the server's answer
   * not understood, this device's storage full or failing), which the network is not.
   */
  private pausedBecause(s: SyncStatus): string {
    if (!s.problemCode || s.problemCode === 'offline' || s.problemCode === 'unreachable') return this.t('sync.offline');
    const words = this.problemWords(s.problemCode, s.problemDetail, s.problem);
    return asSentence(words, this.language);
  }

  /** While paused: when the server last answered (kept over reloads), so the person knows how old what they see may be. */
  private lastAnswer(s: SyncStatus): string {
    return s.lastSyncedAt ? `${this.t('sync.lastAnswer', { when: formatInstant(this.language, s.lastSyncedAt) })} ` : '';
  }

  /** Why the sign-in did not go through; a request for the code is said as it is. */
  private signInProblem(f: SignInFailure): string {
    const words = this.problemWords(f.code, f.detail, f.message);
    return f.code === 'second-factor-required' || f.code === 'second-factor-setup-required' ? words : this.t('sync.signInFailed', { reason: words });
  }

  /**
   * Marks a kept change reviewed, with what the worker did about it: stored on this device, then
   * sent; the list drops it once the server has it, and says it waits while the server does not answer.
   */
  private async handleReview(e: SubmitEvent, eventId: string): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const field = form.querySelector<HTMLInputElement>('input[name="resolution"]')!;
    const words = field.value.trim();
    const from = focusedElement();
    this.busy = true;
    let result: Awaited<ReturnType<SyncClient['resolveConflict']>>;
    try {
      result = await this.client!.resolveConflict(eventId, words);
    } finally {
      this.busy = false;
    }
    if (result.ok) {
      // Stored: the client's status brings the list again, without this one or with it waiting.
      this.reviewWords.delete(eventId);
      if (!result.sent) this.review = { text: this.t('sync.review.offline'), error: false, waiting: eventId };
      else if (result.firstBy) this.review = { text: this.t('sync.review.firstBy', { name: this.nameOf(result.firstBy.workerId) ?? result.firstBy.workerId, words }), error: false };
      else this.review = { text: this.t('sync.review.saved'), error: false };
      await this.focusSaid(from);
      return;
    }
    this.review = { text: result.code === 'resolution-missing' ? this.t('sync.review.missing') : this.t('sync.review.failed', { reason: result.detail ?? result.message }), error: true };
    // Its words stay as typed, to be mended rather than typed over.
    moveFocusUnlessMoved(form, from, 'input[name="resolution"]');
  }

  /** Kept changes recorded again from this list (or waiting in memory to be): not offered twice. */
  private readonly recordedAgain = new Set<string>();

  /**
   * Records a kept change again as it was (the same facts, with the id every press gives it, so
   * that two tabs pressed at once make one record), against the case as this device holds it,
   * then marks the kept one reviewed with words that say so (see ADR 0020).
   */
  private async handleAgain(shown: ConflictShown): Promise<void> {
    const again = shown.again;
    if (!again || this.busy) return;
    const from = focusedElement();
    this.busy = true;
    try {
      this.review = await this.recordAgainAndMark(shown.conflict, again);
    } finally {
      this.busy = false;
    }
    await this.focusSaid(from);
  }

  /** Lets go of a teammate's change whose review this worker can no longer send, once they have read it. */
  private async handleLetGo(eventId: string): Promise<void> {
    if (this.busy) return;
    const from = focusedElement();
    this.busy = true;
    try {
      await this.client!.replica.dropConflict(eventId);
      this.review = { text: this.t('sync.review.letGone'), error: false };
    } finally {
      this.busy = false;
    }
    await this.focusSaid(from);
  }

  /**
   * Recorded first: should marking fail, the record stands, and the change stays listed with why.
   * Returns what to say.
   */
  private async recordAgainAndMark(c: Conflict, again: NonNullable<ConflictShown['again']>): Promise<NonNullable<CpSync['review']>> {
    // Not offered again from here on: a list read while it is recorded must not bring the button back.
    this.recordedAgain.add(c.eventId);
    const result = await this.recordInStore({ caseId: c.caseId, baseSeq: again.baseSeq, drafts: [again.draft] });
    if (result.status !== 'saved') {
      // Refused or failed: nothing was recorded, so it may be tried again. Waiting in memory to
      // be stored ('pending'), it must not be pressed into a second record meanwhile.
      if (result.status !== 'pending') this.recordedAgain.delete(c.eventId);
      return { text: this.recordMessage(result), error: true };
    }
    const done = this.t('sync.again.done');
    const marked = await this.client!.resolveConflict(c.eventId, done);
    if (!marked.ok) return { text: `${done} ${this.t('sync.review.failed', { reason: marked.detail ?? marked.message })}`, error: true };
    if (!marked.sent) return { text: this.t('sync.again.offline'), error: false, waiting: c.eventId };
    if (marked.firstBy) return { text: `${done} ${this.t('sync.again.firstBy', { name: this.nameOf(marked.firstBy.workerId) ?? marked.firstBy.workerId })}`, error: false };
    return { text: this.t('sync.again.saved'), error: false };
  }

  /**
   * After a press under a kept change, the focus goes to what was said about it: the button or
   * field pressed leaves with the change (or its form), and the focus must not fall to the page's
   * start. Unless the worker went on elsewhere while it was sent (`from`: the focus at the press).
   */
  private async focusSaid(from: Element | null): Promise<void> {
    await this.updateComplete;
    moveFocusUnlessMoved(this.renderRoot, from, this.review?.error ? '.problem' : '.review-status');
  }

  /**
   * Signing out leaves what waits on this device, sent only when this worker signs in on it
   * again; so when something waits, the worker is told and asked first. Sync tries to send it
   * meanwhile, and the question says so when it went.
   */
  private async askSignOut(): Promise<void> {
    const s = this.status;
    if (s?.state === 'locked') {
      // The device's changes are sealed and nothing is sent while locked: counted from the store.
      this.waitingWhenLocked = await this.client!.replica.outboxCount();
      if (this.waitingWhenLocked === 0) return this.handleSignOut();
    } else if (!s || s.waiting + s.reviewsWaiting === 0) return this.handleSignOut();
    else this.client!.sendNow();
    this.signOutAsked = true;
    await this.focusOnceShown('.stay');
  }

  private async stayIn(): Promise<void> {
    this.signOutAsked = false;
    await this.focusOnceShown('.sign-out');
  }

  private async handleSignOut(): Promise<void> {
    const from = focusedElement();
    this.signOutAsked = false;
    this.askCode = false;
    this.setUp = null;
    this.failure = null;
    await this.client!.signOut();
    this.dispatchEvent(new CustomEvent('cp-signed-out', { bubbles: true, composed: true }));
    // The button pressed is gone: the focus goes where the next person at the device begins,
    // unless it went elsewhere meanwhile.
    await this.updateComplete;
    moveFocusUnlessMoved(this.renderRoot, from, 'input[name="email"]');
  }

  override render() {
    if (this.presence === 'checking') return html`<div part="base" aria-busy="true"></div>`;
    if (this.presence === 'none') return html`<div part="base"><p role="status">${this.t('sync.local')}</p></div>`;
    const s = this.status;
    if (s?.state === 'locked' && s.lock) {
      const label = s.lock === 'choose' ? 'sync.newPassphrase' : s.lock === 'previous-password' ? 'sync.previousPassword' : 'sync.password';
      const why = s.lock === 'choose' ? 'sync.unlockChoose' : s.lock === 'previous-password' ? 'sync.unlockPrevious' : 'sync.unlockAsk';
      return html`<div part="base">
        <form @submit=${this.handleUnlock} aria-labelledby="unlock-title" aria-describedby="unlock-why">
          <h2 id="unlock-title">${this.t('sync.unlockTitle')}</h2>
          ${s.worker ? html`<p>${this.t('sync.signedInAs', { name: s.worker.displayName })}</p>` : nothing}
          <p id="unlock-why">${this.lockedUnused !== null ? `${this.t('sync.lockedUnused', { count: this.lockedUnused })} ` : ''}${this.t(why)}</p>
          ${s.lock === 'choose' ? nothing : accountField(s.worker?.email)}
          <label
            >${this.t(label)}<input name="passphrase" type="password" autocomplete=${s.lock === 'choose' ? 'new-password' : 'current-password'} minlength=${s.lock === 'choose' ? MIN_PASSPHRASE_LENGTH : 1} required
          /></label>
          <button type="submit" ?disabled=${this.busy}>${this.t('sync.unlock')}</button>
          ${s.lock === 'previous-password'
            ? html`<p id="forgot-why">${this.t('sync.forgotPreviousHint')}</p>
                <button type="button" class="forgot" aria-describedby="forgot-why" ?disabled=${this.busy} @click=${this.handleForgotPrevious}>${this.t('sync.forgotPrevious')}</button>`
            : nothing}
          <p class="problem" role="alert">${this.problemWords(s.problemCode, s.problemDetail, s.problem)}</p>
        </form>
        ${s.worker ? this.signOutControls(this.waitingWhenLocked) : nothing}
      </div>`;
    }
    if (!s || s.state === 'signed-out' || !s.worker) {
      return html`<div part="base">
        <form @submit=${this.handleSignIn} aria-labelledby="sign-in-title">
          <h2 id="sign-in-title">${this.t('sync.signInTitle')}</h2>
          <label>${this.t('sync.email')}<input name="email" type="email" autocomplete="username" required /></label>
          <label>${this.t('sync.password')}<input name="password" type="password" autocomplete="current-password" required /></label>
          ${this.setUp
            ? html`<p>${this.t('sync.setUpKey')}: <code class="key">${readableKey(this.setUp.secret)}</code></p>
                <p><a href=${this.setUp.uri}>${this.t('sync.setUpLink')}</a></p>`
            : nothing}
          ${this.askCode
            ? html`<label>${this.t('sync.code')}<input name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required /></label>`
            : nothing}
          <button type="submit" ?disabled=${this.busy}>${this.t('sync.signIn')}</button>
          ${this.oidc ? html`<p class="oidc"><a href=${this.oidc.href}>${this.t('sync.signInWith', { label: this.oidc.label })}</a></p>` : nothing}
          <p class="problem" role="alert">${this.failure ? this.signInProblem(this.failure) : s ? this.problemWords(s.problemCode, s.problemDetail, s.problem) : ''}</p>
        </form>
      </div>`;
    }
    const toSend = s.waiting + s.reviewsWaiting;
    const waiting = toSend > 0 ? this.t('sync.waiting', { count: toSend }) : this.t('sync.allSent');
    return html`<div part="base">
      <p>${this.t('sync.signedInAs', { name: s.worker.displayName })}</p>
      <p role="status" data-state=${s.state}>${s.state === 'offline' ? `${this.pausedBecause(s)} ${this.lastAnswer(s)}` : ''}${waiting}</p>
      ${this.conflicts.length
        ? html`<div class="conflicts">
            <p role="alert">${this.t('sync.conflicts', { count: this.conflicts.length })}</p>
            <ul>
              ${this.conflicts.map(
                (c, i) => html`<li data-event=${c.conflict.eventId}>
                  <p class="kept" id="kept-${i}">${this.conflictWords(c)}</p>
                  ${this.reviewOf(c, i)}
                </li>`,
              )}
            </ul>
          </div>`
        : nothing}
      <p class="review-status" role="status" tabindex="-1">${this.review && !this.review.error ? this.review.text : ''}</p>
      <p class="problem" role="alert" tabindex="-1">${this.review?.error ? this.review.text : ''}</p>
      ${this.signOutControls(toSend)}
      ${this.deviceEncryption !== 'off' ? html`<button type="button" class="lock" @click=${() => void this.client!.lockDevice()}>${this.t('sync.lock')}</button>` : nothing}
      ${this.changing
        ? html`<form class="password-change" @submit=${this.handlePasswordChange} aria-labelledby="change-title">
            <h2 id="change-title">${this.t('sync.changePassword')}</h2>
            ${accountField(s.worker.email)}
            <label>${this.t('sync.currentPassword')}<input name="current-password" type="password" autocomplete="current-password" required /></label>
            <label
              >${this.t('sync.newPassword', { min: MIN_PASSPHRASE_LENGTH })}<input name="new-password" type="password" autocomplete="new-password" minlength=${MIN_PASSPHRASE_LENGTH} required
            /></label>
            <button type="submit" ?disabled=${this.busy}>${this.t('sync.changePassword')}</button>
            <button type="button" class="cancel" @click=${this.closePasswordChange}>${this.t('sync.cancel')}</button>
            <p class="problem" role="alert">${this.changing.failure ? this.problemWords(this.changing.failure.code, this.changing.failure.detail, this.changing.failure.message) : ''}</p>
          </form>`
        : html`<button type="button" class="change-password" @click=${this.openPasswordChange}>${this.t('sync.changePassword')}</button>`}
      <p class="password-changed" role="status">${this.passwordChanged ? this.t('sync.passwordChanged') : ''}</p>
    </div>`;
  }

  /** "Sign out", or, once pressed while `toSend` changes wait, the question and its two answers. */
  private signOutControls(toSend: number) {
    return this.signOutAsked
      ? html`<p class="sign-out-waits" role="alert">${toSend > 0 ? this.t('sync.signOutWaits', { count: toSend }) : this.t('sync.allSent')}</p>
          <button type="button" class="sign-out" @click=${this.handleSignOut}>${this.t(toSend > 0 ? 'sync.signOutAnyway' : 'sync.signOut')}</button>
          <button type="button" class="stay" @click=${this.stayIn}>${this.t('sync.stay')}</button>`
      : html`<button type="button" class="sign-out" @click=${this.askSignOut}>${this.t('sync.signOut')}</button>`;
  }

  /**
   * Under a kept change: its review waiting to be sent; or, when the case as it is now accepts
   * the change, a button to record it again as it was, and the form to mark it reviewed (with
   * the words the server would not take, and why, when it refused them).
   */
  private reviewOf(shown: ConflictShown, i: number) {
    const c = shown.conflict;
    const review = c.review;
    if (review?.notTheirs) {
      return html`<p class="review-refused" id="refused-${i}">${this.t('sync.review.notTheirs', { words: review.resolution })}</p>
        <button type="button" class="let-go" ?disabled=${this.busy} aria-describedby="kept-${i} refused-${i}" @click=${() => this.handleLetGo(c.eventId)}>${this.t('sync.review.letGo')}</button>`;
    }
    if (review && review.refused === null) return html`<p class="review-waits">${this.t('sync.review.waits', { words: review.resolution })}</p>`;
    const words = this.reviewWords.get(c.eventId) ?? review?.resolution ?? '';
    return html`${review ? html`<p class="review-refused" id="refused-${i}">${this.t('sync.review.failed', { reason: review.refused ?? '' })}</p>` : nothing}
                  ${shown.again ? html`<button type="button" class="again" ?disabled=${this.busy} aria-describedby="kept-${i}" @click=${() => this.handleAgain(shown)}>${this.t('sync.again.record')}</button>` : nothing}
                  <form class="review" @submit=${(e: SubmitEvent) => this.handleReview(e, c.eventId)}>
                    <label>${this.t('sync.review.what')}<input
                        name="resolution"
                        required
                        maxlength="2000"
                        autocomplete="off"
                        aria-describedby="kept-${i}${review ? ` refused-${i}` : ''}"
                        .value=${words}
                        @input=${(e: InputEvent) => this.reviewWords.set(c.eventId, (e.target as HTMLInputElement).value)}
                      /></label>
                    <button type="submit" ?disabled=${this.busy} aria-describedby="kept-${i}">${this.t('sync.review.done')}</button>
                  </form>`;
  }

  /**
   * Another tab locked the records (signing out, or "Lock"): this one asks for the password too,
   * also when it was just opening them (locked, nothing asked yet), or it would show the worker
   * signed in over records it cannot read.
   */
  protected override storeChanged(): void {
    const client = this.client;
    const asking = () => client!.status.state === 'locked' && client!.status.lock !== null;
    if (!client?.status.worker || client.status.state === 'signed-out' || asking()) return;
    void (this.store as IdbCaseStore).protectionState().then((state) => {
      if (state === 'locked' && !asking()) void client.lockDevice();
    });
  }
}
