import {
  decideRecord,
  replay,
  type CaseEvent,
  type CaseState,
  type CaseSummary,
  type PlanTemplate,
  type RecordConflict,
  type RecordDecision,
  type RecordRequest,
} from '@casepath/core';
import { isBuiltInTemplate, loadBuiltInTemplates, loadedBuiltInTemplate } from './built-in-templates.js';
import type { KeptChange } from '../sync/kept-conflict.js';

/** A case as stored: its events, with the provider and template they were opened with. */
export interface StoredCase {
  caseId: string;
  providerId: string;
  templateId: string;
  templateVersion: number;
  events: CaseEvent[];
}

export type StoreStatus = 'ok' | 'degraded';

/**
 * Finds the template a case was opened with (id and version of its `case.open`). Synchronous,
 * for use inside a transaction; `prepare` (when present) loads templates beforehand.
 */
export type TemplateResolver = ((templateId: string, version: number) => PlanTemplate | undefined) & {
  /** Loads what the resolver needs to answer for these template ids; call it before a transaction. */
  prepare?: (templateIds: readonly string[]) => Promise<void>;
};

/**
 * A resolver over the organisation's own templates keyed by id, then the built-in ones (loaded
 * on demand by `prepare`), matching the version too.
 */
export function templatesById(templates: Readonly<Record<string, PlanTemplate>> = {}): TemplateResolver {
  const resolve: TemplateResolver = (id, version) => {
    const t = Object.hasOwn(templates, id) ? templates[id] : loadedBuiltInTemplate(id);
    return t && t.version === version ? t : undefined;
  };
  resolve.prepare = (ids) => loadBuiltInTemplates(ids.filter((id) => !Object.hasOwn(templates, id)));
  return resolve;
}

/**
 * The template a case needs but that is not loaded: a built-in one nobody prepared. Thrown
 * instead of treating the case as having no template, which would hide it.
 */
export class TemplateNotLoadedError extends Error {
  override readonly name = 'TemplateNotLoadedError';
}

/** The template for a case.open, or undefined for one this page does not have; throws for a built-in one not loaded. */
export function templateFor(templates: TemplateResolver, templateId: string, version: number): PlanTemplate | undefined {
  const template = templates(templateId, version);
  if (!template && isBuiltInTemplate(templateId) && !loadedBuiltInTemplate(templateId)) {
    throw new TemplateNotLoadedError(`the built-in template ${templateId} is not loaded; prepare it before the transaction`);
  }
  return template;
}

/** What became of a record request. */
export type RecordResult =
  /** On disk: the events as stored (with their `seq`, id and time) and the case after them. */
  | { status: 'saved'; events: CaseEvent[]; state: CaseState }
  /** Nothing was stored, because it no longer makes sense; `state` is the case as it is now. */
  | { status: 'refused'; conflict: RecordConflict; state: CaseState | null }
  /**
   * Not on disk: the device refused the write (storage full, connection closed). It is kept in
   * memory while the page is open and tried again; the store's `status` is `degraded` meanwhile.
   */
  | { status: 'pending'; reason: string };

export interface StoreChange {
  caseId?: string;
  /**
   * The records were locked (true: signing out, "Lock this device", or the same in another tab),
   * or opened (false: unlocked, or sealed for the first time). While they are locked, widgets
   * show none of what they hold.
   */
  locked?: boolean;
  /**
   * With `locked`: whose passphrase had opened the records (true), or opened them (false); the
   * worker's id with `<cp-sync>`. What a worker typed and had not saved comes back only to them.
   */
  by?: string;
  /**
   * The case left this device: erased at the person's request (here, in another tab, or on the
   * server, which tells every device), or no longer the signed-in worker's to see.
   */
  gone?: 'erased' | 'revoked';
  /** A draft was written at this key, or asked to be (here or in another tab); see {@link draftDeleted}. */
  draftKey?: string;
  /** With `draftKey`: the draft there was deleted (by a finished questionnaire, say). */
  draftDeleted?: true;
  /** A record that was pending and, when retried, could no longer be made. */
  refused?: {
    caseId: string;
    conflict: RecordConflict;
    /** When a server refused it: what it kept, for saying why against the case as it is now (see `keptConflict`). */
    kept?: KeptChange;
    /** When this device could not make it on retry: its first event's id, so that the widget that recorded it gives its typing back. */
    id?: string;
  };
  /** Cases started (true) or stopped (false) arriving from the server: see {@link CaseStore.arriving}. */
  arriving?: boolean;
  /** A review of a change kept for review was marked, or refused, on this device (in any tab). */
  reviews?: true;
}

