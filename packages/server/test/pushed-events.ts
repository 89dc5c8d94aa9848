// Events as a device records and pushes them, for the server's tests.
import { builtInTemplates, newEventId, type CaseEvent, type CaseEventOf } from '@casepath/core';
import { PEOPLE, type Person } from './helpers-seed.js';

export const euse = builtInTemplates['euse-supported-employment'];
export const actor = (who: Person) => ({ id: who, role: PEOPLE[who].role as CaseEvent['actor']['role'] });

/** An event as a device records it: its own seq, a fresh id. */
export function ev<T extends CaseEvent['type']>(caseId: string, seq: number, type: T, payload: CaseEventOf<T>['payload'], who: Person, at = '2026-03-02T09:00:00.000Z'): CaseEvent {
  return { schemaVersion: 1, id: newEventId(), caseId, seq, at, actor: actor(who), type, payload } as CaseEvent;
}

/** A case's first push: opened (EUSE) at `provider`, with consent to the service. */
export const opening = (caseId: string, who: Person = 'ewa', provider = 'warsaw') => [
  { event: ev(caseId, 0, 'case.open', { templateId: euse.id, templateVersion: 1, providerId: provider }, who), knownSeq: -1 },
  { event: ev(caseId, 1, 'consent.grant', { purpose: 'service' }, who), knownSeq: -1 },
];
