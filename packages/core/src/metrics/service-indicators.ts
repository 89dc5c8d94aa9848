import type { PlanTemplate, Requirement } from '../schemas/plan-template.schema.js';

/** Indicators Casepath computes, each meaningful for some kinds of service only. */
export type IndicatorKind = 'retention' | 'time-to-placement' | 'placement-rate' | 'goal-attainment' | 'distance-travelled' | 'esf-employment-after-leaving';

/** Goal domains whose attainment is the headline of social adaptation (seed 001). */
export const KEY_ADAPTATION_DOMAINS = ['documents', 'housing', 'income'] as const;

function requirements(t: PlanTemplate): Requirement[] {
  return [...t.stages.flatMap((s) => s.requires ?? []), ...t.transitions.flatMap((tr) => tr.requires ?? []), ...t.outcomes.flatMap((o) => o.requires ?? [])];
}

/** Whether a template's work includes jobs: some stage, move or outcome needs a job held. */
export function tracksEmployment(t: PlanTemplate): boolean {
  return requirements(t).some((r) => r.kind === 'job-held');
}

/**
 * The indicators that mean something for a template: retention and placement where the work
 * includes jobs; goals achieved where it has goal domains (documents, housing and income for
 * social adaptation; every domain for family support); distance travelled where it assesses.
 * No retention row for a foster-family service.
 */
export function indicatorsFor(t: PlanTemplate): IndicatorKind[] {
  const out: IndicatorKind[] = [];
  if (tracksEmployment(t)) out.push('retention', 'time-to-placement', 'placement-rate', 'esf-employment-after-leaving');
  if (t.goalDomains.length > 0) out.push('goal-attainment');
  if (requirements(t).some((r) => r.kind === 'assessment')) out.push('distance-travelled');
  return out;
}
