import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { getConnInfo } from '@hono/node-server/conninfo';
import { rateLimiter } from 'hono-rate-limiter';
import * as z from 'zod';
import { minLength, maxLength } from '@casepath/core';
import { createSession, endSession, setPassword, signInRecordOf, recordFailedSignIn, recordSignIn, secondFactorContext, sessionWorker, setPendingSecondFactor, useSecondFactorStep, workerEmail, workerForSignIn, type SignInRecord } from '../db/accounts.js';
import { SecretBox } from '../domain/secret-box.js';
import { checkSecondFactor, newSecondFactorSecret, secondFactorUri } from '../domain/second-factor.js';
import { decoyHash, hashPassword, NewPassword, verifyPassword } from '../domain/passwords.js';
import { ApiError, body, signedIn, type AppContext, type AppEnv } from './context.js';
import type { Worker } from '../domain/access.js';

export const SESSION_COOKIE = 'casepath_session';
type WorkerWithEmail = Worker & { email: string };
/** Failed sign-ins in a row before an account is locked, and for how long. */
export const LOCKOUT = { failures: 5, minutes: 15 } as const;

const SignIn = z.strictObject({
  email: z.email().check(maxLength(254)),
  password: z.string().check(minLength(1), maxLength(1024)),
  /** The 6-digit code of the authenticator app, for accounts with a second factor. */
  code: z.string().check(maxLength(16)).optional(),
});
const ChangePassword = z.strictObject({ password: z.string().check(minLength(1), maxLength(1024)), newPassword: NewPassword });
const Confirm = z.strictObject({ password: z.string().check(minLength(1), maxLength(1024)), code: z.string().check(maxLength(16)).optional() });
const Enrol = z.strictObject({ email: z.email().check(maxLength(254)), password: z.string().check(minLength(1), maxLength(1024)) });
const Enable = Enrol.extend({ code: z.string().check(maxLength(16)) });

/** The client's address, for rate limits: the socket's, or the proxy's header when configured. */
export function clientAddress(c: AppContext): string {
  if (c.get('deps').config.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // app.request() in tests has no socket
  }
}

/** Resolves the session cookie to a worker on every request (null when absent or expired). */
export async function resolveSession(c: AppContext, next: () => Promise<void>): Promise<void> {
  const token = getCookie(c, SESSION_COOKIE);
  const { db, config } = c.get('deps');
  c.set('worker', token ? await sessionWorker(db, token, config.sessionHours) : null);
  await next();
}

const noSecretKey = () =>
  new ApiError(503, { error: 'no-secret-key', message: 'this server has no key to keep second-factor secrets sealed (CASEPATH_SECRET_KEY); ask the administrator to set one' });

/** The account's second-factor secret in plain, opened with the server's key ('' when none is set up). */
function readSecret(c: AppContext, account: SignInRecord): string {
  const stored = account.totpSecret;
  if (!stored) return '';
  // One stored before the server had a key is sealed at the next start; until then it is read as it is.
  if (!SecretBox.isSealed(stored)) return stored;
  const { secrets, logger } = c.get('deps');
  if (!secrets) throw noSecretKey();
  try {
    return secrets.open(stored, secondFactorContext(account.worker.id));
  } catch (error) {
    // Changed in the database or copied from another account: no code can match it.
    logger.warn({ worker: account.worker.id, err: (error as Error).message }, 'second-factor secret does not open');
    return '';
  }
}

/** A wrong password or code of a worker already signed in is 403: a 401 would read as "sign in again". */
function sessionIsGood(error: unknown): never {
  throw error instanceof ApiError && error.status === 401 ? new ApiError(403, error.body) : error;
}

