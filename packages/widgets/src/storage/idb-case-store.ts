import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { parseCaseEvent, type CaseEvent } from '@casepath/core';
import * as z from 'zod/mini';
import { checkContinuation, toStoredCase, type CaseStore, type StoreChange, type StoredCase, type StoreStatus } from './case-store.js';

/** Bump with a step in the upgrade ladder below whenever the stores change. */
export const DB_VERSION = 1;
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
  recordVersion: number;
  savedAt: string;
  data: unknown;
}

export interface CasepathDB extends DBSchema {
  events: { key: [string, number]; value: EventRecord; indexes: { byCase: string } };
  drafts: { key: string; value: DraftRecord };
}

const EventRecordSchema = z.object({ caseId: z.string(), seq: z.number(), recordVersion: z.literal(RECORD_VERSION), savedAt: z.string(), event: z.unknown() });
const DraftRecordSchema = z.object({ key: z.string(), recordVersion: z.literal(RECORD_VERSION), savedAt: z.string(), data: z.unknown() });

/** One database per organisation, so two organisations on one site never share records. */
export function databaseName(organisation: string): string {
  return `casepath-${organisation}`;
}

type Pending = { kind: 'events'; events: CaseEvent[] } | { kind: 'draft'; key: string; data: unknown };

/**
 * Cases and drafts in IndexedDB (through idb), in the host site's origin.
 *
 * @remarks
 * Every record carries a record version and a timestamp, and is checked with zod when read:
 * stored data is never trusted. When a write fails (quota, Safari dropping the connection), the
 * data stays in memory, `status` turns `degraded` (widgets tell the person plainly), and writes
 * are retried until they succeed; nothing typed is lost while the page is open. When another
 * tab upgrades the database this one closes its connection so the upgrade does not hang.
 */
export class IdbCaseStore implements CaseStore {
  private db: Promise<IDBPDatabase<CasepathDB>> | null = null;
  private readonly idbFactory: () => Promise<IDBPDatabase<CasepathDB>>;
  private readonly listeners = new Set<(change: StoreChange) => void>();
  private readonly pending: Pending[] = [];
  private readonly memoryDrafts = new Map<string, unknown>();
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryDelay = 500;
  private persistRequested = false;
  private channel: BroadcastChannel | null = null;
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

  private async write(p: Pending): Promise<void> {
    const db = await this.open();
    if (p.kind === 'events') {
      const tx = db.transaction('events', 'readwrite');
      const savedAt = new Date().toISOString();
      await Promise.all([...p.events.map((event) => tx.store.add({ caseId: event.caseId, seq: event.seq, recordVersion: RECORD_VERSION, savedAt, event })), tx.done]);
    } else {
      await db.put('drafts', { key: p.key, recordVersion: RECORD_VERSION, savedAt: new Date().toISOString(), data: p.data });
    }
  }

