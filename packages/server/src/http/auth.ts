import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { getConnInfo } from '@hono/node-server/conninfo';
import { rateLimiter } from 'hono-rate-limiter';
import * as z from 'zod';
import { createSession, endSession, recordFailedSignIn, recordSignIn, sessionWorker, workerForSignIn } from '../db/accounts.js';
import { decoyHash, verifyPassword } from '../domain/passwords.js';
import { ApiError, body, signedIn, type AppContext, type AppEnv } from './context.js';

export const SESSION_COOKIE = 'casepath_session';
/** Failed sign-ins in a row before an account is locked, and for how long. */
export const LOCKOUT = { failures: 5, minutes: 15 } as const;

const SignIn = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(1).max(1024),
});

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

export function authRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Per address, per process: a brake on guessing. The per-account lockout below is in the
  // database, so it holds across server processes.
  app.use(
    '/sign-in',
    rateLimiter<AppEnv>({
      windowMs: 60_000,
      limit: 20,
      standardHeaders: 'draft-7',
      keyGenerator: (c) => clientAddress(c),
      handler: (c) => c.json({ error: 'too-many-requests', message: 'too many sign-in attempts from this address; wait a minute and try again' }, 429),
    }),
  );

  app.post('/sign-in', async (c) => {
    const { db, config, logger } = c.get('deps');
    const { email, password } = await body(c, SignIn);
    const account = await workerForSignIn(db, email);
    if (account?.lockedUntil && account.lockedUntil > new Date()) {
      const minutes = Math.ceil((account.lockedUntil.getTime() - Date.now()) / 60_000);
      throw new ApiError(423, { error: 'locked', message: `this account is locked after ${LOCKOUT.failures} failed sign-ins; try again in ${minutes} minute(s), or ask an administrator` });
    }
    // Verify against a decoy when there is no account, so the time taken does not tell.
    const ok = await verifyPassword(account?.passwordHash ?? (await decoyHash()), password);
    if (!account || !ok || account.disabled) {
      if (account && !ok) await recordFailedSignIn(db, account.worker.id, LOCKOUT.failures, LOCKOUT.minutes);
      logger.info({ event: 'sign-in-failed', worker: account?.worker.id ?? null }, 'sign-in failed');
      throw new ApiError(401, { error: 'bad-credentials', message: 'the email or password is not right' });
    }
    await recordSignIn(db, account.worker.id);
    const token = await createSession(db, account.worker.id, config.sessionHours);
    setCookie(c, SESSION_COOKIE, token, { httpOnly: true, secure: config.secureCookies, sameSite: 'Strict', path: '/', maxAge: config.sessionHours * 3600 });
    logger.info({ event: 'sign-in', worker: account.worker.id }, 'signed in');
    return c.json({ worker: account.worker });
  });

  app.post('/sign-out', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await endSession(c.get('deps').db, token);
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: c.get('deps').config.secureCookies });
    return c.json({ signedOut: true });
  });

  app.get('/me', (c) => c.json({ worker: signedIn(c) }));
  return app;
}
