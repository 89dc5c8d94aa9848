import * as z from 'zod/mini';
import { roleWorksOnCases } from '../internal/directory.js';
import { isHandedOver } from '../internal/handed-over.js';
import { MIN_PASSWORD_LENGTH } from '../internal/password-rules.js';
import { DeviceLockedError, WrongPassphraseError, type IdbCaseStore } from '../storage/idb-case-store.js';
import { Replica, waitsToBeSent, type PullAnswer } from '../storage/replica.js';
import type { SyncLink } from '../storage/casepath-db.js';

/** The signed-in worker, as the server describes them. */
export const SyncWorker = z.object({
  id: z.string(),
  displayName: z.string(),
  role: z.string(),
  providerId: z.nullable(z.string()),
  organisationId: z.string(),
  active: z.optional(z.boolean()),
  /** The e-mail they sign in with (the signed-in worker's own, from the server's sign-in and session answers). */
  email: z.optional(z.string()),
});
export type SyncWorker = z.infer<typeof SyncWorker>;

const PushReply = z.object({
  results: z.array(
    z.union([
      z.object({ id: z.string(), caseId: z.string(), status: z.literal('accepted'), seq: z.number() }),
      z.object({ id: z.string(), caseId: z.string(), status: z.literal('conflict'), rule: z.string(), reason: z.string(), changedBy: z.array(z.string()) }),
    ]),
  ),
});
const PullReply = z.object({
  events: z.array(z.unknown()),
  backfill: z.array(z.unknown()),
  revoked: z.array(z.string()),
  /** Cases erased at the person's request (servers before schema 8 do not send it). */
  erased: z._default(z.array(z.string()), []),
  conflicts: z.array(z.object({ eventId: z.string(), caseId: z.string(), event: z.unknown(), rule: z.string(), reason: z.string(), changedBy: z.array(z.string()), createdAt: z.string(), resolvedAt: z.optional(z.nullable(z.string())) })),
  cursor: z.string(),
  more: z.boolean(),
  reset: z.boolean(),
  /** The worker's role now (servers before role changes do not send it). */
  role: z.optional(z.string()),
  /** The worker's provider now (older servers do not send it). */
  providerId: z.optional(z.nullable(z.string())),
});
/** Roles whose pulls carry the kept changes of the provider's cases, not only their own (the server's rule). */
const LEAD_ROLES = ['coordinator', 'supervisor'];
const ErrorReply = z.object({ error: z.string(), message: z.string() });

/**
 * Where sync stands. `offline`: it is not syncing now and tries again by itself; what waits stays
 * on this device, and {@link SyncStatus.problemCode} says why (no network, the server not
 * answering, an answer not understood, this device's storage failing).
 */
export type SyncState = 'signed-out' | 'locked' | 'syncing' | 'online' | 'offline';

/**
 * Why the records on this device wait for a passphrase (state `locked`): the page was reloaded
 * (`passphrase`), the worker's password changed since the device was sealed (`previous-password`),
 * or the device has no passphrase yet and the sign-in gave none (`choose`, after single sign-on).
 */
export type DeviceLock = 'passphrase' | 'previous-password' | 'choose';

/**
 * What went wrong, as a code a widget says in its language (`sync.problem.<code>` in the staff
 * words); {@link SyncStatus.problem} and a failed sign-in's `message` say it in English.
 */
export type SyncProblemCode =
  | 'offline'
  | 'unreachable'
  | 'unreachable-locked'
  | 'session-ended'
  | 'other-worker-waiting'
  | 'other-worker-waiting-named'
  | 'previous-password-needed'
  // Changing one's own password, as the server answered it.
  | 'current-password-wrong'
  | 'password-same'
  | 'password-too-short'
  | 'passphrase-too-short'
  | 'wrong-passphrase'
  | 'device-locked'
  | 'device-other-worker'
  | 'device-damaged'
  | 'storage'
  | 'storage-full'
  | 'store-failed'
  | 'protocol'
  // Sign-in, as the server answered it.
  | 'bad-credentials'
  | 'account-locked'
  | 'account-off'
  | 'no-account'
  | 'oidc-failed'
  | 'oidc-unreachable'
  | 'sign-in-expired'
  | 'too-many-requests'
  | 'second-factor-required'
  | 'second-factor-wrong'
  | 'second-factor-setup-required'
  | 'sign-in-failed'
  // An account that works on no cases (an analyst's, an administrator's): nothing to sync here.
  | 'no-cases';

/** The server's error codes at sign-in that a widget says in its own words. */
const SIGN_IN_PROBLEMS: Readonly<Record<string, SyncProblemCode>> = {
  'bad-credentials': 'bad-credentials',
  locked: 'account-locked',
  'account-off': 'account-off',
  // Through the organisation's identity provider (sent back to the page as `sign-in-refused`).
  'no-account': 'no-account',
  'oidc-failed': 'oidc-failed',
  'oidc-unreachable': 'oidc-unreachable',
  'sign-in-expired': 'sign-in-expired',
  'too-many-requests': 'too-many-requests',
  'second-factor-required': 'second-factor-required',
  'second-factor-wrong': 'second-factor-wrong',
  'second-factor-setup-required': 'second-factor-setup-required',
};

/** The server's error codes when a worker changes their own password, said in a widget's words. */
const PASSWORD_CHANGE_PROBLEMS: Readonly<Record<string, SyncProblemCode>> = {
  ...SIGN_IN_PROBLEMS,
  'bad-credentials': 'current-password-wrong',
  'same-password': 'password-same',
  unauthenticated: 'session-ended',
};

