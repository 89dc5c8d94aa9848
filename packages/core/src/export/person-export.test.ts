import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { builtInTemplates } from '../templates/built-in/index.js';
import { CaseHistoryBuilder } from '../testing/history-builder.js';
import { personBundle, personExport } from './person-export.js';

const euse = builtInTemplates['euse-supported-employment'];
const events = new CaseHistoryBuilder('c1', '2026-01-05T09:00:00Z')
  .add('case.open', { templateId: euse.id, templateVersion: 1, providerId: 'warsaw', clientRef: 'OD-2026-17' })
  .add('consent.grant', { purpose: 'service', textVersion: 'od-consent-3' })
  .add('consent.grant', { purpose: 'employer-contact' })
  .add('goal.add', { goalId: 'g1', title: 'A job in a bakery', domain: 'employment', ownerId: 'ewa', ownerRole: 'coordinator', due: '2026-06-30' })
  .add('assessment.record', { assessmentId: 'a1', instrumentId: 'vocational-profile', respondent: 'self', scores: { skills: 60, interests: 75, 'work-history': null } })
  .add('job.start', { jobId: 'j1', employer: 'Piekarnia Ziarno', title: 'Baker’s assistant', openMarket: true })
  .add('support.log', { minutes: 45, mode: 'on-the-job' })
  .add('goal.achieve', { goalId: 'g1' })
  .add('consent.withdraw', { purpose: 'employer-contact' })
  .build();

// The R4 elements each resource must have (cardinality 1..1 or 1..*), and every reference.
const Ref = z.object({ reference: z.string().regex(/^urn:uuid:/) });
const Coded = z.object({ coding: z.array(z.object({ system: z.string().url().or(z.string().startsWith('urn:')), code: z.string().min(1) })).min(1) });
const R4 = z.discriminatedUnion('resourceType', [
  z.object({ resourceType: z.literal('Patient'), id: z.uuid(), identifier: z.array(z.object({ system: z.string(), value: z.string().min(1) })).min(1) }),
  z.object({ resourceType: z.literal('EpisodeOfCare'), id: z.uuid(), status: z.enum(['planned', 'waitlist', 'active', 'onhold', 'finished', 'cancelled', 'entered-in-error']), patient: Ref }),
  z.object({
    resourceType: z.literal('Consent'),
    id: z.uuid(),
    status: z.enum(['draft', 'proposed', 'active', 'rejected', 'inactive', 'entered-in-error']),
    scope: Coded,
    category: z.array(Coded).min(1),
    patient: Ref,
    policyRule: Coded,
    provision: z.object({ type: z.enum(['deny', 'permit']) }),
  }),
  z.object({ resourceType: z.literal('Goal'), id: z.uuid(), lifecycleStatus: z.enum(['proposed', 'planned', 'accepted', 'active', 'on-hold', 'completed', 'cancelled', 'entered-in-error', 'rejected']), description: z.object({ text: z.string().min(1) }), subject: Ref }),
  z.object({ resourceType: z.literal('Observation'), id: z.uuid(), status: z.literal('final'), code: Coded, subject: Ref }),
  z.object({ resourceType: z.literal('Encounter'), id: z.uuid(), status: z.literal('finished'), class: z.object({ system: z.string(), code: z.string() }), subject: Ref }),
]);

describe('export of everything about a person', () => {
  it('as JSON: every event as recorded, with the case it belongs to', () => {
    const x = personExport(euse, events, '2026-12-01T10:00:00.000Z');
    expect(x.case).toEqual({ id: 'c1', templateId: euse.id, templateVersion: 1, providerId: 'warsaw', clientRef: 'OD-2026-17', status: 'active' });
    expect(x.events).toEqual(events);
    expect(JSON.parse(JSON.stringify(x))).toEqual(x);
  });

  it('as a FHIR R4 Bundle: each resource has its required elements and every reference resolves inside', () => {
    const b = personBundle(euse, events, '2026-12-01T10:00:00.000Z');
    expect(b).toMatchObject({ resourceType: 'Bundle', type: 'collection', timestamp: '2026-12-01T10:00:00.000Z' });
    const urls = new Set(b.entry.map((e) => e.fullUrl));
    for (const e of b.entry) {
      expect(e.fullUrl).toBe(`urn:uuid:${e.resource.id}`);
      const parsed = R4.safeParse(e.resource);
      expect(parsed.success, `${e.resource.resourceType}: ${parsed.success ? '' : parsed.error.message}`).toBe(true);
      for (const ref of JSON.stringify(e.resource).matchAll(/"reference":"([^"]+)"/g)) expect(urls.has(ref[1]!), ref[1]).toBe(true);
    }
    const of = (type: string) => b.entry.map((e) => e.resource).filter((r) => r.resourceType === type);
    expect(of('Patient')).toHaveLength(1);
    expect(of('Patient')[0]).toMatchObject({ identifier: [{ value: 'OD-2026-17' }] });
    expect(of('Consent').map((c) => [c.status, (c.provision as { type: string }).type])).toEqual([
      ['active', 'permit'],
      ['inactive', 'deny'],
    ]);
    expect(of('Consent')[0]).toMatchObject({ policy: [{ uri: 'https://casepath.dev/fhir/CodeSystem/consent-text/od-consent-3' }] });
    expect(of('Goal')).toMatchObject([{ lifecycleStatus: 'completed', achievementStatus: { coding: [{ code: 'achieved' }] }, description: { text: 'A job in a bakery' }, target: [{ dueDate: '2026-06-30' }] }]);
    // Two scores (the unscored domain is left out) and the job.
    expect(of('Observation').map((o) => (o.code as { coding: { code: string }[] }).coding[0]!.code)).toEqual(['skills', 'interests', '74165-2']);
    expect(of('Encounter')).toMatchObject([{ class: { code: 'FLD' }, length: { value: 45, code: 'min' } }]);
  });
});
