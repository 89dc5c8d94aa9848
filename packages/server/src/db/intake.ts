import { defaultFirstContactForm, FirstContactForm, LockedIntakeKey, SealedFirstContact } from '@casepath/core';
import type { Database, Queryable } from './database.js';

/** Thrown when a stored row does not parse: stored data is checked on read, like a request. */
export class StoredIntakeError extends Error {
  override readonly name = 'StoredIntakeError';
}

function parseStored<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new StoredIntakeError(`the stored ${what} does not parse; it was changed outside Casepath`);
  return parsed.data;
}

/** Makes a locked key the organisation's current one; the previous one is retired, not deleted. */
export async function setIntakeKey(db: Database, organisationId: string, locked: LockedIntakeKey): Promise<void> {
  // Checked before it is stored, as on read: a key nobody could use again is never kept.
  locked = LockedIntakeKey.parse(locked);
  await db.transaction(async (tx) => {
    await tx.query('UPDATE intake_keys SET retired_at = now() WHERE organisation_id = $1 AND retired_at IS NULL', [organisationId]);
    await tx.query('INSERT INTO intake_keys (key_id, organisation_id, locked_key) VALUES ($1, $2, $3)', [locked.keyId, organisationId, JSON.stringify(locked)]);
  });
}

/** The organisation's current locked key, or null when it has none yet. */
export async function currentIntakeKey(db: Queryable, organisationId: string): Promise<LockedIntakeKey | null> {
  const rows = await db.query<{ locked_key: unknown }>('SELECT locked_key FROM intake_keys WHERE organisation_id = $1 AND retired_at IS NULL', [organisationId]);
  return rows[0] ? parseStored(LockedIntakeKey, rows[0].locked_key, 'intake key') : null;
}

/** Every key of the organisation, current first, so staff can open what was sealed to a retired one. */
export async function intakeKeys(db: Queryable, organisationId: string): Promise<LockedIntakeKey[]> {
  const rows = await db.query<{ locked_key: unknown }>('SELECT locked_key FROM intake_keys WHERE organisation_id = $1 ORDER BY retired_at DESC NULLS FIRST, created_at DESC', [organisationId]);
  return rows.map((r) => parseStored(LockedIntakeKey, r.locked_key, 'intake key'));
}

export async function setIntakeForm(db: Queryable, organisationId: string, form: FirstContactForm): Promise<void> {
  form = FirstContactForm.parse(form);
  await db.query('INSERT INTO intake_forms (organisation_id, form) VALUES ($1, $2) ON CONFLICT (organisation_id) DO UPDATE SET form = EXCLUDED.form, updated_at = now()', [organisationId, JSON.stringify(form)]);
}

export async function intakeForm(db: Queryable, organisationId: string): Promise<FirstContactForm> {
  const rows = await db.query<{ form: unknown }>('SELECT form FROM intake_forms WHERE organisation_id = $1', [organisationId]);
  return rows[0] ? parseStored(FirstContactForm, rows[0].form, 'first-contact form') : defaultFirstContactForm;
}

/** What a public intake addressed to a provider needs: the provider, its organisation and current key. */
export async function intakeTarget(db: Queryable, providerId: string): Promise<{ organisationId: string; providerName: string; key: LockedIntakeKey | null } | null> {
  const rows = await db.query<{ organisation_id: string; name: string }>('SELECT organisation_id, name FROM providers WHERE id = $1', [providerId]);
  const p = rows[0];
  if (!p) return null;
  return { organisationId: p.organisation_id, providerName: p.name, key: await currentIntakeKey(db, p.organisation_id) };
}

/**
 * Stores a sealed first contact once: a retried send with the same id changes nothing. Returns
 * false when it was there already.
 */
export async function storeFirstContact(db: Queryable, sealed: SealedFirstContact): Promise<boolean> {
  // One erased already (a device that was offline sends it again) is not stored a second time.
  const rows = await db.query(
    `INSERT INTO first_contacts (id, provider_id, key_id, sealed) SELECT $1, $2, $3, $4
     WHERE NOT EXISTS (SELECT 1 FROM first_contact_erasures WHERE id = $1) ON CONFLICT (id) DO NOTHING RETURNING id`,
    [sealed.id, sealed.to, sealed.keyId, JSON.stringify(sealed)],
  );
  return rows.length === 1;
}

/**
 * Gives back a request the worker took but could not open a case for (their device refused to
 * record it): only theirs, only for that case id, and only while no such case reached the
 * server, so two cases are never opened for one person.
 */
