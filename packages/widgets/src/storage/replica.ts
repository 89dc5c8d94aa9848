import { BUILT_IN_TEMPLATE_IDS } from './built-in-templates.js';
import { parseCaseEvent, type CaseEvent, type CaseState, type RecordConflict } from '@casepath/core';
import { ConflictRecordSchema, EventRecordSchema, LINK_KEY, OutboxRecordSchema, RECORD_VERSION, recordEvents, type CasepathDB, type ConflictRecord, type ConflictReview, type EventRecord, type HeadRecord, type SyncLink } from './casepath-db.js';
import type { IDBPTransaction, StoreNames } from 'idb';
import type { IdbCaseStore, SealedAhead } from './idb-case-store.js';
import type { StoreChange } from './case-store.js';

/** A change the server kept for review, as the device holds it. */
export interface Conflict {
  eventId: string;
  caseId: string;
  event: CaseEvent;
  rule: string;
  reason: string;
  changedBy: string[];
  at: string;
  /** Marked reviewed here, waiting to be sent (or refused by the server, `refused` saying why). */
  review?: ConflictReview;
}

/** Whether a review marked on this device is still to be sent: not refused, and still the worker's to make. */
export const waitsToBeSent = (review: ConflictReview | undefined): boolean => review !== undefined && review.refused === null && !review.notTheirs;

/** A case a pull brings whole, made ready before the transaction that stores it. */
interface ReadyCase {
  run: SealedAhead<EventRecord>;
  /** Where its history leaves it; null when its template is not known here. */
  state: CaseState | null;
  head: SealedAhead<HeadRecord> | null;
}

/** What a push answered for one event. */
export type PushAnswer =
  | { id: string; caseId: string; status: 'accepted'; seq: number }
  | { id: string; caseId: string; status: 'conflict'; rule: string; reason: string; changedBy: string[] };

/** One page of a pull, as the server sends it. */
export interface PullAnswer {
  events: CaseEvent[];
  backfill: CaseEvent[];
  revoked: string[];
  /** Cases erased at the person's request: everything this device holds of them goes, outbox and drafts too. */
  erased?: string[];
  /** Changes kept for review: this worker's, and for a coordinator or supervisor the provider's; `resolvedAt` set once someone marked one reviewed (then this device drops it). */
  conflicts: { eventId: string; caseId: string; event: CaseEvent; rule: string; reason: string; changedBy: string[]; createdAt: string; resolvedAt?: string | null }[];
  cursor: string;
  /** More waits beyond this page (absent: not said). */
  more?: boolean;
  reset: boolean;
}

/**
 * The sync side of a device's database: the link to a server, the outbox of what waits to be
 * sent, what the server kept for review, and applying push answers and pull pages, each in one
 * transaction (cursor included), so stopping at any moment neither loses nor repeats anything.
 * Kept apart from {@link IdbCaseStore} so that pages without a server do not download it.
 */
export class Replica {
  constructor(readonly store: IdbCaseStore) {}

  /** The server this database is a replica of, or null (nothing leaves the device). */
  link(): Promise<SyncLink | null> {
    return this.store.linkNow();
  }

  /**
   * Makes this database a replica of a server. Cases recorded here before (device only) move to
   * the outbox, so they are sent; from now on the server's order is the record. `worker`: who the
   * server confirmed as signed in (kept for working offline after a reload).
   */
  async linkTo(server: string, workerId: string, deviceId: string, worker?: unknown): Promise<SyncLink> {
    const link = await this.store.inTransaction(['events', 'outbox', 'meta'], 'readwrite', async (tx) => {
      const existing = await this.store.linkIn(tx);
      const next: SyncLink = existing && existing.server === server ? { ...existing, workerId } : { server, workerId, deviceId, cursor: null, caughtUp: false };
      if (worker !== undefined) next.worker = worker;
      else delete next.worker;
      if (!existing) {
        const savedAt = new Date().toISOString();
        const local = (await tx.objectStore('events').getAll()).map((r) => EventRecordSchema.safeParse(this.store.openedIn('events', r))).flatMap((r) => (r.success ? [r.data] : []));
        local.sort((a, b) => (a.caseId === b.caseId ? a.seq - b.seq : a.caseId < b.caseId ? -1 : 1));
        for (const r of local) {
          for (const raw of recordEvents(r)) {
            try {
              const event = parseCaseEvent(raw);
              await tx.objectStore('outbox').add(this.store.sealedFor('outbox', { caseId: event.caseId, eventId: event.id, event, knownSeq: -1, state: 'pending' as const, serverSeq: null, recordVersion: RECORD_VERSION, savedAt }));
            } catch {
              this.store.corrupt.push(`case ${r.caseId}: an event from #${r.seq} was not sent: it is not a valid event`);
            }
          }
        }
        await tx.objectStore('events').clear();
      }
      await tx.objectStore('meta').put({ key: LINK_KEY, value: next });
      return next;
    });
    // A new link: the server's cases start arriving (the caseload says so from now on).
    this.store.notify(link.caughtUp === false && link.cursor === null ? { arriving: true } : {});
    return link;
  }

