import { caseSummary, replay, type CaseEvent, type CaseSummary, type RecordRequest } from '@casepath/core';
import {
  checkContinuation,
  decideAgainstStored,
  templatesById,
  toStoredCase,
  type CaseStore,
  type DraftOptions,
  type RecordResult,
  type StoreChange,
  type StoredCase,
  type TemplateResolver,
} from './case-store.js';
import { CaseGoneError, CasesGone } from './cases-gone.js';

/** A store in memory: for tests and demos without persistence. Each call is atomic (nothing awaits inside it). */
export class MemoryCaseStore implements CaseStore {
  readonly status = 'ok' as const;
  readonly pendingCount = 0;
  private readonly byCase = new Map<string, CaseEvent[]>();
  private readonly drafts = new Map<string, { data: unknown; caseId: string | undefined }>();
  private readonly listeners = new Set<(change: StoreChange) => void>();
  /** Cases erased here: no draft of theirs is kept (see `CasesGone`). */
  private readonly casesGone = new CasesGone();

  async record(request: RecordRequest, templates: TemplateResolver): Promise<RecordResult> {
    const opened = this.byCase.get(request.caseId)?.find((e) => e.type === 'case.open') ?? request.drafts.find((d) => d.type === 'case.open');
    if (opened?.type === 'case.open') await templates.prepare?.([opened.payload.templateId]);
    const stored = this.byCase.get(request.caseId) ?? [];
    const decision = decideAgainstStored(stored, stored.length ? stored[stored.length - 1]!.seq : -1, request, templates);
    if (decision.kind === 'append') {
      this.byCase.set(request.caseId, [...stored, ...structuredClone(decision.events)]);
      this.emit({ caseId: request.caseId });
      return { status: 'saved', events: decision.events, state: decision.state };
    }
    if (decision.kind === 'already-recorded') return { status: 'saved', events: decision.events, state: decision.state };
    return { status: 'refused', conflict: decision.conflict, state: decision.state };
  }

  async importEvents(events: readonly CaseEvent[]): Promise<void> {
    const next = new Map<string, CaseEvent[]>();
    for (const e of events) {
      const list = next.get(e.caseId) ?? this.byCase.get(e.caseId)?.slice() ?? [];
      list.push(...checkContinuation(list, [structuredClone(e)]));
      next.set(e.caseId, list);
    }
    for (const [caseId, list] of next) this.byCase.set(caseId, list);
    for (const caseId of next.keys()) this.emit({ caseId });
  }
  async events(caseId: string): Promise<CaseEvent[]> {
    return structuredClone(this.byCase.get(caseId) ?? []);
  }
  async cases(): Promise<StoredCase[]> {
    return [...this.byCase].flatMap(([id, events]) => toStoredCase(id, structuredClone(events)) ?? []);
  }
  async caseSummaries(): Promise<CaseSummary[]> {
    const resolve = templatesById();
    const cases = await this.cases();
    await resolve.prepare?.(cases.map((c) => c.templateId));
    return cases.flatMap((c) => {
      const template = resolve(c.templateId, c.templateVersion);
      return template ? [caseSummary(replay(template, c.events, { onInvalid: 'skip' }).state)] : [];
    });
  }
  async saveDraft(key: string, data: unknown, options: DraftOptions = {}): Promise<void> {
    if (this.casesGone.has(options.caseId)) throw new CaseGoneError(options.caseId!);
    this.drafts.set(key, { data: structuredClone(data), caseId: options.caseId });
    this.emit({ draftKey: key });
  }
  async loadDraft(key: string): Promise<unknown> {
    return structuredClone(this.drafts.get(key)?.data);
  }
  async deleteDraft(key: string): Promise<void> {
    this.drafts.delete(key);
    this.emit({ draftKey: key, draftDeleted: true });
  }
  async exportCase(caseId: string): Promise<StoredCase | null> {
    return toStoredCase(caseId, await this.events(caseId));
  }
  async eraseCase(caseId: string): Promise<void> {
    this.byCase.delete(caseId);
    for (const [key, d] of [...this.drafts]) if (d.caseId === caseId) this.drafts.delete(key);
    this.emit({ caseId, gone: 'erased' });
  }
  subscribe(listener: (change: StoreChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  private emit(change: StoreChange): void {
    this.casesGone.follow(change);
    for (const l of this.listeners) l(change);
  }
}
