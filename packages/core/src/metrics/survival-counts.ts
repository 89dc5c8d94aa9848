/** One person's follow-up: `time` to the event (`event: true`) or to censoring (`false`). */
export interface SurvivalObservation {
  time: number;
  event: boolean;
}

/** Events and censorings at one time. Sums across partitions without loss. */
export interface SurvivalCount {
  time: number;
  events: number;
  censored: number;
}

/** Thrown when survival input cannot be analysed; says which item and why. */
export class SurvivalInputError extends Error {
  override readonly name = 'SurvivalInputError';
}

/**
 * Aggregates observations into counts per distinct time, sorted by time.
 *
 * @remarks
 * Counts are sufficient for the Kaplan-Meier curve and the log-rank test, and they add up: each
 * provider (or each shard of a Spark or DuckDB job) computes its counts, and
 * {@link mergeSurvivalCounts} combines them into exactly the curve a single pass over all the
 * records would give, without moving personal records.
 *
 * @example
 * ```ts
 * survivalCounts([{ time: 5, event: true }, { time: 5, event: false }, { time: 2, event: true }]);
 * //=> [{ time: 2, events: 1, censored: 0 }, { time: 5, events: 1, censored: 1 }]
 * ```
 */
export function survivalCounts(observations: readonly SurvivalObservation[]): SurvivalCount[] {
  const n = observations.length;
  const eventTimes = new Float64Array(n);
  const censorTimes = new Float64Array(n);
  let ne = 0;
  let nc = 0;
  for (let i = 0; i < n; i++) {
    const o = observations[i]!;
    const t = o?.time;
    if (typeof t !== 'number' || !Number.isFinite(t)) {
      throw new SurvivalInputError(`observations[${i}].time must be a finite number, got ${String(t)}`);
    }
    if (o.event === true) eventTimes[ne++] = t;
    else if (o.event === false) censorTimes[nc++] = t;
    else throw new SurvivalInputError(`observations[${i}].event must be true (event) or false (censored), got ${String(o.event)}`);
  }
  const ev = eventTimes.subarray(0, ne).sort();
  const ce = censorTimes.subarray(0, nc).sort();
  const out: SurvivalCount[] = [];
  let i = 0;
  let j = 0;
  while (i < ne || j < nc) {
    const t = j >= nc || (i < ne && ev[i]! <= ce[j]!) ? ev[i]! : ce[j]!;
    let events = 0;
    let censored = 0;
    while (i < ne && ev[i] === t) {
      events++;
      i++;
    }
    while (j < nc && ce[j] === t) {
      censored++;
      j++;
    }
    out.push({ time: t, events, censored });
  }
  return out;
}

/** Sums count tables from several partitions into one, sorted by time. */
export function mergeSurvivalCounts(...parts: readonly (readonly SurvivalCount[])[]): SurvivalCount[] {
  const byTime = new Map<number, SurvivalCount>();
  parts.forEach((part, p) =>
    part.forEach((c, i) => {
      if (!Number.isFinite(c.time) || !Number.isInteger(c.events) || !Number.isInteger(c.censored) || c.events < 0 || c.censored < 0) {
        throw new SurvivalInputError(`part ${p}, count ${i}: time must be finite and events, censored whole numbers ≥ 0`);
      }
      const seen = byTime.get(c.time);
      if (seen) {
        seen.events += c.events;
        seen.censored += c.censored;
      } else byTime.set(c.time, { time: c.time, events: c.events, censored: c.censored });
    }),
  );
  return [...byTime.values()].filter((c) => c.events + c.censored > 0).sort((a, b) => a.time - b.time);
}
