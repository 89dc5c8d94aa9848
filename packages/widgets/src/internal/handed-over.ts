/**
 * Whether this tab is handed over to a person (`<cp-hand-over>`): their own view is on screen,
 * modal, until the worker takes the device back. Kept in the tab's `sessionStorage`, so a reload
 * does not end it. Small, so that the sync code can ask without loading the hand-over.
 */
export function handOverKey(organisation: string): string {
  return `casepath-hand-over:${organisation}`;
}

export function isHandedOver(organisation: string): boolean {
  try {
    return sessionStorage.getItem(handOverKey(organisation)) !== null;
  } catch {
    return false; // storage refused: nothing can have been handed over
  }
}
