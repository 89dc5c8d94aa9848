import { CASE_KEY_BYTES, newCaseKey, type KeyStore } from './case-keys.js';
import type { Database } from './database.js';

/** Any fixed number: held while the key store's tables are made, so two servers do not race. */
const SCHEMA_LOCK = 0x6b657973;

/**
 * The case keys of servers on PostgreSQL: in their own database (CASEPATH_CASE_KEYS_DATABASE_URL),
 * or in the schema `casepath_keys` of the cases' database, which its backups must then leave out
 * (`pg_dump --exclude-schema=casepath_keys`) for erasure to reach them.
 */
export class SqlKeyStore implements KeyStore {
  private constructor(
    private readonly db: Database,
    readonly where: string,
    private readonly ownsDatabase: boolean,
  ) {}

  static async open(db: Database, where: string, ownsDatabase: boolean): Promise<SqlKeyStore> {
    await db.session(async (conn) => {
      await conn.query('SELECT pg_advisory_lock($1)', [SCHEMA_LOCK]);
      try {
        await conn.exec(`
          CREATE SCHEMA IF NOT EXISTS casepath_keys;
          CREATE TABLE IF NOT EXISTS casepath_keys.case_keys (case_id text PRIMARY KEY, key bytea NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
          CREATE TABLE IF NOT EXISTS casepath_keys.erased (case_id text PRIMARY KEY, erased_at timestamptz NOT NULL DEFAULT now());`);
      } finally {
        await conn.query('SELECT pg_advisory_unlock($1)', [SCHEMA_LOCK]);
      }
    });
    return new SqlKeyStore(db, where, ownsDatabase);
  }

  async read(caseIds: readonly string[]): Promise<Map<string, Uint8Array>> {
    const rows = await this.db.query<{ case_id: string; key: Uint8Array }>('SELECT case_id, key FROM casepath_keys.case_keys WHERE case_id = ANY($1::text[])', [caseIds]);
    return new Map(rows.map((r) => [r.case_id, this.#checked(r.case_id, r.key)]));
  }

  async create(caseIds: readonly string[]): Promise<Map<string, Uint8Array>> {
    const keys = caseIds.map(() => Buffer.from(newCaseKey()));
    // One statement: a new key only where none is held and the case was never erased; then every key held.
    await this.db.query(
      `INSERT INTO casepath_keys.case_keys (case_id, key)
       SELECT n.case_id, n.key FROM unnest($1::text[], $2::bytea[]) AS n(case_id, key)
       WHERE NOT EXISTS (SELECT 1 FROM casepath_keys.erased e WHERE e.case_id = n.case_id)
       ON CONFLICT (case_id) DO NOTHING`,
      [caseIds, keys],
    );
    return this.read(caseIds);
  }

  async destroy(caseIds: readonly string[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('INSERT INTO casepath_keys.erased (case_id) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING', [caseIds]);
      await tx.query('DELETE FROM casepath_keys.case_keys WHERE case_id = ANY($1::text[])', [caseIds]);
    });
  }

  async erased(caseIds: readonly string[]): Promise<Set<string>> {
    const rows = await this.db.query<{ case_id: string }>('SELECT case_id FROM casepath_keys.erased WHERE case_id = ANY($1::text[])', [caseIds]);
    return new Set(rows.map((r) => r.case_id));
  }

  async allErased(): Promise<string[]> {
    return (await this.db.query<{ case_id: string }>('SELECT case_id FROM casepath_keys.erased ORDER BY case_id')).map((r) => r.case_id);
  }

  async close(): Promise<void> {
    if (this.ownsDatabase) await this.db.close();
  }

  #checked(caseId: string, key: Uint8Array): Uint8Array {
    if (key.length !== CASE_KEY_BYTES) throw new Error(`the key of case ${caseId} in ${this.where} is not ${CASE_KEY_BYTES} bytes: the case key store was changed by hand`);
    return new Uint8Array(key);
  }
}