  /** Events waiting to be sent, oldest first, each with the server head it was recorded against. */
  outboxBatch(limit: number): Promise<{ event: CaseEvent; knownSeq: number }[]> {
    return this.store.inTransaction(['outbox'], 'readonly', async (tx) => {
      const out: { event: CaseEvent; knownSeq: number }[] = [];
      for (let cursor = await tx.objectStore('outbox').openCursor(); cursor && out.length < limit; cursor = await cursor.continue()) {
        const record = OutboxRecordSchema.safeParse(this.store.openedIn('outbox', cursor.value));
        if (!record.success || record.data.state !== 'pending') continue;
        try {
          out.push({ event: parseCaseEvent(record.data.event), knownSeq: record.data.knownSeq });
        } catch {
          /* reported when the case is read */
        }
      }
      return out;
    });
  }

  /** How many of this device's events the server has not confirmed yet; counted without opening them, so also while locked. */
  outboxCount(): Promise<number> {
    return this.store.countSealed('outbox');
  }

  /** Applies a push's answers in one transaction: accepted ones wait for the pull; conflicts are kept for review. */
  async applyPushAnswers(answers: readonly PushAnswer[]): Promise<void> {
    const at = new Date().toISOString();
    // A refused event leaves its case's view: the projection is redone, with the case's template.
    await this.store.prepareTemplates(answers.filter((a) => a.status !== 'accepted').map((a) => a.caseId));
    const refused = await this.store.inTransaction(['events', 'outbox', 'conflicts', 'heads', 'summaries'], 'readwrite', async (tx) => {
      const out: NonNullable<StoreChange['refused']>[] = [];
      for (const a of answers) {
        const key = await tx.objectStore('outbox').index('byEvent').getKey(a.id);
        if (key === undefined) continue;
        const stored = (await tx.objectStore('outbox').get(key))!;
        if (a.status === 'accepted') {
          // The sealed event stays as it is: only the fields about sending change.
          await tx.objectStore('outbox').put({ ...stored, state: 'accepted', serverSeq: a.seq });
          continue;
        }
        const record = OutboxRecordSchema.safeParse(this.store.openedIn('outbox', stored));
        if (!record.success) continue; // kept, and reported when the case is read
        await tx.objectStore('outbox').delete(key);
        const conflict: ConflictRecord = { eventId: a.id, caseId: a.caseId, event: record.data.event, rule: a.rule, reason: a.reason, changedBy: a.changedBy, at, recordVersion: RECORD_VERSION };
        await tx.objectStore('conflicts').put(this.store.sealedFor('conflicts', conflict));
        const event = parseCaseEvent(record.data.event);
        out.push({ caseId: a.caseId, conflict: { draftIndex: 0, eventType: event.type, rule: a.rule as RecordConflict['rule'], reason: a.reason, changedSince: [] }, kept: { caseId: a.caseId, event, rule: a.rule, reason: a.reason, changedBy: a.changedBy } });
      }
      for (const caseId of new Set(out.map((r) => r.caseId))) await this.store.headIn(tx, caseId); // the view lost the refused events
      return out;
    });
    for (const caseId of new Set(answers.map((a) => a.caseId))) this.store.notify({ caseId });
    for (const r of refused) this.store.notify({ caseId: r.caseId, refused: r });
  }

