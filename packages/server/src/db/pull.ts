import type { CaseEvent } from '@casepath/core';
import type { Database, Queryable } from './database.js';
import type { CaseKeys } from './case-keys.js';
import { openConflictEvent, openEvent } from './cases.js';
import { openText, place } from './case-sealing.js';
import { isLead, mayDo, type StaffRole, type Worker } from '../domain/access.js';
import { DATABASE_IDENTITY_SQL } from './incarnation.js';
import { hashToken } from './accounts.js';
import { erasedAmong } from './erasure.js';
import { COMMIT_MARK_SQL } from './commit-mark.js';

/**
 * Where a device's pull stopped: every event ordered at or before it has been sent. Events are
 * ordered by the transaction that wrote them (`txid`), then case and seq; `caseId: null` means
 * everything of transaction `txid` has been sent.
 */
export interface PullCursor {
  /**
   * The database the cursor belongs to (PostgreSQL's system identifier, and the id of the
   * restore it came from, see `DATABASE_IDENTITY_SQL`). A database restored from a dump into a
   * new cluster counts transactions anew, and one restored from a backup has lost what came
   * after it, so a cursor from before is not comparable: the pull starts over (devices store
   * events idempotently, and send again what they recorded) and says `reset`. So does a cursor
   * ahead of every transaction this database has begun: it was given before the database went
   * back to a backup some other way (an embedded data folder copied back by hand).
   */
  db: string;
  txid: string;
  caseId: string | null;
  seq: number;
  /**
   * Whole histories sent apart (a page holds at most `limit` events, and a new role can give a
   * worker thousands of cases at once): those of the cases granted after `from` up to `through`,
   * up to `txid`. They are sent before anything after `txid`, whole cases a page, in id order;
   * `after` is the last case sent, absent once every one was. Kept until the cursor passes
   * `through`, so that those grants are not sent again.
   */
  backfill?: { from: string; through: string; after?: string };
  /**
   * On a pull that began at the start (a new device's), the horizon of its first page's read:
   * every transaction below it had finished, so a case granted by one of them was visible to that
   * page and to every page after it, which sent all its events up to `txid`. Only grants from it
   * on need a case sent whole. (Not on a pull that began later: a page sends only what came after
   * the cursor it was asked with, and a case granted since has more before it.)
   */
  seen?: string;
}
export const START: Omit<PullCursor, 'db'> = { txid: '0', caseId: null, seq: -1 };

export interface ConflictNotice {
  eventId: string;
  caseId: string;
  event: CaseEvent;
  rule: string;
  reason: string;
  changedBy: string[];
  createdAt: string;
  resolvedAt: string | null;
  resolution: string | null;
}

export interface PullPage {
  events: CaseEvent[];
  /** Whole histories of cases the worker was newly given (assigned to, or by a new role) since the cursor. */
  backfill: CaseEvent[];
  /** Cases the worker may no longer see: the device drops its copy. */
  revoked: string[];
  /** Cases erased at the person's request: the device erases everything it holds of them. */
  erased: string[];
  /** The worker's own pushes kept for review (or resolved) since the cursor, from any of their devices. */
  conflicts: ConflictNotice[];
  cursor: PullCursor;
  /** More is waiting beyond `limit`: pull again at once. */
  more: boolean;
  /** The cursor came from another incarnation of the database (a restore): this page starts over. */
  reset: boolean;
  /** The worker's role as this page read it: a device learns a new role here, and records with it. */
  role: StaffRole;
  /** The worker's provider as this page read it: a device learns a move here, and opens cases there. */
  providerId: string | null;
  /**
   * The database's commit mark this page was read at (`commit-mark.ts`). Not sent: a long poll
   * whose page was empty reads it again only once the mark has moved.
   */
  mark: string;
}

/**
 * Why a worker's pull was not answered: their session ended since the pull began (the account
 * turned off, its password given anew, signed out elsewhere), or their role no longer works on
 * cases (it was changed to analyst or admin).
 */
export type PullRefusal = 'signed-out' | 'no-cases';

