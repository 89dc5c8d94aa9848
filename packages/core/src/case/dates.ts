/** Date helpers on ISO strings, in UTC, without a date library: events carry UTC instants. */

const DAY_MS = 86_400_000;

/** The calendar date (`YYYY-MM-DD`) of an ISO instant or date. */
export function dateOf(isoInstantOrDate: string): string {
  return isoInstantOrDate.slice(0, 10);
}

/** `date` plus `days`, as a calendar date. */
export function addDays(isoInstantOrDate: string, days: number): string {
  const t = Date.parse(`${dateOf(isoInstantOrDate)}T00:00:00Z`) + days * DAY_MS;
  return new Date(t).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (negative when b is earlier), on calendar dates. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${dateOf(b)}T00:00:00Z`) - Date.parse(`${dateOf(a)}T00:00:00Z`)) / DAY_MS);
}

/**
 * Orders two ISO instants. Same-length UTC strings compare as text (the common, fast case);
 * otherwise (fractional seconds differ) they are parsed.
 */
export function compareInstants(a: string, b: string): number {
  if (a.length === b.length) return a < b ? -1 : a > b ? 1 : 0;
  return Date.parse(a) - Date.parse(b);
}
