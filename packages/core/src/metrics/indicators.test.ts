import { describe, expect, it } from 'vitest';
import { addDays } from '../case/dates.js';
import { CaseHistoryBuilder } from '../testing/history-builder.js';
import { simulatePopulation } from '../testing/simulate-population.js';
import { byProvider } from './by-provider.js';
import type { CaseRecord } from './case-record.js';
import { employmentSpells } from './employment-spells.js';
import { placementRate } from './placement-rate.js';
import { retention } from './retention.js';
import { timeToPlacement } from './time-to-placement.js';

const DAY0 = '2024-01-01';
const open = { templateId: 'euse-supported-employment', templateVersion: 1, providerId: 'p' };

/** A person opened ten days before day 0, with jobs given as [startDay, endDay | null]. */
function person(id: string, providerId: string, jobs: [number, number | null][]): CaseRecord {
  const b = new CaseHistoryBuilder(id, `${addDays(DAY0, -10)}T09:00:00Z`).add('case.open', { ...open, providerId });
  const moments: [number, 'start' | 'end', string][] = [];
  jobs.forEach(([s, e], i) => {
    moments.push([s, 'start', `j${i}`]);
    if (e !== null) moments.push([e, 'end', `j${i}`]);
  });
  moments.sort((a, b) => a[0] - b[0]);
  let now = -10;
  for (const [day, what, jobId] of moments) {
    b.after(day - now);
    now = day;
    if (what === 'start') b.add('job.start', { jobId, employer: 'E', openMarket: true });
    else b.add('job.end', { jobId, endReason: 'dismissed' });
  }
  return { caseId: id, providerId, events: b.build() };
}

// Day 500 is the cut-off for everyone except C and D, whose follow-up is cut short.
const cases = [
  person('A', 'p1', [[0, 100], [150, null]]), // lost a job, re-placed, employed at day 365
  person('B', 'p1', [[0, 200]]), // lost the job for good
  person('C', 'p2', [[0, null]]), // still employed, but followed only 100 days
  person('D', 'p2', [[0, 50]]), // lost the job, followed 120 days, not yet re-placed
  person('E', 'p2', []), // never placed
  person('F', 'p1', [[0, 300], [400, null]]), // out of work at day 365, re-placed after it
];
const asOf = addDays(DAY0, 500);
const shortFollowUp = (c: CaseRecord, days: number): CaseRecord => ({
  ...c,
  events: [...c.events, { ...c.events[0]!, id: `${c.caseId}-close`, seq: 99, type: 'case.close', at: `${addDays(DAY0, days)}T10:00:00.000Z`, payload: { outcome: 'withdrew' } }],
});
cases[2] = shortFollowUp(cases[2]!, 100);
cases[3] = shortFollowUp(cases[3]!, 120);

describe('retention', () => {
  it('headline: the Aalen-Johansen share in work at the horizon, from everyone’s whole follow-up', () => {
    const r = retention(cases, { asOf });
    expect(r.placed).toBe(5);
    // Day t is in work when a job covers it: a job's last day d moves the person out at d + 1.
    expect(r.spans.map((s) => [s.id, s.start, s.stop, s.state, s.to])).toEqual([
      ['A', 0, 101, 0, 1],
      ['A', 101, 150, 1, 0],
      ['A', 150, 500, 0, null],
      ['B', 0, 201, 0, 1],
      ['B', 201, 500, 1, null],
      ['C', 0, 100, 0, null],
      ['D', 0, 51, 0, 1],
      ['D', 51, 120, 1, null],
      ['F', 0, 301, 0, 1],
      ['F', 301, 400, 1, 0],
      ['F', 400, 500, 0, null],
    ]);
    // By hand: at 51 one of 5 in work leaves → 0.8 in work; at 101 one of 3 → 0.8·2/3; at 150 the
    // one person out (A) comes back → 1; at 201 one of 3 leaves → 2/3; at 301 one of 2 → 1/3.
    expect(r.estimate).toMatchObject({ n: 5, method: 'aalen-johansen', nRisk: 3 });
    // Still followed on a day: everyone placed on day 0; C (to day 100) and D (to 120) drop out after.
    expect(r.curve.at([0, 100, 101, 121, 365]).map((p) => p.nRisk)).toEqual([5, 5, 4, 3, 3]);
    expect(r.estimate!.value).toBeCloseTo(1 / 3, 12);
    expect(r.curve.steps.map((s) => [s.time, Number(s.value.toFixed(6))])).toEqual([
      [51, 0.8],
      [101, 0.533333],
      [150, 1],
      [201, 0.666667],
      [301, 0.333333],
    ]);
    expect(r.plain).toMatchObject({ count: 1, n: 3 });
    expect(r.plain.share).toBeCloseTo(1 / 3, 12);
  });

  it('keeps first-spell tenure beside it (Kaplan-Meier of the first job’s end)', () => {
    const r = retention(cases, { asOf });
    expect(r.observations.map((o) => [o.caseId, o.time, o.event])).toEqual([
      ['A', 100, true],
      ['B', 200, true],
      ['C', 100, false],
      ['D', 50, true],
      ['F', 300, true],
    ]);
    expect(r.firstSpell).toMatchObject({ value: 0, n: 5, events: 4 });
    const tenure = retention(cases, { asOf, countReplacement: false });
    expect(tenure.estimate).toMatchObject({ value: 0, method: 'kaplan-meier' });
    expect(tenure.plain).toMatchObject({ count: 0, n: 3 });
  });

  it('joins job-to-job moves within maxGapDays into one spell', () => {
    const mover = person('G', 'p1', [[0, 100], [120, null]]);
    expect(employmentSpells([mover], { asOf }).map((h) => h.spells.length)).toEqual([2]);
    expect(employmentSpells([mover], { asOf, maxGapDays: 30 })[0]!.spells).toMatchObject([{ jobIds: ['j0', 'j1'], end: null }]);
    const tenure = retention([mover], { asOf, countReplacement: false, maxGapDays: 30 });
    expect(tenure.observations[0]).toMatchObject({ time: 500, event: false, retained: true });
    expect(tenure.estimate!.value).toBe(1);
  });

  it('gives no estimate past the longest follow-up, as R’s summary(survfit, times) gives none', () => {
    // Everyone's follow-up ends by day 500 after the first job (A, B and F at the cut-off).
    const atEnd = retention(cases, { asOf, horizonDays: 500 });
    expect(atEnd.followedTo).toBe(500);
    // F came back to work on day 400: two of A, B and F are in work on day 500.
    expect(atEnd.estimate).toMatchObject({ value: expect.closeTo(2 / 3, 12), nRisk: 3 });
    const past = retention(cases, { asOf, horizonDays: 501 });
    // Not the last value carried on with nobody seen: nothing.
    expect(past.estimate).toBeNull();
    expect(past.curve.at([500, 501]).map((p) => [p.value === null ? null : Number(p.value.toFixed(6)), p.nRisk])).toEqual([[0.666667, 3], [null, 0]]);
    expect(past.curve.band().at(-1)!.time).toBe(500);
    // Every first job seen has ended (F's, the longest, at day 300), so tenure is known to be 0 past it.
    expect(past.firstSpell).toMatchObject({ value: 0 });
    // One person still in her first job, followed 100 days: neither figure is known at a year.
    const fresh = retention([person('H', 'p1', [[0, null]])], { asOf: addDays(DAY0, 100) });
    expect(fresh).toMatchObject({ placed: 1, followedTo: 100, estimate: null, firstSpell: null });
    expect(fresh.curve.at([100, 365]).map((p) => p.value)).toEqual([1, null]);
    const tenure = retention([person('H', 'p1', [[0, null]])], { asOf: addDays(DAY0, 100), countReplacement: false });
    expect(tenure.estimate).toBeNull();
    expect(tenure.curve.at([100, 365]).map((p) => p.value)).toEqual([1, null]);
    // Nobody still searching was followed a year from entry either.
    expect(timeToPlacement([person('I', 'p1', [])], { asOf: addDays(DAY0, 100) }).placedBy.map((p) => p.share)).toEqual([0, null, null]);
  });

  it('rejects a non-positive horizon', () => {
    expect(() => retention(cases, { horizonDays: 0 })).toThrow(/horizonDays must be positive/);
  });
});