/** The condition "the worker may see case c", in SQL, over the parameters $1 worker id, $2 provider, $3 organisation, $4 lead. */
const VISIBLE = `c.organisation_id = $3 AND c.provider_id = $2 AND ($4::boolean OR c.opened_by = $1 OR EXISTS (SELECT 1 FROM case_team t WHERE t.case_id = c.id AND t.worker_id = $1))`;

/**
 * One page of what a worker may see and has not yet been sent. Only rows of transactions that
 * have finished are read (below the snapshot's xmin), so a pull never skips a row committed
 * later by a transaction that started earlier, whatever the number of server processes.
 */
export async function pullPage(db: Database, keys: CaseKeys, session: Worker, from: PullCursor | null, limit: number, sessionToken: string | null = null): Promise<PullPage | PullRefusal> {
  // Every read of a page in one snapshot: what the worker may see, the window's access changes,
  // its erasures and its events agree, whatever commits meanwhile. The rows are opened after.
  const read = await db.snapshot((tx) => readPage(tx, session, from, limit, sessionToken));
  return typeof read === 'string' ? read : openPage(db, keys, read);
}

/** A page as read, before its rows are opened. */
type ReadPage = Omit<PullPage, 'events' | 'backfill' | 'conflicts'> & { events: EventRow[]; backfill: EventRow[]; conflicts: ConflictRow[] };

