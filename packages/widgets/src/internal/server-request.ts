import * as z from 'zod/mini';

/** A server's refusal: its status, and the `error` code and `message` of its JSON answer (empty when it sent none). */
export class ServerRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
  ) {
    super(`HTTP ${status}`);
  }
}

const Problem = z.looseObject({ error: z.optional(z.string()), message: z.optional(z.string()) });

/**
 * Asks the organisation's server (`base`, without a trailing slash) with this page's session
 * cookie: a GET, or a POST of `body` as JSON. The answer is checked with `schema`; anything but a
 * 2xx throws a {@link ServerRefusal}. Kept tiny so widgets need not load the sync code.
 */
export async function askServer<T>(base: string, path: string, schema: { parse(v: unknown): T }, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    credentials: 'same-origin',
    ...(body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) }),
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
  });
  if (!res.ok) {
    const problem = Problem.safeParse(await res.json().catch(() => null));
    throw new ServerRefusal(res.status, problem.success ? (problem.data.error ?? '') : '', problem.success ? (problem.data.message ?? '') : '');
  }
  return schema.parse(await res.json());
}
