import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { createActor, type Actor } from 'xstate';
import * as z from 'zod/mini';
import { CASE_STATE_VERSION, compileTemplate, type CaseEvent, type CaseMachine, type CaseState, type PlanTemplate } from '@casepath/core';
import type { CaseStore } from '../storage/case-store.js';

type CaseActor = Actor<CaseMachine>;
const machines = new WeakMap<PlanTemplate, CaseMachine>();

function machineFor(template: PlanTemplate): CaseMachine {
  let m = machines.get(template);
  if (!m) machines.set(template, (m = compileTemplate(template)));
  return m;
}

/**
 * The persisted actor snapshot: a cache, valid only for the exact stored history it was taken
 * at (case, template, last event's seq and id) and for the current shape of the case state.
 * Anything else is ignored and rebuilt by replay.
 */
const SnapshotCache = z.object({
  stateVersion: z.literal(CASE_STATE_VERSION),
  caseId: z.string(),
  templateId: z.string(),
  templateVersion: z.number(),
  lastSeq: z.number(),
  lastId: z.nullable(z.string()),
  snapshot: z.unknown(),
});

export function snapshotKey(caseId: string): string {
  return `snapshot:${caseId}`;
}

/**
 * Connects a widget to a case's xstate actor: subscribes on `hostConnected`, stops on
 * `hostDisconnected` (as TanStack's lit-query controllers do).
 *
 * @remarks
 * The actor is fed only events that are stored: the view shows what is on disk, never a change
 * that is still being written or that the store refused. When the stored history extends what
 * the actor has seen, only the new events are sent; otherwise the actor is restored from the
 * persisted snapshot when that matches the stored head exactly, else rebuilt by replaying.
 */
export class CaseMachineController implements ReactiveController {
  private actor: CaseActor | null = null;
  private template: PlanTemplate | null = null;
  private subscription: { unsubscribe(): void } | null = null;
  state: CaseState | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Shows a case as stored: `events` must be the store's events of the case, in order. */
  async load(store: CaseStore, template: PlanTemplate, caseId: string, events: readonly CaseEvent[]): Promise<void> {
    const last = events[events.length - 1];
    const lastSeq = last?.seq ?? -1;
    const lastId = last?.id ?? null;
    if (this.extend(template, caseId, events)) {
      await this.saveCache(store, caseId);
      return;
    }
    this.stop();
    const machine = machineFor(template);
    let actor: CaseActor | null = null;
    const cached = SnapshotCache.safeParse(await store.loadDraft(snapshotKey(caseId)));
    const c = cached.success ? cached.data : null;
    if (c && c.caseId === caseId && c.templateId === template.id && c.templateVersion === template.version && c.lastSeq === lastSeq && c.lastId === lastId) {
      try {
        actor = createActor(machine, { snapshot: c.snapshot as never }).start();
        const restored = actor.getSnapshot().context.case;
        if (restored.caseId !== caseId || restored.lastSeq !== lastSeq || (restored.history[restored.history.length - 1]?.id ?? null) !== lastId) {
          actor.stop();
          actor = null;
        }
      } catch {
        actor = null; // an unreadable snapshot is only a cache: replay instead
      }
    }
    const rebuilt = !actor;
    if (!actor) {
      actor = createActor(machine).start();
      for (const e of events) actor.send(e);
    }
    this.attach(actor, template);
    if (rebuilt) await this.saveCache(store, caseId);
  }

  /** When the actor has seen a prefix of `events`, sends it the rest; false when it cannot. */
  private extend(template: PlanTemplate, caseId: string, events: readonly CaseEvent[]): boolean {
    if (!this.actor || this.template !== template) return false;
    const seen = this.actor.getSnapshot().context.case;
    if (seen.caseId !== caseId) return false;
    const seenLast = seen.history[seen.history.length - 1];
    if (!seenLast) return false;
    const at = events.findIndex((e) => e.id === seenLast.id);
    if (at < 0 || events[at]!.seq !== seenLast.seq) return false;
    for (const e of events.slice(at + 1)) this.actor.send(e);
    this.state = this.actor.getSnapshot().context.case;
    this.host.requestUpdate();
    return true;
  }

  private attach(actor: CaseActor, template: PlanTemplate): void {
    this.actor = actor;
    this.template = template;
    this.subscription = actor.subscribe((snapshot) => {
      this.state = snapshot.context.case;
      this.host.requestUpdate();
    });
    this.state = actor.getSnapshot().context.case;
    this.host.requestUpdate();
  }

  /** Saves the snapshot as a cache of the stored head it was taken at. */
  async saveCache(store: CaseStore, caseId: string): Promise<void> {
    if (!this.actor || !this.template) return;
    const s = this.actor.getSnapshot().context.case;
    const cache: z.infer<typeof SnapshotCache> = {
      caseId,
      templateId: this.template.id,
      stateVersion: CASE_STATE_VERSION,
      templateVersion: this.template.version,
      lastSeq: s.lastSeq,
      lastId: s.history[s.history.length - 1]?.id ?? null,
      snapshot: this.actor.getPersistedSnapshot(),
    };
    await store.saveDraft(snapshotKey(caseId), cache, { caseId });
  }

  private stop(): void {
    this.subscription?.unsubscribe();
    this.subscription = null;
    this.actor?.stop();
    this.actor = null;
    this.template = null;
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.stop();
  }
}
