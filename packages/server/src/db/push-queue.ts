import type { Database } from './database.js';
import type { CaseKeys } from './case-keys.js';
import { applyPushes, type PushRequest, type PushResult } from './apply-push.js';

/**
 * Group commit for pushes: the pushes that arrive while a transaction is running wait for it to
 * end, then go together in the next one, which {@link applyPushes} decides as if one after the
 * other in arrival order. Alone, a push goes at once, in a transaction of its own; under load,
 * each statement, lock and commit serves many devices instead of one.
 *
 * @remarks
 * Nothing is held only here: a push is answered after its transaction commits, so a device
 * whose request fails or is cut off pushes again, and the server answers the retry from what
 * PostgreSQL stored. When a batch fails, each of its pushes is tried again in a transaction of
 * its own, so one push's error is never another's.
 */
export class PushQueue {
  readonly #waiting: { request: PushRequest; resolve: (r: PushResult[]) => void; reject: (e: unknown) => void }[] = [];
  #running = 0;

  /**
   * @param lanes - How many batches may be in flight at once (each holds a connection).
   * @param maxEvents - The most events one batch carries, which bounds how long it holds its locks.
   */
  constructor(
    private readonly db: Database,
    private readonly keys: CaseKeys,
    private readonly lanes = 2,
    private readonly maxEvents = 2000,
  ) {}

  /** Applies one device's push; resolves with its results once they are committed. */
  apply(request: PushRequest): Promise<PushResult[]> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ request, resolve, reject });
      if (this.#running < this.lanes) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#running++;
    try {
      while (this.#waiting.length > 0) {
        const batch = [this.#waiting.shift()!];
        let events = batch[0]!.request.pushed.length;
        while (this.#waiting.length > 0 && events + this.#waiting[0]!.request.pushed.length <= this.maxEvents) {
          const next = this.#waiting.shift()!;
          events += next.request.pushed.length;
          batch.push(next);
        }
        try {
          const results = await applyPushes(
            this.db,
            this.keys,
            batch.map((b) => b.request),
          );
          batch.forEach((b, i) => b.resolve(results[i]!));
        } catch (error) {
          if (batch.length === 1) batch[0]!.reject(error);
          else for (const b of batch) await applyPushes(this.db, this.keys, [b.request]).then(([r]) => b.resolve(r!), b.reject);
        }
      }
    } finally {
      this.#running--;
    }
  }
}
