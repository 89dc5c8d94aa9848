import type { CaseRecord } from './case-record.js';
import { employmentSpells, type SpellOptions } from './employment-spells.js';
import { kaplanMeier, type KaplanMeierCurve, type KaplanMeierOptions } from './kaplan-meier.js';
import type { SurvivalObservation } from './survival-counts.js';

export interface PlacementObservation extends SurvivalObservation {
  caseId: string;
  providerId: string;
}

export interface TimeToPlacementResult {
  /** Median days from programme entry to the first job (null if fewer than half are placed). */
  median: number | null;
  medianLower: number | null;
  medianUpper: number | null;
  /**
   * Share placed within 90, 180 and 365 days (1 − survival); null where nobody still searching
   * was followed that long, so nothing is known there.
   */
  placedBy: { days: number; share: number | null; lower: number | null; upper: number | null }[];
  curve: KaplanMeierCurve;
  observations: PlacementObservation[];
}

/**
 * Days from programme entry to the first job, people still searching censored at the end of
 * follow-up (the cut-off, or the case's closure).
 */
export function timeToPlacement(cases: readonly CaseRecord[], options: SpellOptions & KaplanMeierOptions = {}): TimeToPlacementResult {
  const observations: PlacementObservation[] = employmentSpells(cases, options).map((h) => {
    const first = h.spells[0];
    return first
      ? { caseId: h.caseId, providerId: h.providerId, time: Math.max(0, first.start - h.programmeStart), event: true }
      : { caseId: h.caseId, providerId: h.providerId, time: h.followUpEnd - h.programmeStart, event: false };
  });
  const curve = kaplanMeier(observations, options);
  return {
    median: curve.median,
    medianLower: curve.medianLower,
    medianUpper: curve.medianUpper,
    placedBy: [90, 180, 365].map((days) => {
      if (!curve.knownAt(days)) return { days, share: null, lower: null, upper: null };
      const s = curve.survivalAt(days);
      return { days, share: 1 - s.survival, lower: s.upper === null ? null : 1 - s.upper, upper: s.lower === null ? null : 1 - s.lower };
    }),
    curve,
    observations,
  };
}
