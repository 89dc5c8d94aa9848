import { CaseEvent } from '../schemas/case-event.schema.js';
import { CASE_EVENT_SCHEMA_VERSION } from '../schemas/vocabulary.js';
import { listProblems, problemsFromZod, type Problem } from '../validation/problem.js';

/** Thrown by {@link parseCaseEvent} when stored or incoming data is not a valid case event. */
export class CaseEventParseError extends Error {
  override readonly name = 'CaseEventParseError';
  constructor(readonly problems: readonly Problem[]) {
    super(`Not a valid case event:\n${listProblems(problems)}`);
  }
}

/**
 * Brings an event stored under an older schema version up to the current one. There is one
 * version so far; each future version adds a step here, so stored histories stay readable.
 */
export function migrateCaseEvent(raw: unknown): unknown {
  return raw;
}

function check(raw: unknown, prefix: (string | number)[]): { event?: CaseEvent; problems: Problem[] } {
  if (typeof raw === 'object' && raw !== null && 'schemaVersion' in raw) {
    const v = raw.schemaVersion;
    if (typeof v === 'number' && v > CASE_EVENT_SCHEMA_VERSION) {
      const path = [...prefix, 'schemaVersion'].join('.');
      return {
        problems: [
          {
            path,
            code: 'newer-schema',
            message: `${path} is ${v}, newer than this version of @casepath/core understands (${CASE_EVENT_SCHEMA_VERSION}); upgrade @casepath/core`,
          },
        ],
      };
    }
  }
  const parsed = CaseEvent.safeParse(migrateCaseEvent(raw));
  return parsed.success ? { event: parsed.data, problems: [] } : { problems: problemsFromZod(parsed.error.issues, raw, prefix) };
}

/**
 * Validates one event from storage or the network (never trust stored data on read).
 *
 * @throws {@link CaseEventParseError} naming every invalid field.
 */
export function parseCaseEvent(raw: unknown): CaseEvent {
  const { event, problems } = check(raw, []);
  if (!event) throw new CaseEventParseError(problems);
  return event;
}

/**
 * Validates a list of events, keeping the valid ones and reporting each invalid one with its
 * index (`[3].payload.goalId …`), so one bad record does not hide the rest.
 */
export function parseCaseEvents(raw: readonly unknown[]): { events: CaseEvent[]; problems: Problem[] } {
  const events: CaseEvent[] = [];
  const problems: Problem[] = [];
  raw.forEach((item, i) => {
    const r = check(item, [i]);
    if (r.event) events.push(r.event);
    else problems.push(...r.problems);
  });
  return { events, problems };
}
