import { v7 as uuidv7 } from 'uuid';
import type { CaseEvent } from '../schemas/case-event.schema.js';
import type { PlanTemplate } from '../schemas/plan-template.schema.js';
import { CASE_EVENT_SCHEMA_VERSION, type ConsentPurpose } from '../schemas/vocabulary.js';
import { compileTransitionTable } from '../machines/transition-table.js';
import type { RejectionRule } from './case-event-error.js';
import { cloneCaseState, type CaseState } from './case-state.js';
import { checkEvent } from './check-event.js';
import { explainRefusal, type RefusalReason } from './refusal-reason.js';
import { missingConsent } from './consent-rules.js';
import { mutateCaseState } from './apply-event.js';
import { compareInstants } from './dates.js';
import { CaseEventParseError, parseCaseEvent } from './parse-case-events.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * What a person did, before it has a place in the case's history: the type, payload, who and
 * why. The recorder gives it its position (`seq`); `id` and `at` are filled in when missing.
 */
export type EventDraft = DistributiveOmit<CaseEvent, 'schemaVersion' | 'caseId' | 'seq' | 'id' | 'at'> & {
  /** A unique id; give one (see {@link newEventId}) so that retrying the same record is a no-op. */
  id?: string;
  /** When it happened; defaults to the time of recording. */
  at?: string;
};

/** One or more drafts for a case, recorded together or not at all. */
export interface RecordRequest {
  caseId: string;
  drafts: readonly EventDraft[];
  /**
   * The `seq` of the last event the person saw when they acted (`-1` for a new case). Events
   * recorded since then by others are checked against what the drafts touch. Leave it out when
   * the person did not act on a view of the case (a questionnaire filled in, a visit logged):
   * the drafts are then checked against the head only.
   */
  baseSeq?: number;
  /**
   * Ids of events after `baseSeq` that the recorder had already seen (its own device's earlier
   * records, stored since): they were part of the person's view, so they are no conflict.
   */
  seen?: readonly string[];
}

/** Why a draft was not recorded: a rule of {@link replay}, or a change by someone else since the person's view. */
export type RecordConflictRule = RejectionRule | 'concurrent-change' | 'stale-view' | 'template-unavailable' | 'in-future' | 'consent-missing' | 'invalid-event';

/** What is wrong with an event's shape, in plain words; null when it is a valid event. */
function shapeProblem(event: CaseEvent): string | null {
  try {
    parseCaseEvent(event);
    return null;
  } catch (error) {
    if (!(error instanceof CaseEventParseError)) throw error;
    return `it is not a valid ${event.type} event: ${error.problems.map((p) => p.message).join('; ')}`;
  }
}

/** How far ahead of the recorder's clock an event may be dated (clocks differ a little). */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

export interface RecordConflict {
  /** Which draft of the request, and its type. */
  draftIndex: number;
  eventType: CaseEvent['type'];
  rule: RecordConflictRule;
  /** Plain words a case worker can act on, in English. */
  reason: string;
  /**
   * The reason as data, for saying it in another language: set when the rules of replay, the
   * clock or a stale view refused the draft (see `rule` and `changedSince`, `purpose` otherwise).
   * A conflict read back from a server does not carry it.
   */
  because?: RefusalReason;
  /** Events recorded since the person's view that touch what the draft touches. */
  changedSince: CaseEvent[];
  /** For `consent-missing`: the consent the action needs. */
  purpose?: ConsentPurpose;
}

export type RecordDecision =
  /** Append these events (seq, id and time assigned); `state` is the case after them. */
  | { kind: 'append'; events: CaseEvent[]; state: CaseState }
  /** Every draft's id is already in the history: a retry of a record that succeeded. Nothing to write. */
  | { kind: 'already-recorded'; events: CaseEvent[]; state: CaseState }
  /** Nothing may be written; `state` is the case as it is now. */
  | { kind: 'conflict'; conflict: RecordConflict; state: CaseState };

/** What an event reads and changes, as keys such as `stage`, `goal:g1`, `status`. */
export interface EventFootprint {
  writes: string[];
  reads: string[];
}

/**
 * What an event touches, for telling concurrent changes apart: two events conflict when one
 * writes a key that the other reads or writes. Support logs, assessments and reviews touch
 * nothing shared, so they never conflict; two changes to the same goal, stage, job or referral do.
 */
