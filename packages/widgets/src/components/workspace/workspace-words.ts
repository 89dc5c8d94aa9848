import type { WordBundle } from '../../i18n/messages.js';

/** The words of one case's workspace (goals, support log, employment, reviews, lifecycle, referrals). */
export const workspaceWords: WordBundle = {
  name: 'workspace',
  loaders: {
    en: () => import('./workspace-words-en.js'),
    ru: () => import('./workspace-words-ru.js'),
    pl: () => import('./workspace-words-pl.js'),
    lt: () => import('./workspace-words-lt.js'),
    de: () => import('./workspace-words-de.js'),
    uk: () => import('./workspace-words-uk.js'),
  },
};
