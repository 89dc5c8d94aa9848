/**
 * `pnpm bench` (server): an organisation's own indicators counted on its server
 * (`GET /api/aggregates/indicators`: every case opened with its key, checked, counted per provider
 * and merged), against reading the same rows in the same batches and opening nothing, in the same
 * run, on the embedded database. 5,000 simulated people over three years (about 30 events each;
 * set BENCH_PEOPLE to change it), stored as the server stores pushed histories.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { aggregateFile, builtInTemplates, mergeAggregates } from '@casepath/core';
import { simulatePopulation } from '@casepath/core/testing';
import { openPglite } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { CaseKeys } from '../src/db/case-keys.js';
import { FileKeyStore } from '../src/db/key-store-files.js';
import { ensureProvider } from '../src/db/accounts.js';
import { ownIndicators } from '../src/db/indicators.js';
import { storeHistories } from '../src/db/store-histories.js';
import { seedOrganisation } from '../test/helpers-seed.js';

const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 5000);
const ROUNDS = 3;
const BATCH = 250;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${Math.round(x).toLocaleString('en')} ms`;

console.log(`Casepath indicators benchmark — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}`);
const root = mkdtempSync(join(os.tmpdir(), 'casepath-indicators-bench-'));
const db = await openPglite(join(root, 'data'));
try {
  await migrate(db);
  await seedOrganisation(db);
  const euse = builtInTemplates['euse-supported-employment'];
  const population = simulatePopulation({ providers: 5, people: PEOPLE, years: 3, seed: 2026, templates: { [euse.id]: euse } });
  for (const p of population.providers) await ensureProvider(db, p.providerId, 'open-doors', p.providerId);
  const started = performance.now();
  await storeHistories(db, new CaseKeys(new FileKeyStore(join(root, 'keys'))), 'open-doors', population.cases);
  const events = population.cases.reduce((n, c) => n + c.events.length, 0);
  console.log(`stored ${population.cases.length.toLocaleString('en')} cases, ${events.toLocaleString('en')} events in ${ms(performance.now() - started)}`);
  await db.exec('ANALYZE');
  const asOf = population.cutoff.slice(0, 10);

  // The reference: the same rows, read in the same batches, nothing opened or counted.
  const ids = (await db.query<{ id: string }>('SELECT id FROM cases ORDER BY id')).map((r) => r.id);
  const reference: number[] = [];
  const counted: number[] = [];
  let people = 0;
  for (let round = 0; round < ROUNDS; round++) {
    let t = performance.now();
    let rows = 0;
    for (let i = 0; i < ids.length; i += BATCH) rows += (await db.query('SELECT case_id, id, body FROM events WHERE case_id = ANY($1::text[]) ORDER BY case_id, seq', [ids.slice(i, i + BATCH)])).length;
    reference.push(performance.now() - t);
    if (rows !== events) throw new Error(`the reference read ${rows} rows, not ${events}`);
    // Keys read from their folder each round, as a request after a start finds them.
    const keys = new CaseKeys(new FileKeyStore(join(root, 'keys')));
    t = performance.now();
    const published = await ownIndicators(db, keys, 'open-doors', null, { asOf });
    counted.push(performance.now() - t);
    await keys.close();
    people = published!.indicators.people;
  }
  // The same figures as from the records themselves (checked, not timed).
  const providers = population.providers.map((p) => p.providerId).sort();
  const expected = mergeAggregates(providers.map((providerId) => ({ source: providerId, file: aggregateFile(population.cases.filter((c) => c.providerId === providerId), { providerId, asOf, mergeable: true }) })));
  if (expected.indicators.people !== people) throw new Error(`counted ${people} people, the records give ${expected.indicators.people}`);

  console.log('| what | result |');
  console.log('| --- | --- |');
  console.log(`| indicators of ${ids.length.toLocaleString('en')} cases (${people.toLocaleString('en')} people counted), median of ${ROUNDS} | ${ms(median(counted))} (${counted.map(ms).join(', ')}) |`);
  console.log(`| the same rows read in the same batches, nothing opened (reference) | ${ms(median(reference))} (${reference.map(ms).join(', ')}) |`);
  console.log(`| ratio | **${(median(counted) / median(reference)).toFixed(1)}×** |`);
} finally {
  await db.close();
  rmSync(root, { recursive: true, force: true });
}
