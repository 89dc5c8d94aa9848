import { ConfigError } from '../config.js';
import { SecretBox } from '../domain/secret-box.js';
import type { CaseKeys } from './case-keys.js';
import type { Database } from './database.js';
import { eraseCaseRows } from './erasure.js';

/**
 * Every value about a person that the server stores (an event, a case's state at its head, a
 * change kept for review and why) is sealed with AES-256-GCM under its case's key, bound to its
 * place: copied to another row, it does not open. The database and its backups hold ciphertext;
 * erasing a case destroys its key.
 */
export const place = {
  event: (caseId: string, eventId: string) => `case/${caseId}/event/${eventId}`,
  state: (caseId: string) => `case/${caseId}/state`,
  conflict: (caseId: string, eventId: string) => `case/${caseId}/conflict/${eventId}`,
  reason: (caseId: string, eventId: string) => `case/${caseId}/conflict/${eventId}/reason`,
  resolution: (caseId: string, eventId: string) => `case/${caseId}/conflict/${eventId}/resolution`,
};

/** A value found in plain where a sealed one belongs: written behind the server's back. */
export class PlainValueError extends Error {
  override readonly name = 'PlainValueError';
}

/** A value sealed for a `jsonb` column: the JSON text of the sealed string. */
export function sealJson(keys: CaseKeys, caseId: string, where: string, value: unknown): string {
  return sealJsonText(keys, caseId, where, JSON.stringify(value));
}

/** A value's JSON text sealed for a `jsonb` column, as {@link sealJson}. */
export function sealJsonText(keys: CaseKeys, caseId: string, where: string, json: string): string {
  return JSON.stringify(keys.box(caseId).seal(json, where));
}

/** A text sealed for a `text` column. */
export function sealText(keys: CaseKeys, caseId: string, where: string, text: string): string {
  return keys.box(caseId).seal(text, where);
}

/**
 * Opens a value read from a `jsonb` column. A value in plain is refused: the server seals what
 * was stored before sealing existed when it starts ({@link sealPlainRows}), so a plain one was
 * written behind its back.
 */
export function openJson(keys: CaseKeys, caseId: string, where: string, stored: unknown): unknown {
  return JSON.parse(openSealedJson(keys, caseId, where, stored));
}

/** The JSON text of a value read from a `jsonb` column, opened as {@link openJson} does, not parsed. */
export function openSealedJson(keys: CaseKeys, caseId: string, where: string, stored: unknown): string {
  if (typeof stored !== 'string' || !SecretBox.isSealed(stored)) throw new PlainValueError(`${where} is stored in plain where a sealed value belongs`);
  return keys.box(caseId).open(stored, where);
}

export function openText(keys: CaseKeys, caseId: string, where: string, stored: string): string {
  if (!SecretBox.isSealed(stored)) throw new PlainValueError(`${where} is stored in plain where a sealed value belongs`);
  return keys.box(caseId).open(stored, where);
}

/**
 * The cases with a row in plain, asked at every start. Its conditions are those of the partial
 * indexes of schema 11, which are empty once every row is sealed: keep the two the same.
 */
export const CASES_WITH_PLAIN_ROWS = `SELECT id FROM cases WHERE jsonb_typeof(state) <> 'string'
     UNION SELECT case_id FROM events WHERE jsonb_typeof(body) <> 'string'
     UNION SELECT case_id FROM conflicts WHERE jsonb_typeof(event) <> 'string'`;

/**
 * Seals what was stored before sealing existed (a database of schema version 10 or older): each
 * case gets its key and its rows are sealed, one case per transaction. A no-op once done.
 */
