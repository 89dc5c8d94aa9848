import type { CaseEvent } from '../schemas/case-event.schema.js';
import type { RefusalReason } from './refusal-reason.js';

/** The rules an event can break, each with a stable id. */
export const REJECTION_RULES = [
  'case-mismatch',
  'sequence',
  'time-order',
  'before-open',
  'template-mismatch',
  'not-opened',
  'already-opened',
  'case-closed',
  'not-closed',
  'case-paused',
  'not-paused',
  'unknown-stage',
  'transition-not-allowed',
  'requirement-not-met',
  'unknown-outcome',
  'duplicate-id',
  'unknown-reference',
  'invalid-state',
  'unknown-goal-domain',
  'approver-role',
  'incomplete-change',
] as const;
export type RejectionRule = (typeof REJECTION_RULES)[number];

/** Why one event was not applied. */
export interface CaseEventRejection {
  /** Sequence number and id of the rejected event. */
  seq: number;
  eventId: string;
  eventType: CaseEvent['type'];
  rule: RejectionRule;
  /** For `requirement-not-met`: the failed requirements' names, e.g. `consent:service`. */
  requirements?: string[];
  /** Plain words a case worker can act on, in English (`explainRefusal(because)`). */
  reason: string;
  /** The same as data, for saying it in another language. */
  because: RefusalReason;
}

/** Thrown by {@link replay} and {@link applyEvent} when an event is invalid in the current state. */
export class CaseEventError extends Error {
  override readonly name = 'CaseEventError';
  constructor(
    readonly rejection: CaseEventRejection,
    readonly event: CaseEvent,
  ) {
    super(
      `Event #${rejection.seq} (${rejection.eventType}, id ${rejection.eventId}) of case ${event.caseId} was rejected [${rejection.rule}]: ${rejection.reason}`,
    );
  }
}
