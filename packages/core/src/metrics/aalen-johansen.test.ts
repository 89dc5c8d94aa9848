import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import reference from './fixtures/aalen-johansen-reference.json' with { type: 'json' };
import { aalenJohansen, type StateSpan } from './aalen-johansen.js';
import { kaplanMeier, type ConfType } from './kaplan-meier.js';
import { SurvivalInputError } from './survival-counts.js';

const STATES = ['work', 'out'] as const;
const WORK = 0;
const TOL = 1e-6;

function spansOf(data: { id: string[]; start: number[]; stop: number[]; state: string[]; to: string[] }): StateSpan[] {
  const index = (s: string) => STATES.indexOf(s as (typeof STATES)[number]);
  return data.id.map((id, i) => ({
    id,
    start: data.start[i]!,
    stop: data.stop[i]!,
    state: index(data.state[i]!),
    to: data.to[i] === 'censor' ? null : index(data.to[i]!),
  }));
}

function expectClose(actual: number | null, expected: number | null, what: string): void {
  if (expected === null) expect(actual, what).toBeNull();
  else {
    expect(actual, what).not.toBeNull();
    expect(Math.abs(actual! - expected), `${what}: ${actual} vs R ${expected}`).toBeLessThan(TOL);
  }
}

describe('aalenJohansen against R survfit (multi-state)', () => {
  for (const dataset of reference.cases) {
    for (const fit of dataset.fits) {
      it(`${dataset.name}, conf.type = ${fit.confType}`, () => {
        expect(fit.states).toEqual([...STATES]);
        const aj = aalenJohansen(spansOf(dataset.data), STATES, { confType: fit.confType as ConfType });
        // Every time R reports (changes and censorings), as summary(fit, times) would.
        fit.time.forEach((t, i) => {
          const at = aj.at(t, WORK);
          expectClose(at.value, fit.pWork[i]!, `pstate at ${t}`);
          expectClose(at.stdErr, fit.stdErrWork[i]!, `std.err at ${t}`);
          expectClose(at.lower, fit.lowerWork[i] ?? null, `lower at ${t}`);
          expectClose(at.upper, fit.upperWork[i] ?? null, `upper at ${t}`);
        });
        fit.atTimes.forEach((t, i) => {
          const at = aj.at(t, WORK);
          expectClose(at.value, fit.atWork[i]!, `summary pstate at ${t}`);
          expectClose(at.stdErr, fit.atStdErr[i]!, `summary std.err at ${t}`);
        });
      });
    }
  }

  it('is checked on data with changes both ways and people starting in either state', () => {
    const mixed = reference.cases.find((c) => c.name === 'mixed-start')!;
    const spans = spansOf(mixed.data);
    expect(spans.filter((s) => s.state === 1 && s.to === WORK).length).toBeGreaterThan(50);
    const fit = aalenJohansen(spans, STATES);
    expect(fit.p0[1]).toBeGreaterThan(0.2);
  });
});

describe('aalenJohansen', () => {
  it('equals 1 − Kaplan-Meier when nobody comes back (a two-state process with an absorbing state)', () => {
    const obs = fc.sample(fc.array(fc.record({ time: fc.integer({ min: 1, max: 60 }), event: fc.boolean() }), { minLength: 1, maxLength: 40 }), { numRuns: 30, seed: 7 });
    for (const list of obs) {
      const spans: StateSpan[] = list.map((o, i) => ({ id: `p${i}`, start: 0, stop: o.time, state: WORK, to: o.event ? 1 : null }));
      const aj = aalenJohansen(spans, STATES);
      const km = kaplanMeier(list);
      for (const t of [0, 5, 17, 30, 61]) expect(aj.at(t, WORK).value).toBeCloseTo(km.survivalAt(t).survival, 12);
    }
  });

  it('keeps each person in exactly one state: the probabilities add to 1', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 30 }),
        (people) => {
          const spans: StateSpan[] = [];
          people.forEach((durations, i) => {
            let t = 0;
            durations.forEach((d, k) => {
              const state = k % 2;
              spans.push({ id: `p${i}`, start: t, stop: t + d, state, to: k === durations.length - 1 ? null : 1 - state });
              t += d;
            });
          });
          const fit = aalenJohansen(spans, STATES);
          for (const step of fit.steps) {
            expect(step.pstate[0]! + step.pstate[1]!).toBeCloseTo(1, 12);
            expect(Math.min(...step.pstate)).toBeGreaterThanOrEqual(-1e-12);
          }
          // The influence on being in work is minus the influence on being out, so the errors agree.
          const t = fit.steps.at(-1)?.time ?? 1;
          expect(fit.at(t, 0).stdErr).toBeCloseTo(fit.at(t, 1).stdErr, 10);
        },
      ),
    );
  });

  it('says which span is wrong', () => {
    expect(() => aalenJohansen([{ id: 'x', start: 5, stop: 5, state: 0, to: null }], STATES)).toThrow(SurvivalInputError);
    expect(() => aalenJohansen([{ id: 'x', start: 5, stop: 5, state: 0, to: null }], STATES)).toThrow(/span 0 \(id "x"\): stop 5 must be after start 5/);
    expect(() => aalenJohansen([{ id: 'y', start: 0, stop: 5, state: 0, to: 0 }], STATES)).toThrow(/"to" must be another state/);
    expect(() => aalenJohansen([{ id: 'z', start: 0, stop: 5, state: 2, to: null }], STATES)).toThrow(/state 2 is not one of the 2 states/);
  });
});
