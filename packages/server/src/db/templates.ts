import { isDeepStrictEqual } from 'node:util';
import { builtInInstruments, builtInTemplates, parseInstrument, parseTemplate, type Instrument, type PlanTemplate } from '@casepath/core';
import type { Queryable } from './database.js';

export type Kind = 'templates' | 'instruments';
const idColumn = (kind: Kind) => (kind === 'templates' ? 'template_id' : 'instrument_id');
const parse = (kind: Kind, body: unknown) => (kind === 'templates' ? parseTemplate(body) : parseInstrument(body));

export type Published<K extends Kind> = K extends 'templates' ? PlanTemplate : Instrument;

/** Every version of an organisation's own templates or instruments, checked when read. */
export async function listPublished<K extends Kind>(db: Queryable, kind: K, organisationId: string): Promise<Published<K>[]> {
  const rows = await db.query<{ body: unknown }>(`SELECT body FROM ${kind} WHERE organisation_id = $1 ORDER BY ${idColumn(kind)}, version`, [organisationId]);
  return rows.map((r) => parse(kind, r.body) as Published<K>);
}

export type PublishResult = 'created' | 'unchanged' | 'differs';

/**
 * Stores a version of a template or instrument. Versions are immutable: publishing the same
 * body again is a no-op, a different body under a stored version is refused.
 */
export async function publish(db: Queryable, kind: Kind, organisationId: string, body: PlanTemplate | Instrument, by: string): Promise<PublishResult> {
  const inserted = await db.query(
    `INSERT INTO ${kind} (organisation_id, ${idColumn(kind)}, version, body, created_by) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING version`,
    [organisationId, body.id, body.version, JSON.stringify(body), by],
  );
  if (inserted.length) return 'created';
  const [stored] = await db.query<{ body: unknown }>(`SELECT body FROM ${kind} WHERE organisation_id = $1 AND ${idColumn(kind)} = $2 AND version = $3`, [organisationId, body.id, body.version]);
  return isDeepStrictEqual(stored?.body, JSON.parse(JSON.stringify(body))) ? 'unchanged' : 'differs';
}

/** The template a case was opened with: a built-in one, or the organisation's own version. */
export async function findTemplate(db: Queryable, organisationId: string, id: string, version: number): Promise<PlanTemplate | null> {
  const builtIn = Object.hasOwn(builtInTemplates, id) ? builtInTemplates[id as keyof typeof builtInTemplates] : undefined;
  if (builtIn && builtIn.version === version) return builtIn;
  const [row] = await db.query<{ body: unknown }>('SELECT body FROM templates WHERE organisation_id = $1 AND template_id = $2 AND version = $3', [organisationId, id, version]);
  return row ? parseTemplate(row.body) : null;
}

export function isBuiltIn(kind: Kind, id: string): boolean {
  return Object.hasOwn(kind === 'templates' ? builtInTemplates : builtInInstruments, id);
}

/**
 * The domains an instrument marks as health information (`healthData`), over the built-in
 * instrument of that id and every version the organisation published. Only domains can be checked
 * on the server: it receives scores by domain, not answers.
 */
export async function healthDomains(db: Queryable, organisationId: string, instrumentId: string): Promise<Set<string>> {
  const found: Instrument[] = [];
  if (Object.hasOwn(builtInInstruments, instrumentId)) found.push(builtInInstruments[instrumentId as keyof typeof builtInInstruments]);
  const rows = await db.query<{ body: unknown }>('SELECT body FROM instruments WHERE organisation_id = $1 AND instrument_id = $2', [organisationId, instrumentId]);
  for (const r of rows) found.push(parseInstrument(r.body));
  return new Set(found.flatMap((ins) => ins.domains.filter((d) => d.healthData).map((d) => d.id)));
}
