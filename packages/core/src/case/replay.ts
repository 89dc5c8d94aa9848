import type { CaseEvent } from '../schemas/case-event.schema.js';
import type { PlanTemplate } from '../schemas/plan-template.schema.js';
import { compileTransitionTable } from '../machines/transition-table.js';
import { CaseEventError, type CaseEventRejection } from './case-event-error.js';
import { cloneCaseState, emptyCaseState, type CaseState } from './case-state.js';
import { checkEvent } from './check-event.js';
import { mutateCaseState } from './apply-event.js';

export interface ReplayOptions {
  /**
   * What to do with an event that is invalid in the state reached so far: `'throw'` (default)
   * throws a {@link CaseEventError}; `'skip'` leaves it out and reports it in `rejected`.
   */
  onInvalid?: 'throw' | 'skip';
}

export interface ReplayResult {
  state: CaseState;
  /** Events left out, in order, with the rule each broke. Empty when `onInvalid` is `'throw'`. */
  rejected: CaseEventRejection[];
}

/** The state of a case before any event, for a template. */
export function initialCaseState(template: PlanTemplate): CaseState {
  return emptyCaseState(template.id, template.version);
}

/**
 * Derives where a case stands from its history.
 *
 * @remarks
 * Deterministic and pure: the same template and events always give the same state, and folding
 * {@link applyEvent} over the events gives the same state as replaying them at once. Events are
 * applied in the order given; valid events are never dropped or reordered. Replay runs on a
 * transition table compiled once per template, so replaying many cases creates no xstate actor.
 *
 * @example
 * ```ts
 * const { state } = replay(builtInTemplates['euse-supported-employment'], events);
 * state.stage; //=> 'job-finding'
 * ```
 *
 * @param template - The template the case was opened with (id and version must match `case.open`).
 * @param events - The case's events, in order; parse stored data with {@link parseCaseEvents} first.
 * @param options - See {@link ReplayOptions}.
 * @throws {@link CaseEventError} when an event is invalid and `onInvalid` is `'throw'`.
 */
export function replay(template: PlanTemplate, events: readonly CaseEvent[], options: ReplayOptions = {}): ReplayResult {
  const table = compileTransitionTable(template);
  const state = emptyCaseState(template.id, template.version);
  const rejected: CaseEventRejection[] = [];
  const skip = options.onInvalid === 'skip';
  for (const event of events) {
    const rejection = checkEvent(table, state, event);
    if (rejection === null) mutateCaseState(table, state, event);
    else if (skip) rejected.push(rejection);
    else throw new CaseEventError(rejection, event);
  }
  return { state, rejected };
}

/**
 * Applies one event to a state and returns the new state; the given state is not changed.
 *
 * @throws {@link CaseEventError} when the event is invalid in that state.
 */
export function applyEvent(template: PlanTemplate, state: CaseState, event: CaseEvent): CaseState {
  const table = compileTransitionTable(template);
  const rejection = checkEvent(table, state, event);
  if (rejection !== null) throw new CaseEventError(rejection, event);
  const next = cloneCaseState(state);
  mutateCaseState(table, next, event);
  return next;
}

/** Why an event would be rejected in a state, or null when it would be accepted. */
export function explainRejection(template: PlanTemplate, state: CaseState, event: CaseEvent): CaseEventRejection | null {
  return checkEvent(compileTransitionTable(template), state, event);
}
