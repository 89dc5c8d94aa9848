import { completeCaseState, parseCaseEvent, type CaseEvent, type CaseState } from '@casepath/core';
import type { Queryable } from './database.js';
import type { Known } from '../domain/push.js';

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
  state: CaseState;
  team: string[] | null;
}

const toCase = (r: RawCase): CaseRow => ({
  id: r.id,
  organisationId: r.organisation_id,
  providerId: r.provider_id,
  templateId: r.template_id,
  templateVersion: r.template_version,
  openedBy: r.opened_by,
  headSeq: r.head_seq,
  // A state stored by an earlier version lacks the fields added since: complete it.
  state: { ...completeCaseState(r.state), history: [] },
  team: r.team ?? [],
});

const CASE_COLUMNS = `c.id, c.organisation_id, c.provider_id, c.template_id, c.template_version, c.opened_by, c.head_seq, c.state,
  (SELECT array_agg(t.worker_id ORDER BY t.worker_id) FROM case_team t WHERE t.case_id = c.id) AS team`;

export async function getCase(db: Queryable, caseId: string): Promise<CaseRow | null> {
  const [row] = await db.query<RawCase>(`SELECT ${CASE_COLUMNS} FROM cases c WHERE c.id = $1`, [caseId]);
  return row ? toCase(row) : null;
}

/** Locks the cases' rows for the rest of the transaction, in id order (so two pushes never deadlock). */
export async function lockCases(tx: Queryable, caseIds: readonly string[]): Promise<Map<string, CaseRow>> {
  const ids = [...new Set(caseIds)].sort();
  const rows = await tx.query<RawCase>(`SELECT ${CASE_COLUMNS} FROM cases c WHERE c.id = ANY($1::text[]) ORDER BY c.id FOR UPDATE OF c`, [ids]);
  return new Map(rows.map((r) => [r.id, toCase(r)]));
}

