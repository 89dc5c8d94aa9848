// Group commit: pushes that arrive together are applied in one transaction, with the outcome of
// applying them one after the other; a push that fails does not take the others with it.
import { describe, expect, it } from 'vitest';
import { newEventId, type CaseEvent } from '@casepath/core';
import { applyPush, applyPushes, type PushRequest } from '../src/db/apply-push.js';
import { verifyStoredHistory } from '../src/db/history.js';
import { PushQueue } from '../src/db/push-queue.js';
import type { Worker } from '../src/domain/access.js';
import { backends, freshDatabase, seedOrganisation, testCaseKeys } from './helpers.js';

const worker = (id: string, role: Worker['role']): Worker => ({ id, organisationId: 'open-doors', providerId: 'warsaw', role, displayName: id });
const ewa = worker('ewa', 'coordinator');
const anna = worker('anna', 'job-coach');
const at = '2026-03-02T09:00:00.000Z';
const ev = (caseId: string, seq: number, type: CaseEvent['type'], payload: unknown, who: Worker = ewa): CaseEvent =>
  ({ schemaVersion: 1, id: newEventId(), caseId, seq, at, actor: { id: who.id, role: who.role }, type, payload }) as CaseEvent;
const opened = (caseId: string) => [
  { event: ev(caseId, 0, 'case.open', { templateId: 'euse-supported-employment', templateVersion: 1, providerId: 'warsaw' }), knownSeq: -1 },
  { event: ev(caseId, 1, 'consent.grant', { purpose: 'service' }), knownSeq: -1 },
];

describe.each(backends)('pushes committed together, on %s', (backend) => {
  const keys = testCaseKeys();
  async function withCase() {
    const db = await freshDatabase(backend);
    await seedOrganisation(db);
    await applyPush(db, keys, ewa, 'device-ewa-1', opened('c1'));
    return db;
  }

  it('decides a batch as one push after the other: the same stage from two devices, a retry, an assignment', async () => {
    const db = await withCase();
    const stageA = ev('c1', 2, 'stage.enter', { stage: 'vocational-profiling' });
    const stageB = ev('c1', 2, 'stage.enter', { stage: 'job-finding' });
    const assign = ev('c1', 3, 'worker.assign', { workerId: 'anna', role: 'job-coach' });
    const annaLog = ev('c1', 2, 'support.log', { minutes: 30, mode: 'on-the-job' }, anna);
    const requests: PushRequest[] = [
      { worker: ewa, deviceId: 'device-ewa-1', pushed: [{ event: stageA, knownSeq: 1 }, { event: assign, knownSeq: 1 }] },
      // Recorded on another device against the same head: the stage changed since, a conflict.
      { worker: ewa, deviceId: 'device-ewa-2', pushed: [{ event: stageB, knownSeq: 1 }] },
      // The first push again (a device that timed out and retried): the same answers, stored once.
      { worker: ewa, deviceId: 'device-ewa-1', pushed: [{ event: stageA, knownSeq: 1 }, { event: assign, knownSeq: 1 }] },
      // Assigned by the first push of the batch, so she may record now.
      { worker: anna, deviceId: 'device-anna', pushed: [{ event: annaLog, knownSeq: 1 }] },
    ];
    const [first, second, retry, fourth] = await applyPushes(db, keys, requests);
    expect(first).toMatchObject([
      { id: stageA.id, status: 'accepted', seq: 2 },
      { id: assign.id, status: 'accepted', seq: 3 },
    ]);
    expect(second).toMatchObject([{ id: stageB.id, status: 'conflict', rule: 'concurrent-change', changedBy: [stageA.id] }]);
    expect(retry).toEqual(first);
    expect(fourth).toMatchObject([{ id: annaLog.id, status: 'accepted', seq: 4 }]);

    const stored = await db.query<{ seq: number; id: string; device_id: string; recorded_by: string }>("SELECT seq, id, device_id, recorded_by FROM events WHERE case_id = 'c1' AND seq >= 2 ORDER BY seq");
    expect(stored).toEqual([
      { seq: 2, id: stageA.id, device_id: 'device-ewa-1', recorded_by: 'ewa' },
      { seq: 3, id: assign.id, device_id: 'device-ewa-1', recorded_by: 'ewa' },
      { seq: 4, id: annaLog.id, device_id: 'device-anna', recorded_by: 'anna' },
    ]);
    expect(await db.query("SELECT event_id FROM conflicts WHERE case_id = 'c1'")).toEqual([{ event_id: stageB.id }]);
    expect(await db.query("SELECT worker_id FROM case_team WHERE case_id = 'c1'")).toEqual([{ worker_id: 'anna' }]);
    expect(await db.query("SELECT id, events_pushed FROM devices WHERE id LIKE 'device-ewa-%' ORDER BY id")).toEqual([
      { id: 'device-ewa-1', events_pushed: 6 },
      { id: 'device-ewa-2', events_pushed: 1 },
    ]);
    expect((await verifyStoredHistory(db, keys, 'c1')).broken).toEqual([]);

    // Alone, the same pushes give the same answers: the retry is known, the conflict is kept.
    expect(await applyPush(db, keys, ewa, 'device-ewa-2', requests[1]!.pushed)).toEqual(second);
    await db.close();
  });

  it('batches pushes that arrive while a transaction runs, and a failing push fails alone', async () => {
    const db = await withCase();
    const queue = new PushQueue(db, keys, 1);
    const batches: number[] = [];
    const transaction = db.transaction.bind(db);
    db.transaction = (fn) => {
      batches.push(0);
      return transaction(fn);
    };
    // A device row needs an existing worker: this push fails when committed.
    const ghost = worker('ghost', 'coordinator');
    const logs = Array.from({ length: 6 }, (_, i) => ev('c1', 2 + i, 'support.log', { minutes: 10 + i, mode: 'remote' }));
    const settled = await Promise.allSettled([
      queue.apply({ worker: ewa, deviceId: 'device-q-0', pushed: [{ event: logs[0]!, knownSeq: 1 }] }),
      ...logs.slice(1, 3).map((event, i) => queue.apply({ worker: ewa, deviceId: `device-q-${i + 1}`, pushed: [{ event, knownSeq: 1 }] })),
      queue.apply({ worker: ghost, deviceId: 'device-ghost', pushed: [{ event: ev('c1', 2, 'support.log', { minutes: 5, mode: 'remote' }, ghost), knownSeq: 1 }] }),
      ...logs.slice(3).map((event, i) => queue.apply({ worker: ewa, deviceId: `device-q-${i + 3}`, pushed: [{ event, knownSeq: 1 }] })),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    // The first went alone; the six that waited went as one batch, which failed and was retried push by push.
    expect(batches.length).toBe(1 + 1 + 6);
    const seqs = settled.flatMap((s) => (s.status === 'fulfilled' ? s.value.map((r) => (r.status === 'accepted' ? r.seq : -1)) : []));
    expect(seqs).toEqual([2, 3, 4, 5, 6, 7]);
    expect((await db.query<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE case_id = 'c1'"))[0]!.n).toBe(8);
    expect((await verifyStoredHistory(db, keys, 'c1')).broken).toEqual([]);
    await db.close();
  });
});
