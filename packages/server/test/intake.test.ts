// The public intake end to end through the HTTP API: a first contact sealed as a browser seals it,
// sent with its proof of work, stored once, unreadable to the server, opened by the provider's
// coordinator with the organisation's passphrase.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { checkIntakeProof, createIntakeKey, LockedIntakeKey, newEventId, openFirstContact, sealFirstContact, solveIntakeProof, unlockIntakeKey, type CaseEvent, type FirstContact, type SealedFirstContact } from '@casepath/core';
import { eraseExpiredFirstContacts, setIntakeKey, storeFirstContact } from '../src/db/intake.js';
import { openPglite } from '../src/db/database.js';
import type { CaseRow } from '../src/db/cases.js';
import { eraseCase } from '../src/db/erasure.js';
import { migrate } from '../src/db/migrate.js';
import { backends, Client, freshDatabase, seedOrganisation, testApp, testCaseKeys } from './helpers.js';

const PASSPHRASE = 'our intake passphrase, kept by the coordinators';
const contact: FirstContact = {
  formId: 'casepath-first-contact',
  formVersion: 1,
  lang: 'pl',
  name: 'Marta Nowicka',
  contact: { way: 'phone', detail: '+48 601 234 567' },
  help: ['work'],
  accessNeeds: ['step-free'],
  message: 'Po wypadku szukam pracy.',
  consent: { service: true, 'health-data': true },
  consentVersion: 'casepath-first-contact-1',
  sentAt: '2026-12-01T10:00:00.000Z',
};
const locked = await createIntakeKey(PASSPHRASE);

async function setUp(backend: (typeof backends)[number], config = {}) {
  const db = await freshDatabase(backend);
  await seedOrganisation(db);
  const { app } = testApp(db, config);
  return { db, app, public: new Client(app) };
}

async function send(client: Client, sealed: SealedFirstContact, difficulty = 4, headers: Record<string, string> = {}) {
  return client.request('POST', '/api/public/intake', { sealed, proof: await solveIntakeProof(sealed.id, difficulty) }, headers);
}

