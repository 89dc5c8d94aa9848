import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, compareInstants, daysBetween } from './dates.js';

const DAY = 86_400_000;
const instant = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-12-31T23:59:59Z'), noInvalidDate: true });

describe('dates', () => {
  it('addDays agrees with Date arithmetic, leap years included', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: -40_000, max: 40_000 }), (d, n) => {
        const iso = d.toISOString();
        const expected = new Date(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
        expect(addDays(iso, n)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
  });

  it('daysBetween inverts addDays', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: -40_000, max: 40_000 }), (d, n) => {
        const iso = d.toISOString();
        expect(daysBetween(iso, addDays(iso, n))).toBe(n);
      }),
    );
  });

  it('orders instants with and without fractional seconds', () => {
    expect(compareInstants('2026-01-01T00:00:00Z', '2026-01-01T00:00:00.500Z')).toBeLessThan(0);
    expect(compareInstants('2026-01-02T00:00:00.000Z', '2026-01-01T23:59:59.999Z')).toBeGreaterThan(0);
  });
});
