// Every endpoint that takes a body gets hostile JSON: each field of a valid body replaced in turn
// by values that have broken parsers before (a `length` that cannot be compared with a number,
// `__proto__` and `constructor` keys, wrong types, huge numbers, U+0000 and half of a surrogate
// pair, which PostgreSQL refuses or changes, nesting 100,000 levels deep), and random hostile JSON
// from fast-check; then every endpoint's address and query parameters get hostile text. The
// server must answer with a 4xx that says what is wrong (or accept what is valid), never a 500,
// and no key may reach Object.prototype.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { builtInInstruments, builtInTemplates, createIntakeKey, extendTemplate, newEventId, sealFirstContact, solveIntakeProof, type FirstContact } from '@casepath/core';
import { setIntakeKey } from '../src/db/intake.js';
import { Client, freshDatabase, PASSWORD, seedOrganisation, testApp } from './helpers.js';

const euse = builtInTemplates['euse-supported-employment'];

/** Values that have made parsers throw instead of answering, or could pollute prototypes. */
const HOSTILE: unknown[] = JSON.parse(
  '[{"length":[[{"toString":null}]]},{"length":{"toString":null,"valueOf":null}},{"__proto__":{"polluted":true}},{"constructor":{"prototype":{"polluted":true}}},[],null,1e308,-1,true,"","a\\u0000b","\\ud800",{"a\\u0000":1}]',
) as unknown[];

const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString'];
const hostileJson: fc.Arbitrary<unknown> = fc
  .letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom(...HOSTILE),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 8 })), tie('value'), { maxKeys: 5 }),
    ),
  }))
  .value.map((v) => JSON.parse(JSON.stringify(v)) as unknown);

/** The paths to a body's fields: every key of every object, the first item of every list. */
function fieldPaths(body: unknown): (string | number)[][] {
  const paths: (string | number)[][] = [];
  const walk = (v: unknown, path: (string | number)[]) => {
    paths.push(path);
    if (Array.isArray(v)) v.slice(0, 1).forEach((x, i) => walk(x, [...path, i]));
    else if (v && typeof v === 'object') Object.entries(v).forEach(([k, x]) => walk(x, [...path, k]));
  };
  walk(body, []);
  return paths;
}

/** The JSON text of `body` with the field at `path` replaced by `value` (hostile keys stay own keys). */
function replacedText(body: unknown, path: (string | number)[], value: unknown): string {
  return replacedWithJson(body, path, JSON.stringify(value));
}

/** The JSON text of `body` with the field at `path` replaced by the JSON text `json`. */
function replacedWithJson(body: unknown, path: (string | number)[], json: string): string {
  if (path.length === 0) return json;
  const marker = '"__casepath_fuzz_marker__"';
  const copy = JSON.parse(JSON.stringify(body)) as Record<string | number, unknown>;
  let at = copy;
  for (const p of path.slice(0, -1)) at = at[p] as Record<string | number, unknown>;
  at[path[path.length - 1]!] = JSON.parse(marker);
  // Spliced as text, so `{"__proto__": …}` arrives as JSON.parse makes it: an own key.
  return JSON.stringify(copy).replace(marker, () => json);
}

