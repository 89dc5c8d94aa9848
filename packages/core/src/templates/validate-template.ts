import { PlanTemplate, type LocalizedText } from '../schemas/plan-template.schema.js';
import { LANGUAGES, REQUIREMENT_KINDS } from '../schemas/vocabulary.js';
import { describeValue, listProblems, problemsFromZod, valueAt, type Problem } from '../validation/problem.js';

export type TemplateValidation =
  | { ok: true; template: PlanTemplate; problems: [] }
  | { ok: false; template?: undefined; problems: Problem[] };

/** Thrown by {@link parseTemplate} and {@link extendTemplate}; lists every problem, not the first. */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  constructor(
    readonly templateId: string,
    readonly problems: readonly Problem[],
  ) {
    super(`Plan template "${templateId}" has ${problems.length} problem(s):\n${listProblems(problems)}`);
  }
}

function checkTranslations(text: LocalizedText | undefined, path: string, problems: Problem[]): void {
  if (text === undefined) return;
  const missing = LANGUAGES.filter((lang) => !text[lang]);
  if (missing.length > 0) {
    problems.push({
      path,
      code: 'missing-translation',
      message: `${path} has no translation for ${missing.join(', ')}; add ${missing.map((l) => `"${l}"`).join(', ')}`,
    });
  }
}

function checkUnique(ids: readonly string[], path: string, what: string, problems: Problem[]): void {
  const seen = new Map<string, number>();
  ids.forEach((id, i) => {
    const first = seen.get(id);
    if (first === undefined) seen.set(id, i);
    else
      problems.push({
        path: `${path}[${i}].id`,
        code: 'duplicate-id',
        message: `${path}[${i}].id "${id}" repeats the ${what} id at ${path}[${first}]; ${what} ids must be unique`,
      });
  });
}

function semanticProblems(t: PlanTemplate): Problem[] {
  const problems: Problem[] = [];
  const stageIds = new Set(t.stages.map((s) => s.id));
  const domainIds = new Set(t.goalDomains.map((d) => d.id));

  checkUnique(
    t.stages.map((s) => s.id),
    'stages',
    'stage',
    problems,
  );
  checkUnique(
    t.outcomes.map((o) => o.id),
    'outcomes',
    'outcome',
    problems,
  );
  checkUnique(
    t.goalDomains.map((d) => d.id),
    'goalDomains',
    'goal domain',
    problems,
  );
  checkUnique(
    (t.activities ?? []).map((a) => a.id),
    'activities',
    'activity',
    problems,
  );

  checkTranslations(t.title, 'title', problems);
  checkTranslations(t.description, 'description', problems);
  t.stages.forEach((s, i) => {
    checkTranslations(s.title, `stages[${i}].title`, problems);
    checkTranslations(s.description, `stages[${i}].description`, problems);
  });
  t.outcomes.forEach((o, i) => checkTranslations(o.title, `outcomes[${i}].title`, problems));
  t.goalDomains.forEach((d, i) => checkTranslations(d.title, `goalDomains[${i}].title`, problems));
  (t.activities ?? []).forEach((a, i) => checkTranslations(a.title, `activities[${i}].title`, problems));

  if (!stageIds.has(t.initialStage)) {
    problems.push({
      path: 'initialStage',
      code: 'unknown-stage',
      message: `initialStage "${t.initialStage}" is not a stage; use one of ${[...stageIds].join(', ')}`,
    });
  }

  const seenTransitions = new Set<string>();
  t.transitions.forEach((tr, i) => {
    for (const end of ['from', 'to'] as const) {
      if (!stageIds.has(tr[end])) {
        problems.push({
          path: `transitions[${i}].${end}`,
          code: 'dangling-transition',
          message: `transitions[${i}].${end} names stage "${tr[end]}", which does not exist; add the stage or fix the id`,
        });
      }
    }
    if (tr.from === tr.to) {
      problems.push({
        path: `transitions[${i}]`,
        code: 'self-transition',
        message: `transitions[${i}] goes from "${tr.from}" to itself; a stage is not re-entered, remove it`,
      });
    }
    const key = `${tr.from}\u0000${tr.to}`;
    if (seenTransitions.has(key)) {
      problems.push({
        path: `transitions[${i}]`,
        code: 'duplicate-transition',
        message: `transitions[${i}] repeats "${tr.from}" → "${tr.to}"; merge their requirements into one`,
      });
    }
    seenTransitions.add(key);
  });

  // Every stage must be reachable from the initial stage, or no case could ever enter it.
  if (stageIds.has(t.initialStage)) {
    const reached = new Set([t.initialStage]);
    const queue = [t.initialStage];
    while (queue.length > 0) {
      const from = queue.pop()!;
      for (const tr of t.transitions) {
        if (tr.from === from && stageIds.has(tr.to) && !reached.has(tr.to)) {
          reached.add(tr.to);
          queue.push(tr.to);
        }
      }
    }
    t.stages.forEach((s, i) => {
      if (!reached.has(s.id)) {
        problems.push({
          path: `stages[${i}]`,
          code: 'unreachable-stage',
          message: `stages[${i}] "${s.id}" cannot be reached from the initial stage "${t.initialStage}"; add a transition into it or remove it`,
        });
      }
    });
  }

  const checkRequirements = (reqs: PlanTemplate['stages'][number]['requires'], path: string) => {
    (reqs ?? []).forEach((r, i) => {
      if (r.kind === 'goal' && r.domain !== undefined && !domainIds.has(r.domain)) {
        problems.push({
          path: `${path}[${i}].domain`,
          code: 'unknown-goal-domain',
          message: `${path}[${i}].domain "${r.domain}" is not one of the template's goalDomains (${[...domainIds].join(', ')})`,
        });
      }
      if (r.kind === 'role-assigned' && !t.roles.includes(r.role)) {
        problems.push({
          path: `${path}[${i}].role`,
          code: 'unknown-role',
          message: `${path}[${i}].role "${r.role}" is not among the template's roles; add it to roles`,
        });
      }
    });
  };
  t.stages.forEach((s, i) => checkRequirements(s.requires, `stages[${i}].requires`));
  t.transitions.forEach((tr, i) => checkRequirements(tr.requires, `transitions[${i}].requires`));
  t.outcomes.forEach((o, i) => checkRequirements(o.requires, `outcomes[${i}].requires`));

  (t.activities ?? []).forEach((a, i) => {
    if (a.anchor === 'stage.enter' && (a.stage === undefined || !stageIds.has(a.stage))) {
      problems.push({
        path: `activities[${i}].stage`,
        code: 'unknown-stage',
        message:
          a.stage === undefined
            ? `activities[${i}] is anchored on stage.enter but names no stage; set "stage"`
            : `activities[${i}].stage "${a.stage}" is not a stage of this template`,
      });
    }
    if (!t.roles.includes(a.role)) {
      problems.push({
        path: `activities[${i}].role`,
        code: 'unknown-role',
        message: `activities[${i}].role "${a.role}" is not among the template's roles; add it to roles`,
      });
    }
  });
  return problems;
}

