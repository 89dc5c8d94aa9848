import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import { caseSummary, parseCaseEvent, replay, type CaseEvent, type CaseState, type CaseSummary, type RecordRequest } from '@casepath/core';
import { BUILT_IN_TEMPLATE_IDS } from './built-in-templates.js';
import {
  checkContinuation,
  decideAgainstStored,
  StoreSequenceError,
  templateFor,
  templatesById,
  toStoredCase,
  type CaseStore,
  type DraftOptions,
  type DraftToKeep,
  type RecordResult,
  type StoreChange,
  type StoredCase,
  type StoreStatus,
  type TemplateResolver,
} from './case-store.js';
import {
  databaseName,
  DraftRecordSchema,
  EventRecordSchema,
  recordEvents,
  CaseSummarySchema,
  HEADS_KEY,
  HeadRecordSchema,
  LINK_KEY,
  openCasepathDB,
  OutboxRecordSchema,
  RECORD_VERSION,
  SUMMARIES_KEY,
  SummaryRecordSchema,
  SyncLink,
  type CasepathDB,
  type DraftRecord,
  type EventRecord,
  type HeadRecord,
  type OutboxRecord,
} from './casepath-db.js';
import { SummaryUpdates } from './summary-updates.js';
import { CaseGoneError, CasesGone } from './cases-gone.js';

import { DeviceKeys, DeviceLockedError, KEYS_KEY, WrongPassphraseError, type RecordCipher } from './device-key.js';

/** The cryptography, loaded when records are first sealed or opened (before any transaction). */
const deviceCrypto = () => import('./device-key-crypto.js');

export { DB_VERSION, databaseName, openCasepathDB, type CasepathDB, type SyncLink } from './casepath-db.js';
export { DeviceLockedError, WrongPassphraseError } from './device-key.js';

/** The fields each store seals when the records are protected, and what names a record's place. */
const SEALED = {
  events: { fields: ['event', 'events'], place: (r: Record<string, unknown>) => `events/${String(r['caseId'])}/${String(r['seq'])}` },
  drafts: { fields: ['data'], place: (r: Record<string, unknown>) => `drafts/${String(r['key'])}` },
  outbox: { fields: ['event'], place: (r: Record<string, unknown>) => `outbox/${String(r['eventId'])}` },
  conflicts: { fields: ['event', 'reason', 'changedBy', 'review'], place: (r: Record<string, unknown>) => `conflicts/${String(r['eventId'])}` },
  heads: { fields: ['state'], place: (r: Record<string, unknown>) => `heads/${String(r['caseId'])}` },
  summaries: { fields: ['cases'], place: (r: Record<string, unknown>) => `summaries/${String(r['start'])}` },
} as const;
export type SealedStore = keyof typeof SEALED;

/**
 * Whether this device's records are sealed: `off` (stored as they are), `locked` (sealed, and no
 * passphrase has opened them on this page), `open` (sealed, and the data key is in memory).
 */
export type Protection = 'off' | 'locked' | 'open';
/** The records open in this page: `label` is whose passphrase opened them (the worker's id, with `<cp-sync>`). */
type OpenProtection = { state: 'open'; keys: DeviceKeys; cipher: RecordCipher; dataKey: Uint8Array; label: string };
type ProtectionState = { state: 'unknown' } | { state: 'off' } | { state: 'locked'; keys: DeviceKeys | null } | OpenProtection;

/** Whether a draft operation is still the latest asked at a key (see `IdbCaseStore.askDrafts`). */
type Latest = (key: string) => boolean;
/** A draft operation asked: when it ends, and the case of each of its keys, where known. */
interface DraftAsked {
  ended: Promise<void>;
  caseIds: Map<string, string | undefined>;
}

/**
 * Failures that can succeed when tried again later: storage full, a connection closed by the
 * browser (Safari does this), a transaction cut short. A ConstraintError is not among them: it
 * means the write conflicts with what is stored, and retrying it can never succeed.
 */
const TRANSIENT = new Set(['DeviceLockedError', 'QuotaExceededError', 'InvalidStateError', 'TransactionInactiveError', 'AbortError', 'UnknownError', 'TimeoutError', 'NotReadableError', 'VersionError']);
export function isTransientStorageError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && TRANSIENT.has((error as { name?: string }).name ?? '');
}

/** A record's protected fields apart from the rest, and the place that names it. */
function splitRecord(store: SealedStore, record: object): { rest: Record<string, unknown>; secret: Record<string, unknown>; where: string } {
  const { fields, place } = SEALED[store];
  const rest: Record<string, unknown> = { ...record };
  const secret: Record<string, unknown> = {};
  for (const field of fields) {
    if (!(field in rest)) continue;
    secret[field] = rest[field];
    delete rest[field];
  }
  return { rest, secret, where: place(rest) };
}

/** A draft as it is stored, before its protected fields are sealed. */
function draftRecord(key: string, data: unknown, caseId: string | undefined): DraftRecord {
  const record: DraftRecord = { key, recordVersion: RECORD_VERSION, savedAt: new Date().toISOString(), data };
  if (caseId !== undefined) record.caseId = caseId;
  return record;
}

/** Moves a record's protected fields into one sealed value, bound to the record's place. */
function sealRecord(cipher: RecordCipher, store: SealedStore, record: object): object {
  const { rest, secret, where } = splitRecord(store, record);
  return { ...rest, sealed: cipher.seal(secret, where) };
}

/** The same as {@link sealRecord}, with WebCrypto, before a transaction. */
async function sealRecordOutside<T extends object>(cipher: RecordCipher, store: SealedStore, record: T): Promise<T> {
  const { rest, secret, where } = splitRecord(store, record);
  return { ...rest, sealed: await cipher.sealOutside(secret, where) } as T;
}

/**
 * @internal A record made ready before a transaction: sealed with WebCrypto's native AES-GCM,
 * many times faster than the synchronous cipher a transaction allows (a new device's pull seals
 * thousands). Stored through {@link IdbCaseStore.storedNow}, which checks the key is still held.
 */
export interface SealedAhead<T> {
  readonly plain: T;
  /** As stored: sealed with `cipher`, or the plain record when this device does not seal. */
  readonly stored: T;
  readonly cipher: RecordCipher | null;
}

interface PendingRecord {
  request: RecordRequest;
  templates: TemplateResolver;
}

export type AnyTx = IDBPTransaction<CasepathDB, StoreNames<CasepathDB>[], IDBTransactionMode>;

/**
 * Cases and drafts in IndexedDB (through idb), in the host site's origin.
 *
 * @remarks
 * Every record carries a record version and a timestamp, and is checked with zod when read:
 * stored data is never trusted. {@link IdbCaseStore.record} reads the head, decides and writes
 * in one readwrite transaction, which IndexedDB serialises across widgets and tabs, so no two
 * recorders can take the same place in a history.
 *
 * Without a server the database is the record. Once linked to a server ({@link link}) it is a
 * replica: `events` holds what the server confirmed, in its order, and what is recorded here
 * waits in the `outbox` until a push is answered and a pull brings it back; the case shown is the
 * confirmed history followed by the outbox. A `SyncClient` moves things between the two.
 *
 * When the device refuses a write for a reason that can pass (quota, Safari dropping the
 * connection), the record waits in memory, `status` turns `degraded` (widgets tell the person
 * plainly), it is retried, and leaving the page asks for confirmation.
 */
