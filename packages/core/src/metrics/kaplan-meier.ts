import { normalQuantile } from './distributions.js';
import { survivalCounts, SurvivalInputError, type SurvivalCount, type SurvivalObservation } from './survival-counts.js';

export const CONF_TYPES = ['log', 'log-log', 'plain'] as const;
export type ConfType = (typeof CONF_TYPES)[number];

export interface KaplanMeierOptions {
  /** Confidence level of the limits (default 0.95). */
  confLevel?: number;
  /** Scale of the confidence limits, as R's `conf.type` (default `'log'`, as `survfit`). */
  confType?: ConfType;
}

/** The curve at one distinct time. Limits are null where R gives NA (e.g. at survival 0). */
export interface KaplanMeierStep {
  time: number;
  nRisk: number;
  nEvent: number;
  nCensor: number;
  survival: number;
  /** Standard error of `survival` (Greenwood), as `summary(survfit)`'s `std.err`. */
  stdErr: number | null;
  lower: number | null;
  upper: number | null;
}

export interface Quantile {
  probability: number;
  time: number | null;
  lower: number | null;
  upper: number | null;
}

export interface AtRiskRow {
  time: number;
  /** At risk at `time`. */
  nRisk: number;
  /** Events and censorings since the previous row's time (or since the start). */
  nEvent: number;
  nCensor: number;
  survival: number;
  lower: number | null;
  upper: number | null;
}

export interface KaplanMeierCurve {
  n: number;
  events: number;
  confLevel: number;
  confType: ConfType;
  steps: KaplanMeierStep[];
  /** Median survival time (null when the curve never reaches 0.5), as `print(survfit)`. */
  median: number | null;
  medianLower: number | null;
  medianUpper: number | null;
  /** The longest follow-up: the last time anybody was seen, with the event or censored (null with nobody). */
  followedTo: number | null;
  /**
   * Whether the curve says anything at `time`: up to the longest follow-up, or past it once
   * everyone has had the event (survival 0). Past a censored last observation nobody was seen, and
   * R's `summary(survfit, times)` leaves such times out; `survivalAt` carries the last value on.
   */
  knownAt(time: number): boolean;
  /** Survival (with limits) at a time: the step function, right-continuous. */
  survivalAt(time: number): { survival: number; lower: number | null; upper: number | null };
  /** Times by which a share `p` has had the event, as R's `quantile(survfit, p)`. */
  quantiles(probabilities: readonly number[]): Quantile[];
  /** Restricted mean survival time up to `tau`, with its standard error, as `print(survfit, rmean = tau)`. */
  restrictedMean(tau: number): { tau: number; mean: number; stdErr: number };
  /** The number at risk and events between chosen times, as `summary(survfit, times, extend = TRUE)`. */
  atRisk(times: readonly number[]): AtRiskRow[];
}

const TOLERANCE = Math.sqrt(Number.EPSILON);

/**
 * Confidence limits of a probability `p` from the standard error of log(p), as R's
 * `survfit_confint`; null where R gives NA (p of 0, or of 1 on the log-log scale, or a limit
 * that is not a number, as for a p that rounding put just above 1).
 */
export function confidenceLimits(p: number, se: number, z: number, type: ConfType): [number | null, number | null] {
  if (!Number.isFinite(se) || Number.isNaN(p)) return [null, null];
  const [lower, upper] = rawLimits(p, se, z, type);
  return [lower === null || Number.isNaN(lower) ? null : lower, upper === null || Number.isNaN(upper) ? null : upper];
}

function rawLimits(p: number, se: number, z: number, type: ConfType): [number | null, number | null] {
  switch (type) {
    case 'log':
      if (p === 0) return [null, null];
      return [Math.exp(Math.log(p) - z * se), Math.min(Math.exp(Math.log(p) + z * se), 1)];
    case 'log-log': {
      if (p === 0 || p === 1) return [null, null];
      const xx = Math.log(-Math.log(p));
      const w = (z * se) / Math.log(p);
      return [Math.exp(-Math.exp(xx - w)), Math.exp(-Math.exp(xx + w))];
    }
    case 'plain': {
      if (p === 0) return [null, null];
      return [Math.max(p - z * se * p, 0), Math.min(p + z * se * p, 1)];
    }
  }
}

