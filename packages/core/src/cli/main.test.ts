import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { simulatePopulation } from '../testing/simulate-population.js';
import { retention } from '../metrics/retention.js';
import { latestEventDate } from '../metrics/case-record.js';
import { consentedAt } from '../case/consents-of.js';
import { main } from './main.js';
import { eventsToCsv, readEventExport } from './read-export.js';

const dir = mkdtempSync(join(tmpdir(), 'casepath-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const population = simulatePopulation({ providers: 3, people: 300, years: 3, seed: 8 });
const events = population.cases.flatMap((c) => c.events);
const ndjson = join(dir, 'events.ndjson');
writeFileSync(ndjson, events.map((e) => JSON.stringify(e)).join('\n') + '\n');

let out = '';
let err = '';
beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
});
afterEach(() => vi.restoreAllMocks());

describe('readEventExport', () => {
  it('reads CSV and NDJSON exports of the same events into the same cases', async () => {
    const fromCsv = await readEventExport(Readable.from([eventsToCsv(events)]), { format: 'csv' });
    const fromJson = await readEventExport(Readable.from([readFileSync(ndjson, 'utf8')]), { format: 'ndjson' });
    expect(fromCsv.events).toBe(events.length);
    expect(fromCsv.cases).toEqual(fromJson.cases);
    expect(fromJson.cases.map((c) => c.caseId).sort()).toEqual(population.cases.map((c) => c.caseId).sort());
  });

  it('names the line and field of a malformed row', async () => {
    const lines = events.slice(0, 5).map((e) => JSON.stringify(e));
    lines[3] = JSON.stringify({ ...events[3], at: 'last Tuesday' });
    await expect(readEventExport(Readable.from([lines.join('\n')]), { format: 'ndjson' })).rejects.toThrow(
      'line 4, field at: at should be an ISO 8601 date-time in UTC',
    );
    lines[3] = '{"broken": ';
    await expect(readEventExport(Readable.from([lines.join('\n')]), { format: 'ndjson' })).rejects.toThrow(/^line 4: is not valid JSON/);
    const csv = eventsToCsv(events.slice(0, 3)).replace('"{""templateId""', '"{""templateId"":');
    await expect(readEventExport(Readable.from([csv]), { format: 'csv' })).rejects.toThrow(/line 2, field payload: is not valid JSON/);
  });

  it('can skip invalid rows, reporting each', async () => {
    const lines = events.slice(0, 5).map((e) => JSON.stringify(e));
    lines[1] = JSON.stringify({ ...events[1], seq: -3 });
    const seen: string[] = [];
    const r = await readEventExport(Readable.from([lines.join('\n')]), { format: 'ndjson', skipInvalid: true, onInvalid: (e) => seen.push(e.message) });
    expect(r).toMatchObject({ events: 4, invalid: 1 });
    expect(seen).toEqual(['line 2, field seq: seq should be at least 0']);
  });
});

