import { describe, expect, it } from 'vitest';
import { CutOffDate, cutOffProblem, todayUtc } from './cut-off.js';

describe('a cut-off date', () => {
  it('is a day of the calendar, today or before', () => {
    expect(cutOffProblem('2024-02-29')).toBeNull(); // a leap day
    expect(cutOffProblem(todayUtc())).toBeNull();
    expect(CutOffDate.parse('2025-06-30')).toBe('2025-06-30');
  });

  it('says what is wrong, with what was given', () => {
    expect(cutOffProblem('2025-02-29')).toBe('must be a date like 2026-06-30, got "2025-02-29"');
    expect(cutOffProblem('2025-02-30')).toBe('must be a date like 2026-06-30, got "2025-02-30"');
    expect(cutOffProblem('2025-13-01')).toBe('must be a date like 2026-06-30, got "2025-13-01"');
    expect(cutOffProblem('30.06.2025')).toBe('must be a date like 2026-06-30, got "30.06.2025"');
    expect(cutOffProblem('2999-01-01')).toBe('2999-01-01 is in the future; a cut-off is today or earlier');
  });
});