describe('timeToPlacement', () => {
  it('measures from programme entry and censors people still searching', () => {
    const t = timeToPlacement(cases, { asOf });
    expect(t.observations.map((o) => [o.caseId, o.time, o.event])).toEqual([
      ['A', 10, true],
      ['B', 10, true],
      ['C', 10, true],
      ['D', 10, true],
      ['E', 510, false],
      ['F', 10, true],
    ]);
    expect(t.median).toBe(10);
    expect(t.placedBy[0]).toMatchObject({ days: 90 });
    expect(t.placedBy[0]!.share).toBeCloseTo(5 / 6, 12);
  });
});

describe('placementRate', () => {
  it('divides people placed in the period by people in the programme during it', () => {
    const r = placementRate(cases, { from: addDays(DAY0, 140), to: addDays(DAY0, 420) });
    // In the programme: A, B, E, F (C and D closed before day 140). Placed: A (day 150), F (day 400).
    expect(r).toMatchObject({ count: 2, n: 4, share: 0.5 });
    expect(r.lower).toBeLessThan(0.5);
    expect(() => placementRate(cases, { from: '2024-05-01', to: '2024-04-01' })).toThrow(/ends .* before it starts/);
  });
});

describe('byProvider', () => {
  it('compares providers with intervals and a log-rank test', () => {
    const { cases: population, cutoff } = simulatePopulation({ providers: 5, people: 1500, years: 3, seed: 5 });
    const table = byProvider(population, 'retention', { asOf: cutoff });
    expect(table.rows.length).toBeGreaterThanOrEqual(2);
    expect(table.overall.n).toBe(table.rows.reduce((n, r) => n + r.n, 0));
    for (const r of table.rows.filter((x) => x.estimate !== null)) {
      expect(r.estimate).toBeGreaterThanOrEqual(0);
      expect(r.estimate).toBeLessThanOrEqual(1);
    }
    expect(table.logRank!.df).toBe(table.logRank!.groups.filter((g) => g.expected > 0).length - 1);
    const placement = byProvider(population, 'placement-rate', { period: { from: '2021-01-01', to: '2021-12-31' } });
    expect(placement.logRank).toBeNull();
    expect(() => byProvider(population, 'placement-rate')).toThrow(/needs options.period/);
  });
});

describe('indicators on no data', () => {
  it('report nobody placed instead of failing: no estimate, not 1 with an interval of [1, 1]', () => {
    expect(retention([])).toMatchObject({ placed: 0, estimate: null, firstSpell: null });
    const nobody = retention([cases[4]!], { asOf });
    expect(nobody).toMatchObject({ placed: 0, estimate: null, firstSpell: null, plain: { n: 0, share: null } });
    expect(nobody.curve.steps).toEqual([]);
    expect(timeToPlacement([]).median).toBeNull();
  });
});
