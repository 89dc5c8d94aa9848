// An organisation's own indicators, counted on its server from its cases (opened with each case's
// key), for its analysts and its providers' leads: the same figures `casepath aggregate` and
// `casepath merge` give on an export, on each database.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { aggregateFile, builtInTemplates, mergeAggregates, parseAggregateFile, type CaseEvent, type CaseRecord } from '@casepath/core';
import { simulatePopulation } from '@casepath/core/testing';
import type { Database } from '../src/db/database.js';
import { CaseKeys } from '../src/db/case-keys.js';
import { openPglite } from '../src/db/database.js';
import { FileKeyStore } from '../src/db/key-store-files.js';
import { migrate } from '../src/db/migrate.js';
import { storeHistories } from '../src/db/store-histories.js';
import { caseRecords } from '../src/db/indicators.js';
import { verifyStoredHistory } from '../src/db/history.js';
import { backends, Client, freshDatabase, seedOrganisation, testApp } from './helpers.js';

const euse = builtInTemplates['euse-supported-employment'];
const population = simulatePopulation({ providers: 2, people: 240, years: 3, seed: 12, templates: { [euse.id]: euse } });
const asOf = population.cutoff.slice(0, 10);
// The simulated providers become the test organisation's two.
const rename = new Map(population.providers.map((p, i) => [p.providerId, i === 0 ? 'warsaw' : 'krakow']));
const cases: CaseRecord[] = population.cases.map((c) => ({
  caseId: c.caseId,
  providerId: rename.get(c.providerId)!,
  events: c.events.map((e): CaseEvent => (e.type === 'case.open' ? { ...e, payload: { ...e.payload, providerId: rename.get(e.payload.providerId)! } } : e)),
}));
const fileOf = (providerId: string) => aggregateFile(cases.filter((c) => c.providerId === providerId), { providerId, asOf, mergeable: true });
/** What an analyst should read: the merge of the providers' files, without the counts, as JSON carries it. */
const published = (providers: string[]) => {
  const { counts, ...rest } = mergeAggregates(providers.map((p) => ({ source: `provider ${p}`, file: fileOf(p) })));
  return JSON.parse(JSON.stringify(rest));
};

/** The cases stored as the server stores them: each row sealed with its case's key. */
const store = (db: Database, keys: CaseKeys, records: readonly CaseRecord[]) => storeHistories(db, keys, 'open-doors', records);

