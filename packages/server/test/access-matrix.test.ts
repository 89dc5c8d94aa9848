// Every role against every action, through the HTTP API, on each database. The expectations are
// written out from the rules (docs/server.md), not computed from the code under test.
import { describe, expect, it } from 'vitest';
import { builtInTemplates, extendTemplate, newEventId, type CaseEvent } from '@casepath/core';
import { backends, Client, freshDatabase, PASSWORD, PEOPLE, seedOrganisation, testApp, type Person } from './helpers.js';

const euse = builtInTemplates['euse-supported-employment'];
const at = '2026-03-02T09:00:00.000Z';
const ev = (caseId: string, seq: number, type: CaseEvent['type'], payload: unknown, who: Person): CaseEvent =>
  ({ schemaVersion: 1, id: newEventId(), caseId, seq, at, actor: { id: who, role: PEOPLE[who].role }, type, payload }) as CaseEvent;

type Action = 'case.read' | 'case.record' | 'case.open.own' | 'case.open.other' | 'cases.pull' | 'conflicts.review' | 'aggregates.read' | 'access-log.read' | 'templates.read' | 'templates.publish' | 'workers.read' | 'workers.manage' | 'intake.read';
const ACTIONS: Action[] = ['case.read', 'case.record', 'case.open.own', 'case.open.other', 'cases.pull', 'conflicts.review', 'aggregates.read', 'access-log.read', 'templates.read', 'templates.publish', 'workers.read', 'workers.manage', 'intake.read'];

// Case c1 belongs to provider warsaw, opened by ewa, with anna assigned. Y: allowed; -: refused.
const EXPECTED: Record<Person, string> = {
  //      read rec  own  oth  pull conf aggr log  tr   tp   wr   wm   intk
  ewa:   'Y    Y    Y    -    Y    Y    Y    -    Y    Y    Y    -    Y', // coordinator of warsaw
  sara:  'Y    Y    Y    -    Y    Y    Y    Y    Y    -    Y    -    Y', // supervisor of warsaw
  anna:  'Y    Y    Y    -    Y    Y    -    -    Y    -    Y    -    -', // job coach on the case
  jan:   '-    -    Y    -    -    Y    -    -    Y    -    Y    -    -', // job coach of warsaw, not on it
  kasia: '-    -    Y    -    -    Y    -    -    Y    -    Y    -    -', // job coach of krakow
  olek:  '-    -    Y    -    -    Y    Y    -    Y    Y    Y    -    Y', // coordinator of krakow
  adam:  '-    -    -    -    -    -    Y    -    Y    -    Y    -    -', // analyst: aggregates only
  root:  '-    -    -    -    -    -    -    -    Y    Y    Y    Y    -', // admin: accounts and templates
};