export interface DraftOptions {
  /** The case the draft belongs to, so that erasing the case erases the draft too. */
  caseId?: string;
}

/** A draft to write as the records lock (see `CaseStore.beforeLock`). */
export interface DraftToKeep extends DraftOptions {
  key: string;
  data: unknown;
}

/**
 * Where widgets keep cases and drafts. The browser implementation is IndexedDB
 * ({@link IdbCaseStore}); tests and core-only users can use {@link MemoryCaseStore} or their own.
 *
 * @remarks
 * Events are append-only: a case's history is only ever extended (or erased whole on request).
 * What a person does goes through {@link CaseStore.record}, the one path that gives an event its
 * place in the history: atomically, against the stored head, with the rules of `replay`.
 */
export interface CaseStore {
  /**
   * Records what a person did. Reads the case's head, assigns the next `seq`, checks the drafts
   * against the head (see `decideRecord` in core) and stores them, all in one atomic step across
   * widgets and tabs. Resolves `saved` only once the events are on disk.
   */
  record(request: RecordRequest, templates: TemplateResolver): Promise<RecordResult>;
  /**
   * Stores existing histories as they are (demo data, a restored export): each case's events must
   * continue its stored sequence; events whose ids are already stored are skipped. All or nothing.
   * Not for what a person does now: use {@link CaseStore.record}.
   */
  importEvents(events: readonly CaseEvent[]): Promise<void>;
  events(caseId: string): Promise<CaseEvent[]>;
  cases(): Promise<StoredCase[]>;
  /**
   * Where each case stands, for a caseload: each case's `CaseSummary` (core's `caseSummary` of
   * its replayed state), without replaying every case.
   */
  caseSummaries(): Promise<CaseSummary[]>;
  /**
   * True while cases are still arriving from the server: linked, and no pull has yet said that
   * nothing more waits (a new device's first pull). Absent for stores without a server.
   */
  arriving?(): Promise<boolean>;
  /**
   * Whether `passphrase` is the one `label` (a worker's id) sealed this device's records with: who
   * is at the device, told without the server. Null when there is nothing to tell it by (the
   * records are not sealed, or `label` has no passphrase here). Absent for stores that seal nothing.
   */
  checkPassphrase?(label: string, passphrase: string): Promise<boolean | null>;
  /**
   * Whether `label` has a passphrase that opens this device's records, so that
   * {@link checkPassphrase} can tell who is at the device. Absent for stores that seal nothing.
   */
  hasPassphrase?(label: string): Promise<boolean>;
  /** Forgets the key of this device's sealed records until a passphrase opens them. Absent for stores that seal nothing. */
  lock?(): Promise<void>;
  /** Whose passphrase opened the sealed records in this page (the worker's id, with `<cp-sync>`); null while none did. Absent for stores that seal nothing. */
  recordsOpenedBy?(): string | null;
  /**
   * Asks `keep` at each lock of the records but a sign-out, while their key is still here, for
   * drafts to keep: they are sealed then and written as the records lock (what a widget keeps for
   * its worker, typing not saved, outlives the tab). Returns how to stop. Absent for stores that
   * seal nothing.
   */
  beforeLock?(keep: () => readonly DraftToKeep[]): () => void;
  /**
   * Keeps `data` at `key` until deleted or erased with its case. {@link saveDraft},
   * {@link deleteDraft} and {@link writeDraftsNow} on one key take effect in the order they are
   * called, even when none is awaited before the next, and {@link loadDraft} reads what was asked
   * before it: the built-in stores do, and a store of your own should. A draft of a case that
   * left this device (told by a change with `gone`, here or in another tab, until the case is
   * stored again) is not kept: it rejects with `CaseGoneError`, and {@link writeDraftsNow} leaves
   * it out, so that a page still showing the case does not write back what its erasure took.
   */
  saveDraft(key: string, data: unknown, options?: DraftOptions): Promise<void>;
  /**
   * For a page hidden or left (a reload, a closed tab): writes `drafts` and deletes those at `gone`
   * before this returns, or at least begins and commits the write in this turn, since the page
   * may end before the next. False when it cannot, writing nothing: then {@link saveDraft} and
   * {@link deleteDraft}. Absent for stores whose writes need no hurry.
   */
  writeDraftsNow?(drafts: readonly DraftToKeep[], gone?: readonly string[]): boolean;
  loadDraft(key: string): Promise<unknown>;
  /**
   * Deletes the draft at `key` and says so (a change with `draftKey` and `draftDeleted`, here and
   * in other tabs), so that a tab showing the same draft lets it go: a questionnaire finished in
   * one tab is done in the others, an intake sent or cleared in one is emptied in the others.
   */
  deleteDraft(key: string): Promise<void>;
  /** Everything stored about a case, for the person's right of access. */
  exportCase(caseId: string): Promise<StoredCase | null>;
  /** Deletes a case's events and the drafts saved for it (the right to erasure). */
  eraseCase(caseId: string): Promise<void>;
  /** How many records wait in memory because the device refused them. */
  readonly pendingCount: number;
  /** `degraded` while writes are kept in memory because the device refused them. */
  readonly status: StoreStatus;
  subscribe(listener: (change: StoreChange) => void): () => void;
}

