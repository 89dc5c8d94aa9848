// The analysts' page's own glue: its words and language. The widget comes from the single autoloader script tag.
import { applyPageWords } from '../site/page-words.js';
import { ANALYST_PAGE_WORDS } from './page-words.js';

const lang = new URLSearchParams(location.search).get('lang') ?? localStorage.getItem('demo-lang') ?? 'en';
document.documentElement.lang = lang;
applyPageWords(ANALYST_PAGE_WORDS, lang);
const select = document.getElementById('lang');
select.value = lang;
select.addEventListener('change', () => {
  localStorage.setItem('demo-lang', select.value);
  location.search = `?lang=${select.value}`;
});
