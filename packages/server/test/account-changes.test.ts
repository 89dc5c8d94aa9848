// What was done to staff accounts, by whom and when: an organisation can tell who gave whom a new
// password, took a second factor away, turned an account off or gave it another role.
import { describe, expect, it } from 'vitest';
import { createWorker, ensureOrganisation } from '../src/db/accounts.js';
import { hashPassword } from '../src/domain/passwords.js';
import { secondFactorCode } from '../src/domain/second-factor.js';
import { backends, Client, freshDatabase, PASSWORD, seedOrganisation, testApp } from './helpers.js';

const NEW_PASSWORD = 'a new one, long enough';

describe.each(backends)('account changes, on %s', (backend) => {
  it('lists each change of an account once, newest first, with when and by whom; for administrators only', async () => {
    const db = await freshDatabase(backend);
    await seedOrganisation(db);
    const { app } = testApp(db);
    const root = await new Client(app).signIn('root');
    const ok = async (path: string, json: unknown) => expect((await root.request('POST', path, json)).status).toBeLessThan(300);

    await ok('/api/admin/workers', { id: 'marta', email: 'marta@example.org', displayName: 'Marta', role: 'job-coach', providerId: 'warsaw', password: PASSWORD });
    await ok('/api/admin/workers/marta/active', { active: false });
    await ok('/api/admin/workers/marta/active', { active: false }); // already off: nothing changed, nothing kept
    await ok('/api/admin/workers/marta/active', { active: true });
    await ok('/api/admin/workers/marta/role', { role: 'coordinator' });
    await ok('/api/admin/workers/marta/provider', { providerId: 'krakow' });
    await ok('/api/admin/workers/marta/password', { password: NEW_PASSWORD });
    // Her own acts: a password changed, a second factor set up; then the phone is lost.
    const marta = new Client(app);
    expect((await marta.request('POST', '/api/auth/sign-in', { email: 'marta@example.org', password: NEW_PASSWORD })).status).toBe(200);
    expect((await marta.request('POST', '/api/auth/password', { password: NEW_PASSWORD, newPassword: PASSWORD })).status).toBe(200);
    const { secret } = (await marta.request('POST', '/api/auth/second-factor/setup', { email: 'marta@example.org', password: PASSWORD })).body;
    const enable = { email: 'marta@example.org', password: PASSWORD, code: secondFactorCode(secret, Date.now()) };
    expect((await marta.request('POST', '/api/auth/second-factor/enable', enable)).status).toBe(200);
    // Each later sign-in uses a code too: that keeps nothing new, the factor was on already.
    const later = { email: 'marta@example.org', password: PASSWORD, code: secondFactorCode(secret, Date.now() + 30_000) };
    expect((await new Client(app).request('POST', '/api/auth/sign-in', later)).status).toBe(200);
    await ok('/api/admin/workers/marta/second-factor', { enabled: false }); // her sessions end
    // Wrong passwords lock an account: kept too, with until when.
    for (let i = 0; i < 5; i++) expect((await new Client(app).request('POST', '/api/auth/sign-in', { email: 'jan@example.org', password: `guess number ${i}` })).status).toBe(401);
    const [locked] = (await root.request('GET', '/api/admin/account-changes?workerId=jan&limit=1')).body.changes;
    expect(locked).toMatchObject({ workerId: 'jan', change: 'locked', failedSignIns: 5, by: 'failed sign-ins' });
    expect(new Date(locked.until).toISOString()).toBe(locked.until);
    expect(Date.parse(locked.until) - Date.parse(locked.at)).toBe(15 * 60_000);
    // Refused changes leave nothing.
    expect((await root.request('POST', '/api/admin/workers/marta/password', { password: 'short' })).status).toBe(400);
    expect((await root.request('POST', '/api/admin/workers/root/active', { active: false })).status).toBe(409);

    const listed = await root.request('GET', '/api/admin/account-changes?workerId=marta');
    expect(listed.status).toBe(200);
    const changes: { at: string; workerId: string; change: string; by: string }[] = listed.body.changes;
    expect(changes.map(({ at: _at, ...c }) => c).reverse()).toEqual([
      { workerId: 'marta', change: 'created', role: 'job-coach', providerId: 'warsaw', by: 'root' },
      { workerId: 'marta', change: 'turned-off', by: 'root' },
      { workerId: 'marta', change: 'turned-on', by: 'root' },
      { workerId: 'marta', change: 'role', from: 'job-coach', to: 'coordinator', by: 'root' },
      { workerId: 'marta', change: 'provider', from: 'warsaw', to: 'krakow', by: 'root' },
      { workerId: 'marta', change: 'password-set', by: 'root' },
      { workerId: 'marta', change: 'password-changed', by: 'marta' },
      { workerId: 'marta', change: 'second-factor-on', by: 'marta' },
      { workerId: 'marta', change: 'second-factor-removed', by: 'root' },
    ]);
    const times = changes.map((c) => Date.parse(c.at));
    expect(times.every((t, i) => i === 0 || t <= times[i - 1]!)).toBe(true);

    // The whole organisation's list holds the seeded accounts too; `limit` takes the newest.
    const all = (await root.request('GET', '/api/admin/account-changes')).body.changes;
    expect(all.filter((c: { change: string }) => c.change === 'created').map((c: { workerId: string }) => c.workerId).sort()).toEqual(['adam', 'anna', 'ewa', 'jan', 'kasia', 'marta', 'olek', 'root', 'sara']);
    expect((await root.request('GET', '/api/admin/account-changes?limit=2')).body.changes).toEqual(all.slice(0, 2));

    // To anyone but an administrator the address does not exist (Marta was signed out when her
    // second factor was taken away); a query is checked.
    for (const who of ['ewa', 'sara', 'adam', 'marta'] as const) {
      const client = who === 'marta' ? marta : await new Client(app).signIn(who);
      expect((await client.request('GET', '/api/admin/account-changes')).status).toBe(who === 'marta' ? 401 : 404);
    }
    expect((await new Client(app).request('GET', '/api/admin/account-changes')).status).toBe(401);
    expect((await root.request('GET', '/api/admin/account-changes?workerId=nobody')).status).toBe(404);
    const bad = await root.request('GET', '/api/admin/account-changes?limit=0&colour=red');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/query\.limit/);
    await db.close();
  });

  it('shows an administrator only their own organisation’s accounts', async () => {
    const db = await freshDatabase(backend);
    await seedOrganisation(db);
    await ensureOrganisation(db, 'harbour', 'Harbour House');
    await createWorker(db, { id: 'hana', organisationId: 'harbour', providerId: null, email: 'hana@harbour.example', displayName: 'Hana', role: 'admin', passwordHash: await hashPassword(PASSWORD) }, 'server command line');
    const { app } = testApp(db);
    const hana = new Client(app);
    expect((await hana.request('POST', '/api/auth/sign-in', { email: 'hana@harbour.example', password: PASSWORD })).status).toBe(200);
    expect((await hana.request('GET', '/api/admin/account-changes')).body.changes).toEqual([{ at: expect.any(String), workerId: 'hana', change: 'created', role: 'admin', providerId: null, by: 'server command line' }]);
    expect((await hana.request('GET', '/api/admin/account-changes?workerId=anna')).status).toBe(404);
    const root = await new Client(app).signIn('root');
    expect((await root.request('GET', '/api/admin/account-changes')).body.changes.map((c: { workerId: string }) => c.workerId)).not.toContain('hana');
    await db.close();
  });
});
