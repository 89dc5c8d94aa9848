import type { CaseEvent } from '../schemas/case-event.schema.js';
import type {
  ApprovalSubject,
  CaseStatus,
  ConsentPurpose,
  FollowUpSource,
  FollowUpStatus,
  JobEndReason,
  Respondent,
  Role,
  SupportMode,
} from '../schemas/vocabulary.js';

export interface ConsentRecord {
  granted: boolean;
  /** When it was last granted or withdrawn. */
  at: string;
  /** The version of the consent text the person saw when granting, when recorded. */
  textVersion?: string;
}
export interface TeamMember {
  workerId: string;
  role: Role;
  since: string;
}
export interface Goal {
  goalId: string;
  title: string;
  domain: string;
  ownerId: string;
  ownerRole: Role;
  due: string | null;
  status: 'open' | 'achieved' | 'dropped';
  addedAt: string;
  closedAt: string | null;
}
export interface PlanAction {
  actionId: string;
  goalId: string | null;
  title: string;
  ownerId: string;
  ownerRole: Role;
  due: string | null;
  done: boolean;
  addedAt: string;
  doneAt: string | null;
}
export interface AssessmentEntry {
  assessmentId: string;
  instrumentId: string;
  respondent: Respondent;
  at: string;
  scores: Record<string, number | null> | null;
}
/** One job held: the employment record that retention metrics read. */
export interface Job {
  jobId: string;
  employer: string;
  title: string | null;
  hoursPerWeek: number | null;
  openMarket: boolean;
  startedAt: string;
  endedAt: string | null;
  endReason: JobEndReason | null;
}
export interface SupportEntry {
  at: string;
  minutes: number;
  mode: SupportMode;
  workerId: string;
}
export interface Referral {
  referralId: string;
  to: string;
  service: string;
  status: 'sent' | 'accepted' | 'declined' | 'completed';
  sentAt: string;
  updatedAt: string;
  outcome: string | null;
}
export interface Approval {
  granted: boolean;
  at: string;
  by: string;
}
/** An activity the template schedules relative to case opening, stage entry or job start. */
export interface ScheduledActivityInstance {
  /** `${templateActivityId}@${seq of the anchoring event}`. */
  activityId: string;
  templateActivityId: string;
  role: Role;
  /** Calendar date it is due. */
  due: string;
  doneAt: string | null;
}
/** A person's situation learned at a follow-up after the case closed. */
export interface FollowUp {
  at: string;
  status: FollowUpStatus;
  source: FollowUpSource;
}
export interface StageVisit {
  stage: string;
  enteredAt: string;
  leftAt: string | null;
}

/**
 * Where a case stands, derived from its events by {@link replay}. Plain data: safe to serialise,
 * compare and keep.
 */
export interface CaseState {
  caseId: string | null;
  templateId: string;
  templateVersion: number;
  providerId: string | null;
  clientRef: string | null;
  /** `unopened` until the `case.open` event. */
  status: CaseStatus | 'unopened';
  stage: string | null;
  stageEnteredAt: string | null;
  openedAt: string | null;
  closedAt: string | null;
  outcome: string | null;
  consent: Partial<Record<ConsentPurpose, ConsentRecord>>;
  team: TeamMember[];
  goals: Goal[];
  actions: PlanAction[];
  assessments: AssessmentEntry[];
  jobs: Job[];
  support: SupportEntry[];
  referrals: Referral[];
  approvals: Partial<Record<ApprovalSubject, Approval>>;
  activities: ScheduledActivityInstance[];
  /** What follow-ups after closure found, in order. */
  followUps: FollowUp[];
  lastReviewAt: string | null;
  /** Calendar date the next review is due; null while paused or closed. */
  nextReviewDue: string | null;
  stageHistory: StageVisit[];
  /** Sequence number of the last accepted event, -1 before any. */
  lastSeq: number;
  /** The accepted events, in order. */
  history: CaseEvent[];
}

/**
 * The shape of {@link CaseState}: raised when a field is added, so caches of an older shape (a
 * persisted actor snapshot) are rebuilt by replay instead of being read.
 */
export const CASE_STATE_VERSION = 2;

/**
 * A case state stored by an earlier version, completed with the fields added since (each at its
 * empty value), so code that reads the current shape can use it.
 */
export function completeCaseState(stored: CaseState): CaseState {
  const empty = emptyCaseState(stored.templateId, stored.templateVersion);
  return { ...empty, ...stored, followUps: stored.followUps ?? empty.followUps };
}

export function emptyCaseState(templateId: string, templateVersion: number): CaseState {
  return {
    caseId: null,
    templateId,
    templateVersion,
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
}

/** A copy deep enough that applying an event to it leaves the original untouched. */
export function cloneCaseState(s: CaseState): CaseState {
  return {
    ...s,
    consent: { ...s.consent },
    team: s.team.slice(),
    goals: s.goals.map((g) => ({ ...g })),
    actions: s.actions.map((a) => ({ ...a })),
    assessments: s.assessments.slice(),
    jobs: s.jobs.map((j) => ({ ...j })),
    support: s.support.slice(),
    referrals: s.referrals.map((r) => ({ ...r })),
    approvals: { ...s.approvals },
    activities: s.activities.map((a) => ({ ...a })),
    followUps: s.followUps.map((f) => ({ ...f })),
    stageHistory: s.stageHistory.map((v) => ({ ...v })),
    history: s.history.slice(),
  };
}
