import { and, assign, setup } from 'xstate';
import type { CaseEvent } from '../schemas/case-event.schema.js';
import type { PlanTemplate, Requirement } from '../schemas/plan-template.schema.js';
import { CASE_EVENT_TYPES, type CaseEventType } from '../schemas/vocabulary.js';
import type { CaseEventRejection } from '../case/case-event-error.js';
import type { CaseState } from '../case/case-state.js';
import { cloneCaseState, emptyCaseState } from '../case/case-state.js';
import { mutateCaseState } from '../case/apply-event.js';
import { BLOCKED_WHILE_PAUSED, checkData, checkEvent } from '../case/check-event.js';
import { requirementMet } from '../case/requirements.js';
import { explainRefusal } from '../case/refusal-reason.js';
import { compileTransitionTable } from './transition-table.js';

/** The context of a compiled plan machine. */
export interface CaseMachineContext {
  /** The case as derived so far, identical to {@link replay}'s state. */
  case: CaseState;
  /** Why the last rejected event was rejected; null while none has been. */
  rejected: CaseEventRejection | null;
}

const LIFECYCLE_TYPES: ReadonlySet<CaseEventType> = new Set([
  'case.open',
  'case.pause',
  'case.resume',
  'case.close',
  'case.reopen',
  'stage.enter',
  'followup.record',
]);
const DATA_TYPES = CASE_EVENT_TYPES.filter((t) => !LIFECYCLE_TYPES.has(t));

/** The guard object xstate evaluates for a requirement; its type is the requirement kind. */
function requirementGuard(req: Requirement) {
  return { type: req.kind, params: req } as const;
}

const REJECT = { actions: 'reject' } as const;

/**
 * Compiles a plan template into an xstate v5 machine whose events are {@link CaseEvent}s.
 *
 * @remarks
 * States: `unopened`, `active` (one child state per stage, with a history state), `paused`
 * and `closed`. Stage transitions and closing outcomes are guarded by the entry requirements,
 * each a named guard (`consent`, `assessment`, `goal`, `job-held`, `approval`, `role-assigned`),
 * so a rejected transition says which requirement failed: the `reject` action stores the reason
 * in `context.rejected`. Deadlines are data on the state (`nextReviewDue`, activities' `due`),
 * not `after` timers, since those do not resume from a persisted snapshot. Persist with
 * `actor.getPersistedSnapshot()` and restore with `createActor(machine, { snapshot })`.
 *
 * For replaying many cases use {@link replay}: it needs no actor.
 *
 * @example
 * ```ts
 * const actor = createActor(compileTemplate(builtInTemplates['euse-supported-employment'])).start();
 * actor.send(openEvent);
 * actor.getSnapshot().value; //=> { active: 'engagement' }
 * ```
 */
export function compileTemplate(template: PlanTemplate) {
  const table = compileTransitionTable(template);
  const closeTransitions = [
    ...template.outcomes.map((o) => ({
      guard: and([
        { type: 'isOutcome', params: { outcome: o.id } },
        'dataValid',
        ...table.outcomes.get(o.id)!.map(requirementGuard),
      ]),
      target: '#closed',
      actions: 'apply',
    })),
    REJECT,
  ];
  const accept = (target?: string) => [{ guard: 'dataValid', ...(target ? { target } : {}), actions: 'apply' }, REJECT];
  const dataHandlers = (blocked: ReadonlySet<CaseEventType>) =>
    Object.fromEntries(DATA_TYPES.map((type) => [type, blocked.has(type) ? REJECT : accept()]));

  const stageStates = Object.fromEntries(
    template.stages.map((stage) => [
      stage.id,
      {
        on: {
          'stage.enter': [
            ...[...table.stages.get(stage.id)!.next].map(([to, reqs]) => ({
              guard: and([{ type: 'isStage', params: { stage: to } }, 'dataValid', ...reqs.map(requirementGuard)]),
              target: to,
              actions: 'apply',
            })),
            REJECT,
          ],
        },
      },
    ]),
  );

  const config = {
    id: `plan:${template.id}@${template.version}`,
    initial: 'unopened',
    context: { case: emptyCaseState(template.id, template.version), rejected: null },
    on: { '*': REJECT },
    states: {
      unopened: { on: { 'case.open': accept('#active') } },
      active: {
        id: 'active',
        initial: template.initialStage,
        states: { ...stageStates, history: { id: 'active-history', type: 'history', history: 'shallow' } },
        on: {
          ...dataHandlers(new Set()),
          'stage.enter': REJECT,
          'case.pause': accept('#paused'),
          'case.close': closeTransitions,
        },
      },
      paused: {
        id: 'paused',
        on: {
          ...dataHandlers(BLOCKED_WHILE_PAUSED),
          'case.resume': accept('#active-history'),
          'case.close': closeTransitions,
        },
      },
      closed: { id: 'closed', on: { 'case.reopen': accept('#active-history'), 'followup.record': accept() } },
    },
  };

  const requirement = ({ context }: { context: CaseMachineContext }, req: Requirement) => requirementMet(req, context.case);
  return setup({
    types: { context: {} as CaseMachineContext, events: {} as CaseEvent },
    guards: {
      dataValid: ({ context, event }) => checkData(table, context.case, event) === null,
      isStage: ({ event }, params: { stage: string }) => event.type === 'stage.enter' && event.payload.stage === params.stage,
      isOutcome: ({ event }, params: { outcome: string }) => event.type === 'case.close' && event.payload.outcome === params.outcome,
      consent: requirement,
      assessment: requirement,
      goal: requirement,
      'job-held': requirement,
      approval: requirement,
      'role-assigned': requirement,
    },
    actions: {
      apply: assign(({ context, event }) => {
        const next = cloneCaseState(context.case);
        mutateCaseState(table, next, event);
        return { case: next, rejected: null };
      }),
      reject: assign(({ context, event }) => ({
        rejected: checkEvent(table, context.case, event) ?? {
          seq: event.seq,
          eventId: event.id,
          eventType: event.type,
          rule: 'invalid-state' as const,
          reason: explainRefusal({ code: 'machine-refused' }),
          because: { code: 'machine-refused' } as const,
        },
      })),
    },
    // The config is built from data, so its literal types cannot be checked against setup's.
  }).createMachine(config as never);
}
export type CaseMachine = ReturnType<typeof compileTemplate>;