function isRequirementKindIssue(path: readonly PropertyKey[]): boolean {
  return path.length >= 2 && path[path.length - 1] === 'kind' && typeof path[path.length - 2] === 'number' && path[path.length - 3] === 'requires';
}

/**
 * Checks a plan template and reports every problem with its path.
 *
 * @remarks
 * Besides the shape (zod), it finds duplicate ids, transitions to or from stages that do not
 * exist, stages that cannot be reached from the initial stage, missing translations in any of
 * en, ru, pl, lt, de, uk, and unknown requirement kinds.
 *
 * @example
 * ```ts
 * const result = validateTemplate({ ...builtInTemplates['euse-supported-employment'], initialStage: 'nowhere' });
 * result.problems.map((p) => p.code); //=> ['unknown-stage', 'unreachable-stage', ...]
 * ```
 */
export function validateTemplate(input: unknown): TemplateValidation {
  const parsed = PlanTemplate.safeParse(input);
  if (!parsed.success) {
    const problems = problemsFromZod(parsed.error.issues, input).map((p, i): Problem => {
      const issue = parsed.error.issues[i]!;
      if (issue.code === 'invalid_union' && isRequirementKindIssue(issue.path)) {
        const kind = valueAt(input, issue.path);
        return {
          path: p.path,
          code: 'unknown-requirement',
          message: `${p.path} is an unknown requirement ${JSON.stringify(kind) ?? '(none)'}; use one of ${REQUIREMENT_KINDS.join(', ')}`,
        };
      }
      return p;
    });
    return { ok: false, problems };
  }
  const problems = semanticProblems(parsed.data);
  return problems.length === 0 ? { ok: true, template: parsed.data, problems: [] } : { ok: false, problems };
}

/** Like {@link validateTemplate} but returns the template or throws a {@link TemplateError}. */
export function parseTemplate(input: unknown): PlanTemplate {
  const result = validateTemplate(input);
  if (result.ok) return result.template;
  // Never String() what came from outside: an id like [{ toString: [] }] throws while being printed.
  const id = idOf(input);
  throw new TemplateError(id, result.problems);
}

function idOf(input: unknown): string {
  const raw = typeof input === 'object' && input !== null && 'id' in input ? input.id : undefined;
  if (raw === undefined) return '(no id)';
  return typeof raw === 'string' ? raw : `(an id that is ${describeValue(raw)})`;
}
