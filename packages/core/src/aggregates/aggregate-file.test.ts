import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { retention } from '../metrics/retention.js';
import { timeToPlacement } from '../metrics/time-to-placement.js';
import { simulatePopulation } from '../testing/simulate-population.js';
import type { CaseRecord } from '../metrics/case-record.js';
import type { CaseEvent } from '../schemas/case-event.schema.js';
import { AggregateError, aggregateFile, mergeAggregates, parseAggregateFile } from './aggregate-file.js';
import { countCases } from './count-cases.js';
import { consentedAt } from '../case/consents-of.js';
import { indicatorsFromCounts } from './indicators-from-counts.js';

const population = simulatePopulation({ providers: 6, people: 600, years: 3, seed: 21 });
const asOf = population.cutoff.slice(0, 10);
// A second assessment for every person assessed once, so distance travelled has something to count.
const cases: CaseRecord[] = population.cases.map((c, i) => {
  const first = c.events.find((e) => e.type === 'assessment.record');
  if (first?.type !== 'assessment.record') return c;
  const last = c.events[c.events.length - 1]!;
  const again = { ...first, id: `${c.caseId}-again`, seq: last.seq + 1, at: last.at, payload: { ...first.payload, assessmentId: 'again', scores: { overall: 20 + ((i * 37) % 61), missing: null } } };
  return { ...c, events: [...c.events, again] };
});

/** Those who consented to be counted in statistics (about 70% of the simulated people). */
const consenting = cases.filter((c) => consentedAt(c.events, 'statistics', `${asOf}T23:59:59.999Z`));

/** Cases given to `k` providers as `assign` says (any partition). */
function partition(assign: readonly number[], k: number): CaseRecord[][] {
  const groups: CaseRecord[][] = Array.from({ length: k }, () => []);
  cases.forEach((c, i) => groups[assign[i % assign.length]! % k]!.push({ ...c, providerId: `region-p${assign[i % assign.length]! % k}` }));
  return groups.filter((g) => g.length > 0);
}

function closeTo(a: number | null | undefined, b: number | null | undefined, what: string): void {
  if (b === null || b === undefined) expect(a ?? null, what).toBeNull();
  else expect(Math.abs(a! - b), `${what}: ${a} vs ${b}`).toBeLessThan(1e-12);
}