export function eventFootprint(e: CaseEvent | EventDraft): EventFootprint {
  switch (e.type) {
    case 'case.open':
    case 'case.pause':
    case 'case.resume':
    case 'case.close':
    case 'case.reopen':
      return { writes: ['status'], reads: [] };
    case 'consent.grant':
    case 'consent.withdraw':
      return { writes: [`consent:${e.payload.purpose}`], reads: [] };
    case 'worker.assign':
    case 'worker.unassign':
      return { writes: [`worker:${e.payload.workerId}`], reads: [] };
    case 'stage.enter':
      return { writes: ['stage'], reads: ['status'] };
    case 'goal.add':
    case 'goal.achieve':
    case 'goal.drop':
    case 'goal.update':
      return { writes: [`goal:${e.payload.goalId}`], reads: [] };
    case 'action.add':
      return { writes: [`action:${e.payload.actionId}`], reads: e.payload.goalId === undefined ? [] : [`goal:${e.payload.goalId}`] };
    case 'action.done':
      return { writes: [`action:${e.payload.actionId}`], reads: [] };
    case 'job.start':
    case 'job.end':
      return { writes: [`job:${e.payload.jobId}`], reads: [] };
    case 'referral.send':
    case 'referral.accept':
    case 'referral.decline':
    case 'referral.complete':
      return { writes: [`referral:${e.payload.referralId}`], reads: [] };
    case 'approval.grant':
    case 'approval.refuse':
      return { writes: [`approval:${e.payload.subject}`], reads: [] };
    case 'activity.done':
      return { writes: [`activity:${e.payload.activityId}`], reads: [] };
    case 'assessment.record':
    case 'review.hold':
    case 'support.log':
    case 'followup.record':
      return { writes: [], reads: [] };
  }
}

/**
 * A new event id: a UUID version 7 (time-ordered, random), unique across devices, so that an
 * event recorded offline and retried keeps its identity.
 */
export function newEventId(): string {
  return uuidv7();
}

export interface DecideRecordOptions {
  /** The time of recording, for drafts without `at`. */
  now: string;
  /** Makes ids for drafts without one; defaults to {@link newEventId}. */
  newId?: () => string;
}

/**
 * Decides what recording drafts against a case's current head means: append them (with their
 * `seq`), nothing (a retry of a record already made), or a conflict that leaves the case as it is.
 *
 * @remarks
 * The one rule set used wherever an event is recorded: the browser's store inside its
 * transaction, and the server for every push. Each draft gets the next `seq` after the head,
 * so a person whose view is behind (another widget or tab recorded since) is recorded after the
 * new head, provided that
 *
 * - no event recorded since the person's view (`baseSeq`) changes what the draft touches (see
 *   {@link eventFootprint}): otherwise it is a `concurrent-change` conflict, because the person
 *   decided on a stage, goal, job or referral that is no longer what they saw; and
 * - the draft is valid at the head by the rules of {@link replay}.
 *
 * Drafts without a time are stamped `now`, but never before the head's last event, so two
 * recorders with slightly different clocks do not trip the time rules. A draft may be dated in
 * the past (a visit last Friday recorded on Monday), not more than a few minutes in the future.
 *
 * @example
 * ```ts
 * const { state } = replay(template, stored);
 * const decision = decideRecord(template, state, {
 *   caseId: 'c1', baseSeq: 3,
 *   drafts: [{ type: 'stage.enter', payload: { stage: 'job-finding' }, actor }],
 * }, { now: new Date().toISOString() });
 * decision.kind; //=> 'append'
 * ```
 *
 * @param template - The case's template (id and version of its `case.open`).
 * @param head - The case's state after every stored event (with its `history`).
 */
export function decideRecord(template: PlanTemplate, head: CaseState, request: RecordRequest, options: DecideRecordOptions): RecordDecision {
  const { caseId, drafts } = request;
  const baseSeq = request.baseSeq ?? head.lastSeq;
  const ids = drafts.map((d) => d.id);
  const known = new Map(head.history.map((e) => [e.id, e]));
  if (drafts.length > 0 && ids.every((id) => id !== undefined && known.has(id))) {
    return { kind: 'already-recorded', events: ids.map((id) => known.get(id!)!), state: head };
  }
  if (baseSeq > head.lastSeq) {
    const first = drafts[0];
    return {
      kind: 'conflict',
      state: head,
      conflict: {
        draftIndex: 0,
        eventType: first?.type ?? 'case.open',
        rule: 'stale-view',
        ...refusal({ code: 'stale-view', baseSeq, headSeq: head.lastSeq }),
        changedSince: [],
      },
    };
  }
  const table = compileTransitionTable(template);
  const seen = new Set(request.seen ?? []);
  const since = writesOf(head.history.filter((e) => e.seq > baseSeq && !seen.has(e.id)));
  const next = cloneCaseState(head);
  const events: CaseEvent[] = [];
  for (const [i, draft] of drafts.entries()) {
    const r = tryDraft(table, next, caseId, draft, i, since, options);
    if ('conflict' in r) return { kind: 'conflict', state: head, conflict: r.conflict };
    // A draft comes from a program, not a wire: its shape is checked here, as a push's is on the
    // server, so nothing is stored that could not be read back.
    const invalid = shapeProblem(r.event);
    if (invalid) return { kind: 'conflict', state: head, conflict: { draftIndex: i, eventType: draft.type, rule: 'invalid-event', reason: invalid, changedSince: [] } };
    events.push(r.event);
  }
  return { kind: 'append', events, state: next };
}

