/**
 * Date helpers on ISO strings, in UTC. Replay computes due dates for millions of events, so
 * calendar arithmetic is done on day numbers (Howard Hinnant's civil-date algorithms) rather
 * than through `Date`, which was most of replay's time when it did.
 */

function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
}

/** Days since 1970-01-01 of a proleptic Gregorian date. */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): string {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** Days since 1970-01-01 of the calendar date of an ISO instant or date (`YYYY-MM-DD…`). */
export function dayNumber(isoInstantOrDate: string): number {
  return daysFromCivil(digits(isoInstantOrDate, 0, 4), digits(isoInstantOrDate, 5, 7), digits(isoInstantOrDate, 8, 10));
}

/** The calendar date (`YYYY-MM-DD`) of an ISO instant or date. */
export function dateOf(isoInstantOrDate: string): string {
  return isoInstantOrDate.slice(0, 10);
}

/** `date` plus `days`, as a calendar date. */
export function addDays(isoInstantOrDate: string, days: number): string {
  return civilFromDays(dayNumber(isoInstantOrDate) + days);
}

/** Whole days from `a` to `b` (negative when b is earlier), on calendar dates. */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

/**
 * Orders two ISO instants. Same-length UTC strings compare as text (the common, fast case);
 * otherwise (fractional seconds differ) they are parsed.
 */
export function compareInstants(a: string, b: string): number {
  if (a.length === b.length) return a < b ? -1 : a > b ? 1 : 0;
  return Date.parse(a) - Date.parse(b);
}
