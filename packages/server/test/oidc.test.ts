// Sign-in with the organisation's identity provider (OpenID Connect), against a local provider
// (oidc-provider on loopback, its development login and consent pages): a worker whose verified
// e-mail matches an account of the organisation gets a session; anyone else does not.
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { openPglite } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { startServer } from '../src/server.js';
import { setWorkerActive } from '../src/db/accounts.js';
import { seedOrganisation, testConfig } from './helpers.js';

/** A browser's cookie jar over fetch, following no redirects by itself. */
class Browser {
  private readonly jar = new Map<string, Map<string, string>>();
  /** The address of the last page asked for. */
  last = '';
  readonly visited: string[] = [];
  async get(url: string, init: RequestInit = {}): Promise<Response> {
    const u = new URL(url);
    this.last = u.href;
    this.visited.push(u.href);
    const cookies = [...(this.jar.get(u.host) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(u, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), ...(cookies ? { cookie: cookies } : {}) } });
    for (const set of res.headers.getSetCookie()) {
      const [pair] = set.split(';');
      const i = pair!.indexOf('=');
      const jar = this.jar.get(u.host) ?? new Map<string, string>();
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
      this.jar.set(u.host, jar);
    }
    return res;
  }
  /**
   * Follows redirects, submitting the provider's login and consent pages as `login`;
   * `whileAway` runs once the person is at the provider.
   */
  async signInThrough(start: string, login: string, whileAway?: () => Promise<unknown>): Promise<Response> {
    let res = await this.get(start);
    await whileAway?.();
    for (let hops = 0; hops < 20; hops++) {
      if (res.status >= 300 && res.status < 400) {
        res = await this.get(new URL(res.headers.get('location')!, this.last).href);
        continue;
      }
      const page = await res.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
      const prompt = /name="prompt" value="([^"]+)"/.exec(page)?.[1];
      if (res.status !== 200 || !action || !prompt) return new Response(page, { status: res.status, headers: res.headers });
      const form = new URLSearchParams({ prompt, ...(prompt === 'login' ? { login, password: 'any' } : {}) });
      res = await this.get(new URL(action, this.last).href, { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    }
    throw new Error('too many redirects');
  }
}

/** Casepath on `port` with the seeded organisation, signing in with the identity provider at `issuer`. */
async function startCasepath(port: number, issuer: string) {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'casepath-oidc-')), 'db');
  const seed = await openPglite(dataDir);
  await migrate(seed);
  await seedOrganisation(seed);
  await seed.close();
  return startServer({
    ...testConfig,
    port,
    database: { kind: 'pglite', dataDir },
    oidc: { issuer, clientId: 'casepath', clientSecret: 'a client secret of the NGO', organisationId: 'open-doors', label: 'Open Doors 365', redirectUri: `http://127.0.0.1:${port}/api/auth/oidc/callback` },
  });
}

