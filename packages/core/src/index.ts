/**
 * @casepath/core: support plans as data, cases as event histories, needs assessments and
 * outcome metrics. No DOM; runs in browsers, Node and workers.
 *
 * @packageDocumentation
 */
export * from './schemas/vocabulary.js';
export * from './schemas/case-event.schema.js';
export * from './schemas/plan-template.schema.js';
export { type Problem, formatPath } from './validation/problem.js';

export { validateTemplate, parseTemplate, TemplateError, type TemplateValidation } from './templates/validate-template.js';
export { extendTemplate, type TemplatePatch } from './templates/extend-template.js';
export { builtInTemplates, type BuiltInTemplateId } from './templates/built-in/index.js';

export { compileTemplate, type CaseMachine, type CaseMachineContext } from './machines/compile-template.js';
export { compileTransitionTable, type TransitionTable, type StageEntry } from './machines/transition-table.js';

export type * from './case/case-state.js';
export { replay, applyEvent, initialCaseState, explainRejection, type ReplayOptions, type ReplayResult } from './case/replay.js';
export { CaseEventError, REJECTION_RULES, type CaseEventRejection, type RejectionRule } from './case/case-event-error.js';
export { parseCaseEvent, parseCaseEvents, migrateCaseEvent, CaseEventParseError } from './case/parse-case-events.js';
export { requirementMet, requirementName, explainRequirement } from './case/requirements.js';
export { availableTransitions, type AvailableTransition } from './case/available-transitions.js';
export { dueReviews, type DueReview } from './case/reviews.js';
export { caseload, CASELOAD_DIMENSIONS, type CaseloadDimension } from './case/caseload.js';
export { supportIntensity, type SupportPeriod } from './case/support-intensity.js';

export { kaplanMeier, kaplanMeierFromCounts, CONF_TYPES, type ConfType, type KaplanMeierCurve, type KaplanMeierOptions, type KaplanMeierStep, type Quantile, type AtRiskRow } from './metrics/kaplan-meier.js';
export { logRank, type LogRankGroup, type LogRankResult } from './metrics/log-rank.js';
export { survivalCounts, mergeSurvivalCounts, SurvivalInputError, type SurvivalObservation, type SurvivalCount } from './metrics/survival-counts.js';
export { chiSquareTail, normalQuantile, normalCdf } from './metrics/distributions.js';
