import { normalQuantile } from './distributions.js';

export interface Proportion {
  /** Numerator and denominator. */
  count: number;
  n: number;
  /** count / n, or null when n is 0. */
  share: number | null;
  /** Wilson score interval (good for small n and shares near 0 or 1). */
  lower: number | null;
  upper: number | null;
}

/** A share with its Wilson score confidence interval. */
export function proportion(count: number, n: number, confLevel = 0.95): Proportion {
  if (n === 0) return { count, n, share: null, lower: null, upper: null };
  const z = normalQuantile(1 - (1 - confLevel) / 2);
  const p = count / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return { count, n, share: p, lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}
