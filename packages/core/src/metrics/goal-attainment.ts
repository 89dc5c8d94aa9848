import { dayNumber } from '../case/dates.js';
import { latestEventDate, type CaseRecord, type ObservationWindow } from './case-record.js';
import { kaplanMeierFromCounts, type KaplanMeierOptions } from './kaplan-meier.js';
import { survivalCounts, type SurvivalCount } from './survival-counts.js';
import { proportion, type Proportion } from './proportion.js';

/** How people did on the goals of one domain (documents, housing, income, …). */
export interface GoalAttainment {
  domain: string;
  /** People who had at least one goal in the domain. */
  people: number;
  /** People who achieved one, of those who had one (Wilson interval). */
  achieved: Proportion;
  /**
   * Median days from the first goal in the domain to the first achieved one (Kaplan-Meier:
   * people still working on it, or whose goals were all dropped, are censored then).
   */
  medianDays: number | null;
  medianLower: number | null;
  medianUpper: number | null;
}

/**
 * Goals achieved per domain: the outcome of services whose work is goals rather than jobs,
 * such as social adaptation (documents, housing, income restored) and family support.
 *
 * @example
 * ```ts
 * goalAttainment(cases, { domains: ['documents', 'housing', 'income'] });
 * //=> [{ domain: 'documents', people: 120, achieved: { share: 0.81, … }, medianDays: 64, … }, …]
 * ```
 */
export function goalAttainment(cases: readonly CaseRecord[], options: ObservationWindow & KaplanMeierOptions & { domains?: readonly string[] } = {}): GoalAttainment[] {
  const byDomain = goalObservations(cases, options);
  const order = options.domains ?? [...byDomain.keys()].sort();
  return order.filter((d) => byDomain.has(d)).map((domain) => goalAttainmentFrom(domain, byDomain.get(domain)!, options));
}

/** One domain's figures from its observations (time from the first goal to the first achieved one). */
export function goalAttainmentFrom(domain: string, observations: readonly { time: number; event: boolean }[], options: KaplanMeierOptions = {}): GoalAttainment {
  return goalAttainmentFromCounts(domain, observations.length, observations.filter((o) => o.event).length, survivalCounts(observations), options);
}

/** The same from counts (an aggregate file's): people, achieved, and the time to it by day. */
export function goalAttainmentFromCounts(domain: string, people: number, achieved: number, time: readonly SurvivalCount[], options: KaplanMeierOptions = {}): GoalAttainment {
  const km = kaplanMeierFromCounts(time, options);
  return { domain, people, achieved: proportion(achieved, people, options.confLevel), medianDays: km.median, medianLower: km.medianLower, medianUpper: km.medianUpper };
}

/** Each person's time from their first goal in a domain to the first achieved one, by domain. */
export function goalObservations(cases: readonly CaseRecord[], options: ObservationWindow & { domains?: readonly string[] } = {}): Map<string, { time: number; event: boolean }[]> {
  if (cases.every((c) => c.events.length === 0)) return new Map();
  const asOf = dayNumber(options.asOf ?? latestEventDate(cases));
  const byDomain = new Map<string, { time: number; event: boolean }[]>();
  for (const c of cases) {
    const goals = new Map<string, { domain: string; added: number; achieved: number | null; dropped: number | null }>();
    let closedOn: number | null = null;
    for (const e of c.events) {
      const day = dayNumber(e.at);
      if (day > asOf) break;
      if (e.type === 'goal.add') goals.set(e.payload.goalId, { domain: e.payload.domain, added: day, achieved: null, dropped: null });
      else if (e.type === 'goal.achieve') {
        const g = goals.get(e.payload.goalId);
        if (g) g.achieved = day;
      } else if (e.type === 'goal.drop') {
        const g = goals.get(e.payload.goalId);
        if (g) g.dropped = day;
      } else if (e.type === 'case.close') closedOn = day;
      else if (e.type === 'case.reopen') closedOn = null;
    }
    const end = closedOn ?? asOf;
    const domains = new Map<string, (typeof goals extends Map<string, infer G> ? G : never)[]>();
    for (const g of goals.values()) (domains.get(g.domain) ?? domains.set(g.domain, []).get(g.domain)!).push(g);
    for (const [domain, list] of domains) {
      if (options.domains && !options.domains.includes(domain)) continue;
      const first = Math.min(...list.map((g) => g.added));
      const achieved = list.map((g) => g.achieved).filter((d): d is number => d !== null);
      const obs = (byDomain.get(domain) ?? byDomain.set(domain, []).get(domain)!);
      if (achieved.length) obs.push({ time: Math.min(...achieved) - first, event: true });
      else {
        // Censored when follow-up ends, or when the last open goal was dropped.
        const allDropped = list.every((g) => g.dropped !== null);
        obs.push({ time: (allDropped ? Math.max(...list.map((g) => g.dropped!)) : end) - first, event: false });
      }
    }
  }
  return byDomain;
}
