// Model-based test of the pull (fast-check): while a coordinator opens cases and records in them,
// puts a job coach on their teams and takes him off, an administrator makes him coordinator and
// job coach again or moves him to another provider and back, and a supervisor erases a case, his
// devices pull a page at a time, of random sizes, some while a change is being made, and new
// devices of his start from nothing. Each page must bring each case's events in the order they
// were recorded, with nothing skipped; at the end every device holds exactly the events of the
// cases he may see, each once, and nothing of the others.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '@casepath/core';
import { backends, Client, freshDatabase, seedOrganisation, testApp } from './helpers.js';
import { ev, opening } from './pushed-events.js';

const CASES = 5;
const Change = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('open' as const), byJan: fc.boolean() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('record' as const), c: fc.nat(CASES - 1), n: fc.integer({ min: 1, max: 4 }) }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('team' as const), c: fc.nat(CASES - 1) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('role' as const) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('move' as const) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('erase' as const), c: fc.nat(CASES - 1) }), weight: 1 },
);
const Pull = fc.record({ kind: fc.constant('pull' as const), device: fc.nat(1), limit: fc.integer({ min: 1, max: 6 }) });
const Step = fc.oneof(
  { arbitrary: Change, weight: 13 },
  { arbitrary: Pull, weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant('new-device' as const), device: fc.nat(1) }), weight: 1 },
  // A change and a pull at once: on PostgreSQL, their transactions overlap.
  { arbitrary: fc.record({ kind: fc.constant('at-once' as const), change: Change, pull: Pull }), weight: 3 },
);
type ChangeStep = typeof Change extends fc.Arbitrary<infer T> ? T : never;

interface Page {
  events: CaseEvent[];
  backfill: CaseEvent[];
  revoked: string[];
  erased?: string[];
  cursor: string;
  more: boolean;
}

/** A device of Jan's as the pull sees it: what it holds of each case, and its cursor. */
class Replica {
  cases = new Map<string, string[]>();
  cursor = '';
  constructor(readonly name: string) {}

  /** Stores one page as the widgets' replica does: the events first, each case's in seq order, then what left. */
  apply(page: Page): void {
    const byCase = new Map<string, CaseEvent[]>();
    for (const e of [...page.backfill, ...page.events]) (byCase.get(e.caseId) ?? byCase.set(e.caseId, []).get(e.caseId)!).push(e);
    for (const [caseId, list] of byCase) {
      const held = this.cases.get(caseId) ?? [];
      for (const e of list.sort((a, b) => a.seq - b.seq)) {
        if (e.seq < held.length) {
          // Sent again (a history given back whole): harmless only when it is the same event.
          expect(held[e.seq], `${this.name}: ${caseId} seq ${e.seq} came again as another event`).toBe(e.id);
          continue;
        }
        expect(e.seq, `${this.name}: ${caseId} seq ${e.seq} arrived while the device held ${held.length} events (one skipped)`).toBe(held.length);
        held.push(e.id);
      }
      this.cases.set(caseId, held);
    }
    for (const caseId of [...page.revoked, ...(page.erased ?? [])]) this.cases.delete(caseId);
    this.cursor = page.cursor;
  }
}