afterEach(() => {
  expect(Object.prototype).not.toHaveProperty('polluted');
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

const open = () => ({ schemaVersion: 1, id: newEventId(), caseId: 'fuzz-case', seq: 0, at: '2026-03-02T09:00:00.000Z', actor: { id: 'ewa', role: 'coordinator' }, type: 'case.open', payload: { templateId: euse.id, templateVersion: 1, providerId: 'warsaw' } });

describe('every endpoint with a body, fuzzed (PGlite)', () => {
  it('answers hostile bodies with a 4xx that says what is wrong, never a 500', { timeout: 120_000 }, async () => {
    const db = await freshDatabase('pglite');
    await seedOrganisation(db);
    const { app } = testApp(db, { intakePerHour: 100_000 });
    const ewa = await new Client(app).signIn('ewa');
    const sara = await new Client(app).signIn('sara');
    const root = await new Client(app).signIn('root');
    const olek = await new Client(app).signIn('olek');
    const visitor = new Client(app);

    const locked = await createIntakeKey('fuzzing passphrase, long enough');
    await setIntakeKey(db, 'open-doors', locked);
    const contact: FirstContact = { formId: 'casepath-first-contact', formVersion: 1, lang: 'en', name: 'Sam', contact: { way: 'phone', detail: '+48 601 234 567' }, help: ['work'], accessNeeds: [], consent: { service: true }, consentVersion: 'casepath-first-contact-1', sentAt: '2026-12-01T10:00:00.000Z' };
    expect((await ewa.request('POST', '/api/auth/second-factor/setup', { email: 'ewa@example.org', password: PASSWORD })).status).toBe(200);
    const sealed = await sealFirstContact(contact, { provider: 'warsaw', keyId: locked.keyId, publicKey: locked.publicKey });

    const endpoints: { name: string; client: Client; method: string; path: string; body: unknown; answer: number }[] = [
      { name: 'push', client: ewa, method: 'POST', path: '/api/sync/push', body: { deviceId: 'device-fuzz-1', events: [{ event: open(), knownSeq: -1 }] }, answer: 200 },
      { name: 'publish a template', client: ewa, method: 'PUT', path: '/api/templates', body: extendTemplate(euse, { id: 'od-fuzz', version: 1, reviewCadenceDays: 21 }), answer: 201 },
      { name: 'publish an instrument', client: ewa, method: 'PUT', path: '/api/instruments', body: { ...builtInInstruments['vocational-profile'], id: 'od-fuzz-profile' }, answer: 201 },
      { name: 'erase a case', client: sara, method: 'POST', path: '/api/cases/fuzz-case/erase', body: { confirm: 'no-such-case' }, answer: 400 },
      { name: 'confirm who is at the device', client: sara, method: 'POST', path: '/api/auth/confirm', body: { password: PASSWORD }, answer: 200 },
      { name: 'resolve a conflict', client: ewa, method: 'POST', path: '/api/conflicts/no-such-event/resolve', body: { resolution: 'checked with the job coach' }, answer: 404 },
      { name: 'add a provider', client: root, method: 'POST', path: '/api/admin/providers', body: { id: 'gdansk', name: 'Open Doors Gdańsk' }, answer: 201 },
      { name: 'add a worker', client: root, method: 'POST', path: '/api/admin/workers', body: { id: 'nina', email: 'nina@example.org', displayName: 'New Worker', role: 'job-coach', providerId: 'warsaw', password: PASSWORD }, answer: 201 },
      { name: 'give a worker another role', client: root, method: 'POST', path: '/api/admin/workers/anna/role', body: { role: 'supervisor' }, answer: 200 },
      { name: 'move a worker to another provider', client: root, method: 'POST', path: '/api/admin/workers/kasia/provider', body: { providerId: 'warsaw' }, answer: 200 },
      { name: 'turn an account off', client: root, method: 'POST', path: '/api/admin/workers/jan/active', body: { active: false }, answer: 200 },
      // Olek's own change first: hostile bodies lock his account, which the administrator's new password lifts.
      { name: 'change one’s own password', client: olek, method: 'POST', path: '/api/auth/password', body: { password: PASSWORD, newPassword: 'another long password' }, answer: 200 },
      { name: 'give a worker a new password', client: root, method: 'POST', path: '/api/admin/workers/olek/password', body: { password: 'one more long password' }, answer: 200 },
      { name: 'take a second factor away', client: root, method: 'POST', path: '/api/admin/workers/olek/second-factor', body: { enabled: false }, answer: 200 },
      { name: 'public intake', client: visitor, method: 'POST', path: '/api/public/intake', body: { sealed, proof: await solveIntakeProof(sealed.id, 4) }, answer: 201 },
      { name: 'mark a first contact handled', client: ewa, method: 'POST', path: `/api/intake/first-contacts/${sealed.id}/handled`, body: { caseId: 'fuzz-case' }, answer: 200 },
      { name: 'give a request back', client: ewa, method: 'POST', path: `/api/intake/first-contacts/${sealed.id}/release`, body: { caseId: 'fuzz-case' }, answer: 409 },
      { name: 'erase a request for help', client: ewa, method: 'POST', path: `/api/intake/first-contacts/${sealed.id}/erase`, body: { why: 'not-for-us' }, answer: 200 },
      { name: 'second factor: enable', client: ewa, method: 'POST', path: '/api/auth/second-factor/enable', body: { email: 'ewa@example.org', password: PASSWORD, code: '123456' }, answer: 401 },
      // Last: hostile sign-ins lock the account and use up the address's attempts.
      { name: 'sign in', client: visitor, method: 'POST', path: '/api/auth/sign-in', body: { email: 'anna@example.org', password: PASSWORD }, answer: 200 },
    ];

    const failures: string[] = [];
    let refused = 0;
    const check = async (name: string, client: Client, method: string, path: string, text: string) => {
      const r = await client.request(method, path, text);
      if (r.status >= 500 || r.status < 200) failures.push(`${name}: ${r.status} for ${text.slice(0, 200)}`);
      else if (r.status >= 400) {
        refused++;
        if (typeof r.body?.error !== 'string' || typeof r.body?.message !== 'string' || r.body.message.length < 10) failures.push(`${name}: ${r.status} without a clear message for ${text.slice(0, 200)}`);
      }
    };

    for (const e of endpoints) {
      // The valid body is answered (2xx, or a 4xx such as "no such case" that is not about its shape).
      const valid = await e.client.request(e.method, e.path, JSON.stringify(e.body));
      // The valid body is answered as such: created, or refused for what it says (a case id to
      // confirm, a conflict that does not exist, a wrong code), so the hostile ones reach the checks.
      expect(valid.status, `${e.name}: ${JSON.stringify(valid.body)}`).toBe(e.answer);
      for (const path of fieldPaths(e.body)) for (const value of HOSTILE) await check(e.name, e.client, e.method, e.path, replacedText(e.body, path, value));
      // Nesting a recursive walk cannot follow (100,000 levels in 200 KB), in place of the body and of its first field.
      for (const path of fieldPaths(e.body).slice(0, 2)) await check(e.name, e.client, e.method, e.path, replacedWithJson(e.body, path, `${'['.repeat(100_000)}${']'.repeat(100_000)}`));
      await fc.assert(
        fc.asyncProperty(hostileJson, async (raw) => {
          await check(e.name, e.client, e.method, e.path, JSON.stringify(raw));
        }),
        { numRuns: 25 },
      );
    }
    expect(failures).toEqual([]);
    expect(refused).toBeGreaterThan(500);
    await db.close();
  });
});

/** Text that has broken databases and parsers in an address or a query: as sent, percent-encoded. */
const HOSTILE_TEXT = ['', '%00', 'a%00b', '%ED%A0%80', '%ZZ', '%', '2025-02-30', '-1', '1e308', '99999999999999999999', 'x'.repeat(3000), "'%20OR%201=1%20--", '__proto__', '%F0%9D%94%98'];
const cursor = (c: unknown) => Buffer.from(JSON.stringify(c)).toString('base64url');

describe('every endpoint’s address and query, fuzzed (PGlite)', () => {
  it('answers hostile text in a path or query parameter with a 4xx that says what is wrong, never a 500', { timeout: 120_000 }, async () => {
    const db = await freshDatabase('pglite');
    await seedOrganisation(db);
    const { app } = testApp(db);
    const [ewa, adam, root] = [await new Client(app).signIn('ewa'), await new Client(app).signIn('adam'), await new Client(app).signIn('root')];
    const visitor = new Client(app);
    // Each with X where the hostile text goes.
    const addresses: [Client, string][] = [
      [adam, '/api/aggregates/indicators?asOf=X'],
      [adam, '/api/aggregates/regional?asOf=X'],
      [adam, '/api/aggregates/files?X=1'],
      [ewa, '/api/cases/X'],
      [ewa, '/api/cases/X/export?format=json'],
      [ewa, '/api/cases/c1/export?format=X&recipient=X'],
      [ewa, '/api/access-log?caseId=X&limit=X'],
      [ewa, '/api/conflicts?X=X'],
      [ewa, '/api/sync/pull?cursor=X'],
      [ewa, '/api/sync/pull?limit=X&wait=X'],
      [ewa, `/api/sync/pull?cursor=${cursor({ db: '1', txid: '99999999999999999999', caseId: null, seq: 99999999999 })}&X`],
      [ewa, '/api/intake/first-contacts?X=X'],
      [root, '/api/admin/account-changes?workerId=X&limit=X'],
      [root, '/api/admin/workers?X=X'],
      [visitor, '/api/public/intake/X'],
      [visitor, '/api/auth/oidc/start?return=X'],
      [visitor, '/api/auth/oidc/callback?state=X&code=X'],
    ];
    const failures: string[] = [];
    for (const [client, address] of addresses) {
      for (const text of HOSTILE_TEXT) {
        const path = address.replaceAll('X', text);
        const r = await client.request('GET', path);
        if (r.status >= 500) failures.push(`${r.status} for GET ${path.slice(0, 120)}`);
        else if (r.status >= 400 && (typeof r.body?.message !== 'string' || r.body.message.length < 10)) failures.push(`${r.status} without a clear message for GET ${path.slice(0, 120)}`);
      }
    }
    expect(failures).toEqual([]);
    // Said as such, where it is.
    expect(await ewa.request('GET', '/api/cases/a%00b')).toMatchObject({ status: 400, body: { message: 'path: has a character that is not text (U+0000, or half of a surrogate pair); remove it' } });
    expect(await adam.request('GET', '/api/aggregates/regional?asOf=%ED%A0%80')).toMatchObject({ status: 400, body: { message: expect.stringMatching(/^query.asOf: /) } });
    await db.close();
  });
});