export class IdbCaseStore implements CaseStore {
  private db: Promise<IDBPDatabase<CasepathDB>> | null = null;
  /** The database {@link db} opened, to write in the same turn (see {@link writeDraftsNow}); only while `from` is still `db`. */
  private openedDb: { db: IDBPDatabase<CasepathDB>; from: Promise<IDBPDatabase<CasepathDB>> } | null = null;
  private readonly idbFactory: () => Promise<IDBPDatabase<CasepathDB>>;
  private readonly listeners = new Set<(change: StoreChange) => void>();
  private readonly pendingRecords: PendingRecord[] = [];
  /** Drafts the device refused, by key: kept (and served) from memory until written. */
  private readonly pendingDrafts = new Map<string, { data: unknown; caseId: string | undefined }>();
  /** The latest draft operation asked at each key, until it ends (see {@link askDrafts}). */
  private readonly draftsAsked = new Map<string, DraftAsked>();
  /** Cases that left this device, told here or by another tab: no draft of theirs is kept (see {@link letGo}). */
  private readonly casesGone = new CasesGone();
  /** Cases whose drafts {@link letGo} deletes in its next transaction. */
  private draftsToClear: Set<string> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryDelay = 500;
  private persistRequested = false;
  private channel: BroadcastChannel | null = null;
  private leaveGuard: ((e: Event) => void) | null = null;
  status: StoreStatus = 'ok';
  /** Problems found in stored records (skipped on read), for diagnostics. */
  readonly corrupt: string[] = [];
  /** Which template each case was opened with, as read by {@link prepareTemplates}. */
  private readonly templateOfCase = new Map<string, string>();
  /** The summaries each open readwrite transaction changes. */
  private readonly summaryUpdates = new WeakMap<AnyTx, SummaryUpdates>();
  /**
   * The summary records this page last sealed or opened, with their sealed bytes: a pull's next
   * page finds them unchanged and does not open them again. Forgotten with the key.
   */
  private readonly openedSummaries = new Map<string, { sealed: Uint8Array; record: unknown }>();
  /** Whether this page made the summaries again after finding fewer than heads (once is enough). */
  private summariesRemade = false;
  /** Templates for keeping each case's projection (`heads`) up to date; set it to add your own. */
  templates: TemplateResolver = templatesById();
  private protection: ProtectionState = { state: 'unknown' };
  /** Reads and writes waiting for the records to be unlocked. */
  private readonly unlockWaiters = new Set<() => void>();

  constructor(
    readonly organisation: string,
    idbFactory?: () => Promise<IDBPDatabase<CasepathDB>>,
  ) {
    // When another tab upgrades the database, the connection is closed and reopened on next use.
    this.idbFactory = idbFactory ?? (() => openCasepathDB(organisation, () => (this.db = null)));
    if (typeof BroadcastChannel !== 'undefined') {
      this.channel = new BroadcastChannel(databaseName(organisation));
      this.channel.onmessage = (m: MessageEvent<StoreChange & { protection?: true; lock?: true; signOut?: true }>) => {
        // Another tab sealed the records: read the key record again before the next read or write.
        if (m.data.protection) void this.close().then(() => this.emit({}, false));
        else if (m.data.lock) void this.lock({ signOut: m.data.signOut });
        else this.emit(m.data, false);
      };
    }
  }

  get pendingCount(): number {
    return this.pendingRecords.length + this.pendingDrafts.size;
  }

  private open(): Promise<IDBPDatabase<CasepathDB>> {
    if (this.db) return this.db;
    const opening: Promise<IDBPDatabase<CasepathDB>> = this.idbFactory()
      .then(async (db) => {
        await this.readProtection(db);
        this.openedDb = { db, from: opening };
        return db;
      })
      .catch((error: unknown) => {
        this.db = null;
        throw error;
      });
    return (this.db = opening);
  }

  /** The database, once its records can be read: while they are locked, this waits for {@link unlock}. */
  private async ready(): Promise<IDBPDatabase<CasepathDB>> {
    for (;;) {
      const db = await this.open();
      if (this.protection.state !== 'locked') return db;
      await new Promise<void>((resolve) => this.unlockWaiters.add(resolve));
    }
  }

  /** Reads whether the records are sealed, keeping the data key when it is still the database's. */
  private async readProtection(db: IDBPDatabase<CasepathDB>): Promise<void> {
    const raw = db.objectStoreNames.contains('meta') ? (await db.get('meta', KEYS_KEY))?.value : undefined;
    if (raw === undefined) {
      this.forgetKey();
      this.protection = { state: 'off' };
      return;
    }
    const keys = DeviceKeys.safeParse(raw);
    if (!keys.success) this.corrupt.push('the key record of this device is not a Casepath record; its sealed records cannot be opened');
    const p = this.protection;
    if (p.state === 'open' && keys.success && p.keys.keyId === keys.data.keyId) {
      this.protection = { ...p, keys: keys.data };
      return;
    }
    this.forgetKey();
    this.protection = { state: 'locked', keys: keys.success ? keys.data : null };
  }

  private forgetKey(): void {
    if (this.protection.state === 'open') this.protection.dataKey.fill(0);
    this.openedSummaries.clear();
  }

  // ---- encryption at rest ----

  /** Whether this device's records are sealed, and whether this page holds their key. */
  async protectionState(): Promise<Protection> {
    await this.open();
    const p = this.protection;
    return p.state === 'unknown' ? 'off' : p.state;
  }

  recordsOpenedBy(): string | null {
    return this.protection.state === 'open' ? this.protection.label : null;
  }

  /** What is asked for drafts to keep at each lock (see `CaseStore.beforeLock`). */
  private readonly lockKeepers = new Set<() => readonly DraftToKeep[]>();

  beforeLock(keep: () => readonly DraftToKeep[]): () => void {
    this.lockKeepers.add(keep);
    return () => this.lockKeepers.delete(keep);
  }

  /** Whether `label` has a passphrase that opens the records (false when they are not sealed). */
  async hasPassphrase(label: string): Promise<boolean> {
    await this.open();
    const p = this.protection;
    return (p.state === 'locked' || p.state === 'open') && (p.keys?.slots.some((s) => s.label === label) ?? false);
  }

  /** Whether `passphrase` opens `label`'s slot, null when it has none (the records stay as they are, open or locked). */
  async checkPassphrase(label: string, passphrase: string): Promise<boolean | null> {
    await this.readProtection(await this.open());
    const p = this.protection;
    if ((p.state !== 'locked' && p.state !== 'open') || !p.keys?.slots.some((s) => s.label === label)) return null;
    try {
      await (await deviceCrypto()).unwrapDataKey(p.keys, label, passphrase);
      return true;
    } catch (error) {
      if (error instanceof WrongPassphraseError) return false;
      throw error;
    }
  }

  /**
   * Seals every record of this database (events, outbox, drafts, conflicts, projections) with a
   * new random key, in one transaction, and wraps that key under `label`'s passphrase; from now
   * on every write is sealed. The key stays in this page's memory until {@link lock}.
   */
  async protect(label: string, passphrase: string): Promise<void> {
    if ((await this.protectionState()) !== 'off') throw new Error('the records on this device are sealed already; unlock them instead');
    // The derivation takes a while, so it comes before the connection is taken: one held across
    // it may be closed meanwhile (another tab upgrading or sealing), and its transaction refused.
    const opened = await this.newKey(label, passphrase);
    const { cipher, keys } = opened;
    const db = await this.open();
    const tx = db.transaction(['events', 'drafts', 'outbox', 'conflicts', 'heads', 'summaries', 'meta'], 'readwrite');
    if ((await tx.objectStore('meta').get(KEYS_KEY)) !== undefined) {
      tx.abort();
      await tx.done.catch(() => undefined);
      await this.close();
      throw new Error('another tab sealed the records on this device meanwhile; unlock them instead');
    }
    const writes: Promise<unknown>[] = [];
    for (const name of Object.keys(SEALED) as SealedStore[]) {
      const store = tx.objectStore(name);
      for (const raw of await store.getAll()) if (typeof raw === 'object' && raw !== null && !('sealed' in raw)) writes.push(store.put(sealRecord(cipher, name, raw) as never));
    }
    writes.push(tx.objectStore('meta').put({ key: KEYS_KEY, value: keys }));
    await Promise.all([...writes, tx.done]);
    this.holdKey(opened);
    this.channel?.postMessage({ protection: true });
    this.emit({ locked: false, by: label }, false);
  }

