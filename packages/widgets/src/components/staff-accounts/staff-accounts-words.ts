import type { WordBundle } from '../../i18n/messages.js';

/** The words of `<cp-staff-accounts>`, for the organisation's administrators. */
export const staffAccountsWords: WordBundle = {
  name: 'staff-accounts',
  loaders: {
    en: () => import('./staff-accounts-words-en.js'),
    ru: () => import('./staff-accounts-words-ru.js'),
    pl: () => import('./staff-accounts-words-pl.js'),
    lt: () => import('./staff-accounts-words-lt.js'),
    de: () => import('./staff-accounts-words-de.js'),
    uk: () => import('./staff-accounts-words-uk.js'),
  },
};
