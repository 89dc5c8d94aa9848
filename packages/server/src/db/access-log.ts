import type { Worker } from '../domain/access.js';
import type { Queryable } from './database.js';

/** How a case was read: opened in full, or sent to a device by a pull; or erased. */
export type AccessAction = 'case.read' | 'cases.pull' | 'case.erase' | 'case.export';

/** Records that a worker read cases (never what they read). */
export async function logAccess(db: Queryable, worker: Worker, action: AccessAction, caseIds: readonly string[], detail: Record<string, unknown> = {}): Promise<void> {
  if (caseIds.length === 0) return;
  await db.query('INSERT INTO access_log (organisation_id, provider_id, worker_id, action, case_ids, detail) VALUES ($1, $2, $3, $4, $5, $6)', [
    worker.organisationId,
    worker.providerId,
    worker.id,
    action,
    [...new Set(caseIds)].sort(),
    JSON.stringify(detail),
  ]);
}

export interface AccessEntry {
  at: string;
  workerId: string;
  action: AccessAction;
  caseIds: string[];
  detail: Record<string, unknown>;
}

/**
 * The reads of a supervisor's own provider's cases (or of one case), newest first. An entry
 * lists only the cases of that provider, so a pull's entry does not show another provider's.
 */
export async function listAccess(db: Queryable, supervisor: Worker, options: { caseId?: string; limit: number }): Promise<AccessEntry[]> {
  const rows = await db.query<{ at: Date | string; worker_id: string; action: AccessAction; case_ids: string[]; detail: Record<string, unknown> }>(
    `SELECT l.at, l.worker_id, l.action,
            ARRAY(SELECT c.id FROM cases c WHERE c.id = ANY(l.case_ids) AND c.provider_id = $2 ORDER BY c.id) AS case_ids, l.detail
     FROM access_log l
     WHERE l.organisation_id = $1 AND ($3::text IS NULL OR l.case_ids @> ARRAY[$3::text])
       AND EXISTS (SELECT 1 FROM cases c WHERE c.id = ANY(l.case_ids) AND c.provider_id = $2)
     ORDER BY l.at DESC, l.id DESC LIMIT $4`,
    [supervisor.organisationId, supervisor.providerId, options.caseId ?? null, options.limit],
  );
  return rows.map((r) => ({ at: new Date(r.at).toISOString(), workerId: r.worker_id, action: r.action, caseIds: r.case_ids, detail: r.detail }));
}

/** Who read or exported one case and when (for the person's own export: whom their data reached). */
export async function caseAccess(db: Queryable, caseId: string): Promise<{ at: string; workerId: string; action: AccessAction; recipient?: string }[]> {
  const rows = await db.query<{ at: Date | string; worker_id: string; action: AccessAction; recipient: string | null }>(
    "SELECT at, worker_id, action, detail->>'recipient' AS recipient FROM access_log WHERE case_ids @> ARRAY[$1::text] ORDER BY at, id",
    [caseId],
  );
  return rows.map((r) => ({ at: new Date(r.at).toISOString(), workerId: r.worker_id, action: r.action, ...(r.recipient ? { recipient: r.recipient } : {}) }));
}
