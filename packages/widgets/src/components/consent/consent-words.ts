import type { WordBundle } from '../../i18n/messages.js';

/** The words of `<cp-consent>`, shown to the person. */
export const consentWords: WordBundle = {
  name: 'consent',
  loaders: {
    en: () => import('./consent-words-en.js'),
    ru: () => import('./consent-words-ru.js'),
    pl: () => import('./consent-words-pl.js'),
    lt: () => import('./consent-words-lt.js'),
    de: () => import('./consent-words-de.js'),
    uk: () => import('./consent-words-uk.js'),
  },
};
