import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtInTemplates } from '../templates/built-in/index.js';
import { CaseHistoryBuilder } from '../testing/history-builder.js';
import { simulatePopulation } from '../testing/simulate-population.js';
import { CaseEventError } from './case-event-error.js';
import type { CaseEvent } from '../schemas/case-event.schema.js';
import { applyEvent, initialCaseState, replay } from './replay.js';
import { arbitraryHistory } from './random-history.test-helper.js';
import { supportIntensity } from './support-intensity.js';

const euse = builtInTemplates['euse-supported-employment'];
const open = { templateId: euse.id, templateVersion: euse.version, providerId: 'otwarte-drzwi' };
const coach = { id: 'coach-anna', role: 'job-coach' } as const;

/** Maria: engaged, profiled, placed with a job coach, loses the job, is placed again. */
function mariasHistory() {
  return new CaseHistoryBuilder('maria', '2025-01-06T09:00:00Z')
    .add('case.open', open)
    .add('worker.assign', { workerId: 'coord-ewa', role: 'coordinator' })
    .after(1)
    .add('consent.grant', { purpose: 'service' })
    .add('consent.grant', { purpose: 'employer-contact' })
    .add('stage.enter', { stage: 'vocational-profiling' })
    .after(14)
    .add('assessment.record', { assessmentId: 'vp1', instrumentId: 'vocational-profile', respondent: 'staff' })
    .add('goal.add', { goalId: 'g1', title: 'Work in a bakery', domain: 'employment', ownerId: 'coord-ewa', ownerRole: 'coordinator', due: '2025-06-30' })
    .add('stage.enter', { stage: 'job-finding' }, 'Profile done; she wants to bake')
    .after(40)
    .add('job.start', { jobId: 'bakery', employer: 'Bakery Słonecznik', hoursPerWeek: 20, openMarket: true })
    .add('worker.assign', { workerId: 'coach-anna', role: 'job-coach' })
    .add('stage.enter', { stage: 'on-job-support' })
    .as(coach)
    .after(7)
    .add('support.log', { minutes: 600, mode: 'on-the-job' })
    .after(28)
    .add('support.log', { minutes: 240, mode: 'on-the-job' })
    .after(28)
    .add('support.log', { minutes: 60, mode: 'remote' })
    .after(30)
    .add('job.end', { jobId: 'bakery', endReason: 'contract-ended' })
    .add('stage.enter', { stage: 'job-finding' }, 'Readaptation after the contract ended')
    .after(20)
    .add('job.start', { jobId: 'library', employer: 'City Library', openMarket: true })
    .add('stage.enter', { stage: 'on-job-support' })
    .build();
}

