import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { deleteDB, openDB } from 'idb';
import { builtInTemplates, caseSummary, replay, type EventDraft } from '@casepath/core';
import { CaseHistoryBuilder } from '@casepath/core/testing';
import { databaseName, DB_VERSION, IdbCaseStore, openCasepathDB } from './idb-case-store.js';
import { StoreSequenceError, templatesById, type RecordResult } from './case-store.js';
import { loadedBuiltInTemplate } from './built-in-templates.js';
import { SUMMARY_RECORD_MAX } from './casepath-db.js';
import { CaseGoneError } from './cases-gone.js';
import { until } from '../internal/until.test-support.js';

const euse = builtInTemplates['euse-supported-employment'];
const templates = templatesById(builtInTemplates);
const events = (caseId = 'c1') =>
  new CaseHistoryBuilder(caseId, '2026-01-05T09:00:00Z')
    .add('case.open', { templateId: euse.id, templateVersion: 1, providerId: 'p' })
    .add('consent.grant', { purpose: 'service' })
    .build();
const ewa = { id: 'ewa', role: 'coordinator' } as const;
const anna = { id: 'anna', role: 'job-coach' } as const;
const support = (actor: typeof ewa | typeof anna = anna): EventDraft => ({ type: 'support.log', payload: { minutes: 30, mode: 'on-the-job' }, actor });
const move = (stage: string, actor: typeof ewa | typeof anna = ewa): EventDraft => ({ type: 'stage.enter', payload: { stage }, actor });

let org = '';
const stores: IdbCaseStore[] = [];
const fresh = (o = org, factory?: ConstructorParameters<typeof IdbCaseStore>[1]) => {
  const s = new IdbCaseStore(o, factory);
  stores.push(s);
  return s;
};
const saved = (r: RecordResult) => {
  if (r.status !== 'saved') throw new Error(`expected saved, got ${JSON.stringify(r)}`);
  return r.events;
};