  /**
   * Applies one page of a pull in one transaction, cursor included, so a crash never skips or
   * repeats. Returns when it was stored (kept in the link as when the server last answered).
   */
  async applyPull(page: PullAnswer): Promise<string> {
    const pulledAt = new Date().toISOString();
    // The templates of every case the page touches load first: the transaction cannot wait.
    // Only ids are read here (each event is checked with zod in the transaction).
    const opens: { type: string; caseId: string; payload: { templateId: string } }[] = [];
    const erased = page.erased ?? [];
    const touchedIds = [...page.revoked, ...erased, ...page.conflicts.map((k) => k.caseId)];
    for (const e of [...page.backfill, ...page.events] as { caseId?: unknown; type?: unknown; payload?: { templateId?: unknown } }[]) {
      if (typeof e?.caseId !== 'string') continue;
      touchedIds.push(e.caseId);
      if (e.type === 'case.open' && typeof e.payload?.templateId === 'string') opens.push({ type: 'case.open', caseId: e.caseId, payload: { templateId: e.payload.templateId } });
    }
    if (page.reset) await this.store.templates.prepare?.(BUILT_IN_TEMPLATE_IDS);
    await this.store.prepareTemplates(touchedIds, opens);
    // Each event checked with zod, grouped by case in seq order.
    const parsed = new Map<string, CaseEvent>();
    const byCase = new Map<string, CaseEvent[]>();
    for (const e of [...page.backfill, ...page.events]) {
      const event = parseCaseEvent(e);
      parsed.set(event.id, event);
      (byCase.get(event.caseId) ?? byCase.set(event.caseId, []).get(event.caseId)!).push(event);
    }
    for (const list of byCase.values()) list.sort((a, b) => a.seq - b.seq);
    // Cases the page brings whole (a new device's first pull is all of them) are replayed and
    // sealed before the transaction, with WebCrypto; used in it for those this device lacks.
    const savedAt = new Date().toISOString();
    const prepared = await this.prepareWhole([...byCase.values()].filter((list) => list.every((e, i) => e.seq === i)), savedAt);
    // The drafts are in the transaction only when the page takes cases away. A page ending
    // writes what a person typed to them in its last turn (`writeDraftsNow`), and that write
    // waits for any transaction holding them, which dies with the page: a pull in flight then
    // would lose it.
    const gone = new Set([...page.revoked, ...erased]);
    const stores: StoreNames<CasepathDB>[] = ['events', 'outbox', 'conflicts', 'meta', 'heads', 'summaries', ...(gone.size ? (['drafts'] as const) : [])];
    const touched = await this.store.inTransaction(stores, 'readwrite', async (tx) => {
      const link = await this.store.linkIn(tx);
      if (!link) throw new Error('this database is not linked to a server');
      const cases = new Set<string>(byCase.keys());
      // The server's order starts over after a restore: see resendAfterRestore.
      if (page.reset) await this.resendAfterRestore(tx, link.workerId);
      // What waits in the outbox, by event id, read once: a pulled event of ours leaves it.
      const waiting = new Map<string, number>();
      const waitingCases = new Set<string>();
      for (const r of await tx.objectStore('outbox').getAll()) {
        if (typeof r.eventId === 'string' && r.order !== undefined) waiting.set(r.eventId, r.order);
        if (typeof r.caseId === 'string') waitingCases.add(r.caseId);
      }
      const writes: Promise<unknown>[] = [];
      for (const id of parsed.keys()) {
        const mine = waiting.get(id);
        if (mine !== undefined) writes.push(tx.objectStore('outbox').delete(mine));
      }
      // Which of the page's cases this device has anything of, in one request: a page's cases are
      // consecutive in id order, so one key range covers them.
      const ids = [...byCase.keys()].sort();
      const held = new Set<string>();
      if (ids.length) {
        const range = IDBKeyRange.bound([ids[0]!, -Infinity], [ids[ids.length - 1]!, Infinity]);
        for (const key of await tx.objectStore('events').getAllKeys(range)) held.add(key[0]);
      }
      const fresh = new Set(ids.filter((id) => !held.has(id)));
      // One record per case that is new here; requests run in order, so none is awaited alone.
      // A case made ready before, new here and with nothing waiting to be sent, has its head too.
      const headStored = new Set<string>();
      for (const [caseId, list] of byCase) {
        const ready = fresh.has(caseId) ? prepared.get(caseId) : undefined;
        if (!ready) {
          writes.push(...(await this.store.storeRunIn(tx, caseId, list, savedAt, parsed, fresh.has(caseId))));
          continue;
        }
        writes.push(tx.objectStore('events').put(this.store.storedNow('events', ready.run)));
        if (ready.state && ready.head && !waitingCases.has(caseId)) {
          writes.push(this.store.putHeadIn(tx, ready.state, this.store.storedNow('heads', ready.head)));
          headStored.add(caseId);
        }
      }
      await Promise.all(writes);
      for (const caseId of page.revoked) {
        cases.add(caseId);
        await Promise.all(await this.store.eraseIn(tx, caseId, ['events', 'drafts']));
        // The worker's own kept changes stay theirs; a teammate's, listed here for a coordinator
        // who no longer is one, go with the case.
        await this.dropOthersConflictsIn(tx, caseId, link.workerId);
      }
      for (const caseId of erased) {
        cases.add(caseId);
        await Promise.all(await this.store.eraseIn(tx, caseId, ['events', 'drafts', 'outbox', 'conflicts']));
      }
      for (const k of page.conflicts) {
        if (erased.includes(k.caseId)) continue;
        // Reviewed (here, on another device, or by a coordinator): nothing is left to show.
        if (k.resolvedAt) {
          await tx.objectStore('conflicts').delete(k.eventId);
          const waiting = await tx.objectStore('outbox').index('byEvent').getKey(k.eventId);
          if (waiting !== undefined) await tx.objectStore('outbox').delete(waiting);
          continue;
        }
        const held = await tx.objectStore('conflicts').get(k.eventId);
        if (held) {
          // Theirs to review again (made a lead again, the case given back): a review kept unsent
          // waits to be sent again.
          const opened = ConflictRecordSchema.safeParse(this.store.openedIn('conflicts', held));
          const review = opened.success ? opened.data.review : undefined;
          if (opened.success && review?.notTheirs) await tx.objectStore('conflicts').put(this.store.sealedFor('conflicts', { ...opened.data, review: { resolution: review.resolution, markedAt: review.markedAt, refused: review.refused } }));
          continue;
        }
        const mine = await tx.objectStore('outbox').index('byEvent').getKey(k.eventId);
        if (mine !== undefined) await tx.objectStore('outbox').delete(mine);
        await tx.objectStore('conflicts').put(this.store.sealedFor('conflicts', { eventId: k.eventId, caseId: k.caseId, event: k.event, rule: k.rule, reason: k.reason, changedBy: k.changedBy, at: k.createdAt, recordVersion: RECORD_VERSION }));
        cases.add(k.caseId);
      }
      if (page.reset) for (const key of await tx.objectStore('heads').getAllKeys()) cases.add(key);
      // Any case whose head was not stored above, or that this page revoked or erased, is read
      // back and projected.
      for (const caseId of cases) if (!headStored.has(caseId) || gone.has(caseId)) await this.store.headIn(tx, caseId, parsed);
      const caughtUp = page.more === undefined ? link.caughtUp : !page.more;
      await tx.objectStore('meta').put({ key: LINK_KEY, value: { ...link, cursor: page.cursor, caughtUp, lastPulledAt: pulledAt } });
      return { cases, arriving: caughtUp === link.caughtUp ? undefined : caughtUp === false };
    }, { durability: 'relaxed' }); // a page lost in a crash is lost with its cursor: pulled again
    // A case that left the device says why, so that a page showing it can tell the person.
    const left = new Map<string, StoreChange['gone']>([...page.revoked.map((id) => [id, 'revoked'] as const), ...erased.map((id) => [id, 'erased'] as const)]);
    for (const caseId of touched.cases) this.store.notify(left.has(caseId) ? { caseId, gone: left.get(caseId) } : { caseId });
    if (touched.arriving !== undefined) this.store.notify({ arriving: touched.arriving });
    return pulledAt;
  }

