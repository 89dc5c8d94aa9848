import { expect } from '@open-wc/testing';
import { deleteDB, openDB } from 'idb';
import { CaseHistoryBuilder } from '@casepath/core/testing';
import { databaseName, DB_VERSION, IdbCaseStore, openCasepathDB } from './idb-case-store.js';
import { StoreSequenceError } from './case-store.js';

const events = () =>
  new CaseHistoryBuilder('c1', '2026-01-05T09:00:00Z')
    .add('case.open', { templateId: 'euse-supported-employment', templateVersion: 1, providerId: 'p' })
    .add('consent.grant', { purpose: 'service' })
    .build();
let org = '';
const stores: IdbCaseStore[] = [];
const fresh = (o = org) => {
  const s = new IdbCaseStore(o);
  stores.push(s);
  return s;
};

describe('IdbCaseStore (real IndexedDB)', () => {
  beforeEach(() => {
    org = `test-${Math.random().toString(36).slice(2)}`;
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    await deleteDB(databaseName(org));
  });

  it('keeps events and drafts across store instances (a reload), one database per organisation', async () => {
    const a = fresh();
    await a.append(events());
    await a.saveDraft('intake:x', { clientRef: 'OD-1' });
    await a.close();
    const b = fresh();
    expect((await b.events('c1')).map((e) => e.type)).to.deep.equal(['case.open', 'consent.grant']);
    expect(await b.loadDraft('intake:x')).to.deep.equal({ clientRef: 'OD-1' });
    expect(await fresh(`${org}-other`).cases()).to.deep.equal([]);
    await deleteDB(databaseName(`${org}-other`));
  });

  it('is append-only: a gap or a repeat in the sequence is refused and nothing is lost', async () => {
    const s = fresh();
    await s.append(events());
    let error: unknown;
    try {
      await s.append([events()[0]!]);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(StoreSequenceError);
    expect(await s.events('c1')).to.have.length(2);
  });

  it('checks every record when reading: a corrupt one is skipped and reported, the rest is read', async () => {
    const s = fresh();
    await s.append(events());
    const db = await openDB(databaseName(org), DB_VERSION);
    await db.put('events', { caseId: 'c1', seq: 2, recordVersion: 1, savedAt: 'x', event: { type: 'goal.add', payload: 'garbage' } });
    db.close();
    const read = await s.events('c1');
    expect(read).to.have.length(2);
    expect(s.corrupt[0]).to.contain('case c1 event #2');
  });

  it('keeps writes in memory when the device refuses them, says so, and retries', async () => {
    let fail = true;
    const s = new IdbCaseStore(org, () => (fail ? Promise.reject(new DOMException('quota', 'QuotaExceededError')) : openCasepathDB(org)));
    stores.push(s);
    const statuses: string[] = [];
    s.subscribe(() => statuses.push(s.status));
    await s.append(events());
    expect(s.status).to.equal('degraded');
    expect((await s.events('c1')).map((e) => e.seq)).to.deep.equal([0, 1]); // still readable from memory
    fail = false;
    await s.flush();
    expect(s.status).to.equal('ok');
    expect(statuses).to.include('degraded').and.include('ok');
    const other = fresh();
    expect(await other.events('c1')).to.have.length(2);
  });

  it('closes its connection when another tab upgrades the database, so the upgrade does not hang', async () => {
    const s = fresh();
    await s.append(events());
    const upgraded = await openDB(databaseName(org), DB_VERSION + 1, { upgrade() {} });
    expect(upgraded.version).to.equal(DB_VERSION + 1);
    upgraded.close();
  });

  it('exports and erases a case on request', async () => {
    const s = fresh();
    await s.append(events());
    await s.saveDraft('snapshot:c1', { x: 1 });
    expect((await s.exportCase('c1'))!.events).to.have.length(2);
    await s.eraseCase('c1');
    expect(await s.events('c1')).to.deep.equal([]);
    expect(await s.loadDraft('snapshot:c1')).to.equal(undefined);
  });
});
