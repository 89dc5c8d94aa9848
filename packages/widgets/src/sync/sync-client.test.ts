import { expect } from '@open-wc/testing';
import { until } from '../internal/until.test-support.js';
import { deleteDB } from 'idb';
import { CaseHistoryBuilder } from '@casepath/core/testing';
import { databaseName, IdbCaseStore } from '../storage/idb-case-store.js';
import { SyncClient } from './sync-client.js';
import { templatesById } from '../storage/case-store.js';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const worker = { id: 'ewa', displayName: 'Ewa Nowak', role: 'coordinator', providerId: 'warsaw', organisationId: 'od' };

describe('SyncClient in several tabs', () => {
  let org = '';
  const stores: IdbCaseStore[] = [];
  const clients: SyncClient[] = [];
  beforeEach(() => {
    org = `sync-tabs-${Math.random().toString(36).slice(2)}`;
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.stop();
    for (const s of stores.splice(0)) await s.dispose();
    await deleteDB(databaseName(org));
  });

  it('a review marked offline in one tab is counted at once in another, whose pull is waiting on the server', async () => {
    const events = new CaseHistoryBuilder('c1', '2026-01-05T09:00:00Z')
      .add('case.open', { templateId: 'euse-supported-employment', templateVersion: 1, providerId: 'warsaw', clientRef: 'OD-7' })
      .add('consent.grant', { purpose: 'service' })
      .add('case.pause', {})
      .build();
    const kept = { ...events[1]!, id: '0190a000-0000-7000-8000-00000000c0de', seq: 3, type: 'support.log', payload: { minutes: 30, mode: 'remote' }, actor: { id: 'ewa', role: 'coordinator' } };
    const conflict = { eventId: kept.id, caseId: 'c1', event: kept, rule: 'case-paused', reason: 'the case is paused; resume it before support.log', changedBy: [], createdAt: '2026-01-06T10:00:00.000Z', resolvedAt: null };
    // Each tab's first pull brings the case and its kept change; then it waits on the server (a
    // long poll with nothing new), so nothing but this device tells a tab what changed.
    const server = (): typeof fetch => {
      let pulled = false;
      return async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = new URL(input instanceof Request ? input.url : input.toString(), location.href);
        if (url.pathname === '/api/auth/sign-in') return json(200, { worker });
        if (url.pathname === '/api/sync/pull') {
          if (!pulled) return (pulled = true), json(200, { events, backfill: [], revoked: [], conflicts: [conflict], cursor: 'k1', more: false, reset: false });
          return new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
        }
        // No network for the review.
        if (url.pathname.startsWith('/api/conflicts/')) throw new TypeError('Failed to fetch');
        return json(404, { error: 'not-found', message: 'no' });
      };
    };
    const tab = async () => {
      const store = new IdbCaseStore(org);
      stores.push(store);
      const client = new SyncClient(store, '', { deviceEncryption: false, fetch: server() });
      clients.push(client);
      expect((await client.signIn('ewa@example.org', 'right password here')).ok).to.equal(true);
      await until(() => client.status.conflicts === 1, 'the kept change is pulled');
      return client;
    };
    const first = await tab();
    const second = await tab();
    expect(second.status.reviewsWaiting).to.equal(0);
    expect(await first.resolveConflict(kept.id, 'Logged it again after the case resumed')).to.deep.equal({ ok: true, sent: false });
    expect(first.status.reviewsWaiting).to.equal(1);
    await until(() => second.status.reviewsWaiting === 1, 'the other tab counts the review that waits');
    expect((await second.replica.review(kept.id))?.resolution).to.equal('Logged it again after the case resumed');
  });
});

