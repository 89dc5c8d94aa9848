import { normalQuantile } from './distributions.js';
import { regularizedBeta } from './student-t.js';

/** P(R ≤ r) for R ~ Binomial(n, p). */
export function binomialCdf(r: number, n: number, p: number): number {
  if (r < 0) return 0;
  if (r >= n) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  return regularizedBeta(1 - p, n - r, r + 1);
}

/**
 * The funnel plot's control limit for a proportion at `n` people: Spiegelhalter (2005)'s exact
 * binomial quantile of the target, interpolated so the limit is smooth in n (appendix A.1.1).
 * `p` is 0.025 and 0.975 for the 95% limits, 0.001 and 0.999 for the 99.8% ones. The value can
 * fall outside [0, 1] for very small n; plots clip it.
 */
export function binomialFunnelLimit(p: number, n: number, target: number): number {
  if (!(n >= 1) || !Number.isInteger(n)) throw new RangeError(`n must be a whole number of at least 1, got ${n}`);
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be between 0 and 1, got ${p}`);
  if (!(target >= 0 && target <= 1)) throw new RangeError(`the target must be a proportion, got ${target}`);
  // r_p: the smallest r with F(r) ≥ p.
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (binomialCdf(mid, n, target) >= p) hi = mid;
    else lo = mid + 1;
  }
  const r = lo;
  const at = binomialCdf(r, n, target);
  const below = binomialCdf(r - 1, n, target);
  const alpha = at === below ? 0 : (at - p) / (at - below);
  return (r - alpha) / n;
}

export type FunnelMethod = 'binomial' | 'normal';

/** One provider on the funnel plot. */
export interface FunnelPoint {
  id: string;
  /** Size on the x axis: people the figure rests on. */
  n: number;
  value: number;
  /** Where it lies against the limits at its size. */
  position: 'within' | 'above-95' | 'below-95' | 'above-99.8' | 'below-99.8';
}

export interface FunnelLimits {
  n: number;
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

export interface FunnelPlot {
  target: number;
  method: FunnelMethod;
  /** With `normal`: the spread of one person, σ, so the limits at n are target ± z·σ/√n. */
  sigma: number | null;
  points: FunnelPoint[];
  /** The limits at n (clipped to [0, 1]). */
  limitsAt(n: number): FunnelLimits;
  /** Limits at sizes from 1 to `maxN`, for drawing the funnel. */
  curve(maxN: number, steps?: number): FunnelLimits[];
}

export interface FunnelOptions {
  /** The benchmark, usually the pooled value of all providers. */
  target: number;
  /**
   * `binomial` for plain shares (Spiegelhalter's exact limits); `normal` for estimates with a
   * standard error, such as the Aalen-Johansen retention, whose limits come from `sigma`.
   */
  method: FunnelMethod;
  /**
   * For `normal`: one person's spread, e.g. the pooled estimate's standard error × √(its n), so
   * the limits carry censoring and re-placement as the estimate does.
   */
  sigma?: number;
}

/**
 * A funnel plot for comparing providers (Spiegelhalter 2005): each provider's figure against
 * its size, with the target and 95% and 99.8% control limits that narrow as size grows. A
 * provider outside the 99.8% limits differs from the target by more than chance would make
 * likely; within them, it does not, however high or low its rank.
 *
 * @example
 * ```ts
 * const plot = funnelPlot([{ id: 'p1', n: 40, value: 0.62 }, { id: 'p2', n: 300, value: 0.81 }], { target: 0.74, method: 'binomial' });
 * plot.points.map((p) => p.position); //=> ['within', 'above-95']
 * ```
 */
export function funnelPlot(points: readonly { id: string; n: number; value: number }[], options: FunnelOptions): FunnelPlot {
  const { target, method } = options;
  if (!(target >= 0 && target <= 1)) throw new RangeError(`the target must be a proportion, got ${target}`);
  const sigma = method === 'normal' ? (options.sigma ?? Math.sqrt(target * (1 - target))) : null;
  if (sigma !== null && !(sigma >= 0)) throw new RangeError(`sigma must be 0 or more, got ${sigma}`);
  const clip = (v: number) => Math.min(1, Math.max(0, v));
  const z95 = normalQuantile(0.975);
  const z998 = normalQuantile(0.999);
  const limitsAt = (n: number): FunnelLimits => {
    if (method === 'binomial') {
      const whole = Math.max(1, Math.round(n));
      return {
        n,
        lower95: clip(binomialFunnelLimit(0.025, whole, target)),
        upper95: clip(binomialFunnelLimit(0.975, whole, target)),
        lower998: clip(binomialFunnelLimit(0.001, whole, target)),
        upper998: clip(binomialFunnelLimit(0.999, whole, target)),
      };
    }
    const se = sigma! / Math.sqrt(n);
    return { n, lower95: clip(target - z95 * se), upper95: clip(target + z95 * se), lower998: clip(target - z998 * se), upper998: clip(target + z998 * se) };
  };
  const placed = points.map((p): FunnelPoint => {
    const l = limitsAt(p.n);
    const position = p.value > l.upper998 ? 'above-99.8' : p.value < l.lower998 ? 'below-99.8' : p.value > l.upper95 ? 'above-95' : p.value < l.lower95 ? 'below-95' : 'within';
    return { id: p.id, n: p.n, value: p.value, position };
  });
  const curve = (maxN: number, steps = 60) => {
    const out: FunnelLimits[] = [];
    for (let i = 0; i <= steps; i++) out.push(limitsAt(Math.max(1, Math.round(Math.exp((Math.log(maxN) * i) / steps)))));
    return out;
  };
  return { target, method, sigma, points: placed, limitsAt, curve };
}
