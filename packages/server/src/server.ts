import { serve, type ServerType } from '@hono/node-server';
import { pino, type Logger } from 'pino';
import { ConfigError, type ServerConfig } from './config.js';
import { connectPostgres, openPglite, type Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import { createApp } from './http/app.js';
import { ChangeFeed } from './http/change-feed.js';
import { readCommitMark } from './db/commit-mark.js';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { SecretBox, newSecretKey } from './domain/secret-box.js';
import { sealStoredSecrets } from './db/accounts.js';
import { eraseExpiredFirstContacts } from './db/intake.js';
import { CaseKeys } from './db/case-keys.js';
import { FileKeyStore } from './db/key-store-files.js';
import { SqlKeyStore } from './db/key-store-sql.js';
import { prepareCaseKeys } from './db/case-sealing.js';

/**
 * The key that seals secrets stored in the database: from the environment, or from its file
 * (made on first start, readable by the server's user only), or none (PostgreSQL without one).
 */
export function secretBoxFor(config: ServerConfig): SecretBox | null {
  if (config.secretKey) return new SecretBox(config.secretKey);
  if (!config.secretKeyFile) return null;
  if (!existsSync(config.secretKeyFile)) writeFileSync(config.secretKeyFile, `${newSecretKey()}\n`, { mode: 0o600, flag: 'wx' });
  const key = Buffer.from(readFileSync(config.secretKeyFile, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${config.secretKeyFile} does not hold a 32-byte key in base64`);
  return new SecretBox(key);
}

/** The per-case key store the configuration names (see {@link ServerConfig.caseKeys}). */
export async function openCaseKeys(config: ServerConfig, db: Database): Promise<CaseKeys> {
  const where = config.caseKeys;
  if (where.kind === 'folder') return new CaseKeys(new FileKeyStore(where.dir));
  if (where.kind === 'postgres') return new CaseKeys(await SqlKeyStore.open(await connectPostgres(where.url, 'CASEPATH_CASE_KEYS_DATABASE_URL', 4), 'CASEPATH_CASE_KEYS_DATABASE_URL', true));
  return new CaseKeys(await SqlKeyStore.open(db, 'the schema casepath_keys of DATABASE_URL', false));
}

export interface RunningServer {
  url: string;
  port: number;
  db: Database;
  keys: CaseKeys;
  logger: Logger;
  /** Stops taking requests, ends long polls, waits for requests in flight (also those whose client has gone), closes the database. */
  close(): Promise<void>;
}

/** Listens on the configured address; one that cannot be taken is a {@link ConfigError} saying why. */
function listen(fetch: (request: Request) => Response | Promise<Response>, config: ServerConfig): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => {
      const where = `${config.host}:${config.port}`;
      const why: Record<string, string> = {
        EADDRINUSE: `port ${config.port} on ${config.host} is taken by another program (another Casepath server?): stop it, or set CASEPATH_PORT to a free port (for example CASEPATH_PORT=${config.port + 1})`,
        EACCES: `this user may not listen on port ${config.port} (ports below 1024 need more rights): set CASEPATH_PORT to 1024 or above, and put a proxy in front for port 80 or 443`,
        EADDRNOTAVAIL: `${config.host} is not an address of this machine: check CASEPATH_HOST`,
      };
      reject(new ConfigError(`Cannot listen on ${where}: ${why[error.code ?? ''] ?? error.message}.`));
    };
    const s = serve({ fetch, port: config.port, hostname: config.host }, () => {
      s.off('error', failed);
      resolve(s);
    });
    s.once('error', failed);
  });
}

export async function openDatabase(config: ServerConfig): Promise<Database> {
  return config.database.kind === 'postgres' ? connectPostgres(config.database.url, 'DATABASE_URL') : openPglite(config.database.dataDir);
}

/**
 * Starts a Casepath server: opens the database (PostgreSQL, or embedded PGlite), migrates it,
 * and listens. Stateless apart from the database, so several can run behind a load balancer.
 */
export interface StartOptions {
  db?: Database;
  logger?: Logger;
  /**
   * Runs on the migrated database with its case keys before the server listens (the demo's data):
   * no request, `/health` included, is answered before it is done. Its failure stops the start.
   */
  beforeListening?: (db: Database, keys: CaseKeys) => Promise<void>;
}

export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? pino({ level: config.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization'] });
  const db = options.db ?? (await openDatabase(config));
  const migrated = await migrate(db);
  if (migrated.applied.length) logger.info({ from: migrated.from, to: migrated.to, applied: migrated.applied }, 'database migrated');
  const keys = await openCaseKeys(config, db);
  try {
    // A database restored from a backup made before an erasure: erased again before anyone reads it.
    const { erasedAgain, sealed } = await prepareCaseKeys(db, keys);
    if (erasedAgain.length) logger.warn({ cases: erasedAgain.length }, 'cases erased after the backup this database was restored from are erased again');
    if (sealed) logger.info({ cases: sealed }, 'cases stored in plain are now sealed with their own keys');
    await options.beforeListening?.(db, keys);
  } catch (error) {
    await keys.close();
    if (!options.db) await db.close();
    throw error;
  }
  if (config.caseKeys.kind === 'same-database') {
    logger.warn('the case keys are in the schema casepath_keys of the cases\' own database: leave it out of its backups (pg_dump --exclude-schema=casepath_keys) and back it up apart, or set CASEPATH_CASE_KEYS_DATABASE_URL; otherwise an erased case stays readable in backups');
  }
  // Embedded PGlite runs without autovacuum, so nothing refreshes the planner's statistics: a
  // pull over a large caseload then picks a plan thousands of times slower. Analyze at start
  // and every ten minutes (PostgreSQL's autovacuum does this itself).
  let analyzer: ReturnType<typeof setInterval> | null = null;
  if (db.kind === 'pglite') {
    await db.exec('ANALYZE');
    analyzer = setInterval(() => void db.exec('ANALYZE').catch((error: unknown) => logger.warn({ err: error }, 'ANALYZE failed')), 10 * 60_000);
    analyzer.unref();
  }
  // Requests for help are kept CASEPATH_INTAKE_KEEP_DAYS days: erased at start and every hour.
  const eraseExpired = async () => {
    const erased = await eraseExpiredFirstContacts(db, config.intakeKeepDays);
    if (erased) logger.info({ erased, keepDays: config.intakeKeepDays }, 'requests for help kept their full time erased');
  };
  await eraseExpired();
  const retention = setInterval(() => void eraseExpired().catch((error: unknown) => logger.warn({ err: error }, 'erasing old requests for help failed')), 60 * 60_000);
  retention.unref();
  const secrets = secretBoxFor(config);
  if (secrets) {
    const sealed = await sealStoredSecrets(db, secrets);
    if (sealed) logger.info({ sealed }, 'second-factor secrets stored in plain are now sealed');
  } else {
    logger.warn('no CASEPATH_SECRET_KEY: second factors cannot be set up until the server has one (casepath-server secret-key makes one)');
  }
  const changes = new ChangeFeed(() => readCommitMark(db));
  const app = createApp({ db, config, logger, changes, secrets, keys });
  // Requests being answered. A handler goes on after its client has gone (a long poll whose
  // device closed), when the server no longer counts its connection: closing waits for these
  // too before the database closes under them.
  const answering = new Set<Promise<Response>>();
  const answer: typeof app.fetch = (...request) => {
    const answered = Promise.resolve(app.fetch(...request));
    answering.add(answered);
    const done = () => void answering.delete(answered);
    answered.then(done, done);
    return answered;
  };
  let server: ServerType;
  try {
    server = await listen(answer, config);
  } catch (error) {
    if (analyzer) clearInterval(analyzer);
    clearInterval(retention);
    await changes.close();
    await keys.close();
    if (!options.db) await db.close();
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  logger.info({ url, database: db.kind }, 'casepath server listening');
  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    db,
    keys,
    logger,
    close() {
      closing ??= (async () => {
        if (analyzer) clearInterval(analyzer);
        clearInterval(retention);
        // Every long poll answers now; the database closes once a read of its commit mark is done.
        const feedClosed = changes.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          if ('closeIdleConnections' in server) server.closeIdleConnections();
        });
        await Promise.allSettled([...answering]);
        await feedClosed;
        await db.close();
        await keys.close();
        logger.info('casepath server stopped');
      })();
      return closing;
    },
  };
}
