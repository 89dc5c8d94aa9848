/**
 * @casepath/widgets: Lit web components for Casepath. Importing this module defines nothing;
 * import `@casepath/widgets/casepath-widgets.js` (all) or a component's `cp-*.js` to register tags.
 */
export { CpIntakeForm } from './components/intake-form/intake-form.js';
export { CpNeedsAssessment } from './components/needs-assessment/needs-assessment.js';
export { CpSupportPlan } from './components/support-plan/support-plan.js';
export { CpDistanceTravelled } from './components/distance-travelled/distance-travelled.js';
export { CpRetentionChart } from './components/retention-chart/retention-chart.js';
export { CpCaseload } from './components/caseload/caseload.js';
export { CpConsent } from './components/consent/consent.js';
export { CpSync } from './components/sync/sync.js';
export { CpGoals } from './components/goals/goals.js';
export { CpSupportLog } from './components/support-log/support-log.js';
export { CpEmployment } from './components/employment/employment.js';
export { CpReview } from './components/review/review.js';
export { CpCaseLifecycle } from './components/case-lifecycle/case-lifecycle.js';
export { CpReferrals } from './components/referrals/referrals.js';
export { CpTeam } from './components/team/team.js';
export { CpHandOver } from './components/hand-over/hand-over.js';
export { CpFirstContact } from './components/first-contact/first-contact.js';
export { CpIntakeInbox } from './components/intake-inbox/intake-inbox.js';
export { CpStaffAccounts } from './components/staff-accounts/staff-accounts.js';
export { CpIndicators } from './components/indicators/indicators.js';
export { CpAccessLog } from './components/access-log/access-log.js';
export { CaseElement, type RecordedDetail, type WorkspaceDraft } from './internal/case-element.js';
export { CasepathElement } from './internal/casepath-element.js';
export type { CaseStore, StoredCase, StoreStatus, StoreChange, RecordResult, TemplateResolver, DraftOptions } from './storage/case-store.js';
export { StoreSequenceError, templatesById } from './storage/case-store.js';
export { MemoryCaseStore } from './storage/memory-case-store.js';
export { IdbCaseStore, caseStoreFor, databaseName, openCasepathDB, isTransientStorageError, DB_VERSION, DeviceLockedError, WrongPassphraseError, type Protection } from './storage/idb-case-store.js';
export { CaseGoneError } from './storage/cases-gone.js';
export * from './events/intake-events.js';
export * from './events/assessment-events.js';
export * from './events/stage-events.js';
export { msg, formatDate, languageOf } from './i18n/localize.js';