  /** A new random data key wrapped for `label`; derivation is asynchronous, so before any transaction. */
  private async newKey(label: string, passphrase: string): Promise<OpenProtection> {
    const { newDataKey, wrapDataKey, recordCipher } = await deviceCrypto();
    const { keyId, dataKey } = newDataKey();
    const slot = await wrapDataKey(dataKey, keyId, label, passphrase);
    return { state: 'open', keys: { version: 1, keyId, slots: [slot] }, cipher: await recordCipher(keyId, dataKey), dataKey, label };
  }

  /** Holds the data key: reads and writes that waited for it go on. */
  private holdKey(opened: OpenProtection): void {
    this.forgetKey();
    this.protection = opened;
    for (const resolve of [...this.unlockWaiters]) resolve();
    this.unlockWaiters.clear();
  }

  /**
   * Opens the sealed records with `label`'s passphrase: reads and writes that waited go on.
   * {@link WrongPassphraseError} when it does not open them (nothing is changed).
   */
  async unlock(label: string, passphrase: string): Promise<void> {
    await this.readProtection(await this.open()); // the slots as stored now, another tab's included
    const p = this.protection;
    if (p.state === 'open' || p.state === 'off') return;
    if (p.state !== 'locked' || p.keys === null) throw new DeviceLockedError('the key record of this device is damaged; its sealed records cannot be opened', 'damaged');
    const { unwrapDataKey, recordCipher } = await deviceCrypto();
    const dataKey = await unwrapDataKey(p.keys, label, passphrase);
    const cipher = await recordCipher(p.keys.keyId, dataKey);
    if (this.protection !== p) return this.unlock(label, passphrase); // the key record changed meanwhile
    this.holdKey({ state: 'open', keys: p.keys, cipher, dataKey, label });
    this.emit({ locked: false, by: label }, false);
  }

  /** Gives `label` a passphrase (new or changed) that opens the records; they must be open here. */
  async setPassphrase(label: string, passphrase: string): Promise<void> {
    await this.open();
    const p = this.protection;
    if (p.state !== 'open') throw new DeviceLockedError();
    const slot = await (await deviceCrypto()).wrapDataKey(p.dataKey, p.keys.keyId, label, passphrase);
    await this.inTransaction(['meta'], 'readwrite', async (tx) => {
      const current = DeviceKeys.parse((await tx.objectStore('meta').get(KEYS_KEY))?.value);
      const keys: DeviceKeys = { ...current, slots: [...current.slots.filter((s) => s.label !== label), slot] };
      await tx.objectStore('meta').put({ key: KEYS_KEY, value: keys });
      const now = this.protection;
      if (now.state === 'open' && now.keys.keyId === keys.keyId) this.protection = { ...now, keys };
    });
  }

  /**
   * Forgets the key: the records stay sealed on the device until a passphrase opens them again.
   * `everywhere`: the page's other tabs of this organisation forget it too. `signOut`: the worker
   * leaves, so what widgets keep for her is not written (see `CaseStore.beforeLock`).
   */
  async lock(options: { everywhere?: boolean; signOut?: boolean } = {}): Promise<void> {
    if (options.everywhere) this.channel?.postMessage(options.signOut ? { lock: true, signOut: true } : { lock: true });
    await this.open();
    const p = this.protection;
    if (p.state !== 'open') return;
    // What widgets keep for the worker is sealed while the key is here, and written once the
    // records are locked: the lock itself waits for nothing. Not at a sign-out: the worker left,
    // and what she typed stays in the page's memory only (drafts left behind would keep another
    // worker from starting the device over).
    const kept = options.signOut ? [] : [...this.lockKeepers].flatMap((keep) => {
      try {
        return keep().flatMap(({ key, data, caseId }) => (this.casesGone.has(caseId) ? [] : [this.sealed('drafts', draftRecord(key, structuredClone(data), caseId))]));
      } catch {
        return [];
      }
    });
    this.forgetKey();
    this.protection = { state: 'locked', keys: p.keys };
    this.emit({ locked: true, by: p.label }, false);
    if (kept.length > 0) await this.askDrafts(kept, (latest) => this.writeSealedDrafts(p.keys.keyId, kept, latest)).catch(() => undefined);
  }

  /**
   * For a worker without a passphrase on a device sealed by another, or one who forgot the
   * previous password the device was sealed with: when nothing waits here (outbox, drafts,
   * changes kept for review), empties the database and seals it anew for `label` (what it held
   * is the server's, and is pulled again). False, changing nothing, when something waits.
   */
  async startOver(label: string, passphrase: string): Promise<boolean> {
    const opened = await this.newKey(label, passphrase); // before the connection is taken, as in protect
    const db = await this.open();
    const tx = db.transaction(['events', 'drafts', 'outbox', 'conflicts', 'heads', 'summaries', 'meta'], 'readwrite');
    const waiting = (await tx.objectStore('outbox').count()) + (await tx.objectStore('drafts').count()) + (await tx.objectStore('conflicts').count());
    if (waiting > 0) {
      tx.abort();
      await tx.done.catch(() => undefined);
      return false;
    }
    await Promise.all([
      ...(['events', 'heads', 'summaries', 'meta'] as const).map((name) => tx.objectStore(name).clear()),
      tx.objectStore('meta').put({ key: HEADS_KEY, value: true }),
      tx.objectStore('meta').put({ key: SUMMARIES_KEY, value: true }),
      tx.objectStore('meta').put({ key: KEYS_KEY, value: opened.keys }),
      tx.done,
    ]);
    this.templateOfCase.clear();
    this.holdKey(opened);
    this.channel?.postMessage({ protection: true });
    this.emit({ locked: false, by: label }, false);
    this.channel?.postMessage({});
    return true;
  }

  async arriving(): Promise<boolean> {
    return (await this.linkNow())?.caughtUp === false;
  }

  /** @internal The sync link, read without waiting for the records to be unlocked (it is not sealed). */
  async linkNow(): Promise<SyncLink | null> {
    const db = await this.open();
    const tx = db.transaction(['meta'], 'readonly');
    const link = await this.readLink(tx);
    await tx.done;
    return link;
  }

  /**
   * The protected fields of a stored record, opened; the record as stored when nothing is sealed.
   * Undefined (so the record's schema refuses it, and it is reported) when it is sealed with
   * another key or damaged, or when it is not sealed in a database whose records are.
   */
  private opened(store: SealedStore, raw: unknown): unknown {
    return this.openWith(store, raw, (cipher, sealed, where) => cipher.open(sealed, where));
  }

  /**
   * Many stored records opened at once, outside any transaction (WebCrypto's native AES-GCM, in
   * parallel): what {@link opened} gives for each.
   */
  private async openedOutside(store: SealedStore, raws: unknown[]): Promise<unknown[]> {
    return Promise.all(raws.map((raw) => this.openWith(store, raw, (cipher, sealed, where) => cipher.openOutside(sealed, where))));
  }

