import { fileURLToPath } from 'node:url';
import Postgrator from 'postgrator';
import type { Database } from './database.js';
import { chainUnhashedEvents } from './history.js';

const MIGRATIONS = fileURLToPath(new URL('./migrations/*.sql', import.meta.url));
/** Any fixed number: held while migrating, so two servers starting at once do not both migrate. */
const MIGRATION_LOCK = 0x63617365;

export interface MigrationResult {
  from: number;
  to: number;
  applied: string[];
}

/**
 * Brings the schema to the newest version with postgrator (forward-only: there are no undo
 * scripts). Each migration runs in a transaction; an advisory lock serialises servers that start
 * together on one PostgreSQL.
 */
export function migrate(db: Database, target = 'max'): Promise<MigrationResult> {
  return db.session(async (conn) => {
    const postgrator = new Postgrator({
      migrationPattern: MIGRATIONS,
      driver: 'pg',
      schemaTable: 'casepath_schema_version',
      validateChecksums: true,
      execQuery: async (query) => ({ rows: await conn.query(query) }),
      execSqlScript: (script) => conn.exec(`BEGIN;\n${script}\nCOMMIT;`),
    });
    await conn.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const from = await postgrator.getDatabaseVersion();
      const applied = await postgrator.migrate(target);
      if (await postgrator.getDatabaseVersion() >= 1) await renumberRestoredTransactions(conn);
      if (await postgrator.getDatabaseVersion() >= 4) await chainUnhashedEvents(conn);
      return { from, to: await postgrator.getDatabaseVersion(), applied: applied.map((m) => m.filename) };
    } finally {
      await conn.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  });
}

/** The schema version of a database, and the newest this server knows. */
export async function schemaStatus(db: Database): Promise<{ current: number; newest: number }> {
  const postgrator = new Postgrator({
    migrationPattern: MIGRATIONS,
    driver: 'pg',
    schemaTable: 'casepath_schema_version',
    execQuery: async (query) => ({ rows: await db.query(query) }),
  });
  return { current: await postgrator.getDatabaseVersion(), newest: await postgrator.getMaxVersion() };
}

/**
 * Rows restored from a dump into a new cluster keep the transaction ids of the old one, which
 * may be ahead of the new cluster's counter; pulls read only rows below the oldest running
 * transaction, so such rows would stay hidden. They are given the current transaction's id (one
 * transaction, so they stay together and in case/seq order). Nothing to do on a normal start.
 */
async function renumberRestoredTransactions(conn: { query: Database['query'] }): Promise<void> {
  for (const table of ['events', 'access_changes', 'conflicts']) {
    await conn.query(`UPDATE ${table} SET txid = pg_current_xact_id() WHERE txid >= pg_current_xact_id()`);
  }
}