/** What the status says in English for each problem this client finds itself. */
const ENGLISH: Partial<Record<SyncProblemCode, (detail: string) => string>> = {
  offline: () => 'the device is offline; changes wait on it and are sent when the network is back',
  unreachable: () => 'the server cannot be reached; changes wait on this device and are sent when it answers',
  'unreachable-locked': () => 'the server cannot be reached; open the records on this device to work on them',
  'session-ended': () => 'the session ended; sign in again to send what waits on this device',
  'other-worker-waiting': () => 'another worker’s records on this device have not been sent yet; they need to sign in here first, so that nothing of theirs is lost',
  'other-worker-waiting-named': (who) => `another worker’s records on this device have not been sent yet; they need to sign in here first, so that nothing of theirs is lost (they open with the password of: ${who})`,
  'previous-password-needed': () => 'your work waits here to be sent, sealed with your previous password; only it opens that work, so enter it',
  'password-too-short': () => `the new password is too short: use at least ${MIN_PASSPHRASE_LENGTH} characters`,
  'passphrase-too-short': () => `the passphrase is too short: use at least ${MIN_PASSPHRASE_LENGTH} characters`,
  storage: (detail) => `this device could not open its records (${detail}); nothing was changed, try again`,
  'storage-full': (detail) => `this device is out of space (${detail}); free some space; nothing on it is lost, and sync tries again`,
  'store-failed': (detail) => `this device could not store what it synced (${detail}); nothing on it is lost, and sync tries again`,
  'no-cases': () => 'this account does not work on cases (it is an analyst’s or an administrator’s), so nothing is kept on this device; sign in here with an account that works on cases',
};

/**
 * Whether a worker's role works on cases (a role of the vocabulary other than the client's), as the
 * server's pull decides: an analyst or an administrator has no cases to sync, and a device is not
 * sealed with their password nor linked to them.
 */
function worksOnCases(worker: SyncWorker): boolean {
  return roleWorksOnCases(worker.role);
}

/** What the status says in English for a refusal by the identity provider's sign-in (its page says it in its language). */
const OIDC_ENGLISH: Readonly<Record<string, string>> = {
  'no-account': 'there is no Casepath account for this e-mail address in this organisation; ask an administrator',
  'oidc-failed': 'the organisation’s sign-in service sent an answer that was not accepted; try again',
  'account-off': 'this account is turned off; if you still work here, ask an administrator to turn it on',
  locked: 'this account is locked after too many wrong tries; wait up to 15 minutes and try again, or ask an administrator',
  'sign-in-expired': 'the sign-in took longer than ten minutes; start it again',
  'oidc-unreachable': 'the organisation’s sign-in service does not answer; sign in with your password, or try again later',
};

/**
 * Why a sign-in through the organisation's identity provider was refused, from the code the server
 * put in the address it sent the person back to (`sign-in-refused`); null for none. A code this
 * version does not know (a newer server's) is said as the server's refusal, with the code. The
 * address is anyone's to write, so nothing but a code is ever shown: a link carrying a sentence
 * ("call this number") says nothing.
 */
export function signInRefusal(code: string | null): SignInFailure | null {
  if (!code || !/^[a-z][a-z-]{0,39}$/.test(code)) return null;
  if (!Object.hasOwn(OIDC_ENGLISH, code)) return failure(problem('sign-in-failed', code, `the server refused (${code})`));
  return failure(problem(SIGN_IN_PROBLEMS[code]!, null, OIDC_ENGLISH[code]));
}

/** A problem for the status, in English and as a code; `message` when it has its own words (an error's, the server's). */
function problem(code: SyncProblemCode, detail: string | null = null, message?: string): Pick<SyncStatus, 'problem' | 'problemCode' | 'problemDetail'> {
  return { problem: message ?? ENGLISH[code]?.(detail ?? '') ?? detail ?? code, problemCode: code, problemDetail: detail };
}

const NO_PROBLEM = { problem: null, problemCode: null, problemDetail: null } as const;

/**
 * A kept change not marked reviewed: nothing said of what was done, the server's refusal
 * (`detail`, its words; the review stays on this device with them), or this device could not
 * store it (`detail`, the browser's words).
 */
export type ReviewFailure = { ok: false; code: 'resolution-missing' | 'refused' | 'storage'; message: string; detail: string | null };

/**
 * A kept change marked reviewed: the server has it (`sent`; the device lets the change go), or it
 * waits on this device and is sent when the server answers (`sent: false`). `firstBy`: someone
 * else had marked it reviewed first; their words stand and these were not recorded.
 */
export type ReviewMarked = { ok: true; sent: true; firstBy?: { workerId: string; at: string } } | { ok: true; sent: false };

/** What became of sending one review. */
type ReviewSent =
  | { kind: 'taken' }
  | { kind: 'first-by'; workerId: string; at: string }
  | { kind: 'refused'; message: string }
  | { kind: 'signed-out' }
  /** Not answered (`error`, the network's) or not now (the server busy or failing): sent again later. */
  | { kind: 'waits'; error: unknown }
  /** The device no longer holds the change: a pull let it go, reviewed elsewhere. */
  | { kind: 'gone' };

const AlreadyReviewed = z.object({ error: z.literal('already-reviewed'), resolvedBy: z.string(), resolvedAt: z.string() });

/** A sign-in that did not go through: why in English (`message`) and as a code. */
export type SignInFailure = { ok: false; message: string; code: SyncProblemCode; detail: string | null };

/** The shortest passphrase a worker may choose for a device's records. */
export const MIN_PASSPHRASE_LENGTH = MIN_PASSWORD_LENGTH;

