import type { PlanTemplate } from '../schemas/plan-template.schema.js';
import { compileTransitionTable } from '../machines/transition-table.js';
import type { CaseState } from './case-state.js';
import { explainRequirement, requirementMet, requirementName } from './requirements.js';

export interface AvailableTransition {
  to: string;
  allowed: boolean;
  /** The requirements not yet met, each with its name and plain-words reason. */
  missing: { requirement: string; reason: string }[];
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
    const missing = reqs
      .filter((r) => !requirementMet(r, state))
      .map((r) => ({ requirement: requirementName(r), reason: explainRequirement(r) }));
    return { to, allowed: missing.length === 0, missing };
  });
}
