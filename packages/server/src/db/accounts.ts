import { createHash, randomBytes } from 'node:crypto';
import type { Database, Queryable } from './database.js';
import { BY_FAILED_SIGN_INS, recordAccountChange } from './account-changes.js';
import type { StaffRole, Worker } from '../domain/access.js';
import type { SecretBox } from '../domain/secret-box.js';

export interface RawWorker {
  id: string;
  organisation_id: string;
  provider_id: string | null;
  role: StaffRole;
  display_name: string;
}
export const toWorker = (r: RawWorker): Worker => ({ id: r.id, organisationId: r.organisation_id, providerId: r.provider_id, role: r.role, displayName: r.display_name });
/** A worker as the directory lists them: `active` false once their account was turned off. */
export type ListedWorker = Worker & { active: boolean };
export const toListedWorker = (r: RawWorker & { disabled: boolean }): ListedWorker => ({ ...toWorker(r), active: !r.disabled });
export const WORKER_COLUMNS = 'w.id, w.organisation_id, w.provider_id, w.role, w.display_name';

export async function ensureOrganisation(db: Queryable, id: string, name: string): Promise<void> {
  await db.query('INSERT INTO organisations (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [id, name]);
}

export async function ensureProvider(db: Queryable, id: string, organisationId: string, name: string): Promise<void> {
  const rows = await db.query<{ organisation_id: string }>(
    'INSERT INTO providers (id, organisation_id, name) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET name = providers.name RETURNING organisation_id',
    [id, organisationId, name],
  );
  if (rows[0]?.organisation_id !== organisationId) throw new Error(`provider ${id} belongs to another organisation`);
}

/** The organisation's providers (its centres, services), by name: what a directory shows and an administrator moves staff between. */
export async function listProviders(db: Queryable, organisationId: string): Promise<{ id: string; name: string }[]> {
  return db.query<{ id: string; name: string }>('SELECT id, name FROM providers WHERE organisation_id = $1 ORDER BY name, id', [organisationId]);
}

export interface NewWorker {
  id: string;
  organisationId: string;
  providerId: string | null;
  email: string;
  displayName: string;
  role: StaffRole;
  passwordHash: string;
}

/**
 * Creates an account, and keeps who created it (`by`: an administrator's id, or a label such as
 * `BY_COMMAND_LINE`) in the same transaction; false when the email or id is taken.
 */
export async function createWorker(db: Database, w: NewWorker, by: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx.query(
      `INSERT INTO workers (id, organisation_id, provider_id, email, display_name, role, password_hash)
       VALUES ($1, $2, $3, lower($4), $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id`,
      [w.id, w.organisationId, w.providerId, w.email, w.displayName, w.role, w.passwordHash],
    );
    if (rows.length !== 1) return false;
    await recordAccountChange(tx, { organisationId: w.organisationId, workerId: w.id, change: 'created', by, detail: { role: w.role, providerId: w.providerId } });
    return true;
  });
}

export interface SignInRecord {
  worker: Worker;
  /** The e-mail the worker signs in with. */
  email: string;
  passwordHash: string;
  failedSignIns: number;
  lockedUntil: Date | null;
  disabled: boolean;
  /** The TOTP secret (pending until enabled), whether it is on, and the last time step used. */
  totpSecret: string | null;
  totpEnabled: boolean;
  totpLastStep: number | null;
  /** The worker's organisation requires a second factor. */
  secondFactorRequired: boolean;
}

export async function workerForSignIn(db: Queryable, email: string): Promise<SignInRecord | null> {
  return signInRecord(db, 'w.email = lower($1)', email);
}

/** The same record of a signed-in worker, by id: what changing their own password checks. */
export async function signInRecordOf(db: Queryable, workerId: string): Promise<SignInRecord | null> {
  return signInRecord(db, 'w.id = $1', workerId);
}

