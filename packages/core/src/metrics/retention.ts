import type { CaseRecord } from './case-record.js';
import { employmentSpells, type EmploymentHistory, type SpellOptions } from './employment-spells.js';
import { kaplanMeier, type KaplanMeierCurve, type KaplanMeierOptions } from './kaplan-meier.js';
import { proportion, type Proportion } from './proportion.js';
import type { SurvivalObservation } from './survival-counts.js';

export interface RetentionOptions extends SpellOptions, KaplanMeierOptions {
  /** The horizon after entering the labour market (default 365 days). */
  horizonDays?: number;
  /**
   * Count re-placement after a job loss (default true): a person employed at the horizon is
   * retained even if they lost a job on the way. With false, this is first-spell tenure.
   */
  countReplacement?: boolean;
}

/** One person's contribution to the retention estimate. */
export interface RetentionObservation extends SurvivalObservation {
  caseId: string;
  providerId: string;
  /** Whether the whole horizon was observed; only these count in the plain share. */
  fullFollowUp: boolean;
  /** With full follow-up: retained at the horizon. */
  retained: boolean | null;
}

export interface RetentionResult {
  horizonDays: number;
  countReplacement: boolean;
  /** People who entered the labour market (held at least one job). */
  placed: number;
  /** Kaplan-Meier estimate of retention at the horizon, using everyone, censored or not. */
  kaplanMeier: { estimate: number; lower: number | null; upper: number | null; n: number; events: number };
  /** Plain share among people followed for the whole horizon, with its Wilson interval. */
  plain: Proportion;
  curve: KaplanMeierCurve;
  observations: RetentionObservation[];
}

function employedOn(h: EmploymentHistory, day: number): boolean {
  return h.spells.some((s) => s.start <= day && (s.end === null || s.end >= day));
}

/**
 * The retention observation of one person, or null when they never held a job.
 *
 * Time 0 is the first day of the first job (entering the labour market). Without re-placement
 * the event is the end of the first employment spell. With re-placement the event is the
 * start of the gap in which the person is out of work at the horizon; people still in work at
 * the horizon are censored there (retained), people whose follow-up ends earlier are censored
 * when it ends, or at their last job's end if they were out of work by then.
 */
export function retentionObservation(h: EmploymentHistory, horizonDays: number, countReplacement: boolean): RetentionObservation | null {
  const first = h.spells[0];
  if (!first) return null;
  const origin = first.start;
  const horizon = origin + horizonDays;
  const fullFollowUp = h.followUpEnd >= horizon;
  const base = { caseId: h.caseId, providerId: h.providerId, fullFollowUp };
  if (!countReplacement) {
    const ended = first.end !== null;
    const time = (ended ? first.end! : h.followUpEnd) - origin;
    return { ...base, time, event: ended, retained: fullFollowUp ? !ended || first.end! >= horizon : null };
  }
  const until = Math.min(horizon, h.followUpEnd);
  if (employedOn(h, until)) {
    return { ...base, time: until - origin, event: false, retained: fullFollowUp ? true : null };
  }
  // Out of work at `until`: the gap started when the last spell before it ended.
  let gapStart = origin;
  for (const s of h.spells) if (s.start <= until && s.end !== null && s.end < until) gapStart = Math.max(gapStart, s.end);
  return fullFollowUp
    ? { ...base, time: gapStart - origin, event: true, retained: false }
    : { ...base, time: gapStart - origin, event: false, retained: null };
}

/**
 * Employment retained a year (or `horizonDays`) after entering the labour market, counting
 * re-placement after a job loss: the headline indicator of supported-employment services.
 *
 * @remarks
 * Reported both as a Kaplan-Meier estimate (people still in follow-up are censored, not
 * counted as failures) and as the plain share among people followed for the whole horizon,
 * each with its n, so a funder sees both and how they differ. See `docs/metrics.md`.
 *
 * @example
 * ```ts
 * const r = retention(cases, { horizonDays: 365 });
 * [r.kaplanMeier.estimate, r.plain.share]; //=> [0.71, 0.68]
 * ```
 */
export function retention(cases: readonly CaseRecord[], options: RetentionOptions = {}): RetentionResult {
  const horizonDays = options.horizonDays ?? 365;
  const countReplacement = options.countReplacement ?? true;
  if (!(horizonDays > 0)) throw new RangeError(`horizonDays must be positive, got ${horizonDays}`);
  const observations: RetentionObservation[] = [];
  for (const h of employmentSpells(cases, options)) {
    const o = retentionObservation(h, horizonDays, countReplacement);
    if (o) observations.push(o);
  }
  const curve = kaplanMeier(observations, options);
  const at = curve.survivalAt(horizonDays);
  const full = observations.filter((o) => o.fullFollowUp);
  return {
    horizonDays,
    countReplacement,
    placed: observations.length,
    kaplanMeier: { estimate: at.survival, lower: at.lower, upper: at.upper, n: curve.n, events: curve.events },
    plain: proportion(full.filter((o) => o.retained).length, full.length, options.confLevel),
    curve,
    observations,
  };
}
