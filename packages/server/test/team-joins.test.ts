// Only someone who can work on a case joins its team: a worker of the case's provider whose role
// works on cases. An analyst, an administrator, another provider's worker or an unknown id is
// refused, with words that say so (the device lists it for its author, as other refusals only the
// server decides); nothing of the team changes.
import { describe, expect, it } from 'vitest';
import { builtInTemplates, newEventId, type CaseEvent } from '@casepath/core';
import { backends, Client, freshDatabase, seedOrganisation, testApp } from './helpers.js';

const at = '2026-03-02T09:00:00.000Z';
const ev = (seq: number, type: CaseEvent['type'], payload: unknown): CaseEvent => ({ schemaVersion: 1, id: newEventId(), caseId: 'c1', seq, at, actor: { id: 'ewa', role: 'coordinator' }, type, payload }) as CaseEvent;
const euse = builtInTemplates['euse-supported-employment'];

describe.each(backends)('who joins a case team, on %s', (backend) => {
  it('takes a worker of the case’s provider; refuses the rest, with the reason', async () => {
    const db = await freshDatabase(backend);
    await seedOrganisation(db);
    const { app } = testApp(db);
    const ewa = await new Client(app).signIn('ewa');
    await ewa.push([
      { event: ev(0, 'case.open', { templateId: euse.id, templateVersion: euse.version, providerId: 'warsaw' }), knownSeq: -1 },
      { event: ev(1, 'consent.grant', { purpose: 'service' }), knownSeq: -1 },
    ]);
    const join = async (workerId: string, seq: number) => (await ewa.push([{ event: ev(seq, 'worker.assign', { workerId, role: 'job-coach' }), knownSeq: seq - 1 }])).body.results[0] as { status: string; rule?: string; reason?: string };

    for (const someone of ['adam', 'root', 'kasia', 'nobody']) {
      const refused = await join(someone, 2);
      expect(refused, someone).toMatchObject({ status: 'conflict', rule: 'unknown-worker' });
      expect(refused.reason).toBe(`${someone} is not someone at this case's provider who works on cases; put someone from the provider's staff on the team`);
    }
    expect(await join('jan', 2)).toMatchObject({ status: 'accepted' });
    const team = (await ewa.request('GET', '/api/cases/c1')).body.events.filter((e: CaseEvent) => e.type === 'worker.assign').map((e: CaseEvent & { payload: { workerId: string } }) => e.payload.workerId);
    expect(team).toEqual(['jan']);
    // Kasia (Kraków) still sees nothing of the case; Jan now does.
    expect((await (await new Client(app).signIn('kasia')).request('GET', '/api/cases/c1')).status).toBe(404);
    expect((await (await new Client(app).signIn('jan')).request('GET', '/api/cases/c1')).status).toBe(200);
    await db.close();
  });
});
