import { describe, expect, it } from 'vitest';
import { simulateAlternatingEmployment } from '../testing/alternating-employment.js';
import { employmentSpells, type EmploymentHistory } from './employment-spells.js';
import { kaplanMeier } from './kaplan-meier.js';
import { retention } from './retention.js';

/**
 * The estimator before the Aalen-Johansen one, kept here as the control: a person out of work
 * when follow-up ends is censored at their last job's end. It drops exactly the people who
 * would have counted as out of work, so it overstates retention; the test shows it fails where
 * the headline passes.
 */
function censoredAtLastJobEnd(histories: readonly EmploymentHistory[], horizonDays: number): number {
  const observations = histories.flatMap((h) => {
    const first = h.spells[0];
    if (!first) return [];
    const origin = first.start;
    const until = Math.min(origin + horizonDays, h.followUpEnd);
    const working = h.spells.some((s) => s.start <= until && (s.end === null || s.end >= until));
    if (working) return [{ time: until - origin, event: false }];
    let gapStart = origin;
    for (const s of h.spells) if (s.start <= until && s.end !== null && s.end < until) gapStart = Math.max(gapStart, s.end);
    return [{ time: gapStart - origin, event: h.followUpEnd >= origin + horizonDays }];
  });
  return kaplanMeier(observations).survivalAt(horizonDays).survival;
}

describe('retention against a known truth', () => {
  // People alternate between work and no work; no case closes; the cut-off is the only censoring.
  const SEEDS = 200;
  const runs = Array.from({ length: SEEDS }, (_, i) => simulateAlternatingEmployment({ people: 300, years: 3, seed: 1000 + i, meanWorkDays: 300, meanOutDays: 120 }));
  const truth = runs[0]!.truth(365);

  it('the headline (Aalen-Johansen) is unbiased and its 95% interval covers the truth about 95% of the time', () => {
    let error = 0;
    let covered = 0;
    for (const sim of runs) {
      const e = retention(sim.cases, { asOf: sim.cutoff }).estimate!;
      expect(e.method).toBe('aalen-johansen');
      error += e.value - truth;
      if (e.lower! <= truth && truth <= e.upper!) covered++;
    }
    const meanError = error / SEEDS;
    const coverage = covered / SEEDS;
    expect(Math.abs(meanError), `mean error ${meanError}`).toBeLessThan(0.005);
    // 200 runs: the binomial standard deviation of the coverage is 0.015.
    expect(coverage, `coverage ${coverage}`).toBeGreaterThan(0.91);
    expect(coverage, `coverage ${coverage}`).toBeLessThan(0.99);
  });

  it('the old construction (censored at the last job’s end) overstates it, as reported', () => {
    let error = 0;
    for (const sim of runs) error += censoredAtLastJobEnd(employmentSpells(sim.cases, { asOf: sim.cutoff }), 365) - truth;
    expect(error / SEEDS).toBeGreaterThan(0.01);
  });

  it('the plain share of people followed a whole year stays near the truth too', () => {
    let error = 0;
    for (const sim of runs) error += retention(sim.cases, { asOf: sim.cutoff }).plain.share! - truth;
    expect(Math.abs(error / SEEDS)).toBeLessThan(0.01);
  });
});