/** R's `minmin` (survmean): first time the curve is at or below 0.5, midpoint on a flat 0.5. */
function medianOf(ys: readonly (number | null)[], xs: readonly number[]): number | null {
  let first = -1;
  for (let i = 0; i < ys.length; i++) {
    const y = ys[i];
    if (y !== null && y !== undefined && y < 0.5 + TOLERANCE) {
      first = i;
      break;
    }
  }
  if (first < 0) return null;
  const y0 = ys[first]!;
  if (Math.abs(y0 - 0.5) < TOLERANCE) {
    for (let j = first + 1; j < ys.length; j++) {
      const y = ys[j];
      if (y !== null && y !== undefined && y < y0) return (xs[first]! + xs[j]!) / 2;
    }
  }
  return xs[first]!;
}

/** R's `findq`: quantiles of the distribution 1 − curve, with R's midpoint and last-point rules. */
function findQuantile(xsIn: readonly number[], curve: readonly (number | null)[], p: number, firstX: number): number | null {
  const xs: number[] = [firstX];
  const ys: number[] = [0];
  curve.forEach((s, i) => {
    if (s === null) return;
    xs.push(xsIn[i]!);
    ys.push(1 - s);
  });
  const xmax = xs[xs.length - 1]!;
  // Keep the first occurrence of each value, as R's `duplicated`.
  const ux: number[] = [];
  const uy: number[] = [];
  const seen = new Set<number>();
  ys.forEach((y, i) => {
    if (!seen.has(y)) {
      seen.add(y);
      ux.push(xs[i]!);
      uy.push(y);
    }
  });
  if (Math.max(...uy) < p) return null;
  if (p === 0) return ux[0]!;
  // R's approx(y ± tol, index, p, method = "constant", f = 1) sorts by y first (a confidence
  // curve need not be monotone), then takes the first point at or above p.
  const order = uy.map((_, i) => i).sort((a, b) => uy[a]! - uy[b]!);
  const index = (shift: number) => {
    for (const i of order) if (uy[i]! + shift >= p) return i;
    return -1;
  };
  const i1 = index(TOLERANCE);
  const i2 = index(-TOLERANCE);
  const last = uy.length - 1;
  if (i1 >= 0 && Math.abs(p - uy[last]!) < TOLERANCE) return (ux[i1]! + xmax) / 2;
  if (i1 < 0 || i2 < 0) return null;
  return (ux[i1]! + ux[i2]!) / 2;
}

/**
 * The Kaplan-Meier estimate from counts (see {@link survivalCounts}); the same curve as
 * {@link kaplanMeier} on the records the counts came from.
 */
