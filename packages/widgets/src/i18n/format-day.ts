// A calendar date written out in the page's language. A date field is drawn in the browser's
// locale, not the page's: 03/04/2026 in an English browser on a Polish page is the 4th of March,
// which a person meaning the 3rd of April does not see. The words beneath a field say which day
// it holds. Kept apart from localize.ts so that pages without a date field do not carry it.

// One formatter a language: they are costly to make and cheap to use.
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** A calendar date (`YYYY-MM-DD`) written out with its weekday ("Wednesday, 4 March 2026"); '' for none. */
export function formatDay(lang: string, iso: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return '';
  let format = dayFormats.get(lang);
  if (!format) dayFormats.set(lang, (format = new Intl.DateTimeFormat(lang, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' })));
  const date = new Date(`${iso}T12:00:00Z`);
  return Number.isNaN(date.getTime()) ? '' : format.format(date);
}
