import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { builtInTemplates } from '../templates/built-in/index.js';
import { CaseHistoryBuilder } from '../testing/history-builder.js';
import { bundleForRecipient, ConsentRequiredError, personBundle, personExport } from './person-export.js';

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

  describe('to another service the person chose', () => {
    const base = () =>
      new CaseHistoryBuilder('c2', '2026-01-05T09:00:00Z')
        .add('case.open', { templateId: euse.id, templateVersion: 1, providerId: 'warsaw', clientRef: 'OD-2026-18' })
        .add('consent.grant', { purpose: 'service' })
        .add('consent.grant', { purpose: 'health-data' })
        .add('goal.add', { goalId: 'g1', title: 'A job in a bakery', domain: 'employment', ownerId: 'ewa', ownerRole: 'coordinator' })
        .add('goal.add', { goalId: 'g2', title: 'Sleep through the night', domain: 'health', ownerId: 'ewa', ownerRole: 'coordinator' })
        .add('action.add', { actionId: 'a1', goalId: 'g2', title: 'See the psychiatrist', ownerId: 'ewa', ownerRole: 'coordinator' })
        .add('assessment.record', { assessmentId: 'x1', instrumentId: 'wellbeing', respondent: 'self', scores: { mood: 40 }, healthData: true })
        .add('assessment.record', { assessmentId: 'x2', instrumentId: 'vocational-profile', respondent: 'self', scores: { skills: 60 } });
    const texts = (b: ReturnType<typeof personBundle>) => JSON.stringify(b);

    it('refuses without consent to share, naming the purpose and the recipient; after a withdrawal too', () => {
      const none = base().build();
      expect(() => bundleForRecipient(euse, none, 'Job centre Wola')).toThrow(ConsentRequiredError);
      expect(() => bundleForRecipient(euse, none, 'Job centre Wola')).toThrow('the person has not given consent for "data-sharing"; record their consent before anything goes to Job centre Wola');
      const withdrawn = base().add('consent.grant', { purpose: 'data-sharing' }).add('consent.withdraw', { purpose: 'data-sharing' }).build();
      try {
        bundleForRecipient(euse, withdrawn, 'Job centre Wola');
        expect.unreachable();
      } catch (error) {
        expect(error).toMatchObject({ purpose: 'data-sharing', message: expect.stringMatching(/^the person withdrew consent for "data-sharing" on 2026-01-0\d; nothing goes to Job centre Wola/) });
      }
    });

    it('leaves health information out without consent to it, and says what was left out', () => {
      const events = base().add('consent.withdraw', { purpose: 'health-data' }).add('consent.grant', { purpose: 'data-sharing' }).build();
      const b = bundleForRecipient(euse, events, 'Job centre Wola', '2026-12-01T10:00:00.000Z');
      expect(texts(b)).toContain('A job in a bakery');
      expect(texts(b)).toContain('"skills"');
      for (const health of ['Sleep through the night', 'See the psychiatrist', '"mood"', 'wellbeing']) expect(texts(b)).not.toContain(health);
      expect(b.meta).toEqual({ tag: [{ system: 'https://casepath.dev/fhir/CodeSystem/left-out', code: 'health-data', display: 'left out for want of consent to "health-data": 1 health goal(s), 1 assessment(s) holding health answers' }] });
      // With both consents the service gets what the person gets.
      const both = base().add('consent.grant', { purpose: 'data-sharing' }).build();
      const all = bundleForRecipient(euse, both, 'Job centre Wola', '2026-12-01T10:00:00.000Z');
      expect(all.meta).toBeUndefined();
      expect(texts(all)).toContain('Sleep through the night');
      expect(all.entry.map((e) => e.resource.resourceType)).toEqual(personBundle(euse, both).entry.map((e) => e.resource.resourceType));
    });
  });
});
