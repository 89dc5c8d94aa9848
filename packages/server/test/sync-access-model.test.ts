// Model-based test of sync while cases are given and taken away (fast-check): a job coach's two
// devices (the widgets' real IndexedDB store and SyncClient, on fake-indexeddb) record in the
// cases they hold, go offline and sync at random, while a coordinator opens cases, records in
// them and puts him on their teams and takes him off, an administrator changes his role or moves
// him to another provider and back, and a supervisor erases a case. At the end every device has
// sent everything, holds exactly the history of each case he may see and nothing of the others,
// and every event it showed as saved is on the server or shown to him as refused, unless the
// person's case was erased.
import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '@casepath/core';
import { Client, PASSWORD } from './helpers.js';
import { ev, opening } from './pushed-events.js';
import { Device, seededServer } from './sync-device.js';

const CASES = 4;
const Step = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('open' as const) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('record' as const), c: fc.nat(CASES - 1) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('team' as const), c: fc.nat(CASES - 1) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('role' as const) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('move' as const) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('erase' as const), c: fc.nat(CASES - 1) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('jan-records' as const), device: fc.nat(1), pick: fc.nat(9) }), weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant('sync' as const), device: fc.nat(1) }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('offline' as const), device: fc.nat(1) }), weight: 2 },
);

describe('sync, model-based, with cases given and taken away', () => {
  it('nothing a device showed as saved is lost; every device ends with exactly what its worker may see', async () => {
    const root = mkdtempSync(join(tmpdir(), 'casepath-access-model-'));
    const server = await seededServer(join(root, 'db'));
    const base = server.url;
    // Staff who change things, through the API (their own devices are not what is tested here).
    const over = { request: (path: string, init: RequestInit) => fetch(`${base}${path}`, init) } as never;
    const signedIn = async (who: 'ewa' | 'sara' | 'root') => new Client(over).signIn(who);
    const [ewa, sara, admin] = [await signedIn('ewa'), await signedIn('sara'), await signedIn('root')];
    const setRole = async (role: 'coordinator' | 'job-coach') => expect((await admin.request('POST', '/api/admin/workers/jan/role', { role })).status).toBe(200);
    const moveTo = async (providerId: 'warsaw' | 'krakow') => expect((await admin.request('POST', '/api/admin/workers/jan/provider', { providerId })).status).toBe(200);
    const pushed = async (events: { event: CaseEvent; knownSeq: number }[]) => {
      const r = await ewa.push(events);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.results.map((x: { status: string }) => x.status)).toEqual(events.map(() => 'accepted'));
    };
    let run = 0;
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(Step, { minLength: 8, maxLength: 40 }), async (steps) => {
          run++;
          await server.db.query('DELETE FROM cases');
          await setRole('job-coach');
          await moveTo('warsaw');
          const devices = [0, 1].map((i) => new Device(`access-${run}-${i}`, 'jan', base, i === 0));
          for (const d of devices) expect((await d.sync.signIn('jan@example.org', PASSWORD)).ok).toBe(true);
          // The model: each case's next seq on the server as Ewa knows it, Jan on its team, erased.
          const cases: { id: string; onTeam: boolean; erased: boolean }[] = [];
          let janLeads = false;
          let away = false;
          const headOf = async (caseId: string) => (await server.db.query<{ head_seq: number }>('SELECT head_seq FROM cases WHERE id = $1', [caseId]))[0]?.head_seq;
          // Each run begins with one case of his, on both devices.
          await pushed([...opening(`r${run}-c0`), { event: ev(`r${run}-c0`, 2, 'worker.assign', { workerId: 'jan', role: 'job-coach' }, 'ewa'), knownSeq: 1 }]);
          cases.push({ id: `r${run}-c0`, onTeam: true, erased: false });
          for (const d of devices) await d.sync.syncOnce();

          for (const step of steps) {
            const c = 'c' in step ? cases[step.c % Math.max(cases.length, 1)] : undefined;
            switch (step.kind) {
              case 'open': {
                const id = `r${run}-c${cases.length}`;
                await pushed(opening(id));
                cases.push({ id, onTeam: false, erased: false });
                break;
              }
              case 'record': {
                if (!c || c.erased) break;
                const head = (await headOf(c.id))!;
                await pushed([{ event: ev(c.id, head + 1, 'support.log', { minutes: 10, mode: 'remote' }, 'ewa'), knownSeq: head }]);
                break;
              }
              case 'team': {
                if (!c || c.erased || (away && !c.onTeam)) break;
                const head = (await headOf(c.id))!;
                await pushed([{ event: c.onTeam ? ev(c.id, head + 1, 'worker.unassign', { workerId: 'jan' }, 'ewa') : ev(c.id, head + 1, 'worker.assign', { workerId: 'jan', role: 'job-coach' }, 'ewa'), knownSeq: head }]);
                c.onTeam = !c.onTeam;
                break;
              }
              case 'role':
                janLeads = !janLeads;
                await setRole(janLeads ? 'coordinator' : 'job-coach');
                break;
              case 'move':
                away = !away;
                await moveTo(away ? 'krakow' : 'warsaw');
                break;
              case 'erase': {
                if (!c || c.erased) break;
                c.erased = true;
                const r = await sara.request('POST', `/api/cases/${c.id}/erase`, { confirm: c.id });
                expect(r.status, JSON.stringify(r.body)).toBe(200);
                break;
              }
              case 'jan-records': {
                // A visit recorded in a case the device holds, in the role the device last heard.
                const d = devices[step.device]!;
                const held = (await d.store.cases()).map((x) => x.caseId);
                if (!held.length) break;
                await d.record({ type: 'support.log', payload: { minutes: 30, mode: 'on-the-job' }, actor: { id: 'jan', role: d.sync.status.worker?.role ?? 'job-coach' } as never }, held[step.pick % held.length]);
                break;
              }
              case 'sync':
                await devices[step.device]!.trySync();
                break;
              case 'offline':
                devices[step.device]!.online = !devices[step.device]!.online;
                break;
            }
          }

          for (const d of devices) d.online = true;
          for (let round = 0; round < 2; round++) for (const d of devices) await d.sync.syncOnce();
          const rows = await server.db.query<{ case_id: string; id: string }>('SELECT case_id, id FROM events ORDER BY case_id, seq');
          const onServer = new Set(rows.map((r) => r.id));
          const visible = new Set(cases.filter((c) => !away && !c.erased && (janLeads || c.onTeam)).map((c) => c.id));
          for (const d of devices) {
            expect(await d.sync.replica.outboxCount(), `${d.name} sent everything`).toBe(0);
            for (const c of cases) {
              const held = (await d.store.events(c.id)).map((e) => e.id);
              expect(held, `${d.name} holds ${c.id} as the server has it (${visible.has(c.id) ? 'his' : 'not his'})`).toEqual(visible.has(c.id) ? rows.filter((r) => r.case_id === c.id).map((r) => r.id) : []);
            }
            // What the person saw as saved is on the server, or listed to him as refused.
            const refused = new Set<string>();
            for (const c of cases) for (const k of await d.sync.replica.conflicts(c.id)) refused.add(k.eventId);
            const erasedCases = new Set(cases.filter((c) => c.erased).map((c) => c.id));
            for (const [id, caseId] of d.savedCase) {
              if (erasedCases.has(caseId)) continue;
              expect(onServer.has(id) || refused.has(id), `${d.name}: ${id} in ${caseId} is on the server or shown as refused`).toBe(true);
            }
          }
          for (const d of devices) await d.store.dispose();
        }),
        { numRuns: Number(process.env.MODEL_RUNS ?? 12) },
      );
    } finally {
      await server.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
