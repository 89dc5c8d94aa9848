import { initialCaseState, type CaseEvent, type CaseState, type PlanTemplate } from '@casepath/core';
import type { Database, Queryable } from './database.js';
import type { CaseKeys } from './case-keys.js';
import { commitPush, createCase, headText, insertConflict, lockCases, readPushContext, type Appended, type CaseRow, type MovedHead, type NeededEvents } from './cases.js';
import { findTemplate, healthDomains } from './templates.js';
import { erasedAmong } from './erasure.js';
import { chainAppended } from './history.js';
import { maySeeCase, mayDo, mayRecordAs, worksOnCases, type Worker } from '../domain/access.js';
import { findWorker } from './accounts.js';
import { pastRoles } from './worker-roles.js';
import { decidePush, type Known, type PushedEvent, type PushOutcome } from '../domain/push.js';

export type PushResult =
  | { id: string; caseId: string; status: 'accepted'; seq: number }
  | { id: string; caseId: string; status: 'conflict'; rule: string; reason: string; changedBy: string[] };

/** One device's push, as signed in. */
export interface PushRequest {
  worker: Worker;
  deviceId: string;
  pushed: readonly PushedEvent[];
}

/** Applies one device's push in its own transaction (see {@link applyPushes}). */
export async function applyPush(db: Database, keys: CaseKeys, worker: Worker, deviceId: string, pushed: readonly PushedEvent[], now = () => new Date().toISOString()): Promise<PushResult[]> {
  return (await applyPushes(db, keys, [{ worker, deviceId, pushed }], now))[0]!;
}

const byCaseOf = (pushed: readonly PushedEvent[]) => {
  const byCase = new Map<string, PushedEvent[]>();
  for (const p of pushed) (byCase.get(p.event.caseId) ?? byCase.set(p.event.caseId, []).get(p.event.caseId)!).push(p);
  return byCase;
};

/**
 * Applies several devices' pushes in one transaction, with the same outcome as applying them one
 * after the other in the order given: the cases are locked in id order, each event is decided by
 * {@link decidePush} against its case's head (which includes what earlier pushes of the batch
 * appended), accepted events are appended and the heads saved, and the rest are kept as
 * conflicts. Ordering and idempotency come from PostgreSQL (row locks, the primary key on
 * `(case_id, seq)`, the unique event id), not from this process, so any number of server
 * processes may share one database.
 */