/** Creates a case's row for its `case.open`; false when another push created it first. */
export async function createCase(tx: Queryable, c: Omit<CaseRow, 'team' | 'headSeq' | 'state'>, state: CaseState): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO cases (id, organisation_id, provider_id, template_id, template_version, opened_by, head_seq, state)
     VALUES ($1, $2, $3, $4, $5, $6, -1, $7) ON CONFLICT (id) DO NOTHING RETURNING id`,
    [c.id, c.organisationId, c.providerId, c.templateId, c.templateVersion, c.openedBy, JSON.stringify(headState(state))],
  );
  return rows.length === 1;
}

/**
 * The state kept on the case row, for deciding the next push: replay's state without what only
 * grows and no rule reads (the history, the support log). Both are in the events table; the
 * head stays small however long a case runs, so saving it with every push stays cheap.
 */
function headState(state: CaseState): CaseState {
  return { ...state, history: [], support: [] };
}

/** For several cases at once: each case's events after its own `seq`, with the device that recorded each. */
export async function eventsAfterEach(db: Queryable, after: ReadonlyMap<string, number>): Promise<Map<string, { event: CaseEvent; deviceId: string | null; hash: string | null }[]>> {
  const out = new Map<string, { event: CaseEvent; deviceId: string | null; hash: string | null }[]>([...after.keys()].map((id) => [id, []]));
  if (after.size === 0) return out;
  const rows = await db.query<{ case_id: string; body: unknown; device_id: string | null; hash: string | null }>(
    `SELECT e.case_id, e.body, e.device_id, e.hash FROM events e JOIN unnest($1::text[], $2::int[]) AS w(case_id, after) ON e.case_id = w.case_id AND e.seq > w.after ORDER BY e.case_id, e.seq`,
    [[...after.keys()], [...after.values()]],
  );
  for (const r of rows) out.get(r.case_id)!.push({ event: parseCaseEvent(r.body), deviceId: r.device_id, hash: r.hash });
  return out;
}

/** Events after `afterSeq`, with the device that recorded each (checked with zod: stored data is not trusted). */
export async function eventsAfter(db: Queryable, caseId: string, afterSeq: number): Promise<{ event: CaseEvent; deviceId: string | null }[]> {
  const rows = await db.query<{ body: unknown; device_id: string | null }>('SELECT body, device_id FROM events WHERE case_id = $1 AND seq > $2 ORDER BY seq', [caseId, afterSeq]);
  return rows.map((r) => ({ event: parseCaseEvent(r.body), deviceId: r.device_id }));
}

/** What the server already holds for these event ids (a retried push). */
export async function knownOutcomes(tx: Queryable, ids: readonly string[]): Promise<Map<string, Known>> {
  const known = new Map<string, Known>();
  if (ids.length === 0) return known;
  const rows = await tx.query<{ kind: 'accepted' | 'conflict'; body: unknown }>(
    `SELECT 'accepted' AS kind, body FROM events WHERE id = ANY($1::text[])
     UNION ALL
     SELECT 'conflict', jsonb_build_object('eventId', event_id, 'rule', rule, 'reason', reason, 'changedBy', changed_by, 'knownSeq', known_seq, 'headSeq', head_seq)
     FROM conflicts WHERE event_id = ANY($1::text[])`,
    [ids],
  );
  for (const r of rows) {
    if (r.kind === 'accepted') {
      const event = parseCaseEvent(r.body);
      known.set(event.id, { kind: 'accepted', event });
    } else {
      const c = r.body as { eventId: string; rule: string; reason: string; changedBy: string[]; knownSeq: number; headSeq: number };
      known.set(c.eventId, { kind: 'conflict', rule: c.rule, reason: c.reason, changedBy: c.changedBy, knownSeq: c.knownSeq, headSeq: c.headSeq });
    }
  }
  return known;
}

/**
 * Writes what a push decided in one statement: the appended events, the cases' new heads, and
 * the device's last push; then the team changes (rare), which access depends on.
 */
export async function commitPush(tx: Queryable, events: readonly CaseEvent[], hashes: ReadonlyMap<string, { previousHash: string | null; hash: string }>, heads: readonly CaseState[], recordedBy: string, deviceId: string, pushed: number): Promise<void> {
  await tx.query(
    `WITH appended AS (
       INSERT INTO events (case_id, seq, id, body, recorded_by, device_id, previous_hash, hash)
       SELECT e.case_id, e.seq, e.id, e.body, $5, $6, e.previous_hash, e.hash FROM unnest($1::text[], $2::int[], $3::text[], $4::jsonb[], $11::text[], $12::text[]) AS e(case_id, seq, id, body, previous_hash, hash)
     ), moved AS (
       UPDATE cases c SET head_seq = u.head, state = u.state, updated_at = now()
       FROM unnest($7::text[], $8::int[], $9::jsonb[]) AS u(id, head, state) WHERE c.id = u.id
     )
     INSERT INTO devices (id, worker_id, events_pushed) VALUES ($6, $5, $10)
     ON CONFLICT (id) DO UPDATE SET worker_id = $5, last_push_at = now(), events_pushed = devices.events_pushed + $10`,
    [
      events.map((e) => e.caseId),
      events.map((e) => e.seq),
      events.map((e) => e.id),
      events.map((e) => JSON.stringify(e)),
      recordedBy,
      deviceId,
      heads.map((s) => s.caseId!),
      heads.map((s) => s.lastSeq),
      heads.map((s) => JSON.stringify(headState(s))),
      pushed,
      events.map((e) => hashes.get(e.id)!.previousHash),
      events.map((e) => hashes.get(e.id)!.hash),
    ],
  );
  for (const event of events) await applyTeamChange(tx, event);
}

async function applyTeamChange(tx: Queryable, event: CaseEvent): Promise<void> {
  if (event.type === 'worker.assign') {
    await tx.query('INSERT INTO case_team (case_id, worker_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [event.caseId, event.payload.workerId]);
    await tx.query('INSERT INTO access_changes (case_id, worker_id, granted) VALUES ($1, $2, true)', [event.caseId, event.payload.workerId]);
  } else if (event.type === 'worker.unassign') {
    await tx.query('DELETE FROM case_team WHERE case_id = $1 AND worker_id = $2', [event.caseId, event.payload.workerId]);
    await tx.query('INSERT INTO access_changes (case_id, worker_id, granted) VALUES ($1, $2, false)', [event.caseId, event.payload.workerId]);
  }
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

export async function insertConflict(tx: Queryable, c: ConflictRecord): Promise<void> {
  await tx.query(
    `INSERT INTO conflicts (event_id, case_id, worker_id, device_id, event, known_seq, head_seq, rule, reason, changed_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (event_id) DO NOTHING`,
    [c.eventId, c.caseId, c.workerId, c.deviceId, JSON.stringify(c.event), c.knownSeq, c.headSeq, c.rule, c.reason, JSON.stringify(c.changedBy)],
  );
}

