import type { CaseEvent } from '../schemas/case-event.schema.js';
import type { ScheduledActivity } from '../schemas/plan-template.schema.js';
import type { TransitionTable } from '../machines/transition-table.js';
import type { CaseState } from './case-state.js';
import { addDays, compareInstants } from './dates.js';

function schedule(s: CaseState, activities: readonly ScheduledActivity[], e: CaseEvent): void {
  for (const a of activities) {
    s.activities.push({
      activityId: `${a.id}@${e.seq}`,
      templateActivityId: a.id,
      role: a.role,
      due: addDays(e.at, a.offsetDays),
      doneAt: null,
    });
  }
}

function cadence(t: TransitionTable, s: CaseState): number {
  return t.stages.get(s.stage!)!.reviewCadenceDays;
}

function enterStage(t: TransitionTable, s: CaseState, stage: string, e: CaseEvent): void {
  const open = s.stageHistory[s.stageHistory.length - 1];
  if (open && open.leftAt === null) open.leftAt = e.at;
  s.stage = stage;
  s.stageEnteredAt = e.at;
  s.stageHistory.push({ stage, enteredAt: e.at, leftAt: null });
  s.nextReviewDue = addDays(s.lastReviewAt ?? s.openedAt!, cadence(t, s));
  schedule(s, t.stages.get(stage)!.activitiesOnEnter, e);
}

/**
 * Applies an event that {@link checkEvent} accepted, in place. Internal: {@link replay} runs it on
 * a working copy, {@link applyEvent} on a clone.
 */
export function mutateCaseState(t: TransitionTable, s: CaseState, e: CaseEvent): void {
  s.lastSeq = e.seq;
  s.history.push(e);
  switch (e.type) {
    case 'case.open':
      s.caseId = e.caseId;
      s.providerId = e.payload.providerId;
      s.clientRef = e.payload.clientRef ?? null;
      s.status = 'active';
      s.openedAt = e.at;
      schedule(s, t.activitiesOnOpen, e);
      enterStage(t, s, t.template.initialStage, e);
      return;
    case 'case.pause':
      s.status = 'paused';
      s.nextReviewDue = null;
      return;
    case 'case.resume':
    case 'case.reopen':
      s.status = 'active';
      s.closedAt = null;
      s.outcome = null;
      s.nextReviewDue = addDays(e.at, cadence(t, s));
      return;
    case 'case.close':
      s.status = 'closed';
      s.closedAt = e.at;
      s.outcome = e.payload.outcome;
      s.nextReviewDue = null;
      // A closure approval is used up by the closure it approved.
      if (s.approvals.closure) delete s.approvals.closure;
      return;
    case 'consent.grant':
    case 'consent.withdraw': {
      // The latest decision by date is the current one, whatever order they were recorded in.
      const current = s.consent[e.payload.purpose];
      if (!current || compareInstants(e.at, current.at) >= 0) s.consent[e.payload.purpose] = { granted: e.type === 'consent.grant', at: e.at, ...(e.type === 'consent.grant' && e.payload.textVersion ? { textVersion: e.payload.textVersion } : {}) };
      return;
    }
    case 'worker.assign':
      s.team.push({ workerId: e.payload.workerId, role: e.payload.role, since: e.at });
      return;
    case 'worker.unassign':
      s.team = s.team.filter((m) => m.workerId !== e.payload.workerId);
      return;
    case 'stage.enter':
      enterStage(t, s, e.payload.stage, e);
      return;
    case 'goal.add': {
      const p = e.payload;
      s.goals.push({
        goalId: p.goalId,
        title: p.title,
        domain: p.domain,
        ownerId: p.ownerId,
        ownerRole: p.ownerRole,
        due: p.due ?? null,
        status: 'open',
        addedAt: e.at,
        closedAt: null,
      });
      return;
    }
    case 'goal.update': {
      const goal = s.goals.find((g) => g.goalId === e.payload.goalId)!;
      if (e.payload.ownerId !== undefined && e.payload.ownerRole !== undefined) {
        goal.ownerId = e.payload.ownerId;
        goal.ownerRole = e.payload.ownerRole;
      }
      if (e.payload.due !== undefined) goal.due = e.payload.due;
      break;
    }
    case 'goal.achieve':
    case 'goal.drop': {
      const goal = s.goals.find((g) => g.goalId === e.payload.goalId)!;
      goal.status = e.type === 'goal.achieve' ? 'achieved' : 'dropped';
      goal.closedAt = e.at;
      return;
    }
    case 'action.add': {
      const p = e.payload;
      s.actions.push({
        actionId: p.actionId,
        goalId: p.goalId ?? null,
        title: p.title,
        ownerId: p.ownerId,
        ownerRole: p.ownerRole,
        due: p.due ?? null,
        done: false,
        addedAt: e.at,
        doneAt: null,
      });
      return;
    }
    case 'action.done': {
      const action = s.actions.find((a) => a.actionId === e.payload.actionId)!;
      action.done = true;
      action.doneAt = e.at;
      return;
    }
    case 'assessment.record':
      s.assessments.push({
        assessmentId: e.payload.assessmentId,
        instrumentId: e.payload.instrumentId,
        respondent: e.payload.respondent,
        at: e.at,
        scores: e.payload.scores ?? null,
      });
      return;
    case 'review.hold':
      // A review recorded late, dated before the last one, is history; it does not move the next date.
      if (s.lastReviewAt !== null && compareInstants(e.at, s.lastReviewAt) < 0) return;
      s.lastReviewAt = e.at;
      s.nextReviewDue = e.payload.nextReviewDue ?? addDays(e.at, cadence(t, s));
      return;
    case 'support.log':
      s.support.push({ at: e.at, minutes: e.payload.minutes, mode: e.payload.mode, workerId: e.actor.id });
      return;
    case 'job.start': {
      const p = e.payload;
      s.jobs.push({
        jobId: p.jobId,
        employer: p.employer,
        title: p.title ?? null,
        hoursPerWeek: p.hoursPerWeek ?? null,
        openMarket: p.openMarket,
        startedAt: e.at,
        endedAt: null,
        endReason: null,
      });
      schedule(s, t.activitiesOnJobStart, e);
      return;
    }
    case 'job.end': {
      const job = s.jobs.find((j) => j.jobId === e.payload.jobId)!;
      job.endedAt = e.at;
      job.endReason = e.payload.endReason;
      return;
    }
    case 'referral.send':
      s.referrals.push({
        referralId: e.payload.referralId,
        to: e.payload.to,
        service: e.payload.service,
        status: 'sent',
        sentAt: e.at,
        updatedAt: e.at,
        outcome: null,
      });
      return;
    case 'referral.accept':
    case 'referral.decline':
    case 'referral.complete': {
      const ref = s.referrals.find((r) => r.referralId === e.payload.referralId)!;
      ref.status = e.type === 'referral.accept' ? 'accepted' : e.type === 'referral.decline' ? 'declined' : 'completed';
      ref.updatedAt = e.at;
      if (e.type === 'referral.complete') ref.outcome = e.payload.outcome;
      return;
    }
    case 'approval.grant':
    case 'approval.refuse':
      s.approvals[e.payload.subject] = { granted: e.type === 'approval.grant', at: e.at, by: e.actor.id };
      return;
    case 'activity.done': {
      const act = s.activities.find((a) => a.activityId === e.payload.activityId)!;
      act.doneAt = e.at;
      return;
    }
    case 'followup.record':
      s.followUps.push({ at: e.at, status: e.payload.status, source: e.payload.source });
      return;
  }
}

