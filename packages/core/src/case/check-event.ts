import type { CaseEvent } from '../schemas/case-event.schema.js';
import type { TransitionTable } from '../machines/transition-table.js';
import type { CaseEventRejection, RejectionRule } from './case-event-error.js';
import type { CaseState } from './case-state.js';
import { compareInstants } from './dates.js';
import { explainRequirement, requirementMet, requirementName } from './requirements.js';
import type { Requirement } from '../schemas/plan-template.schema.js';

/** Event types refused while a case is paused: new planned work waits for `case.resume`. */
export const BLOCKED_WHILE_PAUSED: ReadonlySet<CaseEvent['type']> = new Set([
  'stage.enter',
  'goal.add',
  'action.add',
  'support.log',
  'referral.send',
]);

function reject(
  e: CaseEvent,
  rule: RejectionRule,
  reason: string,
  requirements?: string[],
): CaseEventRejection {
  const r: CaseEventRejection = { seq: e.seq, eventId: e.id, eventType: e.type, rule, reason };
  if (requirements) r.requirements = requirements;
  return r;
}

function unmet(e: CaseEvent, s: CaseState, reqs: readonly Requirement[], what: string): CaseEventRejection | null {
  let failed: Requirement[] | undefined;
  for (const req of reqs) if (!requirementMet(req, s)) (failed ??= []).push(req);
  if (!failed) return null;
  return reject(
    e,
    'requirement-not-met',
    `${what}: ${failed.map(explainRequirement).join('; ')}`,
    failed.map(requirementName),
  );
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
    return reject(e, 'case-mismatch', `it belongs to case ${e.caseId}, not ${s.caseId}`);
  }
  if (e.seq <= s.lastSeq) {
    return reject(e, 'sequence', `its sequence number ${e.seq} does not come after ${s.lastSeq}; events must be in order`);
  }
  if (s.openedAt !== null && compareInstants(e.at, s.openedAt) < 0) {
    return reject(e, 'before-open', `it is dated ${e.at}, before the case was opened (${s.openedAt}); check the date`);
  }
  return null;
}

/** A change to something dated before that thing began: impossible whatever the order of recording. */
function before(e: CaseEvent, since: string, what: string): CaseEventRejection | null {
  return compareInstants(e.at, since) < 0 ? reject(e, 'time-order', `it is dated ${e.at}, before ${what} (${since}); check the date`) : null;
}

