import type { Database, Queryable } from './database.js';
import { providerOrganisation, toListedWorker, toWorker, WORKER_COLUMNS, type ListedWorker, type RawWorker } from './accounts.js';
import { isLead, maySeeCase, worksOnCases, type PastRole, type StaffRole, type Worker } from '../domain/access.js';

export interface WorkerChange {
  worker: ListedWorker;
  /** Cases the worker may now see and could not before. */
  gained: string[];
  /** Cases the worker could see and may no longer. */
  lost: string[];
}

/**
 * Gives a worker another role: a job coach becomes the provider's coordinator, a coordinator
 * steps back to job coach. Which cases they may see follows from the role (`maySeeCase`), so every
 * case that comes or goes with it is written to `access_changes` in the same transaction, as an
 * assignment is: their devices' next pull brings the whole history of each case gained and drops
 * each case lost. Made a lead, the provider's kept changes still open for review are sent again,
 * so their devices list them. Null when the organisation has no such worker; `separate-account`
 * when someone who works on cases would become an analyst or administrator, whose devices would
 * keep cases no pull could take back: that is a new account, and this one turned off.
 */
export async function setWorkerRole(db: Database, organisationId: string, workerId: string, role: StaffRole, changedBy: string): Promise<WorkerChange | null | 'separate-account'> {
  return db.transaction(async (tx) => {
    const row = await lockWorker(tx, organisationId, workerId);
    if (!row) return null;
    const before = toWorker(row);
    const after: Worker = { ...before, role };
    if (worksOnCases(before) && !worksOnCases(after)) return 'separate-account';
    if (role === before.role) return { worker: toListedWorker(row), gained: [], lost: [] };
    await tx.query('UPDATE workers SET role = $2 WHERE id = $1', [workerId, role]);
    await tx.query('INSERT INTO role_changes (worker_id, from_role, to_role, changed_by) VALUES ($1, $2, $3, $4)', [workerId, before.role, role, changedBy]);
    return { worker: toListedWorker({ ...row, role }), ...(await writeAccessChanges(tx, before, after)) };
  });
}

/**
 * Moves a worker to another of the organisation's providers (staff move between its centres).
 * As with a new role, every case that comes or goes with it is written to `access_changes` in the
 * same transaction: their devices' next pull drops the old provider's cases (with others' kept
 * changes on them; their own stay) and, for a coordinator or supervisor, brings the new one's
 * whole, with its kept changes open for review. Their place on the old cases' teams stays in
 * those cases' histories, and gives no access from another provider. Null when the organisation
 * has no such worker; `no-provider` when it has no such provider; `no-cases` for an analyst or
 * administrator, who belongs to no provider.
 */
export async function moveWorker(db: Database, organisationId: string, workerId: string, providerId: string, movedBy: string): Promise<WorkerChange | null | 'no-provider' | 'no-cases'> {
  return db.transaction(async (tx) => {
    const row = await lockWorker(tx, organisationId, workerId);
    if (!row) return null;
    if ((await providerOrganisation(tx, providerId)) !== organisationId) return 'no-provider';
    const before = toWorker(row);
    if (!worksOnCases(before)) return 'no-cases';
    if (before.providerId === providerId) return { worker: toListedWorker(row), gained: [], lost: [] };
    await tx.query('UPDATE workers SET provider_id = $2 WHERE id = $1', [workerId, providerId]);
    await tx.query('INSERT INTO provider_moves (worker_id, from_provider, to_provider, moved_by) VALUES ($1, $2, $3, $4)', [workerId, before.providerId, providerId, movedBy]);
    return { worker: toListedWorker({ ...row, provider_id: providerId }), ...(await writeAccessChanges(tx, before, { ...before, providerId })) };
  });
}

/**
 * Locked, so two changes of one worker's place apply one after the other, and a push that puts
 * them on a case's team or takes them off (which locks this row too) comes wholly before or after.
 */
async function lockWorker(tx: Queryable, organisationId: string, workerId: string): Promise<(RawWorker & { disabled: boolean }) | undefined> {
  const [row] = await tx.query<RawWorker & { disabled: boolean }>(`SELECT ${WORKER_COLUMNS}, w.disabled FROM workers w WHERE w.id = $1 AND w.organisation_id = $2 FOR UPDATE`, [workerId, organisationId]);
  return row;
}

/**
 * Which cases a worker may see follows from their role and provider (`maySeeCase`): each case of
 * the providers before and after that comes or goes is written to `access_changes`. Made a lead of
 * a provider, its kept changes still open for review are sent again, so their devices list them.
 */
async function writeAccessChanges(tx: Queryable, before: Worker, after: Worker): Promise<{ gained: string[]; lost: string[] }> {
  const providers = [...new Set([before.providerId, after.providerId].filter((p): p is string => p !== null))];
  const cases = providers.length === 0
    ? []
    : await tx.query<{ id: string; provider_id: string; opened_by: string; team: string[] | null }>(
        'SELECT c.id, c.provider_id, c.opened_by, (SELECT array_agg(t.worker_id) FROM case_team t WHERE t.case_id = c.id) AS team FROM cases c WHERE c.organisation_id = $1 AND c.provider_id = ANY($2::text[])',
        [before.organisationId, providers],
      );
  const gained: string[] = [];
  const lost: string[] = [];
  for (const c of cases) {
    const facts = { organisationId: before.organisationId, providerId: c.provider_id, openedBy: c.opened_by, team: c.team ?? [] };
    const was = maySeeCase(before, facts);
    const is = maySeeCase(after, facts);
    if (is && !was) gained.push(c.id);
    if (was && !is) lost.push(c.id);
  }
  if (gained.length || lost.length) {
    await tx.query(
      'INSERT INTO access_changes (case_id, worker_id, granted) SELECT id, $1, granted FROM unnest($2::text[], $3::boolean[]) AS u(id, granted)',
      [after.id, [...gained, ...lost], [...gained.map(() => true), ...lost.map(() => false)]],
    );
  }
  if (isLead(after) && after.providerId !== null && !(isLead(before) && before.providerId === after.providerId)) {
    await tx.query(
      `UPDATE conflicts k SET txid = pg_current_xact_id() FROM cases c
       WHERE c.id = k.case_id AND c.organisation_id = $1 AND c.provider_id = $2 AND k.resolved_at IS NULL`,
      [after.organisationId, after.providerId],
    );
  }
  return { gained, lost };
}

/** The roles a worker held before each change of role, and until when. */
export async function pastRoles(db: Queryable, workerId: string): Promise<PastRole[]> {
  const rows = await db.query<{ from_role: string; changed_at: Date }>('SELECT from_role, changed_at FROM role_changes WHERE worker_id = $1', [workerId]);
  return rows.map((r) => ({ role: r.from_role, until: new Date(r.changed_at) }));
}
