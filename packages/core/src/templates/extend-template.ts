import type { LocalizedText, PlanTemplate, Requirement, Stage, Transition } from '../schemas/plan-template.schema.js';
import { parseTemplate, TemplateError } from './validate-template.js';

/**
 * How an organisation adapts a template. Every field is optional except the new `id` and
 * `version`; operations apply in the order listed here.
 */
export interface TemplatePatch {
  /** Id of the adapted template, e.g. `omsk-shelter-adaptation`. */
  id: string;
  /** Version of the adapted template; bump it whenever the patch changes. */
  version: number;
  title?: LocalizedText;
  description?: LocalizedText;
  /** Stages to remove; transitions into or out of them, and activities anchored on them, go too. */
  removeStages?: string[];
  /** New stages, placed after (or before) an existing one, or at the end. */
  addStages?: { stage: Stage; after?: string; before?: string }[];
  /** New titles (per language; languages not given keep their text). */
  renameStages?: Record<string, LocalizedText>;
  /** The full new order of stage ids (display order; transitions are separate). */
  order?: string[];
  /** Replaces a stage's entry requirements, e.g. to require the organisation's own assessment. */
  stageRequirements?: Record<string, Requirement[]>;
  /** Per-stage review cadence in days. */
  stageReviewCadence?: Record<string, number>;
  addTransitions?: Transition[];
  removeTransitions?: { from: string; to: string }[];
  initialStage?: string;
  reviewCadenceDays?: number;
  closureRequiresApproval?: boolean;
  roles?: PlanTemplate['roles'];
  addGoalDomains?: PlanTemplate['goalDomains'];
  addOutcomes?: PlanTemplate['outcomes'];
  removeOutcomes?: string[];
  addActivities?: NonNullable<PlanTemplate['activities']>;
  removeActivities?: string[];
}

function stageIndex(stages: Stage[], id: string, field: string, problems: string[]): number {
  const i = stages.findIndex((s) => s.id === id);
  if (i < 0) problems.push(`${field}: there is no stage "${id}" in the base template`);
  return i;
}

/**
 * Adapts a template without forking code: add, remove, rename and reorder stages, change
 * transitions, cadence, labels and requirements. The result is validated and records which
 * template and version it is based on. Cases keep the template version they were opened with.
 *
 * @example
 * ```ts
 * const ours = extendTemplate(builtInTemplates['social-adaptation'], {
 *   id: 'omsk-shelter', version: 1,
 *   stageRequirements: { 'adaptation-plan': [{ kind: 'assessment', instrumentId: 'social-adaptation-needs' }] },
 *   reviewCadenceDays: 14,
 * });
 * ours.basedOn; //=> { id: 'social-adaptation', version: 1 }
 * ```
 *
 * @throws {@link TemplateError} listing every problem, when the patch names unknown stages or
 * the result is not a valid template.
 */
export function extendTemplate(base: PlanTemplate, patch: TemplatePatch): PlanTemplate {
  const problems: string[] = [];
  let stages: Stage[] = base.stages.map((s) => ({ ...s }));
  let transitions: Transition[] = base.transitions.map((t) => ({ ...t }));
  let outcomes = base.outcomes.slice();
  let activities = (base.activities ?? []).slice();

  for (const id of patch.removeStages ?? []) {
    if (stageIndex(stages, id, 'removeStages', problems) < 0) continue;
    stages = stages.filter((s) => s.id !== id);
    transitions = transitions.filter((t) => t.from !== id && t.to !== id);
    activities = activities.filter((a) => a.stage !== id);
  }
  for (const { stage, after, before } of patch.addStages ?? []) {
    let at = stages.length;
    if (after !== undefined) {
      const i = stageIndex(stages, after, `addStages "${stage.id}".after`, problems);
      if (i >= 0) at = i + 1;
    } else if (before !== undefined) {
      const i = stageIndex(stages, before, `addStages "${stage.id}".before`, problems);
      if (i >= 0) at = i;
    }
    stages.splice(at, 0, { ...stage });
  }
  for (const [id, title] of Object.entries(patch.renameStages ?? {})) {
    const i = stageIndex(stages, id, 'renameStages', problems);
    if (i >= 0) stages[i] = { ...stages[i]!, title: { ...stages[i]!.title, ...title } };
  }
  for (const [id, requires] of Object.entries(patch.stageRequirements ?? {})) {
    const i = stageIndex(stages, id, 'stageRequirements', problems);
    if (i >= 0) stages[i] = { ...stages[i]!, requires };
  }
  for (const [id, days] of Object.entries(patch.stageReviewCadence ?? {})) {
    const i = stageIndex(stages, id, 'stageReviewCadence', problems);
    if (i >= 0) stages[i] = { ...stages[i]!, reviewCadenceDays: days };
  }
  if (patch.order) {
    const ids = new Set(stages.map((s) => s.id));
    const given = new Set(patch.order);
    const missing = [...ids].filter((id) => !given.has(id));
    const unknown = patch.order.filter((id) => !ids.has(id));
    if (missing.length > 0) problems.push(`order leaves out stage(s) ${missing.join(', ')}; list every stage once`);
    if (unknown.length > 0) problems.push(`order names unknown stage(s) ${unknown.join(', ')}`);
    if (missing.length === 0 && unknown.length === 0) {
      stages = patch.order.map((id) => stages.find((s) => s.id === id)!);
    }
  }
  for (const r of patch.removeTransitions ?? []) {
    const before = transitions.length;
    transitions = transitions.filter((t) => !(t.from === r.from && t.to === r.to));
    if (transitions.length === before) problems.push(`removeTransitions: there is no transition "${r.from}" → "${r.to}"`);
  }
  transitions.push(...(patch.addTransitions ?? []));
  for (const id of patch.removeOutcomes ?? []) {
    if (!outcomes.some((o) => o.id === id)) problems.push(`removeOutcomes: there is no outcome "${id}"`);
    outcomes = outcomes.filter((o) => o.id !== id);
  }
  outcomes.push(...(patch.addOutcomes ?? []));
  for (const id of patch.removeActivities ?? []) {
    if (!activities.some((a) => a.id === id)) problems.push(`removeActivities: there is no activity "${id}"`);
    activities = activities.filter((a) => a.id !== id);
  }
  activities.push(...(patch.addActivities ?? []));

  if (problems.length > 0) {
    throw new TemplateError(
      patch.id,
      problems.map((message) => ({ path: message.split(':')[0]!, code: 'invalid-patch', message })),
    );
  }

  const initialStage =
    patch.initialStage ?? (stages.some((s) => s.id === base.initialStage) ? base.initialStage : (stages[0]?.id ?? base.initialStage));
  const result: PlanTemplate = {
    ...base,
    id: patch.id,
    version: patch.version,
    basedOn: { id: base.id, version: base.version },
    title: patch.title ?? base.title,
    stages,
    transitions,
    outcomes,
    initialStage,
    roles: patch.roles ?? base.roles,
    goalDomains: [...base.goalDomains, ...(patch.addGoalDomains ?? [])],
    reviewCadenceDays: patch.reviewCadenceDays ?? base.reviewCadenceDays,
  };
  if (activities.length > 0) result.activities = activities;
  else delete result.activities;
  if (patch.description ?? base.description) result.description = patch.description ?? base.description;
  if (patch.closureRequiresApproval !== undefined) result.closureRequiresApproval = patch.closureRequiresApproval;
  return parseTemplate(result);
}
