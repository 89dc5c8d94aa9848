// What an administrator sees when the environment is wrong: each variable named with its rule and
// the value given (never a secret's), and a database that cannot be reached said in words at
// start, not as a stack trace.
import { describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, configFromEnv } from '../src/config.js';
import { connectPostgres } from '../src/db/database.js';
import { openDatabase } from '../src/server.js';
import { postgresUrl } from './helpers.js';
import { startServerProcess } from './server-process.js';

const problems = (env: Record<string, string>) => {
  try {
    configFromEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the configuration was taken');
};

/** A loopback port nothing listens on. */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

describe('the server’s configuration', () => {
  it('names each wrong variable, its rule and the value given', () => {
    expect(problems({ CASEPATH_PORT: 'eighty', CASEPATH_SESSION_HOURS: '0', CASEPATH_INTAKE_DIFFICULTY: '2.5' })).toBe(
      [
        "The server's configuration is not valid:",
        '- CASEPATH_PORT: must be a whole number from 0 to 65535 (it is "eighty")',
        '- CASEPATH_INTAKE_DIFFICULTY: must be a whole number from 0 to 24 (it is "2.5")',
        '- CASEPATH_SESSION_HOURS: must be a number of hours, more than 0 and at most 720 (it is "0")',
      ].join('\n'),
    );
    expect(configFromEnv({ CASEPATH_PORT: '8080', CASEPATH_SESSION_HOURS: '1.5' })).toMatchObject({ port: 8080, sessionHours: 1.5 });
  });

  it('never repeats a secret’s value', () => {
    const said = problems({ DATABASE_URL: 'mysql://casepath:s3cret-pw@db.example/casepath', CASEPATH_SECRET_KEY: 'dG9vIHNob3J0LXMzY3JldA==' });
    expect(said).toContain('- DATABASE_URL: must start with postgres:// or postgresql://');
    expect(said).toContain('- CASEPATH_SECRET_KEY: must be 32 bytes in base64');
    expect(said).not.toMatch(/s3cret|dG9v/);
  });
});

describe('a PostgreSQL that cannot be reached', () => {
  it('is said with where (without the password) and why, as a configuration error', async () => {
    const port = await closedPort();
    const url = `postgresql://casepath:s3cret-pw@127.0.0.1:${port}/casepath`;
    const error = await openDatabase(configFromEnv({ DATABASE_URL: url })).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(`Cannot connect to PostgreSQL at casepath@127.0.0.1:${port}/casepath (DATABASE_URL): nothing answers at that address (is PostgreSQL running, on that port?).`);
  });

  it.skipIf(!postgresUrl())('a database that does not exist is said so', async () => {
    const url = `${postgresUrl()}/no_such_database`;
    await expect(connectPostgres(url, 'DATABASE_URL', 1)).rejects.toThrow(/^Cannot connect to PostgreSQL at casepath@127\.0\.0\.1:\d+\/no_such_database \(DATABASE_URL\): that database does not exist; create it first \(createdb\)\.$/);
  });

  it('stops casepath-server at start with that sentence alone, and exit code 2', async () => {
    const port = await closedPort();
    const started = startServerProcess({ DATABASE_URL: `postgresql://casepath:s3cret-pw@127.0.0.1:${port}/casepath` });
    const error = await started.then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toContain('exited (2)');
    expect(error?.message).toContain(`Cannot connect to PostgreSQL at casepath@127.0.0.1:${port}/casepath (DATABASE_URL): nothing answers at that address`);
    expect(error?.message).not.toMatch(/s3cret|\n {4}at /);
  });
});

describe('an address the server cannot listen on', () => {
  it('a port another program holds (a second `pnpm start`) is said with what to do, exit code 2', async () => {
    const other = createServer();
    const port = await new Promise<number>((resolve) => other.listen(0, '127.0.0.1', () => resolve((other.address() as { port: number }).port)));
    try {
      const dataDir = join(mkdtempSync(join(tmpdir(), 'casepath-port-')), 'db');
      const error = await startServerProcess({ CASEPATH_PORT: String(port), CASEPATH_DATA_DIR: dataDir }).then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(error?.message).toContain('exited (2)');
      expect(error?.message).toContain(`Cannot listen on 127.0.0.1:${port}: port ${port} on 127.0.0.1 is taken by another program (another Casepath server?): stop it, or set CASEPATH_PORT to a free port (for example CASEPATH_PORT=${port + 1}).`);
      expect(error?.message).not.toMatch(/\n {4}at /);
    } finally {
      other.close();
    }
  });
});
