import type { CaseEvent } from '../schemas/case-event.schema.js';
import { makeEvent } from './make-event.js';
import { SeededRandom } from './random.js';

export interface AlternatingEmploymentOptions {
  people: number;
  /** Length of the observed period; people enter uniformly over it and are followed to its end. */
  years: number;
  seed: number;
  /** Mean length of a job, in days (each day of work is the last with chance 1 / mean). */
  meanWorkDays: number;
  /** Mean time out of work between jobs, in days. */
  meanOutDays: number;
  /** First day of the period (default 2020-01-01). */
  start?: string;
}

export interface AlternatingEmployment {
  cases: { caseId: string; providerId: string; events: CaseEvent[] }[];
  /** The data cut-off: the last day of the period. */
  cutoff: string;
  /** The true probability of being in work `days` after the first day of the first job. */
  truth(days: number): number;
}

const DAY = 86_400_000;
const ACTOR = { id: 'coach-1', role: 'job-coach' } as const;

/**
 * People who move between work and no work day by day, with a known truth: each day in work is
 * the job's last with chance 1 / `meanWorkDays`, each day out is followed by a new job with
 * chance 1 / `meanOutDays`. No case closes; the only censoring is the cut-off. The state on
 * each day is then a Markov chain, so the share in work t days after the first job is known
 * exactly: a test of whether an estimator of retention is biased.
 *
 * @example
 * ```ts
 * const sim = simulateAlternatingEmployment({ people: 500, years: 4, seed: 1, meanWorkDays: 300, meanOutDays: 120 });
 * retention(sim.cases, { asOf: sim.cutoff }).estimate?.value; // close to sim.truth(365)
 * ```
 */
export function simulateAlternatingEmployment(options: AlternatingEmploymentOptions): AlternatingEmployment {
  const rng = new SeededRandom(options.seed);
  const start = Date.parse(`${options.start ?? '2020-01-01'}T00:00:00Z`);
  const periodDays = Math.round(options.years * 365.25);
  const leave = 1 / options.meanWorkDays;
  const find = 1 / options.meanOutDays;
  const cases: AlternatingEmployment['cases'] = [];
  for (let i = 0; i < options.people; i++) {
    const caseId = `sim-${options.seed}-${i}`;
    const entry = rng.int(0, periodDays - 1);
    const events: CaseEvent[] = [];
    const at = (day: number) => start + day * DAY + 9 * 3_600_000;
    events.push(makeEvent(caseId, 0, 'case.open', at(entry), ACTOR, { templateId: 'euse-supported-employment', templateVersion: 1, providerId: 'provider-1' }));
    // The first job starts some days after entry (its wait does not matter to retention).
    let day = entry + rng.int(0, 60);
    let working = true;
    let job = 0;
    if (day < periodDays) events.push(makeEvent(caseId, events.length, 'job.start', at(day), ACTOR, { jobId: `j${job}`, employer: 'E', openMarket: true }));
    while (day < periodDays - 1) {
      if (working && rng.chance(leave)) {
        events.push(makeEvent(caseId, events.length, 'job.end', at(day), ACTOR, { jobId: `j${job}`, endReason: 'dismissed' }));
        working = false;
      } else if (!working && rng.chance(find)) {
        job++;
        events.push(makeEvent(caseId, events.length, 'job.start', at(day + 1), ACTOR, { jobId: `j${job}`, employer: 'E', openMarket: true }));
        working = true;
      }
      day++;
    }
    cases.push({ caseId, providerId: 'provider-1', events });
  }
  const truth = (days: number): number => {
    // Day 0 in work; p(work) on day t + 1 = p(work)(1 − leave) + p(out)·find.
    let work = 1;
    for (let t = 0; t < days; t++) work = work * (1 - leave) + (1 - work) * find;
    return work;
  };
  return { cases, cutoff: new Date(start + (periodDays - 1) * DAY).toISOString().slice(0, 10), truth };
}
