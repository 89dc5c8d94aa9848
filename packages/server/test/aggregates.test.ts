// An umbrella organisation's server receives its members' aggregate files (signed, counts only)
// and merges them for its analysts, on each database.
import { describe, expect, it } from 'vitest';
import { aggregateFile, mergeAggregates } from '@casepath/core';
import { simulatePopulation } from '@casepath/core/testing';
import { newMemberKeys, signAggregate } from '../src/domain/aggregate-signature.js';
import { backends, Client, freshDatabase, seedOrganisation, testApp } from './helpers.js';

const population = simulatePopulation({ providers: 4, people: 600, years: 3, seed: 31 });
const asOf = population.cutoff.slice(0, 10);
const providers = [...new Set(population.cases.map((c) => c.providerId))].sort();
const files = providers.map((p) => aggregateFile(population.cases.filter((c) => c.providerId === p), { providerId: p, asOf, mergeable: true }));
const keys = providers.map(() => newMemberKeys());

describe.each(backends)('aggregate files pushed to an umbrella, on %s', (backend) => {
  async function umbrella() {
    const db = await freshDatabase(backend);
    await seedOrganisation(db);
    for (const [i, p] of providers.entries()) {
      await db.query('INSERT INTO aggregate_members (provider_id, organisation_id, public_key) VALUES ($1, $2, $3)', [p, 'open-doors', keys[i]!.publicKey]);
    }
    const { app } = testApp(db);
    const push = (body: string, headers: Record<string, string>) => new Client(app).request('POST', '/api/aggregates/files', body, headers);
    return { db, app, push };
  }

  it('accepts each member’s signed file once, and gives analysts the regional figures of all of them', async () => {
    const { app, push } = await umbrella();
    for (const [i, file] of files.entries()) {
      const body = JSON.stringify(file);
      const r = await push(body, signAggregate(body, providers[i]!, keys[i]!.privateKey));
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      const again = await push(body, signAggregate(body, providers[i]!, keys[i]!.privateKey));
      expect(again.body.stored).toBe('unchanged');
    }
    const analyst = await new Client(app).signIn('adam');
    const regional = await analyst.request('GET', '/api/aggregates/regional');
    expect(regional.status).toBe(200);
    const expected = mergeAggregates(files.map((file) => ({ source: file.providerId, file })));
    expect(regional.body.providers).toEqual(providers);
    expect(regional.body.indicators.retention.estimate.value).toBeCloseTo(expected.indicators.retention.estimate!.value, 12);
    expect(regional.body.counts).toBeUndefined();
    expect((await analyst.request('GET', '/api/aggregates/files')).body.files).toHaveLength(providers.length);
    // A cut-off no member sent a file for: said as nothing to count, not as a page one may not see.
    expect(await analyst.request('GET', '/api/aggregates/regional?asOf=2001-01-01')).toMatchObject({ status: 404, body: { error: 'nothing-to-count', message: 'no member has sent a file for 2001-01-01' } });
    // A date that is not one is said as such (PostgreSQL would have refused it with a 500), as is an unknown field.
    expect(await analyst.request('GET', '/api/aggregates/regional?asOf=2025-02-30')).toMatchObject({ status: 400, body: { message: expect.stringContaining('query.asOf: must be a date like 2026-06-30') } });
    expect(await analyst.request('GET', '/api/aggregates/regional?asof=2025-02-01')).toMatchObject({ status: 400, body: { message: expect.stringContaining('asof') } });
    const coach = await new Client(app).signIn('anna');
    expect((await coach.request('GET', '/api/aggregates/regional')).status).toBe(404);
  });

  it('refuses unsigned, forged, stale, mislabelled and unmergeable files, saying why', async () => {
    const { push } = await umbrella();
    const body = JSON.stringify(files[0]);
    const signed = signAggregate(body, providers[0]!, keys[0]!.privateKey);
    expect((await push(body, {})).status).toBe(401);
    // Another member's key, a changed body, an unknown provider: the same answer.
    const forged = await push(body, signAggregate(body, providers[0]!, keys[1]!.privateKey));
    expect(forged).toMatchObject({ status: 401, body: { error: 'bad-signature' } });
    const changed = JSON.stringify({ ...files[0], threshold: 6 });
    expect((await push(changed, signed)).status).toBe(401);
    expect((await push(body, signAggregate(body, 'stranger', keys[0]!.privateKey))).status).toBe(401);
    const stale = await push(body, signAggregate(body, providers[0]!, keys[0]!.privateKey, new Date(Date.now() - 3_600_000)));
    expect(stale.body.message).toMatch(/more than 5 minutes from now/);
    // Provider 1 signs provider 0's file.
    const mislabelled = await push(body, signAggregate(body, providers[1]!, keys[1]!.privateKey));
    expect(mislabelled).toMatchObject({ status: 400, body: { error: 'wrong-provider' } });
    const closed = JSON.stringify(aggregateFile(population.cases.filter((c) => c.providerId === providers[0]), { providerId: providers[0]!, asOf }));
    expect((await push(closed, signAggregate(closed, providers[0]!, keys[0]!.privateKey))).body.error).toBe('not-mergeable');
    const withCaseIds = JSON.stringify({ ...files[0], caseIds: ['c-1'] });
    const r = await push(withCaseIds, signAggregate(withCaseIds, providers[0]!, keys[0]!.privateKey));
    expect(r).toMatchObject({ status: 400, body: { error: 'invalid-aggregate' } });
    expect(r.body.message).toMatch(/unknown key\(s\) caseIds/);
  });
});
