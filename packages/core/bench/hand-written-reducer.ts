import type { CaseEvent, CaseState, PlanTemplate } from '../src/index.js';
import { addDays } from '../src/case/dates.js';

/**
 * The reference for the replay benchmark: the reducer a developer would write by hand, a switch
 * over event types that derives the same {@link CaseState} as `replay` (the benchmark checks
 * that it does) but trusts every event: no rules, no requirements, no explanations. The
 * difference in time is what Casepath's generic, checked replay costs.
 */
export function handWrittenReplay(template: PlanTemplate, events: readonly CaseEvent[]): CaseState {
  const cadence: Record<string, number> = {};
  for (const st of template.stages) cadence[st.id] = st.reviewCadenceDays ?? template.reviewCadenceDays;
  const activities = template.activities ?? [];
  const s: CaseState = {
    caseId: null,
    templateId: template.id,
    templateVersion: template.version,
    providerId: null,
    clientRef: null,
    status: 'unopened',
    stage: null,
    stageEnteredAt: null,
    openedAt: null,
    closedAt: null,
    outcome: null,
    consent: {},
    team: [],
    goals: [],
    actions: [],
    assessments: [],
    jobs: [],
    support: [],
    referrals: [],
    approvals: {},
    activities: [],
    followUps: [],
    lastReviewAt: null,
    nextReviewDue: null,
    stageHistory: [],
    lastSeq: -1,
    history: [],
  };
  const schedule = (anchor: string, stage: string | null, e: CaseEvent) => {
    for (const a of activities) {
      if (a.anchor !== anchor || (stage !== null && a.stage !== stage)) continue;
      s.activities.push({ activityId: `${a.id}@${e.seq}`, templateActivityId: a.id, role: a.role, due: addDays(e.at, a.offsetDays), doneAt: null });
    }
  };
  const enter = (stage: string, e: CaseEvent) => {
    const last = s.stageHistory[s.stageHistory.length - 1];
    if (last) last.leftAt = e.at;
    s.stage = stage;
    s.stageEnteredAt = e.at;
    s.stageHistory.push({ stage, enteredAt: e.at, leftAt: null });
    s.nextReviewDue = addDays(s.lastReviewAt ?? s.openedAt!, cadence[stage]!);
    schedule('stage.enter', stage, e);
  };
  for (const e of events) {
    s.lastSeq = e.seq;
    s.history.push(e);
    switch (e.type) {
      case 'case.open':
        s.caseId = e.caseId;
        s.providerId = e.payload.providerId;
        s.clientRef = e.payload.clientRef ?? null;
        s.status = 'active';
        s.openedAt = e.at;
        schedule('case.open', null, e);
        enter(template.initialStage, e);
        break;
      case 'case.pause':
        s.status = 'paused';
        s.nextReviewDue = null;
        break;
      case 'case.resume':
      case 'case.reopen':
        s.status = 'active';
        s.closedAt = null;
        s.outcome = null;
        s.nextReviewDue = addDays(e.at, cadence[s.stage!]!);
        break;
      case 'case.close':
        s.status = 'closed';
        s.closedAt = e.at;
        s.outcome = e.payload.outcome;
        s.nextReviewDue = null;
        delete s.approvals.closure;
        break;
      case 'consent.grant':
      case 'consent.withdraw':
        s.consent[e.payload.purpose] = { granted: e.type === 'consent.grant', at: e.at };
        break;
      case 'worker.assign':
        s.team.push({ workerId: e.payload.workerId, role: e.payload.role, since: e.at });
        break;
      case 'worker.unassign':
        s.team = s.team.filter((m) => m.workerId !== e.payload.workerId);
        break;
      case 'stage.enter':
        enter(e.payload.stage, e);
        break;
      case 'goal.add': {
        const p = e.payload;
        s.goals.push({ goalId: p.goalId, title: p.title, domain: p.domain, ownerId: p.ownerId, ownerRole: p.ownerRole, due: p.due ?? null, status: 'open', addedAt: e.at, closedAt: null });
        break;
      }
      case 'goal.achieve':
      case 'goal.drop':
        for (const g of s.goals) {
          if (g.goalId === e.payload.goalId) {
            g.status = e.type === 'goal.achieve' ? 'achieved' : 'dropped';
            g.closedAt = e.at;
          }
        }
        break;
      case 'action.add': {
        const p = e.payload;
        s.actions.push({ actionId: p.actionId, goalId: p.goalId ?? null, title: p.title, ownerId: p.ownerId, ownerRole: p.ownerRole, due: p.due ?? null, done: false, addedAt: e.at, doneAt: null });
        break;
      }
      case 'action.done':
        for (const a of s.actions) if (a.actionId === e.payload.actionId) Object.assign(a, { done: true, doneAt: e.at });
        break;
      case 'assessment.record':
        s.assessments.push({ assessmentId: e.payload.assessmentId, instrumentId: e.payload.instrumentId, respondent: e.payload.respondent, at: e.at, scores: e.payload.scores ?? null });
        break;
      case 'review.hold':
        s.lastReviewAt = e.at;
        s.nextReviewDue = e.payload.nextReviewDue ?? addDays(e.at, cadence[s.stage!]!);
        break;
      case 'support.log':
        s.support.push({ at: e.at, minutes: e.payload.minutes, mode: e.payload.mode, workerId: e.actor.id });
        break;
      case 'job.start': {
        const p = e.payload;
        s.jobs.push({ jobId: p.jobId, employer: p.employer, title: p.title ?? null, hoursPerWeek: p.hoursPerWeek ?? null, openMarket: p.openMarket, startedAt: e.at, endedAt: null, endReason: null });
        schedule('job.start', null, e);
        break;
      }
      case 'job.end':
        for (const j of s.jobs) {
          if (j.jobId === e.payload.jobId) {
            j.endedAt = e.at;
            j.endReason = e.payload.endReason;
          }
        }
        break;
      case 'referral.send':
        s.referrals.push({ referralId: e.payload.referralId, to: e.payload.to, service: e.payload.service, status: 'sent', sentAt: e.at, updatedAt: e.at, outcome: null });
        break;
      case 'referral.accept':
      case 'referral.decline':
      case 'referral.complete':
        for (const r of s.referrals) {
          if (r.referralId !== e.payload.referralId) continue;
          r.status = e.type === 'referral.accept' ? 'accepted' : e.type === 'referral.decline' ? 'declined' : 'completed';
          r.updatedAt = e.at;
          if (e.type === 'referral.complete') r.outcome = e.payload.outcome;
        }
        break;
      case 'approval.grant':
      case 'approval.refuse':
        s.approvals[e.payload.subject] = { granted: e.type === 'approval.grant', at: e.at, by: e.actor.id };
        break;
      case 'activity.done':
        for (const a of s.activities) if (a.activityId === e.payload.activityId) a.doneAt = e.at;
        break;
      case 'followup.record':
        s.followUps.push({ at: e.at, status: e.payload.status, source: e.payload.source });
        break;
    }
  }
  return s;
}
