import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import * as z from 'zod/mini';
import { ROLES } from '@casepath/core';

/** Bump with a step in the upgrade ladder below whenever the stores change. */
export const DB_VERSION = 5;
/** Version of the record envelope written with every record. */
export const RECORD_VERSION = 1;

/**
 * Stored events: in a local database, the history; in a replica, what the server confirmed. A
 * record holds one event (`event`, at `seq`) or a run of a case's consecutive events (`events`,
 * the first at `seq`): a pulled page or an import is one record per case, because Chromium
 * spends about 44 µs on each IndexedDB request, whatever it holds.
 */
export interface EventRecord {
  caseId: string;
  seq: number;
  recordVersion: number;
  savedAt: string;
  event?: unknown;
  events?: unknown[];
}

export interface DraftRecord {
  key: string;
  /** The case the draft belongs to (since database version 2), so erasure finds it exactly. */
  caseId?: string;
  recordVersion: number;
  savedAt: string;
  data: unknown;
}
/**
 * An event recorded on this device that the server has not confirmed yet (replicas only).
 * `knownSeq` is the server `seq` of the case's last confirmed event when it was recorded.
 * `accepted` means the server appended it (at `serverSeq`) and the next pull brings it back.
 */
export interface OutboxRecord {
  order?: number;
  caseId: string;
  eventId: string;
  event: unknown;
  knownSeq: number;
  state: 'pending' | 'accepted';
  serverSeq: number | null;
  recordVersion: number;
  savedAt: string;
}
/** A change the server kept for review instead of appending it: shown to its author, never dropped. */
export interface ConflictRecord {
  eventId: string;
  caseId: string;
  event: unknown;
  rule: string;
  reason: string;
  changedBy: string[];
  at: string;
  /** Marked reviewed on this device and not yet taken by the server (see {@link ConflictReview}). */
  review?: ConflictReview;
  recordVersion: number;
}
/**
 * What the worker said they did about a kept change, stored before it is sent, so that it waits
 * offline like any change; `refused` holds the server's words when it would not take it (it is
 * then not sent again until the worker marks it anew).
 */
export interface ConflictReview {
  resolution: string;
  markedAt: string;
  refused: string | null;
  /**
   * The worker no longer reviews the team's changes on this case (no longer a coordinator or
   * supervisor, or the case taken away) before this review was taken: kept, with their words,
   * until they let it go, instead of dropped with the teammate's change. Not sent.
   */
  notTheirs?: true;
}
export interface MetaRecord {
  key: string;
  value: unknown;
}
/**
 * Where a case stands, kept up to date in the same transaction as every write that changes it,
 * so a caseload of thousands of cases opens without replaying each one. The state is replay's,
 * without its history; `lastId` ties it to the exact history it was taken at.
 */
export interface HeadRecord {
  caseId: string;
  lastSeq: number;
  lastId: string | null;
  state: unknown;
  recordVersion: number;
}

/**
 * The caseload's view of many cases at once: every case's `CaseSummary` (core), in records that
 * each hold a range of case ids (from `start` to the next record's), at most
 * {@link SUMMARY_RECORD_MAX} cases each, kept up to date in the same transaction as the cases'
 * heads. A caseload of thousands opens by reading (and, on a sealed device, opening) a few dozen
 * records instead of one per case.
 */
export interface SummaryRecord {
  start: string;
  cases: Record<string, unknown>;
  recordVersion: number;
}

export interface CasepathDB extends DBSchema {
  events: { key: [string, number]; value: EventRecord; indexes: { byCase: string } };
  drafts: { key: string; value: DraftRecord; indexes: { byCase: string } };
  outbox: { key: number; value: OutboxRecord; indexes: { byCase: string; byEvent: string } };
  conflicts: { key: string; value: ConflictRecord; indexes: { byCase: string } };
  meta: { key: string; value: MetaRecord };
  heads: { key: string; value: HeadRecord };
  summaries: { key: string; value: SummaryRecord };
}

export const EventRecordSchema = z
  .object({ caseId: z.string(), seq: z.number(), recordVersion: z.literal(RECORD_VERSION), savedAt: z.string(), event: z.optional(z.unknown()), events: z.optional(z.array(z.unknown())) })
  .check(z.refine((r) => (r.event === undefined) !== (r.events === undefined), 'holds one event or a run of events'));

/** The events a record holds, as stored (not yet checked). */
export function recordEvents(r: { event?: unknown; events?: unknown[] }): unknown[] {
  return r.events ?? [r.event];
}
export const DraftRecordSchema = z.object({ key: z.string(), caseId: z.optional(z.string()), recordVersion: z.literal(RECORD_VERSION), savedAt: z.string(), data: z.unknown() });
export const OutboxRecordSchema = z.object({
  order: z.number(),
  caseId: z.string(),
  eventId: z.string(),
  event: z.unknown(),
  knownSeq: z.number(),
  state: z.enum(['pending', 'accepted']),
  serverSeq: z.nullable(z.number()),
  recordVersion: z.literal(RECORD_VERSION),
  savedAt: z.string(),
});
export const ConflictRecordSchema = z.object({
  eventId: z.string(),
  caseId: z.string(),
  event: z.unknown(),
  rule: z.string(),
  reason: z.string(),
  changedBy: z.array(z.string()),
  at: z.string(),
  review: z.optional(z.object({ resolution: z.string(), markedAt: z.string(), refused: z.nullable(z.string()), notTheirs: z.optional(z.literal(true)) })),
  recordVersion: z.literal(RECORD_VERSION),
});

