import { describe, expect, it } from 'vitest';
import { builtInTemplates, newEventId, type CaseEvent } from '@casepath/core';
import { ensureOrganisation, ensureProvider } from '../src/db/accounts.js';
import { backends, Client, freshDatabase, seedOrganisation, testApp, PASSWORD } from './helpers.js';

const euse = builtInTemplates['euse-supported-employment'];

describe.each(backends)('staff accounts on %s', (backend) => {
  it('an administrator turns off the account of someone who left: their sessions end at once, they cannot sign in, their name stays in histories; turned on again, they can', async () => {
    const db = await freshDatabase(backend);
    await seedOrganisation(db);
    const { app } = testApp(db);
    const [root, ewa, anna] = [await new Client(app).signIn('root'), await new Client(app).signIn('ewa'), await new Client(app).signIn('anna')];
    const at = '2026-03-02T09:00:00.000Z';
    const visit = { schemaVersion: 1, id: newEventId(), caseId: 'c1', seq: 0, at, actor: { id: 'anna', role: 'job-coach' }, type: 'case.open', payload: { templateId: euse.id, templateVersion: 1, providerId: 'warsaw' } } as CaseEvent;
    expect((await anna.push([{ event: visit, knownSeq: -1 }])).status).toBe(200);

    // Only an administrator may; to anyone else the address does not exist.
    expect((await ewa.request('POST', '/api/admin/workers/anna/active', { active: false })).status).toBe(404);
    expect((await anna.request('GET', '/api/auth/me')).status).toBe(200);
    const off = await root.request('POST', '/api/admin/workers/anna/active', { active: false });
    expect(off.status).toBe(200);
    expect(off.body.worker).toMatchObject({ id: 'anna', role: 'job-coach', active: false });

    // Her session ends at once, on every endpoint. Signing in with her password is refused as an
    // account turned off; with a wrong one, as any wrong password (nothing said to a guesser).
    expect((await anna.request('GET', '/api/auth/me')).status).toBe(401);
    expect((await anna.request('GET', '/api/sync/pull')).status).toBe(401);
    const again = await new Client(app).request('POST', '/api/auth/sign-in', { email: 'anna@example.org', password: PASSWORD });
    expect(again.status).toBe(403);
    expect(again.body).toMatchObject({ error: 'account-off', message: expect.stringContaining('ask an administrator to turn it on') });
    expect(await new Client(app).request('POST', '/api/auth/sign-in', { email: 'anna@example.org', password: 'not her password at all' })).toMatchObject({ status: 401, body: { error: 'bad-credentials' } });
    // What she recorded stays, and the directory still names her, as someone no longer active.
    expect((await ewa.request('GET', '/api/cases/c1')).body.events.map((e: CaseEvent) => e.actor.id)).toEqual(['anna']);
    const directory = (await ewa.request('GET', '/api/workers')).body.workers;
    expect(directory.find((w: { id: string }) => w.id === 'anna')).toMatchObject({ displayName: expect.any(String), active: false });
    expect(directory.find((w: { id: string }) => w.id === 'ewa')).toMatchObject({ active: true });

    // Not their own account, not a worker the organisation does not have; the body is checked.
    expect((await root.request('POST', '/api/admin/workers/root/active', { active: false })).body).toMatchObject({ error: 'own-account' });
    expect((await root.request('POST', '/api/admin/workers/nobody/active', { active: false })).status).toBe(404);
    const bad = await root.request('POST', '/api/admin/workers/anna/active', { active: 'no' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('active');

    // Back: she signs in again.
    expect((await root.request('POST', '/api/admin/workers/anna/active', { active: true })).body.worker).toMatchObject({ id: 'anna', active: true });
    expect((await new Client(app).request('POST', '/api/auth/sign-in', { email: 'anna@example.org', password: PASSWORD })).status).toBe(200);
    await db.close();
  });

  it('lists the accounts for an administrator with their e-mail, second factor and lockout; to no one else', async () => {
    const db = await freshDatabase(backend);
    await seedOrganisation(db);
    await db.query("UPDATE workers SET totp_enabled = true WHERE id = 'sara'");
    await db.query("UPDATE workers SET locked_until = now() + interval '10 minutes', failed_sign_ins = 5 WHERE id = 'jan'");
    await db.query("UPDATE workers SET locked_until = now() - interval '1 minute' WHERE id = 'anna'");
    const { app } = testApp(db);
    const [root, ewa] = [await new Client(app).signIn('root'), await new Client(app).signIn('ewa')];
    const { workers } = (await root.request('GET', '/api/admin/workers')).body as { workers: { id: string; email: string; secondFactor: boolean; lockedUntil: string | null; active: boolean }[] };
    const byId = Object.fromEntries(workers.map((w) => [w.id, w]));
    expect(byId['sara']).toMatchObject({ email: 'sara@example.org', secondFactor: true, lockedUntil: null, active: true });
    expect(byId['ewa']).toMatchObject({ email: 'ewa@example.org', secondFactor: false, lockedUntil: null, active: true, role: 'coordinator', providerId: 'warsaw' });
    expect(Date.parse(byId['jan']!.lockedUntil!) - Date.now()).toBeGreaterThan(9 * 60_000);
    expect(byId['anna'], 'a lockout that has run out is none').toMatchObject({ secondFactor: false, lockedUntil: null });
    expect(workers.map((w) => w.id)).toEqual((await root.request('GET', '/api/workers')).body.workers.map((w: { id: string }) => w.id));
    expect(JSON.stringify(workers), 'no secret or hash leaves').not.toMatch(/password|totp|argon/i);
    expect((await ewa.request('GET', '/api/admin/workers')).status).toBe(404);
    expect((await new Client(app).request('GET', '/api/admin/workers')).status).toBe(401);
    await db.close();
  });

  it('lists the organisation’s providers by name to anyone signed in; an administrator adds one; another organisation’s stay apart', async () => {
    const db = await freshDatabase(backend);
    await seedOrganisation(db);
    await ensureOrganisation(db, 'harbour', 'Harbour House');
    await ensureProvider(db, 'harbour-gdansk', 'harbour', 'Harbour House Gdańsk');
    const { app } = testApp(db);
    const [root, anna] = [await new Client(app).signIn('root'), await new Client(app).signIn('anna')];
    const seeded = [{ id: 'krakow', name: 'Open Doors Kraków' }, { id: 'warsaw', name: 'Open Doors Warsaw' }];
    expect((await anna.request('GET', '/api/providers')).body).toEqual({ providers: seeded });
    expect((await new Client(app).request('GET', '/api/providers')).status).toBe(401);

    expect((await root.request('POST', '/api/admin/providers', { id: 'gdansk', name: 'Open Doors Gdańsk' })).status).toBe(201);
    expect((await root.request('POST', '/api/admin/providers', { id: 'harbour-gdansk', name: 'Ours' })).body.error).toBe('id-taken');
    expect((await anna.request('POST', '/api/admin/providers', { id: 'lodz', name: 'Open Doors Łódź' })).status).toBe(404);
    expect((await anna.request('GET', '/api/providers')).body.providers).toEqual([{ id: 'gdansk', name: 'Open Doors Gdańsk' }, ...seeded]);
    await db.close();
  });
});
