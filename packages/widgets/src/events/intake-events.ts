import type { CaseEvent, EventDraft } from '@casepath/core';

export interface IntakeSubmitDetail {
  caseId: string;
  /** What is about to be recorded: `case.open` and one `consent.grant` per purpose. */
  drafts: EventDraft[];
}

export interface IntakeSubmittedDetail {
  caseId: string;
  /** The events as stored. */
  events: CaseEvent[];
}

/** Fired before a case is opened; cancel it (`preventDefault()`) to stop the case being stored. */
export class CpIntakeSubmitEvent extends CustomEvent<IntakeSubmitDetail> {
  constructor(detail: IntakeSubmitDetail) {
    super('cp-intake-submit', { bubbles: true, composed: true, cancelable: true, detail });
  }
}

/** Fired once the case is stored on disk. */
export class CpIntakeSubmittedEvent extends CustomEvent<IntakeSubmittedDetail> {
  constructor(detail: IntakeSubmittedDetail) {
    super('cp-intake-submitted', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cp-intake-submit': CpIntakeSubmitEvent;
    'cp-intake-submitted': CpIntakeSubmittedEvent;
  }
}
