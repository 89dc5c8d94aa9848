// Tamper-evident history: every stored event carries its case's previous hash and its own; a
// change made behind the server's back, in PostgreSQL itself, is found at the first broken link.
import { describe, expect, it } from 'vitest';
import { chainHash, newEventId, type CaseEvent } from '@casepath/core';
import { verifyStoredHistory } from '../src/db/history.js';
import { checkAnchor, makeAnchor } from '../src/db/anchor.js';
import { backends, Client, freshDatabase, PEOPLE, seedOrganisation, testApp } from './helpers.js';
import type { Database } from '../src/db/database.js';
import type { CaseKeys } from '../src/db/case-keys.js';
import { openEvent } from '../src/db/cases.js';
import { place, sealJson } from '../src/db/case-sealing.js';

const at = '2026-03-02T09:00:00.000Z';
const ev = (caseId: string, seq: number, type: CaseEvent['type'], payload: unknown): CaseEvent =>
  ({ schemaVersion: 1, id: newEventId(), caseId, seq, at, actor: { id: 'ewa', role: PEOPLE.ewa.role }, type, payload }) as CaseEvent;

/** Changes the minutes of case c1's support log at `seq`, sealed again with the case's key. */
async function editEvent(db: Database, keys: CaseKeys, seq: number, minutes: number): Promise<void> {
  const [row] = await db.query<{ id: string; body: unknown }>("SELECT id, body FROM events WHERE case_id = 'c1' AND seq = $1", [seq]);
  const event = openEvent(keys, 'c1', row!.id, row!.body) as Extract<CaseEvent, { type: 'support.log' }>;
  const changed = { ...event, payload: { ...event.payload, minutes } };
  await db.query("UPDATE events SET body = $2 WHERE case_id = 'c1' AND seq = $1", [seq, sealJson(keys, 'c1', place.event('c1', row!.id), changed)]);
}

describe.each(backends)('history you can trust, on %s', (backend) => {
  async function withHistory() {
    const db = await freshDatabase(backend);
    await seedOrganisation(db);
    const { app, keys } = testApp(db);
    const ewa = await new Client(app).signIn('ewa');
    const opening = [ev('c1', 0, 'case.open', { templateId: 'euse-supported-employment', templateVersion: 1, providerId: 'warsaw' }), ev('c1', 1, 'consent.grant', { purpose: 'service' })];
    await ewa.push(opening.map((event) => ({ event, knownSeq: -1 })));
    // Later pushes chain onto the stored head.
    for (let seq = 2; seq < 6; seq++) await ewa.push([{ event: ev('c1', seq, 'support.log', { minutes: 10 * seq, mode: 'remote' }), knownSeq: seq - 1 }]);
    await ewa.push(['c2'].flatMap((id) => [ev(id, 0, 'case.open', { templateId: 'euse-supported-employment', templateVersion: 1, providerId: 'warsaw' })]).map((event) => ({ event, knownSeq: -1 })));
    return { db, keys };
  }

  it('verifies an untouched history', async () => {
    const { db, keys } = await withHistory();
    expect(await verifyStoredHistory(db, keys)).toEqual({ cases: 2, events: 7, broken: [] });
    const rows = await db.query<{ seq: number; previous_hash: string | null; hash: string }>("SELECT seq, previous_hash, hash FROM events WHERE case_id = 'c1' ORDER BY seq");
    rows.forEach((r, i) => expect(r.previous_hash).toBe(i === 0 ? null : rows[i - 1]!.hash));
    await db.close();
  });

  it('finds an edited row, a deleted row and reordered rows', async () => {
    // Edited by someone who holds the case's key (the server's own machine): sealed again, the hash no longer fits.
    const { db: edited, keys } = await withHistory();
    await editEvent(edited, keys, 3, 300);
    expect((await verifyStoredHistory(edited, keys)).broken).toMatchObject([{ caseId: 'c1', check: { seq: 3, problem: 'hash' } }]);
    await edited.close();

    // Without the key, a sealed body copied over another row's does not open there.
    const { db: copied, keys: copiedKeys } = await withHistory();
    await copied.query(`UPDATE events SET body = (SELECT body FROM events WHERE case_id = 'c1' AND seq = 4) WHERE case_id = 'c1' AND seq = 3`);
    expect((await verifyStoredHistory(copied, copiedKeys)).broken).toMatchObject([{ caseId: 'c1', check: { seq: 3, problem: 'hash', message: expect.stringMatching(/not a readable event/) } }]);
    await copied.close();

    const { db: deleted, keys: deletedKeys } = await withHistory();
    await deleted.query(`DELETE FROM events WHERE case_id = 'c1' AND seq = 2`);
    expect((await verifyStoredHistory(deleted, deletedKeys, 'c1')).broken).toMatchObject([{ caseId: 'c1', check: { seq: 3, problem: 'sequence' } }]);
    await deleted.close();

    const { db: reordered, keys: reorderedKeys } = await withHistory();
    // Two rows' contents swapped, seqs left in place.
    await reordered.query(`UPDATE events SET seq = -1 WHERE case_id = 'c1' AND seq = 3`);
    await reordered.query(`UPDATE events SET seq = 3 WHERE case_id = 'c1' AND seq = 4`);
    await reordered.query(`UPDATE events SET seq = 4 WHERE case_id = 'c1' AND seq = -1`);
    const found = (await verifyStoredHistory(reordered, reorderedKeys)).broken;
    expect(found).toHaveLength(1);
    expect(found[0]!.check.seq).toBe(3);
    await reordered.close();
  });
});

