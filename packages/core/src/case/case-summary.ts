import type { CaseState } from './case-state.js';

/**
 * What a caseload needs of a case: who it is, where it stands, who works on it and when its next
 * review is due. A few hundred bytes where the whole state holds every goal, job and note, so a
 * device can keep thousands of them in a handful of records.
 */
export type CaseSummary = Pick<CaseState, 'caseId' | 'templateId' | 'templateVersion' | 'providerId' | 'clientRef' | 'status' | 'stage' | 'nextReviewDue' | 'team' | 'lastSeq'>;

/**
 * A case's {@link CaseSummary}, taken from its state (a copy: later changes to the state do not
 * reach it).
 *
 * @example
 * ```ts
 * caseSummary(replay(template, events).state).nextReviewDue; //=> '2026-12-09'
 * ```
 */
export function caseSummary(state: CaseState): CaseSummary {
  return {
    caseId: state.caseId,
    templateId: state.templateId,
    templateVersion: state.templateVersion,
    providerId: state.providerId,
    clientRef: state.clientRef,
    status: state.status,
    stage: state.stage,
    nextReviewDue: state.nextReviewDue,
    team: state.team.map((m) => ({ ...m })),
    lastSeq: state.lastSeq,
  };
}
