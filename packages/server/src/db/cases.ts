import { completeCaseState, parseCaseEvent, type CaseEvent, type CaseState } from '@casepath/core';
import * as z from 'zod';
import type { Queryable } from './database.js';
import type { Known } from '../domain/push.js';
import type { CaseKeys } from './case-keys.js';
import { toWorker, WORKER_COLUMNS, type RawWorker } from './accounts.js';
import { maySeeCase } from '../domain/access.js';
import { openJson, openSealedJson, openText, place, sealJson, sealJsonText, sealText } from './case-sealing.js';

/** A case's head as stored: the access facts and the state after its last event. */
export interface CaseRow {
  id: string;
  organisationId: string;
  providerId: string;
  templateId: string;
  templateVersion: number;
  openedBy: string;
  headSeq: number;
  /** Replay's state at the head, without its history. */
  state: CaseState;
  /** The head's state as stored ({@link headText}), to tell whether a push changes it. */
  storedState: string;
  team: string[];
}

interface RawCase {
  id: string;
  organisation_id: string;
  provider_id: string;
  template_id: string;
  template_version: number;
  opened_by: string;
  head_seq: number;
  /** Sealed with the case's key. */
  state: unknown;
  team: string[] | null;
}

const toCase = (r: RawCase, keys: CaseKeys): CaseRow => {
  const storedState = openSealedJson(keys, r.id, place.state(r.id), r.state);
  return {
    id: r.id,
    organisationId: r.organisation_id,
    providerId: r.provider_id,
    templateId: r.template_id,
    templateVersion: r.template_version,
    openedBy: r.opened_by,
    headSeq: r.head_seq,
    // A state stored by an earlier version lacks the fields added since: complete it. Its place
    // in the history is the row's head_seq (see headText).
    state: { ...completeCaseState(JSON.parse(storedState) as CaseState), lastSeq: r.head_seq, history: [] },
    storedState,
    team: r.team ?? [],
  };
};

const CASE_COLUMNS = `c.id, c.organisation_id, c.provider_id, c.template_id, c.template_version, c.opened_by, c.head_seq, c.state,
  (SELECT array_agg(t.worker_id ORDER BY t.worker_id) FROM case_team t WHERE t.case_id = c.id) AS team`;

/** A case's head, its state opened with the case's key (loaded here; call outside a transaction). */
export async function getCase(db: Queryable, keys: CaseKeys, caseId: string): Promise<CaseRow | null> {
  const [row] = await db.query<RawCase>(`SELECT ${CASE_COLUMNS} FROM cases c WHERE c.id = $1`, [caseId]);
  if (!row) return null;
  await keys.load([row.id]);
  return toCase(row, keys);
}

/**
 * Locks the cases' rows for the rest of the transaction, in id order (so two pushes never
 * deadlock). Their keys must be loaded before the transaction ({@link CaseKeys.load}). FOR NO KEY
 * UPDATE, as a push changes no key: rows that only refer to a case (an access change written by a
 * role change, an access log line) are not held up by it, so a role change that a push waits on
 * (for the worker's row, see `applyTeamChange`) never waits on that push's cases in turn.
 */
export async function lockCases(tx: Queryable, keys: CaseKeys, caseIds: readonly string[]): Promise<Map<string, CaseRow>> {
  const ids = [...new Set(caseIds)].sort();
  const rows = await tx.query<RawCase>(`SELECT ${CASE_COLUMNS} FROM cases c WHERE c.id = ANY($1::text[]) ORDER BY c.id FOR NO KEY UPDATE OF c`, [ids]);
  return new Map(rows.map((r) => [r.id, toCase(r, keys)]));
}

