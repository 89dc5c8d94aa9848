import { normalQuantile } from './distributions.js';
import type { StateSpan } from './aalen-johansen.js';
import { confidenceLimits, type KaplanMeierOptions } from './kaplan-meier.js';
import { SurvivalInputError } from './survival-counts.js';

/**
 * What happened at one time, summed over people: how many started a stretch in each state
 * (entered the risk set just after this time), how many stretches in each state ended here, and
 * how many of those ended by moving to another state. Sums across partitions without loss.
 */
export interface StateCount {
  time: number;
  /** `entered[h]`: stretches in state h starting at this time (at risk from just after it). */
  entered: number[];
  /** `left[h]`: stretches in state h ending at this time (at risk up to and including it). */
  left: number[];
  /** `moved[h][j]`: of those, how many moved from h to j here (the rest were censored). */
  moved: number[][];
}

/** Counts behind a multi-state estimate: the states, and the rows by time. */
export interface StateCounts {
  states: string[];
  rows: StateCount[];
}

/**
 * Turns multi-state rows into counts per time. Counts are sufficient for the Aalen-Johansen
 * estimate (and its Greenwood-type variance) and they add up: each provider computes its
 * counts, and {@link mergeStateCounts} gives the counts of everyone, so the regional estimate
 * equals the one from all the records, without moving a single record.
 */
export function stateCounts(spans: readonly StateSpan[], states: readonly string[]): StateCounts {
  const K = states.length;
  const byTime = new Map<number, StateCount>();
  const at = (time: number) => {
    let row = byTime.get(time);
    if (!row) {
      row = { time, entered: new Array<number>(K).fill(0), left: new Array<number>(K).fill(0), moved: Array.from({ length: K }, () => new Array<number>(K).fill(0)) };
      byTime.set(time, row);
    }
    return row;
  };
  for (const [i, s] of spans.entries()) {
    if (!(s.stop > s.start)) throw new SurvivalInputError(`span ${i} (id "${s.id}"): stop ${s.stop} must be after start ${s.start}`);
    if (!Number.isInteger(s.state) || s.state < 0 || s.state >= K) throw new SurvivalInputError(`span ${i} (id "${s.id}"): state ${s.state} is not one of the ${K} states`);
    at(s.start).entered[s.state]! += 1;
    const end = at(s.stop);
    end.left[s.state]! += 1;
    if (s.to !== null) end.moved[s.state]![s.to]! += 1;
  }
  return { states: [...states], rows: [...byTime.values()].sort((a, b) => a.time - b.time) };
}

/** Adds counts of the same states, as if all their people had been counted together. */
export function mergeStateCounts(...parts: readonly StateCounts[]): StateCounts {
  const states = parts[0]?.states ?? [];
  for (const p of parts) {
    if (p.states.join('\u0000') !== states.join('\u0000')) throw new SurvivalInputError(`cannot merge counts over different states: [${p.states.join(', ')}] and [${states.join(', ')}]`);
  }
  const K = states.length;
  const byTime = new Map<number, StateCount>();
  for (const p of parts) {
    for (const r of p.rows) {
      let row = byTime.get(r.time);
      if (!row) {
        row = { time: r.time, entered: new Array<number>(K).fill(0), left: new Array<number>(K).fill(0), moved: Array.from({ length: K }, () => new Array<number>(K).fill(0)) };
        byTime.set(r.time, row);
      }
      for (let h = 0; h < K; h++) {
        row.entered[h]! += r.entered[h]!;
        row.left[h]! += r.left[h]!;
        for (let j = 0; j < K; j++) row.moved[h]![j]! += r.moved[h]![j]!;
      }
    }
  }
  return { states: [...states], rows: [...byTime.values()].sort((a, b) => a.time - b.time) };
}

/** A state probability from counts, with its Greenwood-type standard error and limits. */
export interface CountedStateProbability {
  time: number;
  value: number;
  stdErr: number;
  lower: number | null;
  upper: number | null;
  /** In any state just before `time`. */
  nRisk: number;
}

/**
 * The Aalen-Johansen estimate from counts, for people who all start in state `initial` at time
 * 0: the same point estimate as {@link aalenJohansen} on the records, with the Greenwood-type
 * variance of Andersen, Borgan, Gill and Keiding (1993, section IV.4), which needs counts only.
 *
 * @remarks
 * Each time's increments dA(t) are taken as multinomial within each state's risk set:
 * Cov(dA_hj, dA_hk) = d_hj (δ_jk·Y_h − d_hk) / Y_h³. Their effect on p(t) is carried to the
 * requested time by the later increments, and the contributions of different times add.
 * (R: the `etm` package with `var.type = "greenwood"`.)
 */