describe('sign-in with an identity provider (OpenID Connect)', () => {
  it('signs in the worker with that verified e-mail; refuses an unknown one, a forged state, and a replay', async () => {
    const casepathPort = await freePort();
    const casepath = `http://127.0.0.1:${casepathPort}`;
    const issuer = `http://127.0.0.1:${await freePort()}`;
    const idp = new Provider(issuer, {
      clients: [{ client_id: 'casepath', client_secret: 'a client secret of the NGO', redirect_uris: [`${casepath}/api/auth/oidc/callback`], grant_types: ['authorization_code'], response_types: ['code'] }],
      findAccount: (_ctx, id) => Promise.resolve({ accountId: id, claims: () => ({ sub: id, email: id, email_verified: true }) }),
      claims: { openid: ['sub'], email: ['email', 'email_verified'] },
      features: { devInteractions: { enabled: true } },
    });
    const idpServer = idp.listen(Number(new URL(issuer).port));
    await new Promise((r) => idpServer.once('listening', r));

    const server = await startCasepath(casepathPort, issuer);
    try {
      const methods = await (await fetch(`${casepath}/api/auth/methods`)).json();
      expect(methods).toEqual({ password: true, oidc: { label: 'Open Doors 365', start: '/api/auth/oidc/start' } });

      const ewa = new Browser();
      const back = await ewa.signInThrough(`${casepath}/api/auth/oidc/start?return=/examples/staff/`, 'ewa@example.org');
      expect(back.status, await back.clone().text()).toBe(404); // the staff page is not served in this test: the redirect arrived there
      expect(new URL(ewa.last).pathname).toBe('/examples/staff/');
      const me = await (await ewa.get(`${casepath}/api/auth/me`)).json();
      expect(me.worker).toMatchObject({ id: 'ewa', role: 'coordinator', providerId: 'warsaw' });

      // Refused, the person is sent back to the page they started from, which says why in its
      // language (<cp-sync> reads `sign-in-refused`); the address carries the code, not the e-mail.
      const stranger = new Browser();
      await stranger.signInThrough(`${casepath}/api/auth/oidc/start?return=${encodeURIComponent('/examples/staff/?lang=pl')}`, 'someone@elsewhere.example');
      const sentBack = new URL(stranger.last);
      expect(`${sentBack.pathname}${sentBack.search}`).toBe('/examples/staff/?lang=pl&sign-in-refused=no-account');
      expect(stranger.last).not.toContain('elsewhere');
      expect((await stranger.get(`${casepath}/api/auth/me`)).status).toBe(401);
      // Someone who left: the identity provider still knows her, Casepath signs her in no more,
      // and says her account is turned off.
      await setWorkerActive(server.db, 'open-doors', 'anna', false, 'root');
      const anna = new Browser();
      await anna.signInThrough(`${casepath}/api/auth/oidc/start`, 'anna@example.org');
      expect(new URL(anna.last).search).toBe('?sign-in-refused=account-off');
      expect((await anna.get(`${casepath}/api/auth/me`)).status).toBe(401);

      // Back from the provider after more than ten minutes (a password reset there, a coffee): no
      // session, and sent back to the page with why. The late answer is used up all the same.
      const late = new Browser();
      await late.signInThrough(`${casepath}/api/auth/oidc/start?return=${encodeURIComponent('/examples/staff/?lang=de')}`, 'ewa@example.org', () =>
        server.db.query(`UPDATE oidc_logins SET created_at = now() - interval '11 minutes'`),
      );
      const lateBack = new URL(late.last);
      expect(`${lateBack.pathname}${lateBack.search}`).toBe('/examples/staff/?lang=de&sign-in-refused=sign-in-expired');
      expect((await late.get(`${casepath}/api/auth/me`)).status).toBe(401);
      const lateCallback = late.visited.find((u) => u.includes('/api/auth/oidc/callback?'))!;
      expect((await new Browser().get(lateCallback)).status).toBe(400);
      // A late sign-in nobody came back from is kept a day, no longer.
      await server.db.query(`INSERT INTO oidc_logins (state, nonce, verifier, return_to, created_at) VALUES ('abandoned', 'n', 'v', '/', now() - interval '25 hours')`);
      await new Browser().get(`${casepath}/api/auth/oidc/start`);
      expect(await server.db.query(`SELECT state FROM oidc_logins WHERE state = 'abandoned'`)).toEqual([]);
      await server.db.query('DELETE FROM oidc_logins');

      // A callback with a state this server never gave, and a return address off the site.
      expect((await new Browser().get(`${casepath}/api/auth/oidc/callback?code=x&state=forged`)).status).toBe(400);
      expect((await new Browser().get(`${casepath}/api/auth/oidc/start?return=//evil.example/`)).status).toBe(400);
      expect(await server.db.query('SELECT state FROM oidc_logins')).toEqual([]); // each sign-in used once
      // The provider's answer, overheard and sent again, opens nothing.
      const callback = ewa.visited.find((u) => u.includes('/api/auth/oidc/callback?'))!;
      const replayed = await new Browser().get(callback);
      expect(replayed.status).toBe(400);
      expect((await replayed.json()).error).toBe('sign-in-expired');
    } finally {
      await server.close();
      idpServer.close();
    }
  });
});

describe('sign-in with an identity provider that does not answer', () => {
  it('sends the person back to their page with why, and keeps no started sign-in', async () => {
    const casepathPort = await freePort();
    const casepath = `http://127.0.0.1:${casepathPort}`;
    const issuer = `http://127.0.0.1:${await freePort()}`; // nothing listens there
    const server = await startCasepath(casepathPort, issuer);
    try {
      const res = await new Browser().get(`${casepath}/api/auth/oidc/start?return=${encodeURIComponent('/examples/staff/?lang=ru')}`);
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('/examples/staff/?lang=ru&sign-in-refused=oidc-unreachable');
      expect(await server.db.query('SELECT state FROM oidc_logins')).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}
