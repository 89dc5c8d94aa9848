import type { CaseEvent } from '../schemas/case-event.schema.js';
import type { TransitionTable } from '../machines/transition-table.js';
import type { CaseEventRejection, RejectionRule } from './case-event-error.js';
import type { CaseState } from './case-state.js';
import { compareInstants } from './dates.js';
import { requirementMet, requirementName } from './requirements.js';
import { explainRefusal, type DatedSince, type RefusalReason } from './refusal-reason.js';
import type { Requirement } from '../schemas/plan-template.schema.js';

/** Event types refused while a case is paused: new planned work waits for `case.resume`. */
export const BLOCKED_WHILE_PAUSED: ReadonlySet<CaseEvent['type']> = new Set([
  'stage.enter',
  'goal.add',
  'action.add',
  'support.log',
  'referral.send',
]);

function reject(e: CaseEvent, rule: RejectionRule, because: RefusalReason): CaseEventRejection {
  const r: CaseEventRejection = { seq: e.seq, eventId: e.id, eventType: e.type, rule, reason: explainRefusal(because), because };
  if (because.code === 'requirements-unmet') r.requirements = because.requirements.map(requirementName);
  return r;
}

function unmet(e: CaseEvent, s: CaseState, reqs: readonly Requirement[], target: { close: string } | { enter: string }): CaseEventRejection | null {
  let failed: Requirement[] | undefined;
  for (const req of reqs) if (!requirementMet(req, s)) (failed ??= []).push(req);
  if (!failed) return null;
  return reject(e, 'requirement-not-met', { code: 'requirements-unmet', target, requirements: failed });
}

/**
 * Rules about the record itself, independent of the case's lifecycle: the event belongs to this
 * case, comes after the previous one, and refers to things that exist. Shared by the bulk table
 * and the xstate machine (as its `dataValid` guard).
 */
export function checkData(t: TransitionTable, s: CaseState, e: CaseEvent): CaseEventRejection | null {
  return checkOrder(s, e) ?? checkReferences(t, s, e);
}

/**
 * The event belongs to this case and comes after the previous one in the order of recording
 * (`seq`). Its time (`at`) is a fact about the world, not the order of recording: a visit last
 * Friday recorded on Monday after newer events is accepted, but nothing can happen before the
 * case was opened.
 */
function checkOrder(s: CaseState, e: CaseEvent): CaseEventRejection | null {
  if (s.caseId !== null && e.caseId !== s.caseId) {
    return reject(e, 'case-mismatch', { code: 'case-mismatch', caseId: e.caseId, expected: s.caseId });
  }
  if (e.seq <= s.lastSeq) {
    return reject(e, 'sequence', { code: 'sequence', seq: e.seq, lastSeq: s.lastSeq });
  }
  if (s.openedAt !== null && compareInstants(e.at, s.openedAt) < 0) {
    return reject(e, 'before-open', { code: 'dated-before-open', at: e.at, openedAt: s.openedAt });
  }
  return null;
}

/** A change to something dated before that thing began: impossible whatever the order of recording. */
function before(e: CaseEvent, since: string, what: DatedSince, thing?: { id: string; title: string | null }): CaseEventRejection | null {
  return compareInstants(e.at, since) < 0 ? reject(e, 'time-order', { code: 'dated-before', at: e.at, since, what, id: thing?.id ?? null, title: thing?.title ?? null }) : null;
}

