import { decideEach, type CaseEvent, type CaseState, type EventDraft, type PlanTemplate, type RecordConflictRule } from '@casepath/core';

/** One event as a device pushes it: recorded there, against the server head it knew. */
export interface PushedEvent {
  event: CaseEvent;
  /** The server `seq` of the case's last event the device had when the event was recorded (-1: none). */
  knownSeq: number;
}

export type PushOutcome =
  /** Appended (or, `fresh: false`, appended by an earlier try of the same push) at the server `seq`. */
  | { kind: 'accepted'; event: CaseEvent; fresh: boolean }
  /** Kept for review: it no longer fits the case. Never dropped, never applied over what changed. */
  | { kind: 'conflict'; eventId: string; rule: RecordConflictRule | 'not-found' | 'not-yours'; reason: string; changedBy: string[]; knownSeq: number; headSeq: number; fresh: boolean };

/** What the server already holds for an event id from an earlier try of a push. */
export type Known = { kind: 'accepted'; event: CaseEvent } | { kind: 'conflict'; rule: string; reason: string; changedBy: string[]; knownSeq: number; headSeq: number };

/** The drafts of what a device recorded: its own `seq` and case are the server's to give. */
export function toDraft(e: CaseEvent): EventDraft {
  const draft: Partial<CaseEvent> = { ...e };
  delete draft.schemaVersion;
  delete draft.caseId;
  delete draft.seq;
  return draft as EventDraft;
}

/**
 * Decides, in order, what becomes of the events a device pushed for one case: the same rules as
 * recording in the browser (core's `decideRecord`), against the server's head.
 *
 * @remarks
 * Each event is checked against the events recorded after the head its device knew
 * (`knownSeq`), other than the device's own: a valid event that touches nothing changed since is
 * appended after the head; one that is now invalid, or touches a stage, goal, action, job or
 * referral changed since, is a conflict. A retried push changes nothing: an id the server holds
 * gets the same answer as the first time. `head.state.history` must hold every event after the
 * lowest `knownSeq` (and the last one when a `knownSeq` is beyond the head); `deviceOf` says which
 * device recorded each.
 * A `knownSeq` beyond the head (a device that synced before the server was restored from a
 * backup) is taken as -1: the event is checked against every event of others.
 *
 * @param head - The case's state at the server head; mutated as events are appended.
 */
export function decidePush(
  template: PlanTemplate,
  head: { state: CaseState; deviceOf: Map<string, string | null> },
  deviceId: string,
  pushed: readonly PushedEvent[],
  known: ReadonlyMap<string, Known>,
  now: string,
): PushOutcome[] {
  const out: (PushOutcome | null)[] = pushed.map(({ event }) => {
    const before = known.get(event.id);
    if (before?.kind === 'accepted') return { kind: 'accepted', event: before.event, fresh: false };
    if (before?.kind === 'conflict') return { ...before, kind: 'conflict', eventId: event.id, rule: before.rule as RecordConflictRule, fresh: false };
    return null;
  });
  const fresh = pushed.filter((_, i) => out[i] === null);
  // A device that knew events beyond this head synced with this server before it was restored
  // from a backup: what it knew is not here, so it is decided as if it knew nothing of the case.
  const trusted = (seq: number) => (seq > head.state.lastSeq ? -1 : seq);
  const { outcomes, state } = decideEach(
    template,
    head.state,
    fresh[0]?.event.caseId ?? '',
    fresh.map((p) => ({ draft: toDraft(p.event), baseSeq: trusted(p.knownSeq) })),
    (e) => head.deviceOf.get(e.id) === deviceId,
    { now },
  );
  let k = 0;
  for (let i = 0; i < out.length; i++) {
    if (out[i] !== null) continue;
    const p = fresh[k]!;
    const o = outcomes[k++]!;
    out[i] =
      o.kind === 'append'
        ? { kind: 'accepted', event: o.event, fresh: true }
        : { kind: 'conflict', eventId: p.event.id, rule: o.conflict.rule, reason: o.conflict.reason, changedBy: o.conflict.changedSince.map((e) => e.id), knownSeq: p.knownSeq, headSeq: state.lastSeq, fresh: true };
  }
  for (const o of out) if (o?.kind === 'accepted' && o.fresh) head.deviceOf.set(o.event.id, deviceId);
  head.state = state;
  return out as PushOutcome[];
}
