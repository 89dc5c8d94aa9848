import { dayNumber } from '../case/dates.js';
import { latestEventDate, type CaseRecord, type ObservationWindow } from './case-record.js';

/** A stretch of continuous employment, in days since 1970-01-01 (calendar days, UTC). */
export interface EmploymentSpell {
  start: number;
  /** Last day of work, or null when still employed at the end of follow-up. */
  end: number | null;
  jobIds: string[];
}

export interface EmploymentHistory {
  caseId: string;
  providerId: string;
  /** Day the person entered the programme (first `case.open`). */
  programmeStart: number;
  /** Day follow-up ends: the cut-off, or the case's closure if it is closed at the cut-off. */
  followUpEnd: number;
  spells: EmploymentSpell[];
}

export interface SpellOptions extends ObservationWindow {
  /**
   * Jobs separated by at most this many days form one spell, so a job-to-job move counts as
   * continuous employment (default 0: only overlapping or back-to-back jobs join).
   */
  maxGapDays?: number;
}

/**
 * Each person's employment spells, read from `job.start` / `job.end` events, with the
 * programme start and the end of follow-up. The basis of the retention and placement indicators.
 *
 * @example
 * ```ts
 * employmentSpells(cases, { maxGapDays: 30 })[0];
 * //=> { caseId: 'c-1', providerId: 'p-1', programmeStart: 19725, followUpEnd: 20454, spells: [{ start: 19801, end: 19920, jobIds: ['j1', 'j2'] }] }
 * ```
 */
export function employmentSpells(cases: readonly CaseRecord[], options: SpellOptions = {}): EmploymentHistory[] {
  const maxGap = options.maxGapDays ?? 0;
  if (!(maxGap >= 0)) throw new RangeError(`maxGapDays must be 0 or more, got ${maxGap}`);
  if (cases.every((c) => c.events.length === 0)) return [];
  const asOf = dayNumber(options.asOf ?? latestEventDate(cases));
  const out: EmploymentHistory[] = [];
  for (const c of cases) {
    let programmeStart: number | null = null;
    let closedOn: number | null = null;
    const jobs = new Map<string, { start: number; end: number | null }>();
    for (const e of c.events) {
      const day = dayNumber(e.at);
      if (day > asOf) break;
      switch (e.type) {
        case 'case.open':
          programmeStart ??= day;
          break;
        case 'case.close':
          closedOn = day;
          break;
        case 'case.reopen':
          closedOn = null;
          break;
        case 'job.start':
          jobs.set(e.payload.jobId, { start: day, end: null });
          break;
        case 'job.end': {
          const job = jobs.get(e.payload.jobId);
          if (job) job.end = day;
          break;
        }
        default:
          break;
      }
    }
    if (programmeStart === null) continue;
    const followUpEnd = closedOn ?? asOf;
    const sorted = [...jobs.entries()].sort((a, b) => a[1].start - b[1].start);
    const spells: EmploymentSpell[] = [];
    for (const [jobId, job] of sorted) {
      if (job.start > followUpEnd) continue;
      const end = job.end === null || job.end > followUpEnd ? null : job.end;
      const last = spells[spells.length - 1];
      if (last && (last.end === null || job.start - last.end <= maxGap)) {
        last.jobIds.push(jobId);
        last.end = last.end === null || end === null ? null : Math.max(last.end, end);
      } else spells.push({ start: job.start, end, jobIds: [jobId] });
    }
    out.push({ caseId: c.caseId, providerId: c.providerId, programmeStart, followUpEnd, spells });
  }
  return out;
}