/** The event refers to things that exist, in a state that allows it. */
function checkReferences(t: TransitionTable, s: CaseState, e: CaseEvent): CaseEventRejection | null {
  switch (e.type) {
    case 'case.open': {
      const p = e.payload;
      if (p.templateId !== t.template.id || p.templateVersion !== t.template.version) {
        return reject(e, 'template-mismatch', { code: 'template-mismatch', templateId: p.templateId, templateVersion: p.templateVersion, givenId: t.template.id, givenVersion: t.template.version });
      }
      return null;
    }
    case 'consent.withdraw':
      return s.consent[e.payload.purpose]?.granted === true
        ? null
        : reject(e, 'invalid-state', { code: 'consent-not-granted', purpose: e.payload.purpose });
    case 'worker.assign':
      return s.team.some((m) => m.workerId === e.payload.workerId && m.role === e.payload.role)
        ? reject(e, 'duplicate-id', { code: 'worker-already-assigned', workerId: e.payload.workerId, role: e.payload.role })
        : null;
    case 'worker.unassign':
      return s.team.some((m) => m.workerId === e.payload.workerId)
        ? null
        : reject(e, 'unknown-reference', { code: 'worker-not-assigned', workerId: e.payload.workerId });
    case 'goal.add':
      if (s.goals.some((g) => g.goalId === e.payload.goalId)) {
        return reject(e, 'duplicate-id', { code: 'duplicate-id', thing: 'goal', id: e.payload.goalId });
      }
      return t.goalDomains.has(e.payload.domain)
        ? null
        : reject(e, 'unknown-goal-domain', { code: 'unknown-goal-domain', domain: e.payload.domain, templateId: t.template.id, domains: [...t.goalDomains] });
    case 'goal.update': {
      const p = e.payload;
      if ((p.ownerId === undefined) !== (p.ownerRole === undefined)) {
        return reject(e, 'incomplete-change', { code: 'owner-incomplete' });
      }
      if (p.ownerId === undefined && p.due === undefined) return reject(e, 'incomplete-change', { code: 'nothing-to-change' });
      const goal = s.goals.find((g) => g.goalId === p.goalId);
      if (!goal) return reject(e, 'unknown-reference', { code: 'not-found', thing: 'goal', id: p.goalId });
      if (goal.status !== 'open') return reject(e, 'invalid-state', { code: 'goal-not-open', goalId: goal.goalId, title: goal.title, status: goal.status, change: 'update' });
      return before(e, goal.addedAt, 'goal-added', { id: goal.goalId, title: goal.title });
    }
    case 'goal.achieve':
    case 'goal.drop': {
      const goal = s.goals.find((g) => g.goalId === e.payload.goalId);
      if (!goal) return reject(e, 'unknown-reference', { code: 'not-found', thing: 'goal', id: e.payload.goalId });
      if (goal.status !== 'open') return reject(e, 'invalid-state', { code: 'goal-not-open', goalId: goal.goalId, title: goal.title, status: goal.status, change: 'close' });
      return before(e, goal.addedAt, 'goal-added', { id: goal.goalId, title: goal.title });
    }
    case 'action.add':
      if (s.actions.some((a) => a.actionId === e.payload.actionId)) {
        return reject(e, 'duplicate-id', { code: 'duplicate-id', thing: 'action', id: e.payload.actionId });
      }
      return e.payload.goalId === undefined || s.goals.some((g) => g.goalId === e.payload.goalId)
        ? null
        : reject(e, 'unknown-reference', { code: 'action-goal-missing', goalId: e.payload.goalId });
    case 'action.done': {
      const action = s.actions.find((a) => a.actionId === e.payload.actionId);
      if (!action) return reject(e, 'unknown-reference', { code: 'not-found', thing: 'action', id: e.payload.actionId });
      if (action.done) return reject(e, 'invalid-state', { code: 'action-done', actionId: action.actionId, title: action.title });
      return before(e, action.addedAt, 'action-added', { id: action.actionId, title: action.title });
    }
    case 'assessment.record':
      return s.assessments.some((a) => a.assessmentId === e.payload.assessmentId)
        ? reject(e, 'duplicate-id', { code: 'duplicate-id', thing: 'assessment', id: e.payload.assessmentId })
        : null;
    case 'job.start':
      return s.jobs.some((j) => j.jobId === e.payload.jobId)
        ? reject(e, 'duplicate-id', { code: 'duplicate-id', thing: 'job', id: e.payload.jobId })
        : null;
    case 'job.end': {
      const job = s.jobs.find((j) => j.jobId === e.payload.jobId);
      if (!job) return reject(e, 'unknown-reference', { code: 'not-found', thing: 'job', id: e.payload.jobId });
      if (job.endedAt !== null) return reject(e, 'invalid-state', { code: 'job-ended', jobId: job.jobId, employer: job.employer, endedAt: job.endedAt });
      return before(e, job.startedAt, 'job-started', { id: job.jobId, title: job.employer });
    }
    case 'referral.send':
      return s.referrals.some((r) => r.referralId === e.payload.referralId)
        ? reject(e, 'duplicate-id', { code: 'duplicate-id', thing: 'referral', id: e.payload.referralId })
        : null;
    case 'referral.accept':
    case 'referral.decline':
    case 'referral.complete': {
      const ref = s.referrals.find((r) => r.referralId === e.payload.referralId);
      if (!ref) return reject(e, 'unknown-reference', { code: 'not-found', thing: 'referral', id: e.payload.referralId });
      const needed = e.type === 'referral.complete' ? 'accepted' : 'sent';
      const change = e.type === 'referral.accept' ? 'accept' : e.type === 'referral.decline' ? 'decline' : 'complete';
      if (ref.status !== needed) return reject(e, 'invalid-state', { code: 'referral-status', referralId: ref.referralId, to: ref.to, status: ref.status, needed, change });
      return before(e, ref.updatedAt, 'referral-updated', { id: ref.referralId, title: ref.to });
    }
    case 'approval.grant':
    case 'approval.refuse':
      return e.actor.role === 'supervisor' || e.actor.role === 'coordinator'
        ? null
        : reject(e, 'approver-role', { code: 'approver-role', subject: e.payload.subject, role: e.actor.role });
    case 'activity.done': {
      const act = s.activities.find((a) => a.activityId === e.payload.activityId);
      if (!act) return reject(e, 'unknown-reference', { code: 'not-found', thing: 'activity', id: e.payload.activityId });
      return act.doneAt === null ? null : reject(e, 'invalid-state', { code: 'activity-done', activityId: act.activityId });
    }
    case 'stage.enter': {
      // Stages follow one another: a move cannot be dated before the current stage was entered.
      return s.stageEnteredAt === null ? null : before(e, s.stageEnteredAt, 'stage-entered');
    }
    default:
      return null;
  }
}

