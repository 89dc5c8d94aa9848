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
