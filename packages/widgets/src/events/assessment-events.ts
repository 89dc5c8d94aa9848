import type { AssessmentResponse, CaseEvent, ScoredAssessment } from '@casepath/core';

export interface AssessmentSaveDetail {
  response: AssessmentResponse;
  scored: ScoredAssessment;
  /** The `assessment.record` event, when the assessment belongs to a case. */
  event: CaseEvent | null;
}

/** Fired before a finished assessment is stored; cancelable. */
export class CpAssessmentSaveEvent extends CustomEvent<AssessmentSaveDetail> {
  constructor(detail: AssessmentSaveDetail) {
    super('cp-assessment-save', { bubbles: true, composed: true, cancelable: true, detail });
  }
}

/** Fired once the assessment is stored. */
export class CpAssessmentSavedEvent extends CustomEvent<AssessmentSaveDetail> {
  constructor(detail: AssessmentSaveDetail) {
    super('cp-assessment-saved', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cp-assessment-save': CpAssessmentSaveEvent;
    'cp-assessment-saved': CpAssessmentSavedEvent;
  }
}
