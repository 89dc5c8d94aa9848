import type { core } from 'zod/mini';

/** One thing wrong with a piece of input, with where it is and how to fix it. */
export interface Problem {
  /** Dotted path into the input, e.g. `stages[2].title.lt`; empty for the whole input. */
  path: string;
  /** A stable machine-readable code, e.g. `duplicate-id` or `invalid_type`. */
  code: string;
  /** A plain-English sentence a developer can act on. */
  message: string;
}

/**
 * A value as a short text for an error message, whatever it is: objects whose own `toString` is
 * not a function (a hostile key) do not make the message itself fail.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** Renders a path such as `['stages', 2, 'title']` as `stages[2].title`. */


export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

function describe(issue: core.$ZodIssue, input: unknown): string {
  switch (issue.code) {
    case 'invalid_type': {
      const value = valueAt(input, issue.path);
      return value === undefined ? `is required (expected ${issue.expected})` : `should be ${issue.expected}, got ${kindOf(value)}`;
    }
    case 'invalid_value':
      return `should be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      if ('discriminator' in issue && Array.isArray((issue as { options?: unknown }).options)) {
        const options = (issue as { options: unknown[] }).options;
        return `is not a known kind; use one of ${options.map((v) => JSON.stringify(v)).join(', ')}`;
      }
      return 'matches none of the allowed shapes';
    case 'invalid_format': {
      if (issue.format === 'datetime') return 'should be an ISO 8601 date-time in UTC, e.g. 2026-03-01T09:30:00Z';
      const value = valueAt(input, issue.path);
      const found = typeof value === 'string' ? `is ${JSON.stringify(value)}, but ` : '';
      // A schema's own rule (how to fix it) when it gave one; else the pattern it must match.
      const custom = issue.message && !issue.message.startsWith('Invalid') ? issue.message : null;
      if (issue.format === 'regex') {
        const pattern = (issue as { pattern?: unknown }).pattern;
        return `${found}${custom ?? `should match ${typeof pattern === 'string' ? pattern : 'the allowed pattern'}`}`;
      }
      return `${found}${custom ?? `should be in ${issue.format} format`}`;
    }
    case 'too_small':
      return issue.origin === 'string' || issue.origin === 'array'
        ? `should have at least ${String(issue.minimum)} ${issue.origin === 'string' ? 'character(s)' : 'item(s)'}`
        : `should be at least ${String(issue.minimum)}`;
    case 'too_big':
      return `should be at most ${String(issue.maximum)}`;
    case 'unrecognized_keys':
      return `has unknown key(s) ${issue.keys.join(', ')}`;
    case 'not_multiple_of':
      return `should be a multiple of ${String(issue.divisor)}`;
    default:
      return issue.message && issue.message !== 'Invalid input' ? issue.message : 'is invalid';
  }
}

/**
 * Turns zod issues into {@link Problem}s with readable messages (zod/mini ships no locale).
 * `input` is what was parsed, so messages can say what was found; `prefix` is prepended to paths.
 */
export function problemsFromZod(issues: readonly core.$ZodIssue[], input: unknown, prefix: readonly PropertyKey[] = []): Problem[] {
  return issues.map((issue) => {
    const path = formatPath([...prefix, ...issue.path]);
    return { path, code: issue.code, message: `${path || 'input'} ${describe(issue, input)}` };
  });
}

/** Lists problems one a line, for error messages. */
export function listProblems(problems: readonly Problem[]): string {
  return problems.map((p) => `  - ${p.message} [${p.code}]`).join('\n');
}
