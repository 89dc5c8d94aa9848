import { randomBytes } from 'node:crypto';
import type { Queryable } from './database.js';

/**
 * What a pull cursor names the database by: PostgreSQL's system identifier (a new cluster is
 * another), and, once the database was restored from a backup, that restore's id. A cursor that
 * names another is from before a restore, and the pull starts over.
 */
export const DATABASE_IDENTITY_SQL = `(SELECT system_identifier::text FROM pg_control_system()) || coalesce((SELECT '.' || id FROM database_incarnation), '')`;

/**
 * Marks the database as restored from a backup: a new identity, so devices that synced with it
 * before start over and send again what it lost. Run by `casepath-server restore`, and by
 * `casepath-server restored` after pg_restore.
 */
export async function markRestored(db: Queryable): Promise<string> {
  const id = randomBytes(8).toString('hex');
  await db.query('INSERT INTO database_incarnation (id) VALUES ($1) ON CONFLICT (only_row) DO UPDATE SET id = EXCLUDED.id, restored_at = now()', [id]);
  return id;
}