export function aalenJohansenFromCounts(
  counts: StateCounts,
  initial: number,
  options: KaplanMeierOptions = {},
): { at(time: number, state: number): CountedStateProbability; steps: { time: number; pstate: number[] }[]; followedTo: number | null } {
  const K = counts.states.length;
  const confLevel = options.confLevel ?? 0.95;
  const confType = options.confType ?? 'log';
  const z = normalQuantile(1 - (1 - confLevel) / 2);
  // Times with a move, their risk sets (in h just before t: entered before t, not left before t).
  const change: { time: number; risk: number[]; moved: number[][] }[] = [];
  const risk = new Array<number>(K).fill(0);
  for (const r of counts.rows) {
    if (r.moved.some((row) => row.some((d) => d > 0))) change.push({ time: r.time, risk: [...risk], moved: r.moved });
    for (let h = 0; h < K; h++) risk[h]! += r.entered[h]! - r.left[h]!;
  }
  // Risk sets count entries at earlier times only: `risk` before adding this row's entries and exits.
  const p = new Array<number>(K).fill(0);
  p[initial] = 1;
  const before: number[][] = [];
  const steps: { time: number; pstate: number[] }[] = [];
  for (const c of change) {
    before.push([...p]);
    const next = [...p];
    for (let h = 0; h < K; h++) {
      const y = c.risk[h]!;
      if (y <= 0) continue;
      for (let j = 0; j < K; j++) {
        const d = c.moved[h]![j]!;
        if (d === 0 || j === h) continue;
        next[h]! -= (p[h]! * d) / y;
        next[j]! += (p[h]! * d) / y;
      }
    }
    p.splice(0, K, ...next);
    steps.push({ time: c.time, pstate: [...p] });
  }
  const riskAt = (time: number) => {
    let n = 0;
    for (const r of counts.rows) {
      if (r.time >= time) break;
      for (let h = 0; h < K; h++) n += r.entered[h]! - r.left[h]!;
    }
    return n;
  };
  const at = (time: number, state: number): CountedStateProbability => {
    let last = 0;
    while (last < change.length && change[last]!.time <= time) last++;
    const value = last > 0 ? steps[last - 1]!.pstate[state]! : state === initial ? 1 : 0;
    // carry[h] = P(t_k, time)[h][state], updated backwards through the increments after t_k.
    let carry = Array.from({ length: K }, (_, h) => (h === state ? 1 : 0));
    let variance = 0;
    for (let k = last - 1; k >= 0; k--) {
      const c = change[k]!;
      for (let h = 0; h < K; h++) {
        const y = c.risk[h]!;
        if (y <= 0) continue;
        const g = (j: number) => carry[j]! - carry[h]!;
        let v = 0;
        for (let j = 0; j < K; j++) {
          const dj = c.moved[h]![j]!;
          if (dj === 0 || j === h) continue;
          for (let l = 0; l < K; l++) {
            const dl = c.moved[h]![l]!;
            if (dl === 0 || l === h) continue;
            v += ((dj * ((j === l ? y : 0) - dl)) / y ** 3) * g(j) * g(l);
          }
        }
        variance += before[k]![h]! ** 2 * v;
      }
      // carry ← (I + dA(t_k)) · carry
      const next = [...carry];
      for (let h = 0; h < K; h++) {
        const y = c.risk[h]!;
        if (y <= 0) continue;
        for (let j = 0; j < K; j++) if (j !== h && c.moved[h]![j]) next[h]! += (c.moved[h]![j]! / y) * (carry[j]! - carry[h]!);
      }
      carry = next;
    }
    const stdErr = Math.sqrt(Math.max(0, variance));
    const [lower, upper] = confidenceLimits(value, stdErr === 0 ? 0 : stdErr / value, z, confType);
    return { time, value, stdErr, lower, upper, nRisk: riskAt(time) };
  };
  const followedTo = counts.rows.length > 0 ? counts.rows.reduce((t, r) => Math.max(t, r.time), -Infinity) : null;
  return { at, steps, followedTo };
}