/** The server this device's database is a replica of. Without one, nothing leaves the device. */
export const SyncLink = z.object({
  server: z.string(),
  deviceId: z.string(),
  workerId: z.string(),
  /** Where the last pull stopped (opaque, the server's). */
  cursor: z.nullable(z.string()),
  /**
   * False from linking until a pull page says nothing more waits (a new device's first pull):
   * the caseload says cases are still arriving. Absent in links made before it was kept.
   */
  caughtUp: z.optional(z.boolean()),
  /**
   * When this device last stored a pull's answer (its own clock): how old its view of the cases
   * may be, said while the server does not answer. Absent in links made before it was kept. Only
   * ever shown: a text that is not a time is shown as it is.
   */
  lastPulledAt: z.optional(z.string()),
  /**
   * Who the server last confirmed as signed in here (their name and role), checked by the sync
   * client when read: who works on this device while the server does not answer.
   */
  worker: z.optional(z.unknown()),
});
export type SyncLink = z.infer<typeof SyncLink>;
export const LINK_KEY = 'sync-link';
/** Set once every case has a head (after the first backfill of an older database). */
export const HEADS_KEY = 'heads-complete';

/** Set once every head has its summary (after the first backfill of an older database). */
export const SUMMARIES_KEY = 'summaries-complete';

/**
 * The most cases a summary record holds before it is split in two: small enough that a write
 * rewrites little, large enough that 5,000 cases are a few dozen records (64 to 128 cases each).
 */
export const SUMMARY_RECORD_MAX = 128;

const TeamMemberSchema = z.object({ workerId: z.string(), role: z.enum(ROLES), since: z.string() });

/** A case's summary as stored, checked when read. */
export const CaseSummarySchema = z.object({
  caseId: z.string(),
  templateId: z.string(),
  templateVersion: z.number(),
  providerId: z.nullable(z.string()),
  clientRef: z.nullable(z.string()),
  status: z.enum(['active', 'paused', 'closed', 'unopened']),
  stage: z.nullable(z.string()),
  nextReviewDue: z.nullable(z.string()),
  team: z.array(TeamMemberSchema),
  lastSeq: z.number(),
});

export const SummaryRecordSchema = z.object({
  start: z.string(),
  cases: z.record(z.string(), z.unknown()),
  recordVersion: z.literal(RECORD_VERSION),
});

/** The fields of a stored head that a caseload reads, checked when read; the rest is replay's state. */
export const HeadRecordSchema = z.object({
  caseId: z.string(),
  lastSeq: z.number(),
  lastId: z.nullable(z.string()),
  // What a summary holds is checked; the rest is replay's.
  state: z.looseObject(CaseSummarySchema.shape),
  recordVersion: z.literal(RECORD_VERSION),
});

/** One database per organisation, so two organisations on one site never share records. */
export function databaseName(organisation: string): string {
  return `casepath-${organisation}`;
}

/** Draft keys written before database version 2, which did not record their case. */
function caseOfLegacyDraftKey(key: string): string | undefined {
  return /^assessment:(.+):[^:]+:(self|staff)$/.exec(key)?.[1];
}

/** Opens (and creates or upgrades) an organisation's database. */
export function openCasepathDB(organisation: string, onBlocking?: () => void): Promise<IDBPDatabase<CasepathDB>> {
  let db: IDBPDatabase<CasepathDB> | undefined;
  const opening = openDB<CasepathDB>(databaseName(organisation), DB_VERSION, {
    upgrade(database, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
        const events = database.createObjectStore('events', { keyPath: ['caseId', 'seq'] });
        events.createIndex('byCase', 'caseId');
        database.createObjectStore('drafts', { keyPath: 'key' });
      }
      if (oldVersion < 2) {
        // Drafts record their case, so erasure matches it exactly instead of by substring.
        const drafts = tx.objectStore('drafts');
        drafts.createIndex('byCase', 'caseId');
        // The upgrade transaction stays open while these requests run; a failure aborts it.
        void (async () => {
          for (let cursor = await drafts.openCursor(); cursor; cursor = await cursor.continue()) {
            const key = cursor.value.key;
            if (key.startsWith('snapshot:')) await cursor.delete(); // a cache, rebuilt on next load
            else {
              const caseId = caseOfLegacyDraftKey(key);
              if (caseId !== undefined && caseId !== 'anonymous') await cursor.update({ ...cursor.value, caseId });
            }
          }
        })();
      }
      if (oldVersion < 3) {
        // Sync: what waits to be sent, what the server kept for review, and the link to it.
        const outbox = database.createObjectStore('outbox', { keyPath: 'order', autoIncrement: true });
        outbox.createIndex('byCase', 'caseId');
        outbox.createIndex('byEvent', 'eventId', { unique: true });
        database.createObjectStore('conflicts', { keyPath: 'eventId' }).createIndex('byCase', 'caseId');
        database.createObjectStore('meta', { keyPath: 'key' });
      }
      if (oldVersion < 4) {
        // Per-case projections, kept up to date by every write; an older database's cases are
        // projected on first use (caseSummaries), a new one's are complete from the start.
        database.createObjectStore('heads', { keyPath: 'caseId' });
        if (oldVersion === 0) void tx.objectStore('meta').put({ key: HEADS_KEY, value: true });
      }
      if (oldVersion < 5) {
        // The caseload's summaries, a few dozen records of ranges of cases; an older database's
        // are made from its heads on first use (caseSummaries), a new one's are complete from the start.
        database.createObjectStore('summaries', { keyPath: 'start' });
        if (oldVersion === 0) void tx.objectStore('meta').put({ key: SUMMARIES_KEY, value: true });
      }
      // if (oldVersion < 6) { … the next step of the ladder … }
    },
    blocking() {
      // Another tab wants a newer version: let it upgrade instead of hanging.
      db?.close();
      onBlocking?.();
    },
  });
  return opening.then((d) => (db = d));
}
