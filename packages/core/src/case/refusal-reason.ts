import type { CaseEvent } from '../schemas/case-event.schema.js';
import type { Requirement } from '../schemas/plan-template.schema.js';
import type { ConsentPurpose, Role } from '../schemas/vocabulary.js';
import { explainRequirement } from './requirements.js';

/** Things of a case a change can name, each with its id (and, where the case has one, its title). */
export type CaseThing = 'goal' | 'action' | 'assessment' | 'job' | 'referral' | 'activity';

/** What a dated change cannot come before: the thing it changes began later. */
export type DatedSince = 'goal-added' | 'action-added' | 'job-started' | 'referral-updated' | 'stage-entered';

/**
 * Why a change was refused, as data: a code and what the sentence names, so that a page can say it
 * in its own language (with the case's titles, dates in its format) and a developer can act on
 * it. {@link explainRefusal} says it in English; that sentence is the rejection's `reason`.
 */
export type RefusalReason =
  | { code: 'case-mismatch'; caseId: string; expected: string }
  | { code: 'sequence'; seq: number; lastSeq: number }
  | { code: 'dated-before-open'; at: string; openedAt: string }
  | { code: 'dated-before'; at: string; since: string; what: DatedSince; id: string | null; title: string | null }
  | { code: 'template-mismatch'; templateId: string; templateVersion: number; givenId: string; givenVersion: number }
  | { code: 'consent-not-granted'; purpose: ConsentPurpose }
  | { code: 'worker-already-assigned'; workerId: string; role: Role }
  | { code: 'worker-not-assigned'; workerId: string }
  | { code: 'duplicate-id'; thing: CaseThing; id: string }
  | { code: 'unknown-goal-domain'; domain: string; templateId: string; domains: string[] }
  | { code: 'owner-incomplete' }
  | { code: 'nothing-to-change' }
  | { code: 'not-found'; thing: CaseThing; id: string }
  | { code: 'action-goal-missing'; goalId: string }
  | { code: 'goal-not-open'; goalId: string; title: string; status: 'achieved' | 'dropped'; change: 'update' | 'close' }
  | { code: 'action-done'; actionId: string; title: string }
  | { code: 'job-ended'; jobId: string; employer: string; endedAt: string }
  | { code: 'referral-status'; referralId: string; to: string; status: 'sent' | 'accepted' | 'declined' | 'completed'; needed: 'sent' | 'accepted'; change: 'accept' | 'decline' | 'complete' }
  | { code: 'approver-role'; subject: string; role: Role }
  | { code: 'activity-done'; activityId: string }
  | { code: 'already-opened' }
  | { code: 'not-opened' }
  | { code: 'case-closed'; outcome: string | null }
  | { code: 'follow-up-while-open' }
  | { code: 'not-closed' }
  | { code: 'already-paused' }
  | { code: 'not-paused' }
  | { code: 'case-paused'; eventType: CaseEvent['type'] }
  | { code: 'unknown-outcome'; outcome: string; templateId: string; outcomes: string[] }
  | { code: 'unknown-stage'; stage: string; templateId: string }
  | { code: 'transition-not-allowed'; from: string | null; to: string; allowed: string[] }
  | { code: 'requirements-unmet'; target: { close: string } | { enter: string }; requirements: Requirement[] }
  | { code: 'in-future'; at: string; now: string }
  | { code: 'stale-view'; baseSeq: number; headSeq: number }
  /** The plan machine refused an event its state graph has no transition for (the bulk rules found none). */
  | { code: 'machine-refused' };

export type RefusalCode = RefusalReason['code'];

const thingWords: Record<CaseThing, string> = {
  goal: 'a goal',
  action: 'an action',
  assessment: 'an assessment',
  job: 'a job',
  referral: 'a referral',
  activity: 'a scheduled activity',
};

const sinceWords = (r: Extract<RefusalReason, { code: 'dated-before' }>): string => {
  switch (r.what) {
    case 'goal-added':
      return `goal ${r.id} was added`;
    case 'action-added':
      return `action ${r.id} was added`;
    case 'job-started':
      return `job ${r.id} started`;
    case 'referral-updated':
      return `referral ${r.id} was last updated`;
    case 'stage-entered':
      return 'the case entered its current stage';
  }
};

