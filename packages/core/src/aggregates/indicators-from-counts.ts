import { normalQuantile } from '../metrics/distributions.js';
import { kaplanMeierFromCounts, type KaplanMeierOptions } from '../metrics/kaplan-meier.js';
import { proportion, type Proportion } from '../metrics/proportion.js';
import type { RetentionEstimate } from '../metrics/retention.js';
import { aalenJohansenFromCounts } from '../metrics/state-counts.js';
import { studentTQuantile } from '../metrics/student-t.js';
import { goalAttainmentFromCounts, type GoalAttainment } from '../metrics/goal-attainment.js';
import type { AggregateCounts } from './aggregate-file.schema.js';

/** Indicators computed from counts alone: a provider's, or a region's after merging. */
export interface CountedIndicators {
  people: number;
  placed: number;
  retention: {
    /**
     * In work at the horizon, re-placement counted: the Aalen-Johansen estimate (equal to the
     * one from the records), with the Greenwood-type interval that counts allow. Null when
     * nobody was placed, or nobody was followed to the horizon.
     */
    estimate: (RetentionEstimate & { method: 'aalen-johansen' }) | null;
    /** The longest follow-up, in days since a first job (null when nobody was placed). */
    followedTo: number | null;
    /** First-job tenure at the horizon (Kaplan-Meier); null as the estimate, or past a first job still going. */
    firstSpell: { value: number; lower: number | null; upper: number | null; n: number; events: number } | null;
    /** In work at the horizon, of people followed that long. */
    plain: Proportion;
  };
  timeToPlacement: { n: number; median: number | null; lower: number | null; upper: number | null; placedWithinYear: number | null };
  placementRate: Proportion;
  goals: GoalAttainment[];
  /** ESF+ common result indicators for people who left in the last twelve months. */
  esf: { left: number; employedUponLeaving: Proportion; jobSearchingUponLeaving: Proportion; educationUponLeaving: Proportion; employedSixMonths: Proportion; followedUpSixMonths: number };
  distanceTravelled: { instrumentId: string; respondent: 'self' | 'staff'; domain: string; n: number; meanChange: number | null; sd: number | null; lower: number | null; upper: number | null }[];
}

/** The indicators behind a provider's or a region's counts. */
export function indicatorsFromCounts(counts: AggregateCounts, options: KaplanMeierOptions & { horizonDays: number }): CountedIndicators {
  const confLevel = options.confLevel ?? 0.95;
  const horizon = options.horizonDays;
  let estimate: CountedIndicators['retention']['estimate'] = null;
  const occupation = aalenJohansenFromCounts({ states: [...counts.employment.states], rows: counts.employment.rows }, 0, options);
  if (counts.placed > 0 && occupation.followedTo !== null && horizon <= occupation.followedTo) {
    const aj = occupation.at(horizon, 0);
    estimate = { value: aj.value, lower: aj.lower, upper: aj.upper, stdErr: aj.stdErr, n: counts.placed, nRisk: aj.nRisk, method: 'aalen-johansen' };
  }
  const tenure = kaplanMeierFromCounts(counts.firstSpell, options);
  const atHorizon = tenure.survivalAt(horizon);
  // As `retention` on the records: everyone's whole follow-up, and first spells.
  const followedTo = counts.placed > 0 ? Math.max(occupation.followedTo ?? 0, tenure.followedTo ?? 0) : null;
  const placement = kaplanMeierFromCounts(counts.placement, options);
  const z = normalQuantile(1 - (1 - confLevel) / 2);
  return {
    people: counts.people,
    placed: counts.placed,
    retention: {
      estimate,
      followedTo,
      firstSpell: counts.placed > 0 && tenure.knownAt(horizon) ? { value: atHorizon.survival, lower: atHorizon.lower, upper: atHorizon.upper, n: tenure.n, events: tenure.events } : null,
      plain: proportion(counts.retainedPlain.count, counts.retainedPlain.n, confLevel),
    },
    timeToPlacement: {
      n: placement.n,
      median: placement.median,
      lower: placement.medianLower,
      upper: placement.medianUpper,
      placedWithinYear: placement.n > 0 && placement.knownAt(365) ? 1 - placement.survivalAt(365).survival : null,
    },
    placementRate: proportion(counts.placementRate.count, counts.placementRate.n, confLevel),
    goals: counts.goals.map((g) => goalAttainmentFromCounts(g.domain, g.people, g.achieved, g.time, options)),
    esf: {
      left: counts.esf.left,
      employedUponLeaving: proportion(counts.esf.employedUponLeaving, counts.esf.left, confLevel),
      jobSearchingUponLeaving: proportion(counts.esf.jobSearchingUponLeaving, counts.esf.left, confLevel),
      educationUponLeaving: proportion(counts.esf.educationUponLeaving, counts.esf.left, confLevel),
      employedSixMonths: proportion(counts.esf.employedSixMonths, counts.esf.dueSixMonths, confLevel),
      followedUpSixMonths: counts.esf.followedUpSixMonths,
    },
    distanceTravelled: counts.distanceTravelled.map((d) => {
      const base = { instrumentId: d.instrumentId, respondent: d.respondent, domain: d.domain, n: d.n };
      if (d.n === 0) return { ...base, meanChange: null, sd: null, lower: null, upper: null };
      const mean = d.sum / d.n;
      if (d.n === 1) return { ...base, meanChange: mean, sd: null, lower: null, upper: null };
      const sd = Math.sqrt(Math.max(0, (d.sumOfSquares - d.n * mean * mean) / (d.n - 1)));
      // As cohortChange: Student's t, the normal beyond 1,000 people.
      const q = d.n > 1000 ? z : studentTQuantile(1 - (1 - confLevel) / 2, d.n - 1);
      const half = (q * sd) / Math.sqrt(d.n);
      return { ...base, meanChange: mean, sd, lower: mean - half, upper: mean + half };
    }),
  };
}