export function authRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Per address, per process, on each route that takes a password: a brake on guessing, so only
  // refused attempts count (a whole office signs in from one address at nine without meeting it).
  // The per-account lockout below is in the database, so it holds across server processes.
  const limit = () =>
    rateLimiter<AppEnv>({
      windowMs: 60_000,
      limit: 20,
      skipSuccessfulRequests: true,
      standardHeaders: 'draft-7',
      keyGenerator: (c) => clientAddress(c),
      handler: (c) => c.json({ error: 'too-many-requests', message: 'too many sign-in attempts from this address; wait a minute and try again' }, 429),
    });
  app.use('/sign-in', limit());
  app.use('/second-factor/*', limit());
  app.use('/password', limit());
  app.use('/confirm', limit());

  /**
   * The account behind an email and password, or an error: locked (423), 401 for an unknown email
   * or a wrong password alike (a wrong password counts towards lockout), 403 for the right
   * password of an account that was turned off (said only to whoever knows the password).
   */
  async function passwordAccount(c: AppContext, email: string, password: string): Promise<SignInRecord> {
    return checkPassword(c, await workerForSignIn(c.get('deps').db, email), password);
  }

  async function checkPassword(c: AppContext, account: SignInRecord | null, password: string): Promise<SignInRecord> {
    const { db, logger } = c.get('deps');
    if (account?.lockedUntil && account.lockedUntil > new Date()) {
      const minutes = Math.ceil((account.lockedUntil.getTime() - Date.now()) / 60_000);
      throw new ApiError(423, { error: 'locked', message: `this account is locked after ${LOCKOUT.failures} failed sign-ins; try again in ${minutes} minute(s), or ask an administrator` });
    }
    // Verify against a decoy when there is no account, so the time taken does not tell.
    const ok = await verifyPassword(account?.passwordHash ?? (await decoyHash()), password);
    if (!account || !ok) {
      if (account) await recordFailedSignIn(db, account.worker.id, LOCKOUT.failures, LOCKOUT.minutes);
      logger.info({ event: 'sign-in-failed', worker: account?.worker.id ?? null }, 'sign-in failed');
      throw new ApiError(401, { error: 'bad-credentials', message: 'the email or password is not right' });
    }
    if (account.disabled) {
      logger.info({ event: 'sign-in-refused', worker: account.worker.id, reason: 'turned-off' }, 'sign-in of an account turned off');
      throw new ApiError(403, { error: 'account-off', message: 'this account is turned off; if you still work here, ask an administrator to turn it on' });
    }
    return account;
  }

  /** Checks a code against the account's secret; a wrong or reused code counts towards lockout. */
  async function secondFactor(c: AppContext, account: SignInRecord, code: string): Promise<void> {
    const { db, logger } = c.get('deps');
    const checked = checkSecondFactor(readSecret(c, account), code.trim(), account.totpLastStep);
    if (!checked.ok || !(await useSecondFactorStep(db, account.worker.id, checked.step))) {
      await recordFailedSignIn(db, account.worker.id, LOCKOUT.failures, LOCKOUT.minutes);
      logger.info({ event: 'second-factor-failed', worker: account.worker.id }, 'second factor failed');
      const reused = checked.ok || checked.reason === 'reused';
      throw new ApiError(401, { error: 'second-factor-wrong', message: reused ? 'this code was used already; wait for the next one' : 'the code is not right; use the current 6-digit code of your authenticator app' });
    }
  }

  /** Starts a session for an account that proved who it is: the cookie, and who signed in. */
  async function startSession(c: AppContext, account: SignInRecord, secondFactor: boolean): Promise<{ worker: WorkerWithEmail }> {
    const { db, config, logger } = c.get('deps');
    await recordSignIn(db, account.worker.id);
    const token = await createSession(db, account.worker.id, config.sessionHours);
    setCookie(c, SESSION_COOKIE, token, { httpOnly: true, secure: config.secureCookies, sameSite: 'Strict', path: '/', maxAge: config.sessionHours * 3600 });
    logger.info({ event: 'sign-in', worker: account.worker.id, secondFactor }, 'signed in');
    return { worker: { ...account.worker, email: account.email } };
  }

  app.post('/sign-in', async (c) => {
    const { email, password, code } = await body(c, SignIn);
    const account = await passwordAccount(c, email, password);
    if (account.totpEnabled) {
      if (!code) throw new ApiError(401, { error: 'second-factor-required', message: 'enter the 6-digit code from your authenticator app' });
      await secondFactor(c, account, code);
    } else if (account.secondFactorRequired) {
      throw new ApiError(403, { error: 'second-factor-setup-required', message: 'your organisation requires a second factor: set one up (POST /api/auth/second-factor/setup, then /enable with a code, which signs you in)' });
    }
    return c.json(await startSession(c, account, account.totpEnabled));
  });

  /** Starts setting up a second factor (password again, no session needed): a secret to scan. */
  app.post('/second-factor/setup', async (c) => {
    const { email, password } = await body(c, Enrol);
    const account = await passwordAccount(c, email, password);
    if (account.totpEnabled) throw new ApiError(409, { error: 'second-factor-on', message: 'this account already has a second factor; ask an administrator to reset it if the device is lost' });
    const { db, secrets } = c.get('deps');
    if (!secrets) throw noSecretKey();
    const secret = newSecondFactorSecret();
    await setPendingSecondFactor(db, account.worker.id, secrets.seal(secret, secondFactorContext(account.worker.id)));
    return c.json({ secret, uri: secondFactorUri(secret, email) });
  });

  /**
   * Turns the second factor on once a code from the app matches the secret just set up, and
   * signs in: the password and the code are what a sign-in asks (and that step's code is used).
   */
  app.post('/second-factor/enable', async (c) => {
    const { email, password, code } = await body(c, Enable);
    const account = await passwordAccount(c, email, password);
    if (account.totpEnabled) throw new ApiError(409, { error: 'second-factor-on', message: 'this account already has a second factor' });
    if (!account.totpSecret) throw new ApiError(409, { error: 'no-setup', message: 'set up the second factor first (POST /api/auth/second-factor/setup)' });
    await secondFactor(c, account, code);
    return c.json({ secondFactor: 'on', ...(await startSession(c, account, true)) });
  });

  /**
   * The signed-in worker proves again that they are the one at the device, as when taking it back
   * from the person it was handed to: the password, and the code when the account has a second
   * factor. No session is started, so nobody else's sign-in can take this device's place. A wrong
   * password or code is 403 (the session itself is good) and counts towards lockout.
   */
  app.post('/confirm', async (c) => {
    const worker = signedIn(c);
    const { password, code } = await body(c, Confirm);
    const account = await checkPassword(c, await signInRecordOf(c.get('deps').db, worker.id), password).catch(sessionIsGood);
    if (account.totpEnabled) {
      if (!code) throw new ApiError(403, { error: 'second-factor-required', message: 'enter the 6-digit code from your authenticator app' });
      await secondFactor(c, account, code).catch(sessionIsGood);
    }
    c.get('deps').logger.info({ event: 'confirmed', worker: worker.id }, 'confirmed at the device');
    return c.json({ confirmed: worker.id });
  });

  app.post('/sign-out', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await endSession(c.get('deps').db, token);
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: c.get('deps').config.secureCookies });
    return c.json({ signedOut: true });
  });

  /**
   * Changes the signed-in worker's own password: the current one is asked again (a session left
   * open on a shared computer is not enough), and a wrong one (403 `bad-credentials`) counts
   * towards lockout. Their other sessions end; this one stays.
   */
  app.post('/password', async (c) => {
    const worker = signedIn(c);
    const { password, newPassword } = await body(c, ChangePassword);
    const { db, logger } = c.get('deps');
    await checkPassword(c, await signInRecordOf(db, worker.id), password).catch(sessionIsGood);
    if (newPassword === password) throw new ApiError(400, { error: 'same-password', message: 'newPassword: it is the same as the current password; choose another', issues: [{ path: 'newPassword', message: 'same as the current password' }] });
    const session = getCookie(c, SESSION_COOKIE);
    await setPassword(db, worker.organisationId, worker.id, await hashPassword(newPassword), { by: worker.id, ...(session === undefined ? {} : { keepSession: session }) });
    logger.info({ event: 'password-changed', worker: worker.id }, 'password changed by its holder');
    return c.json({ passwordChanged: true });
  });

  /**
   * The signed-in worker with the e-mail they sign in with: a device's password forms (unlock,
   * password change) name the account to the browser's password manager with it.
   */
  async function withEmail(c: AppContext, worker: Worker): Promise<WorkerWithEmail> {
    return { ...worker, email: (await workerEmail(c.get('deps').db, worker.id)) ?? '' };
  }

  app.get('/me', async (c) => c.json({ worker: await withEmail(c, signedIn(c)) }));
  /**
   * Who is signed in, or `null`: a page asks on every load, and a visitor nobody signed in is not
   * an error (no 401 in every visitor's console, as `/me` would give).
   */
  app.get('/session', async (c) => {
    const worker = c.get('worker');
    return c.json({ worker: worker ? await withEmail(c, worker) : null });
  });
  return app;
}
