import type { Language } from '@casepath/core';

/** A message with plural forms, chosen by Intl.PluralRules for the language. */
export type PluralMessage = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type Message = string | PluralMessage;

const en = {
  'intake.title': 'First contact',
  'intake.consent.legend': 'Your consent',
  'intake.consent.intro': 'We only keep what you agree to. You can change your mind at any time.',
  'intake.consent.service': 'You may keep my details to help me.',
  'intake.consent.health-data': 'You may write down things about my health.',
  'intake.consent.employer-contact': 'You may talk to employers about me.',
  'intake.consent.data-sharing': 'You may share my details with other services that help me.',
  'intake.consent.statistics': 'You may count me in reports without my name.',
  'intake.consent.required': 'We need your consent to keep your details before we can start.',
  'intake.fields.legend': 'About you',
  'intake.field.clientRef': 'Your reference (not your name)',
  'intake.field.clientRef.hint': 'A code the worker gives you, for example OD-2026-17.',
  'intake.field.clientRef.error': 'Please write a reference of 1 to 40 letters, numbers or dashes.',
  'intake.field.contactPreference': 'How should we contact you?',
  'intake.contact.phone': 'Phone',
  'intake.contact.visit': 'In person',
  'intake.contact.letter': 'Letter',
  'intake.submit': 'Start',
  'intake.saved': 'Your answers are saved on this device.',
  'intake.done': 'Thank you. Your case is open.',
  'assessment.progress': 'Question {current} of {total}',
  'assessment.next': 'Next',
  'assessment.back': 'Back',
  'assessment.skip': 'Skip',
  'assessment.finish': 'Finish',
  'assessment.done': 'Thank you. The assessment is saved.',
  'assessment.answered': { one: '{count} question answered', other: '{count} questions answered' },
  'assessment.required': 'Please answer this question.',
  'plan.stages': 'Stages',
  'plan.current': 'Current stage',
  'plan.goals': 'Goals',
  'plan.actions': 'Actions',
  'plan.nextReview': 'Next review',
  'plan.noReview': 'No review due',
  'plan.history': 'History',
  'plan.moveTo': 'Move to: {stage}',
  'plan.why': 'Not yet:',
  'plan.reason': 'Reason (optional)',
  'plan.owner': 'Owner: {owner}',
  'plan.due': 'Due {date}',
  'plan.none': 'None yet',
  'plan.noCase': 'No case to show yet.',
  'plan.status.active': 'Active',
  'plan.status.paused': 'Paused',
  'plan.status.closed': 'Closed',
  'chart.table': 'The figures as a table',
  'chart.domain': 'Area',
  'chart.retention.title': 'Employment kept after starting work',
  'chart.retention.days': 'Days after starting work',
  'chart.retention.atRisk': 'Still followed',
  'chart.retention.survival': 'Still in work',
  'chart.retention.none': 'Nobody has started work yet.',
  'chart.distance.title': 'Distance travelled',
  'chart.distance.none': 'No assessments yet.',
  'caseload.title': 'Caseload',
  'caseload.cases': { one: '{count} case', other: '{count} cases' },
  'caseload.overdue': { one: '{count} review overdue', other: '{count} reviews overdue' },
  'caseload.upcoming': 'Review due {date}',
  'caseload.overdueSince': 'Review overdue since {date}',
  'caseload.case': 'Case',
  'caseload.stage': 'Stage',
  'caseload.review': 'Review',
  'storage.degraded': 'We could not save on this device just now. Your answers are kept while this page is open, and we keep trying.',
  'storage.restored': 'Saved again.',
  'easyRead.on': 'Easy words',
} satisfies Record<string, Message>;

export type MessageKey = keyof typeof en;
export type Catalogue = Record<MessageKey, Message>;

export const english: Catalogue = en;

/** Languages other than English load on demand, so a page downloads only the one it speaks. */
export const catalogueLoaders: Record<Exclude<Language, 'en'>, () => Promise<{ default: Catalogue }>> = {
  ru: () => import('./ru.js'),
  pl: () => import('./pl.js'),
  lt: () => import('./lt.js'),
  de: () => import('./de.js'),
  uk: () => import('./uk.js'),
};
