// What a push reads of its cases' stored histories once they are locked: the events its devices
// had not seen, opened and checked, and each head's hash to chain the next event to.
import { describe, expect, it } from 'vitest';
import { applyPush } from '../src/db/apply-push.js';
import { lockCases, readPushContext } from '../src/db/cases.js';
import { verifyStoredHistory } from '../src/db/history.js';
import type { Worker } from '../src/domain/access.js';
import { backends, freshDatabase, seedOrganisation, testCaseKeys } from './helpers.js';
import { ev, opening } from './pushed-events.js';

const ewa: Worker = { id: 'ewa', organisationId: 'open-doors', providerId: 'warsaw', role: 'coordinator', displayName: 'Ewa' };

describe.each(backends)('what a push reads of a case, on %s', (backend) => {
  const keys = testCaseKeys();

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

    const read = (eventsAfter: number) =>
      db.transaction(async (tx) => {
        await lockCases(tx, keys, ['c1']);
        return readPushContext(tx, keys, [], new Map([['c1', { headSeq: 3, eventsAfter }]]));
      });
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

  it('reads the hash of a case with no events yet as none', async () => {
    const db = await freshDatabase(backend);
    await seedOrganisation(db);
    await applyPush(db, keys, ewa, 'device-ewa-1', opening('c1'));
    await db.query("DELETE FROM events WHERE case_id = 'c1'");
    const read = await db.transaction((tx) => readPushContext(tx, keys, [], new Map([['c1', { headSeq: -1, eventsAfter: -1 }]])));
    expect(read.recent.get('c1')).toEqual([]);
    expect(read.headHash.get('c1')).toBeNull();
  });
});
