import { createHash } from 'node:crypto';
import * as z from 'zod';
import { minLength } from '@casepath/core';
import type { Queryable } from './database.js';

/**
 * A record, kept outside the database, of where every case's history stood: each case's last
 * `seq` and that event's hash. The hash chain finds a row changed behind the server's back; an
 * anchor also finds a history rewritten whole (every hash recomputed), because the anchored hash
 * no longer matches. Its digest is short enough to write in a board's minutes or an e-mail.
 */
export const HistoryAnchor = z.strictObject({
  format: z.literal('casepath-history-anchor'),
  v: z.literal(1),
  madeAt: z.iso.datetime(),
  cases: z.array(z.strictObject({ caseId: z.string().check(minLength(1)), seq: z.number().int().min(0), hash: z.string().regex(/^[0-9a-f]{64}$/) })),
  /** SHA-256 of the cases' lines (`caseId seq hash`, one a line, in order). */
  digest: z.string().regex(/^[0-9a-f]{64}$/),
});
export type HistoryAnchor = z.infer<typeof HistoryAnchor>;

function digestOf(cases: HistoryAnchor['cases']): string {
  return createHash('sha256').update(cases.map((c) => `${c.caseId} ${c.seq} ${c.hash}\n`).join('')).digest('hex');
}

/** Where every case's history stands now. */
export async function makeAnchor(db: Queryable, madeAt = new Date().toISOString()): Promise<HistoryAnchor> {
  const rows = await db.query<{ case_id: string; seq: number; hash: string }>(
    'SELECT DISTINCT ON (case_id) case_id, seq, hash FROM events WHERE hash IS NOT NULL ORDER BY case_id, seq DESC',
  );
  const cases = rows.map((r) => ({ caseId: r.case_id, seq: r.seq, hash: r.hash })).sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
  return { format: 'casepath-history-anchor', v: 1, madeAt, cases, digest: digestOf(cases) };
}

export type AnchorFinding =
  | { caseId: string; problem: 'changed'; seq: number; message: string }
  | { caseId: string; problem: 'missing'; message: string }
  | { caseId: string; problem: 'erased'; message: string };

/**
 * Checks a stored history against an anchor: every anchored event must still be there with the
 * same hash. A case erased since (at a person's request) is reported as such, not as tampering.
 * Throws when the anchor's own digest does not match its lines (or the digest kept elsewhere).
 */
export async function checkAnchor(db: Queryable, anchor: HistoryAnchor, keptDigest?: string): Promise<AnchorFinding[]> {
  const digest = digestOf(anchor.cases);
  if (digest !== anchor.digest) throw new Error(`the anchor file was changed: its lines hash to ${digest}, not to the digest it carries (${anchor.digest})`);
  if (keptDigest !== undefined && keptDigest.toLowerCase() !== digest) throw new Error(`the anchor file is not the one whose digest you kept: it is ${digest}`);
  const findings: AnchorFinding[] = [];
  const ids = anchor.cases.map((c) => c.caseId);
  const stored = new Map<string, string>();
  for (const r of await db.query<{ case_id: string; seq: number; hash: string | null }>('SELECT e.case_id, e.seq, e.hash FROM events e JOIN unnest($1::text[], $2::int[]) AS a(case_id, seq) ON e.case_id = a.case_id AND e.seq = a.seq', [ids, anchor.cases.map((c) => c.seq)])) {
    stored.set(r.case_id, r.hash ?? '');
  }
  const erased = new Map((await db.query<{ case_id: string; erased_at: Date | string; erased_by: string }>('SELECT case_id, erased_at, erased_by FROM erasures WHERE case_id = ANY($1::text[])', [ids])).map((r) => [r.case_id, r]));
  for (const c of anchor.cases) {
    const hash = stored.get(c.caseId);
    if (hash === c.hash) continue;
    const gone = erased.get(c.caseId);
    if (gone) findings.push({ caseId: c.caseId, problem: 'erased', message: `erased on ${new Date(gone.erased_at).toISOString().slice(0, 10)} by ${gone.erased_by} at the person's request` });
    else if (hash === undefined) findings.push({ caseId: c.caseId, problem: 'missing', message: `event #${c.seq}, anchored on ${anchor.madeAt.slice(0, 10)}, is no longer stored` });
    else findings.push({ caseId: c.caseId, problem: 'changed', seq: c.seq, message: `event #${c.seq} does not have the hash anchored on ${anchor.madeAt.slice(0, 10)}: the history up to it was rewritten` });
  }
  return findings;
}
