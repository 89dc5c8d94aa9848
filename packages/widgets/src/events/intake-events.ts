import type { CaseEvent } from '@casepath/core';

export interface IntakeSubmitDetail {
  caseId: string;
  /** The events about to be stored: `case.open` and one `consent.grant` per purpose. */
  events: CaseEvent[];
}

/** Fired before a case is opened; cancel it (`preventDefault()`) to stop the case being stored. */
export class CpIntakeSubmitEvent extends CustomEvent<IntakeSubmitDetail> {
  constructor(detail: IntakeSubmitDetail) {
    super('cp-intake-submit', { bubbles: true, composed: true, cancelable: true, detail });
  }
}

/** Fired once the case is stored. */
export class CpIntakeSubmittedEvent extends CustomEvent<IntakeSubmitDetail> {
  constructor(detail: IntakeSubmitDetail) {
    super('cp-intake-submitted', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cp-intake-submit': CpIntakeSubmitEvent;
    'cp-intake-submitted': CpIntakeSubmittedEvent;
  }
}