async function readPage(db: Queryable, session: Worker, from: PullCursor | null, limit: number, sessionToken: string | null): Promise<ReadPage | PullRefusal> {
  // The worker's role is read in the same snapshot as the window's bounds, not taken from the
  // session: a role changed by a transaction below the horizon is read as changed (so its access
  // changes, in the window, are decided by the new role), and one not yet committed has its
  // access changes above the horizon, for a later page. A long poll reads it again each time.
  // So is their provider (an administrator moves staff between the organisation's centres), and,
  // given its `sessionToken`, whether the session still is: a long poll ends with it.
  const [{ horizon, next: nextTxid, system, role, provider, mark }] = (await db.query<{ horizon: string; next: string; system: string; role: StaffRole | null; provider: string | null; mark: string }>(
    `SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon, pg_snapshot_xmax(pg_current_snapshot())::text AS next, ${DATABASE_IDENTITY_SQL} AS system, w.role, w.provider_id AS provider, ${COMMIT_MARK_SQL} AS mark
     FROM (SELECT 1) AS one LEFT JOIN workers w ON w.id = $1 AND NOT w.disabled
       AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM sessions s WHERE s.token_hash = $2 AND s.worker_id = w.id AND s.expires_at > now()))`,
    [session.id, sessionToken === null ? null : hashToken(sessionToken)],
  )) as [{ horizon: string; next: string; system: string; role: StaffRole | null; provider: string | null; mark: string }];
  if (role === null) return 'signed-out';
  const worker: Worker = { ...session, role, providerId: provider };
  if (!mayDo(worker, 'cases.pull')) return 'no-cases';
  const lead = isLead(worker);
  const base = [worker.id, worker.providerId, worker.organisationId, lead];
  const reset = from !== null && (from.db !== system || BigInt(from.txid) >= BigInt(nextTxid));
  const cursor: PullCursor = from && !reset ? from : { db: system, ...START };
  // The grants whose histories were sent, or are being sent, apart (see `PullCursor.backfill`).
  const pending = cursor.backfill && BigInt(cursor.backfill.through) > BigInt(cursor.txid) ? cursor.backfill : undefined;
  const sentApart = (chunk: Backfill, from: string, through: string): ReadPage => {
    const backfill = { from, through, ...(chunk.more && chunk.lastCase !== null ? { after: chunk.lastCase } : {}) };
    return { events: [], backfill: chunk.rows, revoked: [], erased: [], conflicts: [], cursor: { ...cursor, backfill }, more: true, reset, role, providerId: provider, mark };
  };
  if (pending?.after !== undefined) return sentApart(await readBackfill(db, base, cursor.txid, pending.from, pending.through, pending.after, limit), pending.from, pending.through);

  // Written as a row comparison (or a plain one when the cursor's transaction is done), so the
  // index on (txid, case_id, seq) serves it: a pull page reads only the rows it returns.
  const after = cursor.caseId === null ? 'e.txid > $6::xid8 AND $7::text IS NULL AND $8::int IS NOT NULL' : '(e.txid, e.case_id, e.seq) > ($6::xid8, $7::text, $8::int)';
  const read = await readEvents(
    db,
    `FROM events e JOIN cases c ON c.id = e.case_id WHERE ${after} AND e.txid < $5::xid8 AND ${VISIBLE}`,
    'e.txid, e.case_id, e.seq',
    [...base, horizon, cursor.txid, cursor.caseId, cursor.seq],
    limit,
  );
  const page = read.rows;
  const more = read.more;
  const last = page[page.length - 1];
  // Up to which transaction this page covers completely. Ordered by transaction first, the page's
  // last row is of its greatest transaction.
  const seen = cursor.txid === START.txid && cursor.caseId === null ? horizon : cursor.seen;
  const next: PullCursor =
    more && last && read.lastTxid !== null
      ? { db: system, txid: read.lastTxid, caseId: last.case_id, seq: last.seq, ...(seen === undefined ? {} : { seen }) }
      : { db: system, txid: before(horizon), caseId: null, seq: -1 };
  const upTo = next.txid;
  const window = [cursor.txid, upTo];
  if (pending && BigInt(pending.through) > BigInt(upTo)) next.backfill = { from: pending.from, through: pending.through };

  // Cases whose access changed for this worker in the window: by an assignment, or by a new role
  // (a lead's too: a job coach made coordinator gains the provider's cases). Each is only a cue:
  // what the worker may see now decides. A case granted at any point of the window is sent whole
  // if visible now (the device stores what it has already once), from its first event up to the
  // window's start (what came after is in the page); more than a page of them is sent first, apart,
  // and this page's events after it. A case taken away is dropped only when not visible now.
  const grantedFrom = latest(cursor.txid, pending?.through, cursor.seen === undefined ? undefined : before(cursor.seen));
  // A case granted after this window (and after what was sent whole, and, on a pull from the
  // start, after its first read) has its events sent whole by the page whose window holds that
  // grant, up to that page's cursor, which is past this page's events. Sent here too, its later
  // events would reach a device that holds nothing before them: they wait for the whole history.
  const sentWholeLater = latest(upTo, grantedFrom, seen === undefined ? undefined : before(seen));
  // One read of the access changes on every page (a long poll reads its page again each time
  // something is committed); the histories are chosen only when a case was granted.
  const changes = await db.query<{ case_id: string; granted: boolean; later: boolean }>(
    `SELECT DISTINCT a.case_id, a.granted, a.txid > $3::xid8 AS later FROM access_changes a WHERE a.worker_id = $1 AND a.txid > $2::xid8
       AND (a.txid <= $3::xid8 AND (NOT a.granted OR a.txid > $4::xid8) OR a.granted AND a.txid > $5::xid8 AND a.case_id = ANY($6::text[]))
     ORDER BY a.case_id`,
    [worker.id, ...window, grantedFrom, sentWholeLater, [...new Set(page.map((r) => r.case_id))]],
  );
  const waiting = new Set(changes.filter((c) => c.later).map((c) => c.case_id));
  const inWindow = changes.filter((c) => !c.later);
  const backfill = inWindow.some((c) => c.granted) ? await readBackfill(db, base, cursor.txid, grantedFrom, upTo, null, limit) : NO_BACKFILL;
  if (backfill.more) return sentApart(backfill, grantedFrom, upTo);
  const revokedIds = [...new Set(inWindow.filter((c) => !c.granted).map((c) => c.case_id))];
  const stillVisible = revokedIds.length
    ? new Set((await db.query<{ id: string }>(`SELECT c.id FROM cases c WHERE c.id = ANY($5::text[]) AND ${VISIBLE}`, [...base, revokedIds])).map((r) => r.id))
    : new Set<string>();
  // Cases erased in this window, of the worker's provider or that the worker had (see
  // `eraseCaseRows`): every device erases them too.
  const erased = await db.query<{ case_id: string }>(
    'SELECT case_id FROM erasures WHERE organisation_id = $1 AND (provider_id = $2 OR $5 = ANY(workers)) AND txid > $3::xid8 AND txid <= $4::xid8 ORDER BY case_id',
    [worker.organisationId, worker.providerId, ...window, worker.id],
  );
  // The worker's own kept changes; a coordinator's or supervisor's device also gets those of the
  // provider's cases, which they review for the team (as `GET /api/conflicts` lists them).
  const conflicts = await db.query<ConflictRow>(
    `SELECT k.event_id, k.case_id, k.event, k.rule, k.reason, k.changed_by, k.created_at, k.resolved_at, k.resolution FROM conflicts k JOIN cases c ON c.id = k.case_id
     WHERE (k.worker_id = $1 OR ($4::boolean AND c.organisation_id = $3 AND c.provider_id = $2)) AND k.txid > $5::xid8 AND k.txid <= $6::xid8 ORDER BY k.txid, k.event_id`,
    [...base, ...window],
  );
  return { events: waiting.size ? page.filter((r) => !waiting.has(r.case_id)) : page, backfill: backfill.rows, revoked: revokedIds.filter((id) => !stillVisible.has(id)), erased: erased.map((r) => r.case_id), conflicts, cursor: next, more, reset, role, providerId: provider, mark };
}

