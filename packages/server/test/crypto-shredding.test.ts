// Crypto-shredding, as an NGO meets it: a backup made while a case lived, the case erased at the
// person's request, and later that backup restored. The backup holds the case only sealed with
// its own key; erasure destroyed that key, so what the backup holds no longer opens, and the
// restored server erases the case again before anyone reads it.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtInTemplates, newEventId, type CaseEvent } from '@casepath/core';
import { openPglite } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { FileKeyStore } from '../src/db/key-store-files.js';
import { openPostgres } from '../src/db/database.js';
import { freshPostgresDatabase, PASSWORD, postgresUrl, seedOrganisation, testConfig } from './helpers.js';
import { startServer } from '../src/server.js';
import { HttpClient, startServerProcess } from './server-process.js';

const euse = builtInTemplates['euse-supported-employment'];
const bin = fileURLToPath(new URL('../src/bin/casepath-server.ts', import.meta.url));
const cli = (args: string[], env: Record<string, string>) =>
  execFileSync(process.execPath, ['--conditions=@casepath/source', '--import', 'tsx', bin, ...args], { env: { ...process.env, ...env }, stdio: 'pipe' }).toString();

const CASE = 'c-shred';
/** What the person told the service: none of it may be readable anywhere once the case is erased. */
const SECRETS = ['REF-SHRED-4711', 'bakery near the old river bridge'];

/** Every file under a folder, as one Latin-1 string (what `strings` or `grep -a` would see). */
function filesUnder(dir: string): string {
  let all = '';
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    all += statSync(path).isDirectory() ? filesUnder(path) : readFileSync(path).toString('latin1');
  }
  return all;
}

