// Erasure at the person's request: the provider's supervisor erases a case on the server; every
// device of the provider erases it at its next sync (its events, outbox, conflicts and drafts),
// a device that still had it cannot bring it back, and nothing readable of it is left in the
// database. The erasure is logged without personal data. The widgets' real IndexedDB store and
// SyncClient, on fake-indexeddb, against a real server on PGlite.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtInTemplates, newEventId, type CaseEvent } from '@casepath/core';
import { databaseName, IdbCaseStore, SyncClient, templatesById } from '@casepath/widgets/sync';
import { openPglite, type Queryable } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { startServer } from '../src/server.js';
import { backends, Client, freshDatabase, PASSWORD, seedOrganisation, testApp, testConfig } from './helpers.js';
import { ev, opening } from './pushed-events.js';
import { verifyStoredHistory } from '../src/db/history.js';

const euse = builtInTemplates['euse-supported-employment'];
const templates = templatesById(builtInTemplates);
const REF = 'OD-ERASE-77';

/** A device with its own cookie jar, which can go offline. */
function device(name: string, base: string) {
  let cookie = '';
  const state = { online: true };
  const store = new IdbCaseStore(name);
  const sync = new SyncClient(store, base, {
    live: false,
    fetch: async (input, init) => {
      if (!state.online) throw new TypeError('fetch failed: offline');
      const res = await fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } });
      const set = res.headers.get('set-cookie');
      if (set) cookie = set.split(';')[0]!;
      return res;
    },
  });
  const request = async (path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, { method: body ? 'POST' : 'GET', headers: { 'content-type': 'application/json', cookie, origin: base }, ...(body ? { body: JSON.stringify(body) } : {}) });
    const set = res.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0]!;
    return res;
  };
  return { name, store, sync, state, request };
}

/** Everything a device's IndexedDB database holds, as text. */
async function rawDevice(name: string): Promise<string> {
  const request = <T>(r: IDBRequest<T>) => new Promise<T>((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(new Error(r.error?.message ?? 'IndexedDB request failed'));
  });
  const db = await request(indexedDB.open(databaseName(name)));
  const dump: unknown[] = [];
  for (const s of db.objectStoreNames) dump.push(await request(db.transaction(s).objectStore(s).getAll()));
  db.close();
  return JSON.stringify(dump);
}

/** A real server on a fresh embedded database with the test organisation. */
async function seededServer() {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'casepath-erase-')), 'db');
  const seed = await openPglite(dataDir);
  await migrate(seed);
  await seedOrganisation(seed);
  await seed.close();
  return startServer({ ...testConfig, database: { kind: 'pglite', dataDir } });
}

