import { normalQuantile } from '../metrics/distributions.js';
import { studentTQuantile } from '../metrics/student-t.js';
import type { ScoredAssessment } from './score-assessment.js';

export interface DomainChange {
  domain: string;
  earlier: number | null;
  later: number | null;
  /** later − earlier, or null when either is missing. */
  change: number | null;
}

function sameInstrument(a: ScoredAssessment, b: ScoredAssessment): void {
  if (a.instrumentId !== b.instrumentId) {
    throw new Error(`cannot compare assessments with different instruments ("${a.instrumentId}" and "${b.instrumentId}")`);
  }
}

/**
 * Change per domain between two assessments of the same person with the same instrument
 * ("distance travelled"). Positive means the score went up; whether that is progress depends
 * on the instrument's `direction`.
 */
export function distanceTravelled(earlier: ScoredAssessment, later: ScoredAssessment): DomainChange[] {
  sameInstrument(earlier, later);
  if (later.completedAt < earlier.completedAt) throw new Error(`the later assessment (${later.completedAt}) is dated before the earlier one (${earlier.completedAt})`);
  return Object.keys(earlier.domains).map((domain) => {
    const a = earlier.domains[domain]?.score ?? null;
    const b = later.domains[domain]?.score ?? null;
    return { domain, earlier: a, later: b, change: a === null || b === null ? null : b - a };
  });
}

/** Each domain's scores over many assessments, in date order, for a trajectory chart. */
export function trajectory(assessments: readonly ScoredAssessment[]): Record<string, { at: string; score: number | null; respondent: string }[]> {
  const sorted = [...assessments].sort((a, b) => (a.completedAt < b.completedAt ? -1 : a.completedAt > b.completedAt ? 1 : 0));
  const out: Record<string, { at: string; score: number | null; respondent: string }[]> = {};
  for (const a of sorted) {
    if (sorted[0] && a.instrumentId !== sorted[0].instrumentId) sameInstrument(sorted[0], a);
    for (const [domain, s] of Object.entries(a.domains)) (out[domain] ??= []).push({ at: a.completedAt, score: s.score, respondent: a.respondent });
  }
  return out;
}

export interface DomainGap {
  domain: string;
  self: number | null;
  staff: number | null;
  /** self − staff. */
  gap: number | null;
  /** True when |gap| is at least the threshold: worth talking about with the person. */
  differs: boolean;
}

/**
 * Where the person's own view and the staff view differ, per domain. The threshold is in
 * domain-score units (default: 15% of each domain's range).
 */
export function selfStaffGap(self: ScoredAssessment, staff: ScoredAssessment, options: { threshold?: number } = {}): DomainGap[] {
  sameInstrument(self, staff);
  if (self.respondent !== 'self' || staff.respondent !== 'staff') {
    throw new Error(`selfStaffGap needs a self-assessment and a staff assessment, got ${self.respondent} and ${staff.respondent}`);
  }
  return Object.keys(self.domains).map((domain) => {
    const a = self.domains[domain]!;
    const b = staff.domains[domain];
    const gap = a.score === null || !b || b.score === null ? null : a.score - b.score;
    const threshold = options.threshold ?? 0.15 * (a.range[1] - a.range[0]);
    return { domain, self: a.score, staff: b?.score ?? null, gap, differs: gap !== null && Math.abs(gap) >= threshold };
  });
}

export interface CohortDomainChange {
  domain: string;
  /** People with a score in both assessments. */
  n: number;
  meanChange: number | null;
  sd: number | null;
  /** Confidence interval of the mean change (Student's t). */
  lower: number | null;
  upper: number | null;
}

/**
 * Mean change per domain across a group (a provider, a programme), from each person's first and
 * last assessment, with a confidence interval.
 */
export function cohortChange(pairs: readonly { earlier: ScoredAssessment; later: ScoredAssessment }[], options: { confLevel?: number } = {}): CohortDomainChange[] {
  const confLevel = options.confLevel ?? 0.95;
  const changes = new Map<string, number[]>();
  for (const { earlier, later } of pairs) {
    for (const c of distanceTravelled(earlier, later)) {
      const list = changes.get(c.domain) ?? changes.set(c.domain, []).get(c.domain)!;
      if (c.change !== null) list.push(c.change);
    }
  }
  return [...changes].map(([domain, xs]) => {
    const n = xs.length;
    if (n === 0) return { domain, n, meanChange: null, sd: null, lower: null, upper: null };
    const mean = xs.reduce((a, b) => a + b, 0) / n;
    if (n === 1) return { domain, n, meanChange: mean, sd: null, lower: null, upper: null };
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
    const q = n > 1000 ? normalQuantile(1 - (1 - confLevel) / 2) : studentTQuantile(1 - (1 - confLevel) / 2, n - 1);
    const half = (q * sd) / Math.sqrt(n);
    return { domain, n, meanChange: mean, sd, lower: mean - half, upper: mean + half };
  });
}
