/**
 * Closed vocabularies shared by schemas, templates and replay. Each is an `as const` array so the
 * same list feeds `z.enum` and the derived union type.
 */

/** Languages every built-in label is written in. */
export const LANGUAGES = ['en', 'ru', 'pl', 'lt', 'de', 'uk'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Who records an event. `supervisor` approves plans and closures. */
export const ROLES = [
  'coordinator',
  'psychologist',
  'vocational-counsellor',
  'job-coach',
  'social-worker',
  'assistant',
  'supervisor',
  'client',
] as const;
export type Role = (typeof ROLES)[number];

/** What a person consents to, purpose by purpose. */
export const CONSENT_PURPOSES = [
  'service',
  'health-data',
  'employer-contact',
  'data-sharing',
  'statistics',
] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** The types of case events, namespaced with dots. */
export const CASE_EVENT_TYPES = [
  'case.open',
  'case.pause',
  'case.resume',
  'case.close',
  'case.reopen',
  'consent.grant',
  'consent.withdraw',
  'worker.assign',
  'worker.unassign',
  'stage.enter',
  'goal.add',
  'goal.achieve',
  'goal.drop',
  'goal.update',
  'action.add',
  'action.done',
  'assessment.record',
  'review.hold',
  'support.log',
  'job.start',
  'job.end',
  'referral.send',
  'referral.accept',
  'referral.decline',
  'referral.complete',
  'approval.grant',
  'approval.refuse',
  'activity.done',
  'followup.record',
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

/**
 * A person's situation found at a follow-up after leaving the programme, as the ESF+ common
 * result indicators ask for it (Regulation (EU) 2021/1057, Annex I).
 */
export const FOLLOW_UP_STATUSES = ['employed', 'self-employed', 'job-search', 'education', 'inactive'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];
/** How a follow-up status was learned. */
export const FOLLOW_UP_SOURCES = ['contact', 'survey', 'register'] as const;
export type FollowUpSource = (typeof FOLLOW_UP_SOURCES)[number];

/** Who answered an assessment. */
export const RESPONDENTS = ['self', 'staff'] as const;
export type Respondent = (typeof RESPONDENTS)[number];

/** How job-coach or other support was given. */
export const SUPPORT_MODES = ['on-the-job', 'off-the-job', 'remote', 'employer'] as const;
export type SupportMode = (typeof SUPPORT_MODES)[number];

/** Why a job ended. */
export const JOB_END_REASONS = [
  'resigned',
  'dismissed',
  'contract-ended',
  'health',
  'moved-on',
  'other',
] as const;
export type JobEndReason = (typeof JOB_END_REASONS)[number];

/** What a supervisor approves. */
export const APPROVAL_SUBJECTS = ['plan', 'closure'] as const;
export type ApprovalSubject = (typeof APPROVAL_SUBJECTS)[number];

/** The kinds of entry requirement a template may put on a stage, transition or outcome. */
export const REQUIREMENT_KINDS = [
  'consent',
  'assessment',
  'goal',
  'job-held',
  'approval',
  'role-assigned',
] as const;
export type RequirementKind = (typeof REQUIREMENT_KINDS)[number];

/** Where a scheduled activity's due date is counted from. */
export const ACTIVITY_ANCHORS = ['case.open', 'stage.enter', 'job.start'] as const;
export type ActivityAnchor = (typeof ACTIVITY_ANCHORS)[number];

/** Where a case stands overall, apart from its stage. */
export const CASE_STATUSES = ['active', 'paused', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** The schema version written on every event; bump it with a migration in `migrateCaseEvent`. */
export const CASE_EVENT_SCHEMA_VERSION = 1;
