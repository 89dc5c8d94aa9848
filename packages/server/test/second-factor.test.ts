// A second factor (TOTP) an account can set up and an organisation can require.
import { describe, expect, it } from 'vitest';
import { secondFactorCode } from '../src/domain/second-factor.js';
import { backends, Client, freshDatabase, PASSWORD, seedOrganisation, testApp } from './helpers.js';

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
    const { db, post } = await setup();
    const started = await post('/api/auth/second-factor/setup', anna);
    expect(started.status).toBe(200);
    expect(started.body.uri).toMatch(/^otpauth:\/\/totp\/Casepath:anna%40example\.org\?/);
    const secret: string = started.body.secret;
    // Until enabled, signing in does not ask for it.
    expect((await post('/api/auth/sign-in', anna)).status).toBe(200);
    expect((await post('/api/auth/second-factor/enable', { ...anna, code: '000000' })).body.error).toBe('second-factor-wrong');
    const now = Date.now();
    expect((await post('/api/auth/second-factor/enable', { ...anna, code: secondFactorCode(secret, now) })).body).toEqual({ secondFactor: 'on' });

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
});
