import type { Message } from '../../i18n/messages.js';

/** The words of `<cp-consent>` in English (see `consentWords`); the other languages must have every key. */
const en = {
  'consent.title': 'What you said yes to',
  'consent.noCase': 'No case to show yet.',
  'consent.notAsked': 'Not asked yet.',
  'consent.yes': 'Yes, since {date}.',
  'consent.no': 'No. You took it back on {date}.',
  'consent.withdraw': 'Take it back',
  'consent.grant': 'Say yes',
  'consent.confirm': 'Do you want to take back your yes? We will stop doing this.',
  'consent.confirmYes': 'Yes, take it back',
  'consent.cancel': 'No, keep it',
  'consent.given': 'Saved: you said yes.',
  'consent.takenBack': 'Saved: you took it back.',
} satisfies Record<string, Message>;

export type ConsentKey = keyof typeof en;
export type ConsentCatalogue = Record<ConsentKey, Message>;

export default en as ConsentCatalogue;
