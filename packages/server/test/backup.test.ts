// Backup and restore as docs/server.md tells an NGO to do them: the embedded database with
// `casepath-server backup` / `restore` (server stopped), PostgreSQL with pg_dump / pg_restore.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtInTemplates, newEventId, type CaseEvent } from '@casepath/core';
import { openPglite, openPostgres } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { freshPostgresDatabase, PASSWORD, postgresUrl, seedOrganisation } from './helpers.js';
import { HttpClient, startServerProcess } from './server-process.js';

const euse = builtInTemplates['euse-supported-employment'];
const bin = fileURLToPath(new URL('../src/bin/casepath-server.ts', import.meta.url));
const cli = (args: string[], env: Record<string, string>) =>
  execFileSync(process.execPath, ['--conditions=@casepath/source', '--import', 'tsx', bin, ...args], { env: { ...process.env, ...env }, stdio: 'pipe' }).toString();

async function recordSomething(base: string): Promise<{ client: HttpClient; ids: string[] }> {
  const client = new HttpClient(base);
  expect((await client.request('POST', '/api/auth/sign-in', { email: 'ewa@example.org', password: PASSWORD })).status).toBe(200);
  const events = [0, 1].map((seq) => ({
    event: { schemaVersion: 1, id: newEventId(), caseId: 'b1', seq, at: '2026-03-02T09:00:00.000Z', actor: { id: 'ewa', role: 'coordinator' }, ...(seq === 0 ? { type: 'case.open', payload: { templateId: euse.id, templateVersion: 1, providerId: 'warsaw' } } : { type: 'consent.grant', payload: { purpose: 'service' } }) },
    knownSeq: -1,
  }));
  const r = await client.request('POST', '/api/sync/push', { deviceId: 'device-backup', events });
  expect(r.body.results.map((x: { status: string }) => x.status)).toEqual(['accepted', 'accepted']);
  return { client, ids: events.map((e) => e.event.id) };
}

async function pulledIds(client: HttpClient, cursor = ''): Promise<{ ids: string[]; reset: boolean; cursor: string }> {
  const r = await client.request('GET', `/api/sync/pull${cursor ? `?cursor=${cursor}` : ''}`);
  return { ids: r.body.events.map((e: CaseEvent) => e.id), reset: r.body.reset, cursor: r.body.cursor };
}

describe('backup and restore', () => {
  it('embedded: backup of a stopped server, restore into an empty folder, everything is there; a device’s cursor from before starts over', async () => {
    const root = mkdtempSync(join(tmpdir(), 'casepath-backup-'));
    try {
      const dataDir = join(root, 'data');
      const seed = await openPglite(dataDir);
      await migrate(seed);
      await seedOrganisation(seed);
      await seed.close();
      const first = await startServerProcess({ CASEPATH_DATA_DIR: dataDir });
      const { client: device, ids } = await recordSomething(first.url);
      const before = await pulledIds(device);
      expect(before).toMatchObject({ ids, reset: false });
      expect(await first.stop('SIGTERM')).toBe(0); // graceful shutdown exits cleanly
      const file = join(root, 'backup.tar.gz');
      expect(cli(['backup', '--out', file], { CASEPATH_DATA_DIR: dataDir })).toContain('backed up');
      const restoredDir = join(root, 'restored');
      expect(cli(['restore', '--from', file], { CASEPATH_DATA_DIR: restoredDir })).toContain('marked as restored');
      // Restoring over a database that exists is refused: nothing is overwritten.
      expect(() => cli(['restore', '--from', file], { CASEPATH_DATA_DIR: dataDir })).toThrow(/is not empty/);
      // The case keys are not in the backup: without them the copy does not start, and nothing is changed.
      await expect(startServerProcess({ CASEPATH_DATA_DIR: restoredDir })).rejects.toThrow(/have no key in the case key store .*restored\.case-keys.*nothing was changed/s);
      const second = await startServerProcess({ CASEPATH_DATA_DIR: restoredDir, CASEPATH_CASE_KEYS_DIR: `${dataDir}.case-keys` });
      const client = new HttpClient(second.url);
      expect((await client.request('POST', '/api/auth/sign-in', { email: 'ewa@example.org', password: PASSWORD })).status).toBe(200);
      expect((await pulledIds(client)).ids).toEqual(ids);
      // A device that synced before: told to start over (it then sends again what it recorded).
      expect(await pulledIds(client, before.cursor)).toMatchObject({ ids, reset: true });
      await second.stop();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it.skipIf(!postgresUrl())('PostgreSQL: pg_dump, pg_restore into a new database, marked restored; a device’s old cursor starts over and nothing is missed', async () => {
    const name = await freshPostgresDatabase();
    const url = `${postgresUrl()}/${name}`;
    // The case keys in a database of their own, which the cases' dumps do not hold.
    const keys = { CASEPATH_CASE_KEYS_DATABASE_URL: `${postgresUrl()}/${await freshPostgresDatabase()}` };
    const db = openPostgres(url, 1);
    await seedOrganisation(db);
    await db.close();
    const server = await startServerProcess({ DATABASE_URL: url, ...keys });
    const { client, ids } = await recordSomething(server.url);
    const before = await pulledIds(client);
    expect(before.ids).toEqual(ids);
    await server.stop();
    const pgBin = execFileSync('bash', ['-c', 'ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1']).toString().trim();
    const root = mkdtempSync(join(tmpdir(), 'casepath-pgdump-'));
    try {
      const file = join(root, 'casepath.dump');
      execFileSync(join(pgBin, 'pg_dump'), ['--format=custom', `--file=${file}`, url]);
      const restoredName = `r_${name}`;
      const admin = openPostgres(`${postgresUrl()}/postgres`, 1);
      await admin.query(`CREATE DATABASE ${restoredName}`);
      await admin.close();
      execFileSync(join(pgBin, 'pg_restore'), ['--no-owner', `--dbname=${postgresUrl()}/${restoredName}`, file]);
      const restoredUrl = `${postgresUrl()}/${restoredName}`;
      expect(cli(['restored'], { DATABASE_URL: restoredUrl, ...keys })).toContain('marked as restored');
      const restored = await startServerProcess({ DATABASE_URL: restoredUrl, ...keys });
      const again = new HttpClient(restored.url);
      again.cookie = client.cookie; // sessions are in the database: the same sign-in still works
      // Restored into the same cluster (its identity and transaction count go on): marked restored,
      // a device's cursor from before starts over, and nothing is missed.
      expect(await pulledIds(again, before.cursor)).toMatchObject({ ids, reset: true });
      await restored.stop();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