describe('aggregate files', () => {
  it('merged, any partition into providers equals the pooled computation: counts exactly, estimates to 1e-12', () => {
    const pooledCounts = countCases(consenting, { asOf });
    const pooled = indicatorsFromCounts(pooledCounts, { horizonDays: 365 });
    const records = retention(consenting, { asOf });
    // The pooled counts give the record-level estimates.
    closeTo(pooled.retention.estimate!.value, records.estimate!.value, 'Aalen-Johansen from counts vs records');
    closeTo(pooled.retention.firstSpell!.value, records.firstSpell!.value, 'first spell');
    expect(pooled.timeToPlacement.median).toBe(timeToPlacement(consenting, { asOf }).median);
    expect(pooled.distanceTravelled.length).toBeGreaterThan(0);
    expect(pooled.goals.length).toBeGreaterThan(0);
    expect(pooled.esf.left).toBeGreaterThan(0);
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 50 }), fc.integer({ min: 1, max: 8 }), (assign, k) => {
        const files = partition(assign, k).map((g) => ({ source: g[0]!.providerId, file: aggregateFile(g, { providerId: g[0]!.providerId, asOf, mergeable: true }) }));
        const merged = mergeAggregates(files);
        // Only those who consented are counted; the files say how many were left out.
        expect(merged.leftOut).toEqual({ withoutStatisticsConsent: cases.length - consenting.length, notSaidBy: [] });
        expect(merged.counts).toEqual(JSON.parse(JSON.stringify({ ...pooledCounts, distanceTravelled: merged.counts.distanceTravelled })));
        merged.counts.distanceTravelled.forEach((d, i) => {
          const p = pooledCounts.distanceTravelled[i]!;
          expect([d.instrumentId, d.respondent, d.domain, d.n]).toEqual([p.instrumentId, p.respondent, p.domain, p.n]);
          closeTo(d.sum, p.sum, 'sum of changes');
          closeTo(d.sumOfSquares, p.sumOfSquares, 'sum of squares');
        });
        const m = merged.indicators;
        for (const key of ['value', 'lower', 'upper', 'stdErr'] as const) closeTo(m.retention.estimate![key], pooled.retention.estimate![key], `retention ${key}`);
        expect(m.retention.estimate!.nRisk).toBe(pooled.retention.estimate!.nRisk);
        for (const key of ['value', 'lower', 'upper'] as const) closeTo(m.retention.firstSpell![key], pooled.retention.firstSpell![key], `first spell ${key}`);
        expect(m.retention.plain).toEqual(pooled.retention.plain);
        expect(m.placementRate).toEqual(pooled.placementRate);
        expect(m.timeToPlacement).toEqual(pooled.timeToPlacement);
        expect(m.esf).toEqual(pooled.esf);
        m.goals.forEach((g, i) => expect(g).toEqual(pooled.goals[i]));
        expect(m.goals.length).toBe(pooled.goals.length);
        m.distanceTravelled.forEach((d, i) => {
          for (const key of ['meanChange', 'sd', 'lower', 'upper'] as const) closeTo(d[key], pooled.distanceTravelled[i]![key], `distance travelled ${key}`);
        });
      }),
      { numRuns: 15 },
    );
  });

  it('gives no retention estimate past the longest follow-up, as the records give none', () => {
    const counts = countCases(consenting, { asOf });
    const records = retention(consenting, { asOf });
    const longest = records.followedTo!;
    expect(indicatorsFromCounts(counts, { horizonDays: longest }).retention).toMatchObject({ followedTo: longest, estimate: { value: expect.closeTo(retention(consenting, { asOf, horizonDays: longest }).estimate!.value, 12) } });
    const past = indicatorsFromCounts(counts, { horizonDays: longest + 1 }).retention;
    const pastRecords = retention(consenting, { asOf, horizonDays: longest + 1 });
    expect(past.estimate).toBeNull();
    expect(pastRecords.estimate).toBeNull();
    expect(past.firstSpell === null).toBe(pastRecords.firstSpell === null);
  });

  it('leaves out people without consent to statistics at the cut-off, and says how many; an older file without the count is named', () => {
    expect(consenting.length).toBeGreaterThan(cases.length * 0.6);
    expect(consenting.length).toBeLessThan(cases.length * 0.8);
    const provider = cases.filter((c) => c.providerId === cases[0]!.providerId);
    const file = aggregateFile(provider, { providerId: provider[0]!.providerId, asOf, mergeable: true });
    const theirs = provider.filter((c) => consenting.includes(c));
    expect(file.counts!.people).toBe(countCases(theirs, { asOf }).people);
    expect(file.leftOut).toEqual({ withoutStatisticsConsent: provider.length - theirs.length });
    // Withdrawn before the cut-off: left out too.
    const withdrawn: CaseRecord[] = theirs.map((c) => {
      const grant = c.events.find((e) => e.type === 'consent.grant' && e.payload.purpose === 'statistics')!;
      const withdrawal = { ...grant, id: `${c.caseId}-w`, seq: c.events.length, type: 'consent.withdraw', at: `${asOf}T00:00:00.000Z` } as CaseEvent;
      return { ...c, events: [...c.events, withdrawal] };
    });
    expect(aggregateFile(withdrawn, { providerId: provider[0]!.providerId, asOf }).leftOut).toEqual({ withoutStatisticsConsent: withdrawn.length });
    // An earlier cut-off: people who came after it were not in the programme then, so not left out either.
    const earlier = `${Number(asOf.slice(0, 4)) - 1}${asOf.slice(4)}`;
    const inByThen = provider.filter((c) => c.events[0]!.at <= `${earlier}T23:59:59.999Z`);
    expect(inByThen.length).toBeLessThan(provider.length);
    const thenConsenting = inByThen.filter((c) => consentedAt(c.events, 'statistics', `${earlier}T23:59:59.999Z`));
    expect(aggregateFile(provider, { providerId: provider[0]!.providerId, asOf: earlier }).leftOut).toEqual({ withoutStatisticsConsent: inByThen.length - thenConsenting.length });
    const [a, b] = partition([0, 1], 2);
    const older = { ...aggregateFile(b!, { providerId: b![0]!.providerId, asOf, mergeable: true }) };
    delete older.leftOut;
    const merged = mergeAggregates([{ source: 'a.json', file: aggregateFile(a!, { providerId: a![0]!.providerId, asOf, mergeable: true }) }, { source: 'b.json', file: older }]);
    expect(merged.leftOut.notSaidBy).toEqual([b![0]!.providerId]);
  });

  it('carries no ids of people, no dates of birth and no free text', () => {
    const provider = cases.filter((c) => c.providerId === cases[0]!.providerId);
    const text = JSON.stringify(aggregateFile(provider, { providerId: provider[0]!.providerId, asOf, mergeable: true }));
    for (const c of provider) expect(text).not.toContain(c.caseId);
    const reasons = provider.flatMap((c) => c.events.map((e) => e.reason)).filter((r): r is string => typeof r === 'string' && r.length > 3);
    for (const r of reasons.slice(0, 50)) expect(text).not.toContain(r);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/); // no instants; only the cut-off date
  });

  it('publishes only suppressed tables unless the provider allows merging', () => {
    const small = cases.filter((c) => c.providerId === cases[0]!.providerId).slice(0, 12);
    const file = aggregateFile(small, { providerId: small[0]!.providerId, asOf });
    expect(file.mergeable).toBe(false);
    expect(file.counts).toBeUndefined();
    for (const t of file.published) for (const c of t.cells) if (c.value !== null) expect(c.value === 0 || c.value >= 5).toBe(true);
    expect(() => mergeAggregates([{ source: 'a.json', file }])).toThrow(/a\.json: provider ".*" did not allow merging/);
  });

  it('refuses files of other cut-offs, settings, template versions or providers twice, naming them', () => {
    const [a, b] = partition([0, 1], 2);
    const fa = aggregateFile(a!, { providerId: a![0]!.providerId, asOf, mergeable: true });
    const fb = aggregateFile(b!, { providerId: b![0]!.providerId, asOf, mergeable: true });
    const later = { ...fb, asOf: '2099-01-01' };
    expect(() => mergeAggregates([{ source: 'a.json', file: fa }, { source: 'b.json', file: later }])).toThrow(/b\.json has cut-off 2099-01-01, a\.json has .*same --as-of/);
    const otherHorizon = { ...fb, settings: { ...fb.settings, horizonDays: 180 } };
    expect(() => mergeAggregates([{ source: 'a.json', file: fa }, { source: 'b.json', file: otherHorizon }])).toThrow(/same settings/);
    const t = fa.templates[0]!;
    const bumped = { ...fb, templates: [{ id: t.id, version: t.version + 1 }] };
    expect(() => mergeAggregates([{ source: 'a.json', file: fa }, { source: 'b.json', file: bumped }])).toThrow(new RegExp(`template "${t.id}" is at version ${t.version + 1} in b\\.json but ${t.version} in a\\.json`));
    expect(() => mergeAggregates([{ source: 'a.json', file: fa }, { source: 'c.json', file: fa }])).toThrow(/c\.json and a\.json are both provider/);
    const oldVersion = { ...fb, casepathVersion: '0.0.9' };
    expect(() => mergeAggregates([{ source: 'a.json', file: fa }, { source: 'b.json', file: oldVersion }])).toThrow(/made by Casepath 0\.0\.9/);
  });

  it('reads files strictly: a wrong shape, version or tampered counts get a clear error', () => {
    const [a] = partition([0], 1);
    const good = JSON.parse(JSON.stringify(aggregateFile(a!, { providerId: a![0]!.providerId, asOf, mergeable: true }))) as Record<string, unknown>;
    expect(() => parseAggregateFile({ ...good, formatVersion: 2 }, 'x.json')).toThrow(/x\.json: aggregate format version 2 is not supported/);
    expect(() => parseAggregateFile({ ...good, caseIds: ['c-1'] }, 'x.json')).toThrow(/x\.json is not a valid Casepath aggregate file:\n {2}- input has unknown key\(s\) caseIds/);
    const tampered = structuredClone(good) as { counts: { placed: number } };
    tampered.counts.placed += 1;
    expect(() => parseAggregateFile(tampered, 'x.json')).toThrow(AggregateError);
    expect(() => parseAggregateFile(tampered, 'x.json')).toThrow(/counts\.firstSpell counts \d+ people, but placed is \d+/);
    const polluting = JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(good).slice(1)}`) as unknown;
    expect(() => parseAggregateFile(polluting, 'x.json')).toThrow(/unknown key\(s\) __proto__/);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('refuses cases of another provider', () => {
    expect(() => aggregateFile(cases.slice(0, 50), { providerId: 'nobody', asOf })).toThrow(/belongs to provider .*, not "nobody"/);
  });
});
