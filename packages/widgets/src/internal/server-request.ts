import * as z from 'zod/mini';

/** A server's refusal: its status, the `error` code and `message` of its JSON answer (empty when it sent none), and that answer. */
export class ServerRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly answer: unknown = null,
  ) {
    super(`HTTP ${status}`);
  }
}

/** The server could not be asked: this device has no connection, or nothing answers at the address. */
export class ServerUnreachable extends Error {
  constructor(cause: unknown) {
    super(`the server cannot be reached (${cause instanceof Error ? cause.message : String(cause)})`, { cause });
  }
}

/** The server said yes, but its answer is not what this page expects (an older server, or a proxy's page). */
export class UnexpectedAnswer extends Error {}

const Problem = z.looseObject({ error: z.optional(z.string()), message: z.optional(z.string()) });

/**
 * Asks the organisation's server (`base`, without a trailing slash) with this page's session
 * cookie: a GET, or a POST of `body` as JSON. The answer is checked with `schema`. Throws a
 * {@link ServerUnreachable} without a connection, a {@link ServerRefusal} for anything but a 2xx,
 * an {@link UnexpectedAnswer} when a 2xx is not what `schema` expects. Kept tiny so widgets need
 * not load the sync code.
 */
export async function askServer<T>(base: string, path: string, schema: { parse(v: unknown): T }, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, {
      credentials: 'same-origin',
      ...(body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) }),
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    });
  } catch (error) {
    throw new ServerUnreachable(error);
  }
  const answer: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const problem = Problem.safeParse(answer);
    throw new ServerRefusal(res.status, problem.success ? (problem.data.error ?? '') : '', problem.success ? (problem.data.message ?? '') : '', answer);
  }
  try {
    return schema.parse(answer);
  } catch (error) {
    // The message is only the path, language-neutral, for whoever runs the server; what did not fit is in `cause`.
    throw new UnexpectedAnswer(path, { cause: error });
  }
}

/**
 * Whether the server answered no (a 4xx): then nothing was done. Without an answer, or with a
 * failure of the server's own (5xx), what was asked may have been done all the same.
 */
export function refusedByServer(error: unknown): error is ServerRefusal {
  return error instanceof ServerRefusal && error.status < 500;
}

/** The clauses {@link failureReason} says, in the staff words of every language. */
export type FailureKey = 'server.unreachable' | 'server.signedOut' | 'server.failed' | 'server.notUnderstood';

/**
 * Why asking the server did not work, as a clause in the page's words (`say` is the widget's
 * `t`): no connection, the session ended, the server's own trouble, an answer not understood.
 * A refusal the server explained (a 4xx with a message) is said in the server's words; a widget
 * names the refusals its person can act on before asking this.
 */
export function failureReason(error: unknown, say: (key: FailureKey, values?: Record<string, string | number>) => string): string {
  if (error instanceof ServerUnreachable) return say('server.unreachable');
  if (error instanceof ServerRefusal) {
    if (error.status === 401) return say('server.signedOut');
    return error.status < 500 && error.detail ? error.detail : say('server.failed', { status: error.status });
  }
  return say('server.notUnderstood', { detail: error instanceof Error ? error.message : String(error) });
}
