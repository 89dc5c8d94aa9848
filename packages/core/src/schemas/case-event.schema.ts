import * as z from 'zod/mini';
import { minLength, maxLength } from './length-checks.js';
import {
  APPROVAL_SUBJECTS,
  CASE_EVENT_SCHEMA_VERSION,
  CONSENT_PURPOSES,
  FOLLOW_UP_SOURCES,
  FOLLOW_UP_STATUSES,
  JOB_END_REASONS,
  RESPONDENTS,
  ROLES,
  SUPPORT_MODES,
} from './vocabulary.js';

/**
 * An id (of a case, an event, a goal, a worker; a client's reference): any text without control
 * characters or half of a surrogate pair, which no one types and a database may refuse or change.
 */
const Id = z.string().check(minLength(1), maxLength(200), z.regex(/^[^\p{Cc}\p{Cs}]*$/u, { error: 'must not hold control characters or half of a surrogate pair' }));
const Text = z.string().check(minLength(1), maxLength(2000));
/** An instant in ISO 8601, UTC (`2026-03-01T09:30:00Z`). */
export const Instant = z.iso.datetime();
/** A calendar date (`2026-03-01`). */
export const CalendarDate = z.iso.date();

/** Who recorded an event and in what role. */
export const Actor = z.object({ id: Id, role: z.enum(ROLES) });
export type Actor = z.infer<typeof Actor>;

const envelope = {
  schemaVersion: z.literal(CASE_EVENT_SCHEMA_VERSION),
  /** Unique id of the event. */
  id: Id,
  caseId: Id,
  /** Position in the case's history, strictly increasing. */
  seq: z.number().check(z.int(), z.gte(0)),
  /** When it happened (not when it was typed in). */
  at: Instant,
  actor: Actor,
  /** Why, in the recorder's words. */
  reason: z.optional(Text),
};

function event<T extends string, P extends z.ZodMiniType>(type: T, payload: P) {
  return z.object({ ...envelope, type: z.literal(type), payload });
}
const empty = z.object({});

export const CaseOpenPayload = z.object({
  templateId: Id,
  templateVersion: z.number().check(z.int(), z.gte(1)),
  providerId: Id,
  /** Pseudonymous client reference; personal data stays out of the event log. */
  clientRef: z.optional(Id),
});
export type CaseOpenPayload = z.infer<typeof CaseOpenPayload>;

export const CaseCloseOutcome = z.object({ outcome: Id });
export const ConsentPayload = z.object({
  purpose: z.enum(CONSENT_PURPOSES),
  /** The version of the consent text the person saw (an organisation's own id for its wording). */
  textVersion: z.optional(z.string().check(minLength(1), maxLength(100))),
});
export const WorkerAssignPayload = z.object({ workerId: Id, role: z.enum(ROLES) });
export const WorkerUnassignPayload = z.object({ workerId: Id });
export const StageEnterPayload = z.object({ stage: Id });
export const GoalAddPayload = z.object({
  goalId: Id,
  title: Text,
  domain: Id,
  ownerId: Id,
  ownerRole: z.enum(ROLES),
  due: z.optional(CalendarDate),
});
export const GoalRefPayload = z.object({ goalId: Id });
/** A change of who sees to a goal, or of its due date (`null` takes the date away). */
export const GoalUpdatePayload = z.object({
  goalId: Id,
  ownerId: z.optional(Id),
  ownerRole: z.optional(z.enum(ROLES)),
  due: z.optional(z.nullable(CalendarDate)),
});
export const ActionAddPayload = z.object({
  actionId: Id,
  goalId: z.optional(Id),
  title: Text,
  ownerId: Id,
  ownerRole: z.enum(ROLES),
  due: z.optional(CalendarDate),
});
export const ActionRefPayload = z.object({ actionId: Id });
export const AssessmentRecordPayload = z.object({
  assessmentId: Id,
  instrumentId: Id,
  respondent: z.enum(RESPONDENTS),
  /** Domain scores, when the assessment was scored. */
  scores: z.optional(z.record(z.string(), z.nullable(z.number()))),
  /** Some answers are health information: recording it needs the person's `health-data` consent. */
  healthData: z.optional(z.boolean()),
});
export const ReviewHoldPayload = z.object({
  /** Overrides the template's cadence for the next review. */
  nextReviewDue: z.optional(CalendarDate),
  /** Who took part: worker ids, and `client` for the person themselves. */
  participants: z.optional(z.array(Id).check(maxLength(50))),
});
export const SupportLogPayload = z.object({
  minutes: z.number().check(z.int(), z.gte(1), z.lte(24 * 60)),
  mode: z.enum(SUPPORT_MODES),
});
export const JobStartPayload = z.object({
  jobId: Id,
  employer: Text,
  title: z.optional(Text),
  hoursPerWeek: z.optional(z.number().check(z.gt(0), z.lte(80))),
  /** Open labour market (true) or sheltered employment (false). */
  openMarket: z.boolean(),
});
export const JobEndPayload = z.object({ jobId: Id, endReason: z.enum(JOB_END_REASONS) });
export const ReferralSendPayload = z.object({ referralId: Id, to: Text, service: Text });
export const ReferralRefPayload = z.object({ referralId: Id });
export const ReferralCompletePayload = z.object({ referralId: Id, outcome: Text });
export const ApprovalPayload = z.object({ subject: z.enum(APPROVAL_SUBJECTS) });
export const ActivityDonePayload = z.object({ activityId: Id });
/** A person's situation learned after the case closed (a call, a survey, a register); recorded on the closed case. */
export const FollowUpRecordPayload = z.object({ status: z.enum(FOLLOW_UP_STATUSES), source: z.enum(FOLLOW_UP_SOURCES) });

/**
 * One change to a case: what happened, to which case, when, who recorded it and why.
 *
 * @remarks
 * The history of a case is the ordered list of its events; every view of the case is derived by
 * {@link replay}. `payload` depends on `type` (a discriminated union).
 */
export const CaseEvent = z.discriminatedUnion('type', [
  event('case.open', CaseOpenPayload),
  event('case.pause', empty),
  event('case.resume', empty),
  event('case.close', CaseCloseOutcome),
  event('case.reopen', empty),
  event('consent.grant', ConsentPayload),
  event('consent.withdraw', ConsentPayload),
  event('worker.assign', WorkerAssignPayload),
  event('worker.unassign', WorkerUnassignPayload),
  event('stage.enter', StageEnterPayload),
  event('goal.add', GoalAddPayload),
  event('goal.achieve', GoalRefPayload),
  event('goal.drop', GoalRefPayload),
  event('goal.update', GoalUpdatePayload),
  event('action.add', ActionAddPayload),
  event('action.done', ActionRefPayload),
  event('assessment.record', AssessmentRecordPayload),
  event('review.hold', ReviewHoldPayload),
  event('support.log', SupportLogPayload),
  event('job.start', JobStartPayload),
  event('job.end', JobEndPayload),
  event('referral.send', ReferralSendPayload),
  event('referral.accept', ReferralRefPayload),
  event('referral.decline', ReferralRefPayload),
  event('referral.complete', ReferralCompletePayload),
  event('approval.grant', ApprovalPayload),
  event('approval.refuse', ApprovalPayload),
  event('activity.done', ActivityDonePayload),
  event('followup.record', FollowUpRecordPayload),
]);
export type CaseEvent = z.infer<typeof CaseEvent>;

/** The event of a given type. */
export type CaseEventOf<T extends CaseEvent['type']> = Extract<CaseEvent, { type: T }>;