  /** What {@link opened} does, with the cipher call given: at once inside a transaction, or awaited outside one. */
  private openWith(store: SealedStore, raw: unknown, open: (cipher: RecordCipher, sealed: Uint8Array, where: string) => unknown): unknown {
    if (typeof raw !== 'object' || raw === null) return raw;
    const p = this.protection;
    if (!('sealed' in raw)) {
      if (p.state !== 'open') return raw;
      this.corrupt.push(`a record in ${store} is not sealed although this device's records are; it is not read`);
      return undefined;
    }
    if (p.state !== 'open') throw new DeviceLockedError();
    const { sealed, ...rest } = raw as Record<string, unknown>;
    const where = SEALED[store].place(rest);
    const unreadable = () => {
      this.corrupt.push(`a sealed record in ${store} (${where}) does not open with this device's key`);
      return undefined;
    };
    const merged = (fields: unknown) => ({ ...rest, ...(fields as object) });
    try {
      if (!(sealed instanceof Uint8Array)) throw new Error('not bytes');
      const fields = open(p.cipher, sealed, where);
      return fields instanceof Promise ? fields.then(merged, unreadable) : merged(fields);
    } catch {
      return unreadable();
    }
  }

  /** A record as it is stored: its protected fields sealed when the records are protected. */
  private sealed<T extends object>(store: SealedStore, record: T): T {
    const p = this.protection;
    if (p.state === 'off') return record;
    if (p.state !== 'open') throw new DeviceLockedError();
    return sealRecord(p.cipher, store, record) as T;
  }

  /** In a write transaction: refuses to write when the database's key is not the one this page holds. */
  private async checkProtectionIn(tx: AnyTx): Promise<void> {
    if (this.holdsKeyOf(await tx.objectStore('meta').get(KEYS_KEY))) return;
    // Sealed (or unsealed) by another tab since this page read it: read it again first. The
    // transaction's end is said by the error thrown here, not again as a rejection nobody awaits.
    tx.done.catch(() => undefined);
    tx.abort();
    void this.close();
    throw new DeviceLockedError();
  }

  /** Whether the records are sealed as this page holds them (with its key, or not at all), by the key record as stored. */
  private holdsKeyOf(keyRecord: { value?: unknown } | undefined): boolean {
    const stored = keyRecord?.value as { keyId?: unknown } | undefined;
    const p = this.protection;
    const held = p.state === 'open' ? p.keys.keyId : null;
    return (stored?.keyId ?? null) === held && p.state !== 'locked';
  }

  /**
   * Puts and deletes drafts in a transaction begun and committed in one turn. One that waits for an
   * answer holds the drafts, and a page that ends meanwhile loses it and, queued behind it, what
   * its last moment writes (`writeDraftsNow`): so the key is read first, in a transaction of its
   * own, and the drafts are written once it has been.
   */
  private putDraftsAtOnce(db: IDBPDatabase<CasepathDB>, latest: Latest, records: readonly DraftRecord[], gone: readonly string[] = []): Promise<unknown> {
    // Only at the keys this is still the latest operation asked at (see askDrafts).
    const [put, deleted] = [records.filter((record) => latest(record.key)), gone.filter(latest)];
    if (put.length === 0 && deleted.length === 0) return Promise.resolve();
    const tx = db.transaction('drafts', 'readwrite'); // throws here, not later, when it cannot begin
    const writes = [...put.map((record) => tx.store.put(record)), ...deleted.map((key) => tx.store.delete(key))];
    tx.commit();
    return Promise.all([...writes, tx.done]);
  }

  /**
   * Asks `op` on the drafts at `keys` (with the case each is of, where known), so that a key's
   * writes and deletes land in the order they were asked. Each operation waits for other answers
   * before its transaction (the database opened, the key record read), so one asked later may
   * begin first: `op` is told at which keys it is still the latest asked, and writes nothing at
   * the others, where what was asked later holds what is newer, or deleted it. Erasing a case
   * makes the operations on its drafts not the latest either ({@link forgetDraftsAsked}), and
   * {@link loadDraft} waits for the latest one at its key.
   */
  private askDrafts<T>(keys: readonly { key: string; caseId?: string | undefined }[], op: (latest: Latest) => Promise<T>): Promise<T> {
    const asked: DraftAsked = { ended: Promise.resolve(), caseIds: new Map(keys.map(({ key, caseId }) => [key, caseId])) };
    for (const key of asked.caseIds.keys()) this.draftsAsked.set(key, asked);
    const latest = (key: string) => this.draftsAsked.get(key) === asked;
    const run = (async () => op(latest))(); // begun in this turn, as writeDraftsNow needs; a throw rejects it
    const forget = () => {
      for (const key of asked.caseIds.keys()) if (latest(key)) this.draftsAsked.delete(key);
    };
    asked.ended = run.then(forget, forget);
    return run;
  }

  /**
   * Makes every draft operation asked on `caseId`'s drafts write nothing, unless it has begun its
   * transaction: the case is being erased. Returns the keys it was asked at.
   */
  private forgetDraftsAsked(caseId: string): string[] {
    const keys = [...this.draftsAsked].filter(([key, asked]) => asked.caseIds.get(key) === caseId).map(([key]) => key);
    for (const key of keys) this.draftsAsked.delete(key);
    return keys;
  }

  /**
   * `caseId` left this device (erased or revoked, here or in another tab): a write of its drafts
   * asked here and not begun writes nothing, none waits in memory, and its drafts are deleted
   * again, in one transaction for the cases told together: one a tab wrote between the erasure
   * and being told of it lands before that. Nothing a page still showing the case held is kept.
   */
  private letGo(caseId: string): void {
    this.forgetDraftsAsked(caseId);
    let dropped = false;
    for (const [key, d] of this.pendingDrafts) if (d.caseId === caseId) dropped = this.pendingDrafts.delete(key);
    if (dropped) this.settle();
    if (!this.draftsToClear) {
      const cases = (this.draftsToClear = new Set());
      queueMicrotask(() => {
        this.draftsToClear = null;
        void this.deleteDraftsOf(cases).catch(() => undefined);
      });
    }
    this.draftsToClear.add(caseId);
  }

  private async deleteDraftsOf(cases: ReadonlySet<string>): Promise<void> {
    const tx: AnyTx = (await this.open()).transaction(['drafts'], 'readwrite');
    const deletes = await Promise.all([...cases].map((caseId) => this.deleteCaseRecords(tx, caseId, ['drafts'])));
    await Promise.all([...deletes.flat(), tx.done]);
  }

  /** Closes the connection (also called when another tab needs to upgrade). */
  async close(): Promise<void> {
    const db = this.db;
    this.db = null;
    if (db) (await db.catch(() => null))?.close();
  }

  /** Closes the connection and stops listening to other tabs; the store is not used after. */
  async dispose(): Promise<void> {
    this.channel?.close();
    this.channel = null;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.guardLeaving(false);
    await this.close();
  }

  private async requestPersistence(): Promise<void> {
    if (this.persistRequested) return;
    this.persistRequested = true;
    try {
      if (typeof navigator !== 'undefined') await navigator.storage?.persist?.();
    } catch {
      /* Browsers may refuse; data still lives in best-effort storage. */
    }
  }

