import type { AssessmentResponse, CaseEvent, EventDraft, ScoredAssessment } from '@casepath/core';

export interface AssessmentSaveDetail {
  response: AssessmentResponse;
  scored: ScoredAssessment;
  /** The `assessment.record` about to be recorded, when the assessment belongs to a case. */
  draft: EventDraft | null;
}

export interface AssessmentSavedDetail {
  response: AssessmentResponse;
  scored: ScoredAssessment;
  /** The `assessment.record` event as stored, when the assessment belongs to a case. */
  event: CaseEvent | null;
}

/** Fired before a finished assessment is stored; cancelable. */
export class CpAssessmentSaveEvent extends CustomEvent<AssessmentSaveDetail> {
  constructor(detail: AssessmentSaveDetail) {
    super('cp-assessment-save', { bubbles: true, composed: true, cancelable: true, detail });
  }
}

/** Fired once the assessment is stored on disk. */
export class CpAssessmentSavedEvent extends CustomEvent<AssessmentSavedDetail> {
  constructor(detail: AssessmentSavedDetail) {
    super('cp-assessment-saved', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cp-assessment-save': CpAssessmentSaveEvent;
    'cp-assessment-saved': CpAssessmentSavedEvent;
  }
}