describe.each(backends)('who may do what, on %s', (backend) => {
  it('walks the whole role × action matrix; refusals are 404 (or a not-found conflict), never a leak', async () => {
    const db = await freshDatabase(backend);
    await seedOrganisation(db);
    const { app } = testApp(db);
    const ewa = await new Client(app).signIn('ewa');
    const open = await ewa.push([
      { event: ev('c1', 0, 'case.open', { templateId: euse.id, templateVersion: 1, providerId: 'warsaw' }, 'ewa'), knownSeq: -1 },
      { event: ev('c1', 1, 'consent.grant', { purpose: 'service' }, 'ewa'), knownSeq: -1 },
      { event: ev('c1', 2, 'worker.assign', { workerId: 'anna', role: 'job-coach' }, 'ewa'), knownSeq: -1 },
    ]);
    expect(open.body.results.every((r: { status: string }) => r.status === 'accepted')).toBe(true);

    let n = 0;
    const attempt = async (who: Person, client: Client, action: Action): Promise<boolean> => {
      const me = PEOPLE[who];
      n++;
      switch (action) {
        case 'case.read': {
          const r = await client.request('GET', '/api/cases/c1');
          if (r.status !== 200) expect(r.status).toBe(404);
          return r.status === 200;
        }
        case 'case.record': {
          const r = await client.push([{ event: ev('c1', 3, 'support.log', { minutes: 10, mode: 'remote' }, who), knownSeq: 2 }]);
          const result = r.body.results?.[0];
          if (r.status === 200 && result.status !== 'accepted') expect(result.rule).toBe('not-found');
          return r.status === 200 && result.status === 'accepted';
        }
        case 'case.open.own':
        case 'case.open.other': {
          const provider = action === 'case.open.own' ? (me.provider ?? 'warsaw') : me.provider === 'warsaw' ? 'krakow' : 'warsaw';
          const r = await client.push([{ event: ev(`new-${n}`, 0, 'case.open', { templateId: euse.id, templateVersion: 1, providerId: provider }, who), knownSeq: -1 }]);
          return r.status === 200 && r.body.results[0].status === 'accepted';
        }
        case 'cases.pull': {
          const r = await client.request('GET', '/api/sync/pull');
          if (r.status !== 200) expect(r.status).toBe(404);
          return r.status === 200 && r.body.events.some((e: CaseEvent) => e.caseId === 'c1');
        }
        case 'conflicts.review':
          return statusOk(await client.request('GET', '/api/conflicts'));
        case 'aggregates.read':
          return statusOk(await client.request('GET', '/api/aggregates'));
        case 'access-log.read':
          return statusOk(await client.request('GET', '/api/access-log?caseId=c1'));
        case 'templates.read':
          return statusOk(await client.request('GET', '/api/templates'));
        case 'templates.publish':
          return statusOk(await client.request('PUT', '/api/templates', extendTemplate(euse, { id: `od-${who}`, version: 1 })));
        case 'workers.read': {
          // The directory: its people and its providers, one permission.
          const [people, providers] = [statusOk(await client.request('GET', '/api/workers')), statusOk(await client.request('GET', '/api/providers'))];
          expect(providers, `${who}: the providers are read as the people are`).toBe(people);
          return people;
        }
        case 'intake.read':
          return statusOk(await client.request('GET', '/api/intake/first-contacts'));
        case 'workers.manage': {
          // The administrators' list (e-mails, second factors, lockouts) and the changes, one permission.
          const listed = statusOk(await client.request('GET', '/api/admin/workers'));
          const created = statusOk(await client.request('POST', '/api/admin/workers', { id: `new-${n}`, email: `new-${n}@example.org`, displayName: 'New', role: 'job-coach', providerId: 'warsaw', password: 'a long enough password' }));
          expect(listed, `${who}: the accounts are listed as they are managed`).toBe(created);
          return created;
        }
      }
    };
    const statusOk = (r: { status: number }) => {
      if (r.status >= 300) expect(r.status, 'refusals do not tell whether a thing exists').toBe(404);
      return r.status < 300;
    };

    const got: Record<string, string> = {};
    for (const who of Object.keys(EXPECTED) as Person[]) {
      const client = await new Client(app).signIn(who);
      const row: string[] = [];
      for (const action of ACTIONS) row.push((await attempt(who, client, action)) ? 'Y' : '-');
      got[who] = row.join('    ');
    }
    expect(got).toEqual(Object.fromEntries(Object.entries(EXPECTED).map(([k, v]) => [k, v.replace(/\s+/g, '    ')])));

    // Without signing in, every API action is 401.
    const stranger = new Client(app);
    for (const [method, path] of [['GET', '/api/cases/c1'], ['GET', '/api/sync/pull'], ['GET', '/api/conflicts'], ['GET', '/api/templates'], ['GET', '/api/workers'], ['GET', '/api/auth/me']] as const) {
      expect((await stranger.request(method, path)).status, `${method} ${path}`).toBe(401);
    }
    expect((await stranger.push([{ event: ev('c1', 3, 'support.log', { minutes: 1, mode: 'remote' }, 'ewa'), knownSeq: 2 }])).status).toBe(401);
    // Asking who is signed in is not an error: nobody, for a stranger; the worker, for them.
    expect(await stranger.request('GET', '/api/auth/session')).toMatchObject({ status: 200, body: { worker: null } });
    // With the e-mail they sign in with: the device's password forms name the account to a password manager.
    expect(await ewa.request('GET', '/api/auth/session')).toMatchObject({ status: 200, body: { worker: { id: 'ewa', role: 'coordinator', email: 'ewa@example.org' } } });
    expect(await ewa.request('GET', '/api/auth/me')).toMatchObject({ status: 200, body: { worker: { id: 'ewa', email: 'ewa@example.org' } } });
    expect(await new Client(app).request('POST', '/api/auth/sign-in', { email: 'Ewa@Example.org', password: PASSWORD })).toMatchObject({ status: 200, body: { worker: { id: 'ewa', email: 'ewa@example.org' } } });
    await db.close();
  });
});