/** The transaction id just before this one. */
function before(txid: string): string {
  return (BigInt(txid) - 1n).toString();
}

/** The latest of these transactions. */
function latest(first: string, ...more: (string | undefined)[]): string {
  return more.reduce<string>((a, b) => (b !== undefined && BigInt(b) > BigInt(a) ? b : a), first);
}

/** An event's row as a page reads it. */
interface EventRow {
  id: string;
  case_id: string;
  seq: number;
  body: unknown;
}

/** A conflict's row as a page reads it. */
interface ConflictRow {
  event_id: string;
  case_id: string;
  event: unknown;
  rule: string;
  reason: string;
  changed_by: string[];
  created_at: Date;
  resolved_at: Date | null;
  resolution: string | null;
}

/**
 * Up to `limit` (null: all) events `source` selects (its FROM and WHERE, over `params`), in `order` (unique),
 * as one JSON array and not as a row each: the embedded database's driver copies and decodes every
 * field of every row on its own, which cost as much as the query itself on a new device's first
 * pull (`pnpm bench`). With whether more follow, and the greatest transaction of those read.
 */
async function readEvents(db: Queryable, source: string, order: string, params: unknown[], limit: number | null): Promise<{ rows: EventRow[]; more: boolean; lastTxid: string | null }> {
  const n = `$${params.length + 1}::int`;
  const kept = limit === null ? '' : ` FILTER (WHERE p.n <= ${n})`;
  const [read] = (await db.query<{ rows: [string, string, number, unknown][] | null; txid: string | null; more: boolean }>(
    `SELECT json_agg(json_build_array(p.id, p.case_id, p.seq, p.body) ORDER BY p.n)${kept} AS rows,
            (max(p.txid)${kept})::text AS txid, ${limit === null ? 'false' : `count(*) > ${n}`} AS more
     FROM (SELECT e.id, e.body, e.txid, e.case_id, e.seq, row_number() OVER (ORDER BY ${order}) AS n ${source} ORDER BY ${order}${limit === null ? '' : ` LIMIT ${n} + 1`}) AS p`,
    limit === null ? params : [...params, limit],
  )) as [{ rows: [string, string, number, unknown][] | null; txid: string | null; more: boolean }];
  return { rows: (read.rows ?? []).map(([id, case_id, seq, body]) => ({ id, case_id, seq, body })), more: read.more, lastTxid: read.txid };
}

/** Whole histories a page sends: with whether more cases follow, and the last case sent. */
interface Backfill {
  rows: EventRow[];
  more: boolean;
  lastCase: string | null;
}
const NO_BACKFILL: Backfill = { rows: [], more: false, lastCase: null };

