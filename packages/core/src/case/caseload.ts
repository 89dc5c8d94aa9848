import type { CaseSummary } from './case-summary.js';

export const CASELOAD_DIMENSIONS = ['worker', 'role', 'stage', 'provider', 'template', 'status'] as const;
export type CaseloadDimension = (typeof CASELOAD_DIMENSIONS)[number];

/**
 * Counts cases per worker, role, stage, provider, template or status. Only active and paused
 * cases count (closed ones are no longer anyone's load) unless `includeClosed` is set. A case
 * with two workers counts once for each; a case with none counts under `unassigned`.
 *
 * @example
 * ```ts
 * caseload(states, 'stage'); //=> Map { 'job-finding' => 41, 'on-job-support' => 17, … }
 * ```
 */
export function caseload(
  cases: readonly CaseSummary[],
  by: CaseloadDimension,
  options: { includeClosed?: boolean } = {},
): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const c of cases) {
    if (c.status === 'unopened' || (c.status === 'closed' && !options.includeClosed)) continue;
    switch (by) {
      case 'worker':
        if (c.team.length === 0) add('unassigned');
        for (const id of new Set(c.team.map((m) => m.workerId))) add(id);
        break;
      case 'role':
        if (c.team.length === 0) add('unassigned');
        for (const role of new Set(c.team.map((m) => m.role))) add(role);
        break;
      case 'stage':
        add(c.stage ?? 'none');
        break;
      case 'provider':
        add(c.providerId ?? 'none');
        break;
      case 'template':
        add(c.templateId);
        break;
      case 'status':
        add(c.status);
        break;
    }
  }
  return counts;
}
