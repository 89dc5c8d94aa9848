import { Hono } from 'hono';
import * as z from 'zod';
import { caseAccess, listAccess, logAccess } from '../db/access-log.js';
import { findTemplate } from '../db/templates.js';
import { bundleForRecipient, ConsentRequiredError, maxLength, minLength, personBundle, personExport } from '@casepath/core';
import { eventsAfter, getCase, openConflictEvent } from '../db/cases.js';
import { openJson, openText, place, sealText } from '../db/case-sealing.js';
import { isLead, mayEraseCase, maySeeCase, mayDo } from '../domain/access.js';
import { eraseCase, erasureOf } from '../db/erasure.js';
import { ApiError, body, notFound, query, signedIn, type AppEnv } from './context.js';

const AccessQuery = z.strictObject({ caseId: z.string().check(minLength(1), maxLength(200)).optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) });

const ExportQuery = z.strictObject({
  format: z.enum(['json', 'fhir']).default('json'),
  /** Another service the person chose (its name, as the person would say it); without it, the person's own copy. */
  recipient: z.string().trim().check(minLength(1), maxLength(200)).optional(),
});
/** What the statistics read of a case's state at its head. */
const HeadCounted = z.object({ status: z.string(), stage: z.string().nullable().default(null) });

const EraseBody = z.strictObject({ confirm: z.string().check(minLength(1), maxLength(200)) });

const Resolve = z.strictObject({
  /** What the reviewer did about it, in their words (recorded again, no longer applies, …). */
  resolution: z.string().trim().check(minLength(1), maxLength(2000)),
});

