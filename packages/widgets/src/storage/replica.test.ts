import { expect } from '@open-wc/testing';
import { deleteDB, openDB } from 'idb';
import { builtInTemplates } from '@casepath/core';
import { CaseHistoryBuilder } from '@casepath/core/testing';
import { templatesById } from './case-store.js';
import { databaseName, IdbCaseStore } from './idb-case-store.js';
import { Replica } from './replica.js';
import { LINK_KEY, RECORD_VERSION } from './casepath-db.js';

const history = (caseId: string) =>
  new CaseHistoryBuilder(caseId, '2026-01-05T09:00:00Z')
    .add('case.open', { templateId: 'euse-supported-employment', templateVersion: 1, providerId: 'p' })
    .add('consent.grant', { purpose: 'service' })
    .build();

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

  // A case Ewa opened, and visits a job coach logged on it while it was paused, kept for review.
  const events = new CaseHistoryBuilder('c1', '2026-01-05T09:00:00Z')
    .as({ id: 'ewa', role: 'coordinator' })
    .add('case.open', { templateId: 'euse-supported-employment', templateVersion: 1, providerId: 'p' })
    .add('consent.grant', { purpose: 'service' })
    .build();
  const visit = (id: string, who: string) => ({ ...events[1]!, id, seq: 2, actor: { id: who, role: 'job-coach' }, type: 'support.log', payload: { minutes: 30, mode: 'remote' } }) as (typeof events)[number];
  const kept = (event: (typeof events)[number]) => ({ eventId: event.id, caseId: 'c1', event, rule: 'case-paused', reason: 'the case is paused', changedBy: [], createdAt: '2026-01-06T10:00:00.000Z', resolvedAt: null });

  it('a case taken away drops its history and a teammate’s kept change with it, and keeps the worker’s own', async () => {
    const replica = new Replica(store);
    await replica.linkTo('https://cases.example.org', 'jan', 'dev-1');
    const [own, teammates] = [visit('0190a000-0000-7000-8000-0000000000b1', 'jan'), visit('0190a000-0000-7000-8000-0000000000b2', 'anna')];
    await replica.applyPull({ events, backfill: [], revoked: [], conflicts: [kept(own), kept(teammates)], cursor: 'k1', reset: false });
    expect((await replica.conflicts()).map((c) => c.eventId).sort()).to.deep.equal([own.id, teammates.id]);
    await replica.applyPull({ events: [], backfill: [], revoked: ['c1'], conflicts: [], cursor: 'k2', reset: false });
    expect(await store.events('c1')).to.deep.equal([]);
    expect((await replica.conflicts()).map((c) => c.eventId)).to.deep.equal([own.id]);
    expect(store.corrupt).to.deep.equal([]);
  });

  it('a teammate’s change the worker marked reviewed here and could not send stays, said as not theirs, until they let it go; theirs again, it waits to be sent again', async () => {
    const replica = new Replica(store);
    await replica.linkTo('https://cases.example.org', 'ewa', 'dev-1');
    const [reviewed, unread] = [visit('0190a000-0000-7000-8000-0000000000c1', 'anna'), visit('0190a000-0000-7000-8000-0000000000c2', 'anna')];
    await replica.applyPull({ events, backfill: [], revoked: [], conflicts: [kept(reviewed), kept(unread)], cursor: 'k1', reset: false });
    // Ewa, coordinator, marks one reviewed offline; then she is made job coach.
    expect(await replica.markReviewed(reviewed.id, 'Called Anna: logged again after the pause.', '2026-01-07T09:00:00.000Z')).to.equal(true);
    expect(await replica.reviewsWaiting()).to.deep.equal([reviewed.id]);
    await replica.dropOthersConflicts('ewa');
    const left = await replica.conflicts();
    expect(left.map((c) => c.eventId)).to.deep.equal([reviewed.id]);
    expect(left[0]!.review).to.deep.equal({ resolution: 'Called Anna: logged again after the pause.', markedAt: '2026-01-07T09:00:00.000Z', refused: null, notTheirs: true });
    expect(await replica.reviewsWaiting(), 'not sent').to.deep.equal([]);
    // A case taken away keeps it too.
    await replica.applyPull({ events: [], backfill: [], revoked: ['c1'], conflicts: [], cursor: 'k2', reset: false });
    expect((await replica.conflicts()).map((c) => c.eventId)).to.deep.equal([reviewed.id]);
    // Made coordinator again, the server sends the change again: the review waits to be sent.
    await replica.applyPull({ events, backfill: [], revoked: [], conflicts: [kept(reviewed)], cursor: 'k3', reset: false });
    expect(await replica.reviewsWaiting()).to.deep.equal([reviewed.id]);
    // Let go: gone.
    await replica.dropOthersConflicts('ewa');
    await replica.dropConflict(reviewed.id);
    expect(await replica.conflicts()).to.deep.equal([]);
    expect(store.corrupt).to.deep.equal([]);
  });

  it('a pull page leaves the drafts free, so what a page writes of someone’s typing as it ends is not held behind it; a page that takes a case away erases its drafts', async () => {
    const replica = new Replica(store);
    await replica.linkTo('https://cases.example.org', 'ewa', 'dev-1');
    await store.saveDraft('typing:c1', { note: 'taken away with the case' }, { caseId: 'c1' });
    // While the page is stored, the page ending writes a draft in a transaction of its own and
    // commits it, as writeDraftsNow does: it must end before the pull's transaction does. The
    // pull's transaction is kept busy (up to 500 reads) until it has, or until it is clear it waits.
    const page = await openDB(databaseName(org));
    let draftWritten = false;
    let readsWhileWaiting = 0;
    const inTransaction = store.inTransaction.bind(store);
    store.inTransaction = (async (stores: Parameters<typeof inTransaction>[0], mode: IDBTransactionMode, fn: (tx: never) => Promise<unknown>, options?: IDBTransactionOptions) =>
      inTransaction(stores, mode, async (tx) => {
        if (mode === 'readwrite' && readsWhileWaiting === 0) {
          const ending = page.transaction('drafts', 'readwrite');
          void ending.objectStore('drafts').put({ key: 'typing:c2', caseId: 'c2', recordVersion: RECORD_VERSION, savedAt: new Date().toISOString(), data: { note: 'typed as the page ended' } });
          ending.commit();
          void ending.done.then(() => (draftWritten = true));
          while (!draftWritten && readsWhileWaiting < 500) {
            await tx.objectStore('meta').get(LINK_KEY);
            readsWhileWaiting++;
          }
        }
        return fn(tx as never);
      }, options)) as typeof store.inTransaction;
    try {
      await replica.applyPull({ events: [...history('c1'), ...history('c2')], backfill: [], revoked: [], conflicts: [], cursor: 'k1', reset: false });
    } finally {
      page.close();
      store.inTransaction = inTransaction;
    }
    expect(draftWritten, `the draft was written while the pull's page was stored (${readsWhileWaiting} reads waited)`).to.equal(true);
    expect(readsWhileWaiting).to.be.below(500);
    expect(await store.loadDraft('typing:c2')).to.deep.equal({ note: 'typed as the page ended' });
    await replica.applyPull({ events: [], backfill: [], revoked: ['c1'], conflicts: [], cursor: 'k2', reset: false });
    expect(await store.loadDraft('typing:c1'), 'erased with its case').to.equal(undefined);
    expect(await store.loadDraft('typing:c2')).to.deep.equal({ note: 'typed as the page ended' });
    expect(store.corrupt).to.deep.equal([]);
  });

  it('a pull that starts over after a restore queues this worker’s events again, in the order of their history, and keeps what it cannot read', async () => {
    const replica = new Replica(store);
    await replica.linkTo('https://cases.example.org', 'ewa', 'dev-1');
    const events = new CaseHistoryBuilder('c1', '2026-01-05T09:00:00Z')
      .as({ id: 'ewa', role: 'coordinator' })
      .add('case.open', { templateId: 'euse-supported-employment', templateVersion: 1, providerId: 'p' })
      .add('consent.grant', { purpose: 'service' })
      .as({ id: 'anna', role: 'job-coach' })
      .add('support.log', { minutes: 30, mode: 'remote' })
      .as({ id: 'ewa', role: 'coordinator' })
      .add('support.log', { minutes: 45, mode: 'remote' })
      .build();
    await replica.applyPull({ events, backfill: [], revoked: [], conflicts: [], cursor: 'k1', reset: false });
    // Recorded here since, still waiting; and a record this page cannot read.
    const waiting = await store.record({ caseId: 'c1', baseSeq: 3, drafts: [{ type: 'support.log', payload: { minutes: 15, mode: 'remote' }, actor: { id: 'ewa', role: 'coordinator' } }] }, templatesById(builtInTemplates));
    expect(waiting.status).to.equal('saved');
    const db = await openDB(databaseName(org));
    await db.add('outbox', { caseId: 'c1', eventId: 'unreadable', event: { not: 'an event' }, knownSeq: 3, state: 'pending', serverSeq: null, recordVersion: 1, savedAt: '2026-01-06T10:00:00.000Z' });
    db.close();
    // The restored server holds the first two events only.
    await replica.applyPull({ events: events.slice(0, 2), backfill: [], revoked: [], conflicts: [], cursor: 'r1', reset: true });
    const queued = await replica.outboxBatch(10);
    // Ewa's event the server lost, then what waited: not Anna's, and not what the pull brought back.
    expect(queued.map((q) => q.event.id)).to.deep.equal([events[3]!.id, waiting.status === 'saved' ? waiting.events[0]!.id : '']);
    expect(queued.map((q) => q.knownSeq)).to.deep.equal([-1, -1]);
    expect((await store.events('c1')).slice(0, 2).map((e) => e.id)).to.deep.equal(events.slice(0, 2).map((e) => e.id));
    expect(await replica.outboxCount(), 'the unreadable record is still there').to.equal(3);
  });
});
