import { aggregateFile, mergeAggregates, type AggregateFile, type CaseEvent, type CaseRecord, type MergedAggregate } from '@casepath/core';
import type { Queryable } from './database.js';
import type { CaseKeys } from './case-keys.js';
import { openEvent } from './cases.js';

/** Cases whose histories are opened together: one read of their events, their keys loaded at once. */
const BATCH = 250;

/**
 * Every case of an organisation, or of one of its providers, with its whole history opened with
 * its case's key and checked: what the indicators count. Erased cases are gone from the tables.
 */
export async function caseRecords(db: Queryable, keys: CaseKeys, organisationId: string, providerId: string | null): Promise<CaseRecord[]> {
  const cases = await db.query<{ id: string; provider_id: string }>(
    'SELECT id, provider_id FROM cases WHERE organisation_id = $1 AND ($2::text IS NULL OR provider_id = $2) ORDER BY id',
    [organisationId, providerId],
  );
  const records: CaseRecord[] = [];
  for (let i = 0; i < cases.length; i += BATCH) {
    const batch = cases.slice(i, i + BATCH);
    await keys.load(batch.map((c) => c.id));
    const byCase = new Map(batch.map((c) => [c.id, { caseId: c.id, providerId: c.provider_id, events: [] as CaseEvent[] }]));
    const rows = await db.query<{ case_id: string; id: string; body: unknown }>('SELECT case_id, id, body FROM events WHERE case_id = ANY($1::text[]) ORDER BY case_id, seq', [[...byCase.keys()]]);
    for (const r of rows) byCase.get(r.case_id)!.events.push(openEvent(keys, r.case_id, r.id, r.body));
    records.push(...byCase.values());
  }
  return records;
}

export interface IndicatorOptions {
  /** The cut-off (ISO date): follow-up of everyone still in ends here. */
  asOf: string;
  /** Counts below this are suppressed in the published tables (default 5). */
  threshold?: number;
}

/** Each provider's aggregate file of these cases, mergeable, in provider order. */
function filesByProvider(records: readonly CaseRecord[], options: IndicatorOptions): AggregateFile[] {
  const byProvider = new Map<string, CaseRecord[]>();
  for (const r of records) (byProvider.get(r.providerId) ?? byProvider.set(r.providerId, []).get(r.providerId)!).push(r);
  return [...byProvider.keys()].sort().map((providerId) => aggregateFile(byProvider.get(providerId)!, { providerId, asOf: options.asOf, threshold: options.threshold ?? 5, mergeable: true }));
}

/** Indicators as analysts read them: the counts behind them stay on the server. */
export type PublishedIndicators = Omit<MergedAggregate, 'counts'>;

/**
 * The organisation's own indicators (or one provider's), from its cases on this server: each
 * provider's aggregate file made and merged exactly as an umbrella merges its members' files, so
 * the figures are those `casepath aggregate` and `casepath merge` give on an export. Null when
 * there is no case to count.
 */
export async function ownIndicators(db: Queryable, keys: CaseKeys, organisationId: string, providerId: string | null, options: IndicatorOptions): Promise<PublishedIndicators | null> {
  const files = filesByProvider(await caseRecords(db, keys, organisationId, providerId), options);
  if (!files.length) return null;
  const { counts, ...published } = mergeAggregates(files.map((file) => ({ source: `provider ${file.providerId}`, file })));
  return published;
}

/** One provider's aggregate file from its cases on this server, for `push-aggregate`; null when the provider is unknown. */
export async function providerAggregate(db: Queryable, keys: CaseKeys, providerId: string, options: IndicatorOptions & { mergeable: boolean }): Promise<{ file: AggregateFile; cases: number } | null> {
  const [provider] = await db.query<{ organisation_id: string }>('SELECT organisation_id FROM providers WHERE id = $1', [providerId]);
  if (!provider) return null;
  const records = await caseRecords(db, keys, provider.organisation_id, providerId);
  const file = aggregateFile(records, { providerId, asOf: options.asOf, threshold: options.threshold ?? 5, mergeable: options.mergeable });
  return { file, cases: records.length };
}