export async function applyPushes(db: Database, keys: CaseKeys, requests: readonly PushRequest[], now = () => new Date().toISOString()): Promise<PushResult[][]> {
  const grouped = requests.map((r) => byCaseOf(r.pushed));
  const opening = new Map<string, { worker: Worker; event: Extract<CaseEvent, { type: 'case.open' }> }>();
  requests.forEach((r, i) => {
    for (const [caseId, list] of grouped[i]!) {
      const open = list[0]!.event;
      if (open.type === 'case.open' && !opening.has(caseId) && mayDo(r.worker, 'case.open') && open.payload.providerId === r.worker.providerId) opening.set(caseId, { worker: r.worker, event: open });
    }
  });
  // Keys first, outside the transaction: a case opened here gets one (unless it was erased).
  await keys.load(
    grouped.flatMap((g) => [...g.keys()]),
    opening.keys(),
  );
  return db.transaction(async (tx) => {
    const template = templateLookup(tx);
    // Cases opened by these pushes are created first, in id order (a concurrent or retried push
    // of the same case.open finds the row, and waits on its lock below).
    // A case erased at the person's request is not opened again by a device that still had it.
    const erased = await erasedAmong(tx, [...opening.keys()]);
    for (const caseId of [...opening.keys()].sort()) {
      if (erased.has(caseId) || !keys.has(caseId)) continue;
      const { worker, event } = opening.get(caseId)!;
      const p = event.payload;
      const found = await template(worker.organisationId, p.templateId, p.templateVersion);
      if (found) await createCase(tx, keys, { id: caseId, organisationId: worker.organisationId, providerId: p.providerId, templateId: p.templateId, templateVersion: p.templateVersion, openedBy: worker.id }, initialCaseState(found));
    }
    const cases = await lockCases(tx, keys, grouped.flatMap((g) => [...g.keys()]));
    // Read after the locks: what a retry of these pushes stored, every event after the oldest
    // head a device knew, and each head's hash, for all cases in one statement.
    const needed = new Map<string, NeededEvents>();
    for (const g of grouped) {
      for (const [caseId, list] of g) {
        const row = cases.get(caseId);
        if (!row) continue;
        const eventsAfter = Math.min(needed.get(caseId)?.eventsAfter ?? Infinity, ...list.map((p) => decidedAfter(p.knownSeq, row.headSeq)));
        needed.set(caseId, { headSeq: row.headSeq, eventsAfter });
      }
    }
    const { known, recent, headHash } = await readPushContext(
      tx,
      keys,
      requests.flatMap((r) => r.pushed.map((p) => p.event.id)),
      needed,
    );
    const heads = new Map<string, { state: CaseState; deviceOf: Map<string, string | null> }>();
    for (const [caseId, loaded] of recent) {
      heads.set(caseId, { state: { ...cases.get(caseId)!.state, history: loaded.map((r) => r.event) }, deviceOf: new Map(loaded.map((r) => [r.event.id, r.deviceId])) });
    }
    const appended: Appended[] = [];
    const results: PushResult[][] = [];
    for (const [i, request] of requests.entries()) {
      const outcomes = new Map<string, PushResult>();
      const learnt = new Map<string, Known>();
      for (const [caseId, list] of grouped[i]!) {
        const decided = await decideCase(tx, keys, request, cases.get(caseId), list, heads.get(caseId), template, known, now());
        for (const [id, result] of decided.results) outcomes.set(id, result);
        for (const event of decided.appended) appended.push({ event, recordedBy: request.worker.id, deviceId: request.deviceId });
        for (const [id, k] of decided.learnt) learnt.set(id, k);
      }
      // A later push of the batch with the same ids (a retry) gets the same answers.
      for (const [id, k] of learnt) known.set(id, k);
      results.push(request.pushed.map((p) => outcomes.get(p.event.id)!));
    }
    // Each appended event is chained to its case's head (its last event's hash), then to each other.
    const hashes = chainAppended(
      appended.map((a) => a.event),
      (caseId) => headHash.get(caseId) ?? null,
    );
    // A head's state is written only when it changed (see headText): a push of support logs moves head_seq alone.
    const moved = [...heads.entries()].flatMap(([caseId, h]): MovedHead[] => {
      const row = cases.get(caseId)!;
      if (h.state.lastSeq === row.headSeq) return [];
      const state = headText(h.state);
      return [{ caseId, headSeq: h.state.lastSeq, state: state === row.storedState ? null : state }];
    });
    await commitPush(tx, keys, appended, hashes, moved, requests);
    return results;
  });
}

/**
 * The events a pushed event is decided against: those after the head its device knew
 * (`decidePush` checks it against them). A device that knew more than the head (it synced before
 * the server was restored from a backup) is checked against the last one.
 */
function decidedAfter(knownSeq: number, headSeq: number): number {
  return knownSeq > headSeq ? headSeq - 1 : knownSeq;
}

/** The templates a batch needs, each read once. */
function templateLookup(tx: Queryable) {
  const templates = new Map<string, Promise<PlanTemplate | null>>();
  return (organisationId: string, id: string, version: number) => {
    const key = JSON.stringify([organisationId, id, version]);
    return templates.get(key) ?? templates.set(key, findTemplate(tx, organisationId, id, version)).get(key)!;
  };
}

/**
 * Decides one push's events for one case: refused as unknown when the worker may not see the
 * case, as not theirs when recorded as someone else, otherwise by {@link decidePush}. Team
 * changes it accepts apply to the rest of the batch at once, as they would to a later push.
 */
