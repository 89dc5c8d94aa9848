import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from 'pino';
import type * as z from 'zod';
import type { ServerConfig } from '../config.js';
import type { Database } from '../db/database.js';
import type { Worker } from '../domain/access.js';
import type { ChangeFeed } from './change-feed.js';
import type { SecretBox } from '../domain/secret-box.js';
import type { CaseKeys } from '../db/case-keys.js';
import { jsonProblem } from '../domain/text.js';

/** What every handler can reach. */
export interface AppDeps {
  db: Database;
  config: ServerConfig;
  logger: Logger;
  /** Wakes long polls when this process records something; ends them at shutdown. */
  changes: ChangeFeed;
  /** Seals secrets stored in the database (second factors); null when the server has no key. */
  secrets: SecretBox | null;
  /** The per-case keys that seal what is stored about each person (kept apart from the database). */
  keys: CaseKeys;
}

export type AppEnv = { Variables: { worker: Worker | null; deps: AppDeps } };
export type AppContext = Context<AppEnv>;

/** A reply the client can act on: a stable code, plain words, and for bad input the fields. */
export interface ErrorBody {
  error: string;
  message: string;
  issues?: { path: string; message: string }[];
  /** The consent purpose a refused action needs (`consent-required`). */
  purpose?: string;
  /** Who marked a kept change reviewed first, and when (`already-reviewed`). */
  resolvedBy?: string;
  resolvedAt?: string;
}

export class ApiError extends HTTPException {
  constructor(
    status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 423 | 429 | 503,
    readonly body: ErrorBody,
  ) {
    super(status, { message: body.message });
  }
}

export const notFound = (what = 'there is nothing here that you may see; check the address, or ask your coordinator for access') => new ApiError(404, { error: 'not-found', message: what });

function pathOf(path: readonly PropertyKey[]): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join('');
}

/** A 400 naming every field that breaks a rule, and the rule. */
export function invalid(error: z.ZodError, prefix = ''): ApiError {
  const issues = error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((key) => ({ path: prefix + pathOf([...i.path, key]), message: 'unknown field; remove it' }))
      : [{ path: prefix + pathOf(i.path), message: i.message }],
  );
  return new ApiError(400, { error: 'invalid-request', message: issues.map((i) => `${i.path || '(body)'}: ${i.message}`).join('; '), issues });
}

/** The 400 for what cannot be stored or read in a request's JSON, naming where it is (see `jsonProblem`). */
export function unreadable(problem: { path: string; message: string }): ApiError {
  const path = problem.path || '(body)';
  return new ApiError(400, { error: 'invalid-request', message: `${path}: ${problem.message}`, issues: [{ path, message: problem.message }] });
}

/**
 * A request body's JSON; 400 when it is not JSON, nests deeper than any the API takes, or (unless
 * `sealedText`) holds what cannot be stored as text.
 */
export async function jsonBody(c: AppContext, { sealedText = false } = {}): Promise<unknown> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new ApiError(400, { error: 'invalid-json', message: 'the request body is not valid JSON' });
  }
  const problem = jsonProblem(raw, { text: !sealedText });
  if (problem) throw unreadable(problem);
  return raw;
}

/**
 * Reads the JSON body and checks it with a strict zod schema (unknown fields are refused). With
 * `sealedText`, any text is taken: it is sealed as given, never stored as text (pushed events).
 */
export async function body<S extends z.ZodType>(c: AppContext, schema: S, options: { sealedText?: boolean } = {}): Promise<z.infer<S>> {
  const raw = await jsonBody(c, options);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error);
  return parsed.data;
}

/** Query parameters, checked the same way. */
export function query<S extends z.ZodType>(c: AppContext, schema: S): z.infer<S> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw invalid(parsed.error, 'query.');
  return parsed.data;
}

/** The signed-in worker, or 401. */
export function signedIn(c: AppContext): Worker {
  const worker = c.get('worker');
  if (!worker) throw new ApiError(401, { error: 'unauthenticated', message: 'sign in first' });
  return worker;
}
