import { builtInTemplates, replay, type CaseRecord } from '@casepath/core';
import type { Database } from './database.js';
import type { CaseKeys } from './case-keys.js';
import { place, sealJson, sealJsonText } from './case-sealing.js';
import { headText } from './cases.js';
import { chainAppended } from './history.js';

/** Cases written in one transaction: two statements for all of them, the heads and the events. */
const BATCH = 250;

/**
 * Writes whole histories known to be valid (simulated ones) as the server stores what pushes
 * append: each row sealed with its case's key, each event chained to the one before, the head
 * replayed, recorded by the event's actor from `deviceId`. Nothing is checked against what is
 * stored: for an empty provider only. A batch of cases is written whole or not at all.
 */
export async function storeHistories(db: Database, keys: CaseKeys, organisationId: string, records: readonly CaseRecord[], deviceId = 'demo-seed'): Promise<void> {
  for (let from = 0; from < records.length; from += BATCH) {
    const batch = records.slice(from, from + BATCH);
    await keys.load([], batch.map((c) => c.caseId));
    const heads: unknown[][] = [[], [], [], [], [], [], []];
    const events: unknown[][] = [[], [], [], [], [], [], []];
    for (const c of batch) {
      const open = c.events[0];
      if (open?.type !== 'case.open') throw new Error(`case ${c.caseId}: a history starts with case.open`);
      const template = builtInTemplates[open.payload.templateId as keyof typeof builtInTemplates];
      if (!template) throw new Error(`case ${c.caseId}: template ${open.payload.templateId} is not built in`);
      const { state } = replay(template, c.events);
      const head = [c.caseId, c.providerId, template.id, template.version, open.actor.id, state.lastSeq, sealJsonText(keys, c.caseId, place.state(c.caseId), headText(state))];
      head.forEach((value, i) => heads[i]!.push(value));
      // Chained as pushes chain what they append, after an empty head.
      const chained = chainAppended(c.events, () => null);
      for (const e of c.events) {
        const { previousHash, hash } = chained.get(e.id)!;
        const row = [c.caseId, e.seq, e.id, sealJson(keys, c.caseId, place.event(c.caseId, e.id), e), e.actor.id, previousHash, hash];
        row.forEach((value, i) => events[i]!.push(value));
      }
    }
    await db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO cases (id, organisation_id, provider_id, template_id, template_version, opened_by, head_seq, state)
         SELECT h.id, $1, h.provider_id, h.template_id, h.template_version, h.opened_by, h.head_seq, h.state
         FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::int[], $8::jsonb[]) AS h(id, provider_id, template_id, template_version, opened_by, head_seq, state)`,
        [organisationId, ...heads],
      );
      await tx.query(
        `INSERT INTO events (case_id, seq, id, body, recorded_by, device_id, previous_hash, hash)
         SELECT e.case_id, e.seq, e.id, e.body, e.recorded_by, $1, e.previous_hash, e.hash
         FROM unnest($2::text[], $3::int[], $4::text[], $5::jsonb[], $6::text[], $7::text[], $8::text[]) AS e(case_id, seq, id, body, recorded_by, previous_hash, hash)`,
        [deviceId, ...events],
      );
    });
  }
}
