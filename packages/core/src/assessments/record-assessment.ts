import type { CaseEventOf } from '../schemas/case-event.schema.js';
import type { ScoredAssessment } from './score-assessment.js';

/**
 * The payload of an `assessment.record` case event for a scored assessment, so that the case
 * history keeps the domain scores and a plan stage can require the assessment before entry.
 *
 * @example
 * ```ts
 * builder.add('assessment.record', assessmentRecordPayload('a-17', scoreAssessment(instrument, response)));
 * ```
 */
export function assessmentRecordPayload(assessmentId: string, scored: ScoredAssessment): CaseEventOf<'assessment.record'>['payload'] {
  return {
    assessmentId,
    instrumentId: scored.instrumentId,
    respondent: scored.respondent,
    scores: Object.fromEntries(Object.values(scored.domains).filter((d) => d.status !== 'unscored').map((d) => [d.domain, d.score])),
    ...(scored.healthData ? { healthData: true } : {}),
  };
}
