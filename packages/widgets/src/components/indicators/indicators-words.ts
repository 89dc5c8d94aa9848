import type { WordBundle } from '../../i18n/messages.js';

/** The words of `<cp-indicators>`, for the organisation's analysts and the centres' leads. */
export const indicatorsWords: WordBundle = {
  name: 'indicators',
  loaders: {
    en: () => import('./indicators-words-en.js'),
    ru: () => import('./indicators-words-ru.js'),
    pl: () => import('./indicators-words-pl.js'),
    lt: () => import('./indicators-words-lt.js'),
    de: () => import('./indicators-words-de.js'),
    uk: () => import('./indicators-words-uk.js'),
  },
};
