// Two server processes on one PostgreSQL, many clients pushing to the same cases at once, and a
// server killed in the middle of a push: order and idempotency come from PostgreSQL alone.
import { describe, expect, it } from 'vitest';
import { builtInTemplates, newEventId, replay, type CaseEvent } from '@casepath/core';
import { openPostgres } from '../src/db/database.js';
import { freshPostgresDatabase, PASSWORD, PEOPLE, postgresUrl, seedOrganisation, type Person } from './helpers.js';
import { HttpClient, startServerProcess } from './server-process.js';

const euse = builtInTemplates['euse-supported-employment'];
const ev = (caseId: string, seq: number, type: CaseEvent['type'], payload: unknown, who: Person): CaseEvent =>
  ({ schemaVersion: 1, id: newEventId(), caseId, seq, at: new Date(Date.now() - 60_000).toISOString(), actor: { id: who, role: PEOPLE[who].role }, type, payload }) as CaseEvent;

describe.skipIf(!postgresUrl())('several server processes on one PostgreSQL', () => {
  it('20 clients pushing to the same cases through two processes: every accepted event once, in one order, a retried push after a kill changes nothing', async () => {
    const name = await freshPostgresDatabase();
    const url = `${postgresUrl()}/${name}`;
    const db = openPostgres(url, 2);
    await seedOrganisation(db);
    const servers = [await startServerProcess({ DATABASE_URL: url }), await startServerProcess({ DATABASE_URL: url })];
    try {
      const signIn = async (base: string, who: Person) => {
        const c = new HttpClient(base);
        const r = await c.request('POST', '/api/auth/sign-in', { email: `${who}@example.org`, password: PASSWORD });
        expect(r.status).toBe(200);
        return c;
      };
      const ewa = await signIn(servers[0]!.url, 'ewa');
      const caseIds = ['m1', 'm2', 'm3'];
      for (const id of caseIds) {
        const r = await ewa.request('POST', '/api/sync/push', {
          deviceId: 'setup-device',
          events: [
            { event: ev(id, 0, 'case.open', { templateId: euse.id, templateVersion: 1, providerId: 'warsaw' }, 'ewa'), knownSeq: -1 },
            { event: ev(id, 1, 'consent.grant', { purpose: 'service' }, 'ewa'), knownSeq: -1 },
            // The late push below logs contact with an employer, which needs this consent.
            { event: ev(id, 2, 'consent.grant', { purpose: 'employer-contact' }, 'ewa'), knownSeq: -1 },
          ],
        });
        expect(r.body.results.every((x: { status: string }) => x.status === 'accepted')).toBe(true);
      }

      // 20 devices of ewa and sara, half on each process, all acting on the view they had (#1).
      const pushed = new Map<string, string>();
      const clients = await Promise.all(Array.from({ length: 20 }, (_, i) => signIn(servers[i % 2]!.url, i % 3 ? 'ewa' : 'sara')));
      const responses = await Promise.all(
        clients.map(async (client, i) => {
          const who: Person = i % 3 ? 'ewa' : 'sara';
          const events = caseIds.flatMap((caseId, k) => [
            { event: ev(caseId, 2, 'support.log', { minutes: 10 + i, mode: 'remote' }, who), knownSeq: 1 },
            ...(k === i % 3 ? [{ event: ev(caseId, 3, 'stage.enter', { stage: 'vocational-profiling' }, who), knownSeq: 1 }] : []),
          ]);
          for (const e of events) pushed.set(e.event.id, e.event.caseId);
          const r = await client.request('POST', '/api/sync/push', { deviceId: `device-${i}`, events });
          expect(r.status).toBe(200);
          return r.body.results as { id: string; status: string }[];
        }),
      );
      const results = responses.flat();
      expect(results).toHaveLength(pushed.size);

      // A push whose server is killed before it answers, retried on the other process.
      const victim = await signIn(servers[0]!.url, 'ewa');
      const late = { deviceId: 'device-killed', events: caseIds.map((caseId) => ({ event: ev(caseId, 9, 'support.log', { minutes: 5, mode: 'employer' }, 'ewa'), knownSeq: 1 })) };
      const inFlight = victim.request('POST', '/api/sync/push', late).catch(() => null);
      await servers[0]!.stop('SIGKILL');
      await inFlight;
      const retry = await signIn(servers[1]!.url, 'ewa');
      const retried = await retry.request('POST', '/api/sync/push', late);
      expect(retried.body.results.map((r: { status: string }) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
      const again = await retry.request('POST', '/api/sync/push', late);
      expect(again.body.results).toEqual(retried.body.results);

      for (const caseId of caseIds) {
        const { body } = await retry.request('GET', `/api/cases/${caseId}`);
        const events: CaseEvent[] = body.events;
        expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i)); // one order, no gap, no repeat
        expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
        expect(() => replay(euse, events)).not.toThrow();
        expect(events.filter((e) => e.type === 'stage.enter')).toHaveLength(1); // one move won; the others are conflicts
        expect(events.filter((e) => e.type === 'support.log')).toHaveLength(21); // every support log, once
      }
      const accepted = results.filter((r) => r.status === 'accepted').length;
      const conflicts = results.filter((r) => r.status === 'conflict').length;
      expect(accepted + conflicts).toBe(results.length);
      // Three cases opened with three events each, what the devices pushed, and the late push.
      const [stored] = await db.query<{ events: number; conflicts: number }>('SELECT (SELECT count(*) FROM events)::int AS events, (SELECT count(*) FROM conflicts)::int AS conflicts');
      expect(stored).toEqual({ events: 9 + accepted + 3, conflicts });
    } finally {
      for (const s of servers) await s.stop('SIGKILL');
      await db.close();
    }
  });
});
