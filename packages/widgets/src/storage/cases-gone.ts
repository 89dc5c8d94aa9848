import type { StoreChange } from './case-store.js';

/**
 * A draft of a case that left this device (erased, or no longer the worker's to see) was asked to
 * be kept: nothing is written. A page still showing the case wrote it; what it held went with the
 * case.
 */
export class CaseGoneError extends Error {
  override readonly name = 'CaseGoneError';
  constructor(readonly caseId: string) {
    super(`case ${caseId} is no longer on this device: no draft of it is kept`);
  }
}

/**
 * The cases that left this device, as a store tells them (`gone`, from this tab or another),
 * until the case is stored here again (a change of it without `gone`: access given back, a case
 * pulled again). A store keeps no draft of theirs, so that a tab that still showed one does not
 * write back what the erasure took away.
 */
export class CasesGone {
  private readonly gone = new Set<string>();

  /** Follows a change the store tells; true when it says a case left. */
  follow(change: StoreChange): boolean {
    if (change.caseId === undefined) return false;
    if (change.gone) this.gone.add(change.caseId);
    else this.gone.delete(change.caseId);
    return change.gone !== undefined;
  }

  has(caseId: string | undefined): boolean {
    return caseId !== undefined && this.gone.has(caseId);
  }
}
