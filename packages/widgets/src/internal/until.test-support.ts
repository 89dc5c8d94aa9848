/**
 * For tests: resolves with `condition()`'s value once it is truthy, checking it every 20 ms; the
 * condition may be asynchronous (a read of a store).
 *
 * @remarks
 * For what no change to an element's DOM announces, where {@link untilShown} cannot watch: the
 * focus moving, a store's records, a test server's requests, a sync client's status. Unlike
 * open-wc's `waitUntil`, it has no window of its own (1 s unless told): how long the work takes
 * is not the test's business, and on a busy two-core machine a pull or a derived key takes longer
 * than on a quiet one. A condition that never comes true is stopped by the test's own timeout; the
 * checking then ends a minute later at most, so that it does not run on under later tests. A wait
 * still going after 5 s says so in the browser's log, which the runner prints with the test file:
 * a timeout, which names only the test, then shows what it was waiting for.
 */
export async function until<T>(condition: () => T | Promise<T>, what: string): Promise<NonNullable<Awaited<T>>> {
  const giveUp = Date.now() + 60_000;
  const slow = setTimeout(() => console.warn(`still waiting until ${what} (5 s)`), 5_000);
  try {
    return await check(condition, what, giveUp);
  } finally {
    clearTimeout(slow);
  }
}

async function check<T>(condition: () => T | Promise<T>, what: string, giveUp: number): Promise<NonNullable<Awaited<T>>> {
  for (;;) {
    let value: Awaited<T>;
    try {
      value = await condition();
    } catch (error) {
      throw new Error(`while waiting until ${what}: ${(error as Error).message}`, { cause: error });
    }
    if (value) return value;
    if (Date.now() > giveUp) throw new Error(`gave up waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
