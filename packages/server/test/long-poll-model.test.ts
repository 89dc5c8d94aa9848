// Model-based test of long polling (fast-check): three devices of two leads keep a long poll
// open, on two server processes sharing one database, while a coordinator records on two cases
// through either process, now and then on both at once, with pauses of any length between. Every
// change must reach every device without waiting for the poll's deadline: woken at once by a push
// to its own process, and by the database's commit mark (ADR 0031) for one to the other, however
// the commit falls against the poll's read of its page and its wait (also exactly between them,
// after its process has read the mark anew). Each device must receive
// each event once, in each case's order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '@casepath/core';
import { countReads } from './count-reads.js';
import { backends, Client, freshDatabase, seedOrganisation, testApp } from './helpers.js';
import { ev, opening } from './pushed-events.js';

const Push = fc.record({ via: fc.nat(1), c: fc.nat(1) });
const Step = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('push' as const), push: Push }), weight: 4 },
  // One push through each process at once, each on its own case.
  { arbitrary: fc.record({ kind: fc.constant('both' as const), first: fc.nat(1) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('pause' as const), ms: fc.integer({ min: 0, max: 400 }) }), weight: 2 },
  // A push committed just after a poll has read its page and found nothing, before it waits, and
  // the commit mark read by its process meanwhile (the poll is woken by something none of the
  // devices may see: a case recorded at the other provider).
  { arbitrary: fc.record({ kind: fc.constant('between' as const), push: Push }), weight: 2 },
);
/** Seconds a poll waits: far beyond how long a change may take to arrive here. */
const WAIT = 30;
/** How many readings of the commit mark (both processes', four a second each while polls wait) a change may take to arrive. */
const READINGS = 20;

describe.each(backends)('long polling, model-based, on %s', (backend) => {
  it('every change reaches every waiting device on either process without waiting for its deadline, each event once and in order', async () => {
    const db = await freshDatabase(backend);
    await seedOrganisation(db);
    const here = testApp(db);
    const there = testApp(db, {}, here.keys);
    const reads = countReads(db);
    // Armed by a `between` step: run after the next page read that finds nothing for its device.
    let between: (() => Promise<void>) | null = null;
    const snapshot = db.snapshot.bind(db);
    db.snapshot = async (fn) => {
      const page = await snapshot(fn);
      const read = page as { events?: unknown[]; backfill?: unknown[] };
      if (between && read.events?.length === 0 && read.backfill?.length === 0) {
        const then = between;
        between = null;
        await then();
      }
      return page;
    };
    /** Resolves once either process has read the commit mark again, or after 500 ms if neither does. */
    const nextReading = async () => {
      const from = reads.marks;
      const until = Date.now() + 500;
      while (reads.marks === from && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    const recorders = [await new Client(here.app).signIn('ewa'), await new Client(there.app).signIn('ewa')];
    const elsewhere = await new Client(here.app).signIn('olek'); // Kraków's coordinator
    const watchers = [await new Client(here.app).signIn('ewa'), await new Client(there.app).signIn('sara'), await new Client(there.app).signIn('ewa')];
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(Step, { minLength: 1, maxLength: 10 }), async (steps) => {
        run++;
        const cases = [`r${run}-a`, `r${run}-b`];
        for (const id of cases) expect((await recorders[0]!.push(opening(id))).status).toBe(200);
        const krakow = `r${run}-k`;
        expect((await elsewhere.push(opening(krakow, 'olek', 'krakow'))).status).toBe(200);
        let krakowSeq = 2;
        const next = new Map(cases.map((id) => [id, 2]));
        const sent = new Map<string, string[]>(cases.map((id) => [id, []]));
        const push = async ({ via, c }: { via: number; c: number }) => {
          const caseId = cases[c]!;
          const seq = next.get(caseId)!;
          next.set(caseId, seq + 1);
          const event = ev(caseId, seq, 'support.log', { minutes: 10 + seq, mode: 'remote' }, 'ewa');
          const r = await recorders[via]!.push([{ event, knownSeq: seq - 1 }]);
          expect(r.body.results, JSON.stringify(r.body)).toMatchObject([{ status: 'accepted', seq }]);
          sent.get(caseId)!.push(event.id);
        };

        // Each device, up to date, keeps a long poll open from here on.
        const stop = new AbortController();
        const devices = await Promise.all(
          watchers.map(async (client, i) => {
            const got = new Map<string, string[]>(cases.map((id) => [id, []]));
            let cursor = (await client.pullAll()).cursor;
            const polling = (async () => {
              while (!stop.signal.aborted) {
                const r = await client.request('GET', `/api/sync/pull?limit=500&wait=${WAIT}&cursor=${cursor}`, undefined, {}, stop.signal);
                if (r.status === 204 && stop.signal.aborted) return;
                expect(r.status, `device ${i}: ${JSON.stringify(r.body)}`).toBe(200);
                for (const e of [...r.body.backfill, ...r.body.events] as CaseEvent[]) {
                  const held = got.get(e.caseId);
                  if (!held) continue; // a case of an earlier run, recorded by nobody now
                  expect(e.seq, `device ${i}: ${e.caseId} seq ${e.seq} after ${held.length + 2} held`).toBe(held.length + 2);
                  held.push(e.id);
                }
                cursor = r.body.cursor;
              }
            })();
            return { got, polling };
          }),
        );
        const missing = () => devices.flatMap((d, i) => cases.filter((id) => d.got.get(id)!.join() !== sent.get(id)!.join()).map((id) => `device ${i} ${id}: ${d.got.get(id)!.length} of ${sent.get(id)!.length}`));

        for (const step of steps) {
          if (step.kind === 'push') await push(step.push);
          else if (step.kind === 'both') await Promise.all([push({ via: step.first, c: 0 }), push({ via: 1 - step.first, c: 1 })]);
          else if (step.kind === 'between') {
            const fired = new Promise<void>((resolve) => {
              between = async () => {
                await push(step.push);
                await nextReading();
                resolve();
              };
            });
            const seq = krakowSeq++;
            expect((await elsewhere.push([{ event: ev(krakow, seq, 'support.log', { minutes: 5, mode: 'remote' }, 'olek'), knownSeq: seq - 1 }])).status).toBe(200);
            await fired;
          }
          else await new Promise((resolve) => setTimeout(resolve, step.ms));
        }
        // Every device has everything before the processes have read the commit mark READINGS
        // times more: a poll left to its deadline would take WAIT seconds, some 240 readings.
        const from = reads.marks;
        while (missing().length) {
          if (reads.marks - from > READINGS) throw new Error(`after ${READINGS} readings of the commit mark, still missing: ${missing().join('; ')}`);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        stop.abort();
        await Promise.all(devices.map((d) => d.polling));
      }),
      { numRuns: Number(process.env.MODEL_RUNS ?? 12) },
    );
    await db.close();
  });
});
