import type { Language } from '@casepath/core';
import type { StaffKey } from './staff-words-en.js';
import type { ConsentKey } from '../components/consent/consent-words-en.js';
import type { WorkspaceKey } from '../components/workspace/workspace-words-en.js';
import type { ChartKey } from './chart-words-en.js';
import type { HandOverKey } from '../components/hand-over/hand-over-words-en.js';
import type { FirstContactKey } from '../components/first-contact/first-contact-words-en.js';
import type { IntakeInboxKey } from '../components/intake-inbox/intake-inbox-words-en.js';
import type { LifecycleKey } from '../components/case-lifecycle/lifecycle-words-en.js';
import type { StaffAccountsKey } from '../components/staff-accounts/staff-accounts-words-en.js';
import type { IndicatorsKey } from '../components/indicators/indicators-words-en.js';

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
  'intake.starting': 'Opening your case…',
  'assessment.progress': 'Question {current} of {total}',
  'assessment.next': 'Next',
  'assessment.back': 'Back',
  'assessment.skip': 'Skip',
  'assessment.finish': 'Finish',
  'assessment.done': 'Thank you. The assessment is saved.',
  'assessment.changedWhileSaving': 'Saved as it was when you pressed Finish. You changed answers after that: press Finish again to save them too.',
  'assessment.caseGone': 'This case is no longer on this device, so nothing answered here is kept.',
  'assessment.healthSkipped.self': 'We do not ask about your health, because you have not said yes to that.',
  'assessment.healthSkipped.staff': 'Questions about health are left out: the person has not agreed that health information is written down.',
  'assessment.answered': { one: '{count} question answered', other: '{count} questions answered' },
  'assessment.required': 'Please answer this question.',
  'assessment.readAloud': 'Read aloud',
  'assessment.noVoice': 'This device has no voice for {language}, so it cannot read aloud here.',
  'storage.degraded': 'We could not save on this device just now. Your answers are kept while this page is open, and we keep trying.',
  'storage.restored': 'Saved again.',
  'record.pending': 'Not saved yet: this device did not store it. It is kept while this page is open and we keep trying. Please do not close this page.',
  'record.refused': 'Not saved: {reason}.',
  'record.concurrent': 'Not saved: {who} changed this case after you opened it. Look at the case as it is now, and try again if it still applies.',
  'record.failed': 'Not saved: this device could not store it ({reason}).',
  'record.signIn': 'Not saved: nobody is signed in on this page yet. Sign in, then try again.',
  'records.locked': 'Hidden while this device is locked. Sign in or unlock it to see this again.',
  'record.nowAt': 'The case is now at: {stage}.',
  'easyRead.on': 'Easy words',
} satisfies Record<string, Message>;

/** Words of the widgets the public and clients see (intake, assessment, saving, sign-in), always in the bundle in English. */
export type PublicKey = keyof typeof en;
export type Catalogue = Record<PublicKey, Message>;
/** Every message a widget may show: the public words, and the staff words (loaded on demand, English included). */
export type MessageKey = PublicKey | StaffKey | ConsentKey | WorkspaceKey | ChartKey | HandOverKey | FirstContactKey | IntakeInboxKey | LifecycleKey | StaffAccountsKey | IndicatorsKey;

export const english: Catalogue = en;

/** Languages other than English load on demand, so a page downloads only the one it speaks. */
export const catalogueLoaders: Record<Exclude<Language, 'en'>, () => Promise<{ default: Catalogue }>> = {
  ru: () => import('./ru.js'),
  pl: () => import('./pl.js'),
  lt: () => import('./lt.js'),
  de: () => import('./de.js'),
  uk: () => import('./uk.js'),
};

/**
 * Words that load on demand in every language, English too, for the widgets that show them:
 * a page downloads only the bundles of its widgets, in its own language.
 */
export interface WordBundle {
  name: string;
  loaders: Record<Language, () => Promise<{ default: Readonly<Record<string, Message>> }>>;
}

/** The staff widgets' words (sign-in, plans, histories, caseloads, charts). */
export const staffWords: WordBundle = {
  name: 'staff',
  loaders: {
    en: () => import('./staff-words-en.js'),
    ru: () => import('./staff-words-ru.js'),
    pl: () => import('./staff-words-pl.js'),
    lt: () => import('./staff-words-lt.js'),
    de: () => import('./staff-words-de.js'),
    uk: () => import('./staff-words-uk.js'),
  },
};

/** The charts' words (retention, distance travelled), for analysts' and funders' pages. */
export const chartWords: WordBundle = {
  name: 'chart',
  loaders: {
    en: () => import('./chart-words-en.js'),
    ru: () => import('./chart-words-ru.js'),
    pl: () => import('./chart-words-pl.js'),
    lt: () => import('./chart-words-lt.js'),
    de: () => import('./chart-words-de.js'),
    uk: () => import('./chart-words-uk.js'),
  },
};