  /** `known`: events this transaction has just checked and written, not parsed a second time. */
  private parseEventRecords(caseId: string, records: unknown[], known?: ReadonlyMap<string, CaseEvent>): { events: CaseEvent[]; maxSeq: number } {
    const events: CaseEvent[] = [];
    let maxSeq = -1;
    for (const stored of records) {
      const record = EventRecordSchema.safeParse(this.opened('events', stored));
      if (!record.success) {
        this.corrupt.push(`events record of case ${caseId} is not a Casepath record`);
        continue;
      }
      const held = recordEvents(record.data);
      maxSeq = Math.max(maxSeq, record.data.seq + held.length - 1);
      for (const [i, raw] of held.entries()) {
        try {
          const id = (raw as { id?: unknown } | null)?.id;
          const checked = typeof id === 'string' ? known?.get(id) : undefined;
          const event = checked ?? parseCaseEvent(raw);
          if (event.seq !== record.data.seq + i || event.caseId !== caseId) throw new Error(`it is stored at #${record.data.seq + i} of case ${caseId} but says #${event.seq} of ${event.caseId}`);
          events.push(event);
        } catch (error) {
          this.corrupt.push(`case ${caseId} event #${record.data.seq + i}: ${(error as Error).message}`);
        }
      }
    }
    events.sort((a, b) => a.seq - b.seq);
    return { events, maxSeq };
  }

  private async readLink(tx: AnyTx): Promise<SyncLink | null> {
    const raw = await tx.objectStore('meta').get(LINK_KEY);
    if (!raw) return null;
    const link = SyncLink.safeParse(raw.value);
    if (!link.success) {
      this.corrupt.push('the sync link is not a Casepath record');
      return null;
    }
    return link.data;
  }

  private async readOutbox(tx: AnyTx, caseId: string): Promise<{ record: OutboxRecord; event: CaseEvent }[]> {
    const out: { record: OutboxRecord; event: CaseEvent }[] = [];
    for (const raw of await tx.objectStore('outbox').index('byCase').getAll(caseId)) {
      const record = OutboxRecordSchema.safeParse(this.opened('outbox', raw));
      if (!record.success) {
        this.corrupt.push(`outbox record of case ${caseId} is not a Casepath record`);
        continue;
      }
      try {
        out.push({ record: record.data, event: parseCaseEvent(record.data.event) });
      } catch (error) {
        this.corrupt.push(`case ${caseId} outbox event ${record.data.eventId}: ${(error as Error).message}`);
      }
    }
    return out.sort((a, b) => a.record.order! - b.record.order!);
  }

  /**
   * A case as this device shows it: the stored (or, in a replica, confirmed) events, then what
   * waits in the outbox, numbered after them. `maxSeq` is the highest `seq` in use, even of a
   * record that could not be read, so a new event never takes a used key.
   */
  private async readCase(tx: AnyTx, caseId: string, known?: ReadonlyMap<string, CaseEvent>): Promise<{ events: CaseEvent[]; maxSeq: number; confirmedSeq: number }> {
    const { events, maxSeq } = this.parseEventRecords(caseId, await tx.objectStore('events').index('byCase').getAll(caseId), known);
    if (!tx.objectStoreNames.contains('outbox')) return { events, maxSeq, confirmedSeq: maxSeq };
    const confirmed = new Set(events.map((e) => e.id));
    let next = maxSeq + 1;
    const view = events.slice();
    for (const { event } of await this.readOutbox(tx, caseId)) if (!confirmed.has(event.id)) view.push({ ...event, seq: next++ });
    return { events: view, maxSeq: next - 1, confirmedSeq: maxSeq };
  }

  private eventRecord(event: CaseEvent, savedAt: string): EventRecord {
    return this.sealed('events', { caseId: event.caseId, seq: event.seq, recordVersion: RECORD_VERSION, savedAt, event });
  }

  /** @internal One record holding consecutive events of a case (one event's record when it is alone), not sealed. */
  runRecord(caseId: string, run: readonly CaseEvent[], savedAt: string): EventRecord {
    return run.length === 1 ? { caseId, seq: run[0]!.seq, recordVersion: RECORD_VERSION, savedAt, event: run[0]! } : { caseId, seq: run[0]!.seq, recordVersion: RECORD_VERSION, savedAt, events: [...run] };
  }

  /**
   * Stores events of one case (in seq order) that may or may not be stored already: as one record
   * when the case has nothing stored (a new device's pull, an import), else each one not yet
   * stored, by id, on its own.
   */
  private async storeRun(tx: AnyTx, caseId: string, run: readonly CaseEvent[], savedAt: string, known?: ReadonlyMap<string, CaseEvent>, isNew?: boolean): Promise<Promise<unknown>[]> {
    const store = tx.objectStore('events');
    if (run.length === 0) return [];
    const existing = isNew === true ? 0 : await store.index('byCase').count(caseId);
    const consecutive = run.every((e, i) => e.seq === run[0]!.seq + i);
    if (existing === 0 && consecutive) {
      return [store.put!(this.sealed('events', this.runRecord(caseId, run, savedAt)))];
    }
    const stored = new Set(this.parseEventRecords(caseId, await store.index('byCase').getAll(caseId), known).events.map((e) => e.id));
    return run.filter((e) => !stored.has(e.id)).map((e) => store.put!(this.eventRecord(e, savedAt)));
  }

  /** One readwrite transaction: read the head, decide, add. Throws what IndexedDB throws. */
  private async recordNow(request: RecordRequest, templates: TemplateResolver): Promise<RecordResult> {
    const db = await this.ready();
    const tx = db.transaction(['events', 'outbox', 'meta', 'heads', 'summaries'], 'readwrite');
    await this.checkProtectionIn(tx);
    const link = await this.readLink(tx);
    const { events, maxSeq, confirmedSeq } = await this.readCase(tx, request.caseId);
    const decision = decideAgainstStored(events, maxSeq, request, templates);
    if (decision.kind !== 'append') {
      await tx.done;
      return decision.kind === 'already-recorded' ? { status: 'saved', events: decision.events, state: decision.state } : { status: 'refused', conflict: decision.conflict, state: decision.state };
    }
    const savedAt = new Date().toISOString();
    const writes: Promise<unknown>[] = decision.events.map((e) =>
      link
        ? tx.objectStore('outbox').add(this.sealed('outbox', { caseId: e.caseId, eventId: e.id, event: e, knownSeq: confirmedSeq, state: 'pending' as const, serverSeq: null, recordVersion: RECORD_VERSION, savedAt }))
        : tx.objectStore('events').add(this.eventRecord(e, savedAt)),
    );
    writes.push(this.putHead(tx, decision.state));
    await Promise.all([...writes, tx.done]);
    this.emit({ caseId: request.caseId });
    return { status: 'saved', events: decision.events, state: decision.state };
  }

  /** @internal A case's head (its state without the history), not sealed. */
  headRecord(state: CaseState): HeadRecord {
    const last = state.history[state.history.length - 1];
    return { caseId: state.caseId!, lastSeq: state.lastSeq, lastId: last?.id ?? null, state: { ...state, history: [] }, recordVersion: RECORD_VERSION };
  }

  /** Writes a case's head (`stored`: the record as stored, when made ready before), and its summary in the same transaction. */
  private putHead(tx: AnyTx, state: CaseState, stored?: HeadRecord): Promise<unknown> {
    this.summariesIn(tx).set(state.caseId!, caseSummary(state));
    return tx.objectStore('heads').put!(stored ?? this.sealed('heads', this.headRecord(state)));
  }

  /** Deletes a case's head and its summary in the same transaction. */
  private deleteHead(tx: AnyTx, caseId: string): Promise<unknown> {
    this.summariesIn(tx).set(caseId, null);
    return tx.objectStore('heads').delete!(caseId);
  }

