import { aalenJohansen, type StateOccupation, type StateSpan } from './aalen-johansen.js';
import type { CaseRecord } from './case-record.js';
import { employmentSpells, type EmploymentHistory, type SpellOptions } from './employment-spells.js';
import { kaplanMeier, type KaplanMeierCurve, type KaplanMeierOptions } from './kaplan-meier.js';
import { proportion, type Proportion } from './proportion.js';
import type { SurvivalObservation } from './survival-counts.js';

export interface RetentionOptions extends SpellOptions, KaplanMeierOptions {
  /** The horizon after entering the labour market (default 365 days). */
  horizonDays?: number;
  /**
   * Count re-placement after a job loss (default true): a person in work at the horizon is
   * retained even if they lost a job on the way, and the headline is the Aalen-Johansen
   * estimate. With false, the headline is first-spell tenure (Kaplan-Meier).
   */
  countReplacement?: boolean;
}

/** The two states of the retention model. */
export const EMPLOYMENT_STATES = ['work', 'out'] as const;
const WORK = 0;
const OUT = 1;

/** One person's first employment spell, as a survival observation (time to its end). */
export interface RetentionObservation extends SurvivalObservation {
  caseId: string;
  providerId: string;
  /** Whether the whole horizon was observed; only these count in the plain share. */
  fullFollowUp: boolean;
  /** With full follow-up: in work at the horizon (or, without re-placement, still in the first spell). */
  retained: boolean | null;
}

/** The headline figure: the share in work at the horizon, with its interval. */
export interface RetentionEstimate {
  value: number;
  lower: number | null;
  upper: number | null;
  /** Standard error of `value` (null where Greenwood's is infinite). */
  stdErr: number | null;
  /** People it rests on: everyone who entered the labour market. */
  n: number;
  /** People still followed on the day of the horizon (their follow-up reaches it). */
  nRisk: number;
  method: 'aalen-johansen' | 'kaplan-meier';
}

/** A point of a retention curve, with its confidence limits and the people still followed that day. */
export interface RetentionPoint {
  time: number;
  /** Null past the longest follow-up: nobody was seen that long, so the curve says nothing there. */
  value: number | null;
  lower: number | null;
  upper: number | null;
  /** People whose follow-up reaches this day (everyone placed on day 0). */
  nRisk: number;
}

/** The share in work (or, without re-placement, still in the first job) against days since the first job. */
export interface RetentionCurve {
  n: number;
  /** The longest follow-up, in days since the first job (null with nobody): the curve ends there. */
  followedTo: number | null;
  /** The value after each change up to the horizon; it starts at 1 on day 0. */
  steps: { time: number; value: number }[];
  /** The value, its limits and the number observed at chosen days (no value past the longest follow-up). */
  at(times: readonly number[]): RetentionPoint[];
  /**
   * The confidence band for drawing: `at` on every seventh day and the horizon, or the longest
   * follow-up when it ends sooner (limits need a pass over everyone per point, so not at every step).
   */
  band(): RetentionPoint[];
}

/** Every seventh day from 0, and the horizon. */
function weekly(horizonDays: number): number[] {
  const times: number[] = [];
  for (let t = 0; t < horizonDays; t += 7) times.push(t);
  times.push(horizonDays);
  return times;
}

function withBand(curve: Omit<RetentionCurve, 'band'>, horizonDays: number): RetentionCurve {
  const end = curve.followedTo === null ? null : Math.min(horizonDays, curve.followedTo);
  return { ...curve, band: () => (end === null ? [] : curve.at(weekly(end))) };
}

/** A day past the longest follow-up: nothing is known there. */
const unknown = (time: number): RetentionPoint => ({ time, value: null, lower: null, upper: null, nRisk: 0 });

export interface RetentionResult {
  horizonDays: number;
  countReplacement: boolean;
  /** People who entered the labour market (held at least one job). */
  placed: number;
  /**
   * The longest follow-up, in days since a first job (null when nobody was placed). A horizon
   * past it has no estimate: nobody has been followed that long yet.
   */
  followedTo: number | null;
  /**
   * The headline, or null when nobody was placed or nobody was followed to the horizon (as R's
   * `summary(survfit, times)` gives nothing past the last time). With re-placement: the Aalen-Johansen
   * probability of being in work at the horizon, from everyone's whole follow-up (moves into and
   * out of work, censored only at the cut-off or closure). Without: first-spell tenure.
   */
  estimate: RetentionEstimate | null;
  /**
   * Kaplan-Meier estimate of still being in the first spell of work at the horizon (sound, as it
   * is); null when nobody was placed, or when the horizon is past the last first spell seen and
   * that one was still going.
   */
  firstSpell: { value: number; lower: number | null; upper: number | null; n: number; events: number } | null;
  /** Plain share among people followed for the whole horizon, with its Wilson interval. */
  plain: Proportion;
  curve: RetentionCurve;
  /** Kaplan-Meier curve of the first spell (for log-rank comparisons of tenure). */
  firstSpellCurve: KaplanMeierCurve;
  observations: RetentionObservation[];
  /** Everyone's time in and out of work, as the multi-state rows the headline is estimated from. */
  spans: StateSpan[];
}

