/**
 * For tests: resolves with `condition()`'s value once it is truthy, checking it each time the
 * element's shadow DOM changes.
 *
 * @remarks
 * Use it to wait for what follows slow work whose length is not the test's business: a sign-in or
 * unlock derives a key with 600,000 PBKDF2 rounds, which takes from 0.1 s to well over a second
 * on a busy two-core machine. A polling wait with a fixed window (open-wc's `waitUntil`, 1 s)
 * asserts a duration there and fails at random. This waits for the change itself; a change that
 * never comes is stopped by the test's own timeout. `what` names the wait in a condition's error.
 */
export function untilShown<T>(el: Element, condition: () => T, what: string): Promise<NonNullable<T>> {
  const root = el.shadowRoot ?? el;
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      let value: T;
      try {
        value = condition();
      } catch (error) {
        observer.disconnect();
        reject(new Error(`while waiting until ${what}: ${(error as Error).message}`, { cause: error }));
        return true;
      }
      if (!value) return false;
      observer.disconnect();
      resolve(value);
      return true;
    };
    const observer = new MutationObserver(() => void check());
    if (check()) return;
    observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}
