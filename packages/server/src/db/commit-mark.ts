import type { Queryable } from './database.js';

/**
 * What the database has committed, as text: PostgreSQL's current snapshot (its oldest running
 * transaction, the next transaction id, and those running). Any transaction that wrote changes it
 * when it ends, and nothing else does: reads take no transaction id. Two equal marks mean nothing
 * was committed between them, whichever process committed it, so a long poll that found nothing
 * to send reads this instead of its whole page again until the mark moves.
 */
export const COMMIT_MARK_SQL = 'pg_current_snapshot()::text';

/** The statement {@link readCommitMark} sends (tests and the benchmark count it). */
export const READ_COMMIT_MARK = `SELECT ${COMMIT_MARK_SQL} AS mark`;

export async function readCommitMark(db: Queryable): Promise<string> {
  const [row] = await db.query<{ mark: string }>(READ_COMMIT_MARK);
  return row!.mark;
}
