import { describe, expect, it } from 'vitest';
import reference from './fixtures/survival-reference.json' with { type: 'json' };
import { logRank } from './log-rank.js';
import type { SurvivalObservation } from './survival-counts.js';

describe('logRank against R survdiff', () => {
  for (const test of reference.logRank) {
    it(test.name, () => {
      const groups: Record<string, SurvivalObservation[]> = {};
      test.data.time.forEach((time, i) => (groups[test.data.group[i]!] ??= []).push({ time, event: test.data.event[i] === 1 }));
      const result = logRank(groups);
      expect(Math.abs(result.chiSquare - test.chiSquare)).toBeLessThan(1e-6);
      expect(result.df).toBe(test.df);
      expect(Math.abs(result.pValue - test.pValue)).toBeLessThan(1e-6);
      test.groups.forEach((g, i) => {
        expect(Math.abs(result.observed[g]! - test.observed[i]!)).toBeLessThan(1e-6);
        expect(Math.abs(result.expected[g]! - test.expected[i]!)).toBeLessThan(1e-6);
      });
    });
  }

  it('needs two groups', () => {
    expect(() => logRank({ only: [{ time: 1, event: true }] })).toThrow(/at least two groups, got 1/);
  });
});