describe('SyncClient after a reload without a connection', () => {
  let org = '';
  const stores: IdbCaseStore[] = [];
  beforeEach(() => {
    org = `sync-reload-${Math.random().toString(36).slice(2)}`;
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.dispose();
    await deleteDB(databaseName(org));
  });

  it('says when the server last answered, as stored with the last pull', async () => {
    const empty = { events: [], backfill: [], revoked: [], conflicts: [], cursor: 'k1', more: false, reset: false };
    const online: typeof fetch = async (input) => {
      const path = new URL(input instanceof Request ? input.url : input.toString(), location.href).pathname;
      return path === '/api/auth/sign-in' ? json(200, { worker }) : path === '/api/sync/pull' ? json(200, empty) : json(404, { error: 'not-found', message: 'no' });
    };
    const first = new IdbCaseStore(org);
    stores.push(first);
    const before = new Date().toISOString();
    const client = new SyncClient(first, '', { deviceEncryption: false, live: false, fetch: online });
    expect((await client.signIn('ewa@example.org', 'right password here')).ok).to.equal(true);
    expect(client.status.lastSyncedAt, 'nothing answered yet on this device').to.equal(null);
    await client.pullAll();
    const answered = client.status.lastSyncedAt!;
    expect(answered >= before && answered <= new Date().toISOString()).to.equal(true);

    // The page is opened again on a train: the server cannot be reached.
    const again = new IdbCaseStore(org);
    stores.push(again);
    const offline = new SyncClient(again, '', { deviceEncryption: false, live: false, fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
    expect(await offline.resume()).to.equal(false);
    expect([offline.status.state, offline.status.lastSyncedAt]).to.deep.equal(['offline', answered]);
  });
});

describe('SyncClient when the worker is given another role', () => {
  let org = '';
  const stores: IdbCaseStore[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.dispose();
    await deleteDB(databaseName(org));
  });

  it('takes the role a pull says, so what this page records from then on carries it, also after a reload without the server; no longer a coordinator, it lets go of the team’s kept changes', async () => {
    org = `sync-role-${Math.random().toString(36).slice(2)}`;
    const jan = { ...worker, id: 'jan', displayName: 'Jan Kowalski', role: 'job-coach' };
    const events = new CaseHistoryBuilder('c1', '2026-01-05T09:00:00Z')
      .add('case.open', { templateId: 'euse-supported-employment', templateVersion: 1, providerId: 'warsaw' })
      .add('case.pause', {})
      .build();
    const keptOf = (who: string, n: number) => {
      const event = { ...events[1]!, id: `0190a000-0000-7000-8000-00000000c0d${n}`, seq: 2, type: 'support.log', payload: { minutes: 30, mode: 'remote' }, actor: { id: who, role: 'job-coach' } };
      return { eventId: event.id, caseId: 'c1', event, rule: 'case-paused', reason: 'the case is paused', changedBy: [], createdAt: '2026-01-06T10:00:00.000Z', resolvedAt: null };
    };
    let role = 'job-coach';
    const server: typeof fetch = async (input) => {
      const path = new URL(input instanceof Request ? input.url : input.toString(), location.href).pathname;
      if (path === '/api/auth/sign-in') return json(200, { worker: jan });
      const team = role === 'coordinator' ? { events, conflicts: [keptOf('jan', 1), keptOf('anna', 2)] } : { events: [], conflicts: [] };
      if (path === '/api/sync/pull') return json(200, { ...team, backfill: [], revoked: [], cursor: 'k1', more: false, reset: false, role });
      return json(404, { error: 'not-found', message: 'no' });
    };
    const store = new IdbCaseStore(org);
    stores.push(store);
    const client = new SyncClient(store, '', { deviceEncryption: false, live: false, fetch: server });
    expect((await client.signIn('jan@example.org', 'right password here')).ok).to.equal(true);
    await client.pullAll();
    expect(client.status.worker?.role).to.equal('job-coach');
    role = 'coordinator';
    await client.pullAll();
    expect(client.status.worker).to.deep.include({ id: 'jan', role: 'coordinator' });
    // Opened again on a train, the device works as the coordinator the server last said.
    const again = new IdbCaseStore(org);
    stores.push(again);
    const offline = new SyncClient(again, '', { deviceEncryption: false, live: false, fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
    await offline.resume();
    expect(offline.status.worker).to.deep.include({ id: 'jan', role: 'coordinator' });
    expect((await client.replica.conflicts()).map((c) => c.event.actor.id).sort()).to.deep.equal(['anna', 'jan']);
    // Back to job coach: Anna's kept change is not his to review any more; his own stays.
    role = 'job-coach';
    await client.pullAll();
    expect(client.status.worker?.role).to.equal('job-coach');
    expect((await client.replica.conflicts()).map((c) => c.event.actor.id)).to.deep.equal(['jan']);
  });

  it('takes the provider a pull says, so that a worker moved elsewhere opens cases there, also after a reload without the server', async () => {
    org = `sync-moved-${Math.random().toString(36).slice(2)}`;
    let providerId: string | null = 'warsaw';
    const server: typeof fetch = async (input) => {
      const path = new URL(input instanceof Request ? input.url : input.toString(), location.href).pathname;
      if (path === '/api/auth/sign-in') return json(200, { worker });
      if (path === '/api/sync/pull') return json(200, { events: [], backfill: [], revoked: [], conflicts: [], cursor: 'k1', more: false, reset: false, role: 'coordinator', providerId });
      return json(404, { error: 'not-found', message: 'no' });
    };
    const store = new IdbCaseStore(org);
    stores.push(store);
    const client = new SyncClient(store, '', { deviceEncryption: false, live: false, fetch: server });
    expect((await client.signIn('ewa@example.org', 'right password here')).ok).to.equal(true);
    await client.pullAll();
    expect(client.status.worker?.providerId).to.equal('warsaw');
    providerId = 'krakow';
    await client.pullAll();
    expect(client.status.worker).to.deep.include({ id: 'ewa', role: 'coordinator', providerId: 'krakow' });
    const again = new IdbCaseStore(org);
    stores.push(again);
    const offline = new SyncClient(again, '', { deviceEncryption: false, live: false, fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
    await offline.resume();
    expect(offline.status.worker).to.deep.include({ id: 'ewa', providerId: 'krakow' });
    // Made a worker of the whole organisation: no provider of their own.
    providerId = null;
    await client.pullAll();
    expect(client.status.worker?.providerId).to.equal(null);
  });
});

describe('SyncClient opened again without the server', () => {
  let org = '';
  const stores: IdbCaseStore[] = [];
  const clients: SyncClient[] = [];
  beforeEach(() => {
    org = `sync-away-${Math.random().toString(36).slice(2)}`;
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.stop();
    for (const s of stores.splice(0)) await s.dispose();
    await deleteDB(databaseName(org));
  });

  it('works as the worker the server last confirmed, counts what waits, and sends it by itself once the server answers', async () => {
    const events = new CaseHistoryBuilder('c1', '2026-01-05T09:00:00Z')
      .add('case.open', { templateId: 'euse-supported-employment', templateVersion: 1, providerId: 'warsaw', clientRef: 'OD-7' })
      .add('consent.grant', { purpose: 'service' })
      .build();
    let reachable = true;
    const pushed: { id: string; caseId: string; seq: number }[] = [];
    const server: typeof fetch = async (input, init) => {
      if (!reachable) throw new TypeError('Failed to fetch');
      const path = new URL(input instanceof Request ? input.url : input.toString(), location.href).pathname;
      if (path === '/api/auth/sign-in' || path === '/api/auth/me') return json(200, { worker });
      if (path === '/api/sync/pull') return json(200, { events: [...events, ...pushed], backfill: [], revoked: [], conflicts: [], cursor: `k${pushed.length}`, more: false, reset: false });
      if (path === '/api/sync/push') {
        const body = JSON.parse(init!.body as string) as { events: { event: { id: string; caseId: string; seq: number } }[] };
        pushed.push(...body.events.map(({ event }) => event));
        return json(200, { results: body.events.map(({ event }) => ({ id: event.id, caseId: event.caseId, status: 'accepted', seq: event.seq })) });
      }
      return json(404, { error: 'not-found', message: 'no' });
    };
    const first = new IdbCaseStore(org);
    stores.push(first);
    const client = new SyncClient(first, '', { deviceEncryption: false, live: false, fetch: server });
    expect((await client.signIn('ewa@example.org', 'right password here')).ok).to.equal(true);
    await client.pullAll();

    // The page is opened again on a train; she logs a visit.
    reachable = false;
    const again = new IdbCaseStore(org);
    stores.push(again);
    const away = new SyncClient(again, '', { deviceEncryption: false, fetch: server });
    clients.push(away);
    expect(await away.resume()).to.equal(false);
    expect([away.status.state, away.status.worker?.displayName]).to.deep.equal(['offline', 'Ewa Nowak']);
    const visit = await again.record({ caseId: 'c1', baseSeq: 1, drafts: [{ type: 'support.log', payload: { minutes: 30, mode: 'on-the-job' }, actor: { id: 'ewa', role: 'coordinator' } }] }, templatesById());
    expect(visit.status).to.equal('saved');
    await until(() => away.status.waiting === 1, 'what waits is counted');

    // The server answers again: what waited is sent without a reload or a sign-in.
    reachable = true;
    window.dispatchEvent(new Event('online'));
    await until(() => away.status.state === 'online' && away.status.waiting === 0, 'sent once the server answers');
    expect(pushed).to.have.length(1);
  });

  it('a push answered after its session ended speaks for no one: signed out and in again meanwhile, the new session syncs on and sends what waits', async () => {
    const events = new CaseHistoryBuilder('c1', '2026-01-05T09:00:00Z')
      .add('case.open', { templateId: 'euse-supported-employment', templateVersion: 1, providerId: 'warsaw', clientRef: 'OD-7' })
      .add('consent.grant', { purpose: 'service' })
      .build();
    const pushed: { id: string; caseId: string; seq: number }[] = [];
    // The first push is still on its way when the worker signs out; its answer (the session it
    // was sent with has ended) lands after she has signed in again.
    let answerFirstPush: ((r: Response) => void) | null = null;
    let pushes = 0;
    let pulls = 0;
    let wakePull: (() => void) | null = null;
    const server: typeof fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input.toString(), location.href);
      const path = url.pathname;
      if (path === '/api/auth/sign-in') return json(200, { worker });
      if (path === '/api/auth/sign-out') return json(200, { signedOut: true });
      if (path === '/api/sync/pull') {
        // A long poll: answered at once when something is new since its cursor, else when a push brings something.
        const page = () => json(200, { events: [...events, ...pushed], backfill: [], revoked: [], conflicts: [], cursor: `k${pushed.length}`, more: false, reset: false });
        if (pulls++ === 0 || url.searchParams.get('cursor') !== `k${pushed.length}`) return page();
        return new Promise<Response>((resolve, reject) => {
          wakePull = () => resolve(page());
          init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        });
      }
      if (path === '/api/sync/push') {
        if (pushes++ === 0) return new Promise<Response>((resolve) => (answerFirstPush = resolve));
        const body = JSON.parse(init!.body as string) as { events: { event: { id: string; caseId: string; seq: number } }[] };
        pushed.push(...body.events.map(({ event }) => event));
        setTimeout(() => wakePull?.());
        return json(200, { results: body.events.map(({ event }) => ({ id: event.id, caseId: event.caseId, status: 'accepted', seq: event.seq })) });
      }
      return json(404, { error: 'not-found', message: 'no' });
    };
    const store = new IdbCaseStore(org);
    stores.push(store);
    const client = new SyncClient(store, '', { deviceEncryption: false, fetch: server });
    clients.push(client);
    expect((await client.signIn('ewa@example.org', 'right password here')).ok).to.equal(true);
    await until(() => pulls === 2, 'the first pull is stored and the next waits on the server');
    expect(client.status.waiting).to.equal(0);
    const visit = await store.record({ caseId: 'c1', baseSeq: 1, drafts: [{ type: 'support.log', payload: { minutes: 30, mode: 'on-the-job' }, actor: { id: 'ewa', role: 'coordinator' } }] }, templatesById());
    expect(visit.status).to.equal('saved');
    await until(() => answerFirstPush !== null, 'the push is on its way');

    await client.signOut();
    expect((await client.signIn('ewa@example.org', 'right password here')).ok).to.equal(true);
    answerFirstPush!(json(401, { error: 'unauthenticated', message: 'sign in first' }));

    // Signed out by the old answer, it would never be online again here.
    await until(() => client.status.state === 'online' && pushed.length === 1 && client.status.waiting === 0, 'still signed in, the new session sends what waits');
    expect(client.status.problem).to.equal(null);
    expect(pushed.map((e) => e.seq)).to.deep.equal([2]);
  });

  it('stopped (signed out), starts no push, whoever asks: what waits stays for the next sign-in here', async () => {
    const store = new IdbCaseStore(org);
    stores.push(store);
    let asked = 0;
    const client = new SyncClient(store, '', { deviceEncryption: false, live: false, fetch: () => (asked++, Promise.reject(new TypeError('Failed to fetch'))) });
    // What "Sign out" asks before it goes, and what the pull loop asks when its wait ends after `stop()`.
    client.sendNow();
    expect((client as unknown as { pushing: Promise<void> | null }).pushing, 'no push under way').to.equal(null);
    expect(asked).to.equal(0);
  });
});

describe('SyncClient signed out while its sign-in is still setting up', () => {
  let org = '';
  let store: IdbCaseStore;
  beforeEach(() => {
    org = `sync-out-${Math.random().toString(36).slice(2)}`;
    store = new IdbCaseStore(org);
  });
  afterEach(async () => {
    await store.dispose();
    await deleteDB(databaseName(org));
  });

  it('stays signed out: the sign-in that was finishing starts no sync and does not say it is signed in', async () => {
    const asked: string[] = [];
    const client = new SyncClient(store, '', {
      deviceEncryption: false,
      fetch: async (input: RequestInfo | URL) => {
        const path = new URL(input instanceof Request ? input.url : input.toString(), location.href).pathname;
        asked.push(path);
        if (path === '/api/auth/sign-in') return json(200, { worker });
        if (path === '/api/auth/sign-out') return json(200, { signedOut: true });
        return json(200, { events: [], backfill: [], revoked: [], conflicts: [], cursor: 'c', more: false, reset: false });
      },
    });
    // The device's link to the server is being written when "Sign out" is pressed.
    let linking!: () => void;
    const linkAsked = new Promise<void>((resolve) => (linking = resolve));
    let writeLink!: () => void;
    const linkWritten = new Promise<void>((resolve) => (writeLink = resolve));
    const linkTo = client.replica.linkTo.bind(client.replica);
    client.replica.linkTo = async (...args: Parameters<typeof linkTo>) => {
      linking();
      await linkWritten;
      return linkTo(...args);
    };
    const signingIn = client.signIn('ewa@example.org', 'right password here');
    await linkAsked;
    await client.signOut();
    writeLink();
    await signingIn;
    expect(client.status.state).to.equal('signed-out');
    expect(client.status.worker).to.equal(null);
    // Anything started would ask at once (this server answers without waiting): a push, a pull.
    await new Promise((resolve) => setTimeout(resolve, 0));
    await client.replica.link();
    expect(asked).to.deep.equal(['/api/auth/sign-in', '/api/auth/sign-out']);
    client.stop();
  });
});

describe('SyncClient on a device sealed by another worker', () => {
  let org = '';
  const stores: IdbCaseStore[] = [];
  beforeEach(() => {
    org = `sync-shared-${Math.random().toString(36).slice(2)}`;
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.dispose();
    await deleteDB(databaseName(org));
  });

  /** Ewa's device, sealed with her password and locked, with `waiting` of hers on it; Jan signs in there. */
  async function janSignsIn(waiting: boolean, directory: typeof worker[] = [worker]) {
    const ewas = new IdbCaseStore(org);
    stores.push(ewas);
    await ewas.protect('ewa', 'ewa’s long password');
    if (waiting) await ewas.saveDraft('typing:cp-support-log:c1:ewa', { by: 'ewa', texts: { note: 'half a note' }, choices: {}, words: ['note'] }, { caseId: 'c1' });
    await ewas.lock();
    const jan = { ...worker, id: 'jan', displayName: 'Jan Kowalski', role: 'job-coach' };
    const asked: string[] = [];
    const server: typeof fetch = async (input) => {
      const path = new URL(input instanceof Request ? input.url : input.toString(), location.href).pathname;
      asked.push(path);
      if (path === '/api/auth/sign-in') return json(200, { worker: jan });
      if (path === '/api/workers') return json(200, { workers: [...directory, jan] });
      if (path === '/api/auth/sign-out') return json(200, { signedOut: true });
      if (path === '/api/sync/pull') return json(200, { events: [], backfill: [], revoked: [], conflicts: [], cursor: 'k1', more: false, reset: false, role: 'job-coach', providerId: 'warsaw' });
      return json(404, { error: 'not-found', message: 'no' });
    };
    const store = new IdbCaseStore(org);
    stores.push(store);
    const client = new SyncClient(store, '', { live: false, fetch: server });
    const result = await client.signIn('jan@example.org', 'jan’s long password');
    client.stop();
    return { result, asked };
  }

  it('keeps another worker out while something of hers waits, and names whose password opens it', async () => {
    const { result, asked } = await janSignsIn(true);
    expect(result.ok).to.equal(false);
    expect(result).to.deep.include({ code: 'other-worker-waiting-named', detail: 'Ewa Nowak' });
    expect(asked.at(-1), 'his session ends').to.equal('/api/auth/sign-out');
  });

  it('says it without a name when the directory does not have one', async () => {
    const { result } = await janSignsIn(true, []);
    expect(result).to.deep.include({ code: 'other-worker-waiting' });
  });

  it('starts over for him when nothing of hers waits', async () => {
    const { result } = await janSignsIn(false);
    expect(result.ok).to.equal(true);
  });
});
