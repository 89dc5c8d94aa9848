import { describe, expect, it } from 'vitest';
import { supportRisesAgain } from './support-intensity.js';

const weeks = (...minutes: number[]) => minutes.map((m) => ({ minutes: m }));

describe('supportRisesAgain', () => {
  it('finds the week support rose again after fading', () => {
    const periods = weeks(300, 600, 240, 120, 60, 240);
    expect(supportRisesAgain(periods)).toBe(periods[5]);
  });

  it('does not call the building up of support a rise', () => {
    expect(supportRisesAgain(weeks(60, 120, 300, 600))).toBeNull();
  });

  it('is quiet while support keeps fading, and over weeks without a visit', () => {
    expect(supportRisesAgain(weeks(600, 300, 120, 0, 60, 0, 60))).toBeNull();
    expect(supportRisesAgain(weeks(600, 300, 120, 60, 0, 0))).toBeNull();
  });

  it('ignores small wobbles: the rise must be 1.5 times the low and at least an hour', () => {
    expect(supportRisesAgain(weeks(600, 60, 80))).toBeNull();
    expect(supportRisesAgain(weeks(600, 20, 45))).toBeNull();
    expect(supportRisesAgain(weeks(600, 60, 120))).not.toBeNull();
    expect(supportRisesAgain(weeks(600, 60, 90), { factor: 1.2, minMinutes: 30 })).not.toBeNull();
  });

  it('needs a peak, a low and a latest week', () => {
    expect(supportRisesAgain([])).toBeNull();
    expect(supportRisesAgain(weeks(600, 60))).toBeNull();
  });
});
