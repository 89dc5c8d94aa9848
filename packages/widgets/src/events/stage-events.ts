import type { CaseEvent } from '@casepath/core';

export interface StageChangeDetail {
  caseId: string;
  from: string;
  to: string;
  event: CaseEvent;
}

/** Fired before a case moves to another stage; cancelable. */
export class CpStageChangeEvent extends CustomEvent<StageChangeDetail> {
  constructor(detail: StageChangeDetail) {
    super('cp-stage-change', { bubbles: true, composed: true, cancelable: true, detail });
  }
}

/** Fired once the move is stored. */
export class CpStageChangedEvent extends CustomEvent<StageChangeDetail> {
  constructor(detail: StageChangeDetail) {
    super('cp-stage-changed', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cp-stage-change': CpStageChangeEvent;
    'cp-stage-changed': CpStageChangedEvent;
  }
}
