// A case's head and what a push does with it: once the cases are locked, it reads the events its
// devices had not seen (opened and checked) and each head's hash to chain the next event to; it
// writes the head's state only when an event changed it.
import { describe, expect, it } from 'vitest';
import { replay } from '@casepath/core';
import { applyPush } from '../src/db/apply-push.js';
import { eventsAfter, lockCases, readPushContext } from '../src/db/cases.js';
import { verifyStoredHistory } from '../src/db/history.js';
import { PlainValueError } from '../src/db/case-sealing.js';
import type { Database } from '../src/db/database.js';
import type { Worker } from '../src/domain/access.js';
import { backends, freshDatabase, seedOrganisation, testCaseKeys } from './helpers.js';
import { euse, ev, opening } from './pushed-events.js';

const ewa: Worker = { id: 'ewa', organisationId: 'open-doors', providerId: 'warsaw', role: 'coordinator', displayName: 'Ewa' };

describe.each(backends)('a case’s head, on %s', (backend) => {
  const keys = testCaseKeys();
  /** What a push reads of case c1, its row locked as a push locks it. */
  const readLocked = (db: Database, headSeq: number, eventsAfter: number) =>
    db.transaction(async (tx) => {
      await lockCases(tx, keys, ['c1']);
      return readPushContext(tx, keys, [], new Map([['c1', { headSeq, eventsAfter }]]));
    });

  it('opens only the events after the head its device knew, and reads the head’s hash without opening it', async () => {
    const db = await freshDatabase(backend);
    await seedOrganisation(db);
    await applyPush(db, keys, ewa, 'device-ewa-1', opening('c1'));
    const goal = ev('c1', 2, 'goal.add', { goalId: 'g1', title: 'Find work in a bakery', domain: 'employment', ownerId: 'ewa', ownerRole: 'coordinator' }, 'ewa');
    const log = ev('c1', 3, 'support.log', { minutes: 30, mode: 'on-the-job' }, 'ewa');
    await applyPush(db, keys, ewa, 'device-ewa-1', [
      { event: goal, knownSeq: 1 },
      { event: log, knownSeq: 2 },
    ]);
    const [head] = await db.query<{ hash: string }>("SELECT hash FROM events WHERE case_id = 'c1' AND seq = 3");

    const read = (eventsAfter: number) => readLocked(db, 3, eventsAfter);
    // A device that knew the head: nothing to decide against, only the hash to chain to.
    const atHead = await read(3);
    expect(atHead.recent.get('c1')).toEqual([]);
    expect(atHead.headHash.get('c1')).toBe(head!.hash);
    // A device that had seen up to the consent: the goal and the log, with the device of each.
    const behind = await read(1);
    expect(behind.recent.get('c1')!.map((r) => [r.event.id, r.deviceId])).toEqual([
      [goal.id, 'device-ewa-1'],
      [log.id, 'device-ewa-1'],
    ]);
    expect(behind.headHash.get('c1')).toBe(head!.hash);

    // The next push against the head is chained to it.
    const next = ev('c1', 4, 'support.log', { minutes: 45, mode: 'on-the-job' }, 'ewa');
    expect(await applyPush(db, keys, ewa, 'device-ewa-1', [{ event: next, knownSeq: 3 }])).toMatchObject([{ status: 'accepted', seq: 4 }]);
    const [stored] = await db.query<{ previous_hash: string }>("SELECT previous_hash FROM events WHERE case_id = 'c1' AND seq = 4");
    expect(stored!.previous_hash).toBe(head!.hash);
    expect((await verifyStoredHistory(db, keys, 'c1')).broken).toEqual([]);
  });

  it('refuses a stored event it must decide against that is not sealed, even a JSON null', async () => {
    const db = await freshDatabase(backend);
    await seedOrganisation(db);
    await applyPush(db, keys, ewa, 'device-ewa-1', opening('c1'));
    await db.query("UPDATE events SET body = 'null'::jsonb WHERE case_id = 'c1' AND seq = 1");
    await expect(readLocked(db, 1, 0)).rejects.toBeInstanceOf(PlainValueError);
    // Against the head, the event is not opened: only its hash is read.
    expect((await readLocked(db, 1, 1)).recent.get('c1')).toEqual([]);
  });

  it('reads the hash of a case with no events yet as none', async () => {
    const db = await freshDatabase(backend);
    await seedOrganisation(db);
    await applyPush(db, keys, ewa, 'device-ewa-1', opening('c1'));
    await db.query("DELETE FROM events WHERE case_id = 'c1'");
    const read = await db.transaction((tx) => readPushContext(tx, keys, [], new Map([['c1', { headSeq: -1, eventsAfter: -1 }]])));
    expect(read.recent.get('c1')).toEqual([]);
    expect(read.headHash.get('c1')).toBeNull();
  });

  it('writes the head’s state only when an event changes more than its place in the history; read back, it is replay’s', async () => {
    const db = await freshDatabase(backend);
    await seedOrganisation(db);
    await applyPush(db, keys, ewa, 'device-ewa-1', opening('c1'));
    const head = async () => (await db.query<{ head_seq: number; state: string }>("SELECT head_seq, state FROM cases WHERE id = 'c1'"))[0]!;
    const opened = await head();

    // A support log changes nothing a rule reads: head_seq moves, the stored state stays as it was.
    const push = (event: ReturnType<typeof ev>, knownSeq: number) => applyPush(db, keys, ewa, 'device-ewa-1', [{ event, knownSeq }]);
    expect(await push(ev('c1', 2, 'support.log', { minutes: 30, mode: 'on-the-job' }, 'ewa'), 1)).toMatchObject([{ status: 'accepted', seq: 2 }]);
    expect(await head()).toEqual({ head_seq: 2, state: opened.state });

    // A goal does: the state is written with it.
    expect(await push(ev('c1', 3, 'goal.add', { goalId: 'g1', title: 'Find work in a bakery', domain: 'employment', ownerId: 'ewa', ownerRole: 'coordinator' }, 'ewa'), 2)).toMatchObject([{ status: 'accepted', seq: 3 }]);
    const withGoal = await head();
    expect(withGoal.head_seq).toBe(3);
    expect(withGoal.state).not.toBe(opened.state);
    expect(await push(ev('c1', 4, 'support.log', { minutes: 15, mode: 'remote' }, 'ewa'), 3)).toMatchObject([{ status: 'accepted', seq: 4 }]);
    expect(await head()).toEqual({ head_seq: 4, state: withGoal.state });

    // Read under the lock, the head is replay's state of the whole history (less what it leaves out).
    const history = (await eventsAfter(db, keys, 'c1', -1)).map((r) => r.event);
    const replayed = replay(euse, history).state;
    const locked = await db.transaction((tx) => lockCases(tx, keys, ['c1']));
    expect(locked.get('c1')!.state).toEqual({ ...replayed, history: [], support: [] });
    expect(locked.get('c1')!.state.lastSeq).toBe(4);
    // And a push decided against it sees the goal: achieving it is accepted, achieving it again is not.
    const [achieved, again] = await applyPush(db, keys, ewa, 'device-ewa-1', [
      { event: ev('c1', 5, 'goal.achieve', { goalId: 'g1' }, 'ewa'), knownSeq: 4 },
      { event: ev('c1', 6, 'goal.achieve', { goalId: 'g1' }, 'ewa'), knownSeq: 4 },
    ]);
    expect(achieved).toMatchObject({ status: 'accepted', seq: 5 });
    expect(again).toMatchObject({ status: 'conflict', rule: 'invalid-state' });
  });
});
