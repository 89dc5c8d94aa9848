import type { Actor, CaseEvent, CaseEventOf } from '../schemas/case-event.schema.js';
import { makeEvent } from './make-event.js';

const DAY_MS = 86_400_000;

/**
 * Builds a case history for tests and examples: ids, sequence numbers and times are filled in.
 *
 * @example
 * ```ts
 * const events = new CaseHistoryBuilder('case-1', '2026-01-05T09:00:00Z')
 *   .add('case.open', { templateId: 'euse-supported-employment', templateVersion: 1, providerId: 'p1' })
 *   .after(2)
 *   .add('consent.grant', { purpose: 'service' })
 *   .build();
 * events.map((e) => e.seq); //=> [0, 1]
 * ```
 */
export class CaseHistoryBuilder {
  private readonly events: CaseEvent[] = [];
  private time: number;
  private actor: Actor = { id: 'worker-1', role: 'coordinator' };

  constructor(
    readonly caseId: string,
    start: string,
  ) {
    this.time = Date.parse(start);
  }

  /** Moves the clock on by whole (or fractional) days. */
  after(days: number): this {
    this.time += days * DAY_MS;
    return this;
  }

  /** Records the next events as this actor. */
  as(actor: Actor): this {
    this.actor = actor;
    return this;
  }

  add<T extends CaseEvent['type']>(type: T, payload: CaseEventOf<T>['payload'], reason?: string): this {
    this.events.push(makeEvent(this.caseId, this.events.length, type, this.time, this.actor, payload, reason));
    return this;
  }

  build(): CaseEvent[] {
    return this.events.slice();
  }
}