/** Creates a case's row for its `case.open`; false when another push created it first. */
export async function createCase(tx: Queryable, keys: CaseKeys, c: Omit<CaseRow, 'team' | 'headSeq' | 'state' | 'storedState'>, state: CaseState): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO cases (id, organisation_id, provider_id, template_id, template_version, opened_by, head_seq, state)
     VALUES ($1, $2, $3, $4, $5, $6, -1, $7) ON CONFLICT (id) DO NOTHING RETURNING id`,
    [c.id, c.organisationId, c.providerId, c.templateId, c.templateVersion, c.openedBy, sealJsonText(keys, c.id, place.state(c.id), headText(state))],
  );
  return rows.length === 1;
}

/**
 * The state kept on the case row, for deciding the next push, as JSON: replay's state without
 * what only grows and no rule reads (the history, the support log), and without its `lastSeq`,
 * which is the row's `head_seq`. Both are in the events table; the head stays small however long
 * a case runs. An event that changes nothing else (a support log, the most frequent) leaves this
 * text as it was, so a push that appends only such events moves `head_seq` and writes no state.
 */
export function headText(state: CaseState): string {
  const { lastSeq: _, ...kept } = state;
  return JSON.stringify({ ...kept, history: [], support: [] });
}

/** What a push is decided against, read in one statement once its cases are locked. */
export interface PushContext {
  /** What the server already holds for the pushed event ids (a retried push). */
  known: Map<string, Known>;
  /** Each case's events after its `eventsAfter`, with the device that recorded each. */
  recent: Map<string, { event: CaseEvent; deviceId: string | null }[]>;
  /** Each case's last event's hash, which the next appended event is chained to (null: none yet). */
  headHash: Map<string, string | null>;
}

/** Which of a case's stored events a push needs, for {@link readPushContext}. */
export interface NeededEvents {
  /** The case's head (`head_seq`) as locked. */
  headSeq: number;
  /** Events after this `seq` are opened and decided against; the head's own hash is read in any case. */
  eventsAfter: number;
}

/**
 * Reads, in one statement, what the server holds for the pushed ids, each case's events after
 * its `eventsAfter`, and the hash of its last event. Call it after {@link lockCases}: its
 * snapshot then includes every push that held those locks before (a statement's snapshot is
 * taken when it starts, so a lock waited for inside the same statement would not do). Stored
 * data is checked with zod. A device that pushes against the head it knows (the usual push)
 * needs no event opened: only the head's hash is read, not its body.
 */
export async function readPushContext(tx: Queryable, keys: CaseKeys, ids: readonly string[], needed: ReadonlyMap<string, NeededEvents>): Promise<PushContext> {
  const known = new Map<string, Known>();
  const recent = new Map<string, { event: CaseEvent; deviceId: string | null }[]>([...needed.keys()].map((id) => [id, []]));
  const headHash = new Map<string, string | null>([...needed.keys()].map((id) => [id, null]));
  if (ids.length === 0 && needed.size === 0) return { known, recent, headHash };
  const rows = await tx.query<{ kind: 'recent' | 'accepted' | 'conflict'; case_id: string; id: string; seq: number | null; wanted: boolean; body: unknown; device_id: string | null; hash: string | null }>(
    // A range scan of the primary key per case: without the fence (OFFSET 0) the planner may
    // pull the subquery up into a hash join over the whole table. The head's own row is read
    // for its hash; its body only when a pushed event is decided against it.
    `SELECT 'recent' AS kind, w.case_id, e.id, e.seq, e.seq > w.after AS wanted, CASE WHEN e.seq > w.after THEN e.body END AS body, e.device_id, e.hash
       FROM unnest($2::text[], $3::int[], $4::int[]) AS w(case_id, after, head)
       CROSS JOIN LATERAL (SELECT id, body, device_id, hash, seq FROM events WHERE case_id = w.case_id AND seq > least(w.after, w.head - 1) OFFSET 0) e
     UNION ALL
     SELECT 'accepted', case_id, id, seq, true, body, NULL, NULL FROM events WHERE id = ANY($1::text[])
     UNION ALL
     SELECT 'conflict', case_id, event_id, NULL, true, jsonb_build_object('eventId', event_id, 'rule', rule, 'reason', reason, 'changedBy', changed_by, 'knownSeq', known_seq, 'headSeq', head_seq), NULL, NULL
     FROM conflicts WHERE event_id = ANY($1::text[])
     ORDER BY kind, case_id, seq`,
    [ids, [...needed.keys()], [...needed.values()].map((n) => n.eventsAfter), [...needed.values()].map((n) => n.headSeq)],
  );
  // An id pushed again may name an event of a case outside this push (a device's own mistake).
  await keys.load(rows.map((r) => r.case_id));
  for (const r of rows) {
    if (r.kind === 'recent') {
      if (r.seq === needed.get(r.case_id)!.headSeq) headHash.set(r.case_id, r.hash);
      if (r.wanted) recent.get(r.case_id)!.push({ event: openEvent(keys, r.case_id, r.id, r.body), deviceId: r.device_id });
    } else if (r.kind === 'accepted') {
      const event = openEvent(keys, r.case_id, r.id, r.body);
      known.set(event.id, { kind: 'accepted', event });
    } else {
      const c = StoredConflict.parse(r.body);
      known.set(c.eventId, { kind: 'conflict', rule: c.rule, reason: openText(keys, r.case_id, place.reason(r.case_id, c.eventId), c.reason), changedBy: c.changedBy, knownSeq: c.knownSeq, headSeq: c.headSeq });
    }
  }
  return { known, recent, headHash };
}

const StoredConflict = z.object({ eventId: z.string(), rule: z.string(), reason: z.string(), changedBy: z.array(z.string()), knownSeq: z.int(), headSeq: z.int() });

/**
 * A stored event, opened with its case's key (loaded) and checked with zod: stored data is not
 * trusted. Its row's case and id are part of what the seal is bound to.
 */
export function openEvent(keys: CaseKeys, caseId: string, eventId: string, body: unknown): CaseEvent {
  const event = parseCaseEvent(openJson(keys, caseId, place.event(caseId, eventId), body));
  if (event.caseId !== caseId || event.id !== eventId) throw new Error(`the event stored as ${eventId} of case ${caseId} is ${event.id} of case ${event.caseId}`);
  return event;
}

/** An event kept for review, opened with its case's key (loaded) and checked. */
export function openConflictEvent(keys: CaseKeys, caseId: string, eventId: string, stored: unknown): CaseEvent {
  return parseCaseEvent(openJson(keys, caseId, place.conflict(caseId, eventId), stored));
}

/** Events after `afterSeq`, with the device that recorded each (the case's key is loaded here). */
export async function eventsAfter(db: Queryable, keys: CaseKeys, caseId: string, afterSeq: number): Promise<{ event: CaseEvent; deviceId: string | null }[]> {
  await keys.load([caseId]);
  const rows = await db.query<{ id: string; body: unknown; device_id: string | null }>('SELECT id, body, device_id FROM events WHERE case_id = $1 AND seq > $2 ORDER BY seq', [caseId, afterSeq]);
  return rows.map((r) => ({ event: openEvent(keys, caseId, r.id, r.body), deviceId: r.device_id }));
}

/** An event a push appends, with who recorded it on which device. */
export interface Appended {
  event: CaseEvent;
  recordedBy: string;
  deviceId: string;
}

/** A case's head after a push: its new `head_seq`, and its state's text when that changed ({@link headText}). */
export interface MovedHead {
  caseId: string;
  headSeq: number;
  state: string | null;
}

/**
 * Writes what a batch of pushes decided in one statement: the appended events, the cases' new
 * heads, and each device's last push; then the team changes (rare), which access depends on.
 */
export async function commitPush(
  tx: Queryable,
  keys: CaseKeys,
  appended: readonly Appended[],
  hashes: ReadonlyMap<string, { previousHash: string | null; hash: string }>,
  heads: readonly MovedHead[],
  pushes: readonly { worker: { id: string }; deviceId: string; pushed: readonly unknown[] }[],
): Promise<void> {
  // One row per device (a statement may not update a row twice): its last worker, its events.
  const devices = new Map<string, { workerId: string; pushed: number }>();
  for (const p of pushes) devices.set(p.deviceId, { workerId: p.worker.id, pushed: (devices.get(p.deviceId)?.pushed ?? 0) + p.pushed.length });
  await tx.query(
    `WITH appended AS (
       INSERT INTO events (case_id, seq, id, body, recorded_by, device_id, previous_hash, hash)
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::jsonb[], $5::text[], $6::text[], $7::text[], $8::text[])
     ), moved AS (
       UPDATE cases c SET head_seq = u.head, state = COALESCE(u.state, c.state), updated_at = now()
       FROM unnest($9::text[], $10::int[], $11::jsonb[]) AS u(id, head, state) WHERE c.id = u.id
     )
     INSERT INTO devices (id, worker_id, events_pushed) SELECT * FROM unnest($12::text[], $13::text[], $14::int[])
     ON CONFLICT (id) DO UPDATE SET worker_id = excluded.worker_id, last_push_at = now(), events_pushed = devices.events_pushed + excluded.events_pushed`,
    [
      appended.map((a) => a.event.caseId),
      appended.map((a) => a.event.seq),
      appended.map((a) => a.event.id),
      appended.map((a) => sealJson(keys, a.event.caseId, place.event(a.event.caseId, a.event.id), a.event)),
      appended.map((a) => a.recordedBy),
      appended.map((a) => a.deviceId),
      appended.map((a) => hashes.get(a.event.id)!.previousHash),
      appended.map((a) => hashes.get(a.event.id)!.hash),
      heads.map((h) => h.caseId),
      heads.map((h) => h.headSeq),
      heads.map((h) => (h.state === null ? null : sealJsonText(keys, h.caseId, place.state(h.caseId), h.state))),
      [...devices.keys()],
      [...devices.values()].map((d) => d.workerId),
      [...devices.values()].map((d) => d.pushed),
    ],
  );
  for (const { event } of appended) await applyTeamChange(tx, event);
}

/**
 * Keeps `case_team` in step with an assignment, and writes an access change for the worker only
 * when it changes what they may see (`maySeeCase`): a job coach put on the case gains it, and
 * their devices' next pull brings its whole history; a coordinator put on the team saw it already,
 * so nothing is sent again. The worker's row is locked (FOR KEY SHARE) so that a change of their
 * role (`setWorkerRole`, which locks it FOR UPDATE and reads the team) comes wholly before or after.
 */
async function applyTeamChange(tx: Queryable, event: CaseEvent): Promise<void> {
  if (event.type !== 'worker.assign' && event.type !== 'worker.unassign') return;
  const { workerId } = event.payload;
  const assigned = event.type === 'worker.assign';
  const [worker] = await tx.query<RawWorker>(`SELECT ${WORKER_COLUMNS} FROM workers w WHERE w.id = $1 FOR KEY SHARE`, [workerId]);
  const [c] = worker
    ? await tx.query<{ organisation_id: string; provider_id: string; opened_by: string; team: string[] | null }>(
        'SELECT c.organisation_id, c.provider_id, c.opened_by, (SELECT array_agg(t.worker_id) FROM case_team t WHERE t.case_id = c.id) AS team FROM cases c WHERE c.id = $1',
        [event.caseId],
      )
    : [];
  if (assigned) await tx.query('INSERT INTO case_team (case_id, worker_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [event.caseId, workerId]);
  else await tx.query('DELETE FROM case_team WHERE case_id = $1 AND worker_id = $2', [event.caseId, workerId]);
  // An unknown worker (an account made later, or none): the cue is written, as it always was.
  if (worker && c) {
    // What they may see before and after, the team with or without them.
    const team = c.team ?? [];
    const others = team.filter((id) => id !== workerId);
    const sees = (onTeam: boolean) => maySeeCase(toWorker(worker), { organisationId: c.organisation_id, providerId: c.provider_id, openedBy: c.opened_by, team: onTeam ? [...others, workerId] : others });
    if (sees(team.includes(workerId)) === sees(assigned)) return;
  }
  await tx.query('INSERT INTO access_changes (case_id, worker_id, granted) VALUES ($1, $2, $3)', [event.caseId, workerId, assigned]);
}

export interface ConflictRecord {
  eventId: string;
  caseId: string;
  workerId: string;
  deviceId: string | null;
  event: CaseEvent;
  knownSeq: number;
  headSeq: number;
  rule: string;
  reason: string;
  changedBy: string[];
}

export async function insertConflict(tx: Queryable, keys: CaseKeys, c: ConflictRecord): Promise<void> {
  await tx.query(
    `INSERT INTO conflicts (event_id, case_id, worker_id, device_id, event, known_seq, head_seq, rule, reason, changed_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (event_id) DO NOTHING`,
    [
      c.eventId,
      c.caseId,
      c.workerId,
      c.deviceId,
      sealJson(keys, c.caseId, place.conflict(c.caseId, c.eventId), c.event),
      c.knownSeq,
      c.headSeq,
      c.rule,
      sealText(keys, c.caseId, place.reason(c.caseId, c.eventId), c.reason),
      JSON.stringify(c.changedBy),
    ],
  );
}

