import fc from 'fast-check';
import type { CaseEvent } from '../schemas/case-event.schema.js';
import type { PlanTemplate } from '../schemas/plan-template.schema.js';
import { compileTransitionTable } from '../machines/transition-table.js';
import { mutateCaseState } from './apply-event.js';
import { emptyCaseState } from './case-state.js';
import { checkEvent } from './check-event.js';
import {
  APPROVAL_SUBJECTS,
  CASE_EVENT_SCHEMA_VERSION,
  CASE_EVENT_TYPES,
  CONSENT_PURPOSES,
  FOLLOW_UP_SOURCES,
  FOLLOW_UP_STATUSES,
  JOB_END_REASONS,
  RESPONDENTS,
  ROLES,
  SUPPORT_MODES,
} from '../schemas/vocabulary.js';

/** One random step: which event, which ids it picks, how far the clock moves, and noise. */
const step = fc.record({
  type: fc.nat(CASE_EVENT_TYPES.length * 2),
  a: fc.nat(20),
  b: fc.nat(20),
  days: fc.nat(40),
  noise: fc.nat(99),
});

const pick = <T>(items: readonly T[], n: number): T => items[n % items.length]!;

/**
 * Random case histories for a template: mostly plausible, with invalid events mixed in
 * (unknown ids, disallowed transitions, out-of-order sequence numbers and times, wrong case).
 * Ids come from small pools, and most stage moves aim at a stage the plan allows next (read
 * from the state reached so far), so that histories reach deep stages and loops.
 */
export function arbitraryHistory(template: PlanTemplate, maxLength = 60): fc.Arbitrary<CaseEvent[]> {
  const stages = [...template.stages.map((s) => s.id), 'nowhere'];
  const outcomes = [...template.outcomes.map((o) => o.id), 'bogus'];
  const domains = [...template.goalDomains.map((d) => d.id), 'bogus'];
  const instruments = ['vocational-profile', 'needs-screening'];
  const ids = ['x0', 'x1', 'x2', 'x3'];
  const open = {
    templateId: template.id,
    templateVersion: template.version,
    providerId: 'p1',
  };
  const table = compileTransitionTable(template);
  return fc.tuple(fc.nat(9), fc.array(step, { minLength: Math.min(20, maxLength), maxLength })).map(([startOpen, steps]) => {
    const events: CaseEvent[] = [];
    const state = emptyCaseState(template.id, template.version);
    let t = Date.parse('2024-01-01T09:00:00Z');
    let seq = 0;
    const all = startOpen > 0 ? [{ type: 0, a: 0, b: 0, days: 0, noise: 50 }, ...steps] : steps;
    for (const s of all) {
      // Half of the draws go to the events that move a case along, so histories get somewhere.
      const favoured = ['stage.enter', 'stage.enter', 'case.resume', 'consent.grant', 'goal.add', 'assessment.record', 'job.start', 'worker.assign', 'approval.grant', 'job.end', 'case.reopen'] as const;
      const type = s.type < CASE_EVENT_TYPES.length ? CASE_EVENT_TYPES[s.type]! : pick(favoured, s.type);
      t += s.days * 86_400_000 + 3_600_000;
      const at = s.noise === 0 ? new Date(t - 90 * 86_400_000).toISOString() : new Date(t).toISOString();
      const thisSeq = s.noise === 1 ? Math.max(0, seq - 1) : seq;
      const role = s.noise < 80 ? pick(['coordinator', 'supervisor', 'job-coach'] as const, s.b) : pick(ROLES, s.b);
      const id = pick(ids, s.a);
      const payload: unknown = (() => {
        switch (type) {
          case 'case.open':
            return s.noise === 2 ? { ...open, templateVersion: template.version + 1 } : open;
          case 'case.close':
            return { outcome: pick(outcomes, s.a) };
          case 'consent.grant':
            return { purpose: s.a < 12 ? pick(['service', 'employer-contact'] as const, s.a) : pick(CONSENT_PURPOSES, s.a) };
          case 'consent.withdraw':
            return { purpose: pick(CONSENT_PURPOSES, s.a) };
          case 'worker.assign':
            return { workerId: `w${s.b % 3}`, role: pick(ROLES, s.a) };
          case 'worker.unassign':
            return { workerId: `w${s.b % 3}` };
          case 'stage.enter': {
            const next = state.stage === null ? [] : [...table.stages.get(state.stage)!.next.keys()];
            return { stage: s.a < 15 && next.length > 0 ? pick(next, s.b) : pick(stages, s.a) };
          }
          case 'goal.add':
            return { goalId: id, title: 'A goal', domain: pick(domains, s.b), ownerId: 'w0', ownerRole: 'coordinator' };
          case 'goal.achieve':
          case 'goal.drop':
            return { goalId: id };
          case 'action.add':
            return { actionId: id, goalId: s.b % 2 ? pick(ids, s.b) : undefined, title: 'Do it', ownerId: 'w1', ownerRole: 'job-coach', due: '2025-01-01' };
          case 'action.done':
            return { actionId: id };
          case 'assessment.record':
            return { assessmentId: `${id}-${s.b}`, instrumentId: pick(instruments, s.b), respondent: pick(RESPONDENTS, s.a) };
          case 'review.hold':
            return s.b % 3 === 0 ? { nextReviewDue: '2030-01-01' } : {};
          case 'support.log':
            return { minutes: 1 + s.b * 10, mode: pick(SUPPORT_MODES, s.a) };
          case 'job.start':
            return { jobId: id, employer: 'Employer', openMarket: s.b % 2 === 0 };
          case 'job.end':
            return { jobId: id, endReason: pick(JOB_END_REASONS, s.b) };
          case 'referral.send':
            return { referralId: id, to: 'Other NGO', service: 'housing' };
          case 'referral.complete':
            return { referralId: id, outcome: 'done' };
          case 'referral.accept':
          case 'referral.decline':
            return { referralId: id };
          case 'approval.grant':
          case 'approval.refuse':
            return { subject: pick(APPROVAL_SUBJECTS, s.a) };
          case 'activity.done':
            return { activityId: id };
          case 'followup.record':
            return { status: pick(FOLLOW_UP_STATUSES, s.a), source: pick(FOLLOW_UP_SOURCES, s.b) };
          default:
            return {};
        }
      })();
      const event = {
        schemaVersion: CASE_EVENT_SCHEMA_VERSION,
        id: `e${events.length}`,
        caseId: s.noise === 3 ? 'other-case' : 'case-1',
        seq: thisSeq,
        type,
        at,
        actor: { id: `w${s.b % 3}`, role },
        payload,
      } as CaseEvent;
      events.push(event);
      if (checkEvent(table, state, event) === null) mutateCaseState(table, state, event);
      seq = thisSeq + 1;
    }
    return events;
  });
}