describe('casepath CLI', () => {
  it('prints the indicators as JSON, the same figures as the library', async () => {
    expect(await main(['metrics', ndjson, '--format', 'json', '--as-of', population.cutoff.slice(0, 10)])).toBe(0);
    const rows = JSON.parse(out) as { indicator: string; group: string; estimate: number; n: number }[];
    const headline = rows.find((r) => r.indicator === 'in work 365 days after the first job (Aalen-Johansen)' && r.group === 'all')!;
    const expected = retention(population.cases, { asOf: population.cutoff.slice(0, 10) });
    expect(headline.estimate).toBeCloseTo(expected.estimate!.value, 12);
    expect(headline.n).toBe(expected.placed);
    const tenure = rows.find((r) => r.indicator === 'first-job tenure ≥ 365 days (Kaplan-Meier)' && r.group === 'all')!;
    expect(tenure.estimate).toBeCloseTo(expected.firstSpell!.value, 12);
    expect(err).toMatch(/read [\d,]+ events of 300 cases/);
  });

  it('compares providers and writes a retention plot', async () => {
    const svg = join(dir, 'plot.svg');
    expect(await main(['metrics', ndjson, '--by-provider', '--plot', svg])).toBe(0);
    expect(out).toContain('providers differ in first-job tenure (log-rank p)');
    const text = readFileSync(svg, 'utf8');
    expect(text).toMatch(/^<svg[^>]+role="img"/);
    expect(text).toContain('<title id="t">In work after entering the labour market');
    expect((text.match(/<path /g) ?? []).length).toBeGreaterThanOrEqual(2);
  });

  it('says a horizon past everyone’s follow-up is not known yet, instead of carrying the last value on', async () => {
    const svg = join(dir, 'far.svg');
    expect(await main(['metrics', ndjson, '--format', 'json', '--horizon', '100000', '--plot', svg])).toBe(0);
    const rows = JSON.parse(out) as { indicator: string; group: string; estimate: number | null; note: string }[];
    const longest = retention(population.cases, { asOf: latestEventDate(population.cases) }).followedTo!;
    expect(rows.find((r) => r.indicator === 'in work 100000 days after the first job (Aalen-Johansen)')).toMatchObject({
      estimate: null,
      note: `not known yet: nobody followed 100000 days after a first job (longest ${longest} days)`,
    });
    expect(readFileSync(svg, 'utf8')).toContain(`all: not known at 100000 days, nobody followed that long yet (longest ${longest} days;`);
  });

  it('prints CSV', async () => {
    expect(await main(['metrics', ndjson, '--format', 'csv'])).toBe(0);
    expect(out.split('\n')[0]).toBe('indicator,group,n,estimate,lower,upper,note');
  });

  it('explains usage mistakes instead of crashing', async () => {
    expect(await main(['metrics', ndjson, '--horizon', 'soon'])).toBe(2);
    expect(err).toContain('--horizon must be a whole number ≥ 1, got "soon"');
    // A horizon of no days, or part of a day, is said, not thrown from deep inside.
    for (const horizon of ['0', '12.5', '']) {
      expect(await main(['metrics', ndjson, '--horizon', horizon])).toBe(2);
      expect(err).toContain(`--horizon must be a whole number ≥ 1, got "${horizon}"`);
    }
    expect(err).not.toContain('unexpected error');
    expect(await main(['metrics', join(dir, 'missing.ndjson')])).toBe(2);
    expect(err).toContain('ENOENT');
    expect(await main(['frobnicate'])).toBe(2);
    expect(await main(['metrics', ndjson, '--colour'])).toBe(2);
    // A cut-off that is not a day of the calendar, or is still to come, is said, not counted to.
    expect(await main(['metrics', ndjson, '--as-of', '2025-02-30'])).toBe(2);
    expect(err).toContain('--as-of must be a date like 2026-06-30, got "2025-02-30"');
    expect(await main(['aggregate', ndjson, '--provider', 'provider-01', '--out', join(dir, 'x.json'), '--as-of', '2999-01-01'])).toBe(2);
    expect(err).toContain('--as-of 2999-01-01 is in the future; a cut-off is today or earlier');
  });

  it('has help with examples', async () => {
    expect(await main(['--help'])).toBe(0);
    expect(out).toContain('Examples');
    expect(out).toContain('casepath metrics events.ndjson --by-provider --plot retention.svg');
  });

  it('simulates an export to try it on', async () => {
    expect(await main(['simulate', '--people', '20', '--format', 'csv'])).toBe(0);
    expect(out.split('\n')[0]).toBe('schemaVersion,id,caseId,seq,type,at,actorId,actorRole,reason,payload');
  });

  it('aggregates each provider and merges them into the regional figures of all the cases', async () => {
    const providers = [...new Set(population.cases.map((c) => c.providerId))].sort();
    const files = providers.map((p) => join(dir, `${p}.aggregate.json`));
    for (const [i, p] of providers.entries()) expect(await main(['aggregate', ndjson, '--provider', p, '--allow-merge', '--out', files[i]!])).toBe(0);
    expect(err).toMatch(/wrote .*provider-01\.aggregate\.json: \d+ cases of provider-01 as of \d{4}-\d{2}-\d{2} \(\d+ left out: no consent to statistics\), counts included for merging/);
    expect(await main(['merge', ...files, '--format', 'json'])).toBe(0);
    const merged = JSON.parse(out) as { providers: string[]; indicators: { retention: { estimate: { value: number } } } };
    expect(merged.providers).toEqual(providers);
    // The cut-off is the export's latest event, as `metrics` takes it; only those who consented to statistics count.
    const asOf = latestEventDate(population.cases);
    const consenting = population.cases.filter((c) => consentedAt(c.events, 'statistics', `${asOf}T23:59:59.999Z`));
    const pooled = retention(consenting, { asOf });
    expect(err).toContain(`${population.cases.length - consenting.length} people left out for want of consent to statistics`);
    expect(merged.indicators.retention.estimate.value).toBeCloseTo(pooled.estimate!.value, 12);
    out = '';
    expect(await main(['merge', ...files])).toBe(0);
    expect(out).toContain('For publication (counts below 5 suppressed');
  });

  it('explains what is wrong with aggregate and merge input', async () => {
    expect(await main(['aggregate', ndjson, '--out', join(dir, 'x.json')])).toBe(2);
    expect(err).toContain('aggregate needs --provider ID');
    expect(await main(['aggregate', ndjson, '--provider', 'provider-77', '--out', join(dir, 'x.json')])).toBe(2);
    expect(err).toMatch(/no cases of provider "provider-77" in the export; it has provider-01/);
    expect(await main(['aggregate', ndjson, '--provider', 'provider-01', '--out', join(dir, 'x.json'), '--threshold', '0'])).toBe(2);
    expect(err).toContain('--threshold must be a whole number ≥ 1, got "0"');
    const closed = join(dir, 'closed.json');
    expect(await main(['aggregate', ndjson, '--provider', 'provider-01', '--out', closed])).toBe(0);
    expect(await main(['merge', closed])).toBe(2);
    expect(err).toMatch(/closed\.json: provider "provider-01" did not allow merging/);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"format": "casepath-aggregate"');
    expect(await main(['merge', broken])).toBe(2);
    expect(err).toMatch(/broken\.json is not JSON/);
  });

  it('draws a funnel plot and a forest plot of the providers, and refuses them without --by-provider', async () => {
    const funnel = join(dir, 'funnel.svg');
    const forest = join(dir, 'forest.svg');
    expect(await main(['metrics', ndjson, '--by-provider', '--funnel', funnel, '--forest', forest])).toBe(0);
    const f = readFileSync(funnel, 'utf8');
    expect(f).toMatch(/^<svg[^>]+role="img"/);
    expect(f).toContain('99.8% limits (Spiegelhalter 2005)');
    const placed = retention(population.cases, { asOf: latestEventDate(population.cases) });
    expect(f).toContain(`all providers ${(placed.estimate!.value * 100).toFixed(1)}%`);
    const providersPlaced = new Set(placed.observations.map((o) => o.providerId));
    expect((f.match(/<circle /g) ?? []).length).toBe(providersPlaced.size);
    expect(readFileSync(forest, 'utf8')).toContain('all providers (');
    expect(await main(['metrics', ndjson, '--funnel', funnel])).toBe(2);
    expect(err).toContain('--funnel and --forest compare providers: add --by-provider');
  });

  it('reports retention only for services with jobs, and goals achieved for the others', async () => {
    const mixed = simulatePopulation({ providers: 10, people: 1000, years: 3, seed: 5 });
    const file = join(dir, 'mixed.ndjson');
    writeFileSync(file, mixed.cases.flatMap((c) => c.events).map((e) => JSON.stringify(e)).join('\n') + '\n');
    expect(await main(['metrics', file, '--by-provider', '--format', 'json'])).toBe(0);
    const rows = JSON.parse(out) as { indicator: string; group: string }[];
    const family = mixed.providers.filter((p) => p.templateId === 'family-support').map((p) => p.providerId);
    const employment = mixed.providers.filter((p) => p.templateId === 'euse-supported-employment').map((p) => p.providerId);
    expect(family.length).toBeGreaterThan(0);
    expect(employment.length).toBeGreaterThan(0);
    for (const p of family) {
      expect(rows.filter((r) => r.group === p && r.indicator.startsWith('in work'))).toEqual([]);
      expect(rows.some((r) => r.group === p && r.indicator === 'goal achieved: parenting')).toBe(true);
    }
    for (const p of employment) expect(rows.some((r) => r.group === p && r.indicator.startsWith('in work'))).toBe(true);
  });
});

