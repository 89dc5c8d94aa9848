import { describe, expect, it } from 'vitest';
import { builtInTemplates } from '../templates/built-in/index.js';
import { CaseHistoryBuilder } from '../testing/history-builder.js';
import type { Actor } from '../schemas/case-event.schema.js';
import { replay } from './replay.js';
import { decideEach, decideRecord, type EventDraft } from './record-event.js';
import { consentedAt, consentsOf } from './consents-of.js';
import { builtInInstruments } from '../assessments/built-in/index.js';
import { scoreAssessment } from '../assessments/score-assessment.js';
import { assessmentRecordPayload } from '../assessments/record-assessment.js';

const euse = builtInTemplates['euse-supported-employment'];
const ewa: Actor = { id: 'ewa', role: 'coordinator' };
const now = '2026-02-01T10:00:00.000Z';
const opened = () =>
  new CaseHistoryBuilder('c1', '2026-01-05T09:00:00Z')
    .add('case.open', { templateId: euse.id, templateVersion: 1, providerId: 'p' })
    .add('consent.grant', { purpose: 'service' });
const refer: EventDraft = { type: 'referral.send', payload: { referralId: 'r1', to: 'MOPS Wola', service: 'housing' }, actor: ewa };
const employerVisit: EventDraft = { type: 'support.log', payload: { minutes: 30, mode: 'employer' }, actor: ewa };
const healthGoal: EventDraft = { type: 'goal.add', payload: { goalId: 'g1', title: 'See a doctor', domain: 'health', ownerId: 'ewa', ownerRole: 'coordinator' }, actor: ewa };
const readiness = builtInInstruments['employment-readiness'];
/** The person's readiness answers; with `health`, the one about their health too. */
const readinessDraft = (health: boolean): EventDraft => {
  const answers = Object.fromEntries(readiness.items.filter((it) => health || !it.healthData).map((it) => [it.id, 3]));
  const scored = scoreAssessment(readiness, { instrumentId: readiness.id, instrumentVersion: readiness.version, respondent: 'self', completedAt: now, answers });
  return { type: 'assessment.record', payload: assessmentRecordPayload('a1', scored), actor: { id: 'self-service', role: 'client' } };
};
const record = (events: ReturnType<CaseHistoryBuilder['build']>, drafts: EventDraft[]) => decideRecord(euse, replay(euse, events).state, { caseId: 'c1', drafts }, { now });

describe('consent, enforced when recording', () => {
  it('refuses a referral, contact with an employer and a health goal without their consent, naming the purpose', () => {
    for (const [draft, purpose] of [
      [refer, 'data-sharing'],
      [employerVisit, 'employer-contact'],
      [healthGoal, 'health-data'],
    ] as const) {
      const d = record(opened().build(), [draft]);
      expect(d.kind, draft.type).toBe('conflict');
      if (d.kind !== 'conflict') continue;
      expect(d.conflict).toMatchObject({ rule: 'consent-missing', purpose });
      expect(d.conflict.reason).toBe(`the person has not given consent for "${purpose}"; record their consent first`);
    }
    // What needs no more than taking part is recorded as before.
    expect(record(opened().build(), [{ ...employerVisit, payload: { minutes: 30, mode: 'on-the-job' } }]).kind).toBe('append');
    expect(record(opened().build(), [{ ...healthGoal, payload: { ...healthGoal.payload, domain: 'employment' } }]).kind).toBe('append');
  });

  it('an assessment with an answer about health needs the health-data consent; without that answer it does not', () => {
    expect(readinessDraft(true).payload).toMatchObject({ healthData: true });
    expect(readinessDraft(false).payload).not.toHaveProperty('healthData');
    const refused = record(opened().build(), [readinessDraft(true)]);
    expect(refused).toMatchObject({ kind: 'conflict', conflict: { rule: 'consent-missing', purpose: 'health-data' } });
    expect(record(opened().build(), [readinessDraft(false)]).kind).toBe('append');
    expect(record(opened().add('consent.grant', { purpose: 'health-data' }).build(), [readinessDraft(true)]).kind).toBe('append');
  });

  it('records the action once consent is given, in the same request or before, and refuses it again after withdrawal, saying when', () => {
    const grant: EventDraft = { type: 'consent.grant', payload: { purpose: 'data-sharing' }, actor: ewa };
    expect(record(opened().build(), [grant, refer]).kind).toBe('append');
    const given = opened().add('consent.grant', { purpose: 'data-sharing' }).build();
    expect(record(given, [refer]).kind).toBe('append');
    const withdrawn = opened().add('consent.grant', { purpose: 'data-sharing' }).after(15).add('consent.withdraw', { purpose: 'data-sharing' }).build();
    const d = record(withdrawn, [refer]);
    expect(d.kind === 'conflict' && d.conflict.reason).toBe(
      'the person withdrew consent for "data-sharing" on 2026-01-20; this cannot be recorded unless they give it again',
    );
  });

  it('is enforced on the server’s path too (each pushed event on its own), and not on replay: what was recorded before stays a fact', () => {
    const head = replay(euse, opened().build()).state;
    const { outcomes } = decideEach(euse, head, 'c1', [{ draft: refer, baseSeq: 1 }, { draft: { type: 'consent.grant', payload: { purpose: 'employer-contact' }, actor: ewa }, baseSeq: 1 }, { draft: employerVisit, baseSeq: 1 }], () => false, { now });
    expect(outcomes.map((o) => (o.kind === 'append' ? 'append' : o.conflict.rule))).toEqual(['consent-missing', 'append', 'append']);
    const older = opened().add('referral.send', { referralId: 'r1', to: 'MOPS Wola', service: 'housing' }).build();
    expect(replay(euse, older).state.referrals).toHaveLength(1);
  });

  it('knows whether a person consented at a moment, by when each grant or withdrawal happened', () => {
    const events = opened().add('consent.grant', { purpose: 'statistics' }).after(55).add('consent.withdraw', { purpose: 'statistics' }).build();
    expect(consentedAt(events, 'statistics', '2026-02-01T00:00:00Z')).toBe(true);
    expect(consentedAt(events, 'statistics', '2026-03-02T00:00:00Z')).toBe(false);
    expect(consentedAt(events, 'statistics', '2026-01-01T00:00:00Z')).toBe(false);
    // Recorded out of order: the withdrawal dated earlier than a later grant does not win.
    expect(consentedAt([...events].reverse(), 'statistics', '2026-02-01T00:00:00Z')).toBe(true);
  });

  it('reads each purpose’s consent from a history as replay does, with the text version seen', () => {
    const events = opened()
      .add('consent.grant', { purpose: 'statistics', textVersion: 'od-2026-03' })
      .after(3)
      .add('consent.withdraw', { purpose: 'statistics' })
      .build();
    expect(consentsOf(events)).toEqual(replay(euse, events).state.consent);
    expect(consentsOf(events)).toEqual({ service: { granted: true, at: '2026-01-05T09:00:00.000Z' }, statistics: { granted: false, at: '2026-01-08T09:00:00.000Z' } });
    expect(consentsOf(events.slice(0, 3)).statistics).toEqual({ granted: true, at: '2026-01-05T09:00:00.000Z', textVersion: 'od-2026-03' });
  });
});
