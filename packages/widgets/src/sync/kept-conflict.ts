import { decideRecord, type Actor, type CaseEvent, type CaseState, type EventDraft, type PlanTemplate, type RecordConflict, type RecordConflictRule, type RefusalReason } from '@casepath/core';

/** What a server keeps of a change it refused: the change, the rule, English words, and the events that changed the case meanwhile. */
export interface KeptChange {
  caseId: string;
  event: CaseEvent;
  rule: string;
  reason: string;
  changedBy: string[];
}

/**
 * A change the server kept for review, as the conflict of recording it on this device: the
 * events that changed the case meanwhile (those of `changedBy` this device holds), and the reason
 * as data, found by deciding the change again against the case as this device holds it (`head`,
 * the state `history` replays to under `template`; the rules are core's, the same here and on the
 * server). When it would now be refused otherwise, or not at all, only the server's rule and
 * words remain.
 */
export function keptConflict(kept: KeptChange, history: readonly CaseEvent[], template: PlanTemplate | null, head: CaseState | null): RecordConflict {
  const changedBy = new Set(kept.changedBy);
  const conflict: RecordConflict = { draftIndex: 0, eventType: kept.event.type, rule: kept.rule as RecordConflictRule, reason: kept.reason, changedSince: history.filter((e) => changedBy.has(e.id)) };
  if (kept.rule === 'concurrent-change') return conflict;
  if (head && template) {
    try {
      const { type, payload, actor, at } = kept.event;
      const d = decideRecord(template, head, { caseId: kept.caseId, drafts: [{ type, payload, actor, at } as EventDraft] }, { now: new Date().toISOString() });
      if (d.kind === 'conflict' && d.conflict.rule === kept.rule) return { ...conflict, because: d.conflict.because, purpose: d.conflict.purpose };
    } catch {
      // A case this page cannot decide on: what the rule alone says, or the server's words.
    }
  }
  const because = ruleAlone(kept);
  return because ? { ...conflict, because } : conflict;
}

/**
 * The reason of a rule whose sentence needs nothing the server did not send: said so while the
 * events that explain it (the pause, the closure) have not reached this device yet, instead of
 * the server's English words. Other rules name things only the case as it is now can give.
 */
function ruleAlone(kept: KeptChange): RefusalReason | null {
  switch (kept.rule) {
    case 'case-paused':
      return { code: 'case-paused', eventType: kept.event.type };
    case 'case-closed':
      return { code: 'case-closed', outcome: null };
    default:
      return null;
  }
}

/**
 * Kept changes not offered to be recorded again as they were. Rules only the server decides (who
 * may record in the case, as whom, who may join its team, which of an instrument's domains hold
 * health information): a device cannot tell that they would now pass, and the change would only
 * be kept again. And a date the server found in the future: most likely the device's clock was
 * wrong, so the date is too; the person records it again with the right one.
 */
const NOT_AS_IT_WAS: ReadonlySet<string> = new Set(['not-found', 'not-yours', 'health-data-undeclared', 'unknown-worker', 'in-future']);

/**
 * The id of a kept change recorded again: the same for every press, in every tab and after a
 * reload, so that recording it again twice (two tabs pressed at once, a press repeated before
 * the list was read again) is one record: core's `decideRecord` finds it already recorded.
 * A UUID of version 8 (RFC 9562, made by the application) from SHA-256 of the kept change's id;
 * different from it, so the server does not take it for a retry of the change it kept.
 */
export async function againEventId(keptEventId: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`casepath:recorded-again:${keptEventId}`)));
  const bytes = digest.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The kept change as `actor` would record it again now, with the id `id` (see
 * {@link againEventId}): the same facts (what, when it happened, why), against the case as this
 * device holds it. Null when core's rules would refuse it now (its reason says why), when this
 * device does not hold yet the events that changed the case meanwhile, when it holds the change
 * recorded again already, when the case cannot be decided here, for the rules of
 * {@link NOT_AS_IT_WAS} (but for one refused only for the role it names, after the worker's role
 * changed), or when the change was someone else's.
 */
export function recordAgain(kept: KeptChange, template: PlanTemplate | null, head: CaseState | null, actor: Actor, now: string, id: string): EventDraft | null {
  // Not theirs only by the role it names, one they no longer have (their role changed before this
  // device heard): in the role they have now, it is.
  const roleChanged = kept.rule === 'not-yours' && kept.event.actor.role !== actor.role;
  if (!template || !head || kept.event.actor.id !== actor.id || (NOT_AS_IT_WAS.has(kept.rule) && !roleChanged)) return null;
  // What the server decided against must be here too: until the events that changed the case
  // meanwhile arrive, this device's view is behind, and a record made from it would clash again.
  const held = new Set(head.history.map((e) => e.id));
  if (held.has(id) || kept.changedBy.some((e) => !held.has(e))) return null;
  const { type, payload, at, reason } = kept.event;
  const draft = { id, type, payload, actor, at, ...(reason === undefined ? {} : { reason }) } as EventDraft;
  try {
    return decideRecord(template, head, { caseId: kept.caseId, drafts: [draft], baseSeq: head.lastSeq }, { now }).kind === 'conflict' ? null : draft;
  } catch {
    return null;
  }
}
