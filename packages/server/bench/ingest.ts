/**
 * `pnpm bench` (server): ingest of validated events from 20 concurrent clients through the HTTP
 * API into PostgreSQL, against a plain batched INSERT of the same rows from 20 connections into
 * the same table on the same cluster, in the same run. Set BENCH_EVENTS to change the volume.
 *
 * The clients push from a process of their own (`ingest-clients.mjs`), as devices are other
 * machines: their requests and the answers' parsing are not the server's work.
 */
import { fork } from 'node:child_process';
import os from 'node:os';
import { builtInTemplates, newEventId, type CaseEvent } from '@casepath/core';
import { openPostgres } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { startServer } from '../src/server.js';
import { findPostgresBin, startCluster } from '../test/pg-cluster.js';
import { startBareEndpoint } from './bare-endpoint.js';
import { PASSWORD, seedOrganisation } from '../test/helpers-seed.js';

const CLIENTS = 20;
const BATCH = 25;
// About 20 events a case, as a case of a few months has (the sync benchmark uses 30).
const CASES_PER_CLIENT = 50;
const total = Number(process.env.BENCH_EVENTS ?? 20_000);
const pushesPerClient = Math.ceil(total / CLIENTS / BATCH);

const bin = findPostgresBin();
if (!bin) {
  console.log('server ingest benchmark skipped: PostgreSQL server binaries not found (apt-get install postgresql)');
  process.exit(0);
}
const euse = builtInTemplates['euse-supported-employment'];
console.log(`Casepath server benchmark — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}`);
const cluster = await startCluster(bin);
try {
  const admin = openPostgres(`${cluster.url}/postgres`, 1);
  await admin.query('CREATE DATABASE ingest');
  await admin.query('CREATE DATABASE reference');
  await admin.query('CREATE DATABASE bare');
  await admin.close();
  const db = openPostgres(`${cluster.url}/ingest`, 30);
  await migrate(db);
  await seedOrganisation(db);
  const server = await startServer(
    { port: 0, host: '127.0.0.1', database: { kind: 'postgres', url: `${cluster.url}/ingest` }, caseKeys: { kind: 'same-database' }, siteDir: null, allowedOrigins: [], sessionHours: 12, intakeDifficulty: 16, intakePerHour: 20, intakeKeepDays: 90, secureCookies: false, trustProxy: false, secretKey: null, secretKeyFile: null, oidc: null, logLevel: 'silent' },
    { db },
  );

  // Each client is a coordinator's device with its own cases, opened before timing.
  const at = new Date(Date.now() - 86_400_000).toISOString();
  const actor = { id: 'ewa', role: 'coordinator' } as const;
  const ev = (caseId: string, seq: number, type: CaseEvent['type'], payload: unknown): CaseEvent => ({ schemaVersion: 1, id: newEventId(), caseId, seq, at, actor, type, payload }) as CaseEvent;
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, async (_, i) => {
      const res = await fetch(`${server.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ewa@example.org', password: PASSWORD }) });
      const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
      const cases = Array.from({ length: CASES_PER_CLIENT }, (_, k) => `bench-${i}-${k}`);
      return { i, cookie, cases, seq: new Map(cases.map((c) => [c, 1])) };
    }),
  );
  const push = async (c: (typeof clients)[number], events: { event: CaseEvent; knownSeq: number }[]) => {
    const res = await fetch(`${server.url}/api/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: c.cookie }, body: JSON.stringify({ deviceId: `bench-device-${c.i}`, events }) });
    const body = (await res.json()) as { results: { status: string }[] };
    if (res.status !== 200 || body.results.some((r) => r.status !== 'accepted')) throw new Error(`push refused: ${JSON.stringify(body).slice(0, 300)}`);
  };
  for (const c of clients) {
    await push(
      c,
      c.cases.flatMap((caseId) => [
        { event: ev(caseId, 0, 'case.open', { templateId: euse.id, templateVersion: 1, providerId: 'warsaw' }), knownSeq: -1 },
        { event: ev(caseId, 1, 'consent.grant', { purpose: 'service' }), knownSeq: -1 },
      ]),
    );
  }
  // The events each client will push: support logs and goals spread over its cases.
  const batches = clients.map((c) =>
    Array.from({ length: pushesPerClient }, (_, p) =>
      Array.from({ length: BATCH }, (_, k) => {
        const caseId = c.cases[(p * BATCH + k) % CASES_PER_CLIENT]!;
        const seq = c.seq.get(caseId)! + 1;
        c.seq.set(caseId, seq);
        const event = k % 5 === 0 ? ev(caseId, seq, 'goal.add', { goalId: `g-${p}-${k}`, title: 'A goal', domain: 'employment', ownerId: 'ewa', ownerRole: 'coordinator' }) : ev(caseId, seq, 'support.log', { minutes: 15 + k, mode: 'on-the-job' });
        return { event, knownSeq: seq - 1 };
      }),
    ),
  );
  const count = batches.flat(2).length;

  const bodies = clients.map((c) => ({ cookie: c.cookie, bodies: batches[c.i]!.map((events) => JSON.stringify({ deviceId: `bench-device-${c.i}`, events })) }));
  const ingest = await pushFromDevices(server.url, bodies);
  const ingestMs = ingest.ms;
  const [{ n }] = (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE case_id LIKE 'bench-%'")) as [{ n: number }];
  if (n !== count + clients.length * CASES_PER_CLIENT * 2) throw new Error(`expected ${count} events stored, found ${n}`);
  await server.close();

  // Reference: the same rows, INSERTed in the same batches from 20 connections, nothing checked.
  // The references' databases: the same schema and organisation, the clients' cases opened.
  const referenceDatabase = async (name: string) => {
    const ref = openPostgres(`${cluster.url}/${name}`, 30);
    await migrate(ref);
    await seedOrganisation(ref);
    for (const c of clients) for (const caseId of c.cases) await ref.query(`INSERT INTO cases (id, organisation_id, provider_id, template_id, template_version, opened_by, head_seq, state) VALUES ($1, 'open-doors', 'warsaw', $2, 1, 'ewa', 1, '{}')`, [caseId, euse.id]);
    return ref;
  };
  const ref = await referenceDatabase('reference');
  const reference = await timed(async () => {
    await Promise.all(
      clients.map(async (c) => {
        for (const batch of batches[c.i]!) {
          const values = batch.map((_, k) => `($${k * 5 + 1}, $${k * 5 + 2}, $${k * 5 + 3}, $${k * 5 + 4}, $${k * 5 + 5}, 'bench')`).join(', ');
          await ref.query(`INSERT INTO events (case_id, seq, id, body, recorded_by, device_id) VALUES ${values}`, batch.flatMap(({ event }) => [event.caseId, event.seq, event.id, JSON.stringify(event), 'ewa']));
        }
      }),
    );
    return { devicesCpuMs: 0 };
  });
  const referenceMs = reference.ms;
  await ref.close();

  // Second reference: the same pushes from the same devices' process to a bare HTTP endpoint
  // that INSERTs each push's rows as the plain reference does, and checks nothing.
  const bare = await referenceDatabase('bare');
  const endpoint = await startBareEndpoint(bare);
  const bareRun = await pushFromDevices(endpoint.url, bodies);
  const bareMs = bareRun.ms;
  await endpoint.close();
  const [{ n: bareRows }] = (await bare.query<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE case_id LIKE 'bench-%'")) as [{ n: number }];
  await bare.close();
  if (bareRows !== count) throw new Error(`expected ${count} events stored by the bare endpoint, found ${bareRows}`);

  console.log(`\nIngest: ${CLIENTS} concurrent clients, ${count.toLocaleString('en')} events in pushes of ${BATCH}, PostgreSQL ${cluster.url.split('@')[1]}`);
  console.log(`  through the API (checked, decided, appended, heads saved)   ${ingestMs.toFixed(0).padStart(7)} ms  → ${Math.round((count / ingestMs) * 1000).toLocaleString('en')} events/s`);
  console.log(`  plain batched INSERT of the same rows (reference)           ${referenceMs.toFixed(0).padStart(7)} ms  → ${Math.round((count / referenceMs) * 1000).toLocaleString('en')} events/s`);
  console.log(`  ratio                                                       ${(ingestMs / referenceMs).toFixed(2).padStart(7)} ×  (goal ≤ 3×)`);
  console.log(`  the same pushes to a bare HTTP endpoint that only INSERTs   ${bareMs.toFixed(0).padStart(7)} ms  → ${(bareMs / referenceMs).toFixed(2)} × the reference; the API is ${(ingestMs / bareMs).toFixed(2)} × it`);
  // The three share this machine's cores: what each used tells whose work the time is.
  const cores = os.cpus().length;
  console.log(`\n  CPU used during each timed part, in s (${cores} cores)          this process   PostgreSQL   devices   busy`);
  for (const [what, run] of [['through the API (the server is this process)', ingest], ['plain batched INSERT (this process sends it)', reference], ['bare HTTP endpoint (in this process)', bareRun]] as const) {
    const busy = (run.processCpuMs + run.postgresCpuMs + run.devicesCpuMs) / (run.ms * cores);
    console.log(`  ${what.padEnd(58)}${(run.processCpuMs / 1000).toFixed(2).padStart(8)}${(run.postgresCpuMs / 1000).toFixed(2).padStart(13)}${(run.devicesCpuMs / 1000).toFixed(2).padStart(10)}${`${Math.round(busy * 100)} %`.padStart(7)}`);
  }
} finally {
  cluster.stop();
}

/** The measures of one timed part: wall time, and the CPU each party used meanwhile. */
interface Timed {
  ms: number;
  processCpuMs: number;
  postgresCpuMs: number;
  devicesCpuMs: number;
}

/** Runs a timed part, measuring its wall time and the CPU this process and PostgreSQL used meanwhile. */
async function timed(run: () => Promise<{ devicesCpuMs: number }>): Promise<Timed> {
  const postgres = cluster.cpuMs();
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const { devicesCpuMs } = await run();
  const ms = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  return { ms, processCpuMs: (used.user + used.system) / 1000, postgresCpuMs: cluster.cpuMs() - postgres, devicesCpuMs };
}

/**
 * Has the devices' process (`ingest-clients.ts`) push every device's bodies to `url`, all devices
 * at once, each one push after the other. The process is started and handed the bodies before the
 * timed part; only from "go" to the last answer (every event accepted) is timed.
 */
async function pushFromDevices(url: string, devices: { cookie: string; bodies: string[] }[]): Promise<Timed> {
  const child = fork(new URL('./ingest-clients.ts', import.meta.url));
  const next = () =>
    new Promise<{ ready?: boolean; done?: boolean; cpuMs?: number; error?: string }>((resolve, reject) => {
      child.once('message', resolve as (m: unknown) => void);
      child.once('exit', (code) => reject(new Error(`the clients' process ended (${code})`)));
    });
  try {
    child.send({ url, devices });
    await next();
    return await timed(async () => {
      child.send('go');
      const finished = await next();
      if (!finished.done) throw new Error(finished.error);
      return { devicesCpuMs: finished.cpuMs ?? 0 };
    });
  } finally {
    child.kill();
  }
}