export interface SyncStatus {
  state: SyncState;
  worker: SyncWorker | null;
  /** Events recorded here that the server has not confirmed yet. */
  waiting: number;
  /** Changes the server kept for review. */
  conflicts: number;
  /** Of those, marked reviewed here and not yet sent. */
  reviewsWaiting: number;
  /** When the server last answered this device (kept over reloads): how old what it shows may be. */
  lastSyncedAt: string | null;
  /** What went wrong last, in plain English words (the server's message when it sent one). */
  problem: string | null;
  /** The same as a code, for saying it in the page's language ({@link SyncProblemCode}). */
  problemCode?: SyncProblemCode | null;
  /** For `storage`, `protocol` and `sign-in-failed`: what the browser or the server said (English). */
  problemDetail?: string | null;
  /** While `locked`: what the person is asked for. */
  lock?: DeviceLock | null;
}

/** The most events sent in one push (the server takes up to 1,000). */
const PUSH_BATCH = 200;
/** Events a pull page may carry: large pages make a new device's first pull fast. */
const PULL_PAGE = 5000;
/** How long a pull waits on the server for something new (long polling). */
const PULL_WAIT_SECONDS = 25;

/** Thrown for answers that are not what the protocol says; the sync stops and says so. */
export class SyncProtocolError extends Error {
  override readonly name = 'SyncProtocolError';
}

/** The request did not reach the server, or its answer did not arrive (the network, not this device). */
class ServerUnreachableError extends Error {
  override readonly name = 'ServerUnreachableError';
}

/** What to tell the person when this device's storage failed while opening its records. */
function storageProblem(error: unknown) {
  return problem('storage', (error as Error).message);
}

/** A device whose records another worker, a lock or a damaged key keeps closed. */
function lockedProblem(error: DeviceLockedError) {
  return problem(`device-${error.why}`, null, error.message);
}

/**
 * Why a push or pull failed, for the person: the network (or the browser offline), an answer
 * not understood, or this device's storage (full, locked, failing), which is not the network.
 */
function syncProblem(error: unknown) {
  if (error instanceof SyncProtocolError) return problem('protocol', error.message, error.message);
  if (error instanceof ServerUnreachableError) return problem(typeof navigator !== 'undefined' && navigator.onLine === false ? 'offline' : 'unreachable');
  if (error instanceof DeviceLockedError) return lockedProblem(error);
  // Chromium's QuotaExceededError has no message: its name says it then.
  const detail = error instanceof Error ? error.message || error.name : String(error);
  return problem(error instanceof DOMException && error.name === 'QuotaExceededError' ? 'storage-full' : 'store-failed', detail);
}

const failure = (p: Pick<SyncStatus, 'problem' | 'problemCode' | 'problemDetail'>): SignInFailure => ({ ok: false, message: p.problem!, code: p.problemCode!, detail: p.problemDetail ?? null });

