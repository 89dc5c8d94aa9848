// A second factor (TOTP) an account can set up and an organisation can require.
import { describe, expect, it } from 'vitest';
import { secondFactorCode } from '../src/domain/second-factor.js';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sealStoredSecrets } from '../src/db/accounts.js';
import { SecretBox } from '../src/domain/secret-box.js';
import { secretBoxFor } from '../src/server.js';
import { backends, Client, freshDatabase, PASSWORD, seedOrganisation, testApp, testConfig, TEST_SECRET_KEY } from './helpers.js';

describe.each(backends)('second factor, on %s', (backend) => {
  async function setup() {
    const db = await freshDatabase(backend);
    await seedOrganisation(db);
    const { app } = testApp(db);
    const post = (path: string, json: unknown) => new Client(app).request('POST', path, json);
    return { db, app, post };
  }
  const anna = { email: 'anna@example.org', password: PASSWORD };

  it('is set up with the password and a code, then asked for at every sign-in; a code works once', async () => {
    const { db, app, post } = await setup();
    const started = await post('/api/auth/second-factor/setup', anna);
    expect(started.status).toBe(200);
    expect(started.body.uri).toMatch(/^otpauth:\/\/totp\/Casepath:anna%40example\.org\?/);
    const secret: string = started.body.secret;
    // Until enabled, signing in does not ask for it.
    expect((await post('/api/auth/sign-in', anna)).status).toBe(200);
    expect((await post('/api/auth/second-factor/enable', { ...anna, code: '000000' })).body.error).toBe('second-factor-wrong');
    const now = Date.now();
    // Turning it on with the password and a code is a sign-in: a session starts.
    const device = new Client(app);
    const enabled = await device.request('POST', '/api/auth/second-factor/enable', { ...anna, code: secondFactorCode(secret, now) });
    expect(enabled.body).toMatchObject({ secondFactor: 'on', worker: { id: 'anna' } });
    expect((await device.request('GET', '/api/auth/me')).body).toMatchObject({ worker: { id: 'anna' } });

    const without = await post('/api/auth/sign-in', anna);
    expect(without).toMatchObject({ status: 401, body: { error: 'second-factor-required' } });
    // The code that turned it on was used: the next step's code signs in, once.
    const next = secondFactorCode(secret, now + 30_000);
    const signedIn = await post('/api/auth/sign-in', { ...anna, code: next });
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
    const replayed = await post('/api/auth/sign-in', { ...anna, code: next });
    expect(replayed).toMatchObject({ status: 401, body: { error: 'second-factor-wrong' } });
    expect(replayed.body.message).toMatch(/used already/);
    expect((await post('/api/auth/second-factor/setup', anna)).status).toBe(409);
    await db.close();
  });

  it('locks the account after repeated wrong codes, as after wrong passwords', async () => {
    const { db, post } = await setup();
    const { body } = await post('/api/auth/second-factor/setup', anna);
    await post('/api/auth/second-factor/enable', { ...anna, code: secondFactorCode(body.secret as string) });
    for (let i = 0; i < 5; i++) expect((await post('/api/auth/sign-in', { ...anna, code: '123456' })).status).toBe(401);
    expect((await post('/api/auth/sign-in', { ...anna, code: secondFactorCode(body.secret as string, Date.now() + 30_000) })).status).toBe(423);
    await db.close();
  });

  it('an organisation that requires it refuses password-only sign-in until the account sets one up', async () => {
    const { db, post } = await setup();
    await db.query("UPDATE organisations SET require_second_factor = true WHERE id = 'open-doors'");
    const refused = await post('/api/auth/sign-in', anna);
    expect(refused).toMatchObject({ status: 403, body: { error: 'second-factor-setup-required' } });
    expect((await post('/api/auth/second-factor/setup', { ...anna, password: 'wrong password!' })).status).toBe(401);
    const { body } = await post('/api/auth/second-factor/setup', anna);
    const now = Date.now();
    await post('/api/auth/second-factor/enable', { ...anna, code: secondFactorCode(body.secret as string, now) });
    expect((await post('/api/auth/sign-in', { ...anna, code: secondFactorCode(body.secret as string, now + 30_000) })).status).toBe(200);
    await db.close();
  });

  it('keeps secrets sealed with the server key: not readable in the database, not movable to another account', async () => {
    const { db, post } = await setup();
    const now = Date.now();
    const { body } = await post('/api/auth/second-factor/setup', anna);
    const secret = body.secret as string;
    await post('/api/auth/second-factor/enable', { ...anna, code: secondFactorCode(secret, now) });
    const [row] = await db.query<{ totp_secret: string }>("SELECT totp_secret FROM workers WHERE id = 'anna'");
    expect(row!.totp_secret).toMatch(/^v1:/);
    expect(row!.totp_secret).not.toContain(secret);
    // An administrator copies Anna's sealed secret onto Jan's account to sign in as Jan with Anna's app.
    await db.query("UPDATE workers SET totp_secret = $1, totp_enabled = true WHERE id = 'jan'", [row!.totp_secret]);
    expect((await post('/api/auth/sign-in', { email: 'jan@example.org', password: PASSWORD, code: secondFactorCode(secret, now + 30_000) })).status).toBe(401);
    expect((await post('/api/auth/sign-in', { ...anna, code: secondFactorCode(secret, now + 30_000) })).status).toBe(200);
    await db.close();
  });

  it('a secret stored in plain before the server had a key is sealed at the next start and still works', async () => {
    const { db, post } = await setup();
    const now = Date.now();
    const { body } = await post('/api/auth/second-factor/setup', anna);
    await post('/api/auth/second-factor/enable', { ...anna, code: secondFactorCode(body.secret as string, now) });
    await db.query("UPDATE workers SET totp_secret = $1 WHERE id = 'anna'", [body.secret]);
    expect((await post('/api/auth/sign-in', { ...anna, code: secondFactorCode(body.secret as string, now + 30_000) })).status).toBe(200);
    expect(await sealStoredSecrets(db, new SecretBox(TEST_SECRET_KEY))).toBe(1);
    const [row] = await db.query<{ totp_secret: string }>("SELECT totp_secret FROM workers WHERE id = 'anna'");
    expect(new SecretBox(TEST_SECRET_KEY).open(row!.totp_secret, 'totp:anna')).toBe(body.secret);
    expect(await sealStoredSecrets(db, new SecretBox(TEST_SECRET_KEY))).toBe(0); // nothing left in plain
    await db.close();
  });

  it('a server without a key refuses to set one up, and says what the administrator must do', async () => {
    const db = await freshDatabase(backend);
    await seedOrganisation(db);
    const { app } = testApp(db, { secretKey: null });
    const r = await new Client(app).request('POST', '/api/auth/second-factor/setup', anna);
    expect(r).toMatchObject({ status: 503, body: { error: 'no-secret-key' } });
    expect(r.body.message).toContain('CASEPATH_SECRET_KEY');
    expect(await db.query("SELECT 1 FROM workers WHERE totp_secret IS NOT NULL")).toEqual([]);
    await db.close();
  });
});

describe('the server key', () => {
  it('is made once beside the embedded database, readable by the server only, and used again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'casepath-key-'));
    const config = { ...testConfig, secretKeyFile: join(dir, 'data.secret-key') };
    const box = secretBoxFor(config)!;
    expect(statSync(config.secretKeyFile).mode & 0o777).toBe(0o600);
    const sealed = box.seal('JBSWY3DPEHPK3PXP', 'totp:anna');
    expect(secretBoxFor(config)!.open(sealed, 'totp:anna')).toBe('JBSWY3DPEHPK3PXP');
    expect(() => secretBoxFor(config)!.open(sealed, 'totp:jan')).toThrow(/copied from another account/);
    expect(secretBoxFor({ ...config, secretKeyFile: null })).toBeNull();
  });
});
