import type { WordBundle } from '../../i18n/messages.js';

/** The words of `<cp-intake-inbox>`, for the staff who open requests for help. */
export const intakeInboxWords: WordBundle = {
  name: 'intake-inbox',
  loaders: {
    en: () => import('./intake-inbox-words-en.js'),
    ru: () => import('./intake-inbox-words-ru.js'),
    pl: () => import('./intake-inbox-words-pl.js'),
    lt: () => import('./intake-inbox-words-lt.js'),
    de: () => import('./intake-inbox-words-de.js'),
    uk: () => import('./intake-inbox-words-uk.js'),
  },
};
