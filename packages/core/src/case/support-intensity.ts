import type { CaseState } from './case-state.js';
import { addDays, compareInstants, daysBetween } from './dates.js';

export interface SupportPeriod {
  /** First and last calendar day of the period. */
  from: string;
  to: string;
  minutes: number;
}

/**
 * Support minutes per period (default 28 days) from the first logged support on, so a job
 * coach's fading out shows as falling minutes.
 *
 * @example
 * ```ts
 * supportIntensity(state).map((p) => p.minutes); //=> [960, 600, 240, 120, 60]
 * ```
 */
export function supportIntensity(state: CaseState, options: { periodDays?: number; until?: string } = {}): SupportPeriod[] {
  const period = options.periodDays ?? 28;
  if (state.support.length === 0) return [];
  // By date, not by recording order: a visit recorded late still counts in its own week.
  let first = state.support[0]!.at;
  let last = first;
  for (const s of state.support) {
    if (compareInstants(s.at, first) < 0) first = s.at;
    if (compareInstants(s.at, last) > 0) last = s.at;
  }
  const start = first.slice(0, 10);
  const end = (options.until ?? last).slice(0, 10);
  const n = Math.floor(daysBetween(start, end) / period) + 1;
  const out: SupportPeriod[] = Array.from({ length: n }, (_, i) => ({
    from: addDays(start, i * period),
    to: addDays(start, (i + 1) * period - 1),
    minutes: 0,
  }));
  for (const entry of state.support) {
    const i = Math.floor(daysBetween(start, entry.at) / period);
    if (i < n) out[i]!.minutes += entry.minutes;
  }
  return out;
}

/**
 * The period in which support rose again after it had been fading, or null.
 *
 * @remarks
 * Fading (a job coach stepping back as the person settles in) shows as falling minutes. When the
 * latest period with any support needs more than the lowest period with support since the peak, and by at
 * least `factor` (default 1.5) and `minMinutes` (default 60) more, something at work has
 * changed: the coach should look at the case. Only periods after the peak count, so the first
 * weeks of building support up are not a "rise".
 *
 * @example
 * ```ts
 * supportRisesAgain([{ minutes: 600 }, { minutes: 120 }, { minutes: 480 }]); //=> { minutes: 480, … }
 * ```
 */
export function supportRisesAgain<P extends Pick<SupportPeriod, 'minutes'>>(
  periods: readonly P[],
  options: { factor?: number; minMinutes?: number } = {},
): P | null {
  const factor = options.factor ?? 1.5;
  const minMinutes = options.minMinutes ?? 60;
  let last = periods.length - 1;
  while (last >= 0 && periods[last]!.minutes === 0) last--;
  if (last < 2) return null;
  let peak = 0;
  for (let i = 1; i < last; i++) if (periods[i]!.minutes > periods[peak]!.minutes) peak = i;
  let low = Infinity;
  // Weeks without a visit are normal late in fading: only periods with support count as the low.
  for (let i = peak + 1; i < last; i++) if (periods[i]!.minutes > 0) low = Math.min(low, periods[i]!.minutes);
  if (low === Infinity) return null;
  const now = periods[last]!;
  return now.minutes > low * factor && now.minutes - low >= minMinutes ? now : null;
}