/** The event refers to things that exist, in a state that allows it. */
function checkReferences(t: TransitionTable, s: CaseState, e: CaseEvent): CaseEventRejection | null {
  switch (e.type) {
    case 'case.open': {
      const p = e.payload;
      if (p.templateId !== t.template.id || p.templateVersion !== t.template.version) {
        return reject(
          e,
          'template-mismatch',
          `the case was opened with template ${p.templateId} v${p.templateVersion}, but replay was given ${t.template.id} v${t.template.version}`,
        );
      }
      return null;
    }
    case 'consent.withdraw':
      return s.consent[e.payload.purpose]?.granted === true
        ? null
        : reject(e, 'invalid-state', `consent for "${e.payload.purpose}" is not currently granted, so it cannot be withdrawn`);
    case 'worker.assign':
      return s.team.some((m) => m.workerId === e.payload.workerId && m.role === e.payload.role)
        ? reject(e, 'duplicate-id', `worker ${e.payload.workerId} is already assigned as ${e.payload.role}`)
        : null;
    case 'worker.unassign':
      return s.team.some((m) => m.workerId === e.payload.workerId)
        ? null
        : reject(e, 'unknown-reference', `worker ${e.payload.workerId} is not assigned to this case`);
    case 'goal.add':
      if (s.goals.some((g) => g.goalId === e.payload.goalId)) {
        return reject(e, 'duplicate-id', `a goal with id ${e.payload.goalId} already exists`);
      }
      return t.goalDomains.has(e.payload.domain)
        ? null
        : reject(
            e,
            'unknown-goal-domain',
            `"${e.payload.domain}" is not a goal domain of template ${t.template.id}; use one of ${[...t.goalDomains].join(', ')}`,
          );
    case 'goal.update': {
      const p = e.payload;
      if ((p.ownerId === undefined) !== (p.ownerRole === undefined)) {
        return reject(e, 'incomplete-change', 'a new owner needs both their id (ownerId) and their role (ownerRole)');
      }
      if (p.ownerId === undefined && p.due === undefined) return reject(e, 'incomplete-change', 'the change names nothing to change: give a new owner (ownerId and ownerRole) or a due date (due, or null to take it away)');
      const goal = s.goals.find((g) => g.goalId === p.goalId);
      if (!goal) return reject(e, 'unknown-reference', `there is no goal with id ${p.goalId}`);
      if (goal.status !== 'open') return reject(e, 'invalid-state', `goal ${goal.goalId} is ${goal.status}; only an open goal changes owner or due date`);
      return before(e, goal.addedAt, `goal ${goal.goalId} was added`);
    }
    case 'goal.achieve':
    case 'goal.drop': {
      const goal = s.goals.find((g) => g.goalId === e.payload.goalId);
      if (!goal) return reject(e, 'unknown-reference', `there is no goal with id ${e.payload.goalId}`);
      if (goal.status !== 'open') return reject(e, 'invalid-state', `goal ${goal.goalId} is already ${goal.status}`);
      return before(e, goal.addedAt, `goal ${goal.goalId} was added`);
    }
    case 'action.add':
      if (s.actions.some((a) => a.actionId === e.payload.actionId)) {
        return reject(e, 'duplicate-id', `an action with id ${e.payload.actionId} already exists`);
      }
      return e.payload.goalId === undefined || s.goals.some((g) => g.goalId === e.payload.goalId)
        ? null
        : reject(e, 'unknown-reference', `the action refers to goal ${e.payload.goalId}, which does not exist`);
    case 'action.done': {
      const action = s.actions.find((a) => a.actionId === e.payload.actionId);
      if (!action) return reject(e, 'unknown-reference', `there is no action with id ${e.payload.actionId}`);
      if (action.done) return reject(e, 'invalid-state', `action ${action.actionId} is already done`);
      return before(e, action.addedAt, `action ${action.actionId} was added`);
    }
    case 'assessment.record':
      return s.assessments.some((a) => a.assessmentId === e.payload.assessmentId)
        ? reject(e, 'duplicate-id', `an assessment with id ${e.payload.assessmentId} is already recorded`)
        : null;
    case 'job.start':
      return s.jobs.some((j) => j.jobId === e.payload.jobId)
        ? reject(e, 'duplicate-id', `a job with id ${e.payload.jobId} is already on record`)
        : null;
    case 'job.end': {
      const job = s.jobs.find((j) => j.jobId === e.payload.jobId);
      if (!job) return reject(e, 'unknown-reference', `there is no job with id ${e.payload.jobId}`);
      if (job.endedAt !== null) return reject(e, 'invalid-state', `job ${job.jobId} already ended on ${job.endedAt}`);
      return before(e, job.startedAt, `job ${job.jobId} started`);
    }
    case 'referral.send':
      return s.referrals.some((r) => r.referralId === e.payload.referralId)
        ? reject(e, 'duplicate-id', `a referral with id ${e.payload.referralId} already exists`)
        : null;
    case 'referral.accept':
    case 'referral.decline':
    case 'referral.complete': {
      const ref = s.referrals.find((r) => r.referralId === e.payload.referralId);
      if (!ref) return reject(e, 'unknown-reference', `there is no referral with id ${e.payload.referralId}`);
      const from = e.type === 'referral.complete' ? 'accepted' : 'sent';
      if (ref.status !== from) return reject(e, 'invalid-state', `referral ${ref.referralId} is ${ref.status}; only a ${from} referral can be ${e.type.slice(9)}ed`);
      return before(e, ref.updatedAt, `referral ${ref.referralId} was last updated`);
    }
    case 'approval.grant':
    case 'approval.refuse':
      return e.actor.role === 'supervisor' || e.actor.role === 'coordinator'
        ? null
        : reject(e, 'approver-role', `only a supervisor or coordinator can approve or refuse the ${e.payload.subject}, not a ${e.actor.role}`);
    case 'activity.done': {
      const act = s.activities.find((a) => a.activityId === e.payload.activityId);
      if (!act) return reject(e, 'unknown-reference', `there is no scheduled activity with id ${e.payload.activityId}`);
      return act.doneAt === null ? null : reject(e, 'invalid-state', `activity ${act.activityId} is already done`);
    }
    case 'stage.enter': {
      // Stages follow one another: a move cannot be dated before the current stage was entered.
      return s.stageEnteredAt === null ? null : before(e, s.stageEnteredAt, `the case entered its current stage`);
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
    return s.status === 'unopened' ? null : reject(e, 'already-opened', 'the case is already open');
  }
  if (s.status === 'unopened') return reject(e, 'not-opened', 'the case has not been opened; record case.open first');
  if (s.status === 'closed') {
    return e.type === 'case.reopen' || e.type === 'followup.record' ? null : reject(e, 'case-closed', `the case is closed (${s.outcome}); reopen it first`);
  }
  if (e.type === 'followup.record') return reject(e, 'not-closed', 'a follow-up records what happened after the case closed; close the case first');
  switch (e.type) {
    case 'case.reopen':
      return reject(e, 'not-closed', 'the case is not closed');
    case 'case.pause':
      return s.status === 'active' ? null : reject(e, 'case-paused', 'the case is already paused');
    case 'case.resume':
      return s.status === 'paused' ? null : reject(e, 'not-paused', 'the case is not paused');
    case 'case.close': {
      const reqs = t.outcomes.get(e.payload.outcome);
      if (!reqs) {
        return reject(
          e,
          'unknown-outcome',
          `"${e.payload.outcome}" is not a closing outcome of template ${t.template.id}; use one of ${[...t.outcomes.keys()].join(', ')}`,
        );
      }
      return unmet(e, s, reqs, `the case cannot close as "${e.payload.outcome}"`);
    }
  }
  if (s.status === 'paused' && BLOCKED_WHILE_PAUSED.has(e.type)) {
    return reject(e, 'case-paused', `the case is paused; resume it before ${e.type}`);
  }
  if (e.type === 'stage.enter') {
    const to = e.payload.stage;
    if (!t.stages.has(to)) {
      return reject(e, 'unknown-stage', `"${to}" is not a stage of template ${t.template.id}`);
    }
    const reqs = t.stages.get(s.stage!)!.next.get(to);
    if (!reqs) {
      const allowed = [...t.stages.get(s.stage!)!.next.keys()];
      return reject(
        e,
        'transition-not-allowed',
        `the plan does not allow moving from "${s.stage}" to "${to}"${allowed.length ? `; allowed: ${allowed.join(', ')}` : ''}`,
      );
    }
    return unmet(e, s, reqs, `the case cannot enter "${to}"`);
  }
  return null;
}

/** Why an event cannot be applied to a state, or null when it can. */
export function checkEvent(t: TransitionTable, s: CaseState, e: CaseEvent): CaseEventRejection | null {
  return checkOrder(s, e) ?? checkLifecycle(t, s, e) ?? checkReferences(t, s, e);
}
