import type { WordBundle } from '../../i18n/messages.js';

/** The words used now and then: closing, export and erasure (`<cp-case-lifecycle>`), who read a case (`<cp-access-log>`). */
export const lifecycleWords: WordBundle = {
  name: 'lifecycle',
  loaders: {
    en: () => import('./lifecycle-words-en.js'),
    ru: () => import('./lifecycle-words-ru.js'),
    pl: () => import('./lifecycle-words-pl.js'),
    lt: () => import('./lifecycle-words-lt.js'),
    de: () => import('./lifecycle-words-de.js'),
    uk: () => import('./lifecycle-words-uk.js'),
  },
};