async function signInRecord(db: Queryable, where: 'w.email = lower($1)' | 'w.id = $1', value: string): Promise<SignInRecord | null> {
  const [r] = await db.query<RawWorker & { email: string; password_hash: string; failed_sign_ins: number; locked_until: Date | null; disabled: boolean; totp_secret: string | null; totp_enabled: boolean; totp_last_step: string | number | null; require_second_factor: boolean }>(
    `SELECT ${WORKER_COLUMNS}, w.email, w.password_hash, w.failed_sign_ins, w.locked_until, w.disabled, w.totp_secret, w.totp_enabled, w.totp_last_step, o.require_second_factor
     FROM workers w JOIN organisations o ON o.id = w.organisation_id WHERE ${where}`,
    [value],
  );
  return r
    ? {
        worker: toWorker(r),
        email: r.email,
        passwordHash: r.password_hash,
        failedSignIns: r.failed_sign_ins,
        lockedUntil: r.locked_until ? new Date(r.locked_until) : null,
        disabled: r.disabled,
        totpSecret: r.totp_secret,
        totpEnabled: r.totp_enabled,
        totpLastStep: r.totp_last_step === null ? null : Number(r.totp_last_step),
        secondFactorRequired: r.require_second_factor,
      }
    : null;
}

/**
 * Counts a failed sign-in; locks the account for `lockMinutes` once `maxFailures` is reached, and
 * keeps that lockout among the account's changes in the same transaction. A lockout that has run
 * out starts the count again: after it, the person has `maxFailures` tries, not one.
 */
export async function recordFailedSignIn(db: Database, workerId: string, maxFailures: number, lockMinutes: number): Promise<void> {
  await db.transaction(async (tx) => {
    const [counted] = await tx.query<{ organisation_id: string; failed_sign_ins: number; locked_until: Date | string | null }>(
      `UPDATE workers w SET failed_sign_ins = n.failed,
         locked_until = CASE WHEN n.failed >= $2 THEN now() + make_interval(mins => $3) WHEN n.ran_out THEN NULL ELSE w.locked_until END
       FROM (SELECT id, locked_until <= now() AS ran_out,
                    CASE WHEN locked_until <= now() THEN 1 ELSE failed_sign_ins + 1 END AS failed
               FROM workers WHERE id = $1 FOR UPDATE) n
       WHERE w.id = n.id RETURNING w.organisation_id, w.failed_sign_ins, w.locked_until`,
      [workerId, maxFailures, lockMinutes],
    );
    if (!counted || counted.failed_sign_ins < maxFailures) return;
    const detail = { until: new Date(counted.locked_until!).toISOString(), failedSignIns: counted.failed_sign_ins };
    await recordAccountChange(tx, { organisationId: counted.organisation_id, workerId, change: 'locked', by: BY_FAILED_SIGN_INS, detail });
  });
}

export async function recordSignIn(db: Queryable, workerId: string): Promise<void> {
  await db.query('UPDATE workers SET failed_sign_ins = 0, locked_until = NULL WHERE id = $1', [workerId]);
}

/**
 * Sets an account's password and lifts any lockout. Every session of the account ends but
 * `keepSession` (the token of the one its holder changed it in), so a password someone else
 * learnt opens nothing still signed in. Kept as changed by its holder when `by` is the worker,
 * else as set by `by`. Null when the organisation has no such worker.
 */
export async function setPassword(db: Database, organisationId: string, workerId: string, hash: string, how: { by: string; keepSession?: string; secondFactorOff?: boolean }): Promise<Worker | null> {
  return db.transaction(async (tx) => {
    const [r] = await tx.query<RawWorker>(
      `UPDATE workers w SET password_hash = $3, failed_sign_ins = 0, locked_until = NULL WHERE w.id = $1 AND w.organisation_id = $2 RETURNING ${WORKER_COLUMNS}`,
      [workerId, organisationId, hash],
    );
    if (!r) return null;
    await tx.query('DELETE FROM sessions WHERE worker_id = $1 AND token_hash IS DISTINCT FROM $2', [workerId, how.keepSession === undefined ? null : hashToken(how.keepSession)]);
    await recordAccountChange(tx, { organisationId, workerId, change: how.by === workerId ? 'password-changed' : 'password-set', by: how.by });
    // Both or neither (`casepath-server reset-password --second-factor-off`).
    if (how.secondFactorOff) await removeSecondFactor(tx, organisationId, workerId, how.by);
    return toWorker(r);
  });
}

