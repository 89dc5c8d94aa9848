import type { CaseEvent } from '../schemas/case-event.schema.js';

/** A case as metrics read it: its provider and its events (as exported, or from `simulatePopulation`). */
export interface CaseRecord {
  caseId: string;
  providerId: string;
  events: readonly CaseEvent[];
}

/** Options every indicator takes. */
export interface ObservationWindow {
  /**
   * The data cut-off (ISO date or instant): follow-up of everyone still in ends here. Default:
   * the latest event in the data.
   */
  asOf?: string;
}

/** The latest event time across cases, as a calendar date. */
export function latestEventDate(cases: readonly CaseRecord[]): string {
  let last = '';
  for (const c of cases) {
    const e = c.events[c.events.length - 1];
    if (e && e.at > last) last = e.at;
  }
  if (last === '') throw new Error('no events: pass `asOf` or at least one case with events');
  return last.slice(0, 10);
}
