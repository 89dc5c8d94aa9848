// Health information in assessments needs the person's health-data consent, on the server too:
// an assessment that says it holds health data waits for the consent; one with scores in a
// domain its instrument marks as health, that does not say so, is refused.
import { describe, expect, it } from 'vitest';
import { builtInTemplates, newEventId, type CaseEvent } from '@casepath/core';
import { backends, Client, freshDatabase, seedOrganisation, testApp } from './helpers.js';

const at = '2026-03-02T09:00:00.000Z';
const ev = (seq: number, type: CaseEvent['type'], payload: unknown): CaseEvent => ({ schemaVersion: 1, id: newEventId(), caseId: 'c1', seq, at, actor: { id: 'ewa', role: 'coordinator' }, type, payload }) as CaseEvent;
const assessment = (seq: number, payload: Record<string, unknown>) =>
  ev(seq, 'assessment.record', { assessmentId: `a${seq}`, instrumentId: 'social-adaptation-needs', respondent: 'staff', ...payload });

describe.each(backends)('health data in assessments, on %s', (backend) => {
  it('waits for the health-data consent, and refuses health scores that are not declared', async () => {
    const db = await freshDatabase(backend);
    await seedOrganisation(db);
    const ewa = await new Client(testApp(db).app).signIn('ewa');
    const tpl = builtInTemplates['social-adaptation'];
    await ewa.push([
      { event: ev(0, 'case.open', { templateId: tpl.id, templateVersion: tpl.version, providerId: 'warsaw' }), knownSeq: -1 },
      { event: ev(1, 'consent.grant', { purpose: 'service' }), knownSeq: -1 },
    ]);
    const results = async (events: CaseEvent[], knownSeq: number) => (await ewa.push(events.map((event) => ({ event, knownSeq })))).body.results as { status: string; rule?: string; reason?: string }[];

    const [hidden] = await results([assessment(2, { scores: { housing: 4, health: 6 } })], 1);
    expect(hidden).toMatchObject({ status: 'conflict', rule: 'health-data-undeclared' });
    expect(hidden!.reason).toContain('scores in health, which social-adaptation-needs marks as health information');
    const [declared] = await results([assessment(2, { scores: { housing: 4, health: 6 }, healthData: true })], 1);
    expect(declared).toMatchObject({ status: 'conflict', rule: 'consent-missing' });
    expect(declared!.reason).toContain('"health-data"');
    const [housingOnly] = await results([assessment(2, { scores: { housing: 4 } })], 1);
    expect(housingOnly).toMatchObject({ status: 'accepted' });
    const after = await results([ev(3, 'consent.grant', { purpose: 'health-data' }), assessment(4, { scores: { health: 6 }, healthData: true })], 2);
    expect(after.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    await db.close();
  });
});