  /**
   * A pull that starts over because the server was restored from a backup: what this worker
   * recorded here, confirmed or not, waits to be sent again, in the order of its history, and the
   * confirmed history is pulled anew. What the restored server still holds is answered as before
   * (a retried push changes nothing) and leaves the outbox when pulled; what it lost, recorded
   * after the backup, is decided again against the case as it is now: appended, or kept for
   * review when it clashes with what others recorded since the restore (`knownSeq` -1: the device
   * knows none of it). Others' events are theirs to send from their own devices.
   */
  private async resendAfterRestore(tx: IDBPTransaction<CasepathDB, StoreNames<CasepathDB>[], 'readwrite'>, workerId: string): Promise<void> {
    const confirmed: CaseEvent[] = [];
    for (const raw of await tx.objectStore('events').getAll()) {
      const record = EventRecordSchema.safeParse(this.store.openedIn('events', raw));
      if (!record.success) continue;
      for (const e of recordEvents(record.data)) {
        try {
          const event = parseCaseEvent(e);
          if (event.actor.id === workerId) confirmed.push(event);
        } catch {
          /* reported when the case is read */
        }
      }
    }
    confirmed.sort((a, b) => (a.caseId === b.caseId ? a.seq - b.seq : a.caseId < b.caseId ? -1 : 1));
    // What waited already was recorded after what was confirmed: it goes after it, against no head.
    // A record that cannot be read stays where it is (and is reported when its case is read).
    const waiting: CaseEvent[] = [];
    const outbox = tx.objectStore('outbox');
    for (let cursor = await outbox.openCursor(); cursor; cursor = await cursor.continue()) {
      const record = OutboxRecordSchema.safeParse(this.store.openedIn('outbox', cursor.value));
      if (!record.success) continue;
      try {
        waiting.push(parseCaseEvent(record.data.event));
      } catch {
        continue;
      }
      await cursor.delete();
    }
    await tx.objectStore('events').clear();
    const savedAt = new Date().toISOString();
    const seen = new Set<string>();
    for (const event of [...confirmed, ...waiting]) {
      if (seen.has(event.id)) continue;
      seen.add(event.id);
      await tx.objectStore('outbox').add(this.store.sealedFor('outbox', { caseId: event.caseId, eventId: event.id, event, knownSeq: -1, state: 'pending' as const, serverSeq: null, recordVersion: RECORD_VERSION, savedAt }));
    }
  }

