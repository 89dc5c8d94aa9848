import { dayNumber } from '../case/dates.js';
import { latestEventDate, type CaseRecord } from './case-record.js';
import type { Period } from './placement-rate.js';
import { proportion, type Proportion } from './proportion.js';

/** Days after leaving that count as "upon leaving" (the ESF+ guidance: within four weeks). */
export const UPON_LEAVING_DAYS = 28;
/** "Six months after leaving": follow-ups from 5 to 7 months after, the one nearest 182 days used. */
export const SIX_MONTHS = { target: 182, from: 152, to: 213 } as const;

export interface EsfResultIndicators extends Period {
  /** Participants who left (whose case closed) in the period. */
  left: number;
  /** ESF+ common immediate result indicators, of the participants who left. */
  uponLeaving: {
    /** "Participants in employment, including self-employment, upon leaving". */
    employed: Proportion;
    /** "Participants engaged in job searching upon leaving". */
    jobSearching: Proportion;
    /** "Participants in education or training upon leaving". */
    education: Proportion;
  };
  /**
   * ESF+ common longer-term result indicator "participants in employment, including
   * self-employment, six months after leaving", of those who left at least six months before the
   * cut-off. People with no follow-up in the window are not counted as employed; `followedUp`
   * says how many had one, so a low coverage is visible.
   */
  sixMonthsAfter: { employed: Proportion; followedUp: number };
}

const WORK = new Set(['employed', 'self-employed']);

/**
 * The ESF+ common result indicators on employment (Regulation (EU) 2021/1057, Annex I), from the
 * same events as every other indicator: leaving is the case's closure; a person is in employment
 * upon leaving if a job of theirs covers the day they left or a follow-up within four weeks found
 * them employed or self-employed; six months after leaving, if the follow-up nearest to 182 days
 * after (from 152 to 213 days) found them so. Follow-ups are `followup.record` events on the
 * closed case. See `docs/metrics.md` for the definitions and a worked example.
 */
export function esfResultIndicators(cases: readonly CaseRecord[], period: Period, options: { asOf?: string; confLevel?: number } = {}): EsfResultIndicators {
  const from = dayNumber(period.from);
  const to = dayNumber(period.to);
  if (!(to >= from)) throw new RangeError(`the period ends (${period.to}) before it starts (${period.from})`);
  const asOf = cases.some((c) => c.events.length) ? dayNumber(options.asOf ?? latestEventDate(cases)) : to;
  let left = 0;
  let employedUpon = 0;
  let searching = 0;
  let education = 0;
  let eligible = 0;
  let followedUp = 0;
  let employedLater = 0;
  for (const c of cases) {
    let leftOn: number | null = null;
    const jobs = new Map<string, { start: number; end: number | null }>();
    const followUps: { day: number; status: string }[] = [];
    for (const e of c.events) {
      const day = dayNumber(e.at);
      if (day > asOf) break;
      if (e.type === 'case.close' && day >= from && day <= to) leftOn = day;
      else if (e.type === 'case.reopen') leftOn = null;
      else if (e.type === 'job.start') jobs.set(e.payload.jobId, { start: day, end: null });
      else if (e.type === 'job.end') {
        const j = jobs.get(e.payload.jobId);
        if (j) j.end = day;
      } else if (e.type === 'followup.record') followUps.push({ day, status: e.payload.status });
    }
    if (leftOn === null) continue;
    const L = leftOn;
    left++;
    const upon = followUps.filter((f) => f.day >= L && f.day <= L + UPON_LEAVING_DAYS);
    const jobAtLeaving = [...jobs.values()].some((j) => j.start <= L && (j.end === null || j.end >= L));
    const workingUpon = jobAtLeaving || upon.some((f) => WORK.has(f.status));
    if (workingUpon) employedUpon++;
    else if (upon.some((f) => f.status === 'job-search')) searching++;
    if (upon.some((f) => f.status === 'education')) education++;
    if (L + SIX_MONTHS.target > asOf) continue;
    eligible++;
    const window = followUps.filter((f) => f.day >= L + SIX_MONTHS.from && f.day <= L + SIX_MONTHS.to);
    if (!window.length) continue;
    followedUp++;
    const nearest = window.reduce((a, b) => (Math.abs(b.day - L - SIX_MONTHS.target) < Math.abs(a.day - L - SIX_MONTHS.target) ? b : a));
    if (WORK.has(nearest.status)) employedLater++;
  }
  const share = (count: number, n: number) => proportion(count, n, options.confLevel);
  return {
    ...period,
    left,
    uponLeaving: { employed: share(employedUpon, left), jobSearching: share(searching, left), education: share(education, left) },
    sixMonthsAfter: { employed: share(employedLater, eligible), followedUp },
  };
}
