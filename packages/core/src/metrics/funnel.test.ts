import { describe, expect, it } from 'vitest';
import reference from './fixtures/funnel-reference.json' with { type: 'json' };
import { binomialCdf, binomialFunnelLimit, funnelPlot } from './funnel.js';

describe('funnel plot limits', () => {
  it('equal an independent computation in R (Spiegelhalter 2005, interpolated exact binomial) to 1e-9', () => {
    expect(reference.limits.length).toBeGreaterThan(90);
    for (const { target, n, p, limit } of reference.limits) {
      expect(Math.abs(binomialFunnelLimit(p, n, target) - limit), `target ${target}, n ${n}, p ${p}`).toBeLessThan(1e-9);
    }
  });

  it('binomialCdf sums the probabilities', () => {
    // Binomial(4, 0.5): 1, 4, 6, 4, 1 sixteenths.
    expect([-1, 0, 1, 2, 3, 4].map((r) => binomialCdf(r, 4, 0.5) * 16)).toEqual([0, 1, 5, 11, 15, 16].map((x) => expect.closeTo(x, 10) as number));
  });

  it('flags providers outside the limits at their size, not by rank', () => {
    const plot = funnelPlot(
      [
        { id: 'small-low', n: 12, value: 0.5 },
        { id: 'big-low', n: 900, value: 0.68 },
        { id: 'big-high', n: 900, value: 0.79 },
        { id: 'middle', n: 200, value: 0.74 },
      ],
      { target: 0.738, method: 'binomial' },
    );
    expect(plot.points.map((p) => [p.id, p.position])).toEqual([
      ['small-low', 'within'],
      ['big-low', 'below-99.8'],
      ['big-high', 'above-99.8'],
      ['middle', 'within'],
    ]);
    const at = plot.limitsAt(100);
    expect(at.lower998).toBeLessThan(at.lower95);
    expect(at.upper95).toBeLessThan(at.upper998);
    // The funnel narrows as the size grows.
    const curve = plot.curve(1000);
    expect(curve[curve.length - 1]!.upper95 - curve[curve.length - 1]!.lower95).toBeLessThan(curve[5]!.upper95 - curve[5]!.lower95);
  });

  it('with a standard error (normal limits), scales one person’s spread by √n', () => {
    const plot = funnelPlot([{ id: 'a', n: 100, value: 0.6 }], { target: 0.7, method: 'normal', sigma: 0.5 });
    expect(plot.limitsAt(100).upper95).toBeCloseTo(0.7 + 1.959963984540054 * 0.05, 12);
    expect(plot.points[0]!.position).toBe('below-95');
  });

  it('refuses impossible input', () => {
    expect(() => binomialFunnelLimit(0.975, 0, 0.5)).toThrow(/n must be a whole number/);
    expect(() => funnelPlot([], { target: 1.5, method: 'binomial' })).toThrow(/must be a proportion/);
  });
});