/** Thrown when imported events do not continue a case's history. */
export class StoreSequenceError extends Error {
  override readonly name = 'StoreSequenceError';
}

/** Checks that `added` continues `existing`; returns the events not already stored (by id). */
export function checkContinuation(existing: readonly CaseEvent[], added: readonly CaseEvent[]): CaseEvent[] {
  const ids = new Set(existing.map((e) => e.id));
  let last = existing.length ? existing[existing.length - 1]!.seq : -1;
  const fresh: CaseEvent[] = [];
  for (const e of added) {
    if (ids.has(e.id)) continue;
    if (e.seq <= last) throw new StoreSequenceError(`event ${e.id} (#${e.seq}) of case ${e.caseId} does not come after #${last}; events are append-only`);
    last = e.seq;
    fresh.push(e);
  }
  return fresh;
}

export function toStoredCase(caseId: string, events: CaseEvent[]): StoredCase | null {
  const open = events.find((e) => e.type === 'case.open');
  if (!open || open.type !== 'case.open') return null;
  return { caseId, providerId: open.payload.providerId, templateId: open.payload.templateId, templateVersion: open.payload.templateVersion, events };
}

/**
 * The decision for a record request against a case's stored events: what the browser store runs
 * inside its transaction. `maxStoredSeq` is the highest `seq` on disk, even of a record that
 * could not be read, so a new event never takes a used key.
 */
export function decideAgainstStored(stored: readonly CaseEvent[], maxStoredSeq: number, request: RecordRequest, templates: TemplateResolver): RecordDecision | { kind: 'refused'; conflict: RecordConflict; state: CaseState | null } {
  const open = stored.find((e) => e.type === 'case.open') ?? request.drafts.find((d) => d.type === 'case.open');
  const first = request.drafts[0];
  const refuse = (rule: RecordConflict['rule'], reason: string, state: CaseState | null = null) => ({
    kind: 'refused' as const,
    state,
    conflict: { draftIndex: 0, eventType: first?.type ?? 'case.open', rule, reason, changedSince: [] },
  });
  if (!open || open.type !== 'case.open') return refuse('not-opened', `case ${request.caseId} is not stored on this device; open it first`);
  const template = templateFor(templates, open.payload.templateId, open.payload.templateVersion);
  if (!template) {
    return refuse('template-unavailable', `the case was opened with template ${open.payload.templateId} v${open.payload.templateVersion}, which this page does not have`);
  }
  const { state } = replay(template, stored, { onInvalid: 'skip' });
  if (maxStoredSeq > state.lastSeq) state.lastSeq = maxStoredSeq;
  return decideRecord(template, state, request, { now: new Date().toISOString() });
}
