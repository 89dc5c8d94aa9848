import { addDays } from '../case/dates.js';
import type { CaseRecord } from '../metrics/case-record.js';
import { placementRate } from '../metrics/placement-rate.js';
import { EMPLOYMENT_STATES, retention } from '../metrics/retention.js';
import { mergeStateCounts, stateCounts } from '../metrics/state-counts.js';
import { mergeSurvivalCounts, survivalCounts } from '../metrics/survival-counts.js';
import { timeToPlacement } from '../metrics/time-to-placement.js';
import { goalObservations } from '../metrics/goal-attainment.js';
import { esfResultIndicators } from '../metrics/esf-indicators.js';
import type { AggregateCounts } from './aggregate-file.schema.js';

export interface CountOptions {
  /** The data cut-off (ISO date). */
  asOf: string;
  /** Retention horizon (default 365). */
  horizonDays?: number;
  /** Jobs this close form one spell (default 0). */
  maxGapDays?: number;
}

/**
 * Each person's first and last scored assessment per instrument and respondent, as the change
 * per domain, summed: what a mean change and its interval need.
 */
function changeSums(cases: readonly CaseRecord[], asOf: string): AggregateCounts['distanceTravelled'] {
  const sums = new Map<string, AggregateCounts['distanceTravelled'][number]>();
  const until = `${asOf}T23:59:59.999Z`;
  for (const c of cases) {
    const byInstrument = new Map<string, { first: Record<string, number | null>; last: Record<string, number | null>; count: number; instrumentId: string; respondent: 'self' | 'staff' }>();
    for (const e of c.events) {
      if (e.at > until) break;
      if (e.type !== 'assessment.record' || !e.payload.scores) continue;
      const key = `${e.payload.instrumentId}\u0000${e.payload.respondent}`;
      const seen = byInstrument.get(key);
      if (seen) {
        seen.last = e.payload.scores;
        seen.count++;
      } else byInstrument.set(key, { first: e.payload.scores, last: e.payload.scores, count: 1, instrumentId: e.payload.instrumentId, respondent: e.payload.respondent });
    }
    for (const a of byInstrument.values()) {
      if (a.count < 2) continue;
      for (const [domain, before] of Object.entries(a.first)) {
        const after = a.last[domain];
        if (before === null || after === null || after === undefined) continue;
        const change = after - before;
        const key = `${a.instrumentId}\u0000${a.respondent}\u0000${domain}`;
        const s = sums.get(key) ?? { instrumentId: a.instrumentId, respondent: a.respondent, domain, n: 0, sum: 0, sumOfSquares: 0 };
        s.n++;
        s.sum += change;
        s.sumOfSquares += change * change;
        sums.set(key, s);
      }
    }
  }
  return [...sums.values()].sort((a, b) => `${a.instrumentId} ${a.respondent} ${a.domain}`.localeCompare(`${b.instrumentId} ${b.respondent} ${b.domain}`));
}

/**
 * The counts behind every indicator for a set of cases: what a provider's aggregate file carries.
 * They add up across providers ({@link mergeCounts}) to exactly the counts of all their cases.
 */
export function countCases(cases: readonly CaseRecord[], options: CountOptions): AggregateCounts {
  const spellOptions = { asOf: options.asOf, maxGapDays: options.maxGapDays ?? 0 };
  const r = retention(cases, { ...spellOptions, horizonDays: options.horizonDays ?? 365 });
  const t = timeToPlacement(cases, spellOptions);
  const lastYear = { from: addDays(options.asOf, -364), to: options.asOf };
  const rate = placementRate(cases, lastYear);
  const esf = esfResultIndicators(cases, lastYear, { asOf: options.asOf });
  const goals = [...goalObservations(cases, { asOf: options.asOf })]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([domain, obs]) => ({ domain, people: obs.length, achieved: obs.filter((o) => o.event).length, time: survivalCounts(obs) }));
  return {
    people: t.observations.length,
    placed: r.placed,
    employment: { states: [...EMPLOYMENT_STATES], rows: stateCounts(r.spans, EMPLOYMENT_STATES).rows },
    firstSpell: survivalCounts(r.observations),
    retainedPlain: { count: r.plain.count, n: r.plain.n },
    placement: survivalCounts(t.observations),
    placementRate: { count: rate.count, n: rate.n },
    distanceTravelled: changeSums(cases, options.asOf),
    goals,
    esf: {
      left: esf.left,
      employedUponLeaving: esf.uponLeaving.employed.count,
      jobSearchingUponLeaving: esf.uponLeaving.jobSearching.count,
      educationUponLeaving: esf.uponLeaving.education.count,
      dueSixMonths: esf.sixMonthsAfter.employed.n,
      followedUpSixMonths: esf.sixMonthsAfter.followedUp,
      employedSixMonths: esf.sixMonthsAfter.employed.count,
    },
  };
}

/** Adds the counts of several providers: the counts of all their cases together. */
export function mergeCounts(parts: readonly AggregateCounts[]): AggregateCounts {
  const sums = new Map<string, AggregateCounts['distanceTravelled'][number]>();
  for (const p of parts) {
    for (const d of p.distanceTravelled) {
      const key = `${d.instrumentId}\u0000${d.respondent}\u0000${d.domain}`;
      const s = sums.get(key) ?? { ...d, n: 0, sum: 0, sumOfSquares: 0 };
      s.n += d.n;
      s.sum += d.sum;
      s.sumOfSquares += d.sumOfSquares;
      sums.set(key, s);
    }
  }
  const ratio = (pick: (c: AggregateCounts) => { count: number; n: number }) =>
    parts.reduce((acc, p) => ({ count: acc.count + pick(p).count, n: acc.n + pick(p).n }), { count: 0, n: 0 });
  return {
    people: parts.reduce((n, p) => n + p.people, 0),
    placed: parts.reduce((n, p) => n + p.placed, 0),
    employment: { states: [...EMPLOYMENT_STATES], rows: mergeStateCounts(...parts.map((p) => ({ states: [...p.employment.states], rows: p.employment.rows }))).rows },
    firstSpell: mergeSurvivalCounts(...parts.map((p) => p.firstSpell)),
    retainedPlain: ratio((p) => p.retainedPlain),
    placement: mergeSurvivalCounts(...parts.map((p) => p.placement)),
    placementRate: ratio((p) => p.placementRate),
    distanceTravelled: [...sums.values()].sort((a, b) => `${a.instrumentId} ${a.respondent} ${a.domain}`.localeCompare(`${b.instrumentId} ${b.respondent} ${b.domain}`)),
    goals: mergeGoals(parts),
    esf: Object.fromEntries(
      (['left', 'employedUponLeaving', 'jobSearchingUponLeaving', 'educationUponLeaving', 'dueSixMonths', 'followedUpSixMonths', 'employedSixMonths'] as const).map((k) => [k, parts.reduce((n, p) => n + p.esf[k], 0)]),
    ) as AggregateCounts['esf'],
  };
}

function mergeGoals(parts: readonly AggregateCounts[]): AggregateCounts['goals'] {
  const byDomain = new Map<string, { people: number; achieved: number; times: AggregateCounts['goals'][number]['time'][] }>();
  for (const p of parts) {
    for (const g of p.goals) {
      const d = byDomain.get(g.domain) ?? byDomain.set(g.domain, { people: 0, achieved: 0, times: [] }).get(g.domain)!;
      d.people += g.people;
      d.achieved += g.achieved;
      d.times.push(g.time);
    }
  }
  return [...byDomain]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([domain, d]) => ({ domain, people: d.people, achieved: d.achieved, time: mergeSurvivalCounts(...d.times) }));
}