/** A refusal in plain English, for logs, developers and the pages' English fallback. */
export function explainRefusal(r: RefusalReason): string {
  switch (r.code) {
    case 'case-mismatch':
      return `it belongs to case ${r.caseId}, not ${r.expected}`;
    case 'sequence':
      return `its sequence number ${r.seq} does not come after ${r.lastSeq}; events must be in order`;
    case 'dated-before-open':
      return `it is dated ${r.at}, before the case was opened (${r.openedAt}); check the date`;
    case 'dated-before':
      return `it is dated ${r.at}, before ${sinceWords(r)} (${r.since}); check the date`;
    case 'template-mismatch':
      return `the case was opened with template ${r.templateId} v${r.templateVersion}, but replay was given ${r.givenId} v${r.givenVersion}`;
    case 'consent-not-granted':
      return `consent for "${r.purpose}" is not currently granted, so it cannot be withdrawn`;
    case 'worker-already-assigned':
      return `worker ${r.workerId} is already assigned as ${r.role}`;
    case 'worker-not-assigned':
      return `worker ${r.workerId} is not assigned to this case`;
    case 'duplicate-id':
      return r.thing === 'assessment' || r.thing === 'job'
        ? `${thingWords[r.thing]} with id ${r.id} is already ${r.thing === 'job' ? 'on record' : 'recorded'}`
        : `${thingWords[r.thing]} with id ${r.id} already exists`;
    case 'unknown-goal-domain':
      return `"${r.domain}" is not a goal domain of template ${r.templateId}; use one of ${r.domains.join(', ')}`;
    case 'owner-incomplete':
      return 'a new owner needs both their id (ownerId) and their role (ownerRole)';
    case 'nothing-to-change':
      return 'the change names nothing to change: give a new owner (ownerId and ownerRole) or a due date (due, or null to take it away)';
    case 'not-found':
      return `there is no ${r.thing === 'activity' ? 'scheduled activity' : r.thing} with id ${r.id}`;
    case 'action-goal-missing':
      return `the action refers to goal ${r.goalId}, which does not exist`;
    case 'goal-not-open':
      return r.change === 'update' ? `goal ${r.goalId} is ${r.status}; only an open goal changes owner or due date` : `goal ${r.goalId} is already ${r.status}`;
    case 'action-done':
      return `action ${r.actionId} is already done`;
    case 'job-ended':
      return `job ${r.jobId} already ended on ${r.endedAt}`;
    case 'referral-status':
      return `referral ${r.referralId} is ${r.status}; only a ${r.needed} referral can be ${r.change}ed`;
    case 'approver-role':
      return `only a supervisor or coordinator can approve or refuse the ${r.subject}, not a ${r.role}`;
    case 'activity-done':
      return `activity ${r.activityId} is already done`;
    case 'already-opened':
      return 'the case is already open';
    case 'not-opened':
      return 'the case has not been opened; record case.open first';
    case 'case-closed':
      return `the case is closed (${r.outcome}); reopen it first`;
    case 'follow-up-while-open':
      return 'a follow-up records what happened after the case closed; close the case first';
    case 'not-closed':
      return 'the case is not closed';
    case 'already-paused':
      return 'the case is already paused';
    case 'not-paused':
      return 'the case is not paused';
    case 'case-paused':
      return `the case is paused; resume it before ${r.eventType}`;
    case 'unknown-outcome':
      return `"${r.outcome}" is not a closing outcome of template ${r.templateId}; use one of ${r.outcomes.join(', ')}`;
    case 'unknown-stage':
      return `"${r.stage}" is not a stage of template ${r.templateId}`;
    case 'transition-not-allowed':
      return `the plan does not allow moving from "${r.from}" to "${r.to}"${r.allowed.length ? `; allowed: ${r.allowed.join(', ')}` : ''}`;
    case 'requirements-unmet': {
      const what = 'close' in r.target ? `the case cannot close as "${r.target.close}"` : `the case cannot enter "${r.target.enter}"`;
      return `${what}: ${r.requirements.map(explainRequirement).join('; ')}`;
    }
    case 'in-future':
      return `it is dated ${r.at}, later than now (${r.now}); check the date, or the device's clock`;
    case 'stale-view':
      return `the change was made on a view of the case up to #${r.baseSeq}, but only #${r.headSeq} is stored; reload the case`;
    case 'machine-refused':
      return 'the plan machine does not accept this event here';
  }
}
