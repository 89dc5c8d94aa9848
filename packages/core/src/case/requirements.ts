import type { Requirement } from '../schemas/plan-template.schema.js';
import type { CaseState } from './case-state.js';

/**
 * Whether a requirement holds in a case state. These predicates are the named guards of the
 * compiled xstate machine and the checks of the bulk replay table alike.
 */
export function requirementMet(req: Requirement, s: CaseState): boolean {
  switch (req.kind) {
    case 'consent':
      return s.consent[req.purpose]?.granted === true;
    case 'assessment':
      return s.assessments.some(
        (a) =>
          (req.instrumentId === undefined || a.instrumentId === req.instrumentId) &&
          (req.respondent === undefined || a.respondent === req.respondent),
      );
    case 'goal':
      return s.goals.some((g) => g.status !== 'dropped' && (req.domain === undefined || g.domain === req.domain));
    case 'job-held':
      return s.jobs.some((j) => j.endedAt === null);
    case 'approval':
      return s.approvals[req.subject]?.granted === true;
    case 'role-assigned':
      return s.team.some((m) => m.role === req.role);
  }
}

/** A short stable name, e.g. `consent:service` or `assessment:vocational-profile`. */
export function requirementName(req: Requirement): string {
  switch (req.kind) {
    case 'consent':
      return `consent:${req.purpose}`;
    case 'assessment':
      return ['assessment', req.instrumentId, req.respondent].filter(Boolean).join(':');
    case 'goal':
      return req.domain === undefined ? 'goal' : `goal:${req.domain}`;
    case 'job-held':
      return 'job-held';
    case 'approval':
      return `approval:${req.subject}`;
    case 'role-assigned':
      return `role-assigned:${req.role}`;
  }
}

/** What is missing, in plain words, for messages shown to staff. */
export function explainRequirement(req: Requirement): string {
  switch (req.kind) {
    case 'consent':
      return `the person has not given consent for "${req.purpose}"`;
    case 'assessment': {
      const which = req.instrumentId === undefined ? 'an assessment' : `an assessment with "${req.instrumentId}"`;
      const by = req.respondent === undefined ? '' : req.respondent === 'self' ? ' by the person themselves' : ' by staff';
      return `${which}${by} has not been recorded`;
    }
    case 'goal':
      return req.domain === undefined ? 'no goal has been set' : `no goal has been set in "${req.domain}"`;
    case 'job-held':
      return 'the person does not hold a job';
    case 'approval':
      return `a supervisor has not approved the ${req.subject}`;
    case 'role-assigned':
      return `no ${req.role} is assigned to the case`;
  }
}