export function caseRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  /** One case's whole history, for a worker who may see it; 404 otherwise (existence does not leak). */
  app.get('/cases/:id', async (c) => {
    const worker = signedIn(c);
    const { db, keys } = c.get('deps');
    const row = await getCase(db, keys, c.req.param('id'));
    if (!row || !maySeeCase(worker, row)) throw notFound(`there is no case ${c.req.param('id')} that you may see`);
    const events = (await eventsAfter(db, keys, row.id, -1)).map((r) => r.event);
    await logAccess(db, worker, 'case.read', [row.id], { events: events.length });
    return c.json({ case: { id: row.id, providerId: row.providerId, templateId: row.templateId, templateVersion: row.templateVersion, headSeq: row.headSeq }, events });
  });

  /**
   * Erases a case at the person's request, here and (at their next pull) on every device of the
   * provider. The body repeats the case id, so a slip of the hand erases nothing.
   */
  app.post('/cases/:id/erase', async (c) => {
    const worker = signedIn(c);
    const { db, keys, logger } = c.get('deps');
    const confirmed = async (caseId: string): Promise<void> => {
      const { confirm } = await body(c, EraseBody);
      if (confirm !== caseId) throw new ApiError(400, { error: 'invalid-request', message: `confirm: write the case id ${caseId} to erase it`, issues: [{ path: 'confirm', message: 'must be the case id' }] });
    };
    const caseId = c.req.param('id');
    const row = await getCase(db, keys, caseId);
    if (!row) {
      // Asked again because the first answer was lost: the supervisor who may erase it learns it is
      // erased (repeating an erasure changes nothing); to anyone else the id stays unknown.
      const done = await erasureOf(db, caseId);
      if (!done || !mayEraseCase(worker, { ...done, openedBy: '', team: [] })) throw notFound(`there is no case ${caseId} that you may see`);
      await confirmed(caseId);
      return c.json({ erased: caseId, erasedAt: done.erasedAt });
    }
    if (!maySeeCase(worker, row)) throw notFound(`there is no case ${caseId} that you may see`);
    if (!mayEraseCase(worker, row)) throw notFound(`only the provider's supervisor erases a case`);
    await confirmed(row.id);
    const { erasedAt } = await eraseCase(db, keys, row, worker.id);
    await logAccess(db, worker, 'case.erase', [row.id]);
    // The log says which opaque id was erased and by whom, nothing about the person.
    logger.info({ event: 'case-erased', case: row.id, worker: worker.id }, 'case erased');
    return c.json({ erased: row.id, erasedAt });
  });

  /**
   * Everything held about the person of a case, for them or for a service they choose: the whole
   * history and who read it (`format=json`), or a FHIR R4 Bundle (`format=fhir`). For the
   * provider's coordinators and supervisors; logged as an export.
   */
  app.get('/cases/:id/export', async (c) => {
    const worker = signedIn(c);
    const { db, keys } = c.get('deps');
    const row = await getCase(db, keys, c.req.param('id'));
    if (!row || !maySeeCase(worker, row) || !isLead(worker)) throw notFound(`there is no case ${c.req.param('id')} that you may export`);
    const { format, recipient } = query(c, ExportQuery);
    if (recipient !== undefined && format !== 'fhir') {
      throw new ApiError(400, { error: 'invalid-request', message: 'query.format: another service gets the FHIR Bundle; ask for format=fhir', issues: [{ path: 'query.format', message: 'must be fhir with a recipient' }] });
    }
    const template = await findTemplate(db, row.organisationId, row.templateId, row.templateVersion);
    if (!template) throw notFound(`the case's template ${row.templateId} v${row.templateVersion} is not on this server`);
    const events = (await eventsAfter(db, keys, row.id, -1)).map((r) => r.event);
    if (recipient !== undefined) {
      // For another service: only with the person's consent to share, and health only with theirs to it.
      let bundle;
      try {
        bundle = bundleForRecipient(template, events, recipient);
      } catch (error) {
        if (error instanceof ConsentRequiredError) throw new ApiError(409, { error: 'consent-required', purpose: error.purpose, message: error.message });
        throw error;
      }
      await logAccess(db, worker, 'case.export', [row.id], { format, recipient });
      c.header('content-disposition', `attachment; filename="${row.id}.fhir.json"`);
      return c.json(bundle);
    }
    await logAccess(db, worker, 'case.export', [row.id], { format });
    c.header('content-disposition', `attachment; filename="${row.id}.${format === 'fhir' ? 'fhir.json' : 'json'}"`);
    if (format === 'fhir') return c.json(personBundle(template, events));
    return c.json({ ...personExport(template, events), accessLog: await caseAccess(db, row.id) });
  });

  /** Who read the provider's cases (or one case), for its supervisor. */
  app.get('/access-log', async (c) => {
    const worker = signedIn(c);
    if (!mayDo(worker, 'access-log.read')) throw notFound();
    const q = AccessQuery.safeParse(c.req.query());
    if (!q.success) throw new ApiError(400, { error: 'invalid-request', message: q.error.issues.map((i) => `query.${i.path.join('.')}: ${i.message}`).join('; ') });
    return c.json({ entries: await listAccess(c.get('deps').db, worker, q.data.caseId === undefined ? { limit: q.data.limit } : { caseId: q.data.caseId, limit: q.data.limit }) });
  });

  /** Pushed events kept for review: a worker's own; a coordinator's or supervisor's whole provider. */
  app.get('/conflicts', async (c) => {
    const worker = signedIn(c);
    if (!mayDo(worker, 'conflicts.review')) throw notFound();
    const { db, keys } = c.get('deps');
    const rows = await db.query<{ event_id: string; case_id: string; worker_id: string; event: unknown; rule: string; reason: string; created_at: Date; resolved_at: Date | null; resolution: string | null }>(
      `SELECT k.event_id, k.case_id, k.worker_id, k.event, k.rule, k.reason, k.created_at, k.resolved_at, k.resolution
       FROM conflicts k JOIN cases c ON c.id = k.case_id
       WHERE c.organisation_id = $1 AND (k.worker_id = $2 OR ($3::boolean AND c.provider_id = $4))
       ORDER BY k.created_at DESC LIMIT 500`,
      [worker.organisationId, worker.id, isLead(worker), worker.providerId],
    );
    await keys.load(rows.map((r) => r.case_id));
    return c.json({
      conflicts: rows.map((r) => ({
        eventId: r.event_id,
        caseId: r.case_id,
        workerId: r.worker_id,
        event: openConflictEvent(keys, r.case_id, r.event_id, r.event),
        rule: r.rule,
        reason: openText(keys, r.case_id, place.reason(r.case_id, r.event_id), r.reason),
        createdAt: new Date(r.created_at).toISOString(),
        resolvedAt: r.resolved_at ? new Date(r.resolved_at).toISOString() : null,
        resolution: r.resolution === null ? null : openText(keys, r.case_id, place.resolution(r.case_id, r.event_id), r.resolution),
      })),
    });
  });

  /**
   * Marks a conflict reviewed; the event stays on record as it was pushed. The first review
   * stands: marking it again changes it only for the same reviewer (a retried request, or their
   * corrected words); anyone else is answered 409 `already-reviewed`, with who and when, so their
   * words are never put over the first reviewer's.
   */
  app.post('/conflicts/:eventId/resolve', async (c) => {
    const worker = signedIn(c);
    const { resolution } = await body(c, Resolve);
    const { db, keys, changes } = c.get('deps');
    const eventId = c.req.param('eventId');
    // The reviewer's words may speak of the person: sealed with the case's key, like the event.
    const [kept] = await db.query<{ case_id: string }>('SELECT case_id FROM conflicts WHERE event_id = $1', [eventId]);
    if (kept) await keys.load([kept.case_id]);
    const visible = 'c.id = k.case_id AND c.organisation_id = $3 AND (k.worker_id = $4 OR ($5::boolean AND c.provider_id = $6))';
    const rows = kept
      ? await db.query<{ event_id: string; resolved_by: string; resolved_at: Date; mine: boolean }>(
          `WITH marked AS (
             UPDATE conflicts k SET resolved_at = now(), resolved_by = $4, resolution = $7, txid = pg_current_xact_id()
             FROM cases c WHERE k.event_id = $1 AND k.case_id = $2 AND ${visible} AND (k.resolved_at IS NULL OR k.resolved_by = $4)
             RETURNING k.event_id, k.resolved_by, k.resolved_at, true AS mine)
           SELECT * FROM marked
           UNION ALL
           SELECT k.event_id, k.resolved_by, k.resolved_at, false FROM conflicts k, cases c
           WHERE k.event_id = $1 AND k.case_id = $2 AND ${visible} AND k.resolved_by <> $4 AND NOT EXISTS (SELECT 1 FROM marked)`,
          [eventId, kept.case_id, worker.organisationId, worker.id, isLead(worker), worker.providerId, sealText(keys, kept.case_id, place.resolution(kept.case_id, eventId), resolution)],
        )
      : [];
    const [row] = rows;
    if (!row) throw notFound('there is no such conflict that you may review');
    if (!row.mine) {
      const [first] = await db.query<{ display_name: string }>('SELECT display_name FROM workers WHERE id = $1', [row.resolved_by]);
      const resolvedAt = new Date(row.resolved_at).toISOString();
      throw new ApiError(409, {
        error: 'already-reviewed',
        message: `${first?.display_name ?? 'someone else'} marked this change reviewed at ${resolvedAt}; their words stand and yours were not recorded`,
        resolvedBy: row.resolved_by,
        resolvedAt,
      });
    }
    // The author's and the leads' long polls take it at once (other processes' within their interval).
    changes.notify();
    return c.json({ resolved: row.event_id });
  });

  /** Counts only: how many open cases per stage and status, for analysts and leads. */
  app.get('/aggregates', async (c) => {
    const worker = signedIn(c);
    if (!mayDo(worker, 'aggregates.read')) throw notFound();
    const { db, keys } = c.get('deps');
    const rows = await db.query<{ id: string; provider_id: string; template_id: string; state: unknown }>(
      'SELECT id, provider_id, template_id, state FROM cases WHERE organisation_id = $1 AND ($2::text IS NULL OR provider_id = $2)',
      [worker.organisationId, worker.role === 'analyst' ? null : worker.providerId],
    );
    // Each state is sealed with its case's key: opened here, counted, and only the counts leave.
    await keys.load(rows.map((r) => r.id));
    const counts = new Map<string, { provider_id: string; template_id: string; status: string; stage: string | null; cases: number }>();
    for (const r of rows) {
      const { status, stage } = HeadCounted.parse(openJson(keys, r.id, place.state(r.id), r.state));
      const key = JSON.stringify([r.provider_id, r.template_id, status, stage]);
      const entry = counts.get(key) ?? counts.set(key, { provider_id: r.provider_id, template_id: r.template_id, status, stage, cases: 0 }).get(key)!;
      entry.cases++;
    }
    const order = (a: { provider_id: string; template_id: string; status: string; stage: string | null }) => [a.provider_id, a.template_id, a.status, a.stage ?? '\uffff'].join('\u0000');
    return c.json({ aggregates: [...counts.values()].sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0)) });
  });

  return app;
}