  /** The summaries a transaction changes (one set per transaction, written as it goes). */
  private summariesIn(tx: AnyTx): SummaryUpdates {
    let updates = this.summaryUpdates.get(tx);
    if (!updates) {
      const store = tx.objectStore('summaries');
      updates = new SummaryUpdates({
        starts: () => store.getAllKeys(),
        get: (start) => store.get(start),
        put: (record) => {
          const stored = this.sealed('summaries', record);
          if ('sealed' in stored && stored.sealed instanceof Uint8Array) this.openedSummaries.set(record.start, { sealed: stored.sealed, record: { ...record, cases: { ...record.cases } } });
          return store.put!(stored);
        },
        delete: (start) => {
          this.openedSummaries.delete(start);
          return store.delete!(start);
        },
        open: (raw) => {
          // A record this page wrote or opened last, unchanged since: not opened again.
          const { start, sealed } = (raw ?? {}) as { start?: unknown; sealed?: unknown };
          const known = typeof start === 'string' ? this.openedSummaries.get(start) : undefined;
          if (known && sealed instanceof Uint8Array && indexedDB.cmp(known.sealed, sealed) === 0) return known.record;
          const record = this.opened('summaries', raw);
          if (typeof start === 'string' && sealed instanceof Uint8Array && record !== undefined) this.openedSummaries.set(start, { sealed, record });
          return record;
        },
        report: (problem) => this.corrupt.push(problem),
        abort: () => {
          try {
            tx.abort();
          } catch {
            // finished already
          }
        },
      });
      this.summaryUpdates.set(tx, updates);
    }
    return updates;
  }

  /** Recomputes a case's head from what is stored, inside a transaction that writes it. */
  private async refreshHead(tx: AnyTx, caseId: string, known?: ReadonlyMap<string, CaseEvent>): Promise<void> {
    const state = this.stateOf((await this.readCase(tx, caseId, known)).events);
    await (state ? this.putHead(tx, state) : this.deleteHead(tx, caseId));
  }

  async record(request: RecordRequest, templates: TemplateResolver): Promise<RecordResult> {
    void this.requestPersistence();
    // Earlier records of the same case wait in memory: this one goes after them, in order.
    if (!this.pendingRecords.some((p) => p.request.caseId === request.caseId)) {
      try {
        return await this.recordPrepared(request, templates);
      } catch (error) {
        if (!isTransientStorageError(error)) throw error;
        await this.close();
      }
    }
    this.pendingRecords.push({ request: structuredClone(request), templates });
    this.becameDegraded();
    return { status: 'pending', reason: 'this device did not store it yet; it is kept while this page is open and tried again' };
  }

  /** Loads the case's template, then records; a device that refuses either makes it wait in memory. */
  private async recordPrepared(request: RecordRequest, templates: TemplateResolver): Promise<RecordResult> {
    // Templates load before the transaction: an await inside it would end it.
    await this.prepareTemplates([request.caseId], request.drafts, templates);
    return this.recordNow(request, templates);
  }

  async importEvents(events: readonly CaseEvent[]): Promise<void> {
    const byCase = new Map<string, CaseEvent[]>();
    for (const e of events) (byCase.get(e.caseId) ?? byCase.set(e.caseId, []).get(e.caseId)!).push(e);
    await this.prepareTemplates(byCase.keys(), events);
    const db = await this.ready();
    const tx = db.transaction(['events', 'outbox', 'meta', 'heads', 'summaries'], 'readwrite');
    const savedAt = new Date().toISOString();
    const writes: Promise<unknown>[] = [];
    await this.checkProtectionIn(tx);
    try {
      if (await this.readLink(tx)) throw new StoreSequenceError('this device is linked to a server, which holds its cases; import them there');
      for (const [caseId, list] of byCase) {
        const { events: stored } = await this.readCase(tx, caseId);
        writes.push(...(await this.storeRun(tx, caseId, checkContinuation(stored, list), savedAt)));
      }
    } catch (error) {
      if (error instanceof StoreSequenceError) tx.abort();
      await tx.done.catch(() => undefined);
      throw error;
    }
    await Promise.all(writes);
    for (const caseId of byCase.keys()) await this.refreshHead(tx, caseId);
    await tx.done;
    for (const caseId of byCase.keys()) this.emit({ caseId });
  }

  /**
   * Where every case stands, from the summaries kept at write time: no case is replayed, and a
   * caseload of thousands reads (and, sealed, opens) a few dozen records. An older database's
   * heads and summaries are made once, on first use.
   */
  async caseSummaries(): Promise<CaseSummary[]> {
    const db = await this.ready();
    if (!(await db.get('meta', HEADS_KEY))) await this.projectEveryCase(db);
    if (!(await db.get('meta', SUMMARIES_KEY))) await this.summariseEveryHead(db);
    const tx = db.transaction(['summaries', 'heads'], 'readonly');
    const [stored, heads] = await Promise.all([tx.objectStore('summaries').getAll(), tx.objectStore('heads').count(), tx.done]);
    const out: CaseSummary[] = [];
    for (const [i, raw] of (await this.openedOutside('summaries', stored)).entries()) {
      const record = SummaryRecordSchema.safeParse(raw);
      if (!record.success) {
        this.corrupt.push(`the caseload summaries from "${String((stored[i] as { start?: unknown } | undefined)?.start)}" are not a Casepath record`);
        continue;
      }
      for (const [caseId, value] of Object.entries(record.data.cases)) {
        const summary = CaseSummarySchema.safeParse(value);
        if (summary.success && summary.data.caseId === caseId) out.push(summary.data);
        else this.corrupt.push(`the caseload summary of case ${caseId} is not a Casepath record`);
      }
    }
    if (out.length !== heads && !this.summariesRemade) {
      // A damaged summary record: made again from the heads, once per page.
      this.corrupt.push(`the caseload summaries held ${out.length} cases, the projections ${heads}; they are made again from the projections`);
      this.summariesRemade = true;
      await this.summariseEveryHead(db);
      return this.caseSummaries();
    }
    // In the order of their ids, as every store gives them.
    return out.sort((a, b) => (a.caseId! < b.caseId! ? -1 : a.caseId! > b.caseId! ? 1 : 0));
  }

  /** Projects every case of an older database once (every built-in template, then one transaction). */
  private async projectEveryCase(db: IDBPDatabase<CasepathDB>): Promise<void> {
    await this.templates.prepare?.(BUILT_IN_TEMPLATE_IDS);
    const tx = db.transaction(['events', 'outbox', 'heads', 'summaries', 'meta'], 'readwrite');
    await this.checkProtectionIn(tx);
    const ids = new Set((await tx.objectStore('events').getAllKeys()).map((k) => k[0]));
    for (const r of await tx.objectStore('outbox').getAll()) if (typeof r.caseId === 'string') ids.add(r.caseId);
    for (const id of ids) await this.refreshHead(tx, id);
    await tx.objectStore('meta').put({ key: HEADS_KEY, value: true });
    await tx.done;
  }

  /** Makes every summary again from the heads, in one transaction (an older database, or a damaged record). */
  private async summariseEveryHead(db: IDBPDatabase<CasepathDB>): Promise<void> {
    const tx = db.transaction(['heads', 'summaries', 'meta'], 'readwrite');
    await this.checkProtectionIn(tx);
    const heads = await tx.objectStore('heads').getAll();
    await tx.objectStore('summaries').clear();
    // Written as every change is: the same records, split as they fill.
    for (const raw of heads) {
      const head = HeadRecordSchema.safeParse(this.opened('heads', raw));
      if (head.success) this.summariesIn(tx).set(head.data.caseId, caseSummary(head.data.state as unknown as CaseState));
      else this.corrupt.push(`the projection of case ${String((raw as { caseId?: unknown } | undefined)?.caseId)} is not a Casepath record`);
    }
    await tx.objectStore('meta').put({ key: SUMMARIES_KEY, value: true });
    await tx.done;
  }

