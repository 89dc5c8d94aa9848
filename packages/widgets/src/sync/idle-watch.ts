/**
 * Whether a staff page was left unused: no key pressed, no pointer moved or pressed, nothing
 * scrolled, in this tab or in the organisation's other tabs, for a while. `<cp-sync>` locks the
 * device's records then, as "Lock this device" does, so a laptop left open in a shared office
 * does not show cases to whoever sits down next.
 */

/** What counts as someone using the page. */
const ACTIVITY = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'scroll', 'touchstart'] as const;

/** The organisation's tabs share when the page was last used, written at most this often (ms). */
const SHARE_EVERY = 5_000;

/**
 * Milliseconds left before a page used last at `usedHere` (this tab) or `usedElsewhere` (another
 * tab, as it last said) counts as left unused for `idleMs`; 0 or less when it does. A time in the
 * future (another tab's clock) counts as now.
 */
export function idleLeft(usedHere: number, usedElsewhere: number, now: number, idleMs: number): number {
  return Math.min(Math.max(usedHere, usedElsewhere), now) + idleMs - now;
}

function sharedKey(organisation: string): string {
  return `casepath-used:${organisation}`;
}

function usedElsewhere(organisation: string): number {
  try {
    const value = Number(localStorage.getItem(sharedKey(organisation)));
    return Number.isFinite(value) ? value : 0;
  } catch {
    return 0; // storage refused (a sandboxed frame): this tab alone decides
  }
}

/**
 * Calls `onIdle` once, after the page was left unused for `minutes` (see {@link idleLeft}), at a
 * moment `held` is false: while it is true (the tab is with a person reading their plan), the
 * watch looks again later, without counting that as use here or in the other tabs.
 * Returns the function that stops watching.
 */
export function watchIdle(organisation: string, minutes: number, onIdle: () => void, held: () => boolean = () => false): () => void {
  const idleMs = minutes * 60_000;
  let usedHere = Date.now();
  let shared = 0;
  const used = (): void => {
    usedHere = Date.now();
    if (usedHere - shared < SHARE_EVERY) return;
    shared = usedHere;
    try {
      localStorage.setItem(sharedKey(organisation), String(usedHere));
    } catch {
      /* storage refused: the other tabs decide by their own use */
    }
  };
  let timer: ReturnType<typeof setTimeout>;
  const check = (): void => {
    const left = idleLeft(usedHere, usedElsewhere(organisation), Date.now(), idleMs);
    if (left > 0) timer = setTimeout(check, left);
    else if (held()) timer = setTimeout(check, idleMs);
    else {
      stop();
      onIdle();
    }
  };
  const stop = (): void => {
    clearTimeout(timer);
    for (const type of ACTIVITY) document.removeEventListener(type, used, true);
  };
  for (const type of ACTIVITY) document.addEventListener(type, used, { capture: true, passive: true });
  used();
  timer = setTimeout(check, idleMs);
  return stop;
}