  /**
   * Cases a page brings whole (seq 0 on, without gaps; a new device's first pull is all of them),
   * made ready before the transaction: replayed, and their events record and head sealed with
   * WebCrypto. Empty while the records are locked.
   */
  private async prepareWhole(histories: readonly (readonly CaseEvent[])[], savedAt: string): Promise<Map<string, ReadyCase>> {
    const states = histories.map((events) => this.store.stateOf(events));
    const [runs, heads] = await Promise.all([
      this.store.sealAhead('events', histories.map((events) => this.store.runRecord(events[0]!.caseId, events, savedAt))),
      this.store.sealAhead('heads', states.flatMap((state) => (state ? [this.store.headRecord(state)] : []))),
    ]);
    const ready = new Map<string, ReadyCase>();
    if (!runs || !heads) return ready;
    let h = 0;
    histories.forEach((events, i) => {
      const state = states[i]!;
      ready.set(events[0]!.caseId, { run: runs[i]!, state, head: state ? heads[h++]! : null });
    });
    return ready;
  }

  /**
   * Forgets the teammates' kept changes this device lists for a coordinator or supervisor, when
   * the worker no longer is one (the server sends a job coach only their own); theirs stay. One the
   * worker marked reviewed here and the server has not taken stays too, marked `notTheirs`, so
   * that their words are not lost unseen: the list says the review was not sent, until they let
   * it go ({@link dropConflict}).
   */
  async dropOthersConflicts(workerId: string): Promise<void> {
    await this.store.inTransaction(['conflicts'], 'readwrite', (tx) => this.dropOthersConflictsIn(tx, null, workerId));
    this.store.notify({ reviews: true });
  }

  private async dropOthersConflictsIn(tx: IDBPTransaction<CasepathDB, StoreNames<CasepathDB>[], 'readwrite'>, caseId: string | null, workerId: string): Promise<void> {
    const store = tx.objectStore('conflicts');
    for (const raw of caseId === null ? await store.getAll() : await store.index('byCase').getAll(caseId)) {
      const opened = ConflictRecordSchema.safeParse(this.store.openedIn('conflicts', raw));
      const author = opened.success ? (opened.data.event as { actor?: { id?: unknown } } | null)?.actor?.id : undefined;
      if (!opened.success || typeof author !== 'string' || author === workerId) continue;
      const review = opened.data.review;
      if (!review) await store.delete(opened.data.eventId);
      else if (!review.notTheirs) await store.put(this.store.sealedFor('conflicts', { ...opened.data, review: { ...review, notTheirs: true } }));
    }
  }

