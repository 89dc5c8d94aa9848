import type { Instrument } from '../../schemas/instrument.schema.js';
import { employmentReadiness } from './employment-readiness.js';
import { familyNeeds } from './family-needs.js';
import { socialAdaptationNeeds } from './social-adaptation-needs.js';
import { vocationalProfile } from './vocational-profile.js';
import { workshopParticipation } from './workshop-participation.js';

/** The built-in instruments, written by Casepath (no licensed scales), keyed by instrument id. */
export const builtInInstruments = {
  'vocational-profile': vocationalProfile,
  'employment-readiness': employmentReadiness,
  'social-adaptation-needs': socialAdaptationNeeds,
  'family-needs': familyNeeds,
  'workshop-participation': workshopParticipation,
} as const satisfies Record<string, Instrument>;

export type BuiltInInstrumentId = keyof typeof builtInInstruments;