describe.each(backends)('history anchored outside the database, on %s', (backend) => {
  it('finds a history rewritten whole (every hash recomputed), which the chain alone does not', async () => {
    const db = await freshDatabase(backend);
    await seedOrganisation(db);
    const { app, keys } = testApp(db);
    const ewa = await new Client(app).signIn('ewa');
    const open = (id: string) => ev(id, 0, 'case.open', { templateId: 'euse-supported-employment', templateVersion: 1, providerId: 'warsaw' });
    await ewa.push([open('c1'), ev('c1', 1, 'consent.grant', { purpose: 'service' }), ev('c1', 2, 'support.log', { minutes: 30, mode: 'remote' }), open('c2')].map((event) => ({ event, knownSeq: -1 })));
    const anchor = await makeAnchor(db, '2026-03-03T00:00:00.000Z');
    expect(anchor.cases.map((c) => `${c.caseId}@${c.seq}`)).toEqual(['c1@2', 'c2@0']);
    expect(await checkAnchor(db, anchor, anchor.digest)).toEqual([]);

    // An administrator who also holds the case keys changes 30 minutes into 300 and recomputes every hash after it.
    await editEvent(db, keys, 2, 300);
    const rows = await db.query<{ seq: number; id: string; body: unknown }>("SELECT seq, id, body FROM events WHERE case_id = 'c1' ORDER BY seq");
    let previous: string | null = null;
    for (const r of rows) {
      const hash: string = await chainHash(previous, { ...openEvent(keys, 'c1', r.id, r.body), seq: r.seq });
      await db.query("UPDATE events SET previous_hash = $2, hash = $3 WHERE case_id = 'c1' AND seq = $1", [r.seq, previous, hash]);
      previous = hash;
    }
    expect((await verifyStoredHistory(db, keys)).broken).toEqual([]); // the chain alone is fooled
    expect(await checkAnchor(db, anchor)).toMatchObject([{ caseId: 'c1', problem: 'changed', seq: 2 }]);

    // The anchor file itself changed to match: its digest, kept elsewhere, says so.
    const forged = { ...anchor, cases: anchor.cases.map((c) => (c.caseId === 'c1' ? { ...c, hash: previous! } : c)) };
    await expect(checkAnchor(db, forged)).rejects.toThrow(/the anchor file was changed/);
    const reDigested = await makeAnchor(db, anchor.madeAt);
    await expect(checkAnchor(db, reDigested, anchor.digest)).rejects.toThrow(/not the one whose digest you kept/);

    // A case erased at the person's request is told apart from tampering.
    await db.query("DELETE FROM cases WHERE id = 'c2'");
    await db.query("INSERT INTO erasures (case_id, organisation_id, provider_id, erased_by) VALUES ('c2', 'open-doors', 'warsaw', 'sara')");
    expect((await checkAnchor(db, anchor)).map((f) => `${f.caseId}:${f.problem}`)).toEqual(['c1:changed', 'c2:erased']);
    await db.close();
  });
});

describe.each(backends)('who read which case, on %s', (backend) => {
  it('logs every case read and pull (who, when, which cases), for the provider’s supervisor only', async () => {
    const db = await freshDatabase(backend);
    await seedOrganisation(db);
    const { app } = testApp(db);
    const ewa = await new Client(app).signIn('ewa');
    await ewa.push([ev('c1', 0, 'case.open', { templateId: 'euse-supported-employment', templateVersion: 1, providerId: 'warsaw' }), ev('c1', 1, 'consent.grant', { purpose: 'service' })].map((event) => ({ event, knownSeq: -1 })));
    expect((await ewa.request('GET', '/api/cases/c1')).status).toBe(200);
    await ewa.pullAll();
    const olek = await new Client(app).signIn('olek');
    expect((await olek.request('GET', '/api/cases/c1')).status).toBe(404); // refused reads are not reads
    const sara = await new Client(app).signIn('sara');
    const log = await sara.request('GET', '/api/access-log?caseId=c1');
    expect(log.status).toBe(200);
    expect(log.body.entries.map((e: { workerId: string; action: string; caseIds: string[] }) => [e.workerId, e.action, e.caseIds])).toEqual([
      ['ewa', 'cases.pull', ['c1']],
      ['ewa', 'case.read', ['c1']],
    ]);
    expect(log.body.entries[1].detail).toEqual({ events: 2 });
    expect(Date.parse(log.body.entries[0].at)).toBeGreaterThan(Date.now() - 60_000);
    expect((await ewa.request('GET', '/api/access-log')).status).toBe(404);
    expect((await sara.request('GET', '/api/access-log?limit=0')).status).toBe(400);
    await db.close();
  });
});