describe.each(backends)('public intake, on %s', (backend) => {
  it('a sealed first contact is stored once, unreadable on the server, and opened by the coordinator', async () => {
    const { db, app, public: browser } = await setUp(backend);
    const before = await browser.request('GET', '/api/public/intake/warsaw');
    expect(before.status).toBe(200);
    expect(before.body.key).toBeNull(); // no key yet: the form says it cannot send
    await setIntakeKey(db, 'open-doors', locked);

    const info = (await browser.request('GET', '/api/public/intake/warsaw')).body;
    expect(info).toMatchObject({ provider: { id: 'warsaw', name: 'Open Doors Warsaw' }, key: { keyId: locked.keyId, publicKey: locked.publicKey }, difficulty: 4 });
    expect(info.form.help.map((h: { id: string }) => h.id)).toContain('work');
    expect(JSON.stringify(info)).not.toContain(locked.wrapped); // the public never gets the locked private key

    const sealed = await sealFirstContact(contact, { provider: 'warsaw', keyId: info.key.keyId, publicKey: info.key.publicKey });
    const first = await send(browser, sealed);
    expect(first).toMatchObject({ status: 201, body: { status: 'received', id: sealed.id } });
    // The answer was lost and the browser sends again: nothing is duplicated.
    expect(await send(browser, sealed)).toMatchObject({ status: 200, body: { status: 'already-received' } });
    const rows = await db.query<{ sealed: unknown }>('SELECT sealed FROM first_contacts');
    expect(rows).toHaveLength(1);
    const dump = JSON.stringify(rows);
    for (const plain of ['Marta Nowicka', '+48 601 234 567', 'Po wypadku', '"step-free"', '"health-data"']) expect(dump).not.toContain(plain);

    const ewa = await new Client(app).signIn('ewa');
    const keys = (await ewa.request('GET', '/api/intake/keys')).body.keys;
    const list = (await ewa.request('GET', '/api/intake/first-contacts')).body.firstContacts;
    expect(list).toHaveLength(1);
    const key = await unlockIntakeKey(keys[0], PASSPHRASE);
    expect(await openFirstContact(list[0].sealed, key)).toEqual(contact);

    // Krakow's coordinator sees none of Warsaw's; a job coach and the public see nothing at all.
    const olek = await new Client(app).signIn('olek');
    expect((await olek.request('GET', '/api/intake/first-contacts')).body.firstContacts).toEqual([]);
    expect((await (await new Client(app).signIn('anna')).request('GET', '/api/intake/first-contacts')).status).toBe(404);
    expect((await (await new Client(app).signIn('adam')).request('GET', '/api/intake/keys')).status).toBe(404);
    expect((await browser.request('GET', '/api/intake/first-contacts')).status).toBe(401);

    // Turned into a case once: a second worker is told it is taken; another provider gets 404.
    expect((await olek.request('POST', `/api/intake/first-contacts/${sealed.id}/handled`, { caseId: 'c-1' })).status).toBe(404);
    expect((await ewa.request('POST', `/api/intake/first-contacts/${sealed.id}/handled`, { caseId: 'c-1' })).status).toBe(200);
    // Her answer was lost and she presses again: the same, done once.
    expect(await ewa.request('POST', `/api/intake/first-contacts/${sealed.id}/handled`, { caseId: 'c-1' })).toMatchObject({ status: 200, body: { status: 'handled', caseId: 'c-1' } });
    expect(await ewa.request('POST', `/api/intake/first-contacts/${sealed.id}/handled`, { caseId: 'c-5' })).toMatchObject({ status: 409, body: { error: 'already-handled' } });
    const sara = await new Client(app).signIn('sara');
    expect(await sara.request('POST', `/api/intake/first-contacts/${sealed.id}/handled`, { caseId: 'c-2' })).toMatchObject({ status: 409, body: { error: 'already-handled' } });
    expect((await sara.request('GET', '/api/intake/first-contacts')).body.firstContacts[0]).toMatchObject({ caseId: 'c-1', handledBy: 'ewa' });
    await db.close();
  });

  it('erases a request for help when the person asks or it is not for us, and every one after its time', async () => {
    const { db, app, public: browser } = await setUp(backend);
    await setIntakeKey(db, 'open-doors', locked);
    const to = { provider: 'warsaw', keyId: locked.keyId, publicKey: locked.publicKey };
    const asked = await sealFirstContact(contact, to);
    const kept = await sealFirstContact({ ...contact, name: 'Jan Kowalski' }, to);
    expect((await send(browser, asked)).status).toBe(201);
    expect((await send(browser, kept)).status).toBe(201);

    // Only the provider's coordinators and supervisors may; the others are told nothing exists.
    const olek = await new Client(app).signIn('olek');
    const anna = await new Client(app).signIn('anna');
    const ewa = await new Client(app).signIn('ewa');
    expect((await olek.request('POST', `/api/intake/first-contacts/${asked.id}/erase`, { why: 'asked' })).status).toBe(404);
    expect((await anna.request('POST', `/api/intake/first-contacts/${asked.id}/erase`, { why: 'asked' })).status).toBe(404);
    expect((await browser.request('POST', `/api/intake/first-contacts/${asked.id}/erase`, { why: 'asked' })).status).toBe(401);
    const bad = await ewa.request('POST', `/api/intake/first-contacts/${asked.id}/erase`, { why: 'because' });
    expect([bad.status, bad.body.message]).toEqual([400, 'why: must be "asked" (the person asked) or "not-for-us" (spam, or the wrong place)']);

    expect(await ewa.request('POST', `/api/intake/first-contacts/${asked.id}/erase`, { why: 'asked' })).toMatchObject({ status: 200, body: { status: 'erased', id: asked.id } });
    // Asked again (the first answer lost): erased, as asked; another provider still learns nothing.
    expect(await ewa.request('POST', `/api/intake/first-contacts/${asked.id}/erase`, { why: 'asked' })).toMatchObject({ status: 200, body: { status: 'erased', id: asked.id } });
    expect((await olek.request('POST', `/api/intake/first-contacts/${asked.id}/erase`, { why: 'asked' })).status).toBe(404);
    expect((await ewa.request('GET', '/api/intake/first-contacts')).body.firstContacts.map((f: { sealed: { id: string } }) => f.sealed.id)).toEqual([kept.id]);
    // What stays says nothing about the person: the opaque id, why, who and when.
    const [erasure] = await db.query<Record<string, unknown>>('SELECT * FROM first_contact_erasures');
    expect(Object.keys(erasure!).sort()).toEqual(['erased_at', 'erased_by', 'id', 'provider_id', 'why']);
    expect(erasure).toMatchObject({ id: asked.id, why: 'asked', erased_by: 'ewa', provider_id: 'warsaw' });
    expect(JSON.stringify(await db.query('SELECT * FROM first_contacts'))).not.toContain(asked.ciphertext);
    // The person's device, offline when it was sent, sends it again: told it arrived, not stored anew.
    expect(await send(browser, asked)).toMatchObject({ status: 200, body: { status: 'already-received' } });
    expect(await db.query('SELECT id FROM first_contacts WHERE id = $1', [asked.id])).toEqual([]);

    // Kept its full time (CASEPATH_INTAKE_KEEP_DAYS): erased, handled or not; newer ones stay.
    const fresh = await sealFirstContact(contact, to);
    expect((await send(browser, fresh)).status).toBe(201);
    await db.query(`UPDATE first_contacts SET received_at = now() - interval '91 days' WHERE id = $1`, [kept.id]);
    expect(await eraseExpiredFirstContacts(db, 90)).toBe(1);
    expect(await eraseExpiredFirstContacts(db, 90)).toBe(0);
    expect((await db.query<{ id: string }>('SELECT id FROM first_contacts')).map((r) => r.id)).toEqual([fresh.id]);
    expect(await db.query('SELECT why, erased_by FROM first_contact_erasures WHERE id = $1', [kept.id])).toEqual([{ why: 'kept-too-long', erased_by: null }]);

    // Erasing a case opened from a request erases the request with it, for good.
    expect((await ewa.request('POST', `/api/intake/first-contacts/${fresh.id}/handled`, { caseId: 'c-9' })).status).toBe(200);
    await eraseCase(db, testCaseKeys(), { id: 'c-9', organisationId: 'open-doors', providerId: 'warsaw' } as CaseRow, 'sara');
    expect(await db.query('SELECT id FROM first_contacts')).toEqual([]);
    expect(await send(browser, fresh)).toMatchObject({ status: 200, body: { status: 'already-received' } });
    expect(await db.query('SELECT id FROM first_contacts')).toEqual([]);
    await db.close();
  });

  it('gives a request back to the inbox when the worker’s device could not record the case, never twice', async () => {
    const { db, app, public: browser } = await setUp(backend);
    await setIntakeKey(db, 'open-doors', locked);
    const sealed = await sealFirstContact(contact, { provider: 'warsaw', keyId: locked.keyId, publicKey: locked.publicKey });
    expect((await send(browser, sealed)).status).toBe(201);
    const ewa = await new Client(app).signIn('ewa');
    const sara = await new Client(app).signIn('sara');
    const path = `/api/intake/first-contacts/${sealed.id}`;
    expect((await ewa.request('POST', `${path}/handled`, { caseId: 'c-1' })).status).toBe(200);
    // Only the worker who took it, and only for the case they took it for.
    expect((await sara.request('POST', `${path}/release`, { caseId: 'c-1' })).status).toBe(404);
    expect((await ewa.request('POST', `${path}/release`, { caseId: 'c-2' })).status).toBe(404);
    expect(await ewa.request('POST', `${path}/release`, { caseId: 'c-1' })).toMatchObject({ status: 200, body: { status: 'released' } });
    expect((await ewa.request('GET', '/api/intake/first-contacts')).body.firstContacts[0]).toMatchObject({ caseId: null, handledBy: null, handledAt: null });
    // Asked again after a lost answer: it is in the inbox already.
    expect(await ewa.request('POST', `${path}/release`, { caseId: 'c-1' })).toMatchObject({ status: 200, body: { status: 'released' } });
    // Taken again, and this time the case reached the server: it cannot be given back.
    expect((await sara.request('POST', `${path}/handled`, { caseId: 'c-3' })).status).toBe(200);
    const open = { schemaVersion: 1, id: newEventId(), caseId: 'c-3', seq: 0, at: '2026-12-01T10:05:00.000Z', actor: { id: 'sara', role: 'supervisor' }, type: 'case.open', payload: { templateId: 'euse-supported-employment', templateVersion: 1, providerId: 'warsaw' } } as CaseEvent;
    expect((await sara.push([{ event: open, knownSeq: -1 }])).status).toBe(200);
    expect(await sara.request('POST', `${path}/release`, { caseId: 'c-3' })).toMatchObject({ status: 409, body: { error: 'case-exists' } });
    await db.close();
  });

  it('refuses bad sends with the field and the rule, and stores nothing', async () => {
    const { db, public: browser } = await setUp(backend);
    await setIntakeKey(db, 'open-doors', locked);
    const sealed = await sealFirstContact(contact, { provider: 'warsaw', keyId: locked.keyId, publicKey: locked.publicKey });
    const proof = await solveIntakeProof(sealed.id, 4);
    let wrongProof = proof + 1;
    while (await checkIntakeProof(sealed.id, wrongProof, 4)) wrongProof++;
    const other = await createIntakeKey('some other organisation key');
    const cases: [unknown, number, string][] = [
      [{ sealed, proof, extra: 1 }, 400, 'extra: unknown field; remove it'],
      [{ sealed: { ...sealed, ciphertext: 'not base64!' }, proof }, 400, 'sealed.ciphertext: must be base64url'],
      [{ sealed: { ...sealed, to: 'nowhere' }, proof }, 400, 'sealed.to: there is no provider nowhere here'],
      [{ sealed: { ...sealed, keyId: other.keyId }, proof }, 400, `sealed.keyId: ${other.keyId} is not a key of this organisation`],
      [{ sealed, proof: wrongProof }, 400, 'proof: it does not prove 4 bits of work'],
      [{ sealed: { ...sealed, ciphertext: 'A'.repeat(100_000) }, proof }, 413, 'a first contact is at most 96 KB'],
    ];
    for (const [body, status, message] of cases) {
      const r = await browser.request('POST', '/api/public/intake', body);
      expect(r.status, message).toBe(status);
      expect(r.body.message).toContain(message);
    }
    expect((await browser.request('POST', '/api/public/intake', JSON.stringify({ sealed, proof }), { 'content-type': 'text/plain' })).status).toBe(415);
    expect(await db.query('SELECT id FROM first_contacts')).toEqual([]);
    await db.close();
  });

  it('answers CORS only for the allowed origins, and limits each address per hour', async () => {
    const { db, app, public: browser } = await setUp(backend, { allowedOrigins: ['https://open-doors.example.org'], intakePerHour: 2 });
    await setIntakeKey(db, 'open-doors', locked);
    const preflight = (origin: string) => app.request('/api/public/intake', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect((await preflight('https://open-doors.example.org')).headers.get('access-control-allow-origin')).toBe('https://open-doors.example.org');
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();

    for (let i = 0; i < 2; i++) expect((await send(browser, await sealFirstContact(contact, { provider: 'warsaw', keyId: locked.keyId, publicKey: locked.publicKey }))).status).toBe(201);
    const third = await send(browser, await sealFirstContact(contact, { provider: 'warsaw', keyId: locked.keyId, publicKey: locked.publicKey }));
    expect(third.status).toBe(429);
    expect(third.body.message).toContain('kept on your device');
    await db.close();
  });
});

describe('casepath-server intake-key and first-contacts', () => {
  it('makes a key, and opens what was sent to it with the key file and the passphrase', async () => {
    const bin = fileURLToPath(new URL('../src/bin/casepath-server.ts', import.meta.url));
    const dir = mkdtempSync(join(tmpdir(), 'casepath-intake-cli-'));
    const env = { ...process.env, CASEPATH_DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent' };
    const cli = (args: string[], input: string) => spawnSync(process.execPath, ['--conditions=@casepath/source', '--import', 'tsx', bin, ...args], { env, input, encoding: 'utf8' });

    const db = await openPglite(env.CASEPATH_DATA_DIR);
    await migrate(db);
    await seedOrganisation(db);
    await db.close();
    const keyFile = join(dir, 'intake-key.json');
    expect(cli(['intake-key', '--organisation', 'open-doors', '--out', keyFile], 'short').stderr).toContain('at least 12 characters');
    const made = cli(['intake-key', '--organisation', 'open-doors', '--out', keyFile], `${PASSPHRASE}\n`);
    expect(made.status, made.stderr).toBe(0);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const fileKey = LockedIntakeKey.parse(JSON.parse(readFileSync(keyFile, 'utf8')));
    expect(cli(['intake-key', '--organisation', 'open-doors', '--out', keyFile], `${PASSPHRASE}\n`).stderr).toContain('never overwritten');

    const db2 = await openPglite(env.CASEPATH_DATA_DIR);
    const sealed = await sealFirstContact(contact, { provider: 'warsaw', keyId: fileKey.keyId, publicKey: fileKey.publicKey });
    await storeFirstContact(db2, sealed);
    await db2.close();

    expect(cli(['first-contacts', '--provider', 'warsaw', '--key', keyFile], 'wrong passphrase here\n').stderr).toContain('does not unlock the key');
    const out = cli(['first-contacts', '--provider', 'warsaw', '--key', keyFile], `${PASSPHRASE}\n`);
    expect(out.status, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout.trim())).toMatchObject({ id: sealed.id, caseId: null, firstContact: contact });
  });
});