/** Opens the case with what the person told the service, as a coordinator's device pushes it. */
async function recordTheCase(base: string): Promise<void> {
  const ewa = await signIn(base, 'ewa');
  const at = '2026-03-02T09:00:00.000Z';
  const actor = { id: 'ewa', role: 'coordinator' };
  const events = [
    { type: 'case.open', payload: { templateId: euse.id, templateVersion: 1, providerId: 'warsaw', clientRef: SECRETS[0] } },
    { type: 'consent.grant', payload: { purpose: 'service' } },
    { type: 'goal.add', payload: { goalId: 'g1', title: `A job at the ${SECRETS[1]}`, domain: 'employment', ownerId: 'ewa', ownerRole: 'coordinator' } },
  ].map((e, seq) => ({ event: { schemaVersion: 1, id: newEventId(), caseId: CASE, seq, at, actor, ...e } as CaseEvent, knownSeq: -1 }));
  const pushed = await ewa.request('POST', '/api/sync/push', { deviceId: 'device-shred', events });
  expect(pushed.body.results.map((r: { status: string }) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
}

async function erase(base: string): Promise<void> {
  const sara = await signIn(base, 'sara');
  expect((await sara.request('POST', `/api/cases/${CASE}/erase`, { confirm: CASE })).status).toBe(200);
}

/** A server on a restored copy: the case is not there, and a device that pulls is told to erase it. */
async function expectErasedAgain(base: string): Promise<void> {
  const again = await signIn(base, 'ewa');
  expect((await again.request('GET', `/api/cases/${CASE}`)).status).toBe(404);
  const pulled = await again.request('GET', '/api/sync/pull');
  expect(pulled.body.events.filter((e: CaseEvent) => e.caseId === CASE)).toEqual([]);
  expect(pulled.body.erased).toContain(CASE);
}

/** What `casepath-server restore` does (backup.test.ts runs the command itself): the copy into an empty folder. */
async function restore(backup: string, dir: string): Promise<void> {
  const db = await openPglite(dir, { loadDataDir: new Blob([readFileSync(backup)]) });
  await migrate(db);
  await db.close();
}

async function signIn(base: string, who: 'ewa' | 'sara'): Promise<HttpClient> {
  const client = new HttpClient(base);
  expect((await client.request('POST', '/api/auth/sign-in', { email: `${who}@example.org`, password: PASSWORD })).status).toBe(200);
  return client;
}

describe('crypto-shredding', () => {
  it('a backup made before an erasure holds the case only sealed with a key that erasure destroyed; restored, the case is erased again', async () => {
    const root = mkdtempSync(join(tmpdir(), 'casepath-shred-'));
    try {
      const dataDir = join(root, 'data');
      const keysDir = `${dataDir}.case-keys`; // the default: beside the database, not inside it
      const seed = await openPglite(dataDir);
      await migrate(seed);
      await seedOrganisation(seed);
      await seed.close();

      // A case with what the person told the service.
      // The servers run in this process (the key store is the default beside each database unless given).
      const embedded = (dir: string, keys = `${dir}.case-keys`) => startServer({ ...testConfig, database: { kind: 'pglite', dataDir: dir }, caseKeys: { kind: 'folder', dir: keys } });
      let server = await embedded(dataDir);
      await recordTheCase(server.url);
      await server.close();

      // The database's files, its backup and the key store hold none of it in plain.
      const backup = join(root, 'before-erasure.tar.gz');
      expect(cli(['backup', '--out', backup], { CASEPATH_DATA_DIR: dataDir })).toMatch(/the case keys are not in it: back up .*data\.case-keys apart/);
      const backupBytes = gunzipSync(readFileSync(backup)).toString('latin1');
      for (const text of [filesUnder(dataDir), backupBytes, filesUnder(keysDir)]) for (const secret of SECRETS) expect(text).not.toContain(secret);
      // ...though the backup does hold the case (the search can fail): its id is there.
      expect(backupBytes).toContain(CASE);

      // While the case lives, the backup restores with the key store and reads whole.
      const whileAlive = join(root, 'restored-while-alive');
      await restore(backup, whileAlive);
      server = await embedded(whileAlive, keysDir);
      const read = await (await signIn(server.url, 'ewa')).request('GET', `/api/cases/${CASE}`);
      expect(read.status).toBe(200);
      expect(JSON.stringify(read.body.events)).toContain(SECRETS[1]);
      await server.close();

      // The person asks to be forgotten; the supervisor erases the case.
      server = await embedded(dataDir);
      await erase(server.url);
      await server.close();
      const store = new FileKeyStore(keysDir);
      expect(await store.read([CASE])).toEqual(new Map()); // the key is gone...
      expect(await store.erased([CASE])).toEqual(new Set([CASE])); // ...and only the opaque id says why

      // The old backup still holds the sealed rows, and nothing can open them now.
      const inBackup = await openPglite(undefined, { loadDataDir: new Blob([readFileSync(backup)]) });
      const sealed = await inBackup.query<{ body: unknown }>('SELECT body FROM events WHERE case_id = $1', [CASE]);
      await inBackup.close();
      expect(sealed).toHaveLength(3);
      for (const { body } of sealed) expect(body).toMatch(/^v1:/);

      // Restored (a disk failed, say), the server erases the case again before serving anyone.
      const afterErasure = join(root, 'restored-after-erasure');
      await restore(backup, afterErasure);
      server = await embedded(afterErasure, keysDir);
      await expectErasedAgain(server.url);
      await server.close();
      const restored = await openPglite(afterErasure);
      expect(await restored.query('SELECT count(*)::int AS n FROM events WHERE case_id = $1', [CASE])).toEqual([{ n: 0 }]);
      expect(await restored.query('SELECT erased_by FROM erasures WHERE case_id = $1', [CASE])).toEqual([{ erased_by: 'casepath-server' }]);
      await restored.close();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it.skipIf(!postgresUrl())('PostgreSQL: a pg_dump made before an erasure holds only ciphertext; restored, the case is erased again', async () => {
    const url = `${postgresUrl()}/${await freshPostgresDatabase()}`;
    const keys = { CASEPATH_CASE_KEYS_DATABASE_URL: `${postgresUrl()}/${await freshPostgresDatabase()}` };
    const seed = openPostgres(url, 1);
    await seedOrganisation(seed);
    await seed.close();
    let server = await startServerProcess({ DATABASE_URL: url, ...keys });
    await recordTheCase(server.url);
    await server.stop();

    const pgBin = execFileSync('bash', ['-c', 'ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1']).toString().trim();
    const root = mkdtempSync(join(tmpdir(), 'casepath-shred-pg-'));
    try {
      const file = join(root, 'before-erasure.sql');
      execFileSync(join(pgBin, 'pg_dump'), ['--format=plain', `--file=${file}`, url]);
      const dump = readFileSync(file, 'latin1');
      for (const secret of SECRETS) expect(dump).not.toContain(secret);
      expect(dump).toContain(CASE);

      server = await startServerProcess({ DATABASE_URL: url, ...keys });
      await erase(server.url);
      await server.stop();

      const restoredName = `r_${randomUUID().replaceAll('-', '')}`;
      const admin = openPostgres(`${postgresUrl()}/postgres`, 1);
      await admin.query(`CREATE DATABASE ${restoredName}`);
      await admin.close();
      execFileSync(join(pgBin, 'psql'), ['--quiet', '--set=ON_ERROR_STOP=1', `--file=${file}`, `${postgresUrl()}/${restoredName}`], { stdio: 'pipe' });
      // Started with the key store, which remembers the erasure: the case goes again.
      server = await startServerProcess({ DATABASE_URL: `${postgresUrl()}/${restoredName}`, ...keys });
      await expectErasedAgain(server.url);
      await server.stop();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