describe.each(backends)('an organisation’s own indicators, on %s', (backend) => {
  async function server(records = cases) {
    const db = await freshDatabase(backend);
    await seedOrganisation(db);
    const { app, keys } = testApp(db);
    await store(db, keys, records);
    return { db, app, keys };
  }

  it('gives its analysts every provider’s figures and the whole organisation’s, equal to merging the providers’ aggregate files', async () => {
    const { db, app } = await server();
    const analyst = await new Client(app).signIn('adam');
    const r = await analyst.request('GET', `/api/aggregates/indicators?asOf=${asOf}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual(published(['krakow', 'warsaw']));
    expect(r.body.providers).toEqual(['krakow', 'warsaw']);
    expect(r.body.counts).toBeUndefined();
    // The flagship figure is there, and people without consent to statistics are left out.
    expect(r.body.indicators.placed).toBeGreaterThan(20);
    expect(r.body.indicators.retention.estimate.value).toBeGreaterThan(0);
    expect(r.body.leftOut.withoutStatisticsConsent).toBeGreaterThan(0);
    expect(r.body.indicators.people + r.body.leftOut.withoutStatisticsConsent).toBe(cases.length);
    await db.close();
  });

  it('gives a provider’s coordinator and supervisor their provider’s only, and nobody else anything', async () => {
    const { db, app } = await server();
    for (const lead of ['ewa', 'sara']) {
      const r = await (await new Client(app).signIn(lead)).request('GET', `/api/aggregates/indicators?asOf=${asOf}`);
      expect(r.status, lead).toBe(200);
      expect(r.body, lead).toEqual(published(['warsaw']));
    }
    expect((await (await new Client(app).signIn('olek')).request('GET', `/api/aggregates/indicators?asOf=${asOf}`)).body.providers).toEqual(['krakow']);
    for (const who of ['anna', 'kasia', 'root']) {
      expect((await (await new Client(app).signIn(who)).request('GET', '/api/aggregates/indicators')).status, who).toBe(404);
    }
    expect((await new Client(app).request('GET', '/api/aggregates/indicators')).status).toBe(401);
    await db.close();
  });

  it('counts up to today when no cut-off is asked, and refuses a cut-off that is not a past date, naming it', async () => {
    const { db, app } = await server();
    const analyst = await new Client(app).signIn('adam');
    const today = new Date().toISOString().slice(0, 10);
    expect((await analyst.request('GET', '/api/aggregates/indicators')).body.asOf).toBe(today);
    for (const [asked, says] of [
      ['2026-02-30', 'query.asOf: must be a date like 2026-06-30'],
      ['yesterday', 'query.asOf: must be a date like 2026-06-30'],
      ['2999-01-01', 'query.asOf: 2999-01-01 is in the future; a cut-off is today or earlier'],
    ]) {
      const r = await analyst.request('GET', `/api/aggregates/indicators?asOf=${asked}`);
      expect(r.status, asked).toBe(400);
      expect(r.body.message, asked).toBe(says);
    }
    const unknown = await analyst.request('GET', '/api/aggregates/indicators?provider=warsaw');
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/^query\.provider/);
    await db.close();
  });

  it('says there is nothing to count yet when the organisation has no cases', async () => {
    const { db, app } = await server([]);
    const r = await (await new Client(app).signIn('adam')).request('GET', '/api/aggregates/indicators');
    expect(r).toMatchObject({ status: 404, body: { error: 'nothing-to-count', message: 'there are no cases to count yet' } });
    await db.close();
  });

  it('reads each case’s whole history in order, opened and checked, a batch of cases at a time', async () => {
    const { db, keys } = await server();
    const read = await caseRecords(db, keys, 'open-doors', null);
    expect(read.map((c) => c.caseId)).toEqual(cases.map((c) => c.caseId).sort());
    const byId = new Map(read.map((c) => [c.caseId, c]));
    for (const c of cases) expect(byId.get(c.caseId)).toEqual(c);
    expect((await caseRecords(db, keys, 'open-doors', 'krakow')).every((c) => c.providerId === 'krakow')).toBe(true);
    expect(await caseRecords(db, keys, 'another-organisation', null)).toEqual([]);
    // Stored as pushes store them: every history chained as verify-history checks it.
    expect(await verifyStoredHistory(db, keys)).toMatchObject({ cases: cases.length, broken: [] });
    await db.close();
  });
});

describe('a member provider’s aggregate file, made on its server (casepath-server aggregate)', () => {
  const bin = fileURLToPath(new URL('../src/bin/casepath-server.ts', import.meta.url));
  const cli = (args: string[], env: Record<string, string>) =>
    spawnSync(process.execPath, ['--conditions=@casepath/source', '--import', 'tsx', bin, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });

  it('counts the provider’s cases as `casepath aggregate` does on an export, and says what is wrong with a request', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'casepath-aggregate-'));
    const dataDir = join(dir, 'data');
    const db = await openPglite(dataDir);
    await migrate(db);
    await seedOrganisation(db);
    const keys = new CaseKeys(new FileKeyStore(`${dataDir}.case-keys`));
    await store(db, keys, cases);
    await db.close();
    await keys.close();
    const env = { CASEPATH_DATA_DIR: dataDir };
    const out = join(dir, 'warsaw.aggregate.json');
    const made = cli(['aggregate', '--provider', 'warsaw', '--as-of', asOf, '--allow-merge', '--out', out], env);
    expect(made.stderr).toBe('');
    expect(made.status).toBe(0);
    const expected = fileOf('warsaw');
    const leftOut = expected.leftOut!.withoutStatisticsConsent;
    expect(made.stdout).toBe(`wrote ${out}: ${cases.filter((c) => c.providerId === 'warsaw').length - leftOut} case(s) of warsaw as of ${asOf} (${leftOut} left out: no consent to statistics), counts included for merging\n`);
    // The file an umbrella's server takes, equal to the one made from an export of the same cases.
    expect(parseAggregateFile(JSON.parse(readFileSync(out, 'utf8')), out)).toEqual(expected);

    for (const [args, says] of [
      [['--provider', 'gdansk', '--out', out], 'there is no provider "gdansk" on this server'],
      [['--provider', 'warsaw', '--out', out, '--as-of', '2999-01-01'], '--as-of 2999-01-01 is in the future; a cut-off is today or earlier'],
      [['--provider', 'warsaw', '--out', out, '--as-of', '31.12.2025'], '--as-of must be a date like 2026-06-30, got "31.12.2025"'],
      [['--provider', 'warsaw', '--out', out, '--as-of', '2025-13-01'], '--as-of must be a date like 2026-06-30, got "2025-13-01"'],
      [['--provider', 'warsaw', '--out', out, '--as-of', '2025-02-30'], '--as-of must be a date like 2026-06-30, got "2025-02-30"'],
      [['--provider', 'warsaw', '--out', out, '--threshold', '0'], '--threshold must be a whole number of at least 1, got "0"'],
      [['--provider', 'warsaw'], 'aggregate needs --provider ID --out FILE'],
    ] as const) {
      const r = cli(['aggregate', ...args], env);
      expect(r.status, says).toBe(2);
      expect(r.stderr, says).toContain(says);
    }
  });
});
