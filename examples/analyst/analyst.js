// The analysts' page's own glue: its words and language. The widget comes from the single autoloader script tag.
import { pageLanguage } from '../site/page-words.js';
import { ANALYST_PAGE_WORDS } from './page-words.js';

pageLanguage(ANALYST_PAGE_WORDS);