describe('replay', () => {
  it('derives stage, consent, goals, the employment record and history from events', () => {
    const events = mariasHistory();
    const { state, rejected } = replay(euse, events);
    expect(rejected).toEqual([]);
    expect(state.status).toBe('active');
    expect(state.stage).toBe('on-job-support');
    expect(state.consent.service?.granted).toBe(true);
    expect(state.goals.map((g) => [g.goalId, g.domain, g.status])).toEqual([['g1', 'employment', 'open']]);
    expect(state.jobs.map((j) => [j.jobId, j.endedAt !== null])).toEqual([
      ['bakery', true],
      ['library', false],
    ]);
    expect(state.jobs[0]!.endReason).toBe('contract-ended');
    expect(state.stageHistory.map((v) => v.stage)).toEqual([
      'engagement',
      'vocational-profiling',
      'job-finding',
      'on-job-support',
      'job-finding',
      'on-job-support',
    ]);
    expect(state.history).toHaveLength(events.length);
    expect(state.history[7]!.reason).toBe('Profile done; she wants to bake');
    // Two jobs started: the template schedules a first-week call and a one-year check for each.
    expect(state.activities.map((a) => a.templateActivityId).sort()).toEqual([
      'first-week-check',
      'first-week-check',
      'retention-check',
      'retention-check',
    ]);
  });

  it('shows the job coach fading out as falling support minutes', () => {
    const { state } = replay(euse, mariasHistory());
    const minutes = supportIntensity(state, { periodDays: 28 }).map((p) => p.minutes);
    expect(minutes).toEqual([600, 240, 60]);
  });

  it('sets the next review from the stage cadence and from a held review', () => {
    const events = mariasHistory();
    const { state } = replay(euse, events);
    // on-job-support reviews every 14 days, counted from the case opening while no review was held.
    expect(state.nextReviewDue).toBe('2025-01-20');
    const reviewed = applyEvent(euse, state, {
      ...events[0]!,
      id: 'rev',
      seq: events.length,
      at: '2025-07-01T10:00:00.000Z',
      type: 'review.hold',
      payload: {},
    });
    expect(reviewed.lastReviewAt).toBe('2025-07-01T10:00:00.000Z');
    expect(reviewed.nextReviewDue).toBe('2025-07-15');
  });

  it('rejects a transition whose requirement is missing, naming the requirement', () => {
    const events = new CaseHistoryBuilder('c', '2025-01-06T09:00:00Z')
      .add('case.open', open)
      .add('stage.enter', { stage: 'vocational-profiling' })
      .build();
    expect(() => replay(euse, events)).toThrow(CaseEventError);
    try {
      replay(euse, events);
    } catch (error) {
      const e = error as CaseEventError;
      expect(e.rejection).toMatchObject({ seq: 1, rule: 'requirement-not-met', requirements: ['consent:service'] });
      expect(e.message).toContain('the person has not given consent for "service"');
    }
  });

  it('skips and reports invalid events without losing or reordering valid ones', () => {
    const events = new CaseHistoryBuilder('c', '2025-01-06T09:00:00Z')
      .add('case.open', open)
      .add('stage.enter', { stage: 'on-job-support' })
      .add('consent.grant', { purpose: 'service' })
      .add('goal.achieve', { goalId: 'nope' })
      .add('stage.enter', { stage: 'vocational-profiling' })
      .build();
    const { state, rejected } = replay(euse, events, { onInvalid: 'skip' });
    expect(rejected.map((r) => [r.seq, r.rule])).toEqual([
      [1, 'transition-not-allowed'],
      [3, 'unknown-reference'],
    ]);
    expect(state.history.map((e) => e.seq)).toEqual([0, 2, 4]);
    expect(state.stage).toBe('vocational-profiling');
  });

  it('names the rule for lifecycle mistakes', () => {
    const b = new CaseHistoryBuilder('c', '2025-01-06T09:00:00Z');
    const events = b
      .add('consent.grant', { purpose: 'service' })
      .add('case.open', open)
      .add('case.open', open)
      .add('case.pause', {})
      .add('stage.enter', { stage: 'vocational-profiling' })
      .add('case.resume', {})
      .add('case.resume', {})
      .add('case.close', { outcome: 'employed' })
      .add('case.close', { outcome: 'retired' })
      .add('case.close', { outcome: 'withdrew' })
      .add('goal.add', { goalId: 'g', title: 't', domain: 'employment', ownerId: 'w', ownerRole: 'coordinator' })
      .add('case.reopen', {})
      .build();
    const { state, rejected } = replay(euse, events, { onInvalid: 'skip' });
    expect(rejected.map((r) => r.rule)).toEqual([
      'not-opened',
      'already-opened',
      'case-paused',
      'not-paused',
      'requirement-not-met',
      'unknown-outcome',
      'case-closed',
    ]);
    expect(state.status).toBe('active');
  });

  it('rejects events out of order, from another case or for another template version', () => {
    const events = new CaseHistoryBuilder('c', '2025-01-06T09:00:00Z').add('case.open', open).after(1).add('consent.grant', { purpose: 'service' }).build();
    const older = { ...events[1]!, id: 'late', seq: 2, at: '2025-01-01T00:00:00.000Z' };
    const dup = { ...events[1]!, id: 'dup' };
    const foreign = { ...events[1]!, id: 'f', seq: 5, caseId: 'someone-else' };
    const { rejected } = replay(euse, [...events, older, dup, foreign], { onInvalid: 'skip' });
    expect(rejected.map((r) => r.rule)).toEqual(['before-open', 'sequence', 'case-mismatch']);
    const v2 = { ...events[0]!, type: 'case.open' as const, payload: { ...open, templateVersion: 2 } };
    expect(() => replay(euse, [v2])).toThrow(/template-mismatch.*opened with template euse-supported-employment v2/);
  });

  it('accepts events recorded after newer ones (seq is recording order, at is when it happened)', () => {
    // Friday's workplace visit and review are recorded on Monday, after Monday's events.
    const events = new CaseHistoryBuilder('late', '2025-01-06T09:00:00Z')
      .add('case.open', open)
      .add('consent.grant', { purpose: 'service' })
      .add('goal.add', { goalId: 'g1', title: 'Work', domain: 'employment', ownerId: 'e', ownerRole: 'coordinator' })
      .after(10)
      .add('review.hold', {})
      .build();
    const friday = '2025-01-10T14:00:00.000Z';
    const late: CaseEvent[] = [
      { ...events[1]!, id: 'visit', seq: 4, type: 'support.log' as const, at: friday, payload: { minutes: 45, mode: 'on-the-job' as const } },
      { ...events[1]!, id: 'old-review', seq: 5, type: 'review.hold' as const, at: friday, payload: {} },
      { ...events[1]!, id: 'achieved', seq: 6, type: 'goal.achieve' as const, at: '2025-01-08T10:00:00.000Z', payload: { goalId: 'g1' } },
    ];
    const { state, rejected } = replay(euse, [...events, ...late], { onInvalid: 'skip' });
    expect(rejected).toEqual([]);
    expect(state.support.map((s) => s.at)).toEqual([friday]);
    expect(supportIntensity(state, { periodDays: 7 }).map((p) => p.minutes)).toEqual([45]);
    const earlier = [...events, ...late, { ...late[0]!, id: 'visit-2', seq: 7, at: '2025-01-07T10:00:00.000Z' } as CaseEvent];
    // Recorded last but dated first: it starts the first week, and Friday's visit falls in it too.
    expect(supportIntensity(replay(euse, earlier).state, { periodDays: 7 }).map((p) => p.minutes)).toEqual([90]);
    expect(state.lastReviewAt).toBe(events[3]!.at); // the later review still sets the next date
    expect(state.goals[0]!.closedAt).toBe('2025-01-08T10:00:00.000Z');
  });

  it('refuses only what is impossible in time, in plain words', () => {
    const events = new CaseHistoryBuilder('t', '2025-01-06T09:00:00Z')
      .add('case.open', open)
      .add('consent.grant', { purpose: 'service' })
      .after(5)
      .add('job.start', { jobId: 'j', employer: 'Bakery', openMarket: true })
      .add('goal.add', { goalId: 'g', title: 'Work', domain: 'employment', ownerId: 'e', ownerRole: 'coordinator' })
      .add('stage.enter', { stage: 'vocational-profiling' })
      .add('assessment.record', { assessmentId: 'vp', instrumentId: 'vocational-profile', respondent: 'staff' })
      .build();
    const base = events[1]!;
    const impossible: CaseEvent[] = [
      { ...base, id: 'a', seq: 6, type: 'job.end' as const, at: '2025-01-07T00:00:00.000Z', payload: { jobId: 'j', endReason: 'dismissed' as const } },
      { ...base, id: 'b', seq: 7, type: 'goal.achieve' as const, at: '2025-01-07T00:00:00.000Z', payload: { goalId: 'g' } },
      { ...base, id: 'c', seq: 8, type: 'stage.enter' as const, at: '2025-01-07T00:00:00.000Z', payload: { stage: 'job-finding' } },
      { ...base, id: 'd', seq: 9, type: 'support.log' as const, at: '2025-01-01T00:00:00.000Z', payload: { minutes: 5, mode: 'remote' as const } },
    ];
    const { rejected } = replay(euse, [...events, ...impossible], { onInvalid: 'skip' });
    expect(rejected.map((r) => r.rule)).toEqual(['time-order', 'time-order', 'time-order', 'before-open']);
    expect(rejected[0]!.reason).toBe('it is dated 2025-01-07T00:00:00.000Z, before job j started (2025-01-11T09:00:00.000Z); check the date');
    expect(rejected[3]!.reason).toContain('before the case was opened');
  });

  it('needs a supervisor or coordinator to approve', () => {
    const t = builtInTemplates['family-support'];
    const events = new CaseHistoryBuilder('f', '2025-01-06T09:00:00Z')
      .add('case.open', { templateId: t.id, templateVersion: 1, providerId: 'p' })
      .as({ id: 'a', role: 'assistant' })
      .add('approval.grant', { subject: 'plan' })
      .build();
    expect(replay(t, events, { onInvalid: 'skip' }).rejected[0]?.rule).toBe('approver-role');
  });

  it('never crashes on random histories, and folding applyEvent equals replay', () => {
    for (const template of Object.values(builtInTemplates)) {
      fc.assert(
        fc.property(arbitraryHistory(template), (events) => {
          const { state, rejected } = replay(template, events, { onInvalid: 'skip' });
          let folded = initialCaseState(template);
          for (const e of events) {
            try {
              folded = applyEvent(template, folded, e);
            } catch (error) {
              if (!(error instanceof CaseEventError)) throw error;
            }
          }
          expect(folded).toEqual(state);
          expect(state.history.length + rejected.length).toBe(events.length);
          // Valid events keep their order.
          const seqs = state.history.map((e) => e.seq);
          expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
        }),
        { numRuns: 150 },
      );
    }
  });

  it('applyEvent leaves the given state untouched', () => {
    const events = mariasHistory();
    const { state } = replay(euse, events.slice(0, -1));
    const before = structuredClone(state);
    applyEvent(euse, state, events[events.length - 1]!);
    expect(state).toEqual(before);
  });

  it('replays every simulated case without a rejection', () => {
    const { cases } = simulatePopulation({ providers: 6, people: 300, years: 3, seed: 7 });
    for (const c of cases) {
      const template = builtInTemplates[c.templateId as keyof typeof builtInTemplates];
      expect(replay(template, c.events, { onInvalid: 'skip' }).rejected).toEqual([]);
    }
  });
});