/**
 * Rules about the case's lifecycle (status, stages, outcomes), read from the compiled table.
 * The xstate machine encodes the same rules in its state graph and named guards instead.
 */
export function checkLifecycle(t: TransitionTable, s: CaseState, e: CaseEvent): CaseEventRejection | null {
  if (e.type === 'case.open') {
    return s.status === 'unopened' ? null : reject(e, 'already-opened', { code: 'already-opened' });
  }
  if (s.status === 'unopened') return reject(e, 'not-opened', { code: 'not-opened' });
  if (s.status === 'closed') {
    return e.type === 'case.reopen' || e.type === 'followup.record' ? null : reject(e, 'case-closed', { code: 'case-closed', outcome: s.outcome });
  }
  if (e.type === 'followup.record') return reject(e, 'not-closed', { code: 'follow-up-while-open' });
  switch (e.type) {
    case 'case.reopen':
      return reject(e, 'not-closed', { code: 'not-closed' });
    case 'case.pause':
      return s.status === 'active' ? null : reject(e, 'case-paused', { code: 'already-paused' });
    case 'case.resume':
      return s.status === 'paused' ? null : reject(e, 'not-paused', { code: 'not-paused' });
    case 'case.close': {
      const reqs = t.outcomes.get(e.payload.outcome);
      if (!reqs) {
        return reject(e, 'unknown-outcome', { code: 'unknown-outcome', outcome: e.payload.outcome, templateId: t.template.id, outcomes: [...t.outcomes.keys()] });
      }
      return unmet(e, s, reqs, { close: e.payload.outcome });
    }
  }
  if (s.status === 'paused' && BLOCKED_WHILE_PAUSED.has(e.type)) {
    return reject(e, 'case-paused', { code: 'case-paused', eventType: e.type });
  }
  if (e.type === 'stage.enter') {
    const to = e.payload.stage;
    if (!t.stages.has(to)) {
      return reject(e, 'unknown-stage', { code: 'unknown-stage', stage: to, templateId: t.template.id });
    }
    const reqs = t.stages.get(s.stage!)!.next.get(to);
    if (!reqs) {
      return reject(e, 'transition-not-allowed', { code: 'transition-not-allowed', from: s.stage, to, allowed: [...t.stages.get(s.stage!)!.next.keys()] });
    }
    return unmet(e, s, reqs, { enter: to });
  }
  return null;
}

/** Why an event cannot be applied to a state, or null when it can. */
export function checkEvent(t: TransitionTable, s: CaseState, e: CaseEvent): CaseEventRejection | null {
  return checkOrder(s, e) ?? checkLifecycle(t, s, e) ?? checkReferences(t, s, e);
}
