import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { createActor, type Actor } from 'xstate';
import { compileTemplate, type CaseEvent, type CaseMachine, type CaseState, type PlanTemplate } from '@casepath/core';
import type { CaseStore } from '../storage/case-store.js';

type CaseActor = Actor<CaseMachine>;
const machines = new WeakMap<PlanTemplate, CaseMachine>();

function machineFor(template: PlanTemplate): CaseMachine {
  let m = machines.get(template);
  if (!m) machines.set(template, (m = compileTemplate(template)));
  return m;
}

/**
 * Connects a widget to a case's xstate actor: subscribes on `hostConnected`, stops on
 * `hostDisconnected` (as TanStack's lit-query controllers do). The actor is restored from its
 * persisted snapshot when that is up to date with the stored events, else by replaying them,
 * and its snapshot is saved after every change.
 */
export class CaseMachineController implements ReactiveController {
  private actor: CaseActor | null = null;
  private subscription: { unsubscribe(): void } | null = null;
  state: CaseState | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  private snapshotKey(caseId: string): string {
    return `snapshot:${caseId}`;
  }

  /** Loads a case into a fresh actor. */
  async load(store: CaseStore, template: PlanTemplate, caseId: string, events: CaseEvent[]): Promise<void> {
    this.stop();
    const machine = machineFor(template);
    const lastSeq = events.length ? events[events.length - 1]!.seq : -1;
    const saved = (await store.loadDraft(this.snapshotKey(caseId))) as { lastSeq?: number; snapshot?: unknown } | undefined;
    let actor: CaseActor | null = null;
    if (saved && saved.lastSeq === lastSeq && saved.snapshot) {
      try {
        actor = createActor(machine, { snapshot: saved.snapshot as never }).start();
        if (actor.getSnapshot().context.case.lastSeq !== lastSeq) {
          actor.stop();
          actor = null;
        }
      } catch {
        actor = null; // an unreadable snapshot is only a cache: replay instead
      }
    }
    if (!actor) {
      actor = createActor(machine).start();
      for (const e of events) actor.send(e);
    }
    this.actor = actor;
    this.subscription = actor.subscribe((snapshot) => {
      this.state = snapshot.context.case;
      this.host.requestUpdate();
    });
    this.state = actor.getSnapshot().context.case;
    this.host.requestUpdate();
    await store.saveDraft(this.snapshotKey(caseId), { lastSeq, snapshot: actor.getPersistedSnapshot() });
  }

  /** Sends an event; returns why it was rejected, or null. Saves the snapshot when accepted. */
  async send(store: CaseStore, event: CaseEvent): Promise<string | null> {
    if (!this.actor) return 'no case loaded';
    this.actor.send(event);
    const snapshot = this.actor.getSnapshot();
    if (snapshot.context.rejected?.eventId === event.id) return snapshot.context.rejected.reason;
    await store.saveDraft(this.snapshotKey(event.caseId), { lastSeq: event.seq, snapshot: this.actor.getPersistedSnapshot() });
    return null;
  }

  private stop(): void {
    this.subscription?.unsubscribe();
    this.subscription = null;
    this.actor?.stop();
    this.actor = null;
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.stop();
  }
}
