/**
 * @casepath/core: support plans as data, cases as event histories, needs assessments and
 * outcome metrics. No DOM; runs in browsers, Node and workers.
 *
 * @packageDocumentation
 */
export * from './schemas/vocabulary.js';
export { minLength, maxLength } from './schemas/length-checks.js';
export * from './schemas/case-event.schema.js';
export * from './schemas/plan-template.schema.js';
export { type Problem, formatPath } from './validation/problem.js';

export { validateTemplate, parseTemplate, TemplateError, type TemplateValidation } from './templates/validate-template.js';
export { extendTemplate, type TemplatePatch } from './templates/extend-template.js';
export { builtInTemplates, type BuiltInTemplateId } from './templates/built-in/index.js';

export { compileTemplate, type CaseMachine, type CaseMachineContext } from './machines/compile-template.js';
export { compileTransitionTable, type TransitionTable, type StageEntry } from './machines/transition-table.js';

export type * from './case/case-state.js';
export { completeCaseState, CASE_STATE_VERSION } from './case/case-state.js';
export { consentRequired, missingConsent } from './case/consent-rules.js';
export { consentedAt, consentsOf } from './case/consents-of.js';
export { chainHash, chainedText, canonicalJson, verifyHistory, type ChainedEvent, type HistoryCheck } from './case/history-hash.js';
export { replay, applyEvent, initialCaseState, explainRejection, type ReplayOptions, type ReplayResult } from './case/replay.js';
export { CaseEventError, REJECTION_RULES, type CaseEventRejection, type RejectionRule } from './case/case-event-error.js';
export { explainRefusal, type CaseThing, type DatedSince, type RefusalCode, type RefusalReason } from './case/refusal-reason.js';
export { parseCaseEvent, parseCaseEvents, migrateCaseEvent, CaseEventParseError } from './case/parse-case-events.js';
export { requirementMet, requirementName, explainRequirement } from './case/requirements.js';
export { availableOutcomes, availableTransitions, type AvailableOutcome, type AvailableTransition, type MissingRequirement } from './case/available-transitions.js';
export { dueReviews, type DueReview } from './case/reviews.js';
export { caseSummary, type CaseSummary } from './case/case-summary.js';
export { caseload, CASELOAD_DIMENSIONS, type CaseloadDimension } from './case/caseload.js';
export { supportIntensity, supportRisesAgain, type SupportPeriod } from './case/support-intensity.js';

export { kaplanMeier, kaplanMeierFromCounts, CONF_TYPES, type ConfType, type KaplanMeierCurve, type KaplanMeierOptions, type KaplanMeierStep, type Quantile, type AtRiskRow } from './metrics/kaplan-meier.js';
export { logRank, type LogRankGroup, type LogRankResult } from './metrics/log-rank.js';
export { aalenJohansen, type StateSpan, type StateOccupation, type OccupationStep, type StateProbability } from './metrics/aalen-johansen.js';
export { stateCounts, mergeStateCounts, aalenJohansenFromCounts, type StateCount, type StateCounts, type CountedStateProbability } from './metrics/state-counts.js';
export { survivalCounts, mergeSurvivalCounts, SurvivalInputError, type SurvivalObservation, type SurvivalCount } from './metrics/survival-counts.js';
export { chiSquareTail, normalQuantile, normalCdf } from './metrics/distributions.js';
export type { CaseRecord, ObservationWindow } from './metrics/case-record.js';
export { proportion, type Proportion } from './metrics/proportion.js';
export { employmentSpells, type EmploymentHistory, type EmploymentSpell, type SpellOptions } from './metrics/employment-spells.js';
export { retention, retentionObservation, employmentSpans, EMPLOYMENT_STATES, type RetentionOptions, type RetentionResult, type RetentionObservation, type RetentionEstimate, type RetentionCurve, type RetentionPoint } from './metrics/retention.js';
export { timeToPlacement, type TimeToPlacementResult, type PlacementObservation } from './metrics/time-to-placement.js';
export { placementRate, type Period } from './metrics/placement-rate.js';
export { CutOffDate, cutOffProblem, todayUtc } from './metrics/cut-off.js';
export { goalAttainment, type GoalAttainment } from './metrics/goal-attainment.js';
export { indicatorsFor, tracksEmployment, KEY_ADAPTATION_DOMAINS, type IndicatorKind } from './metrics/service-indicators.js';
export { esfResultIndicators, UPON_LEAVING_DAYS, SIX_MONTHS, type EsfResultIndicators } from './metrics/esf-indicators.js';
export { funnelPlot, binomialFunnelLimit, binomialCdf, type FunnelPlot, type FunnelPoint, type FunnelLimits, type FunnelMethod, type FunnelOptions } from './metrics/funnel.js';
export { byProvider, PROVIDER_METRICS, type ProviderMetric, type ProviderRow, type ProviderComparison, type ProviderComparisonOptions } from './metrics/by-provider.js';

export * from './schemas/instrument.schema.js';
export { validateInstrument, parseInstrument, InstrumentError, type InstrumentValidation } from './assessments/validate-instrument.js';
export { isScored } from './assessments/is-scored.js';
export { scoreAssessment, checkResponse, enabledItems, hiddenItems, healthDataItems, isItemEnabled, AssessmentResponseError, type ScoredAssessment, type DomainScore } from './assessments/score-assessment.js';
export { distanceTravelled, trajectory, selfStaffGap, cohortChange, type DomainChange, type DomainGap, type CohortDomainChange } from './assessments/compare-assessments.js';
export { assessmentRecordPayload } from './assessments/record-assessment.js';
export {
  toQuestionnaire,
  toQuestionnaireResponse,
  fromQuestionnaire,
  fromQuestionnaireResponse,
  instrumentCanonical,
  CASEPATH_EXTENSION,
  type Questionnaire,
  type QuestionnaireItem,
  type QuestionnaireResponse,
  type QuestionnaireResponseItem,
  type FhirValueSet,
  type ImportWarning,
  type FromQuestionnaireOptions,
  type ToQuestionnaireOptions,
} from './assessments/fhir.js';
export { builtInInstruments, type BuiltInInstrumentId } from './assessments/built-in/index.js';
export { studentTQuantile, studentTCdf } from './metrics/student-t.js';
export {
  decideRecord,
  decideEach,
  eventFootprint,
  newEventId,
  FUTURE_TOLERANCE_MS,
  type EventDraft,
  type RecordRequest,
  type RecordDecision,
  type RecordConflict,
  type RecordConflictRule,
  type EventFootprint,
  type DecideRecordOptions,
  type EachItem,
  type EachOutcome,
} from './case/record-event.js';

export { AggregateFile, AggregateCounts, AGGREGATE_FORMAT_VERSION } from './aggregates/aggregate-file.schema.js';
export { aggregateFile, parseAggregateFile, mergeAggregates, AggregateError, type AggregateOptions, type MergedAggregate } from './aggregates/aggregate-file.js';
export { countCases, mergeCounts, type CountOptions } from './aggregates/count-cases.js';
export { indicatorsFromCounts, type CountedIndicators } from './aggregates/indicators-from-counts.js';
export { suppressSmallCells, type CountTable, type PublishedTable, type PublishedCell } from './aggregates/small-cells.js';
export { CASEPATH_VERSION } from './version.js';
export { addDays, daysBetween } from './case/dates.js';
export * from './intake/index.js';
export { personExport, personBundle, bundleForRecipient, ConsentRequiredError, type PersonExport, type FhirBundle } from './export/person-export.js';
