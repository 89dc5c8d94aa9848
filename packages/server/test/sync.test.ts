import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { newEventId, replay, type CaseEvent } from '@casepath/core';
import { backends, Client, freshDatabase, seedOrganisation, testApp, type Person } from './helpers.js';
import { countReads } from './count-reads.js';
import { euse, ev, opening } from './pushed-events.js';

describe.each(backends)('sync on %s', (backend) => {
  async function setup() {
    const db = await freshDatabase(backend);
    await seedOrganisation(db);
    const { app, changes, keys } = testApp(db);
    const as = async (who: Person) => new Client(app).signIn(who);
    /** Signed in on another server process on the same database (an app of its own, its own change feed). */
    const elsewhere = async (who: Person) => new Client(testApp(db, {}, keys).app).signIn(who);
    return { db, app, changes, as, elsewhere };
  }

  interface Page {
    events: CaseEvent[];
    backfill: CaseEvent[];
    cursor: string;
  }
  /** Every page of a pull from `cursor` (none: a new device's), `limit` events a page; a pull that sends the same again never ends, and fails. */
  async function pullPages(client: Client, limit: number, cursor = ''): Promise<Page[]> {
    const pages: Page[] = [];
    for (;;) {
      const r = await client.request('GET', `/api/sync/pull?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status).toBe(200);
      pages.push(r.body);
      cursor = r.body.cursor;
      if (!r.body.more) return pages;
      expect(pages.length).toBeLessThan(50);
    }
  }

  it('opens a case by pushing its first events; a retried push changes nothing', async () => {
    const { db, as } = await setup();
    const ewa = await as('ewa');
    const events = opening('c1');
    const first = await ewa.push(events);
    expect(first.status).toBe(200);
    expect(first.body.results.map((r: any) => [r.status, r.seq])).toEqual([['accepted', 0], ['accepted', 1]]);
    const again = await ewa.push(events);
    expect(again.body.results).toEqual(first.body.results);
    const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
    expect(rows[0]!.n).toBe(2);
    await db.close();
  });

  it('appends a valid event recorded against an old head after the new head; keeps a clashing one for review', async () => {
    const { db, as } = await setup();
    const ewa = await as('ewa');
    const sara = await as('sara');
    await ewa.push(opening('c1'));
    // Both saw the case at #1. Sara moves it; Ewa, offline, logs support and also moves it.
    const moved = await sara.push([{ event: ev('c1', 2, 'stage.enter', { stage: 'vocational-profiling' }, 'sara'), knownSeq: 1 }]);
    expect(moved.body.results[0]).toMatchObject({ status: 'accepted', seq: 2 });
    const offline = await ewa.push([
      { event: ev('c1', 2, 'support.log', { minutes: 30, mode: 'remote' }, 'ewa'), knownSeq: 1 },
      { event: ev('c1', 3, 'stage.enter', { stage: 'vocational-profiling' }, 'ewa'), knownSeq: 1 },
    ]);
    expect(offline.body.results.map((r: any) => r.status)).toEqual(['accepted', 'conflict']);
    expect(offline.body.results[0].seq).toBe(3);
    expect(offline.body.results[1]).toMatchObject({ rule: 'concurrent-change' });
    expect(offline.body.results[1].reason).toContain('stage.enter by sara (supervisor)');
    const listed = await ewa.request('GET', '/api/conflicts');
    expect(listed.body.conflicts.map((k: any) => [k.caseId, k.rule, k.workerId])).toEqual([['c1', 'concurrent-change', 'ewa']]);
    expect(listed.body.conflicts[0].event.payload).toEqual({ stage: 'vocational-profiling' });
    // Reviewed in the reviewer's own words, which are stored sealed like the event and its reason.
    const eventId = listed.body.conflicts[0].eventId;
    expect((await ewa.request('POST', `/api/conflicts/${eventId}/resolve`, { resolution: 'Sara had already moved it; agreed by phone with Mr K.' })).status).toBe(200);
    const resolved = await ewa.request('GET', '/api/conflicts');
    expect(resolved.body.conflicts[0]).toMatchObject({ eventId, resolution: 'Sara had already moved it; agreed by phone with Mr K.' });
    expect(resolved.body.conflicts[0].resolvedAt).toEqual(expect.any(String));
    // The first review stands: Sara (who may review the provider's) is told who was first, and
    // her words are not put over Ewa's; Ewa's retry (an answer lost) still goes through.
    const late = await sara.request('POST', `/api/conflicts/${eventId}/resolve`, { resolution: 'Reverted my move.' });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ error: 'already-reviewed', resolvedBy: 'ewa', resolvedAt: resolved.body.conflicts[0].resolvedAt });
    expect(late.body.message).toBe(`Ewa marked this change reviewed at ${resolved.body.conflicts[0].resolvedAt}; their words stand and yours were not recorded`);
    expect((await ewa.request('POST', `/api/conflicts/${eventId}/resolve`, { resolution: 'Sara had already moved it; agreed by phone with Mr K.' })).status).toBe(200);
    expect((await sara.request('GET', '/api/conflicts')).body.conflicts[0]).toMatchObject({ eventId, resolution: 'Sara had already moved it; agreed by phone with Mr K.' });
    // A worker of another provider learns nothing of it.
    expect((await (await as('olek')).request('POST', `/api/conflicts/${eventId}/resolve`, { resolution: 'x' })).status).toBe(404);
    const pulled = await ewa.pullAll();
    expect(pulled.conflicts.filter((k: any) => k.eventId === eventId).at(-1)?.resolution).toBe('Sara had already moved it; agreed by phone with Mr K.');
    const [stored] = await db.query<{ event: unknown; reason: string; resolution: string }>('SELECT event, reason, resolution FROM conflicts');
    for (const value of Object.values(stored!)) expect(value).toMatch(/^v1:/);
    expect(JSON.stringify(stored)).not.toContain('Mr K.');
    // The history replays cleanly and holds each accepted event once.
    const { body } = await ewa.request('GET', '/api/cases/c1');
    expect(body.events.map((e: CaseEvent) => e.type)).toEqual(['case.open', 'consent.grant', 'stage.enter', 'support.log']);
    expect(() => replay(euse, body.events)).not.toThrow();
    await db.close();
  });

  it('sends a kept change to its author’s devices and to the provider’s coordinators and supervisors, who review it for the team; to no one else', async () => {
    const { db, as } = await setup();
    const [ewa, sara, anna, olek] = [await as('ewa'), await as('sara'), await as('anna'), await as('olek')];
    await ewa.push(opening('c1'));
    await ewa.push([{ event: ev('c1', 2, 'worker.assign', { workerId: 'anna', role: 'job-coach' }, 'ewa'), knownSeq: 1 }]);
    // Anna, offline, moves the stage Ewa has moved meanwhile: kept for review.
    await ewa.push([{ event: ev('c1', 3, 'stage.enter', { stage: 'vocational-profiling' }, 'ewa'), knownSeq: 2 }]);
    const move = ev('c1', 3, 'stage.enter', { stage: 'vocational-profiling' }, 'anna');
    expect((await anna.push([{ event: move, knownSeq: 2 }])).body.results[0]).toMatchObject({ status: 'conflict' });
    const keptIn = async (who: Client) => (await who.pullAll()).conflicts.filter((k: any) => k.eventId === move.id);
    expect((await keptIn(anna)).map((k: any) => k.event.actor.id)).toEqual(['anna']);
    expect((await keptIn(ewa)).map((k: any) => [k.caseId, k.rule, k.event.actor.id])).toEqual([['c1', 'concurrent-change', 'anna']]);
    expect(await keptIn(sara)).toHaveLength(1);
    expect(await keptIn(olek), 'a coordinator of another provider').toEqual([]);
    // Ewa's own kept change does not reach Anna, who may see the case but reviews only her own.
    await ewa.push([{ event: ev('c1', 4, 'case.pause', {}, 'ewa'), knownSeq: 3 }]);
    const visit = ev('c1', 4, 'support.log', { minutes: 20, mode: 'remote' }, 'ewa');
    expect((await ewa.push([{ event: visit, knownSeq: 4 }])).body.results[0]).toMatchObject({ status: 'conflict', rule: 'case-paused' });
    expect((await anna.pullAll()).conflicts.map((k: any) => k.eventId)).toEqual([move.id]);
    // Reviewed by the coordinator from her device: the author's next pull lets it go.
    const cursor = (await anna.pullAll()).cursor;
    expect((await ewa.request('POST', `/api/conflicts/${move.id}/resolve`, { resolution: 'Agreed with Anna: it was moved already.' })).status).toBe(200);
    const after = await anna.pullAll(cursor);
    expect(after.conflicts.map((k: any) => [k.eventId, k.resolution])).toEqual([[move.id, 'Agreed with Anna: it was moved already.']]);
    // The upgrade to schema 13 sends what is still open again: a lead's device that was past it
    // before leads got the team's finds it at its next pull; the one reviewed is not sent again.
    const past = (await sara.pullAll()).cursor;
    await db.exec(readFileSync(new URL('../src/db/migrations/013.do.resend-open-conflicts.sql', import.meta.url), 'utf8'));
    expect((await sara.pullAll(past)).conflicts.map((k: any) => [k.eventId, k.resolvedAt])).toEqual([[visit.id, null]]);
    await db.close();
  });

  it('a new role changes what the worker’s devices hold: made coordinator, the next pull brings the provider’s cases whole and their open kept changes; back to job coach, it drops those they are not on', async () => {
    const { db, as } = await setup();
    const [ewa, jan, anna, root] = [await as('ewa'), await as('jan'), await as('anna'), await as('root')];
    await ewa.push(opening('c1'));
    await ewa.push([{ event: ev('c1', 2, 'worker.assign', { workerId: 'anna', role: 'job-coach' }, 'ewa'), knownSeq: 1 }]);
    await ewa.push(opening('c2'));
    await ewa.push([{ event: ev('c2', 2, 'case.pause', {}, 'ewa'), knownSeq: 1 }]);
    const kept = ev('c2', 2, 'support.log', { minutes: 20, mode: 'remote' }, 'ewa');
    expect((await ewa.push([{ event: kept, knownSeq: 1 }])).body.results[0]).toMatchObject({ status: 'conflict' });
    await jan.push(opening('c3', 'jan'));
    const past = await jan.pullAll();
    expect([...new Set(past.events.map((e) => e.caseId))]).toEqual(['c3']);

    // Only an administrator may, not for their own account; the role is one of the vocabulary.
    expect((await ewa.request('POST', '/api/admin/workers/jan/role', { role: 'coordinator' })).status).toBe(404);
    expect((await root.request('POST', '/api/admin/workers/root/role', { role: 'job-coach' })).body).toMatchObject({ error: 'own-account' });
    expect((await root.request('POST', '/api/admin/workers/nobody/role', { role: 'job-coach' })).status).toBe(404);
    const analyst = await root.request('POST', '/api/admin/workers/jan/role', { role: 'analyst' });
    expect(analyst.status).toBe(409);
    expect(analyst.body).toMatchObject({ error: 'separate-account', message: expect.stringContaining('create a separate analyst account') });
    const bad = await root.request('POST', '/api/admin/workers/jan/role', { role: 'boss' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('role');

    // A visit he records offline as job coach, sent only after the change.
    const offlineVisit = ev('c3', 2, 'support.log', { minutes: 30, mode: 'on-the-job' }, 'jan', new Date(Date.now() - 60_000).toISOString());
    const up = await root.request('POST', '/api/admin/workers/jan/role', { role: 'coordinator' });
    expect(up.status).toBe(200);
    // The visit happened while he was a job coach: it is his. One dated after the change in the
    // role he left is not; in his new role it is.
    expect((await jan.push([{ event: offlineVisit, knownSeq: 1 }])).body.results[0]).toMatchObject({ status: 'accepted' });
    const late = ev('c3', 3, 'support.log', { minutes: 15, mode: 'remote' }, 'jan', new Date().toISOString());
    expect((await jan.push([{ event: late, knownSeq: 2 }])).body.results[0]).toMatchObject({ status: 'conflict', rule: 'not-yours' });
    expect((await jan.push([{ event: { ...late, id: newEventId(), actor: { id: 'jan', role: 'coordinator' } }, knownSeq: 2 }])).body.results[0]).toMatchObject({ status: 'accepted' });
    expect(await db.query('SELECT worker_id, from_role, to_role, changed_by FROM role_changes')).toEqual([{ worker_id: 'jan', from_role: 'job-coach', to_role: 'coordinator', changed_by: 'root' }]);
    expect(up.body).toMatchObject({ worker: { id: 'jan', role: 'coordinator', active: true }, casesGained: 2, casesLost: 0 });
    // His session carries the new role at once; his device's next pull brings c1 and c2 from
    // their first event, and Ewa's change still open for review there.
    expect((await jan.request('GET', '/api/cases/c2')).status).toBe(200);
    const promoted = await jan.pullAll(past.cursor);
    const whole = (caseId: string) => promoted.backfill.filter((e) => e.caseId === caseId).map((e) => e.seq);
    expect(whole('c1')).toEqual([0, 1, 2]);
    expect(whole('c2')).toEqual([0, 1, 2]);
    expect(promoted.conflicts.map((k: any) => [k.eventId, k.resolvedAt])).toEqual([[kept.id, null]]);
    expect(promoted.revoked).toEqual([]);

    const down = await root.request('POST', '/api/admin/workers/jan/role', { role: 'job-coach' });
    expect(down.body).toMatchObject({ worker: { role: 'job-coach' }, casesGained: 0, casesLost: 2 });
    expect((await jan.request('GET', '/api/cases/c2')).status).toBe(404);
    const demoted = await jan.pullAll(promoted.cursor);
    expect(demoted.revoked).toEqual(['c1', 'c2']);
    expect(demoted.backfill).toEqual([]);
    // The case he opened stays his; Anna, on c1's team, is untouched by either change.
    expect((await jan.request('GET', '/api/cases/c3')).status).toBe(200);
    const annas = await anna.pullAll();
    expect(annas.revoked).toEqual([]);
    expect([...new Set(annas.events.map((e) => e.caseId))]).toEqual(['c1']);
    await db.close();
  });

  it('a move to another provider changes what the worker’s devices hold: the old provider’s cases go, a coordinator gets the new one’s whole with its kept changes; moved back, they return', async () => {
    const { db, as } = await setup();
    const [ewa, anna, kasia, root] = [await as('ewa'), await as('anna'), await as('kasia'), await as('root')];
    await ewa.push(opening('c1'));
    await ewa.push([{ event: ev('c1', 2, 'worker.assign', { workerId: 'anna', role: 'job-coach' }, 'ewa'), knownSeq: 1 }]);
    await kasia.push(opening('k1', 'kasia', 'krakow'));
    await kasia.push([{ event: ev('k1', 2, 'case.pause', {}, 'kasia'), knownSeq: 1 }]);
    const kept = ev('k1', 3, 'support.log', { minutes: 20, mode: 'remote' }, 'kasia');
    expect((await kasia.push([{ event: kept, knownSeq: 1 }])).body.results[0]).toMatchObject({ status: 'conflict' });
    const annaBefore = await anna.pullAll();
    expect([...new Set(annaBefore.events.map((e) => e.caseId))]).toEqual(['c1']);
    const ewaBefore = await ewa.pullAll();

    // Only an administrator may; the provider is one of the organisation's; an analyst has none.
    expect((await ewa.request('POST', '/api/admin/workers/anna/provider', { providerId: 'krakow' })).status).toBe(404);
    expect((await root.request('POST', '/api/admin/workers/nobody/provider', { providerId: 'krakow' })).status).toBe(404);
    const unknown = await root.request('POST', '/api/admin/workers/anna/provider', { providerId: 'gdansk' });
    expect([unknown.status, unknown.body.message]).toEqual([400, 'providerId: there is no provider gdansk in your organisation']);
    const malformed = await root.request('POST', '/api/admin/workers/anna/provider', { providerId: 'Kraków!', note: 'x' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toContain('providerId');
    expect((await root.request('POST', '/api/admin/workers/adam/provider', { providerId: 'krakow' })).body).toMatchObject({ error: 'no-cases' });

    // Anna, a job coach, moves to Kraków: the case she was on in Warsaw goes at once.
    const moved = await root.request('POST', '/api/admin/workers/anna/provider', { providerId: 'krakow' });
    expect(moved.body).toMatchObject({ worker: { id: 'anna', providerId: 'krakow', role: 'job-coach' }, casesGained: 0, casesLost: 1 });
    expect((await anna.request('GET', '/api/cases/c1')).status).toBe(404);
    const annaMoved = await anna.pullAll(annaBefore.cursor);
    expect([annaMoved.revoked, annaMoved.backfill, annaMoved.events]).toEqual([['c1'], [], []]);
    // Ewa, coordinator, moves too: Warsaw's cases go (also the one she opened), Kraków's come
    // whole, with the kept change still open for review there.
    expect((await root.request('POST', '/api/admin/workers/ewa/provider', { providerId: 'krakow' })).body).toMatchObject({ casesGained: 1, casesLost: 1 });
    const ewaMoved = await ewa.pullAll(ewaBefore.cursor);
    expect(ewaMoved.revoked).toEqual(['c1']);
    expect(ewaMoved.backfill.map((e) => [e.caseId, e.seq])).toEqual([['k1', 0], ['k1', 1], ['k1', 2]]);
    expect(ewaMoved.conflicts.map((k: any) => [k.eventId, k.resolvedAt])).toEqual([[kept.id, null]]);
    expect((await ewa.request('GET', '/api/cases/k1')).status).toBe(200);
    expect((await ewa.push([{ event: ev('c1', 3, 'support.log', { minutes: 10, mode: 'remote' }, 'ewa'), knownSeq: 2 }])).body.results[0]).toMatchObject({ status: 'conflict', rule: 'not-found' });

    // Back in Warsaw, Anna is on c1's team again: it comes back whole. Each move is kept.
    expect((await root.request('POST', '/api/admin/workers/anna/provider', { providerId: 'warsaw' })).body).toMatchObject({ casesGained: 1, casesLost: 0 });
    expect((await anna.pullAll(annaMoved.cursor)).backfill.map((e) => [e.caseId, e.seq])).toEqual([['c1', 0], ['c1', 1], ['c1', 2]]);
    expect(await db.query('SELECT worker_id, from_provider, to_provider, moved_by FROM provider_moves ORDER BY moved_at')).toEqual([
      { worker_id: 'anna', from_provider: 'warsaw', to_provider: 'krakow', moved_by: 'root' },
      { worker_id: 'ewa', from_provider: 'warsaw', to_provider: 'krakow', moved_by: 'root' },
      { worker_id: 'anna', from_provider: 'krakow', to_provider: 'warsaw', moved_by: 'root' },
    ]);
    await db.close();
  });

  it('a long poll open while the worker’s role or provider changes answers with the new one: the cases gained come whole, none is passed over', async () => {
    const { db, changes, as } = await setup();
    const [ewa, jan, root] = [await as('ewa'), await as('jan'), await as('root')];
    await ewa.push(opening('c1'));
    const past = await jan.pullAll();
    // The device's long poll is waiting (its session read before the change) when Jan is made coordinator.
    const waiting = new Promise<void>((resolve) => {
      const wait = changes.wait.bind(changes);
      changes.wait = (...args) => (resolve(), wait(...args));
    });
    const polling = jan.request('GET', `/api/sync/pull?limit=500&wait=5&cursor=${past.cursor}`);
    await waiting;
    expect((await root.request('POST', '/api/admin/workers/jan/role', { role: 'coordinator' })).status).toBe(200);
    const answer = await polling;
    expect(answer.status).toBe(200);
    const rest = await jan.pullAll(answer.body.cursor);
    expect([...answer.body.backfill, ...rest.backfill].filter((e: CaseEvent) => e.caseId === 'c1').map((e: CaseEvent) => e.seq)).toEqual([0, 1]);
    // Moved to Kraków while his device's long poll waits: it answers with Warsaw's cases dropped
    // and Kraków's coming whole, though his session was read in Warsaw.
    await (await as('olek')).push(opening('k1', 'olek', 'krakow'));
    const moving = new Promise<void>((resolve) => {
      const wait = changes.wait.bind(changes);
      changes.wait = (...args) => (resolve(), wait(...args));
    });
    const polled = jan.request('GET', `/api/sync/pull?limit=500&wait=5&cursor=${rest.cursor}`);
    await moving;
    expect((await root.request('POST', '/api/admin/workers/jan/provider', { providerId: 'krakow' })).body).toMatchObject({ casesGained: 1, casesLost: 1 });
    const movedAnswer = await polled;
    expect(movedAnswer.body.providerId, 'the device learns where he works now').toBe('krakow');
    const afterMove = await jan.pullAll(movedAnswer.body.cursor);
    expect([...movedAnswer.body.revoked, ...afterMove.revoked]).toEqual(['c1']);
    // (Olek opened k1 after the cursor: its events come as new ones, not as a backfill.)
    expect([...movedAnswer.body.backfill, ...movedAnswer.body.events, ...afterMove.backfill, ...afterMove.events].map((e: CaseEvent) => [e.caseId, e.seq])).toEqual([['k1', 0], ['k1', 1]]);
    // Turned off meanwhile, a long poll ends as signed out rather than keep sending.
    const again = jan.request('GET', `/api/sync/pull?limit=500&wait=5&cursor=${afterMove.cursor}`);
    expect((await root.request('POST', '/api/admin/workers/jan/active', { active: false })).status).toBe(200);
    expect((await again).status).toBe(401);
    await db.close();
  });

  it('answers a device’s first pull at once though it has nothing for the worker; with a cursor, an empty pull waits', async () => {
    const { db, changes, as } = await setup();
    const olek = await as('olek'); // Kraków's coordinator: Kraków has no case yet
    await (await as('ewa')).push(opening('c1'));
    const waits: number[] = [];
    const wait = changes.wait.bind(changes);
    changes.wait = (ms, ...rest) => (waits.push(ms), wait(ms, ...rest));
    const first = await olek.request('GET', '/api/sync/pull?wait=20');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ events: [], backfill: [], more: false, role: 'coordinator', providerId: 'krakow' });
    expect(waits).toEqual([]);
    // From his cursor on, the same empty answer is a long poll, which a case opened in Kraków ends.
    const polling = olek.request('GET', `/api/sync/pull?wait=20&cursor=${first.body.cursor}`);
    await vi.waitFor(() => expect(waits.length).toBeGreaterThan(0));
    await (await as('olek')).push(opening('k1', 'olek', 'krakow'));
    expect((await polling).body.events.map((e: CaseEvent) => [e.caseId, e.seq])).toEqual([['k1', 0], ['k1', 1]]);
    await db.close();
  });

  const supportLog = (seq: number) => ({ event: ev('c1', seq, 'support.log', { minutes: 20, mode: 'remote' }, 'sara'), knownSeq: seq - 1 });
  /** Case c1 opened; Ewa's device has pulled it, Sara is signed in on another server process; the reads from then on counted. */
  async function caseSeenByEwaWithSaraElsewhere() {
    const { db, as, elsewhere } = await setup();
    await (await as('ewa')).push(opening('c1'));
    const [ewa, sara] = [await as('ewa'), await elsewhere('sara')];
    const { cursor } = await ewa.pullAll();
    return { db, ewa, sara, cursor, reads: countReads(db) };
  }

  it('a long poll that found nothing reads its page again only once something is committed, here or by another server process', async () => {
    const { db, ewa, sara, cursor, reads } = await caseSeenByEwaWithSaraElsewhere();
    const polling = ewa.request('GET', `/api/sync/pull?wait=20&cursor=${cursor}`);
    await vi.waitFor(() => expect(reads.marks).toBeGreaterThanOrEqual(3), { timeout: 5_000 });
    // On PostgreSQL, transaction ids are the cluster's: the other test files' databases move the
    // mark too, and each move has the poll read its page again (as any database sharing a cluster would).
    if (backend === 'pglite') expect(reads.pages, 'the page once, then only the commit mark').toBe(1);
    // Sara records on the case through another process: this one learns of it by the mark alone.
    expect((await sara.push([supportLog(2)])).body.results).toMatchObject([{ status: 'accepted', seq: 2 }]);
    expect((await polling).body.events.map((e: CaseEvent) => [e.caseId, e.seq])).toEqual([['c1', 2]]);
    if (backend === 'pglite') expect(reads.pages).toBe(2);
    await db.close();
  });

  it('a change committed by another process between a long poll’s read of its page and its wait still ends the wait', async () => {
    const { db, ewa, sara, cursor, reads } = await caseSeenByEwaWithSaraElsewhere();
    const snapshot = db.snapshot.bind(db);
    let pages = 0;
    db.snapshot = async (fn) => {
      const page = await snapshot(fn);
      // The poll's first page has been read, empty; it has not begun to wait.
      if (++pages === 1) expect((await sara.push([supportLog(2)])).body.results).toMatchObject([{ status: 'accepted', seq: 2 }]);
      return page;
    };
    const answer = await ewa.request('GET', `/api/sync/pull?wait=5&cursor=${cursor}`);
    expect(answer.body.events.map((e: CaseEvent) => [e.caseId, e.seq]), 'answered with the change').toEqual([['c1', 2]]);
    expect(reads.marks, 'woken by the first read of the mark, not at its deadline').toBe(1);
    await db.close();
  });

  it('does not take a device’s own earlier events for someone else’s change', async () => {
    const { db, as } = await setup();
    const ewa = await as('ewa');
    await ewa.push(opening('c1'));
    const goal = ev('c1', 2, 'goal.add', { goalId: 'g1', title: 'Work', domain: 'employment', ownerId: 'ewa', ownerRole: 'coordinator' }, 'ewa');
    const achieve = ev('c1', 3, 'goal.achieve', { goalId: 'g1' }, 'ewa', '2026-03-03T09:00:00.000Z');
    // Pushed in two requests (the first answer was lost), both recorded against #1.
    await ewa.push([{ event: goal, knownSeq: 1 }]);
    const r = await ewa.push([{ event: goal, knownSeq: 1 }, { event: achieve, knownSeq: 1 }]);
    expect(r.body.results).toMatchObject([{ status: 'accepted' }, { status: 'accepted' }]);
    await db.close();
  });

  it('accepts last Friday’s visit recorded after newer events; keeps a date days in the future for review', async () => {
    const { db, as } = await setup();
    const anna = await as('ewa');
    await anna.push(opening('c1'));
    await anna.push([{ event: ev('c1', 2, 'review.hold', {}, 'ewa', '2026-03-09T09:00:00.000Z'), knownSeq: 1 }]);
    const friday = await anna.push([{ event: ev('c1', 3, 'support.log', { minutes: 45, mode: 'on-the-job' }, 'ewa', '2026-03-06T14:00:00.000Z'), knownSeq: 2 }]);
    expect(friday.body.results[0], JSON.stringify(friday.body)).toMatchObject({ status: 'accepted' });
    const future = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const skewed = await anna.push([{ event: ev('c1', 4, 'support.log', { minutes: 5, mode: 'remote' }, 'ewa', future), knownSeq: 3 }]);
    expect(skewed.body.results[0]).toMatchObject({ status: 'conflict', rule: 'in-future' });
    expect(skewed.body.results[0].reason).toContain("check the date, or the device's clock");
    await db.close();
  });

  it('stores each case sealed with its own key, and still counts open cases per stage for analysts', async () => {
    const { db, as } = await setup();
    const ewa = await as('ewa');
    for (const id of ['c1', 'c2', 'c3']) await ewa.push(opening(id));
    await ewa.push([{ event: ev('c2', 2, 'stage.enter', { stage: 'vocational-profiling' }, 'ewa'), knownSeq: 1 }]);
    // Nothing about the person in plain in the tables that hold them.
    const stored = await db.query<{ body: unknown }>("SELECT body FROM events UNION ALL SELECT state FROM cases");
    expect(stored).toHaveLength(3 * 2 + 1 + 3);
    for (const { body } of stored) expect(body).toMatch(/^v1:/);
    const adam = await as('adam');
    const counted = await adam.request('GET', '/api/aggregates');
    expect(counted.body.aggregates).toEqual([
      { provider_id: 'warsaw', template_id: euse.id, status: 'active', stage: 'engagement', cases: 2 },
      { provider_id: 'warsaw', template_id: euse.id, status: 'active', stage: 'vocational-profiling', cases: 1 },
    ]);
  });

  it('pulls only what a worker may see; another provider’s worker sees nothing, not even that it exists', async () => {
    const { db, as } = await setup();
    const ewa = await as('ewa');
    const anna = await as('anna');
    const kasia = await as('kasia');
    await ewa.push(opening('c1'));
    expect((await ewa.pullAll()).events.map((e) => e.seq)).toEqual([0, 1]);
    expect((await anna.pullAll()).events).toEqual([]); // not assigned yet
    expect((await kasia.pullAll()).events).toEqual([]);
    expect((await kasia.request('GET', '/api/cases/c1')).status).toBe(404);
    expect((await kasia.request('GET', '/api/cases/no-such-case')).status).toBe(404);
    const write = await kasia.push([{ event: ev('c1', 2, 'support.log', { minutes: 5, mode: 'remote' }, 'kasia'), knownSeq: 1 }]);
    expect(write.body.results[0]).toMatchObject({ status: 'conflict', rule: 'not-found' });
    await db.close();
  });

  it('sends a newly assigned worker the whole history, and tells a removed one to drop it', async () => {
    const { db, as } = await setup();
    const ewa = await as('ewa');
    const anna = await as('anna');
    await ewa.push(opening('c1'));
    const start = await anna.pullAll();
    await ewa.push([{ event: ev('c1', 2, 'worker.assign', { workerId: 'anna', role: 'job-coach' }, 'ewa'), knownSeq: 1 }]);
    const assigned = await anna.pullAll(start.cursor);
    const seqs = [...assigned.backfill, ...assigned.events].map((e) => e.seq);
    expect([...new Set(seqs)].sort()).toEqual([0, 1, 2]);
    await ewa.push([{ event: ev('c1', 3, 'worker.unassign', { workerId: 'anna' }, 'ewa'), knownSeq: 2 }]);
    const removed = await anna.pullAll(assigned.cursor);
    expect(removed.revoked).toEqual(['c1']);
    expect((await anna.request('GET', '/api/cases/c1')).status).toBe(404);
    // Sara, the supervisor, sees the provider's cases already: put on the team, she is not sent
    // the case again, nor told to drop it when taken off; only the assignment itself comes.
    const sara = await as('sara');
    const before = await sara.pullAll();
    await ewa.push([{ event: ev('c1', 4, 'worker.assign', { workerId: 'sara', role: 'supervisor' }, 'ewa'), knownSeq: 3 }]);
    const onTeam = await sara.pullAll(before.cursor);
    expect(onTeam.backfill).toEqual([]);
    expect(onTeam.events.map((e) => e.seq)).toEqual([4]);
    // Made job coach while on the team, she keeps the case; taken off it, she loses it.
    await (await as('root')).request('POST', '/api/admin/workers/sara/role', { role: 'job-coach' });
    const demoted = await sara.pullAll(onTeam.cursor);
    expect(demoted.revoked).toEqual([]);
    await ewa.push([{ event: ev('c1', 5, 'worker.unassign', { workerId: 'sara' }, 'ewa'), knownSeq: 4 }]);
    expect((await sara.pullAll(demoted.cursor)).revoked).toEqual(['c1']);
    await db.close();
  });

  it.runIf(backend === 'postgres')('an assignment pushed while the worker’s role is being changed waits for it, and decides what they see by the role they end with', async () => {
    const { db, as } = await setup();
    const ewa = await as('ewa');
    const sara = await as('sara');
    await ewa.push(opening('c1'));
    const before = await sara.pullAll();
    await db.session(async (conn) => {
      // A role change in progress, as setWorkerRole makes it: Sara, supervisor, becomes job coach
      // and, not on c1's team yet, loses it.
      await conn.exec('BEGIN');
      await conn.query(`SELECT id FROM workers WHERE id = 'sara' FOR UPDATE`);
      await conn.query(`UPDATE workers SET role = 'job-coach' WHERE id = 'sara'`);
      // Meanwhile Ewa puts Sara on the team: the push waits on Sara's row, not on the case.
      const push = ewa.push([{ event: ev('c1', 2, 'worker.assign', { workerId: 'sara', role: 'job-coach' }, 'ewa'), knownSeq: 1 }]);
      await expect
        // (asked on another connection: a transaction sees one snapshot of pg_stat_activity)
        .poll(async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%FOR KEY SHARE%'`))[0]!.n)
        .toBe(1);
      // The role change writes its access change. The case's row, which the waiting push has
      // locked, does not hold it up (a push locked it FOR UPDATE before: a deadlock, which
      // PostgreSQL broke after a second by aborting the push, then tried again).
      await conn.query(`INSERT INTO access_changes (case_id, worker_id, granted) VALUES ('c1', 'sara', false)`);
      await conn.exec('COMMIT');
      expect((await push).body.results[0]).toMatchObject({ status: 'accepted', seq: 2 });
    });
    // Job coach on the team: her device keeps the case and gets it whole (it may have dropped it).
    const after = await sara.pullAll(before.cursor);
    expect(after.revoked).toEqual([]);
    expect([...new Set([...after.backfill, ...after.events].map((e) => e.seq))].sort()).toEqual([0, 1, 2]);
    expect((await sara.request('GET', '/api/cases/c1')).status).toBe(200);
    await db.close();
  });

  it('sends the cases a new role gives in pages of whole cases, before what came after, each event once', async () => {
    const { db, as } = await setup();
    const [ewa, jan, root] = [await as('ewa'), await as('jan'), await as('root')];
    for (let i = 0; i < 7; i++) {
      await ewa.push(opening(`c${i}`));
      await ewa.push([{ event: ev(`c${i}`, 2, 'support.log', { minutes: 10 + i, mode: 'remote' }, 'ewa'), knownSeq: 1 }]);
    }
    // One case has more events than a page holds.
    await ewa.push([3, 4, 5].map((seq) => ({ event: ev('c3', seq, 'support.log', { minutes: seq, mode: 'remote' }, 'ewa'), knownSeq: seq - 1 })));
    await jan.push(opening('j1', 'jan'));
    const past = await jan.pullAll();
    // His own case moves on, then he is made coordinator (seven cases of three events, one of
    // six), then c0 and c6 move on.
    await jan.push([{ event: ev('j1', 2, 'support.log', { minutes: 5, mode: 'remote' }, 'jan'), knownSeq: 1 }]);
    expect((await root.request('POST', '/api/admin/workers/jan/role', { role: 'coordinator' })).body).toMatchObject({ casesGained: 7 });
    await ewa.push([{ event: ev('c0', 3, 'support.log', { minutes: 40, mode: 'remote' }, 'ewa'), knownSeq: 2 }]);
    await ewa.push([{ event: ev('c6', 3, 'support.log', { minutes: 45, mode: 'remote' }, 'ewa'), knownSeq: 2 }]);

    const pages = await pullPages(jan, 4, past.cursor);
    // No page is one answer of everything: at most 4 events, or one case's whole history.
    const byCase = (list: CaseEvent[]) => list.reduce<Record<string, CaseEvent[]>>((all, e) => ({ ...all, [e.caseId]: [...(all[e.caseId] ?? []), e] }), {});
    for (const { backfill, events } of pages) {
      if (backfill.length > 4) expect(Object.keys(byCase(backfill))).toHaveLength(1);
      expect(events.length).toBeLessThanOrEqual(4);
      // The histories come whole, from their first event, in a page's `backfill`.
      for (const list of Object.values(byCase(backfill))) expect(list.map((e) => e.seq)).toEqual(list.map((_, i) => i));
    }
    expect(pages.filter((p) => p.backfill.length).length).toBeGreaterThan(1);
    // Every event once, and each case's in the order they were recorded.
    const arrived = pages.flatMap((p) => [...p.backfill, ...p.events]);
    expect(new Set(arrived.map((e) => e.id)).size).toBe(arrived.length);
    const seqs = Object.fromEntries(Object.entries(byCase(arrived)).map(([caseId, list]) => [caseId, list.map((e) => e.seq)]));
    expect(seqs).toEqual({ ...Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`c${i}`, i === 0 || i === 6 ? [0, 1, 2, 3] : [0, 1, 2]])), c3: [0, 1, 2, 3, 4, 5], j1: [2] });
    // Nothing more, and nothing sent again.
    const after = await jan.pullAll(pages[pages.length - 1]!.cursor);
    expect([after.events, after.backfill]).toEqual([[], []]);
    // A new device of his: its first pull has nothing to send whole (every event comes in order),
    // and no page of it comes empty.
    const firstPages = await pullPages(jan, 4);
    expect(firstPages.flatMap((p) => p.backfill)).toEqual([]);
    expect(firstPages.map((p) => p.events.length)).toEqual([4, 4, 4, 4, 4, 4, 4, 1]);
    await db.close();
  });

  it('sends whole the cases given before a page was read that stopped short of the change', async () => {
    const { db, as } = await setup();
    const [ewa, jan, root] = [await as('ewa'), await as('jan'), await as('root')];
    await ewa.push(opening('c1'));
    await jan.push(opening('j1', 'jan'));
    const past = await jan.pullAll();
    // Two visits of his, then the new role: his device, offline meanwhile, pulls one event a page,
    // so its first page ends before the change, which it read as done.
    for (const seq of [2, 3]) await jan.push([{ event: ev('j1', seq, 'support.log', { minutes: seq, mode: 'remote' }, 'jan'), knownSeq: seq - 1 }]);
    await root.request('POST', '/api/admin/workers/jan/role', { role: 'coordinator' });
    const arrived = (await pullPages(jan, 1, past.cursor)).flatMap((p) => [...p.backfill, ...p.events].map((e) => `${e.caseId} ${e.seq}`));
    expect(arrived.sort()).toEqual(['c1 0', 'c1 1', 'j1 2', 'j1 3']);
    await db.close();
  });

  it('never sends a case given later than a page before its first events: the page leaves them to the whole history', async () => {
    const { db, as, changes } = await setup();
    const [ewa, jan] = [await as('ewa'), await as('jan')];
    await ewa.push(opening('c1'));
    const past = await jan.pullAll();
    // Two visits recorded while Jan does not see the case, then he is put on its team.
    for (const seq of [2, 3]) await ewa.push([{ event: ev('c1', seq, 'support.log', { minutes: seq, mode: 'remote' }, 'ewa'), knownSeq: seq - 1 }]);
    await ewa.push([{ event: ev('c1', 4, 'worker.assign', { workerId: 'jan', role: 'job-coach' }, 'ewa'), knownSeq: 3 }]);
    // One event a page: the first pages' windows end before the assignment, whose page sends the
    // history whole. Each page's events continue what the device holds.
    const held: number[] = [];
    for (const page of await pullPages(jan, 1, past.cursor)) {
      for (const e of [...page.backfill, ...page.events].sort((a, b) => a.seq - b.seq)) if (e.seq === held.length) held.push(e.seq);
      else expect(e.seq, `seq ${e.seq} with ${held.length} held`).toBeLessThan(held.length);
    }
    expect(held).toEqual([0, 1, 2, 3, 4]);
    // A long poll whose page holds only such events answers at once: more follows.
    const wait = vi.spyOn(changes, 'wait');
    const polled = await jan.request('GET', `/api/sync/pull?limit=1&wait=25&cursor=${past.cursor}`);
    expect([polled.status, polled.body.events, polled.body.more]).toEqual([200, [], true]);
    expect(wait).not.toHaveBeenCalled();
    await db.close();
  });

  it('does not send empty pages for cases given before a first pull and recorded in after it', async () => {
    const { db, as } = await setup();
    const [ewa, jan, root] = [await as('ewa'), await as('jan'), await as('root')];
    await ewa.push([...opening('x1'), ...opening('x2')]);
    await root.request('POST', '/api/admin/workers/jan/role', { role: 'coordinator' });
    for (const caseId of ['x1', 'x2']) await ewa.push([2, 3, 4, 5].map((seq) => ({ event: ev(caseId, seq, 'support.log', { minutes: seq, mode: 'remote' }, 'ewa'), knownSeq: seq - 1 })));
    // A new device of his: the first page reaches past the new role, whose cases have nothing
    // before the device's start to send whole (their heads say six events each, all after it).
    const sizes = (await pullPages(jan, 5)).map((p) => p.events.length + p.backfill.length);
    expect(sizes).toEqual([5, 5, 2]);
    await db.close();
  });

  it('takes back every cursor it gives, even with the longest case ids', async () => {
    const { db, as } = await setup();
    const ewa = await as('ewa');
    // A case id may be 200 characters of any script: a page ending inside its opening gives a
    // cursor of some 900 characters, which the server once refused (it took 400).
    const long = '€'.repeat(200);
    await ewa.push(opening(long));
    const pages = await pullPages(ewa, 1);
    expect(pages.flatMap((p) => p.events.map((e) => e.seq))).toEqual([0, 1]);
    expect(pages[0]!.cursor.length).toBeGreaterThan(800);
    // The longest a cursor can be: two such ids, every number at its widest. From another
    // database (the `db` is not this one's), so the pull starts over.
    const widest = { db: '12345678901234567890.0123456789abcdef', txid: '12345678901234567890', caseId: long, seq: 2147483647, backfill: { from: '12345678901234567890', through: '12345678901234567890', after: long }, seen: '12345678901234567890' };
    const cursor = Buffer.from(JSON.stringify(widest)).toString('base64url');
    expect(cursor.length).toBe(1896);
    const r = await ewa.request('GET', `/api/sync/pull?cursor=${cursor}`);
    expect([r.status, r.body.reset]).toEqual([200, true]);
    await db.close();
  });

  it('resumes a pull from its cursor: every event exactly once across pages', async () => {
    const { db, as } = await setup();
    const ewa = await as('ewa');
    // Each case opened in a transaction of its own, later cases with smaller ids: a page that ends
    // on one transaction is followed by rows of the next that sort before its last case.
    for (let i = 6; i >= 0; i--) await ewa.push(opening(`c${i}`));
    const pages = await pullPages(ewa, 3);
    const seen = pages.flatMap((p) => p.events.map((e) => e.id));
    const cursor = pages[pages.length - 1]!.cursor;
    expect(seen).toHaveLength(14);
    expect(new Set(seen).size).toBe(14);
    expect((await ewa.pullAll(cursor)).events).toEqual([]);
    // A cursor from another incarnation of the database (restored into a new cluster) starts over.
    const foreign = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(cursor, 'base64url').toString()), db: '1' })).toString('base64url');
    const r = await ewa.request('GET', `/api/sync/pull?limit=100&cursor=${foreign}`);
    expect(r.body.reset).toBe(true);
    expect(r.body.events).toHaveLength(14);
    await db.close();
  });
});
