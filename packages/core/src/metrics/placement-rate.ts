import { dayNumber } from '../case/dates.js';
import type { CaseRecord } from './case-record.js';
import { employmentSpells } from './employment-spells.js';
import { proportion, type Proportion } from './proportion.js';

export interface Period {
  /** First day (ISO date), inclusive. */
  from: string;
  /** Last day (ISO date), inclusive. */
  to: string;
}

/**
 * The share of people in the programme during a period who started a job in it.
 *
 * @remarks
 * A person counts in the denominator if their case was open (active or paused) on any day of
 * the period, and in the numerator if a job of theirs started in it (a re-placement counts).
 */
export function placementRate(cases: readonly CaseRecord[], period: Period, options: { confLevel?: number } = {}): Proportion & Period {
  const from = dayNumber(period.from);
  const to = dayNumber(period.to);
  if (!(to >= from)) throw new RangeError(`the period ends (${period.to}) before it starts (${period.from})`);
  const byId = new Map(cases.map((c) => [c.caseId, c]));
  let eligible = 0;
  let placed = 0;
  for (const h of employmentSpells(cases, { asOf: period.to })) {
    if (h.programmeStart > to || h.followUpEnd < from) continue;
    eligible++;
    // Any job start counts, a job-to-job move inside one spell included.
    const started = byId.get(h.caseId)!.events.some((e) => {
      if (e.type !== 'job.start') return false;
      const day = dayNumber(e.at);
      return day >= from && day <= to;
    });
    if (started) placed++;
  }
  return { ...proportion(placed, eligible, options.confLevel), ...period };
}