describe('erasure', () => {
  it('erases a case on the server and on every device of the provider, outbox and drafts too; it cannot come back', async () => {
    const server = await seededServer();
    const base = server.url;
    try {
      const ewa = device('erase-ewa', base);
      const sara = device('erase-sara', base);
      for (const [d, who] of [[ewa, 'ewa'], [sara, 'sara']] as const) expect((await d.sync.signIn(`${who}@example.org`, PASSWORD)).ok).toBe(true);
      const actor = { id: 'ewa', role: 'coordinator' } as const;
      const opened = await ewa.store.record(
        {
          caseId: 'c-erase',
          baseSeq: -1,
          drafts: [
            { type: 'case.open', payload: { templateId: euse.id, templateVersion: 1, providerId: 'warsaw', clientRef: REF }, actor },
            { type: 'consent.grant', payload: { purpose: 'service' }, actor },
            { type: 'goal.add', payload: { goalId: 'g1', title: 'A job near the river', domain: 'employment', ownerId: 'ewa', ownerRole: 'coordinator' }, actor },
          ],
        },
        templates,
      );
      expect(opened.status).toBe('saved');
      await ewa.sync.syncOnce();
      await sara.sync.syncOnce();
      expect((await sara.store.events('c-erase')).length).toBe(3);

      // Ewa's device goes offline and keeps working on the case: an event waits, a draft is saved.
      ewa.state.online = false;
      await ewa.store.record({ caseId: 'c-erase', baseSeq: 2, drafts: [{ type: 'support.log', payload: { minutes: 30, mode: 'on-the-job' }, actor }] }, templates);
      await ewa.store.saveDraft('note:c-erase', { text: 'Talked about the river job' }, { caseId: 'c-erase' });

      // The person asks to be erased; the supervisor does it, after typing the case id.
      expect((await sara.request('/api/cases/c-erase/erase', { confirm: 'c-other' })).status).toBe(400);
      const erased = await sara.request('/api/cases/c-erase/erase', { confirm: 'c-erase' });
      expect(erased.status).toBe(200);
      expect((await ewa.request('/api/cases/c-erase')).status).toBe(404);

      // Nothing readable of it is left in the database; the erasure itself names no person.
      const tables = await server.db.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
      let dump = '';
      for (const { table_name } of tables) dump += JSON.stringify(await server.db.query(`SELECT * FROM "${table_name}"`));
      for (const plain of [REF, 'near the river', 'the river job']) expect(dump, plain).not.toContain(plain);
      expect(await server.db.query('SELECT case_id, erased_by FROM erasures')).toEqual([{ case_id: 'c-erase', erased_by: 'sara' }]);
      expect((await server.db.query("SELECT action FROM access_log WHERE 'c-erase' = ANY(case_ids) ORDER BY id DESC LIMIT 1"))[0]).toEqual({ action: 'case.erase' });
      expect((await verifyStoredHistory(server.db, server.keys)).broken).toEqual([]);

      // Both devices erase it at their next sync: events, the waiting event, conflicts, the draft.
      ewa.state.online = true;
      await ewa.sync.syncOnce();
      await sara.sync.syncOnce();
      for (const d of [ewa, sara]) {
        expect(await d.store.events('c-erase'), d.name).toEqual([]);
        expect((await d.store.cases()).map((c) => c.caseId)).not.toContain('c-erase');
        expect(d.store.pendingCount, d.name).toBe(0);
        const raw = await rawDevice(d.name);
        for (const plain of [REF, 'near the river', 'the river job']) expect(raw, `${d.name}: ${plain}`).not.toContain(plain);
      }
      expect(await ewa.store.loadDraft('note:c-erase')).toBeUndefined();

      // A device that still has the case's opening cannot bring it back.
      const again = await ewa.request('/api/sync/push', {
        deviceId: 'old-laptop',
        events: [{ event: { schemaVersion: 1, id: 'e-again', caseId: 'c-erase', seq: 0, at: new Date().toISOString(), actor, type: 'case.open', payload: { templateId: euse.id, templateVersion: 1, providerId: 'warsaw', clientRef: REF } }, knownSeq: -1 }],
      });
      expect((await again.json()).results[0]).toMatchObject({ status: 'conflict', rule: 'not-found' });
      expect(await server.db.query("SELECT id FROM cases WHERE id = 'c-erase'")).toEqual([]);
      await ewa.store.dispose();
      await sara.store.dispose();
    } finally {
      await server.close();
    }
  });

  it('reaches the device of a worker who moved to another provider before it heard of it', async () => {
    const server = await seededServer();
    const base = server.url;
    try {
      const [ewa, jan, sara, root] = [device('moved-ewa', base), device('moved-jan', base), device('moved-sara', base), device('moved-root', base)];
      for (const [d, who] of [[ewa, 'ewa'], [jan, 'jan']] as const) expect((await d.sync.signIn(`${who}@example.org`, PASSWORD)).ok).toBe(true);
      for (const [d, who] of [[sara, 'sara'], [root, 'root']] as const) expect((await d.request('/api/auth/sign-in', { email: `${who}@example.org`, password: PASSWORD })).status).toBe(200);
      const actor = { id: 'ewa', role: 'coordinator' } as const;
      await ewa.store.record(
        {
          caseId: 'c-moved',
          baseSeq: -1,
          drafts: [
            { type: 'case.open', payload: { templateId: euse.id, templateVersion: 1, providerId: 'warsaw', clientRef: REF }, actor },
            { type: 'consent.grant', payload: { purpose: 'service' }, actor },
            { type: 'worker.assign', payload: { workerId: 'jan', role: 'job-coach' }, actor },
          ],
        },
        templates,
      );
      await ewa.sync.syncOnce();
      await jan.sync.syncOnce();
      expect((await jan.store.events('c-moved')).length).toBe(3);
      // Jan's phone is offline with a visit waiting when the person is erased and he is moved to
      // the other centre, whose devices are not told of the first one's erasures.
      jan.state.online = false;
      await jan.store.record({ caseId: 'c-moved', baseSeq: 2, drafts: [{ type: 'support.log', payload: { minutes: 20, mode: 'on-the-job' }, actor: { id: 'jan', role: 'job-coach' } }] }, templates);
      expect((await sara.request('/api/cases/c-moved/erase', { confirm: 'c-moved' })).status).toBe(200);
      expect((await root.request('/api/admin/workers/jan/provider', { providerId: 'krakow' })).status).toBe(200);
      jan.state.online = true;
      await jan.sync.syncOnce();
      expect(await jan.store.events('c-moved')).toEqual([]);
      expect(jan.store.pendingCount).toBe(0);
      expect(await rawDevice(jan.name)).not.toContain(REF);
      await ewa.store.dispose();
      await jan.store.dispose();
    } finally {
      await server.close();
    }
  });

  it('only the provider’s supervisor may erase; others get 404', async () => {
    const server = await seededServer();
    try {
      const ewa = device('erase2-ewa', server.url);
      await ewa.sync.signIn('ewa@example.org', PASSWORD);
      const actor = { id: 'ewa', role: 'coordinator' } as const;
      await ewa.store.record({ caseId: 'c2', baseSeq: -1, drafts: [{ type: 'case.open', payload: { templateId: euse.id, templateVersion: 1, providerId: 'warsaw' }, actor }] }, templates);
      await ewa.sync.syncOnce();
      for (const who of ['ewa', 'anna', 'olek', 'adam', 'root']) {
        // Signed in through the API: a staff device does not take an analyst's or an administrator's session.
        const d = device(`erase2-${who}`, server.url);
        expect((await d.request('/api/auth/sign-in', { email: `${who}@example.org`, password: PASSWORD })).status, who).toBe(200);
        expect((await d.request('/api/cases/c2/erase', { confirm: 'c2' })).status, who).toBe(404);
        await d.store.dispose();
      }
      expect((await server.db.query("SELECT id FROM cases WHERE id = 'c2'")).length).toBe(1);
      await ewa.store.dispose();
    } finally {
      await server.close();
    }
  });
});