function randomDeviceId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return `dev-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Keeps a device's IndexedDB a working offline replica of a Casepath server: signs in, pushes
 * what waits in the outbox, and pulls what others recorded (long polling), resuming from its
 * cursor after days offline. Every answer is checked with zod; every change to the database is
 * one transaction, cursor included, so stopping at any moment loses and repeats nothing.
 *
 * @example
 * ```ts
 * const sync = new SyncClient(caseStoreFor('open-doors'), 'https://cases.example.org');
 * await sync.signIn('ewa@example.org', password);
 * sync.status; //=> { state: 'online', waiting: 0, conflicts: 0, … }
 * ```
 */
export class SyncClient {
  status: SyncStatus = { state: 'signed-out', worker: null, waiting: 0, conflicts: 0, reviewsWaiting: 0, lastSyncedAt: null, ...NO_PROBLEM };
  private readonly listeners = new Set<(s: SyncStatus) => void>();
  private running = false;
  /**
   * Counts starts and stops of syncing. A push or pull answered after the session it was sent in
   * stopped (signed out, and maybe in again, while it was on its way) speaks for no one now: its
   * 401 must not end the new session, nor its error or success set the status.
   */
  private generation = 0;
  private pushing: Promise<void> | null = null;
  private pushAgain = false;
  private pullAbort: AbortController | null = null;
  private unsubscribe: (() => void) | null = null;
  private backoff = 1000;
  /** Ends the wait before the next try, when the browser says it is online again. */
  private wake: (() => void) | null = null;
  private readonly handleOnline = () => {
    this.backoff = 1000;
    this.wake?.();
    this.schedulePush();
  };
  /** The browser lost the network: end the long poll now and say so, rather than when it times out. */
  private readonly handleOffline = () => {
    this.pullAbort?.abort();
    this.set({ state: 'offline', ...problem('offline') });
  };

  private readonly fetchImpl: typeof fetch;
  private readonly live: boolean;
  /** Resumed without the server: the worker is the link's, not confirmed by the server this time. */
  private offline = false;
  private readonly deviceEncryption: boolean;
  /** The password just typed, kept until the device's passphrase is changed to it (`previous-password`). */
  private newPassword: string | null = null;
  /** The sync side of the store: link, outbox, conflicts. */
  readonly replica: Replica;

  constructor(
    readonly store: IdbCaseStore,
    /** Where the server is: '' for the page's own origin, or an absolute URL. */
    readonly server: string,
    options: {
      fetch?: typeof fetch;
      /** Push on every change and pull continuously once signed in (default); false: only `syncOnce`. */
      live?: boolean;
      /**
       * Seal this device's records with the worker's password (default true): see
       * docs/security.md. False keeps them as they are, for an organisation that decided so.
       */
      deviceEncryption?: boolean;
    } = {},
  ) {
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.live = options.live ?? true;
    this.deviceEncryption = options.deviceEncryption ?? true;
    this.replica = new Replica(store);
  }

  subscribe(listener: (s: SyncStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(patch: Partial<SyncStatus>): void {
    // While the records are locked, only opening them or signing out ends it, not a sync in flight.
    if (this.status.state === 'locked' && this.status.lock && patch.state !== undefined && patch.state !== 'signed-out' && patch.lock !== null) {
      patch = { ...patch };
      delete patch.state;
    }
    this.status = { ...this.status, ...patch };
    for (const l of this.listeners) l(this.status);
  }

  private async call(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<{ status: number; json: unknown }> {
    let res: Response;
    let text: string;
    try {
      res = await this.fetchImpl(`${this.server}${path}`, {
        method,
        credentials: 'same-origin',
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(signal ? { signal } : {}),
      });
      text = await res.text();
    } catch (error) {
      // The network, or a wait this client ended (stopping, or the browser went offline).
      throw new ServerUnreachableError((error as Error).message);
    }
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      throw new SyncProtocolError(`the server answered ${res.status} with something that is not JSON`);
    }
    return { status: res.status, json };
  }

  private problemOf(json: unknown, fallback: string): string {
    const e = ErrorReply.safeParse(json);
    return e.success ? e.data.message : fallback;
  }

  /** A request of the sign-in family: the server's answer when it is what was expected, else why not. */
  private async ask<T>(path: string, body: unknown, answer: z.ZodMiniType<T>, problems = SIGN_IN_PROBLEMS): Promise<{ ok: true; value: T } | SignInFailure> {
    let r: { status: number; json: unknown };
    try {
      r = await this.call('POST', path, body);
    } catch (error) {
      // An answer that is not JSON (a proxy's error page) came from somewhere: not the network.
      if (error instanceof SyncProtocolError) return failure(problem('protocol', error.message, error.message));
      return failure(problem('unreachable', null, `the server cannot be reached (${(error as Error).message})`));
    }
    const value = answer.safeParse(r.json);
    if (r.status === 200 && value.success) return { ok: true, value: value.data };
    const e = ErrorReply.safeParse(r.json);
    const known = e.success ? problems[e.data.error] : undefined;
    const message = this.problemOf(r.json, `sign-in failed (${r.status})`);
    return failure(known ? problem(known, null, message) : problem('sign-in-failed', message, message));
  }

  /**
   * Signs in and starts syncing; the database becomes a replica of this server. `code`: the
   * current code of the worker's authenticator app, when the server asks for it
   * (`second-factor-required`).
   */
  async signIn(email: string, password: string, code?: string): Promise<{ ok: true; worker: SyncWorker } | SignInFailure> {
    const signedIn = await this.ask('/api/auth/sign-in', { email, password, ...(code ? { code } : {}) }, z.object({ worker: SyncWorker }));
    return signedIn.ok ? this.takeSession(signedIn.value.worker, password) : signedIn;
  }

  /**
   * Starts setting up a second factor, when the organisation requires one and the account has
   * none yet (`second-factor-setup-required`): the key to add to an authenticator app, and its
   * `otpauth://` address. Then {@link enableSecondFactor} with a code from the app.
   */
  async setUpSecondFactor(email: string, password: string): Promise<{ ok: true; secret: string; uri: string } | SignInFailure> {
    const started = await this.ask('/api/auth/second-factor/setup', { email, password }, z.object({ secret: z.string().check(z.regex(/^[A-Z2-7]+=*$/)), uri: z.string().check(z.startsWith('otpauth://')) }));
    return started.ok ? { ok: true, ...started.value } : started;
  }

  /** Turns the second factor on with a code from the app, which signs in (as {@link signIn}). */
  async enableSecondFactor(email: string, password: string, code: string): Promise<{ ok: true; worker: SyncWorker } | SignInFailure> {
    const enabled = await this.ask('/api/auth/second-factor/enable', { email, password, code }, z.object({ secondFactor: z.literal('on'), worker: SyncWorker }));
    return enabled.ok ? this.takeSession(enabled.value.worker, password) : enabled;
  }

  /** The server's session is this device's: its records open with the password, and sync starts. */
  private async takeSession(worker: SyncWorker, password: string): Promise<{ ok: true; worker: SyncWorker } | SignInFailure> {
    if (!worksOnCases(worker)) {
      // Nothing of this account is kept here: its server session ends at once.
      await this.call('POST', '/api/auth/sign-out', {}).catch(() => undefined);
      return failure(problem('no-cases'));
    }
    try {
      const opened = await this.openDevice(worker, password);
      if (opened !== true) return opened;
      await this.begin(worker);
    } catch (error) {
      // The device could not take the session: the server's ends too, so nothing was changed.
      await this.signOut().catch(() => undefined);
      return failure(storageProblem(error));
    }
    return { ok: true, worker };
  }

  /**
   * Opens (or, the first time, seals) this device's records with the password just accepted by
   * the server. True when open; else the device waits for a passphrase (`locked`), or another
   * worker's records that were not sent yet keep this one out.
   */
  private async openDevice(worker: SyncWorker, password: string): Promise<true | { ok: true; worker: SyncWorker } | SignInFailure> {
    if (!this.deviceEncryption) return true;
    const state = await this.store.protectionState();
    if (state === 'off') {
      await this.store.protect(worker.id, password);
      return true;
    }
    if (state === 'open') {
      if (!(await this.store.hasPassphrase(worker.id))) await this.store.setPassphrase(worker.id, password);
      return true;
    }
    if (!(await this.store.hasPassphrase(worker.id))) {
      // Sealed by another worker: their records open only with their password. When none of
      // their work waits to be sent, the device starts over for this worker (the server has the rest).
      if (await this.store.startOver(worker.id, password)) return true;
      // Named from the organisation's directory while the session lasts, so the worker knows whom to ask.
      const directory = await this.workers();
      const names = (await Promise.all(directory.map(async (w) => ((await this.store.hasPassphrase(w.id)) ? [w.displayName] : [])))).flat();
      await this.signOut();
      const waiting = names.length > 0 ? problem('other-worker-waiting-named', names.join(', ')) : problem('other-worker-waiting');
      this.set(waiting);
      return failure(waiting);
    }
    try {
      await this.store.unlock(worker.id, password);
      return true;
    } catch (error) {
      if (!(error instanceof WrongPassphraseError)) throw error;
      this.newPassword = password;
      this.set({ worker, state: 'locked', lock: 'previous-password', ...NO_PROBLEM });
      return { ok: true, worker };
    }
  }

  /**
   * Opens the records with the passphrase the person typed (state `locked`): their password, or
   * the previous one after a change, or a new one to seal them with (`choose`); then syncs.
   * False, with `problem` saying why, when it does not open them.
   */
  async unlockDevice(passphrase: string): Promise<boolean> {
    const { worker, lock } = this.status;
    const label = worker?.id ?? (await this.replica.link())?.workerId;
    if (!label || !lock) return false;
    try {
      if (lock === 'choose') {
        if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
          this.set(problem('passphrase-too-short'));
          return false;
        }
        await this.store.protect(label, passphrase);
      } else await this.store.unlock(label, passphrase);
    } catch (error) {
      // A wrong passphrase, none of this worker's on a device another worker sealed, or the
      // browser's storage failing: said, not thrown (a form is never left waiting).
      this.set(
        error instanceof WrongPassphraseError
          ? problem('wrong-passphrase', null, error.message)
          : error instanceof DeviceLockedError
            ? lockedProblem(error)
            : storageProblem(error),
      );
      return false;
    }
    try {
      if (lock === 'previous-password' && this.newPassword !== null) await this.store.setPassphrase(label, this.newPassword);
      await this.opened(worker);
    } catch (error) {
      if (!(error instanceof DeviceLockedError)) throw error;
      // Locked again while sync was starting (signed out or locked in another tab): the form asks
      // again, rather than the page showing the worker signed in over records it cannot read.
      if (this.status.state !== 'signed-out') this.set({ state: 'locked', lock: lock === 'choose' ? 'passphrase' : lock, ...NO_PROBLEM });
      return false;
    }
    return true;
  }

  /** The records are open again: sync goes on as the worker (offline, when it was), or waits for the server. */
  private async opened(worker: SyncWorker | null): Promise<void> {
    this.newPassword = null;
    this.set({ lock: null, ...NO_PROBLEM });
    if (worker && this.offline) await this.workOffline(worker);
    else if (worker) await this.begin(worker);
    else this.set({ state: 'offline', lock: null });
  }

  /**
   * Changes the signed-in worker's password on the server, their current one asked again; then
   * the records on this device open with the new one. Their other devices ask once for the
   * previous one (`previous-password`). Nothing changes when it fails, said by `code`.
   */
  async changePassword(current: string, next: string): Promise<{ ok: true } | SignInFailure> {
    const worker = this.status.worker;
    if (!worker) return failure(problem('session-ended'));
    if (next.length < MIN_PASSPHRASE_LENGTH) return failure(problem('password-too-short'));
    const changed = await this.ask('/api/auth/password', { password: current, newPassword: next }, z.object({ passwordChanged: z.literal(true) }), PASSWORD_CHANGE_PROBLEMS);
    if (!changed.ok) return changed;
    // Open here: the new password opens the records from now on. Were that not stored (the disk
    // failing), the previous one still opens them, asked once like on the worker's other devices.
    if (this.deviceEncryption && (await this.store.protectionState()) === 'open') await this.store.setPassphrase(worker.id, next).catch(() => undefined);
    return { ok: true };
  }

  /**
   * For a worker whose password was given anew (state `locked`, lock `previous-password`: an
   * administrator reset a forgotten one) who does not remember the previous one: when nothing of
   * theirs waits on this device, it starts over, sealed with the new password, and takes their
   * cases from the server again. False, with problem `previous-password-needed`, when something
   * waits: only the previous password opens it, so it stays here, sealed, for that password.
   */
  async startOverWithNewPassword(): Promise<boolean> {
    const { worker, lock } = this.status;
    const password = this.newPassword;
    if (!worker || lock !== 'previous-password' || password === null) return false;
    try {
      if (!(await this.store.startOver(worker.id, password))) {
        this.set(problem('previous-password-needed'));
        return false;
      }
    } catch (error) {
      this.set(storageProblem(error));
      return false;
    }
    await this.opened(worker);
    return true;
  }

  /**
   * Marks a change kept for review as reviewed, with what the worker did about it ("recorded it
   * again after the case reopened"): stored on this device first, then sent. Offline it waits
   * like any change and is sent when the server answers. Once the server has it, the device
   * forgets the change; the server keeps it and the words for the team, and the worker's other
   * devices drop it at their next pull.
   */
  async resolveConflict(eventId: string, resolution: string): Promise<ReviewMarked | ReviewFailure> {
    const words = resolution.trim();
    if (!words) return { ok: false, code: 'resolution-missing', message: 'say what you did about it', detail: null };
    try {
      if (!(await this.replica.markReviewed(eventId, words, new Date().toISOString()))) {
        const message = 'this change is no longer kept on this device: it was marked reviewed elsewhere';
        return { ok: false, code: 'refused', message, detail: message };
      }
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return { ok: false, code: 'storage', message: `this device could not store it (${detail})`, detail };
    }
    // Stored: whatever becomes of sending it now (the device locked meanwhile, say), it waits here.
    const sent = await this.sendReview(eventId).catch((error: unknown): ReviewSent => ({ kind: 'waits', error }));
    await this.refreshCounts().catch(() => undefined);
    switch (sent.kind) {
      case 'taken':
        return { ok: true, sent: true };
      case 'first-by':
        return { ok: true, sent: true, firstBy: { workerId: sent.workerId, at: sent.at } };
      case 'refused':
        return { ok: false, code: 'refused', message: sent.message, detail: sent.message };
      case 'gone': {
        const message = 'it was marked reviewed elsewhere meanwhile, and these words were not recorded';
        return { ok: false, code: 'refused', message, detail: message };
      }
      case 'signed-out':
        await this.signedOutByServer();
        return { ok: true, sent: false };
      case 'waits':
        return { ok: true, sent: false };
    }
  }

  /**
   * Sends of each kept change's review, one after another: the person's press and a sync cycle
   * share them, and each sends the words stored when its turn comes (none once the change is gone).
   */
  private readonly reviewSends = new Map<string, Promise<ReviewSent>>();

  private sendReview(eventId: string): Promise<ReviewSent> {
    const before = this.reviewSends.get(eventId)?.catch(() => null) ?? Promise.resolve(null);
    // A send that got through answers for the one queued behind it (the same words).
    const send = before.then((b) => (b?.kind === 'taken' || b?.kind === 'first-by' ? b : this.postReview(eventId)));
    this.reviewSends.set(eventId, send);
    const forget = () => {
      if (this.reviewSends.get(eventId) === send) this.reviewSends.delete(eventId);
    };
    send.then(forget, forget);
    return send;
  }

  private async postReview(eventId: string): Promise<ReviewSent> {
    const review = await this.replica.review(eventId);
    if (!review) return { kind: 'gone' };
    if (!waitsToBeSent(review)) return { kind: 'refused', message: review.refused ?? 'this worker no longer reviews the team’s changes on this case' };
    let r: { status: number; json: unknown };
    try {
      r = await this.call('POST', `/api/conflicts/${encodeURIComponent(eventId)}/resolve`, { resolution: review.resolution });
    } catch (error) {
      return { kind: 'waits', error };
    }
    if (r.status === 200 && z.object({ resolved: z.literal(eventId) }).safeParse(r.json).success) {
      await this.replica.dropConflict(eventId);
      return { kind: 'taken' };
    }
    const first = AlreadyReviewed.safeParse(r.json);
    if (r.status === 409 && first.success) {
      await this.replica.dropConflict(eventId);
      return { kind: 'first-by', workerId: first.data.resolvedBy, at: first.data.resolvedAt };
    }
    if (r.status === 401) return { kind: 'signed-out' };
    if (r.status === 429 || r.status >= 500) return { kind: 'waits', error: new SyncProtocolError(this.problemOf(r.json, `the server could not take the review now (${r.status})`)) };
    const message = r.status === 200 ? 'the server answered with something this version does not understand' : this.problemOf(r.json, `the server answered ${r.status}`);
    await this.replica.reviewRefused(eventId, message, review.resolution);
    return { kind: 'refused', message };
  }

  /**
   * Locks the records on this device now, in every tab (stepping away from a shared computer):
   * syncing stops until the password opens them again. Nothing is lost: what waits stays sealed.
   */
  async lockDevice(): Promise<void> {
    // Signed out meanwhile (an ended session keeps the worker, to name them): no unlock form to show.
    const mayLock = () => this.status.worker !== null && this.status.state !== 'signed-out' && this.deviceEncryption;
    if (!mayLock() || (await this.store.protectionState()) === 'off' || !mayLock()) return;
    this.stop();
    await this.store.lock({ everywhere: true });
    if (this.status.state !== 'signed-out') this.set({ state: 'locked', lock: 'passphrase', ...NO_PROBLEM });
  }

  /** Picks up a session the browser still has (after a reload); false when signed out. */
  async resume(): Promise<boolean> {
    try {
      // Who is signed in, null for nobody (not a 401 in every visitor's console); a server older
      // than /session is asked /me.
      let r = await this.call('GET', '/api/auth/session');
      if (r.status === 404) r = await this.call('GET', '/api/auth/me');
      const me = z.object({ worker: SyncWorker }).safeParse(r.json);
      if (r.status !== 200 || !me.success) return false;
      // A session of an account without cases (the administrator's, in this browser): not taken
      // here, and not ended either (it may be in use elsewhere on the site); a worker signs in.
      if (!worksOnCases(me.data.worker)) {
        this.set({ state: 'signed-out', worker: null, lock: null, ...problem('no-cases') });
        return false;
      }
      const lock = await this.lockOnResume();
      if (lock) {
        this.set({ worker: me.data.worker, state: 'locked', lock, ...NO_PROBLEM });
        return true;
      }
      await this.begin(me.data.worker);
      return true;
    } catch {
      // Offline with a linked database: keep working on the replica, sync when back.
      const link = await this.replica.link();
      if (!link || link.server !== this.server) return false;
      const lock = await this.lockOnResume();
      const worker = this.linkedWorker(link);
      this.offline = worker !== null;
      this.set({ lastSyncedAt: link.lastPulledAt ?? this.status.lastSyncedAt, worker });
      if (lock) this.set({ state: 'locked', lock, ...problem('unreachable-locked') });
      else if (worker) await this.workOffline(worker);
      else this.set({ state: 'offline', ...problem('unreachable') });
      return false;
    }
  }

  /** What a resumed session must ask before the records open: nothing, the passphrase, or a new one. */
  private async lockOnResume(): Promise<DeviceLock | null> {
    if (!this.deviceEncryption) return null;
    const state = await this.store.protectionState();
    if (state === 'open') return null;
    if (state === 'locked') return 'passphrase';
    return 'choose'; // signed in without a password (single sign-on), or before devices were sealed
  }

  private async begin(worker: SyncWorker): Promise<void> {
    const generation = this.generation;
    this.offline = false;
    const existing = await this.replica.link();
    const link = await this.replica.linkTo(this.server, worker.id, existing?.deviceId ?? randomDeviceId(), worker);
    // Signed out (or the session ended) while the link was written: that stands, nothing starts.
    if (generation !== this.generation) return;
    this.set({ worker, ...NO_PROBLEM, state: 'online', lock: null, lastSyncedAt: link.lastPulledAt ?? this.status.lastSyncedAt });
    if (this.live) this.start();
  }

  /**
   * Opened without the server (a reload on a train): the worker the server last confirmed here
   * works on the device, what waits is counted, and sync runs, trying the server again by itself
   * (and at once when the browser is online again). A session that ended meanwhile is said then.
   */
  private async workOffline(worker: SyncWorker): Promise<void> {
    const generation = this.generation;
    this.set({ worker, state: 'offline', lock: null, ...problem('unreachable') });
    await this.refreshCounts().catch(() => undefined);
    if (this.live && generation === this.generation) this.start();
  }

  /** The worker the sync link names, when it is the one the server last confirmed here. */
  private linkedWorker(link: SyncLink): SyncWorker | null {
    const known = SyncWorker.safeParse(link.worker);
    return known.success && known.data.id === link.workerId ? known.data : null;
  }

  /** The organisation's workers (names and roles), for showing people instead of ids; [] when it cannot be read. */
  async workers(): Promise<SyncWorker[]> {
    try {
      const r = await this.call('GET', '/api/workers');
      const reply = z.object({ workers: z.array(SyncWorker) }).safeParse(r.json);
      return r.status === 200 && reply.success ? reply.data.workers : [];
    } catch {
      return [];
    }
  }

  /** The organisation's providers by name, for showing names instead of ids; [] when they cannot be read. */
  async providers(): Promise<{ id: string; name: string }[]> {
    try {
      const r = await this.call('GET', '/api/providers');
      const reply = z.object({ providers: z.array(z.object({ id: z.string(), name: z.string() })) }).safeParse(r.json);
      return r.status === 200 && reply.success ? reply.data.providers : [];
    } catch {
      return [];
    }
  }

  async signOut(): Promise<void> {
    this.stop();
    try {
      await this.call('POST', '/api/auth/sign-out', {});
    } catch {
      /* the cookie ends with the session anyway */
    }
    // Signing out locks the records on this device, here and in the page's other tabs.
    await this.store.lock({ everywhere: true, signOut: true });
    this.newPassword = null;
    this.set({ state: 'signed-out', worker: null, lock: null });
  }

  /** Tries now to send what waits, as after each change (when syncing); the status counts what still waits. */
  sendNow(): void {
    this.schedulePush();
  }

  /** Starts pushing on every local change and pulling continuously. */
  start(): void {
    if (this.running) return;
    this.running = true;
    const generation = ++this.generation;
    this.unsubscribe = this.store.subscribe((change) => {
      if (change.caseId !== undefined && !change.refused) this.schedulePush();
      // A review marked or refused, maybe in another tab: counted (and listed) here too.
      if (change.reviews) void this.refreshCounts().catch(() => undefined);
    });
    if (typeof window !== 'undefined') {
      window.addEventListener('online', this.handleOnline);
      window.addEventListener('offline', this.handleOffline);
    }
    this.schedulePush();
    void this.pullLoop(generation);
  }

  stop(): void {
    this.running = false;
    this.generation++;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (typeof window !== 'undefined') {
      window.removeEventListener('online', this.handleOnline);
      window.removeEventListener('offline', this.handleOffline);
    }
    this.pullAbort?.abort();
    this.wake?.();
  }

  private schedulePush(): void {
    // Stopped (signed out, or the session ended): what waits stays for the next sign-in here.
    if (!this.running) return;
    if (this.pushing) {
      this.pushAgain = true;
      return;
    }
    const generation = this.generation;
    this.pushing = this.pushAll()
      .catch((error: unknown) => {
        if (generation === this.generation) this.wentWrong(error);
      })
      .finally(() => {
        this.pushing = null;
        if (this.pushAgain) {
          this.pushAgain = false;
          this.schedulePush();
        }
      });
  }

  private async refreshCounts(): Promise<void> {
    const conflicts = await this.replica.conflicts();
    this.set({ waiting: await this.replica.outboxCount(), conflicts: conflicts.length, reviewsWaiting: conflicts.filter((c) => waitsToBeSent(c.review)).length });
  }

  /** Sends everything that waits, in order, batch by batch; then reviews of kept changes marked here. */
  async pushAll(): Promise<void> {
    // A push of a session that has stopped since (signed out, maybe in again, while it waited for
    // the records or the server) sends nothing more and says nothing: the new session's own push
    // sends what waits. What the server answered it is applied all the same: those are facts.
    const generation = this.generation;
    const current = () => generation === this.generation;
    const link = await this.replica.link();
    if (!link) return;
    let sent = false;
    for (;;) {
      const batch = await this.replica.outboxBatch(PUSH_BATCH);
      if (batch.length === 0 || !current()) break;
      sent = true;
      this.set({ state: 'syncing' });
      const r = await this.call('POST', '/api/sync/push', { deviceId: link.deviceId, events: batch });
      // Refused with the session it was sent in: what it carried still waits, for the session now.
      if (r.status === 401) return current() ? this.signedOutByServer() : undefined;
      if (r.status !== 200) throw new SyncProtocolError(this.problemOf(r.json, `the server refused the push (${r.status})`));
      const answers = PushReply.safeParse(r.json);
      if (!answers.success) throw new SyncProtocolError('the server answered the push with something this version does not understand');
      await this.replica.applyPushAnswers(answers.data.results);
      if (current()) await this.refreshCounts();
    }
    // Kept changes marked reviewed while the server did not answer.
    for (const eventId of await this.replica.reviewsWaiting()) {
      if (!current()) return;
      sent = true;
      this.set({ state: 'syncing' });
      const review = await this.sendReview(eventId);
      if (review.kind === 'signed-out') return current() ? this.signedOutByServer() : undefined;
      if (review.kind === 'waits') throw review.error;
    }
    if (!current()) return;
    // Only what the server answered says it is reachable: with nothing to send, the status stays.
    if (sent) this.set({ state: 'online', ...NO_PROBLEM, lastSyncedAt: new Date().toISOString() });
    await this.refreshCounts();
  }

  private async fetchPage(cursor: string | null, wait: number, signal?: AbortSignal): Promise<z.infer<typeof PullReply> | null> {
    const generation = this.generation;
    const query = `?wait=${wait}&limit=${PULL_PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const r = await this.call('GET', `/api/sync/pull${query}`, undefined, signal);
    if (generation !== this.generation) return null;
    if (r.status === 401) {
      await this.signedOutByServer();
      return null;
    }
    if (r.status !== 200) throw new SyncProtocolError(this.problemOf(r.json, `the server refused the pull (${r.status})`));
    const page = PullReply.safeParse(r.json);
    if (!page.success) throw new SyncProtocolError('the server answered the pull with something this version does not understand');
    return page.data;
  }

  /**
   * Pulls pages until nothing more waits; with `wait`, the first request waits on the server.
   * The next page is fetched while the current one is being stored (a new device's first pull
   * is many pages); pages are stored in order, each with its cursor.
   */
  async pullAll(waitSeconds = 0, signal?: AbortSignal): Promise<void> {
    const generation = this.generation;
    const link = await this.replica.link();
    if (!link) return;
    let page = await this.fetchPage(link.cursor, waitSeconds, signal);
    while (page) {
      const next = page.more ? this.fetchPage(page.cursor, 0, signal) : null;
      // A failed prefetch is reported when it is awaited, not as an unhandled rejection.
      next?.catch(() => undefined);
      // Given another role, or moved to another provider, meanwhile: taken before the page's
      // cases show, so that whatever the worker records on them from then on says it, and the
      // cases they open are opened where they now work.
      const worker = this.status.worker;
      if (worker) {
        const now = { ...worker, role: page.role ?? worker.role, providerId: page.providerId === undefined ? worker.providerId : page.providerId };
        if (now.role !== worker.role || now.providerId !== worker.providerId) {
          await this.replica.linkTo(this.server, now.id, link.deviceId, now);
          // No longer a coordinator or supervisor: the team's kept changes are not theirs to review.
          if (!LEAD_ROLES.includes(now.role)) await this.replica.dropOthersConflicts(now.id);
          this.set({ worker: now });
        }
      }
      const pulledAt = await this.replica.applyPull(page as PullAnswer);
      if (generation !== this.generation) return;
      this.set({ state: 'online', ...NO_PROBLEM, lastSyncedAt: pulledAt });
      page = next ? await next : null;
    }
    await this.refreshCounts();
  }

  /**
   * Pushes everything waiting, then pulls everything new: for tests and a "sync now" button. When
   * it fails, the status says why and what waits, as when syncing by itself; the error is thrown.
   */
  async syncOnce(): Promise<void> {
    try {
      await this.pushAll();
      await this.pullAll(0);
    } catch (error) {
      this.set({ state: 'offline', ...syncProblem(error) });
      await this.refreshCounts().catch(() => undefined);
      throw error;
    }
  }

  private async pullLoop(generation: number): Promise<void> {
    // After a failure the next pull does not wait on the server: its answer says at once that
    // sync works again, rather than after a long poll with nothing new.
    let retrying = false;
    while (generation === this.generation) {
      this.pullAbort = new AbortController();
      try {
        await this.pullAll(retrying ? 0 : PULL_WAIT_SECONDS, this.pullAbort.signal);
        retrying = false;
        this.backoff = 1000;
        // Something may have waited while offline: try sending it now that the server answers
        // (the pull has just counted what waits).
        if (this.status.waiting > 0 || this.status.reviewsWaiting > 0) this.schedulePush();
      } catch (error) {
        if (generation !== this.generation) return;
        this.wentWrong(error);
        // Wait before trying again (longer each time), or until the browser is online again.
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => (this.wake = null, resolve()), this.backoff);
          this.wake = () => {
            clearTimeout(timer);
            this.wake = null;
            resolve();
          };
        });
        this.backoff = Math.min(this.backoff * 2, 30_000);
        retrying = true;
        this.schedulePush();
      }
    }
  }

  /** Sync stopped on an error: says why (the network, the server's answer, or this device), and tries again later. */
  private wentWrong(error: unknown): void {
    this.set({ state: 'offline', ...syncProblem(error) });
    void this.refreshCounts();
  }

  /**
   * The server ended the session (a password changed elsewhere, the account turned off, an
   * administrator's new password): as at "Sign out", the records lock, so that whoever signs in
   * next at this device does not find them open (another worker gets the device only as a
   * sign-out leaves it). Each tab locks as its own client learns it. A tab handed over to a person
   * keeps their view until the worker takes it back, which locks it then (`<cp-hand-over>`). What
   * the worker typed comes back when they sign in again (see `CasepathElement`).
   */
  private async signedOutByServer(): Promise<void> {
    this.stop();
    // Said first, so that the lock is not taken for another tab's, which asks for the password here.
    this.set({ state: 'signed-out', ...problem('session-ended') });
    if (!isHandedOver(this.store.organisation)) await this.store.lock().catch(() => undefined);
  }
}