/** A refusal's English sentence and its data. */
const refusal = (because: RefusalReason): { reason: string; because: RefusalReason } => ({ reason: explainRefusal(because), because });

type Writes = { event: CaseEvent; writes: Set<string> }[];
const writesOf = (events: readonly CaseEvent[]): Writes => events.map((e) => ({ event: e, writes: new Set(eventFootprint(e).writes) }));

/** Checks one draft against a working state and, when it may be recorded, applies it there. */
function tryDraft(
  table: ReturnType<typeof compileTransitionTable>,
  working: CaseState,
  caseId: string,
  draft: EventDraft,
  index: number,
  since: Writes,
  options: DecideRecordOptions,
): { event: CaseEvent } | { conflict: RecordConflict } {
  const last = working.history[working.history.length - 1];
  const at = draft.at ?? (last && compareInstants(last.at, options.now) > 0 ? last.at : options.now);
  const { id, ...rest } = draft;
  const event = { ...rest, schemaVersion: CASE_EVENT_SCHEMA_VERSION, id: id ?? (options.newId ?? newEventId)(), caseId, seq: working.lastSeq + 1, at } as CaseEvent;
  const touched = eventFootprint(draft);
  const keys = new Set([...touched.writes, ...touched.reads]);
  const changedSince = since.filter((s) => [...s.writes].some((k) => keys.has(k))).map((s) => s.event);
  if (changedSince.length > 0) {
    return { conflict: { draftIndex: index, eventType: draft.type, rule: 'concurrent-change', reason: concurrentReason(changedSince), changedSince } };
  }
  if (draft.at !== undefined && Date.parse(draft.at) - Date.parse(options.now) > FUTURE_TOLERANCE_MS) {
    return { conflict: { draftIndex: index, eventType: draft.type, rule: 'in-future', ...refusal({ code: 'in-future', at: event.at, now: options.now }), changedSince: [] } };
  }
  const rejection = checkEvent(table, working, event);
  if (rejection) return { conflict: { draftIndex: index, eventType: draft.type, rule: rejection.rule, reason: rejection.reason, because: rejection.because, changedSince: [] } };
  // Consent is checked when recording only: a history recorded before it was required replays as it was.
  const consent = missingConsent(working, event);
  if (consent) return { conflict: { draftIndex: index, eventType: draft.type, rule: 'consent-missing', reason: consent.reason, changedSince: [], purpose: consent.purpose } };
  mutateCaseState(table, working, event);
  return { event };
}

/** One draft of {@link decideEach}, with the view it was recorded against. */
export interface EachItem {
  draft: EventDraft;
  /** The `seq` of the last event the recorder had seen of the case. */
  baseSeq: number;
}

export type EachOutcome = { kind: 'append'; event: CaseEvent } | { kind: 'conflict'; conflict: RecordConflict };

/**
 * Decides several drafts of one case one by one, each on its own (unlike {@link decideRecord},
 * which is all or nothing): what a server does with a device's push. Each is checked by the same
 * rules against the head as it stands after the ones before it; `seen` tells which events after
 * a draft's `baseSeq` its recorder already had (its own device's), and drafts appended by this
 * call count as seen by the ones after them. The head is not changed; the returned `state` is.
 */
export function decideEach(
  template: PlanTemplate,
  head: CaseState,
  caseId: string,
  items: readonly EachItem[],
  seen: (event: CaseEvent) => boolean,
  options: DecideRecordOptions,
): { outcomes: EachOutcome[]; state: CaseState } {
  const table = compileTransitionTable(template);
  const working = cloneCaseState(head);
  const appended = new Set<string>();
  const outcomes = items.map((item, i): EachOutcome => {
    if (item.baseSeq > working.lastSeq) {
      return { kind: 'conflict', conflict: { draftIndex: i, eventType: item.draft.type, rule: 'stale-view', ...refusal({ code: 'stale-view', baseSeq: item.baseSeq, headSeq: working.lastSeq }), changedSince: [] } };
    }
    const since = writesOf(working.history.filter((e) => e.seq > item.baseSeq && !appended.has(e.id) && !seen(e)));
    const r = tryDraft(table, working, caseId, item.draft, i, since, options);
    if ('conflict' in r) return { kind: 'conflict', conflict: r.conflict };
    appended.add(r.event.id);
    return { kind: 'append', event: r.event };
  });
  return { outcomes, state: working };
}

function concurrentReason(changed: readonly CaseEvent[]): string {
  const what = changed.map((e) => `${e.type} by ${e.actor.id} (${e.actor.role}) at ${e.at}`).join('; ');
  return `since you opened the case, it was changed: ${what}; look at the case as it is now and record again if it still applies`;
}
