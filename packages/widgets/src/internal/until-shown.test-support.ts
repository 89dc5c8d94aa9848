/**
 * For tests: resolves with `condition()`'s value once it is truthy, checking it each time the
 * element's shadow DOM changes.
 *
 * @remarks
 * Use it to wait for what follows slow work whose length is not the test's business: a sign-in or
 * unlock derives a key with 600,000 PBKDF2 rounds, which takes from 0.1 s to well over a second
 * on a busy two-core machine. A polling wait with a fixed window (open-wc's `waitUntil`, 1 s)
 * asserts a duration there and fails at random. This waits for the change itself; a change that
 * never comes is stopped by the test's own timeout. `what` names the wait in a condition's error,
 * and in the browser's log when it is still going after 5 s (printed with the test file: a
 * timeout, which names only the test, then shows what it was waiting for).
 */
export function untilShown<T>(el: Element, condition: () => T, what: string): Promise<NonNullable<T>> {
  const root = el.shadowRoot ?? el;
  return new Promise((resolve, reject) => {
    const slow = setTimeout(() => console.warn(`still waiting until ${what} (5 s)`), 5_000);
    const check = (): boolean => {
      let value: T;
      try {
        value = condition();
      } catch (error) {
        observer.disconnect();
        clearTimeout(slow);
        reject(new Error(`while waiting until ${what}: ${(error as Error).message}`, { cause: error }));
        return true;
      }
      if (!value) return false;
      observer.disconnect();
      clearTimeout(slow);
      resolve(value);
      return true;
    };
    const observer = new MutationObserver(() => void check());
    if (check()) return;
    observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}
