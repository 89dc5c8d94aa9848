import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import reference from './fixtures/survival-reference.json' with { type: 'json' };
import { kaplanMeier, kaplanMeierFromCounts, type ConfType } from './kaplan-meier.js';
import { mergeSurvivalCounts, survivalCounts, SurvivalInputError, type SurvivalObservation } from './survival-counts.js';

const TOL = 1e-6;

function expectClose(actual: (number | null)[], expected: (number | null)[], what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i] ?? null;
    if (e === null) expect(a, `${what}[${i}]`).toBeNull();
    else {
      expect(a, `${what}[${i}]`).not.toBeNull();
      expect(Math.abs(a! - e), `${what}[${i}]: ${a} vs R ${e}`).toBeLessThan(TOL);
    }
  });
}

const observations = (data: { time: number[]; event: number[] }): SurvivalObservation[] =>
  data.time.map((time, i) => ({ time, event: data.event[i] === 1 }));

describe('kaplanMeier against R survfit', () => {
  for (const dataset of reference.kaplanMeier) {
    for (const fit of dataset.fits) {
      it(`${dataset.name}, conf.type = ${fit.confType}`, () => {
        const km = kaplanMeier(observations(dataset.data), { confType: fit.confType as ConfType });
        expectClose(km.steps.map((s) => s.time), fit.time, 'time');
        expectClose(km.steps.map((s) => s.nRisk), fit.nRisk, 'n.risk');
        expectClose(km.steps.map((s) => s.nEvent), fit.nEvent, 'n.event');
        expectClose(km.steps.map((s) => s.nCensor), fit.nCensor, 'n.censor');
        expectClose(km.steps.map((s) => s.survival), fit.survival, 'surv');
        expectClose(km.steps.map((s) => s.stdErr), fit.stdErr, 'std.err');
        expectClose(km.steps.map((s) => s.lower), fit.lower, 'lower');
        expectClose(km.steps.map((s) => s.upper), fit.upper, 'upper');
        expectClose([km.median, km.medianLower, km.medianUpper], [fit.median, fit.medianLower, fit.medianUpper], 'median');
        const q = km.quantiles(fit.quantileProbs);
        expectClose(q.map((x) => x.time), fit.quantile, 'quantile');
        expectClose(q.map((x) => x.lower), fit.quantileLower, 'quantile lower');
        expectClose(q.map((x) => x.upper), fit.quantileUpper, 'quantile upper');
        const rm = km.restrictedMean(fit.rmeanTau);
        expectClose([rm.mean, rm.stdErr], [fit.rmean, fit.rmeanStdErr], 'rmean');
        const table = km.atRisk(fit.atTimes);
        expectClose(table.map((r) => r.nRisk), fit.atRisk, 'at-risk n.risk');
        expectClose(table.map((r) => r.nEvent), fit.atEvent, 'at-risk n.event');
        expectClose(table.map((r) => r.nCensor), fit.atCensor, 'at-risk n.censor');
        expectClose(table.map((r) => r.survival), fit.atSurvival, 'at-risk surv');
        expectClose(table.map((r) => r.lower), fit.atLower, 'at-risk lower');
        expectClose(table.map((r) => r.upper), fit.atUpper, 'at-risk upper');
      });
    }
  }
});

describe('kaplanMeier', () => {
  it('takes the midpoint where the curve is flat at exactly 0.5, as R does', () => {
    const km = kaplanMeier([1, 2, 3, 4, 5, 6].map((time, i) => ({ time, event: i !== 3 })));
    expect(km.median).toBe(4); // S = 0.5 from 3 until the next event at 5
    expect(km.quantiles([0.25, 0.5, 0.75]).map((q) => q.time)).toEqual([2, 4, 5.5]);
  });

  it('gives a null median when the curve stays above 0.5', () => {
    expect(kaplanMeier([{ time: 1, event: true }, { time: 2, event: false }, { time: 3, event: false }]).median).toBeNull();
  });

  it('says which observation is wrong', () => {
    expect(() => kaplanMeier([{ time: 1, event: true }, { time: Number.NaN, event: true }])).toThrow(
      new SurvivalInputError('observations[1].time must be a finite number, got NaN'),
    );
    expect(() => kaplanMeier([{ time: 1, event: 1 as unknown as boolean }])).toThrow(/observations\[0\]\.event must be true/);
    expect(() => kaplanMeier([], { confLevel: 95 })).toThrow(/confLevel must be between 0 and 1/);
  });

  const obs = fc.array(fc.record({ time: fc.integer({ min: 0, max: 60 }), event: fc.boolean() }), { maxLength: 200 });

  it('merged partition counts give exactly the single-pass curve', () => {
    fc.assert(
      fc.property(obs, fc.array(fc.nat(4), { maxLength: 200 }), (all, parts) => {
        const partitions: SurvivalObservation[][] = [[], [], [], [], []];
        all.forEach((o, i) => partitions[parts[i] ?? 0]!.push(o));
        const merged = kaplanMeierFromCounts(mergeSurvivalCounts(...partitions.map(survivalCounts)));
        const single = kaplanMeier(all);
        expect(merged.steps).toEqual(single.steps);
        expect(merged.median).toEqual(single.median);
      }),
    );
  });

  it('survival is non-increasing and within [0, 1], with limits around it', () => {
    fc.assert(
      fc.property(obs, fc.constantFrom<ConfType>('log', 'log-log', 'plain'), (all, confType) => {
        const { steps } = kaplanMeier(all, { confType });
        let prev = 1;
        for (const s of steps) {
          expect(s.survival).toBeLessThanOrEqual(prev);
          expect(s.survival).toBeGreaterThanOrEqual(0);
          prev = s.survival;
          if (s.lower !== null) expect(s.lower).toBeLessThanOrEqual(s.survival + 1e-12);
          if (s.upper !== null) expect(s.upper).toBeGreaterThanOrEqual(s.survival - 1e-12);
        }
      }),
    );
  });

  // Adding people always enlarges earlier risk sets, so the literal "adding censored observations"
  // changes the curve; what holds is that following people still in beyond the last event
  // (their censoring moves later, or more such follow-up is recorded) leaves it unchanged.
  it('longer follow-up of people censored after the last event leaves the curve unchanged', () => {
    fc.assert(
      fc.property(obs, fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 200 }), (all, extra) => {
        const lastEvent = Math.max(-1, ...all.filter((o) => o.event).map((o) => o.time));
        const extended = all.map((o, i) => (!o.event && o.time > lastEvent ? { time: o.time + (extra[i] ?? 1), event: false } : o));
        const before = kaplanMeier(all);
        const after = kaplanMeier(extended);
        const upTo = (c: typeof before) => c.steps.filter((s) => s.time <= lastEvent);
        expect(upTo(after)).toEqual(upTo(before));
        expect(after.median).toEqual(before.median);
        expect(after.survivalAt(lastEvent + 1000).survival).toBe(before.survivalAt(lastEvent + 1000).survival);
      }),
    );
  });
});
