import { expect } from '@open-wc/testing';
import { deleteDB, openDB } from 'idb';
import { builtInTemplates, type CaseEvent } from '@casepath/core';
import { CaseHistoryBuilder } from '@casepath/core/testing';
import { databaseName, DeviceLockedError, IdbCaseStore, WrongPassphraseError } from './idb-case-store.js';
import { templatesById } from './case-store.js';
import { Replica } from './replica.js';
import { KEYS_KEY, PBKDF2_ITERATIONS } from './device-key.js';

const templates = templatesById(builtInTemplates);
const EMPLOYER = 'Zebrafish Bakery of Vilnius';
const NOTE = 'hears voices when tired';
const history = (caseId = 'c1'): CaseEvent[] =>
  new CaseHistoryBuilder(caseId, '2026-01-05T09:00:00Z')
    .add('case.open', { templateId: 'euse-supported-employment', templateVersion: 1, providerId: 'p', clientRef: 'OD-SECRET-7' })
    .add('consent.grant', { purpose: 'service' })
    .add('job.start', { jobId: 'j1', employer: EMPLOYER, openMarket: true }, 'placed after a trial week')
    .build();
const ewa = { id: 'ewa', role: 'coordinator' } as const;

let org = '';
const stores: IdbCaseStore[] = [];
const fresh = () => {
  const s = new IdbCaseStore(org);
  stores.push(s);
  return s;
};

/** Every record of the database as stored, bytes read as text: what someone with the disk sees. */
async function rawRecords(): Promise<{ store: string; record: unknown }[]> {
  const db = await openDB(databaseName(org));
  const out: { store: string; record: unknown }[] = [];
  for (const name of db.objectStoreNames) for (const record of await db.getAll(name)) out.push({ store: name, record });
  db.close();
  return out;
}
async function rawText(): Promise<string> {
  const decoder = new TextDecoder('utf-8', { fatal: false });
  return JSON.stringify(await rawRecords(), (_k, v: unknown) => (v instanceof Uint8Array ? decoder.decode(v) : v));
}

