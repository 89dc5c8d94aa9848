import { createHash } from 'node:crypto';
import { chainHash, chainedText, parseCaseEvent, verifyHistory, type CaseEvent, type HistoryCheck } from '@casepath/core';
import type { Queryable } from './database.js';
import type { CaseKeys } from './case-keys.js';
import { openEvent } from './cases.js';

/**
 * The cases with events not yet hash-chained, asked at every start; the partial index of schema
 * 11 has the same condition and is empty once every event is chained: keep the two the same.
 */
export const UNCHAINED_CASES = 'SELECT DISTINCT case_id FROM events WHERE hash IS NULL';

/**
 * Chains the events stored before hashes existed (schema version 4), case by case in `seq`
 * order. Runs when the server migrates; a no-op once every event has its hash.
 */
export async function chainUnhashedEvents(db: Queryable): Promise<number> {
  const cases = await db.query<{ case_id: string }>(UNCHAINED_CASES);
  let chained = 0;
  for (const { case_id } of cases) {
    const rows = await db.query<{ seq: number; body: unknown; hash: string | null }>('SELECT seq, body, hash FROM events WHERE case_id = $1 ORDER BY seq', [case_id]);
    let previous: string | null = null;
    const seqs: number[] = [];
    const previousHashes: (string | null)[] = [];
    const hashes: string[] = [];
    for (const r of rows) {
      const hash = await chainHash(previous, parseCaseEvent(r.body));
      seqs.push(r.seq);
      previousHashes.push(previous);
      hashes.push(hash);
      previous = hash;
    }
    await db.query(
      'UPDATE events e SET previous_hash = u.previous_hash, hash = u.hash FROM unnest($2::int[], $3::text[], $4::text[]) AS u(seq, previous_hash, hash) WHERE e.case_id = $1 AND e.seq = u.seq',
      [case_id, seqs, previousHashes, hashes],
    );
    chained += rows.length;
  }
  return chained;
}

/** The hashes of events about to be appended after a case's head (`previous`: the head's hash), as {@link chainHash} gives them. */
export function chainAppended(events: readonly CaseEvent[], previous: (caseId: string) => string | null): Map<string, { previousHash: string | null; hash: string }> {
  const out = new Map<string, { previousHash: string | null; hash: string }>();
  const last = new Map<string, string | null>();
  for (const e of events) {
    const before = last.has(e.caseId) ? last.get(e.caseId)! : previous(e.caseId);
    const hash = createHash('sha256').update(chainedText(before, e)).digest('hex');
    out.set(e.id, { previousHash: before, hash });
    last.set(e.caseId, hash);
  }
  return out;
}

/** Checks the stored history of one case, or of every case; the first broken link of each that has one. */
export async function verifyStoredHistory(db: Queryable, keys: CaseKeys, caseId?: string): Promise<{ cases: number; events: number; broken: { caseId: string; check: Exclude<HistoryCheck, { ok: true }> }[] }> {
  const ids = caseId ? [caseId] : (await db.query<{ id: string }>('SELECT id FROM cases ORDER BY id')).map((r) => r.id);
  const broken: { caseId: string; check: Exclude<HistoryCheck, { ok: true }> }[] = [];
  let events = 0;
  for (const id of ids) {
    await keys.load([id]);
    const rows = await db.query<{ seq: number; id: string; body: unknown; previous_hash: string | null; hash: string | null }>('SELECT seq, id, body, previous_hash, hash FROM events WHERE case_id = $1 ORDER BY seq', [id]);
    events += rows.length;
    const chained = [];
    let unreadable: Exclude<HistoryCheck, { ok: true }> | null = null;
    for (const r of rows) {
      try {
        // The stored seq is what is checked: a body moved to another row must not hide it.
        chained.push({ event: { ...openEvent(keys, id, r.id, r.body), seq: r.seq } as CaseEvent, previousHash: r.previous_hash, hash: r.hash ?? '' });
      } catch (error) {
        unreadable = { ok: false, seq: r.seq, problem: 'hash', message: `event #${r.seq} is not a readable event: ${(error as Error).message.split('\n')[0]}` };
        break;
      }
    }
    const check = await verifyHistory(chained);
    const first = !check.ok && (!unreadable || check.seq <= unreadable.seq) ? check : unreadable;
    if (first) broken.push({ caseId: id, check: first });
  }
  return { cases: ids.length, events, broken };
}
