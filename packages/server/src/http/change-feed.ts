/** A long poll waiting for a change: since `mark`, the database's commit mark its page was read at. */
interface Waiter {
  mark: string;
  wake: () => void;
}

/**
 * Wakes this process's long polls as soon as it records something, and ends them all when the
 * server shuts down. Changes committed by other server processes (or by anything else) are found
 * by one read of the database's commit mark (`db/commit-mark.ts`) every `every` ms while anyone
 * waits, shared by every waiting poll: a poll is woken when the mark differs from the one its page
 * was read at, and reads its page again only then. Idle, a process reads one mark a quarter second
 * however many devices wait, where each poll used to read its whole page.
 */
export class ChangeFeed {
  private waiters = new Set<Waiter>();
  private closed = false;
  private ticking: ReturnType<typeof setTimeout> | null = null;
  private looking: Promise<void> | null = null;

  constructor(
    private readonly readMark: () => Promise<string>,
    private readonly every = 250,
  ) {}

  /** Something was recorded by this process: every waiting poll reads its page again. */
  notify(): void {
    for (const waiter of [...this.waiters]) waiter.wake();
  }

  /**
   * Resolves when this process records something, when the database's commit mark is no longer
   * `mark`, when `signal` aborts (the device has gone), after `ms`, or at shutdown, whichever
   * comes first.
   */
  wait(ms: number, mark: string, signal?: AbortSignal): Promise<void> {
    if (this.closed || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter: Waiter = {
        mark,
        wake: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', waiter.wake);
          this.waiters.delete(waiter);
          resolve();
        },
      };
      const timer = setTimeout(waiter.wake, ms);
      signal?.addEventListener('abort', waiter.wake);
      this.waiters.add(waiter);
      this.tickLater();
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Ends every wait; resolves once a read of the mark under way has finished (the database may close after). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.ticking) clearTimeout(this.ticking);
    this.ticking = null;
    this.notify();
    await this.looking;
  }

  private tickLater(): void {
    if (this.ticking || this.looking || this.closed || !this.waiters.size) return;
    this.ticking = setTimeout(() => {
      this.ticking = null;
      this.looking = this.look().finally(() => {
        this.looking = null;
        this.tickLater();
      });
    }, this.every);
  }

  private async look(): Promise<void> {
    let now: string | null;
    try {
      now = await this.readMark();
    } catch {
      // Not readable (the database is down or closing): each poll reads its page, and answers or fails with it.
      now = null;
    }
    for (const waiter of [...this.waiters]) if (waiter.mark !== now) waiter.wake();
  }
}
