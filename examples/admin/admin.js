// The administration page's own glue: its words and language. The widget comes from the single autoloader script tag.
import { pageLanguage } from '../site/page-words.js';
import { ADMIN_PAGE_WORDS } from './page-words.js';

pageLanguage(ADMIN_PAGE_WORDS);
