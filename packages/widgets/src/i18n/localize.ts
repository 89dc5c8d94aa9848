import { LANGUAGES, type Language, type LocalizedText } from '@casepath/core';
import { catalogueLoaders, english, type Catalogue, type Message, type MessageKey, type WordBundle } from './messages.js';

const loaded: Partial<Record<Language, Catalogue>> = { en: english };
const loading = new Map<Language, Promise<void>>();
/** Words of on-demand bundles, merged per language (keys are unique across bundles), and what is loading. */
const bundleWords: Partial<Record<Language, Record<string, Message>>> = {};
const bundleLoading = new Map<string, Promise<void>>();
const bundleLoaded = new Set<string>();

/** Whether a language's messages are loaded (English always is). */
export function isLanguageLoaded(lang: Language): boolean {
  return loaded[lang] !== undefined;
}

/** Loads a language's messages (English is always there); resolves when they can be used. */
export function loadLanguage(lang: Language): Promise<void> {
  if (loaded[lang]) return Promise.resolve();
  let p = loading.get(lang);
  if (!p) {
    p = catalogueLoaders[lang as Exclude<Language, 'en'>]()
      .then((m) => {
        loaded[lang] = m.default;
      })
      .catch(() => {
        loading.delete(lang); // offline or blocked: English until it can be loaded
      });
    loading.set(lang, p);
  }
  return p;
}

/** Whether a bundle's words are loaded in a language. */
export function areWordsLoaded(bundle: WordBundle, lang: Language): boolean {
  return bundleLoaded.has(`${bundle.name}:${lang}`);
}

/**
 * Loads a bundle's words in a language; resolves when they can be used. When they cannot be
 * loaded (offline before they were cached), English is loaded in their place.
 */
export function loadWords(bundle: WordBundle, lang: Language): Promise<void> {
  const key = `${bundle.name}:${lang}`;
  if (bundleLoaded.has(key)) return Promise.resolve();
  let p = bundleLoading.get(key);
  if (!p) {
    p = bundle.loaders[lang]()
      .then((m) => {
        bundleWords[lang] = { ...bundleWords[lang], ...m.default };
        bundleLoaded.add(key);
      })
      .catch(() => {
        bundleLoading.delete(key);
        return lang === 'en' ? undefined : loadWords(bundle, 'en');
      });
    bundleLoading.set(key, p);
  }
  return p;
}

/** The supported language for a BCP 47 tag (`pl-PL` → `pl`), or English. */
export function toLanguage(tag: string | null | undefined): Language {
  const primary = (tag ?? '').toLowerCase().split(/[-_]/)[0];
  return (LANGUAGES as readonly string[]).includes(primary ?? '') ? (primary as Language) : 'en';
}

/** The language of an element: its own `lang`, or the nearest ancestor's, across shadow roots. */
export function languageOf(el: Element): Language {
  let node: Node | null = el;
  while (node) {
    // An empty lang means "not said here": keep looking further up.
    if (node instanceof Element && node.getAttribute('lang')) return toLanguage(node.getAttribute('lang'));
    node = node instanceof ShadowRoot ? node.host : node.parentNode;
  }
  return toLanguage(document.documentElement.lang);
}

const pageLanguageListeners = new Set<() => void>();
let pageLanguageObserver: MutationObserver | null = null;

/**
 * Calls `listener` whenever the page's language (`<html lang>`) changes. A page often sets it from
 * its own script, which may run after a widget has already drawn itself in the language before:
 * the widget draws itself again. Returns the way to stop listening.
 */
export function onPageLanguageChange(listener: () => void): () => void {
  if (!pageLanguageObserver && typeof MutationObserver !== 'undefined') {
    pageLanguageObserver = new MutationObserver(() => {
      for (const l of pageLanguageListeners) l();
    });
    pageLanguageObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  }
  pageLanguageListeners.add(listener);
  return () => pageLanguageListeners.delete(listener);
}

/** A translated message with `{name}` placeholders filled in; `count` chooses the plural form. */
export function msg(lang: Language, key: MessageKey, values: Record<string, string | number> = {}): string {
  const isPublic = Object.hasOwn(english, key);
  const own = isPublic ? loaded[lang]?.[key as keyof Catalogue] : bundleWords[lang]?.[key];
  const entry: Message | undefined = own ?? (isPublic ? english[key as keyof Catalogue] : bundleWords.en?.[key]);
  // A bundle's words not loaded yet: nothing rather than a key (components wait for them to render).
  if (entry === undefined) return '';
  let text: string;
  // Plural rules follow the language whose words are shown (English until the catalogue loads).
  const wordsLang = own !== undefined ? lang : 'en';
  if (typeof entry === 'string') text = entry;
  else {
    const count = Number(values.count ?? 0);
    const rule = formatter(plurals, wordsLang, () => new Intl.PluralRules(wordsLang)).select(count);
    text = entry[rule] ?? entry.other;
  }
  // A value that ends with its own full stop ("2 жовтня 2026 р.") ends the sentence: one full stop, not two.
  return text.replace(/\{(\w+)\}(\.?)/g, (whole, name: string, stop: string) => (name in values ? formatValue(lang, values[name]!).replace(/\.?$/, stop || '$&') : whole));
}

// Intl objects are costly to make (a caseload of thousands of rows spent seconds making them)
// and cheap to use: one of each per language.
const plurals = new Map<Language, Intl.PluralRules>();
const numbers = new Map<Language, Intl.NumberFormat>();
const dates = new Map<Language, Intl.DateTimeFormat>();
function formatter<T>(cache: Map<Language, T>, lang: Language, make: () => T): T {
  let f = cache.get(lang);
  if (!f) cache.set(lang, (f = make()));
  return f;
}

function formatValue(lang: Language, v: string | number): string {
  return typeof v === 'number' ? formatter(numbers, lang, () => new Intl.NumberFormat(lang)).format(v) : v;
}

/** A calendar date (`YYYY-MM-DD`) or instant in the language's format. */
export function formatDate(lang: Language, iso: string): string {
  const date = new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso);
  return formatter(dates, lang, () => new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' })).format(date);
}

const instants = new Map<Language, Intl.DateTimeFormat>();

/** When something was dated, to the minute, in the person's own time zone (two times of one day differ). */
export function formatInstant(lang: Language, iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : formatter(instants, lang, () => new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'short' })).format(date);
}

/** The text of a localized label in a language, falling back to English, then any. */
export function pick(text: LocalizedText | undefined, lang: Language): string {
  if (!text) return '';
  return text[lang] ?? text.en ?? Object.values(text)[0] ?? '';
}

/** A clause (lowercase, no full stop, as the problem and refusal words are) said as a sentence of its own. */
export function asSentence(clause: string, lang: Language): string {
  return `${clause.charAt(0).toLocaleUpperCase(lang)}${clause.slice(1)}.`;
}