  /** Forgets a kept change once the server has it marked reviewed. */
  async dropConflict(eventId: string): Promise<void> {
    const caseId = await this.store.inTransaction(['conflicts'], 'readwrite', async (tx) => {
      const stored = await tx.objectStore('conflicts').get(eventId);
      await tx.objectStore('conflicts').delete(eventId);
      const opened = stored === undefined ? null : ConflictRecordSchema.safeParse(this.store.openedIn('conflicts', stored));
      return opened?.success ? opened.data.caseId : undefined;
    });
    this.store.notify(caseId === undefined ? {} : { caseId });
  }

  /**
   * Stores the worker's review of a kept change on this device, to be sent (now, or when the
   * server answers again); false when the device no longer holds that change.
   */
  markReviewed(eventId: string, resolution: string, markedAt: string): Promise<boolean> {
    return this.changeReview(eventId, () => ({ resolution, markedAt, refused: null }));
  }

  /** The server would not take a review: kept with its words, not sent again until marked anew. */
  reviewRefused(eventId: string, refused: string, resolution: string): Promise<boolean> {
    return this.changeReview(eventId, (review) => (review?.resolution === resolution ? { ...review, refused } : review));
  }

  /** This device's review of one kept change; undefined when none is marked or the change is gone. */
  review(eventId: string): Promise<ConflictReview | undefined> {
    return this.store.inTransaction(['conflicts'], 'readonly', async (tx) => {
      const stored = await tx.objectStore('conflicts').get(eventId);
      if (stored === undefined) return undefined;
      const opened = ConflictRecordSchema.safeParse(this.store.openedIn('conflicts', stored));
      return opened.success ? opened.data.review : undefined;
    });
  }

  /** The kept changes marked reviewed on this device whose review waits to be sent, oldest first. */
  async reviewsWaiting(): Promise<string[]> {
    return (await this.conflicts()).flatMap((c) => (waitsToBeSent(c.review) ? [c.eventId] : []));
  }

  private async changeReview(eventId: string, change: (review: ConflictReview | undefined) => ConflictReview | undefined): Promise<boolean> {
    const kept: { changed: boolean } | null = await this.store.inTransaction(['conflicts'], 'readwrite', async (tx) => {
      const stored = await tx.objectStore('conflicts').get(eventId);
      if (stored === undefined) return null;
      const opened = ConflictRecordSchema.safeParse(this.store.openedIn('conflicts', stored));
      if (!opened.success) return null;
      const review = change(opened.data.review);
      if (review === opened.data.review) return { changed: false };
      const record: ConflictRecord = { ...opened.data };
      if (review) record.review = review;
      else delete record.review;
      await tx.objectStore('conflicts').put(this.store.sealedFor('conflicts', record));
      return { changed: true };
    });
    // No case's history changed: the sync clients of this tab and others count what waits again,
    // and their status tells `<cp-sync>` to read the list again.
    if (kept?.changed) this.store.notify({ reviews: true });
    return kept !== null;
  }

  /** Changes the server kept for review (of one case, or all), for the person to see. */
  conflicts(caseId?: string): Promise<Conflict[]> {
    return this.store.inTransaction(['conflicts'], 'readonly', async (tx) => {
      const store = tx.objectStore('conflicts');
      const raw = caseId === undefined ? await store.getAll() : await store.index('byCase').getAll(caseId);
      const out: Conflict[] = [];
      for (const r of raw) {
        const c = ConflictRecordSchema.safeParse(this.store.openedIn('conflicts', r));
        if (!c.success) continue;
        try {
          out.push({ ...c.data, event: parseCaseEvent(c.data.event) });
        } catch {
          this.store.corrupt.push(`conflict ${c.data.eventId} is not a valid event`);
        }
      }
      return out.sort((a, b) => (a.at < b.at ? -1 : 1));
    });
  }
}