/**
 * Takes an account's second factor away (its phone was lost): its sessions end, and its next
 * sign-in asks for the password alone, or, where the organisation requires a second factor, to
 * set one up again. Null when the organisation has no such worker.
 */
export async function resetSecondFactor(db: Database, organisationId: string, workerId: string, by: string): Promise<Worker | null> {
  return db.transaction(async (tx) => {
    const r = await removeSecondFactor(tx, organisationId, workerId, by);
    return r ? toWorker(r) : null;
  });
}

/** {@link resetSecondFactor}'s work, in the caller's transaction. */
async function removeSecondFactor(tx: Queryable, organisationId: string, workerId: string, by: string): Promise<RawWorker | undefined> {
  const [r] = await tx.query<RawWorker>(
    `UPDATE workers w SET totp_secret = NULL, totp_enabled = false, totp_last_step = NULL, failed_sign_ins = 0, locked_until = NULL
     WHERE w.id = $1 AND w.organisation_id = $2 RETURNING ${WORKER_COLUMNS}`,
    [workerId, organisationId],
  );
  if (!r) return undefined;
  await tx.query('DELETE FROM sessions WHERE worker_id = $1', [workerId]);
  await recordAccountChange(tx, { organisationId, workerId, change: 'second-factor-removed', by });
  return r;
}

/** What the database keeps of a session token: its SHA-256, never the token. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Starts a session; returns the token for the cookie (only its hash is stored). */
export async function createSession(db: Queryable, workerId: string, hours: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.query('INSERT INTO sessions (token_hash, worker_id, expires_at) VALUES ($1, $2, now() + make_interval(hours => $3))', [hashToken(token), workerId, hours]);
  return token;
}

/**
 * The worker of a live session; null when unknown, expired or disabled. The expiry slides
 * forward, but is written only when less than half of it is left, so requests do not each write.
 */
export async function sessionWorker(db: Queryable, token: string, hours: number): Promise<Worker | null> {
  const [r] = await db.query<RawWorker & { renew: boolean }>(
    `SELECT ${WORKER_COLUMNS}, s.expires_at < now() + make_interval(hours => $2) / 2 AS renew
     FROM sessions s JOIN workers w ON w.id = s.worker_id
     WHERE s.token_hash = $1 AND s.expires_at > now() AND NOT w.disabled`,
    [hashToken(token), hours],
  );
  if (!r) return null;
  if (r.renew) await db.query('UPDATE sessions SET expires_at = now() + make_interval(hours => $2) WHERE token_hash = $1', [hashToken(token), hours]);
  return toWorker(r);
}

/** The e-mail a worker signs in with (null when there is no such worker). */
export async function workerEmail(db: Queryable, workerId: string): Promise<string | null> {
  const [r] = await db.query<{ email: string }>('SELECT email FROM workers WHERE id = $1', [workerId]);
  return r?.email ?? null;
}

export async function endSession(db: Queryable, token: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [hashToken(token)]);
}

/** A worker of the organisation, turned off or not; null when it has none by that id. */
export async function findWorker(db: Queryable, organisationId: string, workerId: string): Promise<Worker | null> {
  const [r] = await db.query<RawWorker>(`SELECT ${WORKER_COLUMNS} FROM workers w WHERE w.id = $1 AND w.organisation_id = $2`, [workerId, organisationId]);
  return r ? toWorker(r) : null;
}

/**
 * The organisation's directory: every worker, with `active` false for an account that was turned
 * off (someone who left), so histories keep showing their name and nobody assigns them anew.
 */
export async function listWorkers(db: Queryable, organisationId: string): Promise<ListedWorker[]> {
  const rows = await db.query<RawWorker & { disabled: boolean }>(`SELECT ${WORKER_COLUMNS}, w.disabled FROM workers w WHERE w.organisation_id = $1 ORDER BY w.display_name, w.id`, [organisationId]);
  return rows.map(toListedWorker);
}

/** An account as its organisation's administrators see it: the directory's entry, its e-mail, and what keeps it safe or shut. */
export type AdministeredWorker = ListedWorker & { email: string; secondFactor: boolean; lockedUntil: string | null };

