import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { parseCaseEvent, type CaseEvent, type RecordRequest } from '@casepath/core';
import * as z from 'zod/mini';
import {
  checkContinuation,
  decideAgainstStored,
  StoreSequenceError,
  toStoredCase,
  type CaseStore,
  type DraftOptions,
  type RecordResult,
  type StoreChange,
  type StoredCase,
  type StoreStatus,
  type TemplateResolver,
} from './case-store.js';

/** Bump with a step in the upgrade ladder below whenever the stores change. */
export const DB_VERSION = 2;
/** Version of the record envelope written with every record. */
const RECORD_VERSION = 1;

interface EventRecord {
  caseId: string;
  seq: number;
  recordVersion: number;
  savedAt: string;
  event: unknown;
}
interface DraftRecord {
  key: string;
  /** The case the draft belongs to (since database version 2), so erasure finds it exactly. */
  caseId?: string;
  recordVersion: number;
  savedAt: string;
  data: unknown;
}

export interface CasepathDB extends DBSchema {
  events: { key: [string, number]; value: EventRecord; indexes: { byCase: string } };
  drafts: { key: string; value: DraftRecord; indexes: { byCase: string } };
}

const EventRecordSchema = z.object({ caseId: z.string(), seq: z.number(), recordVersion: z.literal(RECORD_VERSION), savedAt: z.string(), event: z.unknown() });
const DraftRecordSchema = z.object({ key: z.string(), caseId: z.optional(z.string()), recordVersion: z.literal(RECORD_VERSION), savedAt: z.string(), data: z.unknown() });

/** One database per organisation, so two organisations on one site never share records. */
export function databaseName(organisation: string): string {
  return `casepath-${organisation}`;
}

/**
 * Failures that can succeed when tried again later: storage full, a connection closed by the
 * browser (Safari does this), a transaction cut short. A ConstraintError is not among them: it
 * means the write conflicts with what is stored, and retrying it can never succeed.
 */
const TRANSIENT = new Set(['QuotaExceededError', 'InvalidStateError', 'TransactionInactiveError', 'AbortError', 'UnknownError', 'TimeoutError', 'NotReadableError', 'VersionError']);
export function isTransientStorageError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && TRANSIENT.has((error as { name?: string }).name ?? '');
}

interface PendingRecord {
  request: RecordRequest;
  templates: TemplateResolver;
}

/**
 * Cases and drafts in IndexedDB (through idb), in the host site's origin.
 *
 * @remarks
 * Every record carries a record version and a timestamp, and is checked with zod when read:
 * stored data is never trusted. {@link IdbCaseStore.record} reads the head, decides and writes
 * in one readwrite transaction, which IndexedDB serialises across widgets and tabs, so no two
 * recorders can take the same place in a history. When the device refuses a write for a reason
 * that can pass (quota, Safari dropping the connection), the record waits in memory, `status`
 * turns `degraded` (widgets tell the person plainly), it is retried, and leaving the page asks
 * for confirmation. When another tab upgrades the database this one closes its connection so
 * the upgrade does not hang.
 */
export class IdbCaseStore implements CaseStore {
  private db: Promise<IDBPDatabase<CasepathDB>> | null = null;
  private readonly idbFactory: () => Promise<IDBPDatabase<CasepathDB>>;
  private readonly listeners = new Set<(change: StoreChange) => void>();
  private readonly pendingRecords: PendingRecord[] = [];
  /** Drafts the device refused, by key: kept (and served) from memory until written. */
  private readonly pendingDrafts = new Map<string, { data: unknown; caseId: string | undefined }>();
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryDelay = 500;
  private persistRequested = false;
  private channel: BroadcastChannel | null = null;
  private leaveGuard: ((e: Event) => void) | null = null;
  status: StoreStatus = 'ok';
  /** Problems found in stored records (skipped on read), for diagnostics. */
  readonly corrupt: string[] = [];

