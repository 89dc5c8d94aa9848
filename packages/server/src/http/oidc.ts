import { Hono, type Context } from 'hono';
import { setCookie } from 'hono/cookie';
import * as client from 'openid-client';
import * as z from 'zod';
import { minLength, maxLength } from '@casepath/core';
import type { OidcConfig } from '../config.js';
import { createSession, recordSignIn, workerForSignIn } from '../db/accounts.js';
import { ApiError, query, type AppEnv } from './context.js';
import { SESSION_COOKIE } from './auth.js';

/** A sign-in must come back within this long. */
const LOGIN_MINUTES = 10;
/**
 * A sign-in that came back too late is kept this long, only to send the person back to their page
 * with why (someone who reset their password at the identity provider on the way is often late).
 */
const LATE_LOGIN_HOURS = 24;

/** Only a path on this site, so nobody can use the sign-in to send a person elsewhere. */
const ReturnTo = z.string().check(maxLength(500)).regex(/^\/(?!\/)[^\s\\]*$/, 'must be a path on this site, starting with one /');
const Start = z.strictObject({ return: ReturnTo.default('/') });
const Callback = z.object({ state: z.string().check(minLength(1), maxLength(200)) }).passthrough();

const discovered = new Map<string, Promise<client.Configuration>>();

/** The provider's metadata, read once per process (an http issuer only on loopback, for tests and local providers). */
function providerConfig(oidc: OidcConfig): Promise<client.Configuration> {
  let found = discovered.get(oidc.issuer);
  if (!found) {
    const url = new URL(oidc.issuer);
    const loopback = url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    found = client.discovery(url, oidc.clientId, oidc.clientSecret, undefined, loopback ? { execute: [client.allowInsecureRequests] } : undefined);
    found.catch(() => discovered.delete(oidc.issuer));
    discovered.set(oidc.issuer, found);
  }
  return found;
}

/**
 * Sign-in with the organisation's identity provider (OpenID Connect, authorization code with
 * PKCE): the account is the organisation's worker with the provider's verified e-mail address.
 */
export function oidcRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  /** How staff may sign in here, for the sign-in form. */
  app.get('/methods', (c) => {
    const { oidc } = c.get('deps').config;
    return c.json({ password: true, oidc: oidc ? { label: oidc.label, start: '/api/auth/oidc/start' } : null });
  });

  app.get('/oidc/start', async (c) => {
    const { config, db, logger } = c.get('deps');
    const oidc = config.oidc;
    if (!oidc) throw new ApiError(404, { error: 'not-found', message: 'this server does not offer sign-in with an identity provider' });
    const { return: returnTo } = query(c, Start);
    let provider: client.Configuration;
    try {
      provider = await providerConfig(oidc);
    } catch (error) {
      // The person followed a link here: back to their page, which says it, rather than a bare error.
      logger.warn({ event: 'oidc-unreachable', issuer: oidc.issuer, err: (error as Error).message }, 'the identity provider does not answer');
      return refuse(c, returnTo, 'oidc-unreachable');
    }
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    await db.query(`DELETE FROM oidc_logins WHERE created_at < now() - interval '${LATE_LOGIN_HOURS} hours'`);
    await db.query('INSERT INTO oidc_logins (state, nonce, verifier, return_to) VALUES ($1, $2, $3, $4)', [state, nonce, verifier, returnTo]);
    const url = client.buildAuthorizationUrl(provider, {
      redirect_uri: oidc.redirectUri,
      scope: 'openid email',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return c.redirect(url.href, 302);
  });

  app.get('/oidc/callback', async (c) => {
    const { config, db, logger } = c.get('deps');
    const oidc = config.oidc;
    if (!oidc) throw new ApiError(404, { error: 'not-found', message: 'this server does not offer sign-in with an identity provider' });
    const { state } = query(c, Callback);
    const [login] = await db.query<{ nonce: string; verifier: string; return_to: string; in_time: boolean }>(
      `DELETE FROM oidc_logins WHERE state = $1 RETURNING nonce, verifier, return_to, created_at > now() - interval '${LOGIN_MINUTES} minutes' AS in_time`,
      [state],
    );
    // Unknown or used already (a replay, or the browser's back button): there is no page to go back to.
    if (!login) throw new ApiError(400, { error: 'sign-in-expired', message: `this sign-in was not started here, or was used already; start again from the page you were on` });
    // Late: used up all the same, so the provider's answer cannot be used later.
    if (!login.in_time) {
      logger.info({ event: 'oidc-sign-in-late' }, `sign-in with the identity provider came back after more than ${LOGIN_MINUTES} minutes`);
      return refuse(c, login.return_to, 'sign-in-expired');
    }
    let email: string;
    try {
      const provider = await providerConfig(oidc);
      const callbackUrl = new URL(oidc.redirectUri);
      callbackUrl.search = new URL(c.req.url).search;
      const tokens = await client.authorizationCodeGrant(provider, callbackUrl, { pkceCodeVerifier: login.verifier, expectedState: state, expectedNonce: login.nonce, idTokenExpected: true });
      const idToken = tokens.claims();
      if (!idToken) throw new Error('the identity provider sent no ID token');
      // Many providers put the e-mail in the ID token; the standard place is the UserInfo endpoint.
      const claims = typeof idToken.email === 'string' ? idToken : await client.fetchUserInfo(provider, tokens.access_token, idToken.sub);
      if (typeof claims.email !== 'string' || claims.email_verified !== true) throw new Error('the identity provider did not give a verified e-mail address');
      email = claims.email;
    } catch (error) {
      logger.info({ event: 'oidc-sign-in-failed', err: (error as Error).message }, 'sign-in with the identity provider failed');
      return refuse(c, login.return_to, 'oidc-failed');
    }
    const account = await workerForSignIn(db, email);
    if (!account || account.worker.organisationId !== oidc.organisationId) {
      logger.info({ event: 'oidc-no-account' }, 'sign-in with the identity provider: no account');
      return refuse(c, login.return_to, 'no-account');
    }
    if (account.disabled) {
      logger.info({ event: 'sign-in-refused', worker: account.worker.id, reason: 'turned-off', via: 'oidc' }, 'sign-in of an account turned off');
      return refuse(c, login.return_to, 'account-off');
    }
    if (account.lockedUntil && account.lockedUntil > new Date()) return refuse(c, login.return_to, 'locked');
    await recordSignIn(db, account.worker.id);
    const token = await createSession(db, account.worker.id, config.sessionHours);
    setCookie(c, SESSION_COOKIE, token, { httpOnly: true, secure: config.secureCookies, sameSite: 'Strict', path: '/', maxAge: config.sessionHours * 3600 });
    logger.info({ event: 'sign-in', worker: account.worker.id, via: 'oidc' }, 'signed in');
    return c.redirect(login.return_to, 302);
  });
  return app;
}

/** Why a sign-in through the identity provider was refused, in the codes of the password sign-in's errors. */
type OidcRefusal = 'oidc-failed' | 'oidc-unreachable' | 'no-account' | 'account-off' | 'locked' | 'sign-in-expired';

/**
 * Sends the person back to the page they started from, with why in `sign-in-refused`, which
 * `<cp-sync>` there says in the page's language (a browser that followed the identity provider's
 * redirect would otherwise show a bare JSON error). Only the code is in the address, no e-mail.
 */
function refuse(c: Context<AppEnv>, returnTo: string, why: OidcRefusal) {
  const back = new URL(returnTo, 'http://casepath.invalid');
  back.searchParams.set('sign-in-refused', why);
  return c.redirect(`${back.pathname}${back.search}${back.hash}`, 302);
}
