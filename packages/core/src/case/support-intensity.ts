import type { CaseState } from './case-state.js';
import { addDays, daysBetween } from './dates.js';

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
  const start = state.support[0]!.at.slice(0, 10);
  const end = (options.until ?? state.support[state.support.length - 1]!.at).slice(0, 10);
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
