import * as z from 'zod/mini';
import { minLength, maxLength } from './length-checks.js';
import { ACTIVITY_ANCHORS, APPROVAL_SUBJECTS, CONSENT_PURPOSES, RESPONDENTS, ROLES } from './vocabulary.js';

const Id = z.string().check(minLength(1), maxLength(100), z.regex(/^[a-z0-9][a-z0-9-]*$/));

// In its own module, so that instruments (loaded by the assessment widget) do not bring the
// template schema with them; re-exported here, where it has always been.
import { LocalizedText } from './localized-text.js';
export { LocalizedText };

/** A condition that must hold before a stage is entered or a case is closed with an outcome. */
export const Requirement = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('consent'), purpose: z.enum(CONSENT_PURPOSES) }),
  z.object({
    kind: z.literal('assessment'),
    instrumentId: z.optional(z.string().check(minLength(1))),
    respondent: z.optional(z.enum(RESPONDENTS)),
  }),
  z.object({ kind: z.literal('goal'), domain: z.optional(Id) }),
  z.object({ kind: z.literal('job-held') }),
  z.object({ kind: z.literal('approval'), subject: z.enum(APPROVAL_SUBJECTS) }),
  z.object({ kind: z.literal('role-assigned'), role: z.enum(ROLES) }),
]);
export type Requirement = z.infer<typeof Requirement>;

export const Stage = z.object({
  id: Id,
  title: LocalizedText,
  description: z.optional(LocalizedText),
  /** Checked whenever the case enters this stage, from any stage. */
  requires: z.optional(z.array(Requirement)),
  /** Overrides the template's review cadence while the case is in this stage. */
  reviewCadenceDays: z.optional(z.number().check(z.int(), z.gte(1), z.lte(366))),
});
export type Stage = z.infer<typeof Stage>;

export const Transition = z.object({
  from: Id,
  to: Id,
  /** Checked on this transition only, on top of the target stage's own requirements. */
  requires: z.optional(z.array(Requirement)),
});
export type Transition = z.infer<typeof Transition>;

export const Outcome = z.object({
  id: Id,
  title: LocalizedText,
  requires: z.optional(z.array(Requirement)),
});
export type Outcome = z.infer<typeof Outcome>;

export const GoalDomain = z.object({ id: Id, title: LocalizedText });
export type GoalDomain = z.infer<typeof GoalDomain>;

export const ScheduledActivity = z.object({
  id: Id,
  title: LocalizedText,
  anchor: z.enum(ACTIVITY_ANCHORS),
  /** With anchor `stage.enter`: which stage. */
  stage: z.optional(Id),
  offsetDays: z.number().check(z.int(), z.gte(0), z.lte(3650)),
  role: z.enum(ROLES),
});
export type ScheduledActivity = z.infer<typeof ScheduledActivity>;

/**
 * A support plan as data: stages, the transitions allowed between them, entry requirements,
 * closing outcomes, review cadence, roles and goal domains.
 *
 * @remarks
 * Organisations adapt a built-in template with {@link extendTemplate} instead of forking code;
 * {@link compileTemplate} turns it into an xstate machine and {@link replay} derives case state.
 */
export const PlanTemplate = z.object({
  id: Id,
  version: z.number().check(z.int(), z.gte(1)),
  title: LocalizedText,
  description: z.optional(LocalizedText),
  /** The template this one was adapted from, set by {@link extendTemplate}. */
  basedOn: z.optional(z.object({ id: Id, version: z.number().check(z.int(), z.gte(1)) })),
  roles: z.array(z.enum(ROLES)).check(minLength(1)),
  goalDomains: z.array(GoalDomain).check(minLength(1)),
  stages: z.array(Stage).check(minLength(1)),
  initialStage: Id,
  transitions: z.array(Transition),
  outcomes: z.array(Outcome).check(minLength(1)),
  reviewCadenceDays: z.number().check(z.int(), z.gte(1), z.lte(366)),
  /** Outcomes that need a supervisor's approval before the case closes. */
  closureRequiresApproval: z.optional(z.boolean()),
  activities: z.optional(z.array(ScheduledActivity)),
});
export type PlanTemplate = z.infer<typeof PlanTemplate>;