/** The organisation's accounts for its administrators: a lockout only while it lasts. */
export async function listAdministeredWorkers(db: Queryable, organisationId: string): Promise<AdministeredWorker[]> {
  const rows = await db.query<RawWorker & { disabled: boolean; email: string; totp_enabled: boolean; locked_until: Date | string | null }>(
    `SELECT ${WORKER_COLUMNS}, w.disabled, w.email, w.totp_enabled, CASE WHEN w.locked_until > now() THEN w.locked_until END AS locked_until
     FROM workers w WHERE w.organisation_id = $1 ORDER BY w.display_name, w.id`,
    [organisationId],
  );
  return rows.map((r) => ({ ...toListedWorker(r), email: r.email, secondFactor: r.totp_enabled, lockedUntil: r.locked_until === null ? null : new Date(r.locked_until).toISOString() }));
}

/**
 * Turns an account off (someone left the organisation) or on again. Off, its sessions end at once
 * and it cannot sign in, by password or the identity provider; what it recorded stays, under its
 * name. Null when the organisation has no such worker.
 */
export async function setWorkerActive(db: Database, organisationId: string, workerId: string, active: boolean, by: string): Promise<ListedWorker | null> {
  return db.transaction(async (tx) => {
    const [before] = await tx.query<{ disabled: boolean }>('SELECT disabled FROM workers WHERE id = $1 AND organisation_id = $2 FOR UPDATE', [workerId, organisationId]);
    if (!before) return null;
    const [r] = await tx.query<RawWorker & { disabled: boolean }>(
      `UPDATE workers w SET disabled = $2, failed_sign_ins = 0, locked_until = NULL WHERE w.id = $1 RETURNING ${WORKER_COLUMNS}, w.disabled`,
      [workerId, !active],
    );
    if (!active) await tx.query('DELETE FROM sessions WHERE worker_id = $1', [workerId]);
    if (before.disabled === active) await recordAccountChange(tx, { organisationId, workerId, change: active ? 'turned-on' : 'turned-off', by });
    return toListedWorker(r!);
  });
}

export async function providerOrganisation(db: Queryable, providerId: string): Promise<string | null> {
  const [r] = await db.query<{ organisation_id: string }>('SELECT organisation_id FROM providers WHERE id = $1', [providerId]);
  return r?.organisation_id ?? null;
}

/** Stores a new, not yet enabled, TOTP secret for an account. */
export async function setPendingSecondFactor(db: Queryable, workerId: string, secret: string): Promise<void> {
  await db.query('UPDATE workers SET totp_secret = $2, totp_enabled = false, totp_last_step = NULL WHERE id = $1', [workerId, secret]);
}

/**
 * Marks a time step of the account's TOTP as used (and the factor as on); false when that step
 * or a later one was used already (a replayed code, or two sign-ins racing with one code).
 */
export async function useSecondFactorStep(db: Database, workerId: string, step: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [before] = await tx.query<{ organisation_id: string; totp_enabled: boolean }>('SELECT organisation_id, totp_enabled FROM workers WHERE id = $1 FOR UPDATE', [workerId]);
    if (!before) return false;
    const rows = await tx.query('UPDATE workers SET totp_enabled = true, totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING id', [workerId, step]);
    if (rows.length !== 1) return false;
    // The first step used turns the factor on: kept, as the account's holder's own act.
    if (!before.totp_enabled) await recordAccountChange(tx, { organisationId: before.organisation_id, workerId, change: 'second-factor-on', by: workerId });
    return true;
  });
}

/**
 * Seals every second-factor secret still stored in plain (from before the server had a key), each
 * bound to its account. Returns how many it sealed.
 */
export async function sealStoredSecrets(db: Queryable, box: SecretBox): Promise<number> {
  const rows = await db.query<{ id: string; totp_secret: string }>("SELECT id, totp_secret FROM workers WHERE totp_secret IS NOT NULL AND totp_secret NOT LIKE 'v1:%'");
  for (const r of rows) await db.query('UPDATE workers SET totp_secret = $2 WHERE id = $1 AND totp_secret = $3', [r.id, box.seal(r.totp_secret, secondFactorContext(r.id)), r.totp_secret]);
  return rows.length;
}

/** What a sealed second-factor secret is bound to: its account. */
export const secondFactorContext = (workerId: string) => `totp:${workerId}`;