/**
 * The next cases granted to the worker after transaction `from` up to `through` and visible to
 * them, in id order after `after`: as many whole cases as make at most `limit` events by their
 * heads (or the first alone, when it has more), with their histories up to transaction `txid`.
 * A case opened after `txid` has nothing to send (a device's first pull, whose cursor is before
 * everything, has none); one opened before may have fewer events up to it than its head says.
 */
async function readBackfill(db: Queryable, base: unknown[], txid: string, from: string, through: string, after: string | null, limit: number): Promise<Backfill> {
  const [picked] = (await db.query<{ ids: string[] | null; more: boolean | null }>(
    `SELECT array_agg(g.id ORDER BY g.id) FILTER (WHERE g.upto <= $8::int OR g.first) AS ids, bool_or(g.upto > $8::int AND NOT g.first) AS more
     FROM (SELECT c.id, sum(c.head_seq + 1) OVER (ORDER BY c.id) AS upto, row_number() OVER (ORDER BY c.id) = 1 AS first FROM cases c
       WHERE c.id IN (SELECT a.case_id FROM access_changes a WHERE a.worker_id = $1 AND a.granted AND a.txid > $5::xid8 AND a.txid <= $6::xid8 AND ($7::text IS NULL OR a.case_id > $7::text))
         AND ${VISIBLE}
         AND EXISTS (SELECT 1 FROM events e WHERE e.case_id = c.id AND e.seq = 0 AND e.txid <= $9::xid8)) AS g`,
    [...base, from, through, after, limit, txid],
  )) as [{ ids: string[] | null; more: boolean | null }];
  const ids = picked.ids ?? [];
  if (!ids.length) return NO_BACKFILL;
  const { rows } = await readEvents(db, `FROM events e JOIN cases c ON c.id = e.case_id WHERE e.case_id = ANY($5::text[]) AND ${VISIBLE} AND e.txid <= $6::xid8`, 'e.case_id, e.seq', [...base, ids, txid], null);
  return { rows, more: picked.more === true, lastCase: ids[ids.length - 1]! };
}

/**
 * A page as read, its rows opened (and checked) with their cases' keys, loaded in one go. A case
 * erased since the page was read has no key any more: its rows are left out (the erasure comes in
 * a later page, as it committed after this page's snapshot). A key missing for any other case is
 * an error (a key store that is not this database's), not something to leave out.
 */
async function openPage(db: Queryable, keys: CaseKeys, page: ReadPage): Promise<PullPage> {
  const ids = [...page.events, ...page.backfill, ...page.conflicts].map((r) => r.case_id);
  await keys.load(ids);
  const keyless = [...new Set(ids)].filter((id) => !keys.has(id));
  const erased = keyless.length ? await erasedAmong(db, keyless) : new Set<string>();
  const kept = <T extends { case_id: string }>(rows: T[]) => rows.filter((r) => !erased.has(r.case_id));
  const read = erased.size ? { ...page, events: kept(page.events), backfill: kept(page.backfill), conflicts: kept(page.conflicts) } : page;
  const { events, backfill, conflicts } = read;
  return {
    ...read,
    events: events.map((r) => openEvent(keys, r.case_id, r.id, r.body)),
    backfill: backfill.map((r) => openEvent(keys, r.case_id, r.id, r.body)),
    conflicts: conflicts.map((c) => ({
      eventId: c.event_id,
      caseId: c.case_id,
      event: openConflictEvent(keys, c.case_id, c.event_id, c.event),
      rule: c.rule,
      reason: openText(keys, c.case_id, place.reason(c.case_id, c.event_id), c.reason),
      changedBy: c.changed_by,
      createdAt: new Date(c.created_at).toISOString(),
      resolvedAt: c.resolved_at ? new Date(c.resolved_at).toISOString() : null,
      resolution: c.resolution === null ? null : openText(keys, c.case_id, place.resolution(c.case_id, c.event_id), c.resolution),
    })),
  };
}
