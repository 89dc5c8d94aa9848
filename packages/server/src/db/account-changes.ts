import type { Queryable } from './database.js';

/**
 * What can be done to a staff account, besides a new role or provider (kept in `role_changes`
 * and `provider_moves`, and listed with these).
 */
export type AccountChangeKind = 'created' | 'turned-off' | 'turned-on' | 'password-changed' | 'password-set' | 'second-factor-on' | 'second-factor-removed' | 'locked';

/** Who did it: a worker's id, or one of these labels (each has a space, which no worker's id has). */
export const BY_COMMAND_LINE = 'server command line';
export const BY_DEMO_DATA = 'demo data';
/** A lockout: made by wrong passwords or codes, whoever typed them. */
export const BY_FAILED_SIGN_INS = 'failed sign-ins';

/** Keeps one change of an account: call it in the transaction that makes the change. */
export async function recordAccountChange(db: Queryable, change: { organisationId: string; workerId: string; change: AccountChangeKind; by: string; detail?: Record<string, unknown> }): Promise<void> {
  await db.query('INSERT INTO account_changes (organisation_id, worker_id, change, detail, changed_by) VALUES ($1, $2, $3, $4, $5)', [
    change.organisationId,
    change.workerId,
    change.change,
    JSON.stringify(change.detail ?? {}),
    change.by,
  ]);
}

export interface AccountChange {
  at: string;
  workerId: string;
  change: AccountChangeKind | 'role' | 'provider';
  /** A worker's id, or one of the labels above. */
  by: string;
  /** `created`: `role` and `providerId`; `role` and `provider`: `from` and `to`; `locked`: `until` and `failedSignIns`. */
  [detail: string]: unknown;
}

/** An organisation's account changes (or one worker's), newest first, with its role changes and moves. */
export async function listAccountChanges(db: Queryable, organisationId: string, options: { workerId?: string; limit: number }): Promise<AccountChange[]> {
  const rows = await db.query<{ at: Date | string; worker_id: string; change: AccountChange['change']; detail: Record<string, unknown>; changed_by: string }>(
    `SELECT at, worker_id, change, detail, changed_by FROM (
       SELECT a.changed_at AS at, a.id AS n, a.worker_id, a.change, a.detail, a.changed_by
       FROM account_changes a WHERE a.organisation_id = $1
       UNION ALL
       SELECT r.changed_at, 0, r.worker_id, 'role', jsonb_build_object('from', r.from_role, 'to', r.to_role), r.changed_by
       FROM role_changes r JOIN workers w ON w.id = r.worker_id WHERE w.organisation_id = $1
       UNION ALL
       SELECT m.moved_at, 0, m.worker_id, 'provider', jsonb_build_object('from', m.from_provider, 'to', m.to_provider), m.moved_by
       FROM provider_moves m JOIN workers w ON w.id = m.worker_id WHERE w.organisation_id = $1
     ) changes
     WHERE $2::text IS NULL OR worker_id = $2
     ORDER BY at DESC, n DESC LIMIT $3`,
    [organisationId, options.workerId ?? null, options.limit],
  );
  return rows.map((r) => ({ ...r.detail, at: new Date(r.at).toISOString(), workerId: r.worker_id, change: r.change, by: r.changed_by }));
}
