import { describe, expect, it } from 'vitest';
import { builtInTemplates } from '../templates/built-in/index.js';
import { replay } from '../case/replay.js';
import { simulatePopulation } from './simulate-population.js';

describe('simulatePopulation', () => {
  const population = simulatePopulation({ providers: 8, people: 1500, years: 3, seed: 11 });
  const states = population.cases.map((c) => replay(builtInTemplates[c.templateId as keyof typeof builtInTemplates], c.events).state);

  it('is reproducible from its seed', () => {
    const again = simulatePopulation({ providers: 8, people: 1500, years: 3, seed: 11 });
    expect(again).toEqual(population);
    expect(simulatePopulation({ providers: 8, people: 1500, years: 3, seed: 12 })).not.toEqual(population);
  });

  it('spreads people over providers of several kinds of service', () => {
    expect(new Set(population.cases.map((c) => c.providerId)).size).toBe(8);
    expect(new Set(population.providers.map((p) => p.templateId)).size).toBeGreaterThanOrEqual(3);
  });

  it('has about thirty events a case', () => {
    const mean = population.cases.reduce((n, c) => n + c.events.length, 0) / population.cases.length;
    expect(mean).toBeGreaterThan(20);
    expect(mean).toBeLessThan(40);
  });

  it('contains placements, job losses, re-placements, drop-outs, returns and people still in the programme', () => {
    const jobs = states.flatMap((s) => s.jobs);
    expect(jobs.length).toBeGreaterThan(100);
    expect(jobs.filter((j) => j.endedAt !== null).length).toBeGreaterThan(20);
    expect(states.filter((s) => s.jobs.length >= 2).length).toBeGreaterThan(10);
    expect(states.filter((s) => s.outcome === 'withdrew').length).toBeGreaterThan(10);
    expect(population.cases.filter((c) => c.events.some((e) => e.type === 'case.reopen')).length).toBeGreaterThan(5);
    expect(states.filter((s) => s.status === 'active').length).toBeGreaterThan(100);
    const cutoff = population.cutoff;
    expect(population.cases.every((c) => c.events.every((e) => e.at <= cutoff))).toBe(true);
  });

  it('rejects impossible options with a clear message', () => {
    expect(() => simulatePopulation({ providers: 0, people: 5, years: 1, seed: 1 })).toThrow(/providers ≥ 1/);
  });
});
