import { chiSquareTail } from './distributions.js';
import { survivalCounts, SurvivalInputError, type SurvivalObservation } from './survival-counts.js';

export interface LogRankGroup {
  group: string;
  n: number;
  observed: number;
  expected: number;
}

export interface LogRankResult {
  chiSquare: number;
  df: number;
  pValue: number;
  groups: LogRankGroup[];
  /** Observed and expected events by group name. */
  observed: Record<string, number>;
  expected: Record<string, number>;
}

/** Solves `A x = b` by Gaussian elimination with partial pivoting; null when singular. */
function solve(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    if (Math.abs(m[pivot]![col]!) < 1e-12) return null;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / m[col]![col]!;
      for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

/**
 * The log-rank test that survival differs between groups, as R's `survdiff` with `rho = 0`.
 *
 * @example
 * ```ts
 * const { chiSquare, df, pValue } = logRank({ maintained: [...], control: [...] });
 * ```
 *
 * @param groups - Observations per group name (an object or a Map).
 */
export function logRank(
  groups: Readonly<Record<string, readonly SurvivalObservation[]>> | ReadonlyMap<string, readonly SurvivalObservation[]>,
): LogRankResult {
  const entries: [string, readonly SurvivalObservation[]][] =
    groups instanceof Map
      ? [...(groups as ReadonlyMap<string, readonly SurvivalObservation[]>).entries()]
      : Object.entries(groups as Readonly<Record<string, readonly SurvivalObservation[]>>);
  if (entries.length < 2) throw new SurvivalInputError(`logRank needs at least two groups, got ${entries.length}`);
  const k = entries.length;
  const counts = entries.map(([name, obs]) => {
    try {
      return survivalCounts(obs);
    } catch (error) {
      throw new SurvivalInputError(`group "${name}": ${(error as Error).message}`);
    }
  });
  const atRisk = counts.map((c) => c.reduce((n, x) => n + x.events + x.censored, 0));
  const n = atRisk.slice();
  const pos = new Array<number>(k).fill(0);
  const observed = new Array<number>(k).fill(0);
  const expected = new Array<number>(k).fill(0);
  const variance = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (;;) {
    let t = Number.POSITIVE_INFINITY;
    for (let g = 0; g < k; g++) if (pos[g]! < counts[g]!.length) t = Math.min(t, counts[g]![pos[g]!]!.time);
    if (t === Number.POSITIVE_INFINITY) break;
    const d = new Array<number>(k).fill(0);
    const c = new Array<number>(k).fill(0);
    for (let g = 0; g < k; g++) {
      const row = counts[g]![pos[g]!];
      if (row && row.time === t) {
        d[g] = row.events;
        c[g] = row.censored;
        pos[g]!++;
      }
    }
    const nt = atRisk.reduce((a, b) => a + b, 0);
    const dt = d.reduce((a, b) => a + b, 0);
    if (dt > 0) {
      for (let g = 0; g < k; g++) {
        observed[g]! += d[g]!;
        expected[g]! += (dt * atRisk[g]!) / nt;
      }
      if (nt > 1) {
        const f = (dt * (nt - dt)) / (nt * nt * (nt - 1));
        for (let g = 0; g < k; g++) {
          for (let h = 0; h < k; h++) variance[g]![h]! += f * atRisk[g]! * ((g === h ? nt : 0) - atRisk[h]!);
        }
      }
    }
    for (let g = 0; g < k; g++) atRisk[g]! -= d[g]! + c[g]!;
  }
  // As survdiff: keep groups with expected events, drop the first, and solve.
  const kept = expected.map((e, g) => (e > 0 ? g : -1)).filter((g) => g >= 0);
  let chiSquare = 0;
  const df = Math.max(kept.length - 1, 0);
  if (kept.length >= 2) {
    const idx = kept.slice(1);
    const diff = idx.map((g) => observed[g]! - expected[g]!);
    const v = idx.map((g) => idx.map((h) => variance[g]![h]!));
    const x = solve(v, diff);
    if (x === null) throw new SurvivalInputError('the log-rank variance matrix is singular; check that groups overlap in time');
    chiSquare = x.reduce((s, xi, i) => s + xi * diff[i]!, 0);
  }
  const result: LogRankResult = {
    chiSquare,
    df,
    pValue: df > 0 ? chiSquareTail(chiSquare, df) : 1,
    groups: entries.map(([group], g) => ({ group, n: n[g]!, observed: observed[g]!, expected: expected[g]! })),
    observed: Object.fromEntries(entries.map(([group], g) => [group, observed[g]!])),
    expected: Object.fromEntries(entries.map(([group], g) => [group, expected[g]!])),
  };
  return result;
}
