/**
 * Synthetic data for the examples site: a seeded population from `simulatePopulation`, written
 * once into an organisation's local store. Not part of the widgets; the site loads it itself.
 */
import { simulatePopulation, type SimulatedPopulation } from '@casepath/core/testing';
import { caseStoreFor } from './storage/idb-case-store.js';

export function demoPopulation(): SimulatedPopulation {
  return simulatePopulation({ providers: 4, people: 400, years: 3, seed: 2026, start: '2023-06-01' });
}

/** Writes the demo population into the organisation's store unless it is already there. */
export async function seedDemo(organisation: string): Promise<SimulatedPopulation> {
  const store = caseStoreFor(organisation);
  const population = demoPopulation();
  if ((await store.loadDraft('demo:seeded')) !== 2026) {
    for (const c of population.cases.slice(0, 60)) if (c.events.length) await store.importEvents(c.events);
    await store.saveDraft('demo:seeded', 2026);
  }
  return population;
}
