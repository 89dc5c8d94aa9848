// Passwords after the first: changed by their holder, given anew by an administrator when
// forgotten, a lost phone's second factor taken away, and the server's command for an
// administrator who can no longer sign in at all.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openPglite } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { secondFactorCode } from '../src/domain/second-factor.js';
import { backends, Client, freshDatabase, PASSWORD, seedOrganisation, testApp } from './helpers.js';

const NEW_PASSWORD = 'a new one, long enough';
const bin = fileURLToPath(new URL('../src/bin/casepath-server.ts', import.meta.url));
const cli = (args: string[], env: Record<string, string>, input = '') =>
  execFileSync(process.execPath, ['--conditions=@casepath/source', '--import', 'tsx', bin, ...args], { env: { ...process.env, ...env }, input, stdio: 'pipe' }).toString();

describe.each(backends)('passwords after the first, on %s', (backend) => {
  async function setup() {
    const db = await freshDatabase(backend);
    await seedOrganisation(db);
    const { app } = testApp(db);
    const signIn = (who: string, password: string, code?: string) => new Client(app).request('POST', '/api/auth/sign-in', { email: `${who}@example.org`, password, ...(code ? { code } : {}) });
    return { db, app, signIn };
  }

  it('a worker changes their own password: the current one is asked, their other sessions end, this one stays', async () => {
    const { db, app, signIn } = await setup();
    const [laptop, phone] = [await new Client(app).signIn('ewa'), await new Client(app).signIn('ewa')];

    const wrong = await laptop.request('POST', '/api/auth/password', { password: 'not the current one', newPassword: NEW_PASSWORD });
    expect(wrong).toMatchObject({ status: 403, body: { error: 'bad-credentials' } });
    const same = await laptop.request('POST', '/api/auth/password', { password: PASSWORD, newPassword: PASSWORD });
    expect(same).toMatchObject({ status: 400, body: { error: 'same-password', message: expect.stringContaining('newPassword: it is the same as the current password') } });
    const short = await laptop.request('POST', '/api/auth/password', { password: PASSWORD, newPassword: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.message).toMatch(/newPassword.*at least 10 characters/);
    expect((await new Client(app).request('POST', '/api/auth/password', { password: PASSWORD, newPassword: NEW_PASSWORD })).status).toBe(401);

    expect((await laptop.request('POST', '/api/auth/password', { password: PASSWORD, newPassword: NEW_PASSWORD })).body).toEqual({ passwordChanged: true });
    expect((await laptop.request('GET', '/api/auth/me')).body.worker.id).toBe('ewa');
    expect((await phone.request('GET', '/api/auth/me')).status).toBe(401);
    expect((await signIn('ewa', PASSWORD)).status).toBe(401);
    expect((await signIn('ewa', NEW_PASSWORD)).status).toBe(200);
    await db.close();
  });

  it('wrong current passwords count towards lockout, as at sign-in', async () => {
    const { db, app, signIn } = await setup();
    const laptop = await new Client(app).signIn('jan');
    for (let i = 0; i < 5; i++) expect((await laptop.request('POST', '/api/auth/password', { password: `guess number ${i}`, newPassword: NEW_PASSWORD })).status).toBe(403);
    expect((await laptop.request('POST', '/api/auth/password', { password: PASSWORD, newPassword: NEW_PASSWORD })).body.error).toBe('locked');
    expect((await signIn('jan', PASSWORD)).status).toBe(423);
    await db.close();
  });

  it('a worker taking a device back confirms who they are: no new session, wrong tries count towards lockout, the code when they have a second factor', async () => {
    const { db, app, signIn } = await setup();
    const ewa = await new Client(app).signIn('ewa');
    expect((await new Client(app).request('POST', '/api/auth/confirm', { password: PASSWORD })).status).toBe(401);
    const right = await ewa.request('POST', '/api/auth/confirm', { password: PASSWORD });
    expect(right).toMatchObject({ status: 200, body: { confirmed: 'ewa' } });
    expect(right.headers.get('set-cookie'), 'no session is started').toBe(null);
    // Another worker's password is just a wrong one: the session stays Ewa's.
    expect((await ewa.request('POST', '/api/auth/confirm', { password: 'jan’s password, say' })).body).toMatchObject({ error: 'bad-credentials' });
    expect((await ewa.request('POST', '/api/auth/confirm', { password: PASSWORD, email: 'jan@example.org' })).status).toBe(400);
    for (let i = 0; i < 4; i++) expect((await ewa.request('POST', '/api/auth/confirm', { password: `guess number ${i}` })).status).toBe(403);
    expect((await ewa.request('POST', '/api/auth/confirm', { password: PASSWORD })).body.error).toBe('locked');
    expect((await signIn('ewa', PASSWORD)).status).toBe(423);
    expect((await ewa.request('GET', '/api/auth/me')).body.worker.id).toBe('ewa');

    const anna = { email: 'anna@example.org', password: PASSWORD };
    const secret: string = (await new Client(app).request('POST', '/api/auth/second-factor/setup', anna)).body.secret;
    const phone = new Client(app);
    expect((await phone.request('POST', '/api/auth/second-factor/enable', { ...anna, code: secondFactorCode(secret, Date.now()) })).status).toBe(200);
    expect((await phone.request('POST', '/api/auth/confirm', { password: PASSWORD })).body).toMatchObject({ error: 'second-factor-required' });
    expect((await phone.request('POST', '/api/auth/confirm', { password: PASSWORD, code: '000000' })).status).toBe(403);
    expect((await phone.request('POST', '/api/auth/confirm', { password: PASSWORD, code: secondFactorCode(secret, Date.now() + 30_000) })).body).toEqual({ confirmed: 'anna' });
    await db.close();
  });

  it('an administrator gives someone who forgot theirs a new password: their sessions end, a lockout is lifted; nobody else may', async () => {
    const { db, app, signIn } = await setup();
    const [root, ewa, anna] = [await new Client(app).signIn('root'), await new Client(app).signIn('ewa'), await new Client(app).signIn('anna')];
    for (let i = 0; i < 5; i++) await signIn('anna', `what was it ${i}`);
    expect((await signIn('anna', PASSWORD)).body.error).toBe('locked');

    // To anyone but an administrator the address does not exist.
    expect((await ewa.request('POST', '/api/admin/workers/anna/password', { password: NEW_PASSWORD })).status).toBe(404);
    expect((await anna.request('POST', '/api/admin/workers/anna/password', { password: NEW_PASSWORD })).status).toBe(404);
    const short = await root.request('POST', '/api/admin/workers/anna/password', { password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.message).toMatch(/password.*at least 10 characters/);
    expect((await root.request('POST', '/api/admin/workers/anna/password', { password: NEW_PASSWORD, mustChange: true })).status).toBe(400);
    expect((await root.request('POST', '/api/admin/workers/nobody/password', { password: NEW_PASSWORD })).status).toBe(404);
    expect((await root.request('POST', '/api/admin/workers/root/password', { password: NEW_PASSWORD })).body).toMatchObject({ error: 'own-account', message: expect.stringContaining('/api/auth/password') });

    const reset = await root.request('POST', '/api/admin/workers/anna/password', { password: NEW_PASSWORD });
    expect(reset.body).toMatchObject({ worker: { id: 'anna', role: 'job-coach' }, passwordChanged: true });
    expect((await anna.request('GET', '/api/auth/me')).status).toBe(401);
    expect((await signIn('anna', PASSWORD)).status).toBe(401);
    expect((await signIn('anna', NEW_PASSWORD)).status).toBe(200);
    expect((await root.request('GET', '/api/auth/me')).body.worker.id).toBe('root');
    await db.close();
  });

  it('a long poll of a session ended by a new password ends with it, not at its deadline', async () => {
    const db = await freshDatabase(backend);
    await seedOrganisation(db);
    const { app, changes } = testApp(db);
    // Told when the pull below has found nothing to send and waits for changes.
    let waiting!: () => void;
    const pollWaits = new Promise<void>((resolve) => (waiting = resolve));
    const wait = changes.wait.bind(changes);
    changes.wait = (...args) => (waiting(), wait(...args));
    const [root, anna] = [await new Client(app).signIn('root'), await new Client(app).signIn('anna')];
    const { cursor } = await anna.pullAll();
    const poll = anna.request('GET', `/api/sync/pull?wait=20&cursor=${cursor}`);
    await pollWaits;
    expect((await root.request('POST', '/api/admin/workers/anna/password', { password: NEW_PASSWORD })).status).toBe(200);
    expect(await poll).toMatchObject({ status: 401, body: { error: 'unauthenticated', message: expect.stringContaining('the session ended') } });
    await db.close();
  });

  it('an administrator takes away the second factor of a lost phone: sessions end, the password alone signs in, a new one can be set up', async () => {
    const { db, app, signIn } = await setup();
    const anna = { email: 'anna@example.org', password: PASSWORD };
    const secret: string = (await new Client(app).request('POST', '/api/auth/second-factor/setup', anna)).body.secret;
    const device = new Client(app);
    expect((await device.request('POST', '/api/auth/second-factor/enable', { ...anna, code: secondFactorCode(secret, Date.now()) })).status).toBe(200);
    expect((await signIn('anna', PASSWORD)).body.error).toBe('second-factor-required');

    const [root, ewa] = [await new Client(app).signIn('root'), await new Client(app).signIn('ewa')];
    expect((await ewa.request('POST', '/api/admin/workers/anna/second-factor', { enabled: false })).status).toBe(404);
    expect((await root.request('POST', '/api/admin/workers/anna/second-factor', { enabled: true })).status).toBe(400);
    expect((await root.request('POST', '/api/admin/workers/root/second-factor', { enabled: false })).body.error).toBe('own-account');
    expect((await root.request('POST', '/api/admin/workers/anna/second-factor', { enabled: false })).body).toMatchObject({ worker: { id: 'anna' }, secondFactor: 'off' });
    expect((await device.request('GET', '/api/auth/me')).status).toBe(401);
    expect((await signIn('anna', PASSWORD)).status).toBe(200);
    expect((await new Client(app).request('POST', '/api/auth/second-factor/setup', anna)).status).toBe(200);
    await db.close();
  });
});

describe('casepath-server reset-password', () => {
  it('gives an administrator who can sign in no more a new password, and takes their second factor away when asked', async () => {
    const root = mkdtempSync(join(tmpdir(), 'casepath-reset-'));
    try {
      const dataDir = join(root, 'data');
      const seed = await openPglite(dataDir);
      await migrate(seed);
      await seedOrganisation(seed);
      await seed.query("UPDATE workers SET totp_enabled = true, totp_secret = 'JBSWY3DPEHPK3PXP', locked_until = now() + interval '15 minutes' WHERE id = 'root'");
      await seed.close();

      expect(() => cli(['reset-password'], { CASEPATH_DATA_DIR: dataDir }, NEW_PASSWORD)).toThrow(/reset-password needs --email/);
      expect(() => cli(['reset-password', '--email', 'nobody@example.org'], { CASEPATH_DATA_DIR: dataDir }, NEW_PASSWORD)).toThrow(/no account with email nobody@example.org/);
      expect(() => cli(['reset-password', '--email', 'root@example.org'], { CASEPATH_DATA_DIR: dataDir }, 'short')).toThrow(/at least 10 characters/);
      expect(cli(['reset-password', '--email', 'root@example.org', '--second-factor-off'], { CASEPATH_DATA_DIR: dataDir }, `${NEW_PASSWORD}\n`)).toContain(
        'root@example.org (root): new password set, its sessions ended, its second factor taken away',
      );

      const db = await openPglite(dataDir);
      try {
        const { app } = testApp(db);
        expect((await new Client(app).request('POST', '/api/auth/sign-in', { email: 'root@example.org', password: PASSWORD })).status).toBe(401);
        const signedIn = await new Client(app).request('POST', '/api/auth/sign-in', { email: 'root@example.org', password: NEW_PASSWORD });
        expect(signedIn).toMatchObject({ status: 200, body: { worker: { id: 'root', role: 'admin' } } });
        // Kept as done on the server's command line, not by any worker.
        const root = new Client(app);
        await root.request('POST', '/api/auth/sign-in', { email: 'root@example.org', password: NEW_PASSWORD });
        const changes = (await root.request('GET', '/api/admin/account-changes?workerId=root&limit=2')).body.changes;
        expect(changes.map((c: { change: string; by: string }) => [c.change, c.by])).toEqual([['second-factor-removed', 'server command line'], ['password-set', 'server command line']]);
      } finally {
        await db.close();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