async function decideCase(
  tx: Queryable,
  keys: CaseKeys,
  { worker, deviceId }: PushRequest,
  row: CaseRow | undefined,
  list: PushedEvent[],
  head: { state: CaseState; deviceOf: Map<string, string | null> } | undefined,
  template: ReturnType<typeof templateLookup>,
  known: ReadonlyMap<string, Known>,
  now: string,
): Promise<{ results: Map<string, PushResult>; appended: CaseEvent[]; learnt: Map<string, Known> }> {
  const results = new Map<string, PushResult>();
  const appended: CaseEvent[] = [];
  const learnt = new Map<string, Known>();
  const caseId = list[0]!.event.caseId;
  const refuse = (rule: 'not-found' | 'not-yours' | 'health-data-undeclared' | 'unknown-worker', reason: string, events = list) => {
    for (const p of events) results.set(p.event.id, { id: p.event.id, caseId, status: 'conflict', rule, reason, changedBy: [] });
  };
  // Another provider's case, or one the worker is not on, looks exactly like no case at all.
  if (!row || !head || !maySeeCase(worker, row)) {
    refuse('not-found', `there is no case ${caseId} that you may record in`);
    return { results, appended, learnt };
  }
  const found = await template(row.organisationId, row.templateId, row.templateVersion);
  if (!found) {
    refuse('not-found', `the case's template ${row.templateId} v${row.templateVersion} is not on this server`);
    return { results, appended, learnt };
  }
  // Roles the worker held before are read only for an event recorded in another role than theirs now.
  const past = list.some((p) => p.event.actor.id === worker.id && p.event.actor.role !== worker.role) ? await pastRoles(tx, worker.id) : [];
  const mayRecord = list.filter((p) => mayRecordAs(worker, p.event.actor, p.event.at, past));
  for (const p of list) {
    if (!mayRecord.includes(p)) refuse('not-yours', `you are signed in as ${worker.id} (${worker.role}) and cannot record as ${p.event.actor.id} (${p.event.actor.role})`, [p]);
  }
  // Health information needs consent (core's rule, on the payload's `healthData`); an assessment
  // with scores in a domain its instrument marks as health that does not say so is refused.
  const allowed: PushedEvent[] = [];
  for (const p of mayRecord) {
    const e = p.event;
    if (e.type === 'assessment.record' && e.payload.healthData !== true && e.payload.scores) {
      const health = await healthDomains(tx, row.organisationId, e.payload.instrumentId);
      const undeclared = Object.keys(e.payload.scores).filter((d) => health.has(d));
      if (undeclared.length) {
        refuse('health-data-undeclared', `the assessment has scores in ${undeclared.join(', ')}, which ${e.payload.instrumentId} marks as health information, but does not say it holds health data; record it again with a current Casepath`, [p]);
        continue;
      }
    }
    // Only someone who can work on the case joins its team: a worker of its provider, in a role
    // that works on cases (an account turned off since is still taken: it may have been recorded
    // offline before they left).
    if (e.type === 'worker.assign') {
      const joining = await findWorker(tx, row.organisationId, e.payload.workerId);
      if (!joining || !worksOnCases(joining) || joining.providerId !== row.providerId) {
        refuse('unknown-worker', `${e.payload.workerId} is not someone at this case's provider who works on cases; put someone from the provider's staff on the team`, [p]);
        continue;
      }
    }
    allowed.push(p);
  }
  const decided = decidePush(found, head, deviceId, allowed, known, now);
  for (const [i, outcome] of decided.entries()) {
    const p = allowed[i]!;
    results.set(p.event.id, await answer(tx, keys, worker, deviceId, p, outcome));
    if (!outcome.fresh) continue;
    if (outcome.kind === 'accepted') {
      appended.push(outcome.event);
      learnt.set(outcome.event.id, { kind: 'accepted', event: outcome.event });
      applyTeamChange(row, outcome.event);
    } else {
      learnt.set(outcome.eventId, { kind: 'conflict', rule: outcome.rule, reason: outcome.reason, changedBy: outcome.changedBy, knownSeq: outcome.knownSeq, headSeq: outcome.headSeq });
    }
  }
  return { results, appended, learnt };
}

function applyTeamChange(row: CaseRow, event: CaseEvent): void {
  if (event.type === 'worker.assign' && !row.team.includes(event.payload.workerId)) row.team = [...row.team, event.payload.workerId];
  if (event.type === 'worker.unassign') row.team = row.team.filter((w) => w !== event.payload.workerId);
}

/** The answer for one event; a fresh conflict is stored for review (accepted ones are inserted together). */
async function answer(tx: Queryable, keys: CaseKeys, worker: Worker, deviceId: string, p: PushedEvent, o: PushOutcome): Promise<PushResult> {
  const caseId = p.event.caseId;
  if (o.kind === 'accepted') return { id: o.event.id, caseId, status: 'accepted', seq: o.event.seq };
  if (o.fresh) {
    await insertConflict(tx, keys, { eventId: o.eventId, caseId, workerId: worker.id, deviceId, event: p.event, knownSeq: o.knownSeq, headSeq: o.headSeq, rule: o.rule, reason: o.reason, changedBy: o.changedBy });
  }
  return { id: o.eventId, caseId, status: 'conflict', rule: o.rule, reason: o.reason, changedBy: o.changedBy };
}
