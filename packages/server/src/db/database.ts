import { PGlite, type Transaction } from '@electric-sql/pglite';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { ConfigError } from '../config.js';

/** Runs SQL with parameters and returns the rows. */
export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

/**
 * The server's database: a real PostgreSQL (`pg` pool) or an embedded PGlite. Both speak the
 * same SQL and run the same migrations; callers see only this interface.
 */
export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs `fn`'s reads in one snapshot of the database (a read-only transaction, REPEATABLE READ):
   * every query sees the same committed rows, whatever commits meanwhile.
   */
  snapshot<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs a script of several statements, without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` on one connection (for session-level advisory locks). */
  session<T>(fn: (conn: Queryable & { exec(sql: string): Promise<void> }) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** PostgreSQL error codes after which a transaction can simply be tried again. */
const RETRYABLE = new Set(['40001', '40P01']);

/** Why a connection to PostgreSQL failed, in words an administrator acts on. */
function connectionProblem(error: unknown): string {
  const e = error as { code?: string; message?: string };
  switch (e.code) {
    case 'ECONNREFUSED':
      return 'nothing answers at that address (is PostgreSQL running, on that port?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'there is no such host';
    case 'ETIMEDOUT':
      return 'the connection timed out (a firewall, or the wrong host?)';
    case '28P01':
      return 'the password is not right for that user';
    case '28000':
      return 'that user may not connect (pg_hba.conf)';
    case '3D000':
      return 'that database does not exist; create it first (createdb)';
    default:
      return e.message ?? String(error);
  }
}

/** Where a connection string points, without its password: user@host:port/database. */
function connectionTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.username ? `${decodeURIComponent(u.username)}@` : ''}${u.host || 'the local socket'}${u.pathname}`;
  } catch {
    return 'an address that is not a URL';
  }
}

/**
 * Opens a PostgreSQL pool and connects once, so that a wrong address, user or password stops the
 * server at start with what is wrong (a {@link ConfigError} naming `variable`), not later.
 */
export async function connectPostgres(url: string, variable: string, poolSize = 10): Promise<Database> {
  const db = openPostgres(url, poolSize);
  try {
    await db.query('SELECT 1');
  } catch (error) {
    await db.close().catch(() => undefined);
    throw new ConfigError(`Cannot connect to PostgreSQL at ${connectionTarget(url)} (${variable}): ${connectionProblem(error)}.`);
  }
  return db;
}

export function openPostgres(url: string, poolSize = 10): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => undefined);
  const run = async <R>(client: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]) => (await client.query(sql, params as unknown[])).rows as R[];
  /** `fn` in one transaction begun with `begin` on a connection of its own: committed, or rolled back when it throws. */
  const inTransaction = async <T>(begin: string, fn: (tx: Queryable) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query(begin);
      const result = await fn({ query: (sql, params) => run(client, sql, params) });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
  return {
    kind: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    async transaction(fn) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await inTransaction('BEGIN', fn);
        } catch (error) {
          if (attempt < 5 && RETRYABLE.has((error as { code?: string }).code ?? '')) continue;
          throw error;
        }
      }
    },
    snapshot: (fn) => inTransaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', fn),
    async exec(sql) {
      await pool.query(sql);
    },
    async session(fn) {
      const client = await pool.connect();
      try {
        return await fn({ query: (sql, params) => run(client, sql, params), exec: async (sql) => void (await client.query(sql)) });
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** The embedded databases this process holds, by lock file. */
const heldHere = new Set<string>();

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One process at a time on an embedded database: PGlite keeps the database's pages in its
 * process's memory, so two processes on one folder (the server started twice, or a backup taken
 * while it runs) overwrite each other's writes. `<dataDir>.lock` names the process that holds it;
 * one left by a process that has ended (killed, the machine restarted) is taken over. Returns
 * what releases it.
 */
function lockDataDir(dataDir: string): () => void {
  const folder = resolve(dataDir);
  const file = `${folder}.lock`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      heldHere.add(file);
      return () => {
        if (heldHere.delete(file)) rmSync(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(readFileSync(file, 'utf8'), 10);
    if (heldHere.has(file)) throw new ConfigError(`The embedded database in ${folder} is open in this process already: close it before opening it again.`);
    if (holder !== process.pid && Number.isInteger(holder) && holder > 0 && processRuns(holder)) {
      throw new ConfigError(
        `The embedded database in ${folder} is open in another process (${holder}), a Casepath server or command: one process at a time may use it. ` +
          `Stop that one first (if no Casepath process runs, ${holder} is another program's: remove ${file}). To run several server processes, use PostgreSQL (DATABASE_URL).`,
      );
    }
    rmSync(file, { force: true }); // left by a process that has ended
  }
  throw new ConfigError(`Could not take ${file}: other processes keep taking it; stop them and try again.`);
}

export async function openPglite(dataDir: string | undefined, options: { loadDataDir?: Blob } = {}): Promise<Database & { pglite: PGlite }> {
  const release = dataDir ? lockDataDir(dataDir) : () => undefined;
  let db: PGlite;
  try {
    db = await PGlite.create({ ...(dataDir ? { dataDir } : {}), ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}) });
  } catch (error) {
    release();
    throw error;
  }
  const query = async <R>(sql: string, params?: readonly unknown[]) => (await db.query<R>(sql, params as unknown[])).rows;
  const exec = async (sql: string) => void (await db.exec(sql));
  /** A PGlite transaction as this module's `Queryable`: its rows. */
  const rowsOf = (tx: Transaction): Queryable => ({ query: async <R>(sql: string, params?: readonly unknown[]) => (await tx.query<R>(sql, params as unknown[])).rows });
  return {
    kind: 'pglite',
    pglite: db,
    query,
    transaction: (fn) => db.transaction((tx) => fn(rowsOf(tx))),
    // One connection: a transaction holds it, so nothing else commits while it reads.
    snapshot: (fn) =>
      db.transaction(async (tx) => {
        await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
        return fn(rowsOf(tx));
      }),
    exec,
    session: (fn) => fn({ query, exec }),
    close: async () => {
      try {
        await db.close();
      } finally {
        release();
      }
    },
  };
}
