import { Hono } from 'hono';
import * as z from 'zod';
import { AggregateError, CutOffDate, mergeAggregates, parseAggregateFile, todayUtc, type AggregateFile } from '@casepath/core';
import { mayDo } from '../domain/access.js';
import { checkSignature, sha256 } from '../domain/aggregate-signature.js';
import { ownIndicators } from '../db/indicators.js';
import { ApiError, notFound, query, signedIn, unreadable, type AppEnv } from './context.js';
import { jsonProblem } from '../domain/text.js';

/** The cut-off of indicators, own or regional: a calendar date, today or before (core's rule); when not given, today's or the latest files'. */
const CutOffQuery = z.strictObject({ asOf: z.optional(CutOffDate) });

/**
 * Aggregate files pushed by member providers' servers to an umbrella organisation's server
 * (signed, counts only), and the regional indicators merged from them for its analysts.
 */
export function aggregateRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  /** A member's server pushes its file: no session, the Ed25519 signature is the credential. */
  app.post('/files', async (c) => {
    const { db } = c.get('deps');
    const providerId = c.req.header('casepath-provider') ?? '';
    const timestamp = c.req.header('casepath-timestamp') ?? '';
    const signature = c.req.header('casepath-signature') ?? '';
    if (!providerId || !timestamp || !signature) {
      throw new ApiError(401, { error: 'unsigned', message: 'push aggregate files signed: Casepath-Provider, Casepath-Timestamp and Casepath-Signature headers (casepath-server push-aggregate does it)' });
    }
    const body = await c.req.text();
    const [member] = await db.query<{ public_key: string; organisation_id: string }>('SELECT public_key, organisation_id FROM aggregate_members WHERE provider_id = $1', [providerId]);
    // An unknown provider and a bad signature get the same answer: membership does not leak.
    const problem = member ? checkSignature(body, timestamp, signature, member.public_key) : 'the signature does not match this body and the provider\'s registered key';
    if (problem) throw new ApiError(401, { error: 'bad-signature', message: problem });
    let file: AggregateFile;
    try {
      const raw: unknown = JSON.parse(body);
      const problem = jsonProblem(raw);
      if (problem) throw unreadable(problem);
      file = parseAggregateFile(raw, `the file from ${providerId}`);
    } catch (error) {
      if (error instanceof SyntaxError) throw new ApiError(400, { error: 'invalid-json', message: 'the body is not valid JSON' });
      if (error instanceof AggregateError) throw new ApiError(400, { error: 'invalid-aggregate', message: error.message });
      throw error;
    }
    if (file.providerId !== providerId) throw new ApiError(400, { error: 'wrong-provider', message: `the file is provider "${file.providerId}"'s, but it was signed as "${providerId}"` });
    if (!file.mergeable) throw new ApiError(400, { error: 'not-mergeable', message: 'the file carries suppressed tables only; make it with --allow-merge so the region can merge it' });
    const digest = sha256(body);
    const [existing] = await db.query<{ sha256: string }>('SELECT sha256 FROM aggregate_files WHERE provider_id = $1 AND as_of = $2', [providerId, file.asOf]);
    if (existing?.sha256 === digest) return c.json({ providerId, asOf: file.asOf, stored: 'unchanged' });
    await db.query(
      `INSERT INTO aggregate_files (provider_id, as_of, sha256, file) VALUES ($1, $2, $3, $4)
       ON CONFLICT (provider_id, as_of) DO UPDATE SET sha256 = EXCLUDED.sha256, file = EXCLUDED.file, received_at = now()`,
      [providerId, file.asOf, digest, JSON.stringify(file)],
    );
    return c.json({ providerId, asOf: file.asOf, stored: existing ? 'replaced' : 'created' }, existing ? 200 : 201);
  });

  /** Which member files arrived, for the umbrella's analysts and leads. */
  app.get('/files', async (c) => {
    const worker = signedIn(c);
    if (!mayDo(worker, 'aggregates.read')) throw notFound();
    const rows = await c.get('deps').db.query<{ provider_id: string; as_of: string; received_at: string }>(
      `SELECT f.provider_id, to_char(f.as_of, 'YYYY-MM-DD') AS as_of, f.received_at FROM aggregate_files f JOIN aggregate_members m USING (provider_id)
       WHERE m.organisation_id = $1 ORDER BY f.as_of DESC, f.provider_id`,
      [worker.organisationId],
    );
    return c.json({ files: rows.map((r) => ({ providerId: r.provider_id, asOf: r.as_of, receivedAt: new Date(r.received_at).toISOString() })) });
  });

  /**
   * The organisation's own indicators from its cases on this server: for its analysts, all its
   * providers'; for a provider's coordinators and supervisors, their provider's. People who did
   * not consent to statistics are left out, and counted.
   */
  app.get('/indicators', async (c) => {
    const worker = signedIn(c);
    if (!mayDo(worker, 'aggregates.read')) throw notFound();
    const asOf = query(c, CutOffQuery).asOf ?? todayUtc();
    const { db, keys, logger } = c.get('deps');
    const indicators = await ownIndicators(db, keys, worker.organisationId, worker.role === 'analyst' ? null : worker.providerId, { asOf });
    if (!indicators) throw new ApiError(404, { error: 'nothing-to-count', message: 'there are no cases to count yet' });
    logger.info({ event: 'indicators', worker: worker.id, asOf, providers: indicators.providers.length }, 'indicators read');
    return c.json(indicators);
  });

  /** The regional indicators of one cut-off (default: the latest), merged from the members' files. */
  app.get('/regional', async (c) => {
    const worker = signedIn(c);
    if (!mayDo(worker, 'aggregates.read')) throw notFound();
    const { asOf } = query(c, CutOffQuery);
    const rows = await c.get('deps').db.query<{ provider_id: string; file: unknown }>(
      `SELECT f.provider_id, f.file FROM aggregate_files f JOIN aggregate_members m USING (provider_id)
       WHERE m.organisation_id = $1 AND f.as_of = COALESCE($2::date, (SELECT max(as_of) FROM aggregate_files g JOIN aggregate_members n USING (provider_id) WHERE n.organisation_id = $1))
       ORDER BY f.provider_id`,
      [worker.organisationId, asOf ?? null],
    );
    if (!rows.length) throw new ApiError(404, { error: 'nothing-to-count', message: asOf ? `no member has sent a file for ${asOf}` : 'no member has sent an aggregate file yet' });
    try {
      // Stored files are read as strictly as pushed ones: never trust what is stored.
      const merged = mergeAggregates(rows.map((r) => ({ source: `provider ${r.provider_id}`, file: parseAggregateFile(typeof r.file === 'string' ? JSON.parse(r.file) : r.file, `provider ${r.provider_id}`) })));
      // The merged counts stay on the server: analysts get indicators and suppressed tables.
      return c.json({ ...merged, counts: undefined });
    } catch (error) {
      if (error instanceof AggregateError) throw new ApiError(409, { error: 'cannot-merge', message: error.message });
      throw error;
    }
  });
  return app;
}