  constructor(
    readonly organisation: string,
    idbFactory?: () => Promise<IDBPDatabase<CasepathDB>>,
  ) {
    // When another tab upgrades the database, the connection is closed and reopened on next use.
    this.idbFactory = idbFactory ?? (() => openCasepathDB(organisation, () => (this.db = null)));
    if (typeof BroadcastChannel !== 'undefined') {
      this.channel = new BroadcastChannel(databaseName(organisation));
      this.channel.onmessage = (m: MessageEvent<StoreChange>) => this.emit(m.data, false);
    }
  }

  get pendingCount(): number {
    return this.pendingRecords.length + this.pendingDrafts.size;
  }

  private open(): Promise<IDBPDatabase<CasepathDB>> {
    this.db ??= this.idbFactory().catch((error: unknown) => {
      this.db = null;
      throw error;
    });
    return this.db;
  }

  /** Closes the connection (also called when another tab needs to upgrade). */
  async close(): Promise<void> {
    const db = this.db;
    this.db = null;
    if (db) (await db.catch(() => null))?.close();
  }

  private async requestPersistence(): Promise<void> {
    if (this.persistRequested) return;
    this.persistRequested = true;
    try {
      await navigator.storage?.persist?.();
    } catch {
      /* Browsers may refuse; data still lives in best-effort storage. */
    }
  }

  /** Reads and checks a case's records inside a transaction; corrupt ones are reported and skipped. */
  private async readCase(tx: IDBPTransaction<CasepathDB, ['events'], IDBTransactionMode>, caseId: string): Promise<{ events: CaseEvent[]; maxSeq: number }> {
    const records = await tx.objectStore('events').index('byCase').getAll(caseId);
    const events: CaseEvent[] = [];
    let maxSeq = -1;
    for (const raw of records) {
      const record = EventRecordSchema.safeParse(raw);
      if (!record.success) {
        this.corrupt.push(`events record of case ${caseId} is not a Casepath record`);
        continue;
      }
      maxSeq = Math.max(maxSeq, record.data.seq);
      try {
        events.push(parseCaseEvent(record.data.event));
      } catch (error) {
        this.corrupt.push(`case ${caseId} event #${record.data.seq}: ${(error as Error).message}`);
      }
    }
    events.sort((a, b) => a.seq - b.seq);
    return { events, maxSeq };
  }

  private eventRecord(event: CaseEvent, savedAt: string): EventRecord {
    return { caseId: event.caseId, seq: event.seq, recordVersion: RECORD_VERSION, savedAt, event };
  }

  /** One readwrite transaction: read the head, decide, add. Throws what IndexedDB throws. */
  private async recordNow(request: RecordRequest, templates: TemplateResolver): Promise<RecordResult> {
    const db = await this.open();
    const tx = db.transaction('events', 'readwrite');
    const { events, maxSeq } = await this.readCase(tx, request.caseId);
    const decision = decideAgainstStored(events, maxSeq, request, templates);
    if (decision.kind !== 'append') {
      await tx.done;
      return decision.kind === 'already-recorded' ? { status: 'saved', events: decision.events, state: decision.state } : { status: 'refused', conflict: decision.conflict, state: decision.state };
    }
    const savedAt = new Date().toISOString();
    await Promise.all([...decision.events.map((e) => tx.store.add(this.eventRecord(e, savedAt))), tx.done]);
    this.emit({ caseId: request.caseId });
    return { status: 'saved', events: decision.events, state: decision.state };
  }

  async record(request: RecordRequest, templates: TemplateResolver): Promise<RecordResult> {
    void this.requestPersistence();
    // Earlier records of the same case wait in memory: this one goes after them, in order.
    if (!this.pendingRecords.some((p) => p.request.caseId === request.caseId)) {
      try {
        return await this.recordNow(request, templates);
      } catch (error) {
        if (!isTransientStorageError(error)) throw error;
        await this.close();
      }
    }
    this.pendingRecords.push({ request: structuredClone(request), templates });
    this.becameDegraded();
    return { status: 'pending', reason: 'this device did not store it yet; it is kept while this page is open and tried again' };
  }