export async function sealPlainRows(db: Database, keys: CaseKeys): Promise<number> {
  const plain = await db.query<{ id: string }>(CASES_WITH_PLAIN_ROWS);
  for (const { id } of plain) {
    await keys.load([], [id]);
    await db.transaction(async (tx) => {
      const [row] = await tx.query<{ state: unknown }>('SELECT state FROM cases WHERE id = $1 FOR UPDATE', [id]);
      if (!row) return;
      if (typeof row.state !== 'string') await tx.query('UPDATE cases SET state = $2 WHERE id = $1', [id, sealJson(keys, id, place.state(id), row.state)]);
      const events = await tx.query<{ seq: number; id: string; body: unknown }>("SELECT seq, id, body FROM events WHERE case_id = $1 AND jsonb_typeof(body) <> 'string'", [id]);
      if (events.length) {
        await tx.query('UPDATE events e SET body = u.body FROM unnest($2::int[], $3::jsonb[]) AS u(seq, body) WHERE e.case_id = $1 AND e.seq = u.seq', [
          id,
          events.map((e) => e.seq),
          events.map((e) => sealJson(keys, id, place.event(id, e.id), e.body)),
        ]);
      }
      const conflicts = await tx.query<{ event_id: string; event: unknown; reason: string; resolution: string | null }>(
        "SELECT event_id, event, reason, resolution FROM conflicts WHERE case_id = $1 AND jsonb_typeof(event) <> 'string'",
        [id],
      );
      for (const k of conflicts) {
        await tx.query('UPDATE conflicts SET event = $2, reason = $3, resolution = $4 WHERE event_id = $1', [
          k.event_id,
          sealJson(keys, id, place.conflict(id, k.event_id), k.event),
          sealText(keys, id, place.reason(id, k.event_id), k.reason),
          k.resolution === null ? null : sealText(keys, id, place.resolution(id, k.event_id), k.resolution),
        ]);
      }
    });
  }
  return plain.length;
}

/** Thrown at start when cases have sealed rows and no key: the key store is not this database's (a configuration mistake). */
export class KeyStoreMismatchError extends ConfigError {
  override readonly name = 'KeyStoreMismatchError';
}

/**
 * Run when the server starts, before it serves anyone:
 * - a case erased after the backup this database was restored from is erased again (the key
 *   store remembers it), and devices are told at their next pull;
 * - a key left behind by an erasure the server could not finish is destroyed;
 * - a case with sealed rows but no key and no erasure stops the start: the key store given is
 *   not the one this database was written with, and nothing is changed;
 * - every other case's key is loaded into `keys`, where requests find it.
 *
 * @returns The cases erased again.
 */
export async function reconcileCaseKeys(db: Database, keys: CaseKeys): Promise<string[]> {
  const erasedHere = (await db.query<{ case_id: string }>('SELECT case_id FROM erasures')).map((r) => r.case_id);
  const lingering = [...(await keys.store.read(erasedHere)).keys()];
  if (lingering.length) await keys.destroy(lingering);

  const sealed = await db.query<{ id: string; organisationId: string; providerId: string }>(
    `SELECT id, organisation_id AS "organisationId", provider_id AS "providerId" FROM cases WHERE jsonb_typeof(state) = 'string' ORDER BY id`,
  );
  // Loaded, not only read: they stay in memory (as every key a request loads does), so the first
  // pulls and pushes after a start do not read each case's key from the store a second time.
  await keys.load(sealed.map((r) => r.id));
  const keyless = sealed.filter((r) => !keys.has(r.id)).map((r) => r.id);
  if (!keyless.length) return [];
  const erased = await keys.store.erased(keyless);
  const unknown = keyless.filter((id) => !erased.has(id));
  if (unknown.length) {
    throw new KeyStoreMismatchError(
      `${unknown.length} case(s) of this database have no key in the case key store (${keys.store.where}), and it does not say they were erased: ` +
        `${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', …' : ''}. Start the server with the key store this database was written with ` +
        '(CASEPATH_CASE_KEYS_DIR or CASEPATH_CASE_KEYS_DATABASE_URL); nothing was changed.',
    );
  }
  for (const row of sealed.filter((r) => erased.has(r.id))) {
    await db.transaction(async (tx) => {
      // Another server starting at the same time may have erased it first.
      if ((await tx.query('SELECT 1 FROM cases WHERE id = $1 FOR UPDATE', [row.id])).length) await eraseCaseRows(tx, row, 'casepath-server');
    });
  }
  return keyless;
}

/**
 * What runs before anything reads a case, at every start (and before `verify-history`): the
 * erasures reconciled with the key store ({@link reconcileCaseKeys}), then rows stored in plain
 * sealed ({@link sealPlainRows}).
 */
export async function prepareCaseKeys(db: Database, keys: CaseKeys): Promise<{ erasedAgain: string[]; sealed: number }> {
  const erasedAgain = await reconcileCaseKeys(db, keys);
  return { erasedAgain, sealed: await sealPlainRows(db, keys) };
}
