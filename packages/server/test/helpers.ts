// Test helpers: a fresh database per test (PGlite from a migrated dump, or a copy of the
// migrated template database on the throwaway PostgreSQL), an app, and signed-in clients.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaseKeys } from '../src/db/case-keys.js';
import { FileKeyStore } from '../src/db/key-store-files.js';
import { pino } from 'pino';
import { inject } from 'vitest';
import type { CaseEvent } from '@casepath/core';
import type { ServerConfig } from '../src/config.js';
import { openPglite, openPostgres, type Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { createApp } from '../src/http/app.js';
import { PASSWORD } from './helpers-seed.js';
import { ChangeFeed } from '../src/http/change-feed.js';
import { readCommitMark } from '../src/db/commit-mark.js';
import { SecretBox } from '../src/domain/secret-box.js';

export type Backend = 'pglite' | 'postgres';
export const postgresUrl = (): string => inject('postgresUrl');
/** Every backend the tests can reach: PGlite always, PostgreSQL when the cluster started. */
export const backends: Backend[] = inject('postgresUrl') ? ['pglite', 'postgres'] : ['pglite'];

let pgliteDump: Promise<Blob> | null = null;

/** A new, migrated, empty database. */
export async function freshDatabase(backend: Backend): Promise<Database> {
  if (backend === 'pglite') {
    pgliteDump ??= (async () => {
      const db = await openPglite(undefined);
      await migrate(db);
      const dump = await db.pglite.dumpDataDir('none');
      await db.close();
      return dump;
    })();
    return openPglite(undefined, { loadDataDir: await pgliteDump });
  }
  const name = await freshPostgresDatabase();
  return openPostgres(`${postgresUrl()}/${name}`);
}

/** Creates an empty database copied from the migrated template; returns its name. */
export async function freshPostgresDatabase(template = 'casepath_template'): Promise<string> {
  const name = `t_${randomUUID().replaceAll('-', '')}`;
  const admin = openPostgres(`${postgresUrl()}/postgres`, 1);
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.close();
  }
  return name;
}

export const testConfig: ServerConfig = {
  port: 0,
  host: '127.0.0.1',
  database: { kind: 'pglite', dataDir: '' },
  // One folder per test file: servers restarted in a test find their keys again.
  caseKeys: { kind: 'folder', dir: mkdtempSync(join(tmpdir(), 'casepath-keys-')) },
  siteDir: null,
  allowedOrigins: [],
  sessionHours: 12,
  intakeDifficulty: 4,
  intakePerHour: 20,
  intakeKeepDays: 90,
  secureCookies: true,
  trustProxy: false,
  secretKey: null,
  secretKeyFile: null,
  oidc: null,
  logLevel: 'silent',
};

/** The key the test apps seal second-factor secrets with (pass `secretKey: null` for a server without one). */
export const TEST_SECRET_KEY = new Uint8Array(32).fill(7);

export { PASSWORD, PEOPLE, seedOrganisation, type Person } from './helpers-seed.js';

/** A case key store of its own for a test (a folder in the system's temporary folder). */
export function testCaseKeys(): CaseKeys {
  return new CaseKeys(new FileKeyStore(mkdtempSync(join(tmpdir(), 'casepath-keys-'))));
}

export function testApp(db: Database, config: Partial<ServerConfig> = {}, keys?: CaseKeys) {
  const changes = new ChangeFeed(() => readCommitMark(db));
  const caseKeys = keys ?? testCaseKeys();
  const app = createApp({ db, config: { ...testConfig, ...config }, logger: pino({ level: 'silent' }), changes, secrets: config.secretKey === null ? null : new SecretBox(config.secretKey ?? TEST_SECRET_KEY), keys: caseKeys });
  return { app, changes, keys: caseKeys };
}

/** A browser-like client of the app: keeps its session cookie, sends JSON. */
export class Client {
  private cookie = '';
  constructor(
    private readonly app: ReturnType<typeof testApp>['app'],
    readonly deviceId = `device-${randomUUID().slice(0, 8)}`,
  ) {}

  /** `signal`: the request's own, aborted as a device that goes away aborts its request. */
  async request(method: string, path: string, json?: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<{ status: number; body: any; headers: Headers }> {
    const res = await this.app.request(path, {
      method,
      headers: { ...(json === undefined ? {} : { 'content-type': 'application/json' }), ...(this.cookie ? { cookie: this.cookie } : {}), ...headers },
      ...(json === undefined ? {} : { body: typeof json === 'string' ? json : JSON.stringify(json) }),
      ...(signal ? { signal } : {}),
    });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0]!.endsWith('=') ? '' : set.split(';')[0]!;
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
  }

  /** A GET with this client's session, its answer unread (its headers and bytes as sent). */
  raw(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return Promise.resolve(this.app.request(path, { headers: { ...(this.cookie ? { cookie: this.cookie } : {}), ...headers } }));
  }

  async signIn(who: string, password = PASSWORD): Promise<this> {
    const r = await this.request('POST', '/api/auth/sign-in', { email: `${who}@example.org`, password });
    if (r.status !== 200) throw new Error(`sign-in of ${who} failed: ${r.status} ${JSON.stringify(r.body)}`);
    return this;
  }

  push(events: { event: CaseEvent; knownSeq: number }[], deviceId = this.deviceId) {
    return this.request('POST', '/api/sync/push', { deviceId, events });
  }

  async pullAll(cursor?: string): Promise<{ events: CaseEvent[]; backfill: CaseEvent[]; revoked: string[]; conflicts: any[]; cursor: string }> {
    const all = { events: [] as CaseEvent[], backfill: [] as CaseEvent[], revoked: [] as string[], conflicts: [] as any[], cursor: cursor ?? '' };
    for (;;) {
      const r = await this.request('GET', `/api/sync/pull?limit=500${all.cursor ? `&cursor=${all.cursor}` : ''}`);
      if (r.status !== 200) throw new Error(`pull failed: ${r.status} ${JSON.stringify(r.body)}`);
      all.events.push(...r.body.events);
      all.backfill.push(...r.body.backfill);
      all.revoked.push(...r.body.revoked);
      all.conflicts.push(...r.body.conflicts);
      all.cursor = r.body.cursor;
      if (!r.body.more) return all;
    }
  }
}