describe.each(backends)('the pull, model-based, on %s', (backend) => {
  it('a worker whose cases come and go, pulling pages of any size on any device, ends with exactly what he may see', async () => {
    // One database and one sign-in each for all runs; each run has cases of its own, the last
    // run's deleted (an erased case's id is never opened again).
    const db = await freshDatabase(backend);
    await seedOrganisation(db);
    const { app } = testApp(db);
    const signedIn = async (who: 'ewa' | 'jan' | 'sara' | 'root') => new Client(app).signIn(who);
    const [ewa, jan, sara, root] = [await signedIn('ewa'), await signedIn('jan'), await signedIn('sara'), await signedIn('root')];
    const setRole = async (role: 'coordinator' | 'job-coach') => expect((await root.request('POST', '/api/admin/workers/jan/role', { role })).status).toBe(200);
    const moveTo = async (providerId: 'warsaw' | 'krakow') => expect((await root.request('POST', '/api/admin/workers/jan/provider', { providerId })).status).toBe(200);
    let run = 0;
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(Step, { minLength: 10, maxLength: 45 }), async (steps) => {
          run++;
          await db.query('DELETE FROM cases');
          await setRole('job-coach');
          await moveTo('warsaw');
          // The model: each case's next seq, who opened it, whether Jan is on its team, erased.
          const cases: { id: string; next: number; byJan: boolean; onTeam: boolean; erased: boolean }[] = [];
          let janLeads = false;
          let away = false; // Jan works at the other provider
          const devices = [new Replica(`run ${run} device 0`), new Replica(`run ${run} device 1`)];
          const pushed = async (client: Client, events: { event: CaseEvent; knownSeq: number }[]) => {
            const r = await client.push(events);
            expect(r.status, JSON.stringify(r.body)).toBe(200);
            expect(r.body.results.map((x: { status: string }) => x.status)).toEqual(events.map(() => 'accepted'));
          };
          const pull = async (d: Replica, limit: number) => {
            const r = await jan.request('GET', `/api/sync/pull?limit=${limit}${d.cursor ? `&cursor=${d.cursor}` : ''}`);
            expect(r.status, JSON.stringify(r.body)).toBe(200);
            d.apply(r.body as Page);
            return r.body as Page;
          };
          // The model is updated before each request is sent, so a change and a pull may run at once.
          const change = async (step: ChangeStep) => {
            const c = 'c' in step ? cases[step.c % Math.max(cases.length, 1)] : undefined;
            switch (step.kind) {
              case 'open': {
                const id = `r${run}-m${cases.length}`;
                const byJan = step.byJan && !away; // away, he opens cases of his new provider, not these
                cases.push({ id, next: 2, byJan, onTeam: false, erased: false });
                return pushed(byJan ? jan : ewa, opening(id, byJan ? 'jan' : 'ewa'));
              }
              case 'record': {
                if (!c || c.erased) return;
                const events = Array.from({ length: step.n }, (_, i) => ({ event: ev(c.id, c.next + i, 'support.log', { minutes: 5 + i, mode: 'remote' }, 'ewa'), knownSeq: c.next + i - 1 }));
                c.next += step.n;
                return pushed(ewa, events);
              }
              case 'team': {
                // Only someone of the case's provider joins its team.
                if (!c || c.erased || (away && !c.onTeam)) return;
                const event = c.onTeam ? ev(c.id, c.next, 'worker.unassign', { workerId: 'jan' }, 'ewa') : ev(c.id, c.next, 'worker.assign', { workerId: 'jan', role: 'job-coach' }, 'ewa');
                c.next++;
                c.onTeam = !c.onTeam;
                return pushed(ewa, [{ event, knownSeq: event.seq - 1 }]);
              }
              case 'role':
                janLeads = !janLeads;
                return setRole(janLeads ? 'coordinator' : 'job-coach');
              case 'move':
                away = !away;
                return moveTo(away ? 'krakow' : 'warsaw');
              case 'erase': {
                if (!c || c.erased) return;
                c.erased = true;
                const erased = await sara.request('POST', `/api/cases/${c.id}/erase`, { confirm: c.id });
                expect(erased.status, JSON.stringify(erased.body)).toBe(200);
              }
            }
          };
          for (const step of steps) {
            if (step.kind === 'pull') await pull(devices[step.device]!, step.limit);
            else if (step.kind === 'new-device') devices[step.device] = new Replica(`run ${run} device ${step.device} (new)`);
            else if (step.kind === 'at-once') await Promise.all([change(step.change), pull(devices[step.pull.device]!, step.pull.limit)]);
            else await change(step);
          }
          // Every device pulls to the end, then holds exactly what Jan may see now.
          const rows = await db.query<{ case_id: string; seq: number; id: string }>('SELECT case_id, seq, id FROM events ORDER BY case_id, seq');
          const onServer = new Map<string, string[]>();
          for (const r of rows) (onServer.get(r.case_id) ?? onServer.set(r.case_id, []).get(r.case_id)!).push(r.id);
          const expected = new Map(cases.filter((c) => !away && !c.erased && (janLeads || c.byJan || c.onTeam)).map((c) => [c.id, onServer.get(c.id)!]));
          for (const [i, d] of devices.entries()) {
            for (let pages = 0; ; pages++) {
              expect(pages, `${d.name} pulls without end`).toBeLessThan(200);
              if (!(await pull(d, 1 + ((i + pages) % 6))).more) break;
            }
            expect(new Map([...d.cases].sort()), d.name).toEqual(new Map([...expected].sort()));
            // Nothing more comes once it is done.
            const again = await jan.request('GET', `/api/sync/pull?limit=6&cursor=${d.cursor}`);
            expect([again.body.events, again.body.backfill, again.body.revoked]).toEqual([[], [], []]);
          }
        }),
        { numRuns: Number(process.env.MODEL_RUNS ?? 40) },
      );
    } finally {
      await db.close();
    }
  });
});