  private async persist(p: Pending): Promise<void> {
    void this.requestPersistence();
    if (this.pending.length === 0) {
      try {
        await this.write(p);
        return;
      } catch {
        /* fall through to the in-memory queue */
      }
    }
    this.pending.push(p);
    this.setStatus('degraded');
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.retryTimer !== null) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.flush();
    }, this.retryDelay);
    this.retryDelay = Math.min(this.retryDelay * 2, 30_000);
  }

  /** Tries the writes kept in memory again, in order. */
  async flush(): Promise<void> {
    while (this.pending.length > 0) {
      try {
        await this.write(this.pending[0]!);
        this.pending.shift();
      } catch {
        await this.close();
        this.scheduleRetry();
        return;
      }
    }
    this.retryDelay = 500;
    this.setStatus('ok');
  }

  private setStatus(status: StoreStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.emit({}, false);
  }

  private async storedEvents(caseId: string): Promise<CaseEvent[]> {
    let records: unknown[] = [];
    try {
      const db = await this.open();
      records = await db.getAllFromIndex('events', 'byCase', caseId);
    } catch {
      /* unreadable: only what is in memory */
    }
    const events: CaseEvent[] = [];
    for (const raw of records) {
      const record = EventRecordSchema.safeParse(raw);
      if (!record.success) {
        this.corrupt.push(`events record of case ${caseId} is not a Casepath record`);
        continue;
      }
      try {
        events.push(parseCaseEvent(record.data.event));
      } catch (error) {
        this.corrupt.push(`case ${caseId} event #${record.data.seq}: ${(error as Error).message}`);
      }
    }
    const queued = this.pending.flatMap((p) => (p.kind === 'events' ? p.events.filter((e) => e.caseId === caseId) : []));
    const seen = new Set(events.map((e) => e.seq));
    for (const e of queued) if (!seen.has(e.seq)) events.push(e);
    return events.sort((a, b) => a.seq - b.seq);
  }

  async append(events: readonly CaseEvent[]): Promise<void> {
    const byCase = new Map<string, CaseEvent[]>();
    for (const e of events) (byCase.get(e.caseId) ?? byCase.set(e.caseId, []).get(e.caseId)!).push(e);
    for (const [caseId, list] of byCase) checkContinuation(await this.storedEvents(caseId), list);
    await this.persist({ kind: 'events', events: events.map((e) => structuredClone(e)) });
    for (const caseId of byCase.keys()) this.emit({ caseId });
  }

  events(caseId: string): Promise<CaseEvent[]> {
    return this.storedEvents(caseId);
  }

  async cases(): Promise<StoredCase[]> {
    const ids = new Set<string>();
    try {
      const db = await this.open();
      for (const key of await db.getAllKeys('events')) ids.add(key[0]);
    } catch {
      /* only pending */
    }
    for (const p of this.pending) if (p.kind === 'events') for (const e of p.events) ids.add(e.caseId);
    const out: StoredCase[] = [];
    for (const id of ids) {
      const c = toStoredCase(id, await this.storedEvents(id));
      if (c) out.push(c);
    }
    return out;
  }

  async saveDraft(key: string, data: unknown): Promise<void> {
    this.memoryDrafts.set(key, structuredClone(data));
    await this.persist({ kind: 'draft', key, data: structuredClone(data) });
    this.emit({ draftKey: key });
  }

  async loadDraft(key: string): Promise<unknown> {
    if (this.memoryDrafts.has(key) && this.status === 'degraded') return structuredClone(this.memoryDrafts.get(key));
    try {
      const raw = await (await this.open()).get('drafts', key);
      if (raw === undefined) return this.memoryDrafts.get(key);
      const record = DraftRecordSchema.safeParse(raw);
      if (!record.success) {
        this.corrupt.push(`draft ${key} is not a Casepath record`);
        return undefined;
      }
      return record.data.data;
    } catch {
      return structuredClone(this.memoryDrafts.get(key));
    }
  }

  async deleteDraft(key: string): Promise<void> {
    this.memoryDrafts.delete(key);
    try {
      await (await this.open()).delete('drafts', key);
    } catch {
      /* nothing stored */
    }
  }

  async exportCase(caseId: string): Promise<StoredCase | null> {
    return toStoredCase(caseId, await this.storedEvents(caseId));
  }

  async eraseCase(caseId: string): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(['events', 'drafts'], 'readwrite');
    const events = tx.objectStore('events');
    for (const key of await events.index('byCase').getAllKeys(caseId)) await events.delete(key);
    const drafts = tx.objectStore('drafts');
    for (const key of await drafts.getAllKeys()) if (key.includes(caseId)) await drafts.delete(key);
    await tx.done;
    for (const key of [...this.memoryDrafts.keys()]) if (key.includes(caseId)) this.memoryDrafts.delete(key);
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const p = this.pending[i]!;
      if (p.kind === 'events') p.events = p.events.filter((e) => e.caseId !== caseId);
    }
    this.emit({ caseId });
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

/** Opens (and creates or upgrades) an organisation's database. */
export function openCasepathDB(organisation: string, onBlocking?: () => void): Promise<IDBPDatabase<CasepathDB>> {
  let db: IDBPDatabase<CasepathDB> | undefined;
  const opening = openDB<CasepathDB>(databaseName(organisation), DB_VERSION, {
    upgrade(database, oldVersion) {
      if (oldVersion < 1) {
        const events = database.createObjectStore('events', { keyPath: ['caseId', 'seq'] });
        events.createIndex('byCase', 'caseId');
        database.createObjectStore('drafts', { keyPath: 'key' });
      }
      // if (oldVersion < 2) { … the next step of the ladder … }
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
