import type { WordBundle } from '../../i18n/messages.js';

/** The words of `<cp-hand-over>`: to the worker, and in easy words to the person. */
export const handOverWords: WordBundle = {
  name: 'hand-over',
  loaders: {
    en: () => import('./hand-over-words-en.js'),
    ru: () => import('./hand-over-words-ru.js'),
    pl: () => import('./hand-over-words-pl.js'),
    lt: () => import('./hand-over-words-lt.js'),
    de: () => import('./hand-over-words-de.js'),
    uk: () => import('./hand-over-words-uk.js'),
  },
};
