import type { CaseEvent } from '@casepath/core';
import { checkContinuation, toStoredCase, type CaseStore, type StoreChange, type StoredCase } from './case-store.js';

/** A store in memory: for tests, demos without persistence, and as the fallback when the device refuses writes. */
export class MemoryCaseStore implements CaseStore {
  readonly status = 'ok' as const;
  private readonly byCase = new Map<string, CaseEvent[]>();
  private readonly drafts = new Map<string, unknown>();
  private readonly listeners = new Set<(change: StoreChange) => void>();

  async append(events: readonly CaseEvent[]): Promise<void> {
    for (const e of events) {
      const list = this.byCase.get(e.caseId) ?? [];
      checkContinuation(list, [e]);
      list.push(structuredClone(e));
      this.byCase.set(e.caseId, list);
    }
    for (const caseId of new Set(events.map((e) => e.caseId))) this.emit({ caseId });
  }
  async events(caseId: string): Promise<CaseEvent[]> {
    return structuredClone(this.byCase.get(caseId) ?? []);
  }
  async cases(): Promise<StoredCase[]> {
    return [...this.byCase].flatMap(([id, events]) => toStoredCase(id, structuredClone(events)) ?? []);
  }
  async saveDraft(key: string, data: unknown): Promise<void> {
    this.drafts.set(key, structuredClone(data));
    this.emit({ draftKey: key });
  }
  async loadDraft(key: string): Promise<unknown> {
    return structuredClone(this.drafts.get(key));
  }
  async deleteDraft(key: string): Promise<void> {
    this.drafts.delete(key);
  }
  async exportCase(caseId: string): Promise<StoredCase | null> {
    return toStoredCase(caseId, await this.events(caseId));
  }
  async eraseCase(caseId: string): Promise<void> {
    this.byCase.delete(caseId);
    for (const key of [...this.drafts.keys()]) if (key.includes(caseId)) this.drafts.delete(key);
    this.emit({ caseId });
  }
  subscribe(listener: (change: StoreChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  private emit(change: StoreChange): void {
    for (const l of this.listeners) l(change);
  }
}
