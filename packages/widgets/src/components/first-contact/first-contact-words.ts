import type { WordBundle } from '../../i18n/messages.js';

/** The words of `<cp-first-contact>`, in easy words for a member of the public. */
export const firstContactWords: WordBundle = {
  name: 'first-contact',
  loaders: {
    en: () => import('./first-contact-words-en.js'),
    ru: () => import('./first-contact-words-ru.js'),
    pl: () => import('./first-contact-words-pl.js'),
    lt: () => import('./first-contact-words-lt.js'),
    de: () => import('./first-contact-words-de.js'),
    uk: () => import('./first-contact-words-uk.js'),
  },
};
