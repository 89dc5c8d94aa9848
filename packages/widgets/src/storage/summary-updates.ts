import type { CaseSummary } from '@casepath/core';
import { RECORD_VERSION, summaryBucket, SummaryRecordSchema, type SummaryRecord } from './casepath-db.js';

/** How a transaction's summary records are read and written: the store's cipher and its `summaries` store. */
export interface SummaryAccess {
  /** The bucket's record as stored (a request in the transaction). */
  get(bucket: number): Promise<unknown>;
  /** Writes the record, sealed when the device's records are (a request in the transaction). */
  put(record: SummaryRecord): Promise<unknown>;
  /** A stored record's sealed fields, opened (undefined when they do not open). */
  open(raw: unknown): unknown;
  /** Says that a stored record could not be read. */
  report(problem: string): void;
  /** Aborts the transaction: a summary that cannot be written takes its heads with it. */
  abort(): void;
}

interface Bucket {
  /** The bucket's cases as stored, once read; null while the read is pending. */
  cases: Record<string, unknown> | null;
  /** Changes not yet written: a summary, or null for a case that is gone. */
  changes: Map<string, CaseSummary | null>;
  scheduled: boolean;
}

/**
 * The summaries one readwrite transaction changes, kept up to date beside the heads it writes.
 *
 * @remarks
 * Each bucket is read once per transaction, when the first of its cases changes, and written when
 * that read returns and after each later turn of the transaction that changed it again: a pulled
 * page of hundreds of cases rewrites each bucket about once, not once per case. Every request is
 * made while the transaction is active (in a request's callback or a microtask after it), so the
 * writes commit or abort with the heads.
 */
export class SummaryUpdates {
  private readonly buckets = new Map<number, Bucket>();

  constructor(private readonly access: SummaryAccess) {}

  /** Records a case's new summary, or (null) that the case is gone. */
  set(caseId: string, summary: CaseSummary | null): void {
    const n = summaryBucket(caseId);
    let bucket = this.buckets.get(n);
    if (!bucket) {
      const fresh: Bucket = (bucket = { cases: null, changes: new Map(), scheduled: false });
      this.buckets.set(n, fresh);
      this.access.get(n).then(
        (raw) => {
          fresh.cases = this.read(n, raw);
          this.write(n, fresh);
        },
        () => undefined, // the transaction failed: its caller hears it from the transaction
      );
    }
    bucket.changes.set(caseId, summary);
    if (bucket.cases === null || bucket.scheduled) return;
    bucket.scheduled = true;
    const scheduled = bucket;
    queueMicrotask(() => {
      scheduled.scheduled = false;
      this.write(n, scheduled);
    });
  }

  private read(n: number, raw: unknown): Record<string, unknown> {
    if (raw === undefined) return {};
    const record = SummaryRecordSchema.safeParse(this.access.open(raw));
    if (record.success && record.data.bucket === n) return { ...record.data.cases };
    // Written again from its changes; the caseload sees fewer summaries than heads and rebuilds.
    this.access.report(`the caseload summaries of bucket ${n} are not a Casepath record; they are made again from the cases`);
    return {};
  }

  private write(n: number, bucket: Bucket): void {
    if (bucket.changes.size === 0) return;
    const cases = bucket.cases!;
    for (const [caseId, summary] of bucket.changes) {
      if (summary === null) delete cases[caseId];
      else cases[caseId] = summary;
    }
    bucket.changes.clear();
    try {
      // The record is cloned (or sealed) now, so later changes to `cases` do not reach this write.
      this.access.put({ bucket: n, cases, recordVersion: RECORD_VERSION }).catch(() => undefined);
    } catch {
      this.access.abort();
    }
  }
}
