/**
 * `pnpm bench` (server): what devices waiting on an idle server cost it (ADR 0031). An embedded
 * server (PGlite, the default) with one case; DEVICES long polls wait on it (one worker's
 * session, as each device's poll does the same work), and for a few seconds nothing happens. It
 * counts the pages the server reads meanwhile and its process's CPU, against the same seconds
 * with nobody waiting (the reference), and times one push alone against one push that all of
 * them are sent (each device's poll is woken, reads its page, answers, and waits again).
 */
import { setMaxListeners } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { gunzipSync } from 'node:zlib';
import os from 'node:os';
import { join } from 'node:path';
import { builtInTemplates, newEventId, type CaseEvent } from '@casepath/core';
import { openPglite } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { startServer } from '../src/server.js';
import { PASSWORD, seedOrganisation } from '../test/helpers-seed.js';
import { countReads } from '../test/count-reads.js';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 50);
const IDLE_MS = 3_000;
const PUSHES = 30;

const folder = mkdtempSync(join(os.tmpdir(), 'casepath-idle-'));
try {
  const db = await openPglite(join(folder, 'db'));
  await migrate(db);
  await seedOrganisation(db);
  const counts = countReads(db);
  const server = await startServer(
    { port: 0, host: '127.0.0.1', database: { kind: 'pglite', dataDir: join(folder, 'db') }, caseKeys: { kind: 'folder', dir: join(folder, 'keys') }, siteDir: null, allowedOrigins: [], sessionHours: 12, intakeDifficulty: 16, intakePerHour: 20, intakeKeepDays: 90, secureCookies: false, trustProxy: false, secretKey: null, secretKeyFile: null, oidc: null, logLevel: 'silent' },
    { db },
  );
  const signIn = await fetch(`${server.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ewa@example.org', password: PASSWORD }) });
  const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
  const euse = builtInTemplates['euse-supported-employment'];
  const at = new Date(Date.now() - 86_400_000).toISOString();
  const ev = (seq: number, type: CaseEvent['type'], payload: unknown) => ({ event: { schemaVersion: 1, id: newEventId(), caseId: 'idle-1', seq, at, actor: { id: 'ewa', role: 'coordinator' }, type, payload }, knownSeq: seq - 1 });
  const push = async (events: unknown[]) => {
    const res = await fetch(`${server.url}/api/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ deviceId: 'bench-idle-device', events }) });
    if (res.status !== 200) throw new Error(`push failed: ${res.status} ${await res.text()}`);
    await res.json();
  };
  await push([ev(0, 'case.open', { templateId: euse.id, templateVersion: 1, providerId: 'warsaw' }), ev(1, 'consent.grant', { purpose: 'service' })]);
  // A pull as a browser makes it (its answer gzip-compressed), through node:http: Node 20's
  // fetch now and then never finishes reading such an answer that has arrived whole.
  const pull = (cursor: string, wait: number, signal?: AbortSignal) =>
    new Promise<{ cursor: string; events: unknown[] }>((resolve, reject) => {
      const path = `/api/sync/pull?wait=${wait}${cursor ? `&cursor=${cursor}` : ''}`;
      const request = get(`${server.url}${path}`, { headers: { cookie, 'accept-encoding': 'gzip' }, ...(signal ? { signal } : {}) }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve(JSON.parse((res.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8')) as { cursor: string; events: unknown[] });
        });
      });
      request.on('error', reject);
    });
  let { cursor } = await pull('', 0);
  let seq = 2;
  /** Median time of one push of a support log, alone after the one before. */
  const pushes = async () => {
    const times: number[] = [];
    for (let i = 0; i < PUSHES; i++) {
      const t = performance.now();
      await push([ev(seq, 'support.log', { minutes: 10, mode: 'remote' })]);
      seq++;
      times.push(performance.now() - t);
    }
    return times.sort((a, b) => a - b)[PUSHES >> 1]!;
  };
  const idle = async () => {
    counts.pages = 0;
    counts.marks = 0;
    const cpu = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const used = process.cpuUsage(cpu);
    return { cpuMs: (used.user + used.system) / 1000, pages: counts.pages, marks: counts.marks };
  };

  const alone = { idle: await idle(), push: await pushes() };
  ({ cursor } = await pull(cursor, 0));
  // The devices' long polls; each, answered by a push, asks again from its new cursor.
  const stop = new AbortController();
  setMaxListeners(DEVICES + 10, stop.signal); // every device's request listens to it
  let answered = 0;
  const device = async () => {
    let at = cursor;
    while (!stop.signal.aborted) {
      const page = await pull(at, 25, stop.signal).catch(() => null);
      if (!page) return;
      answered++;
      at = page.cursor;
    }
  };
  counts.pages = 0;
  const devices = Array.from({ length: DEVICES }, device);
  // Every device waits once its first page was read and found empty.
  while (counts.pages < DEVICES) await new Promise((resolve) => setTimeout(resolve, 50));
  const waiting = { idle: await idle(), push: await pushes() };
  stop.abort();
  await Promise.all(devices);
  await server.close();

  console.log(`Casepath idle long polls — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, embedded database`);
  const row = (what: string, r: typeof alone) => `| ${what} | ${r.idle.pages} | ${r.idle.marks} | ${r.idle.cpuMs.toFixed(0)} ms (${((r.idle.cpuMs / IDLE_MS) * 100).toFixed(1)} % of a core) | ${r.push.toFixed(1)} ms |`;
  console.log(`| ${IDLE_MS / 1000} s with nothing happening | pages read | commit marks read | the server process's CPU | one push (median of ${PUSHES}) |`);
  console.log('| --- | --- | --- | --- | --- |');
  console.log(row('nobody waiting (reference)', alone));
  console.log(row(`${DEVICES} devices waiting`, waiting));
  console.log(`pages read per waiting device and second, idle: ${(waiting.idle.pages / DEVICES / (IDLE_MS / 1000)).toFixed(2)}; a push that wakes them all: ${(waiting.push / alone.push).toFixed(1)}× one alone (${answered} answers)`);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
