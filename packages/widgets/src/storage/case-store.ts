import type { CaseEvent } from '@casepath/core';

/** A case as stored: its events, with the provider and template they were opened with. */
export interface StoredCase {
  caseId: string;
  providerId: string;
  templateId: string;
  templateVersion: number;
  events: CaseEvent[];
}

export type StoreStatus = 'ok' | 'degraded';

export interface StoreChange {
  caseId?: string;
  draftKey?: string;
}

/**
 * Where widgets keep cases and drafts. The browser implementation is IndexedDB
 * ({@link IdbCaseStore}); tests and core-only users can use {@link MemoryCaseStore} or their own.
 * Events are append-only: a case's history is only ever extended (or erased whole on request).
 */
export interface CaseStore {
  /** Appends events; each must continue the case's sequence. */
  append(events: readonly CaseEvent[]): Promise<void>;
  events(caseId: string): Promise<CaseEvent[]>;
  cases(): Promise<StoredCase[]>;
  saveDraft(key: string, data: unknown): Promise<void>;
  loadDraft(key: string): Promise<unknown>;
  deleteDraft(key: string): Promise<void>;
  /** Everything stored about a case, for the person's right of access. */
  exportCase(caseId: string): Promise<StoredCase | null>;
  /** Deletes a case's events and drafts (the right to erasure). */
  eraseCase(caseId: string): Promise<void>;
  /** `degraded` while writes are kept in memory because the device refused them. */
  readonly status: StoreStatus;
  subscribe(listener: (change: StoreChange) => void): () => void;
}

/** Thrown when appended events do not continue a case's history. */
export class StoreSequenceError extends Error {
  override readonly name = 'StoreSequenceError';
}

export function checkContinuation(existing: readonly CaseEvent[], added: readonly CaseEvent[]): void {
  let last = existing.length ? existing[existing.length - 1]!.seq : -1;
  for (const e of added) {
    if (e.seq <= last) throw new StoreSequenceError(`event ${e.id} (#${e.seq}) of case ${e.caseId} does not come after #${last}; events are append-only`);
    last = e.seq;
  }
}

export function toStoredCase(caseId: string, events: CaseEvent[]): StoredCase | null {
  const open = events.find((e) => e.type === 'case.open');
  if (!open || open.type !== 'case.open') return null;
  return { caseId, providerId: open.payload.providerId, templateId: open.payload.templateId, templateVersion: open.payload.templateVersion, events };
}
