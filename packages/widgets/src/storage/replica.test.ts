import { expect } from '@open-wc/testing';
import { deleteDB } from 'idb';
import { CaseHistoryBuilder } from '@casepath/core/testing';
import { databaseName, IdbCaseStore } from './idb-case-store.js';
import { Replica } from './replica.js';

describe('Replica: changes kept for review', () => {
  let org = '';
  let store: IdbCaseStore;
  beforeEach(() => {
    org = `replica-${Math.random().toString(36).slice(2)}`;
    store = new IdbCaseStore(org);
  });
  afterEach(async () => {
    await store.dispose();
    await deleteDB(databaseName(org));
  });

  it('keeps what a pull says was kept for review, and lets it go once a pull says someone marked it reviewed', async () => {
    const replica = new Replica(store);
    await replica.linkTo('https://cases.example.org', 'ewa', 'dev-1');
    const events = new CaseHistoryBuilder('c1', '2026-01-05T09:00:00Z')
      .add('case.open', { templateId: 'euse-supported-employment', templateVersion: 1, providerId: 'p' })
      .add('consent.grant', { purpose: 'service' })
      .build();
    const event = { ...events[1]!, id: '0190a000-0000-7000-8000-0000000000aa', seq: 3, type: 'support.log', payload: { minutes: 30, mode: 'remote' } } as (typeof events)[number];
    const kept = { eventId: event.id, caseId: 'c1', event, rule: 'case-closed', reason: 'the case is closed (education); reopen it first', changedBy: [], createdAt: '2026-01-06T10:00:00.000Z' };
    await replica.applyPull({ events, backfill: [], revoked: [], conflicts: [{ ...kept, resolvedAt: null }], cursor: 'k1', reset: false });
    expect((await replica.conflicts()).map((c) => c.eventId)).to.deep.equal([event.id]);
    // A pull that repeats it changes nothing; one that says it was reviewed (on another device, or by a coordinator) drops it.
    await replica.applyPull({ events: [], backfill: [], revoked: [], conflicts: [{ ...kept }], cursor: 'k2', reset: false });
    expect(await replica.conflicts()).to.have.length(1);
    await replica.applyPull({ events: [], backfill: [], revoked: [], conflicts: [{ ...kept, resolvedAt: '2026-01-07T08:00:00.000Z' }], cursor: 'k3', reset: false });
    expect(await replica.conflicts()).to.deep.equal([]);
    expect(await replica.outboxCount()).to.equal(0);
    expect(store.corrupt).to.deep.equal([]);
  });
});