  async importEvents(events: readonly CaseEvent[]): Promise<void> {
    const byCase = new Map<string, CaseEvent[]>();
    for (const e of events) (byCase.get(e.caseId) ?? byCase.set(e.caseId, []).get(e.caseId)!).push(e);
    const db = await this.open();
    const tx = db.transaction('events', 'readwrite');
    const savedAt = new Date().toISOString();
    const writes: Promise<unknown>[] = [];
    try {
      for (const [caseId, list] of byCase) {
        const { events: stored } = await this.readCase(tx, caseId);
        for (const e of checkContinuation(stored, list)) writes.push(tx.store.add(this.eventRecord(structuredClone(e), savedAt)));
      }
    } catch (error) {
      if (error instanceof StoreSequenceError) tx.abort();
      await tx.done.catch(() => undefined);
      throw error;
    }
    await Promise.all([...writes, tx.done]);
    for (const caseId of byCase.keys()) this.emit({ caseId });
  }

  async events(caseId: string): Promise<CaseEvent[]> {
    const db = await this.open();
    const tx = db.transaction('events', 'readonly');
    const { events } = await this.readCase(tx, caseId);
    await tx.done;
    return events;
  }

  async cases(): Promise<StoredCase[]> {
    const db = await this.open();
    const ids = new Set((await db.getAllKeys('events')).map((key) => key[0]));
    const out: StoredCase[] = [];
    for (const id of ids) {
      const c = toStoredCase(id, await this.events(id));
      if (c) out.push(c);
    }
    return out;
  }

  private async writeDraft(key: string, data: unknown, caseId: string | undefined): Promise<void> {
    const record: DraftRecord = { key, recordVersion: RECORD_VERSION, savedAt: new Date().toISOString(), data };
    if (caseId !== undefined) record.caseId = caseId;
    await (await this.open()).put('drafts', record);
  }

  async saveDraft(key: string, data: unknown, options: DraftOptions = {}): Promise<void> {
    void this.requestPersistence();
    const copy = structuredClone(data);
    if (!this.pendingDrafts.has(key)) {
      try {
        await this.writeDraft(key, copy, options.caseId);
        this.emit({ draftKey: key });
        return;
      } catch (error) {
        if (!isTransientStorageError(error)) throw error;
        await this.close();
      }
    }
    this.pendingDrafts.set(key, { data: copy, caseId: options.caseId });
    this.becameDegraded();
    this.emit({ draftKey: key });
  }

  async loadDraft(key: string): Promise<unknown> {
    const waiting = this.pendingDrafts.get(key);
    if (waiting) return structuredClone(waiting.data);
    const raw = await (await this.open()).get('drafts', key);
    if (raw === undefined) return undefined;
    const record = DraftRecordSchema.safeParse(raw);
    if (!record.success) {
      this.corrupt.push(`draft ${key} is not a Casepath record`);
      return undefined;
    }
    return record.data.data;
  }

  async deleteDraft(key: string): Promise<void> {
    this.pendingDrafts.delete(key);
    await (await this.open()).delete('drafts', key);
  }

  async exportCase(caseId: string): Promise<StoredCase | null> {
    return toStoredCase(caseId, await this.events(caseId));
  }

