import type { CaseEvent, EventDraft } from '@casepath/core';

export interface StageChangeDetail {
  caseId: string;
  from: string;
  to: string;
  /** What is about to be recorded; it gets its place in the history when stored. */
  draft: EventDraft;
}

export interface StageChangedDetail extends StageChangeDetail {
  /** The event as stored, with its `seq`, id and time. */
  event: CaseEvent;
}

/** Fired before a case moves to another stage; cancelable. */
export class CpStageChangeEvent extends CustomEvent<StageChangeDetail> {
  constructor(detail: StageChangeDetail) {
    super('cp-stage-change', { bubbles: true, composed: true, cancelable: true, detail });
  }
}

/** Fired once the move is stored on disk. */
export class CpStageChangedEvent extends CustomEvent<StageChangedDetail> {
  constructor(detail: StageChangedDetail) {
    super('cp-stage-changed', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cp-stage-change': CpStageChangeEvent;
    'cp-stage-changed': CpStageChangedEvent;
  }
}