describe.each(backends)('an erasure asked again, on %s', (backend) => {
  it('twice at once or again later: erased once, the same answer to the supervisor, 404 to anyone else', async () => {
    const db = await freshDatabase(backend);
    await seedOrganisation(db);
    const { app } = testApp(db);
    const ewa = await new Client(app).signIn('ewa');
    const open = { schemaVersion: 1, id: newEventId(), caseId: 'c3', seq: 0, at: new Date().toISOString(), actor: { id: 'ewa', role: 'coordinator' }, type: 'case.open', payload: { templateId: euse.id, templateVersion: 1, providerId: 'warsaw' } } as CaseEvent;
    expect((await ewa.push([{ event: open, knownSeq: -1 }])).status).toBe(200);
    const sara = await new Client(app).signIn('sara');

    // The first answer is lost and the supervisor presses again while it is still on its way.
    const both = await Promise.all([sara.request('POST', '/api/cases/c3/erase', { confirm: 'c3' }), sara.request('POST', '/api/cases/c3/erase', { confirm: 'c3' })]);
    expect(both.map((a) => a.status)).toEqual([200, 200]);
    const { erasedAt } = both[0].body as { erasedAt: string };
    expect(both[1].body).toEqual({ erased: 'c3', erasedAt });
    // Later, again: the same answer, and still one erasure.
    expect(await sara.request('POST', '/api/cases/c3/erase', { confirm: 'c3' })).toMatchObject({ status: 200, body: { erased: 'c3', erasedAt } });
    expect(await db.query("SELECT erased_by FROM erasures WHERE case_id = 'c3'")).toEqual([{ erased_by: 'sara' }]);
    // The id must still be written: a slip of the hand is refused as before.
    expect((await sara.request('POST', '/api/cases/c3/erase', { confirm: 'c-other' })).status).toBe(400);
    // To anyone else an erased case is unknown, like one that never was.
    expect((await ewa.request('POST', '/api/cases/c3/erase', { confirm: 'c3' })).status).toBe(404);
    expect((await sara.request('POST', '/api/cases/never/erase', { confirm: 'never' })).status).toBe(404);
    await db.close();
  });

  it('a pull page read just before an erasure, and opened after it, leaves the case out; the next page erases it', async () => {
    const db = await freshDatabase(backend);
    await seedOrganisation(db);
    // The erasure commits, and its key goes, between a page's read and its opening.
    let eraseAfterRead: (() => Promise<unknown>) | null = null;
    const snapshot = db.snapshot.bind(db);
    db.snapshot = async (fn) => {
      const read = await snapshot(fn);
      const erase = eraseAfterRead;
      eraseAfterRead = null;
      if (erase) await erase();
      return read;
    };
    const { app } = testApp(db);
    const [ewa, sara] = [await new Client(app).signIn('ewa'), await new Client(app).signIn('sara')];
    const at = new Date().toISOString();
    const open = (caseId: string) => ({ event: { schemaVersion: 1, id: newEventId(), caseId, seq: 0, at, actor: { id: 'ewa', role: 'coordinator' }, type: 'case.open', payload: { templateId: euse.id, templateVersion: 1, providerId: 'warsaw' } } as CaseEvent, knownSeq: -1 });
    expect((await ewa.push([open('c-gone'), open('c-kept')])).status).toBe(200);
    eraseAfterRead = () => sara.request('POST', '/api/cases/c-gone/erase', { confirm: 'c-gone' });
    const first = await ewa.request('GET', '/api/sync/pull');
    expect(first.status).toBe(200);
    expect(first.body.events.map((e: CaseEvent) => e.caseId)).toEqual(['c-kept']);
    const next = await ewa.request('GET', `/api/sync/pull?cursor=${first.body.cursor}`);
    expect([next.body.events, next.body.erased]).toEqual([[], ['c-gone']]);
    await db.close();
  });

  // Only a real PostgreSQL lets another connection commit while a page is being read; the
  // embedded database has one connection, which the page's snapshot holds until it is read.
  it.runIf(backend === 'postgres')('an erasure committed between a page\'s reads never sends the case\'s later events to a device that holds nothing of it', async () => {
    const db = await freshDatabase(backend);
    await seedOrganisation(db);
    // The erasure's transaction commits right after the page has read its events, before it reads
    // the access changes (which go with the case); its key goes after the page is answered. The
    // page's reads, in or out of a snapshot, pass through `watch`.
    let eraseAfterEvents: (() => Promise<void>) | null = null;
    const watch = (query: Queryable['query']): Queryable['query'] => async <R>(sql: string, params?: readonly unknown[]) => {
      const rows = await query<R>(sql, params);
      const erase = eraseAfterEvents;
      if (erase && sql.includes('FROM events e JOIN cases c')) {
        eraseAfterEvents = null;
        await erase();
      }
      return rows;
    };
    const snapshot = db.snapshot.bind(db);
    db.query = watch(db.query.bind(db));
    db.snapshot = (fn) => snapshot((tx) => fn({ query: watch(tx.query.bind(tx)) }));
    const { app, keys } = testApp(db);
    let committed!: () => void;
    let releaseKey!: () => void;
    const [erasureCommitted, keyMayGo] = [new Promise<void>((r) => (committed = r)), new Promise<void>((r) => (releaseKey = r))];
    const destroy = keys.destroy.bind(keys);
    keys.destroy = async (caseIds) => {
      committed();
      await keyMayGo;
      return destroy(caseIds);
    };
    const [ewa, jan, sara] = [await new Client(app).signIn('ewa'), await new Client(app).signIn('jan'), await new Client(app).signIn('sara')];
    // Jan's device has pulled since the case was opened without him. Two visits are recorded,
    // then he is put on its team: his pages send the case whole in the assignment's window.
    expect((await ewa.push(opening('c1'))).status).toBe(200);
    const past = await jan.pullAll();
    for (const seq of [2, 3]) expect((await ewa.push([{ event: ev('c1', seq, 'support.log', { minutes: seq, mode: 'remote' }, 'ewa'), knownSeq: seq - 1 }])).status).toBe(200);
    expect((await ewa.push([{ event: ev('c1', 4, 'worker.assign', { workerId: 'jan', role: 'job-coach' }, 'ewa'), knownSeq: 3 }])).status).toBe(200);
    // His first page reads the first visit; the case is erased before the page reads who was
    // given what. Pulled on to the end, one event a page, his device hears of the erasure and
    // never gets an event of the case it holds nothing of.
    let erasing: Promise<{ status: number }> | null = null;
    eraseAfterEvents = async () => {
      erasing = sara.request('POST', '/api/cases/c1/erase', { confirm: 'c1' });
      await erasureCommitted;
    };
    const sent: number[] = [];
    const erased: string[] = [];
    let cursor = past.cursor;
    for (let pages = 0; ; pages++) {
      expect(pages).toBeLessThan(10);
      const r = await jan.request('GET', `/api/sync/pull?limit=1&cursor=${cursor}`);
      expect(r.status).toBe(200);
      sent.push(...[...r.body.backfill, ...r.body.events].map((e: CaseEvent) => e.seq));
      erased.push(...r.body.erased);
      cursor = r.body.cursor;
      releaseKey();
      if (!r.body.more) break;
    }
    expect(erasing, 'the erasure ran between the first page\'s reads').not.toBeNull();
    expect((await erasing!).status).toBe(200);
    expect({ sent, erased }).toEqual({ sent: [], erased: ['c1'] });
    await db.close();
  });
});
