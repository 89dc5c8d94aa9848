import type { Instrument, PlanTemplate } from '@casepath/core';

/**
 * Built-in instruments load on demand, each in its own chunk, so a page downloads only the ones
 * it shows (they carry six languages of wording each).
 */
const loaders: Record<string, () => Promise<Instrument>> = {
  'vocational-profile': () => import('@casepath/core/instruments/vocational-profile').then((m) => m.vocationalProfile),
  'employment-readiness': () => import('@casepath/core/instruments/employment-readiness').then((m) => m.employmentReadiness),
  'social-adaptation-needs': () => import('@casepath/core/instruments/social-adaptation-needs').then((m) => m.socialAdaptationNeeds),
  'family-needs': () => import('@casepath/core/instruments/family-needs').then((m) => m.familyNeeds),
  'workshop-participation': () => import('@casepath/core/instruments/workshop-participation').then((m) => m.workshopParticipation),
};

/** A built-in instrument by id, or null for an unknown id. */
export async function loadInstrument(id: string): Promise<Instrument | null> {
  const load = loaders[id];
  return load ? load() : null;
}

export const BUILT_IN_INSTRUMENT_IDS = Object.keys(loaders);

/** The instruments a template's requirements name (stages, moves and outcomes). */
export function requiredInstruments(template: PlanTemplate): string[] {
  const reqs = [...template.stages, ...template.transitions, ...template.outcomes].flatMap((x) => x.requires ?? []);
  return [...new Set(reqs.flatMap((r) => (r.kind === 'assessment' && r.instrumentId ? [r.instrumentId] : [])))];
}
