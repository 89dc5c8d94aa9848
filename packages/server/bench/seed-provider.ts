/**
 * Writes a provider's caseload straight into a server database, for the sync benchmark: CASES
 * cases of EVENTS events each (opened, consented, a job coach assigned, goals, support logs,
 * reviews), valid by replay, stored as the server stores pushed histories (`storeHistories`).
 * Usage (embedded database):
 *   node --conditions=@casepath/source --import tsx bench/seed-provider.ts DATA_DIR [CASES] [EVENTS]
 */
import { fileURLToPath } from 'node:url';
import { builtInTemplates, newEventId, type CaseEvent, type CaseRecord } from '@casepath/core';
import { openPglite, type Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { seedDemo } from '../src/demo.js';
import { CaseKeys } from '../src/db/case-keys.js';
import { FileKeyStore } from '../src/db/key-store-files.js';
import { storeHistories } from '../src/db/store-histories.js';

/** Seeds the caseload, each case's rows sealed with its key in `keys` (as the server stores them). */
export async function seedProvider(db: Database, keys: CaseKeys, cases: number, perCase: number): Promise<number> {
  const euse = builtInTemplates['euse-supported-employment'];
  await migrate(db);
  await seedDemo(db, keys);
  const actor = { id: 'ewa', role: 'coordinator' } as const;
  const start = Date.UTC(2026, 0, 5);
  const records: CaseRecord[] = [];
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
    records.push({ caseId, providerId: 'open-doors-warsaw', events });
  }
  await storeHistories(db, keys, 'open-doors', records, 'bench-seed');
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
