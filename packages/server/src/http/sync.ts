import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { CaseEventParseError, maxLength, minLength, parseCaseEvent, type CaseEvent } from '@casepath/core';
import * as z from 'zod';
import type { PushQueue } from '../db/push-queue.js';
import { pullPage, type PullCursor } from '../db/pull.js';
import { logAccess } from '../db/access-log.js';
import { mayDo } from '../domain/access.js';
import { ApiError, body, notFound, query, signedIn, type AppEnv } from './context.js';
import { SESSION_COOKIE } from './auth.js';
import { unknownField } from './strict.js';

/** The most events one push may carry (a week offline is a few hundred). */
export const MAX_PUSH = 1000;

const Push = z.strictObject({
  /** A random id the device chose once; the server keeps per-device facts by it. */
  deviceId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8 to 64 letters, digits, - or _'),
  events: z
    .array(z.strictObject({ event: z.unknown(), knownSeq: z.int().min(-1) }))
    .check(minLength(1), maxLength(MAX_PUSH)),
});

const Txid = z.string().regex(/^\d{1,20}$/);
const Cursor = z.strictObject({
  db: z.string().regex(/^\d{1,20}(\.[0-9a-f]{16})?$/),
  txid: Txid,
  caseId: z.string().check(maxLength(200)).nullable(),
  seq: z.int().min(-1),
  backfill: z.strictObject({ from: Txid, through: Txid, after: z.string().check(maxLength(200)).optional() }).optional(),
  seen: Txid.optional(),
});
const Pull = z.strictObject({
  /**
   * A cursor this server gave: up to 1,896 characters, with two case ids of 200 characters that
   * each take three bytes (`test/sync.test.ts`).
   */
  cursor: z.string().check(maxLength(2000)).optional(),
  /** Seconds to wait for something new before answering empty (long polling). */
  wait: z.coerce.number().int().min(0).max(60).default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});

export function encodeCursor(c: PullCursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}
function decodeCursor(raw: string | undefined): PullCursor | null {
  if (raw === undefined || raw === '') return null;
  try {
    const parsed = Cursor.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    /* fall through */
  }
  throw new ApiError(400, { error: 'invalid-request', message: 'query.cursor: not a cursor this server gave; pull from the start (no cursor)', issues: [{ path: 'query.cursor', message: 'not a cursor this server gave' }] });
}

/** The sync API; pushes go through `pushes`, which commits concurrent ones together. */
export function syncRoutes(pushes: PushQueue): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/push', async (c) => {
    const worker = signedIn(c);
    if (!mayDo(worker, 'case.open') && !mayDo(worker, 'cases.pull')) throw notFound();
    // What events say is sealed as given; their ids, stored as text, are checked by core's schema.
    const { deviceId, events } = await body(c, Push, { sealedText: true });
    const pushed = events.map(({ event, knownSeq }, i) => {
      let parsed: CaseEvent;
      try {
        parsed = parseCaseEvent(event);
      } catch (error) {
        if (!(error instanceof CaseEventParseError)) throw error;
        const at = `events[${i}].event`;
        const issues = error.problems.map((p) => ({ path: p.path ? `${at}.${p.path}` : at, message: p.message }));
        // Core's sentences name their field ("at should be …"): the push's place goes before it, not beside it.
        const said = error.problems.map((p) => (p.path && p.message.startsWith(`${p.path} `) ? `${at}.${p.message}` : `${p.path ? `${at}.${p.path}` : at}: ${p.message}`));
        throw new ApiError(400, { error: 'invalid-request', message: said.join('; '), issues });
      }
      const extra = unknownField(event, parsed, `events[${i}].event`);
      if (extra) throw new ApiError(400, { error: 'invalid-request', message: `${extra}: unknown field; remove it`, issues: [{ path: extra, message: 'unknown field' }] });
      return { event: parsed, knownSeq };
    });
    const { changes, logger } = c.get('deps');
    const results = await pushes.apply({ worker, deviceId, pushed });
    const accepted = results.filter((r) => r.status === 'accepted').length;
    if (accepted) changes.notify();
    logger.info({ event: 'push', worker: worker.id, device: deviceId, events: results.length, accepted, conflicts: results.length - accepted }, 'push');
    return c.json({ results });
  });

  app.get('/pull', async (c) => {
    const worker = signedIn(c);
    if (!mayDo(worker, 'cases.pull')) throw notFound();
    const q = query(c, Pull);
    const cursor = decodeCursor(q.cursor);
    const { db, keys, changes } = c.get('deps');
    const deadline = Date.now() + q.wait * 1000;
    for (;;) {
      const page = await pullPage(db, keys, worker, cursor, q.limit, getCookie(c, SESSION_COOKIE) ?? null);
      if (page === 'signed-out') throw new ApiError(401, { error: 'unauthenticated', message: 'the session ended (signed out, the password given anew, or the account turned off); sign in again' });
      if (page === 'no-cases') throw notFound();
      // A page with more after it is answered at once, even with nothing in it (its events were
      // left to a case's whole history in a later page): waiting would hold the rest back.
      const empty = !page.more && !page.events.length && !page.backfill.length && !page.revoked.length && !page.erased.length && !page.conflicts.length && !page.reset;
      // A device's first pull (no cursor) answers at once, even empty: a worker with no cases yet
      // learns that this is all there is, instead of being told more are arriving for a long poll.
      if (!empty || cursor === null || Date.now() >= deadline || changes.isClosed) {
        const sent = [...page.events, ...page.backfill];
        await logAccess(db, worker, 'cases.pull', sent.map((e) => e.caseId), { events: sent.length });
        const { mark: _, ...answer } = page;
        return c.json({ ...answer, cursor: encodeCursor(page.cursor) });
      }
      // Woken at once by a push to this process; by anything committed since this page was read
      // (another process's push, a role changed, a session ended) within 250 ms.
      await changes.wait(deadline - Date.now(), page.mark, c.req.raw.signal);
      // The device has gone (closed, or went offline): nobody is waiting for this answer.
      if (c.req.raw.signal.aborted) return c.body(null, 204);
    }
  });

  return app;
}
