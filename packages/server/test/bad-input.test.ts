// Bad input at every boundary: a clear 4xx naming the field and the rule, and nothing partly written.
import { describe, expect, it } from 'vitest';
import { builtInTemplates, extendTemplate, newEventId, type CaseEvent } from '@casepath/core';
import { BODY_LIMITS } from '../src/http/app.js';
import { LOCKOUT } from '../src/http/auth.js';
import { backends, Client, freshDatabase, PASSWORD, seedOrganisation, testApp } from './helpers.js';

const euse = builtInTemplates['euse-supported-employment'];
const ev = (caseId: string, seq: number, type: string, payload: unknown, extra: Record<string, unknown> = {}) => ({
  schemaVersion: 1,
  id: newEventId(),
  caseId,
  seq,
  at: '2026-03-02T09:00:00.000Z',
  actor: { id: 'ewa', role: 'coordinator' },
  type,
  payload,
  ...extra,
});
const open = (caseId: string) => ev(caseId, 0, 'case.open', { templateId: euse.id, templateVersion: 1, providerId: 'warsaw' });

describe.each(backends)('bad input on %s', (backend) => {
  async function setup() {
    const db = await freshDatabase(backend);
    await seedOrganisation(db);
    const { app } = testApp(db);
    const count = async () => (await db.query<{ n: number }>('SELECT ((SELECT count(*) FROM events) + (SELECT count(*) FROM cases))::int AS n'))[0]!.n;
    return { db, app, count, ewa: await new Client(app).signIn('ewa') };
  }

  it('refuses a push naming the field and the rule, and writes none of it', async () => {
    const { db, ewa, count } = await setup();
    const cases: [unknown, RegExp][] = [
      [{ deviceId: 'device-1', events: [{ event: open('a'), knownSeq: -1 }], extra: 1 }, /extra|Unrecognized key/],
      [{ deviceId: 'device-1', events: [{ event: open('a'), knownSeq: -1 }, { event: ev('a', 1, 'consent.grant', { purpose: 'service', note: 'x' }), knownSeq: -1 }] }, /^events\[1\]\.event\.payload\.note: unknown field/],
      // Core's sentence names the field; the push's place comes before it, said once.
      [{ deviceId: 'device-1', events: [{ event: open('a'), knownSeq: -1 }, { event: { ...open('a'), seq: 1, at: 'last tuesday' }, knownSeq: -1 }] }, /^events\[1\]\.event\.at should be an ISO 8601 date-time in UTC/],
      [{ deviceId: 'device-1', events: [{ event: open('a'), knownSeq: -2 }] }, /events\[0\]\.knownSeq/],
      [{ deviceId: 'x', events: [{ event: open('a'), knownSeq: -1 }] }, /deviceId: must be 8 to 64/],
      [{ deviceId: 'device-1', events: [] }, /events/],
    ];
    for (const [body, message] of cases) {
      const r = await ewa.request('POST', '/api/sync/push', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error).toBe('invalid-request');
      expect(r.body.message).toMatch(message);
      expect(r.body.issues[0].path).toBeTruthy();
    }
    expect(await count()).toBe(0);
    await db.close();
  });

  it('tells browsers and proxies never to keep an API answer on disk: cases are about people', async () => {
    const { db, ewa, app } = await setup();
    const answers = [
      await ewa.request('GET', '/api/sync/pull?wait=0'),
      await ewa.request('GET', '/api/auth/me'),
      await ewa.request('GET', '/api/cases/no-such-case'),
      await new Client(app).request('GET', '/api/sync/pull?wait=0'),
      await ewa.request('POST', '/api/sync/push', { deviceId: 'device-1', events: [] }),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 200, 404, 401, 400]);
    for (const r of answers) expect(r.headers.get('cache-control')).toBe('no-store');
    await db.close();
  });

  it('refuses what is not JSON, too large, or not a cursor, with a plain message', async () => {
    const { db, ewa } = await setup();
    const notJson = await ewa.request('POST', '/api/sync/push', '{"deviceId":', { 'content-type': 'application/json' });
    expect([notJson.status, notJson.body.error]).toEqual([400, 'invalid-json']);
    const plain = await ewa.request('POST', '/api/sync/push', 'hello', { 'content-type': 'text/plain' });
    expect([plain.status, plain.body.error]).toEqual([415, 'unsupported-media-type']);
    const huge = await ewa.request('POST', '/api/sync/push', { deviceId: 'device-1', events: [{ event: { ...open('a'), reason: 'x'.repeat(BODY_LIMITS.push) }, knownSeq: -1 }] });
    expect([huge.status, huge.body.error]).toEqual([413, 'too-large']);
    const cursor = await ewa.request('GET', '/api/sync/pull?cursor=not-a-cursor');
    expect(cursor.status).toBe(400);
    expect(cursor.body.message).toMatch(/^query\.cursor: /);
    const wait = await ewa.request('GET', '/api/sync/pull?wait=600');
    expect(wait.body.message).toMatch(/^query\.wait: /);
    expect((await ewa.request('GET', '/api/nothing-here')).status).toBe(404);
    await db.close();
  });

  it('checks templates before publishing; versions never change; built-in ids are not taken over', async () => {
    const { db, ewa } = await setup();
    const ours = extendTemplate(euse, { id: 'od-employment', version: 1, reviewCadenceDays: 21 });
    expect((await ewa.request('PUT', '/api/templates', ours)).status).toBe(201);
    expect((await ewa.request('PUT', '/api/templates', ours)).status).toBe(200); // the same again: no-op
    const changed = await ewa.request('PUT', '/api/templates', { ...ours, reviewCadenceDays: 30 });
    expect([changed.status, changed.body.error]).toEqual([409, 'version-exists']);
    const builtIn = await ewa.request('PUT', '/api/templates', euse);
    expect([builtIn.status, builtIn.body.error]).toEqual([409, 'built-in']);
    const broken = await ewa.request('PUT', '/api/templates', { ...ours, id: 'od-broken', initialStage: 'nowhere' });
    expect(broken.status).toBe(400);
    expect(broken.body.issues.map((i: { path: string }) => i.path)).toContain('initialStage');
    const listed = await ewa.request('GET', '/api/templates');
    expect(listed.body.templates.map((t: { id: string; version: number }) => `${t.id}@${t.version}`)).toEqual(['od-employment@1']);
    // A case opened with the organisation's own template is replayed with it on the server.
    const r = await ewa.push([{ event: ev('c1', 0, 'case.open', { templateId: 'od-employment', templateVersion: 1, providerId: 'warsaw' }) as CaseEvent, knownSeq: -1 }]);
    expect(r.body.results[0].status).toBe('accepted');
    await db.close();
  });

  it('locks an account after repeated wrong passwords, in the database, and says for how long', async () => {
    const { db, app } = await setup();
    const guesser = new Client(app);
    for (let i = 0; i < LOCKOUT.failures; i++) {
      const r = await guesser.request('POST', '/api/auth/sign-in', { email: 'anna@example.org', password: `guess-${i}` });
      expect([r.status, r.body.error]).toEqual([401, 'bad-credentials']);
    }
    const locked = await guesser.request('POST', '/api/auth/sign-in', { email: 'anna@example.org', password: PASSWORD });
    expect([locked.status, locked.body.error]).toEqual([423, 'locked']);
    expect(locked.body.message).toMatch(/try again in 1[45] minute/);
    // The same answer whatever server process is asked: the lock lives in the database.
    const other = testApp(db).app;
    expect((await new Client(other).request('POST', '/api/auth/sign-in', { email: 'anna@example.org', password: PASSWORD })).status).toBe(423);
    // Once the lockout has run out, the count starts again: one more wrong password is not a new lockout.
    await db.query(`UPDATE workers SET locked_until = now() - interval '1 second' WHERE id = 'anna'`);
    const again = await guesser.request('POST', '/api/auth/sign-in', { email: 'anna@example.org', password: 'one-more-guess' });
    expect([again.status, again.body.error]).toEqual([401, 'bad-credentials']);
    expect((await guesser.request('POST', '/api/auth/sign-in', { email: 'anna@example.org', password: PASSWORD })).status).toBe(200);
    // An unknown email gets the same answer as a wrong password.
    const unknown = await guesser.request('POST', '/api/auth/sign-in', { email: 'nobody@example.org', password: PASSWORD });
    expect([unknown.status, unknown.body.message]).toEqual([401, 'the email or password is not right']);
    await db.close();
  });

  it('limits sign-in attempts per address, and sets a session cookie that scripts cannot read', async () => {
    const { db, app } = await setup();
    const c = new Client(app);
    const ok = await app.request('/api/auth/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ewa@example.org', password: PASSWORD }) });
    const cookie = ok.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/casepath_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Strict/);
    let last = 0;
    for (let i = 0; i < 25; i++) last = (await c.request('POST', '/api/auth/sign-in', { email: `x${i}@example.org`, password: 'whatever' })).status;
    expect(last).toBe(429);
    await db.close();
  });

  it('counts only refused sign-ins against an address: an office behind one address signs in at nine, a guesser there is still braked', async () => {
    const { db, app } = await setup();
    const signIn = (email: string, password: string) => app.request('/api/auth/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await signIn(['ewa@example.org', 'anna@example.org', 'sara@example.org'][i % 3]!, PASSWORD)).status);
    expect(statuses).toEqual(Array.from({ length: 30 }, () => 200));
    const guesses: number[] = [];
    for (let i = 0; i < 21; i++) guesses.push((await signIn(`x${i}@example.org`, 'whatever')).status);
    expect(guesses.slice(0, 20)).toEqual(Array.from({ length: 20 }, () => 401));
    expect(guesses[20]).toBe(429);
    await db.close();
  });
});