export function kaplanMeierFromCounts(counts: readonly SurvivalCount[], options: KaplanMeierOptions = {}): KaplanMeierCurve {
  const confLevel = options.confLevel ?? 0.95;
  const confType = options.confType ?? 'log';
  if (!(confLevel > 0 && confLevel < 1)) throw new SurvivalInputError(`confLevel must be between 0 and 1 (exclusive), got ${confLevel}`);
  if (!(CONF_TYPES as readonly string[]).includes(confType)) {
    throw new SurvivalInputError(`confType must be one of ${CONF_TYPES.join(', ')}, got ${String(confType)}`);
  }
  const z = normalQuantile(1 - (1 - confLevel) / 2);
  let atRisk = 0;
  let events = 0;
  for (const c of counts) {
    atRisk += c.events + c.censored;
    events += c.events;
  }
  const n = atRisk;
  const steps: KaplanMeierStep[] = new Array<KaplanMeierStep>(counts.length);
  const hazardVar: number[] = new Array<number>(counts.length);
  let s = 1;
  let varSum = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    const d = c.events;
    let h = 0;
    if (d > 0) {
      s *= 1 - d / atRisk;
      h = atRisk > d ? d / (atRisk * (atRisk - d)) : Number.POSITIVE_INFINITY;
      varSum += h;
    }
    hazardVar[i] = atRisk > d ? h : 0;
    const se = Math.sqrt(varSum);
    const [lower, upper] = confidenceLimits(s, se, z, confType);
    const stdErr = s * se;
    steps[i] = { time: c.time, nRisk: atRisk, nEvent: d, nCensor: c.censored, survival: s, stdErr: Number.isFinite(stdErr) ? stdErr : null, lower, upper };
    atRisk -= d + c.censored;
  }
  const times = steps.map((st) => st.time);
  const startTime = Math.min(0, times[0] ?? 0);
  const at = (time: number) => {
    // Last step at or before `time` (binary search).
    let lo = 0;
    let hi = steps.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (steps[mid]!.time <= time) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
  // Before the first time R reports limits of 1 whatever the scale.
  const before: [number, number] = [1, 1];
  const last = steps.at(-1);

  return {
    n,
    events,
    confLevel,
    confType,
    steps,
    followedTo: last?.time ?? null,
    knownAt: (time) => last !== undefined && (time <= last.time || last.survival === 0),
    median: medianOf(
      steps.map((st) => st.survival),
      times,
    ),
    medianLower: medianOf(
      steps.map((st) => st.lower),
      times,
    ),
    medianUpper: medianOf(
      steps.map((st) => st.upper),
      times,
    ),
    survivalAt(time) {
      const i = at(time);
      if (i < 0) return { survival: 1, lower: before[0], upper: before[1] };
      const st = steps[i]!;
      return { survival: st.survival, lower: st.lower, upper: st.upper };
    },
    quantiles(probabilities) {
      return probabilities.map((p) => {
        if (!(p >= 0 && p <= 1)) throw new SurvivalInputError(`quantile probabilities must be between 0 and 1, got ${p}`);
        return {
          probability: p,
          time: findQuantile(times, steps.map((st) => st.survival), p, startTime),
          lower: findQuantile(times, steps.map((st) => st.lower), p, startTime),
          upper: findQuantile(times, steps.map((st) => st.upper), p, startTime),
        };
      });
    },
    restrictedMean(tau) {
      if (!Number.isFinite(tau)) throw new SurvivalInputError(`tau must be a finite time, got ${tau}`);
      const keep = steps.findIndex((st) => st.time > tau);
      const k = keep < 0 ? steps.length : keep;
      const tt = [...times.slice(0, k), tau];
      const ss = [...steps.slice(0, k).map((st) => st.survival), k > 0 ? steps[k - 1]!.survival : 1];
      const hh = [...hazardVar.slice(0, k), 0];
      const rect: number[] = [];
      let prev = startTime;
      for (let i = 0; i < tt.length; i++) {
        rect.push((tt[i]! - prev) * (i === 0 ? 1 : ss[i - 1]!));
        prev = tt[i]!;
      }
      const mean = rect.reduce((a, b) => a + b, 0) + startTime;
      // varmean = sum(cumsum(rev(rect[-1]))^2 * rev(hh)[-1]), as R's survmean.
      const revRect = rect.slice(1).reverse();
      const revH = hh.slice().reverse().slice(1);
      let cum = 0;
      let variance = 0;
      for (let i = 0; i < revRect.length; i++) {
        cum += revRect[i]!;
        variance += cum * cum * revH[i]!;
      }
      return { tau, mean, stdErr: Math.sqrt(variance) };
    },
    atRisk(requested) {
      const sorted = [...requested].sort((a, b) => a - b);
      let idx = 0;
      return sorted.map((t) => {
        let nEvent = 0;
        let nCensor = 0;
        while (idx < steps.length && steps[idx]!.time <= t) {
          nEvent += steps[idx]!.nEvent;
          nCensor += steps[idx]!.nCensor;
          idx++;
        }
        const nRisk = idx < steps.length ? steps[idx]!.nRisk : 0;
        // At a step time exactly, R reports the risk set at that time.
        const exact = idx > 0 && steps[idx - 1]!.time === t ? steps[idx - 1]!.nRisk : nRisk;
        const { survival, lower, upper } = this.survivalAt(t);
        return { time: t, nRisk: exact, nEvent, nCensor, survival, lower, upper };
      });
    },
  };
}

/**
 * The Kaplan-Meier estimate of a survival curve, with Greenwood's variance and confidence
 * limits as R's `survfit` computes them.
 *
 * @remarks
 * Ties are handled as R does: at a time with both, events come before censorings, so people
 * censored at `t` are counted at risk at `t`. Figures match R's survival package to 1e-6 on the
 * `aml` and `lung` datasets for every `confType` (see `fixtures/survival-reference.R`).
 *
 * @example
 * ```ts
 * const km = kaplanMeier([{ time: 9, event: true }, { time: 13, event: true }, { time: 13, event: false }, { time: 18, event: true }]);
 * km.steps.map((s) => [s.time, s.nRisk, s.survival]); //=> [[9, 4, 0.75], [13, 3, 0.5], [18, 1, 0]]
 * km.median; //=> 13
 * ```
 *
 * @param observations - One `{ time, event }` per person; `event: false` means censored at `time`.
 * @param options - `confLevel` (default 0.95) and `confType` (`'log'` default, `'log-log'`, `'plain'`).
 */
export function kaplanMeier(observations: readonly SurvivalObservation[], options: KaplanMeierOptions = {}): KaplanMeierCurve {
  return kaplanMeierFromCounts(survivalCounts(observations), options);
}
