import type { PlanTemplate, Requirement } from '../schemas/plan-template.schema.js';
import { compileTransitionTable } from '../machines/transition-table.js';
import type { CaseState } from './case-state.js';
import { explainRequirement, requirementMet, requirementName } from './requirements.js';

export interface AvailableTransition {
  to: string;
  allowed: boolean;
  /** The requirements not yet met, each with its name, plain-words reason and the condition itself (to put in other words). */
  missing: MissingRequirement[];
}

export interface MissingRequirement {
  requirement: string;
  reason: string;
  condition: Requirement;
}

function missingOf(reqs: readonly Requirement[], state: CaseState): MissingRequirement[] {
  return reqs.filter((r) => !requirementMet(r, state)).map((r) => ({ requirement: requirementName(r), reason: explainRequirement(r), condition: r }));
}

/**
 * The stages a case can move to next, each saying whether it is allowed now and, if not, what
 * is missing. Empty unless the case is active.
 */
export function availableTransitions(template: PlanTemplate, state: CaseState): AvailableTransition[] {
  if (state.status !== 'active' || state.stage === null) return [];
  const entry = compileTransitionTable(template).stages.get(state.stage);
  if (!entry) return [];
  return [...entry.next].map(([to, reqs]) => {
    const missing = missingOf(reqs, state);
    return { to, allowed: missing.length === 0, missing };
  });
}

export interface AvailableOutcome {
  outcome: string;
  allowed: boolean;
  /** What is missing before the case can close with this outcome (the supervisor's approval included, where the template asks for it). */
  missing: MissingRequirement[];
}

/**
 * The outcomes a case can close with, each saying whether it is allowed now and, if not, what is
 * missing. Empty unless the case is active or paused.
 */
export function availableOutcomes(template: PlanTemplate, state: CaseState): AvailableOutcome[] {
  if (state.status !== 'active' && state.status !== 'paused') return [];
  return [...compileTransitionTable(template).outcomes].map(([outcome, reqs]) => {
    const missing = missingOf(reqs, state);
    return { outcome, allowed: missing.length === 0, missing };
  });
}