function employedOn(h: EmploymentHistory, day: number): boolean {
  return h.spells.some((s) => s.start <= day && (s.end === null || s.end >= day));
}

/**
 * One person's first spell as a survival observation, or null when they never held a job: time
 * 0 is the first day of the first job, the event the end of that spell.
 */
export function retentionObservation(h: EmploymentHistory, horizonDays: number): RetentionObservation | null {
  const first = h.spells[0];
  if (!first) return null;
  const origin = first.start;
  const horizon = origin + horizonDays;
  const fullFollowUp = h.followUpEnd >= horizon;
  const ended = first.end !== null;
  const time = (ended ? first.end! : h.followUpEnd) - origin;
  return {
    caseId: h.caseId,
    providerId: h.providerId,
    fullFollowUp,
    time,
    event: ended,
    // The plain share counts re-placement, as the headline does.
    retained: fullFollowUp ? employedOn(h, horizon) : null,
  };
}

/**
 * One person's time in and out of work since their first job, as multi-state rows.
 *
 * @remarks
 * Day t is `first job's first day + t`; being in a state at t means being in it that day. A job
 * whose last day is d moves the person out of work at d + 1; a job starting on day s moves them
 * into work at s. Follow-up ends on the cut-off or the case's closure; what happens after is
 * not seen. Jobs with no day out of work between them are one stretch of work.
 */
export function employmentSpans(h: EmploymentHistory): StateSpan[] {
  const first = h.spells[0];
  if (!first) return [];
  const origin = first.start;
  const end = h.followUpEnd - origin;
  const spans: StateSpan[] = [];
  // Stretches of work: spells with no day out between them are joined.
  const work: { start: number; stop: number | null }[] = [];
  for (const s of h.spells) {
    const start = s.start - origin;
    const stop = s.end === null ? null : s.end - origin + 1;
    const last = work[work.length - 1];
    if (last && last.stop !== null && start <= last.stop) last.stop = stop === null ? null : Math.max(last.stop, stop);
    else if (!last || last.stop !== null) work.push({ start, stop });
  }
  for (const [i, w] of work.entries()) {
    if (w.stop === null) {
      if (end > w.start) spans.push({ id: h.caseId, start: w.start, stop: end, state: WORK, to: null });
      break;
    }
    spans.push({ id: h.caseId, start: w.start, stop: w.stop, state: WORK, to: OUT });
    const next = work[i + 1];
    if (next) spans.push({ id: h.caseId, start: w.stop, stop: next.start, state: OUT, to: WORK });
    else if (end > w.stop) spans.push({ id: h.caseId, start: w.stop, stop: end, state: OUT, to: null });
  }
  return spans;
}

/**
 * How many people are still followed on day t: those whose follow-up (their last stretch) reaches
 * it. Unlike a risk set (people observed just before a change), everyone placed counts on day 0.
 */
function followedOn(spans: readonly StateSpan[]): (day: number) => number {
  const lastDay = new Map<string, number>();
  for (const s of spans) lastDay.set(s.id, Math.max(lastDay.get(s.id) ?? 0, s.stop));
  const ends = [...lastDay.values()].sort((a, b) => a - b);
  return (day) => {
    let lo = 0;
    let hi = ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ends[mid]! < day) lo = mid + 1;
      else hi = mid;
    }
    return ends.length - lo;
  };
}

function occupationCurve(fit: StateOccupation, horizonDays: number, followed: (day: number) => number): RetentionCurve {
  return withBand({
    n: fit.n,
    followedTo: fit.followedTo,
    steps: fit.steps.filter((s) => s.time <= horizonDays).map((s) => ({ time: s.time, value: s.pstate[WORK]! })),
    at: (times) =>
      times.map((t) => {
        if (fit.followedTo === null || t > fit.followedTo) return unknown(t);
        const p = fit.at(t, WORK);
        return { time: t, value: p.value, lower: p.lower, upper: p.upper, nRisk: followed(t) };
      }),
  }, horizonDays);
}

