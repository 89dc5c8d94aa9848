/**
 * Wakes this process's long polls as soon as it records something, and ends them all when the
 * server shuts down. Changes recorded by other server processes are found by polling the
 * database at a short interval instead: nothing here is needed for correctness.
 */
export class ChangeFeed {
  private waiters = new Set<() => void>();
  private closed = false;

  notify(): void {
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const w of waiters) w();
  }

  /** Resolves at the next change, after `ms`, or at shutdown, whichever comes first. */
  wait(ms: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    this.closed = true;
    this.notify();
  }
}