describe('encryption at rest of a device’s records (real IndexedDB)', () => {
  beforeEach(() => {
    org = `sealed-${Math.random().toString(36).slice(2)}`;
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.dispose();
    await deleteDB(databaseName(org));
  });

  it('seals every record already stored and every later write: events, drafts, projections; the disk holds no plaintext of them', async () => {
    const s = fresh();
    await s.importEvents(history());
    await s.saveDraft('assessment:c1:wellbeing:staff', { answers: { sleep: NOTE } }, { caseId: 'c1' });
    expect(await rawText()).to.include(EMPLOYER); // the check below can fail: plain before sealing
    expect(await s.protectionState()).to.equal('off');

    await s.protect('ewa', 'correct horse battery staple');
    expect(await s.protectionState()).to.equal('open');
    const recorded = await s.record({ caseId: 'c1', baseSeq: 2, drafts: [{ type: 'stage.enter', payload: { stage: 'vocational-profiling' }, actor: ewa, reason: 'Marta wants the bakery job' }] }, templates);
    expect(recorded.status).to.equal('saved');
    await s.saveDraft('intake:new', { note: NOTE });

    const text = await rawText();
    for (const secret of [EMPLOYER, NOTE, 'OD-SECRET-7', 'placed after a trial week', 'Marta wants', 'vocational-profiling', 'euse-supported-employment']) expect(text, secret).not.to.include(secret);
    const records = await rawRecords();
    for (const { store, record } of records.filter((r) => r.store !== 'meta')) expect(record, store).to.have.property('sealed').that.is.instanceOf(Uint8Array);
    // Only the wrapped key is stored: salt, iterations and the key wrapped under the passphrase.
    const keys = records.find((r) => r.store === 'meta' && (r.record as { key: string }).key === KEYS_KEY)!.record as { value: { slots: { label: string; iterations: number }[] } };
    expect(keys.value.slots.map((k) => [k.label, k.iterations])).to.deep.equal([['ewa', PBKDF2_ITERATIONS]]);

    // Read back through the store: nothing lost.
    expect((await s.events('c1')).map((e) => e.type)).to.deep.equal(['case.open', 'consent.grant', 'job.start', 'stage.enter']);
    expect(await s.loadDraft('assessment:c1:wellbeing:staff')).to.deep.equal({ answers: { sleep: NOTE } });
    expect((await s.caseSummaries()).map((c) => c.stage)).to.deep.equal(['vocational-profiling']);
    expect(s.corrupt).to.deep.equal([]);
  });

  it('a reloaded page is locked: reads wait for the passphrase, a wrong one gets a clear error and changes nothing', async () => {
    const first = fresh();
    await first.importEvents(history());
    await first.protect('ewa', 'correct horse battery staple');
    await first.dispose();
    const before = await rawText();

    const s = fresh(); // the page after a reload: the key was only in memory
    expect(await s.protectionState()).to.equal('locked');
    let read: CaseEvent[] | null = null;
    const reading = s.events('c1').then((e) => (read = e));
    let error: unknown;
    try {
      await s.unlock('ewa', 'correct horse battery stapler');
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(WrongPassphraseError);
    expect((error as Error).message).to.equal('this passphrase does not open the records on this device; nothing was changed, check it and try again');
    expect(read).to.equal(null); // still waiting, not failed and not empty
    expect(await rawText()).to.equal(before); // nothing destroyed or rewritten

    await s.unlock('ewa', 'correct horse battery staple');
    await reading;
    expect(read!.map((e) => e.type)).to.deep.equal(['case.open', 'consent.grant', 'job.start']);
    // Another worker's passphrase has no slot until one who can open the records gives it one.
    await s.setPassphrase('anna', 'another long passphrase');
    await s.lock();
    expect(await s.protectionState()).to.equal('locked');
    const third = fresh();
    await third.unlock('anna', 'another long passphrase');
    expect(await third.events('c1')).to.have.length(3);
  });

  it('tells whether a passphrase is the worker’s, locked or open, changing nothing; null where there is nothing to tell it by', async () => {
    const s = fresh();
    await s.importEvents(history());
    expect(await s.checkPassphrase('ewa', 'correct horse battery staple'), 'not sealed').to.equal(null);
    await s.protect('ewa', 'correct horse battery staple');
    expect(await s.checkPassphrase('ewa', 'correct horse battery staple')).to.equal(true);
    expect(await s.checkPassphrase('ewa', 'correct horse battery stapler')).to.equal(false);
    expect(await s.checkPassphrase('anna', 'correct horse battery staple'), 'no slot of hers').to.equal(null);
    await s.lock();
    const before = await rawText();
    expect(await s.checkPassphrase('ewa', 'correct horse battery staple')).to.equal(true);
    expect(await s.protectionState(), 'a check does not open the records').to.equal('locked');
    expect(await rawText()).to.equal(before);
  });

  it('a caseload summary record another tab changed is opened again, not taken from what this page wrote before', async () => {
    // Two cases whose summaries share a record (the first, while there are few).
    const [first, second] = ['k1', 'k2'];
    const a = fresh();
    await a.protect('ewa', 'correct horse battery staple');
    await a.importEvents(history(first)); // this page seals the shared record
    const b = fresh(); // another tab
    await b.unlock('ewa', 'correct horse battery staple');
    await b.importEvents(history(second)); // and changes it
    const moved = await a.record({ caseId: first, baseSeq: 2, drafts: [{ type: 'stage.enter', payload: { stage: 'vocational-profiling' }, actor: ewa }] }, templates);
    expect(moved.status).to.equal('saved');
    const reader = fresh();
    await reader.unlock('ewa', 'correct horse battery staple');
    expect((await reader.caseSummaries()).map((c) => [c.caseId, c.stage])).to.deep.equal([
      [first, 'vocational-profiling'],
      [second, 'engagement'],
    ]);
    expect(reader.corrupt).to.deep.equal([]);
  });

  it('a write the page could not seal waits in memory until unlocked, then is written sealed: nothing is lost, nothing plain', async () => {
    const a = fresh();
    const b = fresh(); // another tab, opened before the records were sealed
    await a.importEvents(history());
    expect(await b.protectionState()).to.equal('off');
    await a.protect('ewa', 'correct horse battery staple');
    const result = await b.record({ caseId: 'c1', baseSeq: 2, drafts: [{ type: 'support.log', payload: { minutes: 45, mode: 'on-the-job' }, actor: ewa, reason: NOTE }] }, templates);
    expect(result.status).to.equal('pending');
    expect(b.status).to.equal('degraded');
    const settled = new Promise<void>((resolve) => b.subscribe(() => b.status === 'ok' && resolve()));
    await b.unlock('ewa', 'correct horse battery staple');
    await settled;
    expect((await a.events('c1')).map((e) => e.type)).to.deep.equal(['case.open', 'consent.grant', 'job.start', 'support.log']);
    expect(await rawText()).not.to.include(NOTE);
  });

  it('writes drafts for a page hidden or left in the turn it is asked, sealed, committed at once; nothing before its database is open or while locked', async () => {
    const s = fresh();
    expect(s.writeDraftsNow([{ key: 'typing:c1', data: { note: NOTE }, caseId: 'c1' }]), 'not open yet').to.equal(false);
    await s.importEvents(history());
    await s.saveDraft('typing:c1:saved-since', { note: 'an older note' }, { caseId: 'c1' });
    await s.protect('ewa', 'correct horse battery staple');
    // Committed in the same turn: nothing waits for an answer the page may not live to see.
    const commit = IDBTransaction.prototype.commit;
    let committed = 0;
    IDBTransaction.prototype.commit = function (this: IDBTransaction) {
      committed++;
      commit.call(this);
    };
    try {
      expect(s.writeDraftsNow([{ key: 'typing:c1', data: { note: NOTE }, caseId: 'c1' }], ['typing:c1:saved-since'])).to.equal(true);
      expect(committed).to.equal(1);
    } finally {
      IDBTransaction.prototype.commit = commit;
    }
    // The next page's connection, opened after it, finds it written: its transaction was made first.
    const drafts = (await rawRecords()).filter((r) => r.store === 'drafts').map((r) => r.record as { key: string; caseId: string; sealed?: unknown });
    expect(drafts.map((d) => [d.key, d.caseId])).to.deep.equal([['typing:c1', 'c1']]);
    expect(drafts[0]!.sealed).to.be.instanceOf(Uint8Array);
    expect(await rawText()).not.to.include(NOTE);
    expect(await s.loadDraft('typing:c1')).to.deep.equal({ note: NOTE });
    await s.lock();
    expect(s.writeDraftsNow([{ key: 'typing:c1', data: { note: 'typed while locked' } }]), 'nothing can be sealed').to.equal(false);
    expect(await rawText()).not.to.include('typed while locked');
  });

  it('a sealed value moved to another record, or a plain record slipped into a sealed database, is not read', async () => {
    const s = fresh();
    await s.importEvents([...history('c1'), ...history('c2')]);
    await s.protect('ewa', 'correct horse battery staple');
    const db = await openDB(databaseName(org));
    const c1 = (await db.get('events', ['c1', 0])) as { sealed: Uint8Array };
    const c2 = (await db.get('events', ['c2', 0])) as Record<string, unknown>;
    await db.put('events', { ...c2, sealed: c1.sealed });
    const head1 = (await db.get('heads', 'c1')) as { sealed: Uint8Array };
    await db.put('heads', { ...((await db.get('heads', 'c2')) as object), sealed: head1.sealed });
    // The caseload's summary of c2 too: it is made again from the heads, where c2's does not open.
    await db.put('summaries', { ...((await db.get('summaries', '')) as object), sealed: head1.sealed });
    await db.put('drafts', { key: 'planted', recordVersion: 1, savedAt: '2026-01-05T09:00:00Z', data: { planted: true } });
    db.close();
    expect((await s.events('c2')).map((e) => e.type)).to.deep.equal([]); // c2 was imported as one record, now unreadable
    expect(await s.loadDraft('planted')).to.equal(undefined);
    expect(s.corrupt.join('\n')).to.include('events/c2/0').and.include('not sealed');
    expect((await s.caseSummaries()).map((c) => c.caseId)).to.deep.equal(['c1']); // a caseload opens its summaries outside any transaction
    expect(s.corrupt.join('\n')).to.include('a sealed record in summaries (summaries/) does not open');
    expect(s.corrupt.join('\n')).to.include('a sealed record in heads (heads/c2) does not open');
    expect((await s.events('c1')).map((e) => e.type)).to.deep.equal(['case.open', 'consent.grant', 'job.start']);
  });

  it('a replica seals what waits in the outbox, what a pull brings, what the server kept for review and its review marked here', async () => {
    const s = fresh();
    await s.protect('ewa', 'correct horse battery staple');
    const replica = new Replica(s);
    await replica.linkTo('https://cases.example.org', 'ewa', 'dev-1');
    const pulled = history('c9');
    await replica.applyPull({ events: pulled, backfill: [], revoked: [], conflicts: [], cursor: 'k1', reset: false });
    const result = await s.record({ caseId: 'c9', baseSeq: 2, drafts: [{ type: 'support.log', payload: { minutes: 30, mode: 'remote' }, actor: ewa, reason: NOTE }] }, templates);
    expect(result.status, JSON.stringify(result)).to.equal('saved');
    const batch = await replica.outboxBatch(10);
    expect(batch).to.have.length(1);
    const [waiting] = batch;
    expect(waiting?.event.reason).to.equal(NOTE);
    await replica.applyPushAnswers([{ id: waiting!.event.id, caseId: 'c9', status: 'conflict', rule: 'concurrent-change', reason: `${EMPLOYER} was changed meanwhile`, changedBy: ['anna'] }]);
    // Her review, marked offline, speaks of the person too.
    const REVIEW = 'Spoke with Mr Kowalski about the bakery';
    expect(await replica.markReviewed(waiting!.event.id, REVIEW, '2026-01-09T10:00:00.000Z')).to.equal(true);
    const text = await rawText();
    for (const secret of [EMPLOYER, NOTE, 'OD-SECRET-7', 'Kowalski']) expect(text, secret).not.to.include(secret);
    const [conflict] = await replica.conflicts('c9');
    expect([conflict?.reason, conflict?.event.reason, conflict?.changedBy]).to.deep.equal([`${EMPLOYER} was changed meanwhile`, NOTE, ['anna']]);
    expect(conflict?.review).to.deep.equal({ resolution: REVIEW, markedAt: '2026-01-09T10:00:00.000Z', refused: null });
    expect(await replica.reviewsWaiting()).to.deep.equal([waiting!.event.id]);
    expect(await replica.review(waiting!.event.id)).to.deep.equal(conflict?.review);
    expect(await replica.review('no-such-change')).to.equal(undefined);
    expect((await s.events('c9')).map((e) => e.type)).to.deep.equal(['case.open', 'consent.grant', 'job.start']);
    expect(s.corrupt).to.deep.equal([]);
  });

  it('a pulled case made ready before its transaction is stored as the records are sealed then: sealed meanwhile, or with another key, it is sealed again', async () => {
    const s = fresh();
    const savedAt = new Date().toISOString();
    // As a pull does: the events record and the head sealed ahead, then stored in a transaction.
    const ahead = async (caseId: string) => {
      const events = history(caseId);
      const state = s.stateOf(events)!;
      const [run] = (await s.sealAhead('events', [s.runRecord(caseId, events, savedAt)]))!;
      const [head] = (await s.sealAhead('heads', [s.headRecord(state)]))!;
      return { caseId, state, run: run!, head: head! };
    };
    const store = async (ready: Awaited<ReturnType<typeof ahead>>) => {
      await s.inTransaction(['events', 'heads', 'summaries'], 'readwrite', (tx) => Promise.all([tx.objectStore('events').put(s.storedNow('events', ready.run)), s.putHeadIn(tx, ready.state, s.storedNow('heads', ready.head))]));
    };
    // Made ready in plain (the device did not seal), then the device is sealed before it is stored.
    const plain = await ahead('c4');
    await s.protect('ewa', 'correct horse battery staple');
    await store(plain);
    // Made ready with one key, then the device starts over with another before it is stored.
    const sealed = await ahead('c5');
    expect(await s.startOver('ewa', 'a new passphrase of some length')).to.equal(true);
    await store(sealed);
    await store(plain);

    const text = await rawText();
    for (const secret of [EMPLOYER, 'OD-SECRET-7', 'placed after a trial week']) expect(text, secret).not.to.include(secret);
    for (const caseId of ['c4', 'c5']) expect((await s.events(caseId)).map((e) => e.type), caseId).to.deep.equal(['case.open', 'consent.grant', 'job.start']);
    expect((await s.caseSummaries()).map((c) => [c.caseId, c.clientRef])).to.deep.equal([['c4', 'OD-SECRET-7'], ['c5', 'OD-SECRET-7']]);
    expect(s.corrupt).to.deep.equal([]);
  });

  it('a case a pull brings whole and revokes in the same page leaves nothing behind, not even its place in the caseload', async () => {
    const s = fresh();
    await s.protect('ewa', 'correct horse battery staple');
    const replica = new Replica(s);
    await replica.linkTo('https://cases.example.org', 'ewa', 'dev-1');
    await replica.applyPull({ events: [...history('c6'), ...history('c7')], backfill: [], revoked: ['c6'], conflicts: [], cursor: 'k1', reset: false });
    expect(await s.events('c6')).to.deep.equal([]);
    expect((await s.caseSummaries()).map((c) => c.caseId)).to.deep.equal(['c7']);
    expect(s.corrupt).to.deep.equal([]);
  });

  it('refuses to seal twice, and a locked store says what is wrong when its key record is damaged', async () => {
    const s = fresh();
    await s.protect('ewa', 'correct horse battery staple');
    let error: unknown;
    try {
      await s.protect('anna', 'another long passphrase');
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).to.equal('the records on this device are sealed already; unlock them instead');
    await s.dispose();
    const db = await openDB(databaseName(org));
    await db.put('meta', { key: KEYS_KEY, value: { version: 1, keyId: 'dk-1', slots: [{ label: 'ewa', iterations: 1000 }] } });
    db.close();
    const locked = fresh();
    error = undefined;
    try {
      await locked.unlock('ewa', 'correct horse battery staple');
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(DeviceLockedError);
    expect((error as Error).message).to.include('key record of this device is damaged');
  });

  it('sealing, or starting over, goes on when the connection is closed while the key is derived (another tab upgrading)', async () => {
    const s = fresh();
    await s.importEvents(history());
    const derive = crypto.subtle.deriveKey.bind(crypto.subtle);
    let closedDuring = 0;
    crypto.subtle.deriveKey = (async (...args: Parameters<SubtleCrypto['deriveKey']>) => {
      closedDuring++;
      await s.close(); // what a versionchange from another tab does, at the slowest moment
      return derive(...args);
    }) as SubtleCrypto['deriveKey'];
    try {
      await s.protect('ewa', 'correct horse battery staple');
      await s.lock();
      expect(await s.startOver('anna', 'another long passphrase')).to.equal(true);
    } finally {
      crypto.subtle.deriveKey = derive;
    }
    expect(closedDuring).to.equal(2); // the check can fail: the connection was closed each time
    expect(await s.protectionState()).to.equal('open');
    expect(await s.hasPassphrase('anna')).to.equal(true);
    expect(await rawText()).not.to.include('OD-SECRET-7');
  });

  it('another worker on a device sealed by someone else starts over only when nothing of theirs waits here', async () => {
    const s = fresh();
    await s.importEvents(history());
    await s.protect('ewa', 'correct horse battery staple');
    await s.saveDraft('intake:ewa', { note: NOTE });
    await s.lock();
    expect(await s.hasPassphrase('anna')).to.equal(false);
    const before = await rawText();
    expect(await s.startOver('anna', 'another long passphrase')).to.equal(false); // Ewa's draft waits
    expect(await rawText()).to.equal(before);
    expect(await s.protectionState()).to.equal('locked');

    await s.unlock('ewa', 'correct horse battery staple');
    await s.deleteDraft('intake:ewa');
    await s.lock();
    expect(await s.startOver('anna', 'another long passphrase')).to.equal(true);
    expect(await s.protectionState()).to.equal('open');
    expect(await s.cases()).to.deep.equal([]); // the server has it; the next pull brings what Anna may see
    expect([await s.hasPassphrase('anna'), await s.hasPassphrase('ewa')]).to.deep.equal([true, false]);
  });
});
