// One process at a time on an embedded database: two on one folder (the server started twice, a
// backup taken while it runs) would overwrite each other's writes, so the second is refused with
// who holds it; a lock left by a process that has ended is taken over.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config.js';
import { openPglite } from '../src/db/database.js';

const bin = fileURLToPath(new URL('../src/bin/casepath-server.ts', import.meta.url));
const cli = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ['--conditions=@casepath/source', '--import', 'tsx', bin, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });

const folder = () => join(mkdtempSync(join(tmpdir(), 'casepath-lock-')), 'db');

describe('an embedded database', () => {
  it('is opened by one process at a time: a command run while the server holds it is refused, saying which process; it runs once the server stopped', async () => {
    const dataDir = folder();
    const db = await openPglite(dataDir);
    expect(readFileSync(`${dataDir}.lock`, 'utf8')).toBe(`${process.pid}\n`);
    try {
      const backup = cli(['backup', '--out', join(dataDir, '..', 'backup.tar.gz')], { CASEPATH_DATA_DIR: dataDir });
      expect(backup.status).toBe(2);
      expect(backup.stderr.trim()).toBe(
        `The embedded database in ${dataDir} is open in another process (${process.pid}), a Casepath server or command: one process at a time may use it. ` +
          `Stop that one first (if no Casepath process runs, ${process.pid} is another program's: remove ${dataDir}.lock). To run several server processes, use PostgreSQL (DATABASE_URL).`,
      );
      // Opened twice in one process is refused too.
      await expect(openPglite(dataDir)).rejects.toThrow(`The embedded database in ${dataDir} is open in this process already: close it before opening it again.`);
      await db.query('CREATE TABLE kept (what text)');
      await db.query(`INSERT INTO kept VALUES ('written while the backup was refused')`);
    } finally {
      await db.close();
    }
    expect(existsSync(`${dataDir}.lock`), 'released on close').toBe(false);
    const backup = cli(['backup', '--out', join(dataDir, '..', 'backup.tar.gz')], { CASEPATH_DATA_DIR: dataDir });
    expect(backup.stderr).toBe('');
    expect(backup.status).toBe(0);
    const again = await openPglite(dataDir);
    try {
      expect(await again.query('SELECT what FROM kept')).toEqual([{ what: 'written while the backup was refused' }]);
    } finally {
      await again.close();
    }
  });

  it('takes over a lock left by a process that has ended (killed, or the machine restarted)', async () => {
    const dataDir = folder();
    const ended = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(`${dataDir}.lock`, `${ended}\n`);
    const db = await openPglite(dataDir);
    try {
      expect(readFileSync(`${dataDir}.lock`, 'utf8')).toBe(`${process.pid}\n`);
    } finally {
      await db.close();
    }
  });

  it('a lock that names no process is taken over; an error is a ConfigError', async () => {
    const dataDir = folder();
    writeFileSync(`${dataDir}.lock`, 'not a pid\n');
    const db = await openPglite(dataDir);
    const second = await openPglite(dataDir).catch((e: unknown) => e);
    await db.close();
    expect(second).toBeInstanceOf(ConfigError);
  });
});
