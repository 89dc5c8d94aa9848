// Stopping the server while a device's long poll waits, after that device has gone (its page
// closed, or it went offline): nothing runs against the database once it is closing, and the
// server stops without an error.
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { openPglite } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { startServer } from '../src/server.js';
import { PASSWORD, seedOrganisation, testConfig } from './helpers.js';

describe('stopping the server', () => {
  it('with a long poll whose device has gone: stops cleanly, nothing logged as an error', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'casepath-shutdown-')), 'db');
    const seed = await openPglite(dataDir);
    await migrate(seed);
    await seedOrganisation(seed);
    await seed.close();
    const logged: { level: number; msg?: string; err?: { message?: string } }[] = [];
    const logger = pino({ level: 'info' }, new Writable({ write: (line: Buffer, _encoding, next) => (logged.push(JSON.parse(line.toString())), next()) }));
    const server = await startServer({ ...testConfig, database: { kind: 'pglite', dataDir } }, { logger });
    const signIn = await fetch(`${server.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ewa@example.org', password: PASSWORD }) });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    // The device's first pull brings everything; its next one waits on the server.
    const first = (await (await fetch(`${server.url}/api/sync/pull?wait=0`, { headers: { cookie } })).json()) as { cursor: string };
    const device = new AbortController();
    const waiting = fetch(`${server.url}/api/sync/pull?wait=25&cursor=${encodeURIComponent(first.cursor)}`, { headers: { cookie }, signal: device.signal }).catch((error: unknown) => error);
    // Another request answered meanwhile: the poll has reached the server.
    expect((await fetch(`${server.url}/api/auth/me`, { headers: { cookie } })).status).toBe(200);
    device.abort();
    expect(await waiting).toBeInstanceOf(Error);
    await server.close();
    expect(logged.filter((l) => l.level >= 50), 'errors logged while stopping').toEqual([]);
    expect(logged.at(-1)?.msg).toBe('casepath server stopped');
  });
});