function tenureCurve(km: KaplanMeierCurve, horizonDays: number): RetentionCurve {
  return withBand({
    n: km.n,
    // Once everyone's first job has ended the curve is known to stay at 0, so it runs to the horizon.
    followedTo: km.followedTo === null ? null : km.knownAt(horizonDays) ? Math.max(km.followedTo, horizonDays) : km.followedTo,
    steps: km.steps.filter((s) => s.time <= horizonDays).map((s) => ({ time: s.time, value: s.survival })),
    at: (times) => km.atRisk(times).map((r) => (km.knownAt(r.time) ? { time: r.time, value: r.survival, lower: r.lower, upper: r.upper, nRisk: r.nRisk } : unknown(r.time))),
  }, horizonDays);
}

/**
 * Employment retained a year (or `horizonDays`) after entering the labour market, counting
 * re-placement after a job loss: the headline indicator of supported-employment services.
 *
 * @remarks
 * Being in work at the horizon, with losses and re-placements on the way, is a state occupation
 * probability in a two-state model (in work, out of work) with moves both ways. The headline
 * `estimate` is its Aalen-Johansen estimate from everyone's whole follow-up, censored only where
 * follow-up ends, as R's `survfit(Surv(start, stop, to) ~ 1, id = id)` gives it. Beside it:
 * first-spell tenure (plain Kaplan-Meier) and the plain share among people followed for the
 * whole horizon. See `docs/metrics.md`.
 *
 * @example
 * ```ts
 * const r = retention(cases, { horizonDays: 365 });
 * [r.estimate?.value, r.plain.share, r.firstSpell?.value]; //=> [0.71, 0.70, 0.52]
 * ```
 */
export function retention(cases: readonly CaseRecord[], options: RetentionOptions = {}): RetentionResult {
  const horizonDays = options.horizonDays ?? 365;
  const countReplacement = options.countReplacement ?? true;
  if (!(horizonDays > 0)) throw new RangeError(`horizonDays must be positive, got ${horizonDays}`);
  const observations: RetentionObservation[] = [];
  const spans: StateSpan[] = [];
  for (const h of employmentSpells(cases, options)) {
    const o = retentionObservation(h, horizonDays);
    if (!o) continue;
    observations.push(o);
    spans.push(...employmentSpans(h));
  }
  const placed = observations.length;
  const km = kaplanMeier(observations, options);
  const tenure = km.survivalAt(horizonDays);
  const firstSpell = placed > 0 && km.knownAt(horizonDays) ? { value: tenure.survival, lower: tenure.lower, upper: tenure.upper, n: km.n, events: km.events } : null;
  const full = observations.filter((o) => o.fullFollowUp);
  const plain = countReplacement
    ? proportion(full.filter((o) => o.retained).length, full.length, options.confLevel)
    : proportion(full.filter((o) => !o.event || o.time >= horizonDays).length, full.length, options.confLevel);

  let estimate: RetentionEstimate | null = null;
  let curve: RetentionCurve;
  if (countReplacement) {
    const fit = aalenJohansen(spans, EMPLOYMENT_STATES, options);
    const followed = followedOn(spans);
    curve = occupationCurve(fit, horizonDays, followed);
    if (placed > 0 && fit.followedTo !== null && horizonDays <= fit.followedTo) {
      const p = fit.at(horizonDays, WORK);
      estimate = { value: p.value, lower: p.lower, upper: p.upper, stdErr: p.stdErr, n: placed, nRisk: followed(horizonDays), method: 'aalen-johansen' };
    }
  } else {
    curve = tenureCurve(km, horizonDays);
    if (placed > 0 && km.knownAt(horizonDays)) {
      const stdErr = km.steps.filter((s) => s.time <= horizonDays).at(-1)?.stdErr ?? 0;
      const [row] = km.atRisk([horizonDays]);
      estimate = { value: tenure.survival, lower: tenure.lower, upper: tenure.upper, stdErr, n: placed, nRisk: row!.nRisk, method: 'kaplan-meier' };
    }
  }
  // Everyone's whole follow-up, in and out of work (a first spell's time is never longer).
  const followedTo = placed > 0 ? spans.reduce((t, s) => Math.max(t, s.stop), km.followedTo ?? 0) : null;
  return { horizonDays, countReplacement, placed, followedTo, estimate, firstSpell, plain, curve, firstSpellCurve: km, observations, spans };
}
