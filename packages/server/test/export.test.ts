// Export of everything about a person (a subject access request): the history and who read it
// as JSON, or a FHIR R4 Bundle; for the provider's coordinators and supervisors; logged.
import { describe, expect, it } from 'vitest';
import { builtInTemplates, newEventId, type CaseEvent } from '@casepath/core';
import { backends, Client, freshDatabase, seedOrganisation, testApp } from './helpers.js';

const euse = builtInTemplates['euse-supported-employment'];
const at = '2026-03-02T09:00:00.000Z';
const ev = (seq: number, type: CaseEvent['type'], payload: unknown): CaseEvent => ({ schemaVersion: 1, id: newEventId(), caseId: 'c1', seq, at, actor: { id: 'ewa', role: 'coordinator' }, type, payload }) as CaseEvent;

describe.each(backends)('export of a person’s case, on %s', (backend) => {
  it('as JSON with who read it, or as a FHIR Bundle; only for leads who may see it; logged', async () => {
    const db = await freshDatabase(backend);
    await seedOrganisation(db);
    const { app } = testApp(db);
    const ewa = await new Client(app).signIn('ewa');
    await ewa.push(
      [
        ev(0, 'case.open', { templateId: euse.id, templateVersion: 1, providerId: 'warsaw', clientRef: 'OD-2026-17' }),
        ev(1, 'consent.grant', { purpose: 'service' }),
        ev(2, 'goal.add', { goalId: 'g1', title: 'A job in a bakery', domain: 'employment', ownerId: 'ewa', ownerRole: 'coordinator' }),
        ev(3, 'worker.assign', { workerId: 'anna', role: 'job-coach' }),
      ].map((event) => ({ event, knownSeq: -1 })),
    );
    await ewa.request('GET', '/api/cases/c1');
    const json = await ewa.request('GET', '/api/cases/c1/export');
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ format: 'casepath-person-export', case: { id: 'c1', clientRef: 'OD-2026-17' } });
    expect(json.body.events).toHaveLength(4);
    expect(json.body.accessLog.map((a: { workerId: string; action: string }) => `${a.workerId}:${a.action}`)).toEqual(['ewa:case.read', 'ewa:case.export']);
    const fhir = await ewa.request('GET', '/api/cases/c1/export?format=fhir');
    expect(fhir.body.resourceType).toBe('Bundle');
    expect(fhir.body.entry.map((e: { resource: { resourceType: string } }) => e.resource.resourceType)).toEqual(['Patient', 'EpisodeOfCare', 'Consent', 'Goal']);
    expect((await ewa.request('GET', '/api/cases/c1/export?format=pdf')).status).toBe(400);

    // To another service: refused without the person's consent to share, naming it; logged with the recipient once given.
    const refused = await ewa.request('GET', '/api/cases/c1/export?format=fhir&recipient=Job%20centre%20Wola');
    expect(refused).toMatchObject({ status: 409, body: { error: 'consent-required', purpose: 'data-sharing' } });
    expect(refused.body.message).toContain('record their consent before anything goes to Job centre Wola');
    expect((await ewa.request('GET', '/api/cases/c1/export?recipient=Job%20centre%20Wola')).body.message).toMatch(/^query\.format: another service gets the FHIR Bundle/);
    await ewa.push([{ event: ev(4, 'consent.grant', { purpose: 'data-sharing', textVersion: 'od-sharing-1' }), knownSeq: 3 }]);
    const shared = await ewa.request('GET', '/api/cases/c1/export?format=fhir&recipient=Job%20centre%20Wola');
    expect(shared.status).toBe(200);
    expect(shared.body.entry.map((e: { resource: { resourceType: string } }) => e.resource.resourceType)).toEqual(['Patient', 'EpisodeOfCare', 'Consent', 'Consent', 'Goal']);
    const log = (await ewa.request('GET', '/api/cases/c1/export')).body.accessLog;
    // The person's own export says whom their data reached.
    expect(log.filter((a: { action: string }) => a.action === 'case.export').map((a: { recipient?: string }) => a.recipient ?? 'themselves')).toEqual(['themselves', 'themselves', 'Job centre Wola', 'themselves']);

    for (const who of ['anna', 'kasia', 'olek', 'adam']) {
      expect((await (await new Client(app).signIn(who)).request('GET', '/api/cases/c1/export')).status, who).toBe(404);
    }
    expect((await (await new Client(app).signIn('sara')).request('GET', '/api/cases/c1/export')).status).toBe(200);
    await db.close();
  });
});
