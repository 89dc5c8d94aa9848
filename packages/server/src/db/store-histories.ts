import { builtInTemplates, chainHash, replay, type CaseRecord } from '@casepath/core';
import type { Database } from './database.js';
import type { CaseKeys } from './case-keys.js';
import { place, sealJson } from './case-sealing.js';
import { headState } from './cases.js';

/**
 * Writes whole histories known to be valid (simulated ones) as the server stores what pushes
 * append: each row sealed with its case's key, each event chained to the one before, the head
 * replayed. Nothing is checked against what is stored: for an empty provider only.
 */
export async function storeHistories(db: Database, keys: CaseKeys, organisationId: string, records: readonly CaseRecord[]): Promise<void> {
  await keys.load([], records.map((c) => c.caseId));
  for (const c of records) {
    const open = c.events[0];
    if (open?.type !== 'case.open') throw new Error(`case ${c.caseId}: a history starts with case.open`);
    const template = builtInTemplates[open.payload.templateId as keyof typeof builtInTemplates];
    if (!template) throw new Error(`case ${c.caseId}: template ${open.payload.templateId} is not built in`);
    const { state } = replay(template, c.events);
    const hashes: string[] = [];
    for (const e of c.events) hashes.push(await chainHash(hashes.at(-1) ?? null, e));
    await db.transaction(async (tx) => {
      await tx.query(
        'INSERT INTO cases (id, organisation_id, provider_id, template_id, template_version, opened_by, head_seq, state) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
        [c.caseId, organisationId, c.providerId, template.id, template.version, open.actor.id, state.lastSeq, sealJson(keys, c.caseId, place.state(c.caseId), headState(state))],
      );
      await tx.query(
        `INSERT INTO events (case_id, seq, id, body, recorded_by, device_id, previous_hash, hash)
         SELECT $1, e.seq, e.id, e.body, e.recorded_by, 'demo-seed', e.previous_hash, e.hash FROM unnest($2::int[], $3::text[], $4::jsonb[], $5::text[], $6::text[], $7::text[]) AS e(seq, id, body, recorded_by, previous_hash, hash)`,
        [
          c.caseId,
          c.events.map((e) => e.seq),
          c.events.map((e) => e.id),
          c.events.map((e) => sealJson(keys, c.caseId, place.event(c.caseId, e.id), e)),
          c.events.map((e) => e.actor.id),
          [null, ...hashes.slice(0, -1)],
          hashes,
        ],
      );
    });
  }
}