  async eraseCase(caseId: string): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(['events', 'drafts'], 'readwrite');
    const events = tx.objectStore('events');
    const drafts = tx.objectStore('drafts');
    const [eventKeys, draftKeys] = await Promise.all([events.index('byCase').getAllKeys(caseId), drafts.index('byCase').getAllKeys(caseId)]);
    await Promise.all([...eventKeys.map((k) => events.delete(k)), ...draftKeys.map((k) => drafts.delete(k)), tx.done]);
    for (const [key, d] of this.pendingDrafts) if (d.caseId === caseId) this.pendingDrafts.delete(key);
    for (let i = this.pendingRecords.length - 1; i >= 0; i--) if (this.pendingRecords[i]!.request.caseId === caseId) this.pendingRecords.splice(i, 1);
    this.settle();
    this.emit({ caseId });
  }

  /** Tries the writes kept in memory again, in order. */
  async flush(): Promise<void> {
    if (this.retryTimer !== null) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    try {
      for (const [key, d] of [...this.pendingDrafts]) {
        await this.writeDraft(key, d.data, d.caseId);
        if (this.pendingDrafts.get(key) === d) this.pendingDrafts.delete(key);
      }
      while (this.pendingRecords.length > 0) {
        const next = this.pendingRecords[0]!;
        let result: RecordResult;
        try {
          result = await this.recordNow(next.request, next.templates);
        } catch (error) {
          if (isTransientStorageError(error)) throw error;
          result = { status: 'refused', state: null, conflict: { draftIndex: 0, eventType: next.request.drafts[0]?.type ?? 'case.open', rule: 'invalid-state', reason: `this device could not store it: ${(error as Error).message}`, changedSince: [] } };
        }
        this.pendingRecords.shift();
        if (result.status === 'refused') this.emit({ caseId: next.request.caseId, refused: { caseId: next.request.caseId, conflict: result.conflict } });
      }
    } catch {
      await this.close();
      this.scheduleRetry();
      return;
    }
    this.settle();
  }

  private becameDegraded(): void {
    this.setStatus('degraded');
    this.scheduleRetry();
    this.guardLeaving(true);
  }

  /** Back to `ok` once nothing waits in memory. */
  private settle(): void {
    if (this.pendingCount > 0) return;
    this.retryDelay = 500;
    this.guardLeaving(false);
    this.setStatus('ok');
  }

  private scheduleRetry(): void {
    if (this.retryTimer !== null) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.flush();
    }, this.retryDelay);
    this.retryDelay = Math.min(this.retryDelay * 2, 30_000);
  }

  /**
   * While writes wait in memory, hiding the page tries them at once, and leaving it asks the
   * browser's "changes may not be saved" question, so nothing is lost silently when a tab closes.
   */
  private guardLeaving(on: boolean): void {
    if (typeof window === 'undefined' || on === (this.leaveGuard !== null)) return;
    if (on) {
      this.leaveGuard = (e: Event) => {
        if (this.pendingCount === 0) return;
        if (e.type === 'beforeunload') e.preventDefault();
        else void this.flush();
      };
      window.addEventListener('beforeunload', this.leaveGuard);
      window.addEventListener('pagehide', this.leaveGuard);
      document.addEventListener('visibilitychange', this.leaveGuard);
    } else {
      window.removeEventListener('beforeunload', this.leaveGuard!);
      window.removeEventListener('pagehide', this.leaveGuard!);
      document.removeEventListener('visibilitychange', this.leaveGuard!);
      this.leaveGuard = null;
    }
  }

  private setStatus(status: StoreStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.emit({}, false);
  }

  subscribe(listener: (change: StoreChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(change: StoreChange, broadcast = true): void {
    for (const l of this.listeners) l(change);
    if (broadcast) this.channel?.postMessage(change);
  }
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
      // if (oldVersion < 3) { … the next step of the ladder … }
    },
    blocking() {
      // Another tab wants a newer version: let it upgrade instead of hanging.
      db?.close();
      onBlocking?.();
    },
  });
  return opening.then((d) => (db = d));
}

const stores = new Map<string, IdbCaseStore>();

/** The shared store of an organisation on this page. */
export function caseStoreFor(organisation: string): IdbCaseStore {
  let store = stores.get(organisation);
  if (!store) {
    store = new IdbCaseStore(organisation);
    stores.set(organisation, store);
  }
  return store;
}
