import type { Actor, CaseEvent, CaseEventOf } from '../schemas/case-event.schema.js';
import { CASE_EVENT_SCHEMA_VERSION } from '../schemas/vocabulary.js';

/** The next event of a case in test data: id `${caseId}-e${seq}`, current schema version. */
export function makeEvent<T extends CaseEvent['type']>(
  caseId: string,
  seq: number,
  type: T,
  at: number,
  actor: Actor,
  payload: CaseEventOf<T>['payload'],
  reason?: string,
): CaseEvent {
  return {
    schemaVersion: CASE_EVENT_SCHEMA_VERSION,
    id: `${caseId}-e${seq}`,
    caseId,
    seq,
    type,
    at: new Date(at).toISOString(),
    actor,
    payload,
    ...(reason === undefined ? {} : { reason }),
  } as CaseEvent;
}