  async events(caseId: string): Promise<CaseEvent[]> {
    const db = await this.ready();
    const tx = db.transaction(['events', 'outbox'], 'readonly');
    const { events } = await this.readCase(tx, caseId);
    await tx.done;
    return events;
  }

  async cases(): Promise<StoredCase[]> {
    const db = await this.ready();
    const ids = new Set((await db.getAllKeys('events')).map((key) => key[0]));
    for (const raw of await db.getAll('outbox')) if (typeof raw.caseId === 'string') ids.add(raw.caseId);
    const out: StoredCase[] = [];
    for (const id of ids) {
      const c = toStoredCase(id, await this.events(id));
      if (c) out.push(c);
    }
    return out;
  }

  /** Writes a draft once the records are read to be sealed as this page holds them (see {@link putDraftsAtOnce}). */
  private async writeDraft(key: string, data: unknown, caseId: string | undefined, latest: Latest): Promise<void> {
    const db = await this.ready();
    if (!this.holdsKeyOf(await db.get('meta', KEYS_KEY))) {
      void this.close(); // sealed (or unsealed) by another tab since this page read it: read it again first
      throw new DeviceLockedError();
    }
    await this.putDraftsAtOnce(db, latest, [this.sealed('drafts', draftRecord(key, data, caseId))]);
  }

  /** Drafts sealed before a lock, written after it: only while the database is still sealed with that key. */
  private async writeSealedDrafts(keyId: string, drafts: readonly DraftRecord[], latest: Latest): Promise<void> {
    const db = await this.open();
    const stored = (await db.get('meta', KEYS_KEY))?.value as { keyId?: unknown } | undefined;
    if (stored?.keyId === keyId) await this.putDraftsAtOnce(db, latest, drafts);
  }

  async saveDraft(key: string, data: unknown, options: DraftOptions = {}): Promise<void> {
    if (this.casesGone.has(options.caseId)) throw new CaseGoneError(options.caseId!);
    void this.requestPersistence();
    const copy = structuredClone(data);
    await this.askDrafts([{ key, caseId: options.caseId }], async (latest) => {
      if (!this.pendingDrafts.has(key)) {
        try {
          return await this.writeDraft(key, copy, options.caseId, latest);
        } catch (error) {
          if (!isTransientStorageError(error)) throw error;
          await this.close();
        }
      }
      if (!latest(key)) return; // asked later: a newer draft, or its delete, or its case erased
      this.pendingDrafts.set(key, { data: copy, caseId: options.caseId });
      this.becameDegraded();
    });
    this.emit({ draftKey: key });
  }

  /**
   * For a page hidden or left: writes `drafts` (sealed) and deletes the drafts at `gone`, in one
   * transaction begun and committed in this turn. A reload or a closed tab ends the page before an
   * answer comes: Chromium keeps nothing written on `pagehide` that waits for one (a read first, or
   * the commit that follows the last request's answer). False, writing nothing, when it cannot be
   * done in this turn (the database not open yet, the records locked, a draft the device refused
   * waiting in memory): `saveDraft` and `deleteDraft` are the way then.
   *
   * Unlike every other write, it does not first read whether another tab sealed the records
   * anew: there is no time for an answer. That tab tells this one at once, and this one then
   * writes nothing here. A draft written in the moment between is sealed with the key this page
   * held, or not at all where it held none; it is never read (see {@link opened}), and is erased
   * with its case.
   */
  writeDraftsNow(drafts: readonly DraftToKeep[], gone: readonly string[] = []): boolean {
    drafts = drafts.filter(({ caseId }) => !this.casesGone.has(caseId)); // left this device: not kept
    const opened = this.openedDb;
    // Not past a draft the device refused, which waits in memory to be written.
    if (opened?.from !== this.db || this.pendingDrafts.size > 0) return false;
    try {
      // All sealed before the transaction, so that one that cannot be leaves nothing half written.
      const records = drafts.map(({ key, data, caseId }) => this.sealed('drafts', draftRecord(key, data, caseId)));
      let begun = false; // not when the connection is closing
      const write = this.askDrafts([...drafts, ...gone.map((key) => ({ key }))], (latest) => {
        const put = this.putDraftsAtOnce(opened.db, latest, records, gone);
        begun = true;
        return put;
      });
      void write.catch(() => undefined);
      return begun;
    } catch {
      return false; // the records locked (nothing can be sealed), or the connection closing
    }
  }

  async loadDraft(key: string): Promise<unknown> {
    await this.draftsAsked.get(key)?.ended; // what was asked before this read is what it reads
    const waiting = this.pendingDrafts.get(key);
    if (waiting) return structuredClone(waiting.data);
    const raw = await (await this.ready()).get('drafts', key);
    if (raw === undefined) return undefined;
    const record = DraftRecordSchema.safeParse(this.opened('drafts', raw));
    if (!record.success) {
      this.corrupt.push(`draft ${key} is not a Casepath record`);
      return undefined;
    }
    return record.data.data;
  }

  async deleteDraft(key: string): Promise<void> {
    this.pendingDrafts.delete(key);
    let deleted = false; // not when something asked later at the key came first
    await this.askDrafts([{ key }], async (latest) => {
      const db = await this.open();
      deleted = latest(key);
      return this.putDraftsAtOnce(db, latest, [], [key]);
    });
    if (deleted) this.emit({ draftKey: key, draftDeleted: true });
  }

  async exportCase(caseId: string): Promise<StoredCase | null> {
    return toStoredCase(caseId, await this.events(caseId));
  }

  /** Deletes every record of a case in one transaction: events, what waits to be sent, conflicts, drafts. */
  async eraseCase(caseId: string): Promise<void> {
    this.templateOfCase.delete(caseId);
    this.forgetDraftsAsked(caseId);
    const db = await this.ready();
    const tx = db.transaction(['events', 'drafts', 'outbox', 'conflicts', 'heads', 'summaries', 'meta'], 'readwrite');
    await this.checkProtectionIn(tx); // the summaries are written again: never plain on a sealed device
    await Promise.all([...(await this.deleteCaseRecords(tx, caseId, ['events', 'drafts', 'outbox', 'conflicts'])), this.deleteHead(tx, caseId), tx.done]);
    for (let i = this.pendingRecords.length - 1; i >= 0; i--) if (this.pendingRecords[i]!.request.caseId === caseId) this.pendingRecords.splice(i, 1);
    this.settle();
    this.emit({ caseId, gone: 'erased' }); // its drafts waiting in memory go too (letGo)
  }

  private async deleteCaseRecords(tx: AnyTx, caseId: string, stores: ('events' | 'drafts' | 'outbox' | 'conflicts')[]): Promise<Promise<unknown>[]> {
    // Every store's keys asked for at once: one wait for the lot rather than one per store.
    const keys = await Promise.all(stores.map((name) => tx.objectStore(name).index('byCase').getAllKeys(caseId)));
    return stores.flatMap((name, i) => keys[i]!.map((key) => tx.objectStore(name).delete!(key)));
  }

  // ---- for the sync module (replica.ts), which keeps the widgets' bundles free of it ----

  /**
   * @internal Runs `fn` inside one transaction of this database, once its records can be read; a
   * write first checks that the records are sealed with the key this page holds.
   */
  async inTransaction<M extends IDBTransactionMode, T>(
    stores: StoreNames<CasepathDB>[],
    mode: M,
    fn: (tx: IDBPTransaction<CasepathDB, StoreNames<CasepathDB>[], M>) => Promise<T>,
    options?: IDBTransactionOptions,
  ): Promise<T> {
    const db = await this.ready();
    const writing = mode === 'readwrite';
    const tx = db.transaction(writing && !stores.includes('meta') ? [...stores, 'meta'] : stores, mode, options);
    if (writing) await this.checkProtectionIn(tx);
    const result = await fn(tx);
    await tx.done;
    return result;
  }

