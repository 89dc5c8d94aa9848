import type { PlanTemplate, Requirement, ScheduledActivity } from '../schemas/plan-template.schema.js';

export interface StageEntry {
  id: string;
  reviewCadenceDays: number;
  /** Allowed next stages, each with every requirement to check (the transition's, then the target stage's). */
  next: Map<string, readonly Requirement[]>;
  /** Activities scheduled when a case enters this stage. */
  activitiesOnEnter: readonly ScheduledActivity[];
}

/**
 * A template compiled for bulk replay: plain maps instead of an xstate machine, so replaying
 * many cases needs no actor per case. Built from the same template as {@link compileTemplate};
 * a property test checks that both agree on random histories.
 */
export interface TransitionTable {
  template: PlanTemplate;
  stages: Map<string, StageEntry>;
  /** Requirements per closing outcome, including the closure approval when the template asks for it. */
  outcomes: Map<string, readonly Requirement[]>;
  goalDomains: Set<string>;
  activitiesOnOpen: readonly ScheduledActivity[];
  activitiesOnJobStart: readonly ScheduledActivity[];
}

const cache = new WeakMap<PlanTemplate, TransitionTable>();

/** Compiles (once per template object) the table that {@link replay} runs on. */
export function compileTransitionTable(template: PlanTemplate): TransitionTable {
  const cached = cache.get(template);
  if (cached) return cached;
  const byId = new Map(template.stages.map((s) => [s.id, s]));
  const activities = template.activities ?? [];
  const stages = new Map<string, StageEntry>();
  for (const stage of template.stages) {
    const next = new Map<string, readonly Requirement[]>();
    for (const tr of template.transitions) {
      if (tr.from !== stage.id) continue;
      next.set(tr.to, [...(tr.requires ?? []), ...(byId.get(tr.to)?.requires ?? [])]);
    }
    stages.set(stage.id, {
      id: stage.id,
      reviewCadenceDays: stage.reviewCadenceDays ?? template.reviewCadenceDays,
      next,
      activitiesOnEnter: activities.filter((a) => a.anchor === 'stage.enter' && a.stage === stage.id),
    });
  }
  const closure: Requirement[] = template.closureRequiresApproval ? [{ kind: 'approval', subject: 'closure' }] : [];
  const table: TransitionTable = {
    template,
    stages,
    outcomes: new Map(template.outcomes.map((o) => [o.id, [...(o.requires ?? []), ...closure]])),
    goalDomains: new Set(template.goalDomains.map((d) => d.id)),
    activitiesOnOpen: activities.filter((a) => a.anchor === 'case.open'),
    activitiesOnJobStart: activities.filter((a) => a.anchor === 'job.start'),
  };
  cache.set(template, table);
  return table;
}