export async function releaseFirstContact(db: Queryable, id: string, providerId: string, workerId: string, caseId: string | null): Promise<'released' | 'case-exists' | 'missing'> {
  const rows = await db.query<{ id: string }>(
    `UPDATE first_contacts SET case_id = NULL, handled_by = NULL, handled_at = NULL
     WHERE id = $1 AND provider_id = $2 AND handled_by = $3 AND case_id IS NOT DISTINCT FROM $4
       AND NOT EXISTS (SELECT 1 FROM cases WHERE id = $4) RETURNING id`,
    [id, providerId, workerId, caseId],
  );
  if (rows.length === 1) return 'released';
  // Asked again after a lost answer: it is back in the inbox already, which is what was asked.
  if ((await db.query('SELECT 1 FROM first_contacts WHERE id = $1 AND provider_id = $2 AND handled_by IS NULL', [id, providerId])).length) return 'released';
  const taken = await db.query('SELECT 1 FROM first_contacts f JOIN cases c ON c.id = f.case_id WHERE f.id = $1 AND f.provider_id = $2 AND f.handled_by = $3 AND f.case_id = $4', [id, providerId, workerId, caseId]);
  return taken.length === 1 ? 'case-exists' : 'missing';
}

/** Why a request for help was erased: the person asked, the organisation declined it, or it was kept its full time. */
export type FirstContactErasure = 'asked' | 'not-for-us' | 'kept-too-long';

/**
 * Erases one request for help of a provider, in one statement, leaving only its id, why, who
 * and when. A case opened from it is not touched: that is the case's own record.
 */
export async function eraseFirstContact(db: Queryable, id: string, providerId: string, workerId: string, why: Exclude<FirstContactErasure, 'kept-too-long'>): Promise<'erased' | 'missing'> {
  const rows = await db.query(
    `WITH gone AS (DELETE FROM first_contacts WHERE id = $1 AND provider_id = $2 RETURNING id, provider_id)
     INSERT INTO first_contact_erasures (id, provider_id, why, erased_by) SELECT id, provider_id, $3, $4 FROM gone RETURNING id`,
    [id, providerId, why, workerId],
  );
  if (rows.length === 1) return 'erased';
  // Asked again after a lost answer (or erased meanwhile): it is erased, as asked.
  return (await db.query('SELECT 1 FROM first_contact_erasures WHERE id = $1 AND provider_id = $2', [id, providerId])).length ? 'erased' : 'missing';
}

/** Erases every request for help received more than `keepDays` days ago; returns how many. */
export async function eraseExpiredFirstContacts(db: Queryable, keepDays: number): Promise<number> {
  const rows = await db.query(
    `WITH gone AS (DELETE FROM first_contacts WHERE received_at < now() - make_interval(days => $1) RETURNING id, provider_id)
     INSERT INTO first_contact_erasures (id, provider_id, why) SELECT id, provider_id, 'kept-too-long' FROM gone RETURNING id`,
    [keepDays],
  );
  return rows.length;
}

export interface StoredFirstContact {
  sealed: SealedFirstContact;
  receivedAt: string;
  caseId: string | null;
  handledBy: string | null;
  handledAt: string | null;
}

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : typeof v === 'string' ? new Date(v).toISOString() : null);

/** First contacts addressed to a provider, newest first. */
export async function firstContactsFor(db: Queryable, providerId: string): Promise<StoredFirstContact[]> {
  const rows = await db.query<{ sealed: unknown; received_at: unknown; case_id: string | null; handled_by: string | null; handled_at: unknown }>(
    'SELECT sealed, received_at, case_id, handled_by, handled_at FROM first_contacts WHERE provider_id = $1 ORDER BY received_at DESC, id',
    [providerId],
  );
  return rows.map((r) => ({ sealed: parseStored(SealedFirstContact, r.sealed, 'first contact'), receivedAt: iso(r.received_at)!, caseId: r.case_id, handledBy: r.handled_by, handledAt: iso(r.handled_at) }));
}

/**
 * Marks a first contact as turned into a case, once: false when it is not the provider's or a
 * worker marked it already (the first one stands).
 */
export async function markFirstContactHandled(db: Queryable, id: string, providerId: string, workerId: string, caseId: string | null): Promise<'marked' | 'already' | 'missing'> {
  const rows = await db.query<{ id: string }>('UPDATE first_contacts SET case_id = $4, handled_by = $3, handled_at = now() WHERE id = $1 AND provider_id = $2 AND handled_at IS NULL RETURNING id', [id, providerId, workerId, caseId]);
  if (rows.length === 1) return 'marked';
  const [taken] = await db.query<{ handled_by: string | null; case_id: string | null }>('SELECT handled_by, case_id FROM first_contacts WHERE id = $1 AND provider_id = $2', [id, providerId]);
  if (!taken) return 'missing';
  // Asked again after a lost answer: this worker took it for this case already.
  return taken.handled_by === workerId && taken.case_id === caseId ? 'marked' : 'already';
}
