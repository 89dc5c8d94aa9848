import type { Database, Queryable } from './database.js';
import type { CaseRow } from './cases.js';
import type { CaseKeys } from './case-keys.js';

/**
 * Erases a case on the server: in one transaction its events (and their hashes), team, access
 * changes, conflicts, and the first contact it was opened from; then its key, so that what any
 * backup still holds of it no longer opens (crypto-shredding). What stays is a row saying that
 * case id was erased, by whom and when, with no personal data; the access log keeps who read it.
 */
export async function eraseCase(db: Database, keys: CaseKeys, row: CaseRow, workerId: string): Promise<{ erasedAt: string }> {
  const erasedAt = await db.transaction(async (tx) => {
    // Two requests at once (a retried erasure): the second waits for the first, then finds it done.
    if (!(await tx.query('SELECT id FROM cases WHERE id = $1 FOR UPDATE', [row.id])).length) {
      const done = await erasureOf(tx, row.id);
      if (done) return done.erasedAt;
    }
    return eraseCaseRows(tx, row, workerId);
  });
  // After the commit: if the server stops before this, the key goes when it starts again.
  await keys.destroy([row.id]);
  return { erasedAt };
}

/**
 * The rows of {@link eraseCase}, inside the caller's transaction, which has locked the case's row
 * (`FOR UPDATE`) so that nothing is appended to it meanwhile; the erasure's time.
 */
export async function eraseCaseRows(tx: Queryable, row: Pick<CaseRow, 'id' | 'organisationId' | 'providerId'>, workerId: string): Promise<string> {
  const caseId = row.id;
  // The request for help it was opened from goes too; its id stays so that it is not taken again.
  await tx.query(
    `WITH gone AS (DELETE FROM first_contacts WHERE case_id = $1 RETURNING id, provider_id)
     INSERT INTO first_contact_erasures (id, provider_id, why, erased_by) SELECT id, provider_id, 'asked', $2 FROM gone`,
    [caseId, workerId],
  );
  // Who may hold the case: the provider's staff, and whoever else had it (opened it, was on its
  // team, was given it or had it taken away). Their devices are told though they move to another
  // provider before their next pull, or have not yet pulled the change that took the case away
  // (which goes with the case). Read before the case's rows go.
  const [had] = await tx.query<{ workers: string[] | null }>(
    `SELECT array_agg(DISTINCT w ORDER BY w) AS workers FROM (
       SELECT id AS w FROM workers WHERE provider_id = $2
       UNION SELECT opened_by FROM cases WHERE id = $1
       UNION SELECT worker_id FROM case_team WHERE case_id = $1
       UNION SELECT worker_id FROM access_changes WHERE case_id = $1) AS h`,
    [caseId, row.providerId],
  );
  // events, case_team, access_changes and conflicts go with the case (ON DELETE CASCADE).
  await tx.query('DELETE FROM cases WHERE id = $1', [caseId]);
  const [r] = await tx.query<{ erased_at: Date }>(
    'INSERT INTO erasures (case_id, organisation_id, provider_id, erased_by, workers) VALUES ($1, $2, $3, $4, $5) RETURNING erased_at',
    [caseId, row.organisationId, row.providerId, workerId, had?.workers ?? []],
  );
  return new Date(r!.erased_at).toISOString();
}

/** Which of these case ids were erased (a device that still has one must not bring it back). */
export async function erasedAmong(db: Queryable, caseIds: readonly string[]): Promise<Set<string>> {
  if (!caseIds.length) return new Set();
  const rows = await db.query<{ case_id: string }>('SELECT case_id FROM erasures WHERE case_id = ANY($1::text[])', [caseIds]);
  return new Set(rows.map((r) => r.case_id));
}

/** What stays of an erased case: its provider and when it was erased; null when it was never erased. */
export async function erasureOf(db: Queryable, caseId: string): Promise<{ organisationId: string; providerId: string; erasedAt: string } | null> {
  const [r] = await db.query<{ organisation_id: string; provider_id: string; erased_at: Date }>(
    'SELECT organisation_id, provider_id, erased_at FROM erasures WHERE case_id = $1',
    [caseId],
  );
  return r ? { organisationId: r.organisation_id, providerId: r.provider_id, erasedAt: new Date(r.erased_at).toISOString() } : null;
}