describe('IdbCaseStore (real IndexedDB)', () => {
  it('loads a built-in template when a case of it is first stored or recorded, before the transaction, so no case loses its projection', async () => {
    // Each template is its own chunk, loaded on demand; none of these is loaded yet in this page.
    expect(loadedBuiltInTemplate('family-support')).to.equal(undefined);
    expect(loadedBuiltInTemplate('social-reintegration')).to.equal(undefined);
    const s = fresh();
    await s.importEvents(new CaseHistoryBuilder('f1', '2026-01-05T09:00:00Z').add('case.open', { templateId: 'family-support', templateVersion: 1, providerId: 'p' }).build());
    expect(loadedBuiltInTemplate('family-support')?.id).to.equal('family-support');
    // Recorded with a resolver that has no templates of its own: the built-in one loads first.
    const opened = await s.record({ caseId: 'r1', baseSeq: -1, drafts: [{ type: 'case.open', payload: { templateId: 'social-reintegration', templateVersion: 1, providerId: 'p' }, actor: ewa }] }, templatesById());
    expect(opened.status).to.equal('saved');
    const states = await fresh().caseSummaries();
    expect(states.map((c) => [c.caseId, c.templateId, c.stage]).filter(([id]) => id === 'f1' || id === 'r1')).to.deep.equal([
      ['f1', 'family-support', loadedBuiltInTemplate('family-support')!.initialStage],
      ['r1', 'social-reintegration', loadedBuiltInTemplate('social-reintegration')!.initialStage],
    ]);
  });

  beforeEach(() => {
    org = `test-${Math.random().toString(36).slice(2)}`;
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    await deleteDB(databaseName(org));
  });

  it('keeps events and drafts across store instances (a reload), one database per organisation', async () => {
    const a = fresh();
    await a.importEvents(events());
    await a.saveDraft('intake:x', { clientRef: 'OD-1' });
    await a.close();
    const b = fresh();
    expect((await b.events('c1')).map((e) => e.type)).to.deep.equal(['case.open', 'consent.grant']);
    expect(await b.loadDraft('intake:x')).to.deep.equal({ clientRef: 'OD-1' });
    expect(await fresh(`${org}-other`).cases()).to.deep.equal([]);
    await deleteDB(databaseName(`${org}-other`));
  });

  it('writes drafts only in transactions committed in the turn they begin: none holds the drafts waiting for an answer, which a page that ends never gives', async () => {
    const s = fresh();
    await s.importEvents(events());
    const begun: { scope: string[]; committedInTurn: boolean }[] = [];
    const committed = new WeakSet<IDBTransaction>();
    const { transaction } = IDBDatabase.prototype;
    const { commit } = IDBTransaction.prototype;
    IDBTransaction.prototype.commit = function (this: IDBTransaction) {
      committed.add(this);
      commit.call(this);
    };
    IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
      const tx = transaction.apply(this, args);
      if (tx.mode === 'readwrite' && tx.objectStoreNames.contains('drafts')) {
        const seen = { scope: [...tx.objectStoreNames], committedInTurn: false };
        begun.push(seen);
        queueMicrotask(() => (seen.committedInTurn = committed.has(tx)));
      }
      return tx;
    };
    try {
      await s.saveDraft('assessment:c1:x:self', { answers: { q1: 'typed' } }, { caseId: 'c1' });
      await s.saveDraft('assessment:c1:x:self', { answers: { q1: 'typed on' } }, { caseId: 'c1' });
      expect(s.writeDraftsNow([{ key: 'typing:c1', data: { note: 'as the page ended' }, caseId: 'c1' }])).to.equal(true);
      await s.deleteDraft('assessment:c1:x:self');
    } finally {
      IDBDatabase.prototype.transaction = transaction;
      IDBTransaction.prototype.commit = commit;
    }
    expect(begun).to.deep.equal([0, 1, 2, 3].map(() => ({ scope: ['drafts'], committedInTurn: true })));
    expect(await s.loadDraft('assessment:c1:x:self')).to.equal(undefined);
    expect(await s.loadDraft('typing:c1')).to.deep.equal({ note: 'as the page ended' });
  });

  describe('a key’s draft writes and deletes land in the order they were asked, none awaited before the next', () => {
    // Each operation waits for different answers before its transaction (the database opened, the
    // key record read), so one asked later can begin first: these are asked in one turn.
    const key = 'intake:x';

    it('a draft deleted after a write of it stays deleted', async () => {
      const s = fresh();
      await s.importEvents(events());
      await Promise.all([s.saveDraft(key, { step: 1 }), s.deleteDraft(key)]);
      expect(await fresh().loadDraft(key)).to.equal(undefined);
    });

    it('what the page writes as it is hidden is not overwritten by an older write still on its way', async () => {
      const s = fresh();
      await s.importEvents(events());
      const older = s.saveDraft(key, { step: 1 });
      expect(s.writeDraftsNow([{ key, data: { step: 2 } }])).to.equal(true);
      await older;
      expect(await s.loadDraft(key)).to.deep.equal({ step: 2 });
      expect(await fresh().loadDraft(key)).to.deep.equal({ step: 2 });
    });

    it('a draft read right after a write is asked reads what was written', async () => {
      const s = fresh();
      await s.importEvents(events());
      void s.saveDraft(key, { step: 1 });
      expect(await s.loadDraft(key)).to.deep.equal({ step: 1 });
      void s.deleteDraft(key);
      expect(await s.loadDraft(key)).to.equal(undefined);
    });

    it('a draft of a case being erased does not come back with what a write on its way held', async () => {
      const s = fresh();
      await s.importEvents(events());
      const kept = s.saveDraft('assessment:c1:x:self', { answers: { q1: 'health' } }, { caseId: 'c1' });
      const other = s.saveDraft('assessment:c2:x:self', { answers: { q1: 'kept' } }, { caseId: 'c2' });
      await Promise.all([kept, other, s.eraseCase('c1')]);
      expect(await fresh().loadDraft('assessment:c1:x:self')).to.equal(undefined);
      expect(await fresh().loadDraft('assessment:c2:x:self')).to.deep.equal({ answers: { q1: 'kept' } });
    });

    it('nor one whose write began while a pull took the case away, in the pull’s own transaction', async () => {
      const s = fresh();
      await s.importEvents(events());
      await s.saveDraft('assessment:c1:x:self', { answers: { q1: 'before' } }, { caseId: 'c1' });
      await s.inTransaction(['events', 'drafts'], 'readwrite', async (tx) => {
        // Begun after the pull's transaction, so it lands after it: the page hidden just then.
        expect(s.writeDraftsNow([{ key: 'typing:c1', data: { note: 'health' }, caseId: 'c1' }])).to.equal(true);
        await Promise.all(await s.eraseIn(tx, 'c1', ['events', 'drafts']));
      });
      expect(await s.loadDraft('typing:c1')).to.equal(undefined);
      expect(await fresh().loadDraft('typing:c1')).to.equal(undefined);
      expect(await fresh().loadDraft('assessment:c1:x:self')).to.equal(undefined);
    });
  });

  describe('a case that left this device keeps no drafts, until it is stored here again', () => {
    /** Resolves once `s` is told that c1 left: from its own tab, or through the channel from another. */
    const toldGone = (s: IdbCaseStore) =>
      new Promise<void>((resolve) => {
        const stop = s.subscribe((change) => change.caseId === 'c1' && change.gone && (stop(), resolve()));
      });

    it('a draft asked after the case was erased, in this tab or another, is refused and written nowhere', async () => {
      const [office, here] = [fresh(), fresh()];
      await office.importEvents([...events(), ...events('c2')]);
      expect((await here.events('c1')).length, 'the other tab shows the case').to.equal(2);
      const told = toldGone(here);
      await office.eraseCase('c1');
      await told;
      for (const s of [office, here]) {
        const refused = await s.saveDraft('typing:c1', { note: 'her court date' }, { caseId: 'c1' }).then(() => null, (e: unknown) => e);
        expect(refused).to.be.instanceOf(CaseGoneError);
        expect((refused as CaseGoneError).message).to.equal('case c1 is no longer on this device: no draft of it is kept');
        // As the page is hidden: the other case's draft is written, the erased one's is not.
        expect(s.writeDraftsNow([{ key: 'hidden:c1', data: { note: 'health' }, caseId: 'c1' }, { key: 'hidden:c2', data: { note: 'kept' }, caseId: 'c2' }]), s === here ? 'here' : 'office').to.equal(true);
      }
      const reader = fresh();
      expect(await reader.loadDraft('hidden:c2')).to.deep.equal({ note: 'kept' });
      for (const key of ['typing:c1', 'hidden:c1']) expect(await reader.loadDraft(key), key).to.equal(undefined);
      // Stored here again (access given back, a case pulled again): its drafts are kept again.
      await here.importEvents(events());
      await here.saveDraft('typing:c1', { note: 'new' }, { caseId: 'c1' });
      expect(await fresh().loadDraft('typing:c1')).to.deep.equal({ note: 'new' });
    });

    it('a draft another tab wrote just after the erasure, before it was told, is deleted once it is', async () => {
      const [office, here] = [fresh(), fresh()];
      await office.importEvents(events());
      expect((await here.events('c1')).length, 'the other tab shows the case').to.equal(2);
      const told = toldGone(here);
      await office.eraseCase('c1');
      // In the same turn as the erasure ended: the other tab has not been told yet, and its page is hidden.
      expect(here.writeDraftsNow([{ key: 'hidden:c1', data: { note: 'health' }, caseId: 'c1' }])).to.equal(true);
      await told;
      await until(async () => (await fresh().loadDraft('hidden:c1')) === undefined, 'the draft written after the erasure is deleted');
    });
  });

  it('imports histories append-only: a repeat is skipped by id, a gap or overlap is refused and nothing is written', async () => {
    const s = fresh();
    await s.importEvents(events());
    await s.importEvents(events()); // the same ids again: a no-op
    const foreign = { ...events()[1]!, id: 'other-id', seq: 1 };
    let error: unknown;
    try {
      await s.importEvents([...events('c2'), foreign]);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(StoreSequenceError);
    expect(await s.events('c1')).to.have.length(2);
    expect(await s.events('c2')).to.deep.equal([]); // all or nothing
  });

  it('records a draft after the stored head, with a fresh id, and only says saved once it is on disk', async () => {
    const s = fresh();
    await s.importEvents(events());
    const [stored] = saved(await s.record({ caseId: 'c1', baseSeq: 1, drafts: [move('vocational-profiling')] }, templates));
    expect(stored).to.include({ seq: 2, type: 'stage.enter' });
    expect(stored!.id).to.match(/^[0-9a-f-]{36}$/);
    const other = fresh(); // another connection reads it from disk
    expect((await other.events('c1')).map((e) => e.id)).to.deep.equal([...events().map((e) => e.id), stored!.id]);
  });

  it('refuses, storing nothing, a move someone else already made since the person looked; says who and what', async () => {
    const s = fresh();
    await s.importEvents(events());
    saved(await s.record({ caseId: 'c1', baseSeq: 1, drafts: [move('vocational-profiling', anna)] }, templates));
    const r = await s.record({ caseId: 'c1', baseSeq: 1, drafts: [move('vocational-profiling')] }, templates);
    expect(r.status).to.equal('refused');
    if (r.status !== 'refused') return;
    expect(r.conflict.rule).to.equal('concurrent-change');
    expect(r.conflict.changedSince.map((e) => e.actor.id)).to.deep.equal(['anna']);
    expect(r.state!.stage).to.equal('vocational-profiling');
    expect(await s.events('c1')).to.have.length(3);
  });

  it('is idempotent: recording the same drafts (same ids) twice stores them once', async () => {
    const s = fresh();
    await s.importEvents(events());
    const draft = { ...support(), id: '0190a0a0-0000-7000-8000-000000000001' };
    const first = saved(await s.record({ caseId: 'c1', drafts: [draft] }, templates));
    const again = saved(await s.record({ caseId: 'c1', drafts: [draft] }, templates));
    expect(again).to.deep.equal(first);
    expect(await s.events('c1')).to.have.length(3);
  });

  it('two tabs recording on one case at the same moment: none lost, none duplicated, both read one history', async () => {
    // Two stores are two connections, as two tabs have: IndexedDB serialises their transactions.
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.boolean(), fc.constantFrom('support', 'move')), { minLength: 2, maxLength: 12 }), async (plan) => {
        const name = `${org}-${Math.random().toString(36).slice(2)}`;
        const tabA = fresh(name);
        const tabB = fresh(name);
        await tabA.importEvents(events());
        const results = await Promise.all(
          plan.map(([inA, kind]) => {
            const tab = inA ? tabA : tabB;
            // Every recorder acts on the view it had at the start (#1), as a person would.
            return tab.record({ caseId: 'c1', baseSeq: 1, drafts: [kind === 'support' ? support() : move('vocational-profiling')] }, templates);
          }),
        );
        const fromA = await tabA.events('c1');
        const fromB = await tabB.events('c1');
        expect(fromA).to.deep.equal(fromB);
        const savedIds = results.flatMap((r) => (r.status === 'saved' ? r.events.map((e) => e.id) : []));
        expect(fromA.slice(2).map((e) => e.id).sort()).to.deep.equal([...savedIds].sort());
        expect(fromA.map((e) => e.seq)).to.deep.equal(fromA.map((_, i) => i));
        // Exactly one move is stored; every other move was refused with a reason, none silently.
        const moves = plan.filter(([, k]) => k === 'move').length;
        expect(fromA.filter((e) => e.type === 'stage.enter')).to.have.length(moves ? 1 : 0);
        expect(results.filter((r) => r.status === 'refused')).to.have.length(Math.max(0, moves - 1));
        expect(results.every((r) => r.status !== 'pending')).to.equal(true);
        expect(() => replay(euse, fromA)).not.to.throw();
        await tabA.close();
        await tabB.close();
        await deleteDB(databaseName(name));
      }),
      { numRuns: 25 },
    );
  });

  it('stores an imported history as one record per case, reads it back event by event, and records after it', async () => {
    const s = fresh();
    await s.importEvents([...events('a'), ...events('b')]);
    const db = await openDB(databaseName(org), DB_VERSION);
    expect(await db.count('events')).to.equal(2); // one record a case, whatever its length
    // A damaged event inside a run is reported with its place; the others are read.
    const run = (await db.get('events', ['a', 0]))!;
    await db.put('events', { ...run, events: [run.events![0], { ...(run.events![1] as object), payload: 'garbage' }] });
    db.close();
    expect((await s.events('b')).map((e) => e.seq)).to.deep.equal([0, 1]);
    expect((await s.events('a')).map((e) => e.seq)).to.deep.equal([0]);
    expect(s.corrupt.at(-1)).to.contain('case a event #1');
    const [next] = saved(await s.record({ caseId: 'b', drafts: [support()] }, templates));
    expect(next!.seq).to.equal(2);
    expect((await fresh().events('b')).map((e) => e.type)).to.deep.equal(['case.open', 'consent.grant', 'support.log']);
  });

  it('checks every record when reading: a corrupt one is skipped and reported, the rest is read, and its key is never reused', async () => {
    const s = fresh();
    await s.importEvents(events());
    const db = await openDB(databaseName(org), DB_VERSION);
    await db.put('events', { caseId: 'c1', seq: 2, recordVersion: 1, savedAt: 'x', event: { type: 'goal.add', payload: 'garbage' } });
    db.close();
    const read = await s.events('c1');
    expect(read).to.have.length(2);
    expect(s.corrupt[0]).to.contain('case c1 event #2');
    const [next] = saved(await s.record({ caseId: 'c1', drafts: [support()] }, templates));
    expect(next!.seq).to.equal(3);
  });

  it('keeps a record the device refused in memory, says it is not saved, guards leaving the page, and retries', async () => {
    let fail = false;
    const s = fresh(org, () => (fail ? Promise.reject(new DOMException('quota', 'QuotaExceededError')) : openCasepathDB(org)));
    await s.importEvents(events());
    await s.close();
    fail = true;
    const statuses: string[] = [];
    s.subscribe(() => statuses.push(s.status));
    const r = await s.record({ caseId: 'c1', drafts: [support()] }, templates);
    expect(r.status).to.equal('pending');
    expect(s.status).to.equal('degraded');
    expect(s.pendingCount).to.equal(1);
    // Leaving now asks the browser's "changes may not be saved" question.
    const leaving = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(leaving);
    expect(leaving.defaultPrevented).to.equal(true);
    fail = false;
    await s.flush();
    expect(s.status).to.equal('ok');
    expect(statuses).to.include('degraded').and.include('ok');
    expect((await fresh().events('c1')).map((e) => e.type)).to.deep.equal(['case.open', 'consent.grant', 'support.log']);
    const calm = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(calm);
    expect(calm.defaultPrevented).to.equal(false);
  });

  it('does not retry a write that can never succeed: a refused retry is reported, not looped', async () => {
    let fail = false;
    const s = fresh(org, () => (fail ? Promise.reject(new DOMException('closed', 'InvalidStateError')) : openCasepathDB(org)));
    await s.importEvents(events());
    await s.close();
    fail = true;
    expect((await s.record({ caseId: 'c1', baseSeq: 1, drafts: [move('vocational-profiling')] }, templates)).status).to.equal('pending');
    // Meanwhile another tab moves the case.
    saved(await fresh().record({ caseId: 'c1', baseSeq: 1, drafts: [move('vocational-profiling', anna)] }, templates));
    const refusals: string[] = [];
    s.subscribe((c) => c.refused && refusals.push(c.refused.conflict.rule));
    fail = false;
    await s.flush();
    expect(refusals).to.deep.equal(['concurrent-change']);
    expect(s.pendingCount).to.equal(0);
    expect(s.status).to.equal('ok');
    expect((await s.events('c1')).filter((e) => e.type === 'stage.enter')).to.have.length(1);
  });

  it('closes its connection when another tab upgrades the database, so the upgrade does not hang', async () => {
    const s = fresh();
    await s.importEvents(events());
    const upgraded = await openDB(databaseName(org), DB_VERSION + 1, { upgrade() {} });
    expect(upgraded.version).to.equal(DB_VERSION + 1);
    upgraded.close();
  });

  it('exports and erases a case on request', async () => {
    const s = fresh();
    await s.importEvents(events());
    await s.saveDraft('snapshot:c1', { x: 1 }, { caseId: 'c1' });
    expect((await s.exportCase('c1'))!.events).to.have.length(2);
    await s.eraseCase('c1');
    expect(await s.events('c1')).to.deep.equal([]);
    expect(await s.loadDraft('snapshot:c1')).to.equal(undefined);
  });

  it('erases exactly the case asked: provider-01-case-5 leaves provider-01-case-53 whole', async () => {
    const s = fresh();
    await s.importEvents([...events('provider-01-case-5'), ...events('provider-01-case-53')]);
    for (const id of ['provider-01-case-5', 'provider-01-case-53']) {
      await s.saveDraft(`snapshot:${id}`, { x: id }, { caseId: id });
      await s.saveDraft(`assessment:${id}:vocational-profile:self`, { answers: {} }, { caseId: id });
    }
    await s.eraseCase('provider-01-case-5');
    expect(await s.events('provider-01-case-5')).to.deep.equal([]);
    expect(await s.events('provider-01-case-53')).to.have.length(2);
    expect(await s.loadDraft('snapshot:provider-01-case-5')).to.equal(undefined);
    expect(await s.loadDraft('snapshot:provider-01-case-53')).to.deep.equal({ x: 'provider-01-case-53' });
    expect(await s.loadDraft('assessment:provider-01-case-53:vocational-profile:self')).to.deep.equal({ answers: {} });
  });

  it('keeps each case’s projection at write time: caseSummaries equals replay after imports, records and erasure', async () => {
    const s = fresh();
    await s.importEvents([...events('a'), ...events('b')]);
    saved(await s.record({ caseId: 'a', baseSeq: 1, drafts: [move('vocational-profiling')] }, templates));
    const expected = async (id: string) => caseSummary(replay(euse, await s.events(id)).state);
    const byId = async () => Object.fromEntries((await s.caseSummaries()).map((st) => [st.caseId, st]));
    expect(await byId()).to.deep.equal({ a: await expected('a'), b: await expected('b') });
    expect((await byId()).a!.stage).to.equal('vocational-profiling');
    // A new store (a reload) reads the projections, not the events.
    const db = await openDB(databaseName(org), DB_VERSION);
    await db.clear('events');
    db.close();
    expect(Object.keys(await byId.call(null)).sort()).to.deep.equal(['a', 'b']);
    await s.eraseCase('a');
    expect((await s.caseSummaries()).map((st) => st.caseId)).to.deep.equal(['b']);
  });

  it('keeps every case’s summary in a few records, each written in the transaction of its heads', async () => {
    const s = fresh();
    const ids = Array.from({ length: 300 }, (_, i) => `case-${String(i).padStart(3, '0')}`);
    await s.importEvents(ids.slice(0, 200).flatMap((id) => events(id))); // one transaction, 200 cases
    await s.importEvents(ids.slice(200).flatMap((id) => events(id)));
    // Records on twenty cases at once, each its own transaction on buckets others share; one erasure.
    const moved = ids.filter((_, i) => i % 15 === 0);
    for (const r of await Promise.all(moved.map((caseId) => s.record({ caseId, baseSeq: 1, drafts: [move('vocational-profiling')] }, templates)))) saved(r);
    await s.eraseCase('case-7');
    const expected = await Promise.all(ids.filter((id) => id !== 'case-7').map(async (id) => caseSummary(replay(euse, await s.events(id)).state)));
    expected.sort((a, b) => (a.caseId! < b.caseId! ? -1 : 1));
    // As stored, before a caseload reads them (it would make missing ones again from the heads).
    const db = await openDB(databaseName(org), DB_VERSION);
    const buckets = await db.getAll('summaries');
    db.close();
    // Ranges of ids in order, the first from '', none over the most: a few records for 299 cases.
    expect(buckets[0]!.start).to.equal('');
    expect(buckets.length).to.be.within(3, 10);
    for (const [i, b] of buckets.entries()) {
      expect(Object.keys(b.cases).length).to.be.within(1, SUMMARY_RECORD_MAX);
      const next = buckets[i + 1]?.start;
      for (const caseId of Object.keys(b.cases)) expect(caseId >= b.start && (next === undefined || caseId < next), `${caseId} in ${b.start}`).to.equal(true);
    }
    const stored = buckets.flatMap((b) => Object.values<{ caseId: string }>(b.cases as Record<string, { caseId: string }>));
    expect(stored.sort((a, b) => (a.caseId < b.caseId ? -1 : 1))).to.deep.equal(expected);
    const reader = fresh();
    expect(await reader.caseSummaries()).to.deep.equal(expected);
    expect(reader.corrupt).to.deep.equal([]);
    expect(expected.filter((c) => c.stage === 'vocational-profiling').length).to.equal(moved.length);
  });

  it('deletes a summary record once its last case is erased, so no empty record is left to read; the range joins the record before it', async () => {
    const s = fresh();
    // One import of more than two full records' worth: split into three, of 64, 64 and 12 cases.
    // (Each erasure below is a transaction of its own, a few milliseconds each: no more than needed.)
    const ids = Array.from({ length: 140 }, (_, i) => `case-${String(i).padStart(3, '0')}`);
    await s.importEvents(ids.flatMap((id) => events(id)));
    const records = async () => {
      const db = await openDB(databaseName(org), DB_VERSION);
      const all = await db.getAll('summaries');
      db.close();
      return all.map((r) => ({ start: r.start, cases: Object.keys(r.cases).sort() }));
    };
    const before = await records();
    expect(before.length).to.be.at.least(3);
    // Every case of the second record erased at once (as a mass erasure), each erasure its own
    // transaction on the same record.
    const emptied = before[1]!;
    await Promise.all(emptied.cases.map((caseId) => s.eraseCase(caseId)));
    const after = await records();
    expect(after.map((r) => r.start)).to.deep.equal(before.filter((r) => r !== emptied).map((r) => r.start));
    for (const r of after) expect(r.cases.length, `record ${r.start}`).to.be.greaterThan(0);
    // A case new in that range goes to the record before it, and is read back with the others.
    await s.importEvents(events(`${emptied.cases[0]}-new`));
    const joined = (await records()).find((r) => r.cases.includes(`${emptied.cases[0]}-new`))!;
    expect(joined.start).to.equal(before[0]!.start);
    const left = ids.filter((id) => !emptied.cases.includes(id)).concat(`${emptied.cases[0]}-new`).sort();
    const reader = fresh();
    expect((await reader.caseSummaries()).map((c) => c.caseId)).to.deep.equal(left);
    expect(reader.corrupt).to.deep.equal([]);
    // All erased: nothing is left.
    for (const caseId of left) await s.eraseCase(caseId);
    expect(await records()).to.deep.equal([]);
    expect(await fresh().caseSummaries()).to.deep.equal([]);
  });

  it('keeps the summaries of a page of hundreds of cases stored in one turn, as a pull stores them, splitting records as they fill', async () => {
    const s = fresh();
    await s.importEvents([...events('m-000'), ...events('z-end')]);
    // 400 new cases, projected in three synchronous loops in one transaction, in no particular order.
    const ids = Array.from({ length: 400 }, (_, i) => `m-${String(i * 7919 % 400).padStart(3, '0')}x`);
    await s.prepareTemplates([], [{ type: 'case.open', caseId: ids[0]!, payload: { templateId: euse.id } }]);
    await s.inTransaction(['heads', 'summaries'], 'readwrite', async (tx) => {
      const first = ids.slice(0, 200).map((id) => s.putHeadIn(tx, s.stateOf(events(id))!));
      await tx.objectStore('heads').count(); // more while the first record is read
      const second = ids.slice(200, 300).map((id) => s.putHeadIn(tx, s.stateOf(events(id))!));
      await tx.objectStore('heads').count(); // and more once it was split, into the records split off
      await Promise.all([...first, ...second, ...ids.slice(300).map((id) => s.putHeadIn(tx, s.stateOf(events(id))!))]);
    });
    const db = await openDB(databaseName(org), DB_VERSION);
    const records = await db.getAll('summaries');
    db.close();
    const stored = records.flatMap((r, i) => Object.keys(r.cases).map((id) => ({ id, inRange: id >= r.start && (records[i + 1] === undefined || id < records[i + 1]!.start) })));
    expect(stored.map((c) => c.id).sort()).to.deep.equal([...ids, 'm-000', 'z-end'].sort());
    expect(stored.filter((c) => !c.inRange)).to.deep.equal([]);
    for (const r of records) expect(Object.keys(r.cases).length).to.be.at.most(SUMMARY_RECORD_MAX);
    const reader = fresh();
    expect((await reader.caseSummaries()).map((c) => c.caseId)).to.deep.equal([...ids, 'm-000', 'z-end'].sort());
    expect(reader.corrupt).to.deep.equal([]);
  });

  it('makes an older database’s summaries from its heads once, and a damaged summary record again', async () => {
    const s = fresh();
    await s.importEvents([...events('a'), ...events('b'), ...events('c')]);
    saved(await s.record({ caseId: 'b', baseSeq: 1, drafts: [move('vocational-profiling')] }, templates));
    const want = [['a', 'engagement'], ['b', 'vocational-profiling'], ['c', 'engagement']];
    // A database of version 4: heads, no summaries.
    let db = await openDB(databaseName(org), DB_VERSION);
    await db.clear('summaries');
    await db.delete('meta', 'summaries-complete');
    db.close();
    const reloaded = fresh();
    expect((await reloaded.caseSummaries()).map((c) => [c.caseId, c.stage])).to.deep.equal(want);
    db = await openDB(databaseName(org), DB_VERSION);
    expect(await db.count('summaries')).to.be.greaterThan(0);
    // A damaged record: its cases are made again from the heads, and it is said.
    await db.put('summaries', { start: '', cases: { b: { caseId: 'b', status: 'lost' } }, recordVersion: 1 });
    db.close();
    const damaged = fresh();
    expect((await damaged.caseSummaries()).map((c) => [c.caseId, c.stage])).to.deep.equal(want);
    expect(damaged.corrupt.join('\n')).to.include('the caseload summary of case b is not a Casepath record').and.include('made again');
    expect((await fresh().caseSummaries()).map((c) => [c.caseId, c.stage])).to.deep.equal(want); // and it stays mended
  });

  it('projects an older database’s cases once, on first use', async () => {
    const s = fresh();
    await s.importEvents(events('old'));
    const db = await openDB(databaseName(org), DB_VERSION);
    await db.clear('heads');
    await db.delete('meta', 'heads-complete');
    db.close();
    expect((await fresh().caseSummaries()).map((st) => [st.caseId, st.stage])).to.deep.equal([['old', 'engagement']]);
  });

  it('upgrades a version 1 database: drafts learn their case, snapshot caches are dropped, events stay', async () => {
    const v1 = await openDB(databaseName(org), 1, {
      upgrade(db) {
        const ev = db.createObjectStore('events', { keyPath: ['caseId', 'seq'] });
        ev.createIndex('byCase', 'caseId');
        db.createObjectStore('drafts', { keyPath: 'key' });
      },
    });
    for (const e of events('case-5')) await v1.put('events', { caseId: e.caseId, seq: e.seq, recordVersion: 1, savedAt: 'x', event: e });
    await v1.put('drafts', { key: 'assessment:case-5:vocational-profile:self', recordVersion: 1, savedAt: 'x', data: { answers: { a: 1 } } });
    await v1.put('drafts', { key: 'snapshot:case-5', recordVersion: 1, savedAt: 'x', data: {} });
    await v1.put('drafts', { key: 'intake:org:p:t', recordVersion: 1, savedAt: 'x', data: { clientRef: 'A' } });
    v1.close();
    const s = fresh();
    expect(await s.events('case-5')).to.have.length(2);
    expect(await s.loadDraft('snapshot:case-5')).to.equal(undefined);
    expect(await s.loadDraft('intake:org:p:t')).to.deep.equal({ clientRef: 'A' });
    await s.eraseCase('case-5');
    expect(await s.loadDraft('assessment:case-5:vocational-profile:self')).to.equal(undefined);
    expect(await s.loadDraft('intake:org:p:t')).to.deep.equal({ clientRef: 'A' });
  });
});
