/**
 * Writes a provider's caseload straight into a server database, for the sync benchmark: CASES
 * cases of EVENTS events each (opened, consented, a job coach assigned, goals, support logs,
 * reviews), valid by replay, with each case's head. Usage (embedded database):
 *   node --conditions=@casepath/source --import tsx bench/seed-provider.ts DATA_DIR [CASES] [EVENTS]
 */
import { fileURLToPath } from 'node:url';
import { builtInTemplates, chainHash, newEventId, replay, type CaseEvent } from '@casepath/core';
import { openPglite, type Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { seedDemo } from '../src/demo.js';
import { CaseKeys } from '../src/db/case-keys.js';
import { FileKeyStore } from '../src/db/key-store-files.js';
import { place, sealJson } from '../src/db/case-sealing.js';

/** Seeds the caseload, each case's rows sealed with its key in `keys` (as the server stores them). */
export async function seedProvider(db: Database, keys: CaseKeys, cases: number, perCase: number): Promise<number> {
const euse = builtInTemplates['euse-supported-employment'];
await migrate(db);
await seedDemo(db, keys);
const actor = { id: 'ewa', role: 'coordinator' } as const;
const start = Date.UTC(2026, 0, 5);
let batch: CaseEvent[] = [];
// Each event's chain hashes, as the server stores them (so its start has nothing to chain).
const hashes = new Map<string, [string | null, string]>();
const heads: { id: string; state: unknown; head: number }[] = [];
async function flush(): Promise<void> {
  await keys.load([], heads.map((h) => h.id));
  await db.query(
    `INSERT INTO cases (id, organisation_id, provider_id, template_id, template_version, opened_by, head_seq, state)
     SELECT h.id, 'open-doors', 'open-doors-warsaw', $4, 1, 'ewa', h.head, h.state FROM unnest($1::text[], $2::int[], $3::jsonb[]) AS h(id, head, state)`,
    [heads.map((h) => h.id), heads.map((h) => h.head), heads.map((h) => sealJson(keys, h.id, place.state(h.id), h.state)), euse.id],
  );
  await db.query(
    `INSERT INTO events (case_id, seq, id, body, recorded_by, device_id, previous_hash, hash)
     SELECT e.case_id, e.seq, e.id, e.body, 'ewa', 'bench-seed', e.previous_hash, e.hash FROM unnest($1::text[], $2::int[], $3::text[], $4::jsonb[], $5::text[], $6::text[]) AS e(case_id, seq, id, body, previous_hash, hash)`,
    [batch.map((e) => e.caseId), batch.map((e) => e.seq), batch.map((e) => e.id), batch.map((e) => sealJson(keys, e.caseId, place.event(e.caseId, e.id), e)), batch.map((e) => hashes.get(e.id)![0]), batch.map((e) => hashes.get(e.id)![1])],
  );
  batch = [];
  hashes.clear();
  heads.length = 0;
}
for (let c = 0; c < cases; c++) {
  const caseId = `bench-${String(c).padStart(5, '0')}`;
  const events: CaseEvent[] = [];
  const add = (type: CaseEvent['type'], payload: unknown) =>
    events.push({ schemaVersion: 1, id: newEventId(), caseId, seq: events.length, at: new Date(start + (c % 300) * 86_400_000 + events.length * 3_600_000).toISOString(), actor, type, payload } as CaseEvent);
  add('case.open', { templateId: euse.id, templateVersion: 1, providerId: 'open-doors-warsaw', clientRef: `B-${c}` });
  add('consent.grant', { purpose: 'service' });
  add('worker.assign', { workerId: 'anna', role: 'job-coach' });
  while (events.length < perCase) {
    const k = events.length;
    if (k % 7 === 0) add('goal.add', { goalId: `g${k}`, title: 'A goal', domain: 'employment', ownerId: 'ewa', ownerRole: 'coordinator' });
    else if (k % 11 === 0) add('review.hold', {});
    else add('support.log', { minutes: 15 + (k % 60), mode: 'on-the-job' });
  }
  const { state } = replay(euse, events);
  heads.push({ id: caseId, head: state.lastSeq, state: { ...state, history: [], support: [] } });
  let previous: string | null = null;
  for (const e of events) {
    const hash = await chainHash(previous, e);
    hashes.set(e.id, [previous, hash]);
    previous = hash;
  }
  batch.push(...events);
  if (heads.length === 250) await flush();
}
if (heads.length) await flush();
await db.query("INSERT INTO case_team (case_id, worker_id) SELECT id, 'anna' FROM cases WHERE id LIKE 'bench-%' ON CONFLICT DO NOTHING");
const [{ n }] = (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE case_id LIKE 'bench-%'")) as [{ n: number }];
await db.exec('ANALYZE');
return n;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dataDir, casesArg, eventsArg] = process.argv.slice(2);
  if (!dataDir) throw new Error('usage: seed-provider.ts DATA_DIR [CASES] [EVENTS]');
  const db = await openPglite(dataDir);
  // Where an embedded server on DATA_DIR looks for its case keys by default.
  const keys = new CaseKeys(new FileKeyStore(`${dataDir.replace(/\/+$/, '')}.case-keys`));
  const n = await seedProvider(db, keys, Number(casesArg ?? 5000), Number(eventsArg ?? 30));
  await db.close();
  console.log(`seeded ${casesArg ?? 5000} cases, ${n} events into ${dataDir}`);
}
