import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import reference from './fixtures/aalen-johansen-reference.json' with { type: 'json' };
import { aalenJohansen, type StateSpan } from './aalen-johansen.js';
import { aalenJohansenFromCounts, mergeStateCounts, stateCounts } from './state-counts.js';

const STATES = ['work', 'out'];

function spansOf(data: { id: string[]; start: number[]; stop: number[]; state: string[]; to: string[] }): StateSpan[] {
  return data.id.map((id, i) => ({ id, start: data.start[i]!, stop: data.stop[i]!, state: STATES.indexOf(data.state[i]!), to: data.to[i] === 'censor' ? null : STATES.indexOf(data.to[i]!) }));
}

/** People alternating between work (0) and out (1) from time 0, censored after their last stretch. */
const people = fc.array(fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 40 });
function spansFor(durations: number[][]): StateSpan[] {
  const spans: StateSpan[] = [];
  durations.forEach((list, i) => {
    let t = 0;
    list.forEach((d, k) => {
      spans.push({ id: `p${i}`, start: t, stop: t + d, state: k % 2, to: k === list.length - 1 ? null : 1 - (k % 2) });
      t += d;
    });
  });
  return spans;
}

describe('aalenJohansenFromCounts', () => {
  for (const dataset of reference.cases.filter((c) => c.greenwood)) {
    it(`${dataset.name}: the estimate of the records, and etm's Greenwood-type standard error`, () => {
      const spans = spansOf(dataset.data);
      const fromCounts = aalenJohansenFromCounts(stateCounts(spans, STATES), 0);
      const g = dataset.greenwood!;
      g.atTimes.forEach((t, i) => {
        const at = fromCounts.at(t, 0);
        expect(Math.abs(at.value - g.pWork[i]!), `pstate at ${t}`).toBeLessThan(1e-6);
        expect(Math.abs(at.stdErr - g.stdErr[i]!), `Greenwood std.err at ${t}: ${at.stdErr} vs etm ${g.stdErr[i]}`).toBeLessThan(1e-6);
      });
    });
  }

  it('gives the records’ point estimate and number at risk exactly', () => {
    fc.assert(
      fc.property(people, fc.integer({ min: 0, max: 120 }), (durations, t) => {
        const spans = spansFor(durations);
        const records = aalenJohansen(spans, STATES).at(t, 0);
        const counts = aalenJohansenFromCounts(stateCounts(spans, STATES), 0).at(t, 0);
        expect(counts.value).toBeCloseTo(records.value, 12);
        expect(counts.nRisk).toBe(records.nRisk);
      }),
    );
  });

  it('merged counts of any partition equal the counts of everyone', () => {
    fc.assert(
      fc.property(people, fc.array(fc.nat(3), { minLength: 40, maxLength: 40 }), (durations, parts) => {
        const spans = spansFor(durations);
        const groups = [0, 1, 2, 3].map((g) => spans.filter((s) => parts[Number(s.id.slice(1))] === g));
        const merged = mergeStateCounts(...groups.map((list) => stateCounts(list, STATES)));
        expect(merged).toEqual(stateCounts(spans, STATES));
      }),
    );
  });

  it('refuses to merge counts over different states', () => {
    expect(() => mergeStateCounts(stateCounts([], STATES), stateCounts([], ['in', 'out']))).toThrow(/different states/);
  });
});
