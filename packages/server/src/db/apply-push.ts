import { initialCaseState, type CaseEvent, type CaseState, type PlanTemplate } from '@casepath/core';
import type { Database } from './database.js';
import { commitPush, createCase, eventsAfterEach, insertConflict, knownOutcomes, lockCases, type CaseRow } from './cases.js';
import { findTemplate } from './templates.js';
import { chainAppended } from './history.js';
import { maySeeCase, mayDo, mayRecordAs, type Worker } from '../domain/access.js';
import { decidePush, type PushedEvent, type PushOutcome } from '../domain/push.js';

export type PushResult =
  | { id: string; caseId: string; status: 'accepted'; seq: number }
  | { id: string; caseId: string; status: 'conflict'; rule: string; reason: string; changedBy: string[] };

/**
 * Applies a device's push in one transaction: the cases are locked in id order, each event is
 * decided by {@link decidePush} against its case's head, accepted events are appended and the
 * head saved, and the rest are kept as conflicts. Ordering and idempotency come from PostgreSQL
 * (row locks, the primary key on `(case_id, seq)`, the unique event id), not from this process,
 * so any number of server processes may share one database.
 */
export async function applyPush(db: Database, worker: Worker, deviceId: string, pushed: readonly PushedEvent[], now = () => new Date().toISOString()): Promise<PushResult[]> {
  const byCase = new Map<string, PushedEvent[]>();
  for (const p of pushed) (byCase.get(p.event.caseId) ?? byCase.set(p.event.caseId, []).get(p.event.caseId)!).push(p);
  return db.transaction(async (tx) => {
    const outcomes = new Map<string, PushResult>();
    const known = await knownOutcomes(
      tx,
      pushed.map((p) => p.event.id),
    );
    // Cases opened by this push are created first (a concurrent push of the same case.open
    // finds the row, then waits on its lock).
    for (const [caseId, list] of byCase) {
      const open = list[0]!.event;
      if (open.type !== 'case.open' || known.has(open.id)) continue;
      const p = open.payload;
      if (!mayDo(worker, 'case.open') || p.providerId !== worker.providerId) continue;
      const template = await findTemplate(tx, worker.organisationId, p.templateId, p.templateVersion);
      if (!template) continue;
      await createCase(tx, { id: caseId, organisationId: worker.organisationId, providerId: p.providerId, templateId: p.templateId, templateVersion: p.templateVersion, openedBy: worker.id }, initialCaseState(template));
    }
    const cases = await lockCases(tx, [...byCase.keys()]);
    // Who may record in which case, and with which template; the rest are refused as unknown.
    const work: { caseId: string; row: CaseRow; list: PushedEvent[]; template: PlanTemplate }[] = [];
    for (const [caseId, list] of byCase) {
      const row = cases.get(caseId);
      const refuse = (rule: 'not-found' | 'not-yours', reason: string, events = list) => {
        for (const p of events) outcomes.set(p.event.id, { id: p.event.id, caseId, status: 'conflict', rule, reason, changedBy: [] });
      };
      // Another provider's case, or one the worker is not on, looks exactly like no case at all.
      if (!row || !maySeeCase(worker, row)) {
        refuse('not-found', `there is no case ${caseId} that you may record in`);
        continue;
      }
      const template = await findTemplate(tx, row.organisationId, row.templateId, row.templateVersion);
      if (!template) {
        refuse('not-found', `the case's template ${row.templateId} v${row.templateVersion} is not on this server`);
        continue;
      }
      const allowed = list.filter((p) => mayRecordAs(worker, p.event.actor));
      for (const p of list) {
        if (!allowed.includes(p)) refuse('not-yours', `you are signed in as ${worker.id} (${worker.role}) and cannot record as ${p.event.actor.id} (${p.event.actor.role})`, [p]);
      }
      work.push({ caseId, row, list: allowed, template });
    }
    // Every event after the oldest head a device knew, for all cases in one query.
    const recent = await eventsAfterEach(tx, new Map(work.map((w) => [w.caseId, Math.min(w.row.headSeq - 1, ...w.list.map((p) => p.knownSeq))])));
    const appended: CaseEvent[] = [];
    const heads: CaseState[] = [];
    for (const w of work) {
      const loaded = recent.get(w.caseId)!;
      const head = { state: { ...w.row.state, history: loaded.map((r) => r.event) }, deviceOf: new Map(loaded.map((r) => [r.event.id, r.deviceId])) };
      const decided = decidePush(w.template, head, deviceId, w.list, known, now());
      for (const [i, outcome] of decided.entries()) {
        const p = w.list[i]!;
        if (outcome.kind === 'accepted' && outcome.fresh) appended.push(outcome.event);
        outcomes.set(p.event.id, await answer(tx, worker, deviceId, p, outcome));
      }
      if (head.state.lastSeq !== w.row.headSeq) heads.push(head.state);
    }
    // Each appended event is chained to its case's head (the last event loaded), then to each other.
    const hashes = await chainAppended(appended, (caseId) => recent.get(caseId)?.at(-1)?.hash ?? null);
    await commitPush(tx, appended, hashes, heads, worker.id, deviceId, pushed.length);
    return pushed.map((p) => outcomes.get(p.event.id)!);
  });
}

/** The answer for one event; a fresh conflict is stored for review (accepted ones are inserted together). */
async function answer(tx: Parameters<Parameters<Database['transaction']>[0]>[0], worker: Worker, deviceId: string, p: PushedEvent, o: PushOutcome): Promise<PushResult> {
  const caseId = p.event.caseId;
  if (o.kind === 'accepted') return { id: o.event.id, caseId, status: 'accepted', seq: o.event.seq };
  if (o.fresh) {
    await insertConflict(tx, { eventId: o.eventId, caseId, workerId: worker.id, deviceId, event: p.event, knownSeq: o.knownSeq, headSeq: o.headSeq, rule: o.rule, reason: o.reason, changedBy: o.changedBy });
  }
  return { id: o.eventId, caseId, status: 'conflict', rule: o.rule, reason: o.reason, changedBy: o.changedBy };
}
