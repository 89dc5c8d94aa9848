import type { CaseSummary } from '@casepath/core';
import { RECORD_VERSION, SUMMARY_RECORD_MAX, SummaryRecordSchema, type SummaryRecord } from './casepath-db.js';

/** How a transaction's summary records are read and written: the store's cipher and its `summaries` store. */
export interface SummaryAccess {
  /** Where the stored records start, in order (one request in the transaction). */
  starts(): Promise<string[]>;
  /** The record that starts there, as stored (a request in the transaction). */
  get(start: string): Promise<unknown>;
  /** Writes the record, sealed when the device's records are (a request in the transaction). */
  put(record: SummaryRecord): Promise<unknown>;
  /** Deletes the record that starts there, once its last case is gone (a request in the transaction). */
  delete(start: string): Promise<unknown>;
  /** A stored record's sealed fields, opened (undefined when they do not open). */
  open(raw: unknown): unknown;
  /** Says that a stored record could not be read. */
  report(problem: string): void;
  /** Aborts the transaction: a summary that cannot be written takes its heads with it. */
  abort(): void;
}

interface Leaf {
  start: string;
  /** The record's cases as stored, once read; null while the read is pending. */
  cases: Record<string, unknown> | null;
  /** Changes not yet written: a summary, or null for a case that is gone. */
  changes: Map<string, CaseSummary | null>;
  scheduled: boolean;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The summaries one readwrite transaction changes, kept up to date beside the heads it writes.
 *
 * @remarks
 * The records hold ranges of case ids, in id order: a record starts at its `start` (the first
 * starts at '') and holds every case up to the next record's start. A record that grows past
 * {@link SUMMARY_RECORD_MAX} cases is split in the same transaction. A pulled page, whose cases
 * come in id order, touches a few neighbouring records, not all of them.
 *
 * Each record is read once per transaction, when the first of its cases changes, and written
 * when that read returns and after each later turn of the transaction that changed it again.
 * Every request is made while the transaction is active (in a request's callback or a microtask
 * after it), so the writes commit or abort with the heads.
 */
export class SummaryUpdates {
  private readonly leaves = new Map<string, Leaf>();
  /** The stored records' starts, read once per transaction (a request per case was slow). */
  private stored: Promise<string[]> | null = null;

  constructor(private readonly access: SummaryAccess) {}

  /** Records a case's new summary, or (null) that the case is gone. */
  set(caseId: string, summary: CaseSummary | null): void {
    // Callbacks on one promise run in the order they were added, so a case's later change lands later.
    this.stored ??= this.access.starts();
    this.stored.then(
      (starts) => {
        const leaf = this.route(caseId, starts);
        leaf.changes.set(caseId, summary);
        this.schedule(leaf);
      },
      () => undefined, // the transaction failed: its caller hears it from the transaction
    );
  }

  /** The record a case belongs in: the greatest start not after its id, of those stored and those this transaction split off. */
  private route(caseId: string, stored: readonly string[]): Leaf {
    let best = '';
    for (const start of stored) if (start > best && start <= caseId) best = start;
    for (const start of this.leaves.keys()) if (start > best && start <= caseId) best = start;
    return this.leaves.get(best) ?? this.load(best);
  }

  private load(start: string): Leaf {
    const leaf: Leaf = { start, cases: null, changes: new Map(), scheduled: false };
    this.leaves.set(start, leaf);
    this.access.get(start).then(
      (raw) => {
        leaf.cases = this.read(start, raw);
        this.write(leaf);
      },
      () => undefined,
    );
    return leaf;
  }

  private schedule(leaf: Leaf): void {
    if (leaf.cases === null || leaf.scheduled) return;
    leaf.scheduled = true;
    queueMicrotask(() => {
      leaf.scheduled = false;
      this.write(leaf);
    });
  }

  private read(start: string, raw: unknown): Record<string, unknown> {
    if (raw === undefined) return {};
    const record = SummaryRecordSchema.safeParse(this.access.open(raw));
    if (record.success && record.data.start === start) return { ...record.data.cases };
    // Written again from its changes; the caseload sees fewer summaries than heads and rebuilds.
    this.access.report(`the caseload summaries from "${start}" are not a Casepath record; they are made again from the cases`);
    return {};
  }

  private write(leaf: Leaf): void {
    if (leaf.changes.size === 0) return;
    const cases = leaf.cases!;
    for (const [caseId, summary] of leaf.changes) {
      if (summary === null) delete cases[caseId];
      else cases[caseId] = summary;
    }
    leaf.changes.clear();
    const written = [leaf];
    const ids = Object.keys(cases);
    if (ids.length > SUMMARY_RECORD_MAX) {
      // Split into halves-full records; each new one starts at its first case.
      ids.sort(compare);
      const size = Math.ceil(SUMMARY_RECORD_MAX / 2);
      for (let i = size; i < ids.length; i += size) {
        const part: Record<string, unknown> = {};
        for (const id of ids.slice(i, i + size)) {
          part[id] = cases[id];
          delete cases[id];
        }
        const split: Leaf = { start: ids[i]!, cases: part, changes: new Map(), scheduled: false };
        this.leaves.set(split.start, split);
        written.push(split);
      }
    }
    try {
      // A record whose last case is gone (erased, or no longer visible here) is deleted, so the
      // caseload does not read and open empty records; its range joins the record before it.
      if (ids.length === 0) {
        this.access.delete(leaf.start).catch(() => undefined);
        return;
      }
      // Each record is cloned (or sealed) now, so later changes to its cases do not reach this write.
      for (const w of written) this.access.put({ start: w.start, cases: w.cases!, recordVersion: RECORD_VERSION }).catch(() => undefined);
    } catch {
      this.access.abort();
    }
  }
}
