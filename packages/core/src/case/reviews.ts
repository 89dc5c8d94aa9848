import type { CaseSummary } from './case-summary.js';
import { daysBetween } from './dates.js';

export interface DueReview {
  caseId: string;
  providerId: string | null;
  stage: string | null;
  /** Calendar date the review is due. */
  due: string;
  /** `overdue` when the date has passed, `upcoming` when it falls within the window. */
  status: 'overdue' | 'upcoming';
  /** Days until the review (negative when overdue). */
  daysUntil: number;
  /** Workers assigned to the case. */
  workerIds: string[];
}

/**
 * Lists reviews that are overdue or due within `withinDays` of `now`, most urgent first.
 * Paused and closed cases have no review due.
 *
 * @example
 * ```ts
 * dueReviews(states, '2026-05-01', { withinDays: 7 }).map((r) => [r.caseId, r.status, r.daysUntil]);
 * //=> [['c-17', 'overdue', -3], ['c-4', 'upcoming', 2]]
 * ```
 */
export function dueReviews(
  cases: readonly CaseSummary[],
  now: string | Date,
  options: { withinDays?: number } = {},
): DueReview[] {
  const today = (typeof now === 'string' ? now : now.toISOString()).slice(0, 10);
  const within = options.withinDays ?? 14;
  const out: DueReview[] = [];
  for (const c of cases) {
    if (c.status !== 'active' || c.nextReviewDue === null || c.caseId === null) continue;
    const daysUntil = daysBetween(today, c.nextReviewDue);
    if (daysUntil > within) continue;
    out.push({
      caseId: c.caseId,
      providerId: c.providerId,
      stage: c.stage,
      due: c.nextReviewDue,
      status: daysUntil < 0 ? 'overdue' : 'upcoming',
      daysUntil,
      workerIds: c.team.map((m) => m.workerId),
    });
  }
  // Ids compare by code unit: locale-aware comparison cost seconds on caseloads of thousands.
  return out.sort((a, b) => a.daysUntil - b.daysUntil || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
}