  /** @internal How many records a store holds: read without opening any, so also while the records are locked. */
  async countSealed(store: 'outbox'): Promise<number> {
    return (await this.open()).count(store);
  }

  /** @internal A stored record with its protected fields opened (see {@link opened}). */
  openedIn(store: SealedStore, raw: unknown): unknown {
    return this.opened(store, raw);
  }

  /** @internal A record as it is to be stored (see {@link sealed}). */
  sealedFor<T extends object>(store: SealedStore, record: T): T {
    return this.sealed(store, record);
  }

  /** @internal Tells widgets here and in other tabs that something changed. */
  notify(change: StoreChange): void {
    this.emit(change);
  }

  /** @internal The sync link, read inside a transaction. */
  linkIn(tx: AnyTx): Promise<SyncLink | null> {
    return this.readLink(tx);
  }

  /** @internal Stores a case's confirmed events inside a transaction (see storeRun). */
  storeRunIn(tx: AnyTx, caseId: string, run: readonly CaseEvent[], savedAt: string, known?: ReadonlyMap<string, CaseEvent>, isNew?: boolean): Promise<Promise<unknown>[]> {
    return this.storeRun(tx, caseId, run, savedAt, known, isNew);
  }

  /**
   * Loads the templates that cases were opened with (from their projections, or their stored
   * `case.open`), and those that `events` open, for this store and for `templates`; call before
   * a transaction that records in or projects these cases.
   */
  async prepareTemplates(caseIds: Iterable<string>, events: readonly { type: string; payload: unknown; caseId?: string }[] = [], templates?: TemplateResolver): Promise<void> {
    const ids = new Set<string>();
    const opened = new Set<string>();
    for (const e of events) {
      if (e.type !== 'case.open') continue;
      ids.add((e.payload as { templateId: string }).templateId);
      if (e.caseId !== undefined) opened.add(e.caseId);
    }
    // Cases opened by `events`, or whose template was read before (a case.open never changes),
    // need no lookup; the others are read.
    const cases: string[] = [];
    for (const id of new Set(caseIds)) {
      const known = this.templateOfCase.get(id);
      if (known !== undefined) ids.add(known);
      else if (!opened.has(id)) cases.push(id);
    }
    if (cases.length) {
      const db = await this.ready();
      const tx = db.transaction(['heads', 'events', 'outbox'], 'readonly');
      for (const caseId of cases) {
        const head = HeadRecordSchema.safeParse(this.opened('heads', await tx.objectStore('heads').get(caseId)));
        const open = head.success ? null : (await this.readCase(tx, caseId)).events.find((e) => e.type === 'case.open');
        const templateId = head.success ? head.data.state.templateId : open?.type === 'case.open' ? open.payload.templateId : undefined;
        if (templateId === undefined) continue;
        ids.add(templateId);
        this.templateOfCase.set(caseId, templateId);
      }
      await tx.done;
    }
    if (ids.size === 0) return;
    await Promise.all([this.templates.prepare?.([...ids]), templates?.prepare?.([...ids])]);
  }

  /** @internal Recomputes a case's projection inside a transaction that includes `heads`. */
  headIn(tx: AnyTx, caseId: string, known?: ReadonlyMap<string, CaseEvent>): Promise<void> {
    return this.refreshHead(tx, caseId, known);
  }

  /** @internal The state a case's history leads to; null when its template is not known here (see {@link prepareTemplates}). */
  stateOf(events: readonly CaseEvent[]): CaseState | null {
    const open = events.find((e) => e.type === 'case.open');
    const template = open?.type === 'case.open' ? templateFor(this.templates, open.payload.templateId, open.payload.templateVersion) : undefined;
    return template ? replay(template, events, { onInvalid: 'skip' }).state : null;
  }

  /** @internal Writes a case's head (`stored`: as stored, sealed ahead) and its summary, inside a transaction. */
  putHeadIn(tx: AnyTx, state: CaseState, stored?: HeadRecord): Promise<unknown> {
    return this.putHead(tx, state, stored);
  }

  /**
   * @internal Seals records before a transaction (see {@link SealedAhead}); null while the
   * records are locked (storing them then fails in the transaction, as it would have).
   */
  async sealAhead<T extends object>(store: SealedStore, records: readonly T[]): Promise<SealedAhead<T>[] | null> {
    await this.ready();
    const p = this.protection;
    if (p.state === 'off') return records.map((plain) => ({ plain, stored: plain, cipher: null }));
    if (p.state !== 'open') return null;
    return Promise.all(records.map(async (plain) => ({ plain, stored: await sealRecordOutside(p.cipher, store, plain), cipher: p.cipher })));
  }

  /**
   * @internal In a transaction: a record sealed ahead as it is to be stored now. What was sealed
   * before is used only while this page still holds that key (or still does not seal); otherwise
   * the record is sealed (or not) as the device's records are now.
   */
  storedNow<T extends object>(store: SealedStore, ahead: SealedAhead<T>): T {
    const p = this.protection;
    const same = p.state === 'open' ? ahead.cipher === p.cipher : p.state === 'off' && ahead.cipher === null;
    return same ? ahead.stored : this.sealed(store, ahead.plain);
  }

  /** @internal Deletes a case's records from the given stores inside a transaction. */
  eraseIn(tx: AnyTx, caseId: string, stores: ('events' | 'drafts' | 'outbox' | 'conflicts')[]): Promise<Promise<unknown>[]> {
    this.templateOfCase.delete(caseId);
    if (stores.includes('drafts')) {
      // A write of its drafts begun after `tx` but before this lands after the erasure: deleted again then.
      const asked = this.forgetDraftsAsked(caseId);
      if (asked.length > 0) void tx.done.then(() => Promise.all(asked.map((key) => this.deleteDraft(key)))).catch(() => undefined);
    }
    return this.deleteCaseRecords(tx, caseId, stores);
  }

  // ---- failures the device can recover from ----

  /** Tries the writes kept in memory again, in order. */
  async flush(): Promise<void> {
    if (this.retryTimer !== null) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    try {
      for (const [key, d] of [...this.pendingDrafts]) {
        if (this.pendingDrafts.get(key) !== d) continue; // deleted, or its case gone, meanwhile
        await this.askDrafts([{ key, caseId: d.caseId }], (latest) => this.writeDraft(key, d.data, d.caseId, latest));
        if (this.pendingDrafts.get(key) === d) this.pendingDrafts.delete(key);
      }
      while (this.pendingRecords.length > 0) {
        const next = this.pendingRecords[0]!;
        let result: RecordResult;
        try {
          result = await this.recordPrepared(next.request, next.templates);
        } catch (error) {
          if (isTransientStorageError(error)) throw error;
          result = { status: 'refused', state: null, conflict: { draftIndex: 0, eventType: next.request.drafts[0]?.type ?? 'case.open', rule: 'invalid-state', reason: `this device could not store it: ${(error as Error).message}`, changedSince: [] } };
        }
        this.pendingRecords.shift();
        if (result.status === 'refused') this.emit({ caseId: next.request.caseId, refused: { caseId: next.request.caseId, conflict: result.conflict, id: next.request.drafts[0]?.id } });
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
    if (this.casesGone.follow(change)) this.letGo(change.caseId!);
    for (const l of this.listeners) l(change);
    if (broadcast) this.channel?.postMessage(change);
  }
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
