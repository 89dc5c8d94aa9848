import { Hono } from 'hono';
import * as z from 'zod';
import { minLength, maxLength } from '@casepath/core';
import { listAccountChanges } from '../db/account-changes.js';
import { createWorker, ensureProvider, findWorker, listAdministeredWorkers, listProviders, listWorkers, providerOrganisation, resetSecondFactor, setPassword, setWorkerActive } from '../db/accounts.js';
import { moveWorker, setWorkerRole } from '../db/worker-roles.js';
import { mayDo, STAFF_ROLES, type Worker } from '../domain/access.js';
import { hashPassword, NewPassword } from '../domain/passwords.js';
import { ApiError, body, notFound, query, signedIn, type AppContext, type AppEnv } from './context.js';

const Id = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be 2 to 63 lowercase letters, digits or dashes');

export const NewWorkerBody = z.strictObject({
  id: Id,
  email: z.email().check(maxLength(254)),
  displayName: z.string().trim().check(minLength(1), maxLength(120)),
  role: z.enum(STAFF_ROLES),
  providerId: Id.nullable(),
  password: NewPassword,
});
const WorkerPassword = z.strictObject({ password: NewPassword });
/** Only off: turning a second factor on is the person's own act, with their phone in hand. */
const WorkerSecondFactor = z.strictObject({ enabled: z.literal(false) });
const WorkerActive = z.strictObject({ active: z.boolean() });
const WorkerRole = z.strictObject({ role: z.enum(STAFF_ROLES) });
const WorkerProvider = z.strictObject({ providerId: Id });
const AccountChangesQuery = z.strictObject({ workerId: Id.optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) });
const NewProvider = z.strictObject({ id: Id, name: z.string().trim().check(minLength(1), maxLength(200)) });

/** An administrator's change to the account in the path: who asks, and the worker's id (null when it cannot be one). */
function accountChange(c: AppContext): { admin: Worker; id: string | null } {
  const admin = signedIn(c);
  if (!mayDo(admin, 'workers.manage')) throw notFound();
  const id = Id.safeParse(c.req.param('id'));
  return { admin, id: id.success ? id.data : null };
}
const noSuchWorker = (id: string | undefined) => notFound(`there is no worker ${id} in your organisation`);
/** A `providerId` in the body that names no provider of the admin's organisation: a 400 naming the field, as zod's are. */
const unknownProvider = (id: string) =>
  new ApiError(400, { error: 'invalid-request', message: `providerId: there is no provider ${id} in your organisation`, issues: [{ path: 'providerId', message: 'unknown provider' }] });

export function workerRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  /** The organisation's directory: names and roles, so histories show people, not ids. */
  app.get('/workers', async (c) => {
    const worker = signedIn(c);
    if (!mayDo(worker, 'workers.read')) throw notFound();
    return c.json({ workers: await listWorkers(c.get('deps').db, worker.organisationId) });
  });

  /**
   * The organisation's accounts for its administrators: the directory's entries with each one's
   * e-mail, whether it has a second factor, and until when it is locked after wrong passwords.
   */
  app.get('/admin/workers', async (c) => {
    const admin = signedIn(c);
    if (!mayDo(admin, 'workers.manage')) throw notFound();
    return c.json({ workers: await listAdministeredWorkers(c.get('deps').db, admin.organisationId) });
  });

  /**
   * What was done to the organisation's accounts (or one worker's), newest first: created, turned
   * off or on, a new role or provider, a password changed or set, a second factor on or taken
   * away; each with when and by whom. For its administrators; to anyone else it does not exist.
   */
  app.get('/admin/account-changes', async (c) => {
    const admin = signedIn(c);
    if (!mayDo(admin, 'workers.manage')) throw notFound();
    const { workerId, limit } = query(c, AccountChangesQuery);
    const { db } = c.get('deps');
    if (workerId !== undefined && !(await findWorker(db, admin.organisationId, workerId))) throw noSuchWorker(workerId);
    return c.json({ changes: await listAccountChanges(db, admin.organisationId, workerId === undefined ? { limit } : { workerId, limit }) });
  });

  /** The organisation's providers by name, so a page shows "Open Doors Warsaw", not `warsaw`, and offers them to move staff between. */
  app.get('/providers', async (c) => {
    const worker = signedIn(c);
    if (!mayDo(worker, 'workers.read')) throw notFound();
    return c.json({ providers: await listProviders(c.get('deps').db, worker.organisationId) });
  });

  app.post('/admin/providers', async (c) => {
    const worker = signedIn(c);
    if (!mayDo(worker, 'workers.manage')) throw notFound();
    const p = await body(c, NewProvider);
    const owner = await providerOrganisation(c.get('deps').db, p.id);
    if (owner !== null && owner !== worker.organisationId) throw new ApiError(409, { error: 'id-taken', message: `provider id ${p.id} is taken; choose another` });
    await ensureProvider(c.get('deps').db, p.id, worker.organisationId, p.name);
    return c.json({ provider: { id: p.id, name: p.name } }, 201);
  });

  app.post('/admin/workers', async (c) => {
    const worker = signedIn(c);
    if (!mayDo(worker, 'workers.manage')) throw notFound();
    const w = await body(c, NewWorkerBody);
    const { db } = c.get('deps');
    if (w.providerId !== null && (await providerOrganisation(db, w.providerId)) !== worker.organisationId) throw unknownProvider(w.providerId);
    const created = await createWorker(db, { ...w, organisationId: worker.organisationId, passwordHash: await hashPassword(w.password) }, worker.id);
    if (!created) throw new ApiError(409, { error: 'exists', message: `an account with id ${w.id} or email ${w.email} already exists` });
    return c.json({ worker: { id: w.id, displayName: w.displayName, role: w.role, providerId: w.providerId } }, 201);
  });

  /**
   * Someone left (`active: false`) or came back (`true`): off, the account's sessions end at once
   * and it cannot sign in; its name stays in the directory, so histories keep showing it.
   */
  app.post('/admin/workers/:id/active', async (c) => {
    const { admin, id } = accountChange(c);
    const { active } = await body(c, WorkerActive);
    if (id === null) throw noSuchWorker(c.req.param('id'));
    if (id === admin.id && !active) throw new ApiError(409, { error: 'own-account', message: 'you cannot turn off your own account; ask another administrator' });
    const changed = await setWorkerActive(c.get('deps').db, admin.organisationId, id, active, admin.id);
    if (!changed) throw noSuchWorker(id);
    return c.json({ worker: changed });
  });

  /**
   * Someone takes another role (a job coach becomes coordinator, a coordinator steps back): the
   * cases they may see change at once, on the server and, at their devices' next pull, on them.
   */
  app.post('/admin/workers/:id/role', async (c) => {
    const { admin, id } = accountChange(c);
    const { role } = await body(c, WorkerRole);
    if (id === null) throw noSuchWorker(c.req.param('id'));
    if (id === admin.id) throw new ApiError(409, { error: 'own-account', message: 'you cannot change your own role; ask another administrator' });
    const { db, changes } = c.get('deps');
    const changed = await setWorkerRole(db, admin.organisationId, id, role, admin.id);
    if (!changed) throw noSuchWorker(id);
    if (changed === 'separate-account') {
      throw new ApiError(409, {
        error: 'separate-account',
        message: `${id} works on cases, and an ${role} does not: create a separate ${role} account for them, and turn this one off when they stop working on cases (their devices then sign out)`,
      });
    }
    // Their long polls take the cases gained and lost at once (other processes' within their interval).
    changes.notify();
    return c.json({ worker: changed.worker, casesGained: changed.gained.length, casesLost: changed.lost.length });
  });

  /**
   * Someone moves to another of the organisation's providers (another centre): the cases they may
   * see change at once, on the server and, at their devices' next pull, on them.
   */
  app.post('/admin/workers/:id/provider', async (c) => {
    const { admin, id } = accountChange(c);
    const { providerId } = await body(c, WorkerProvider);
    if (id === null) throw noSuchWorker(c.req.param('id'));
    const { db, changes } = c.get('deps');
    const moved = await moveWorker(db, admin.organisationId, id, providerId, admin.id);
    if (!moved) throw noSuchWorker(id);
    if (moved === 'no-provider') throw unknownProvider(providerId);
    if (moved === 'no-cases') throw new ApiError(409, { error: 'no-cases', message: `${id} does not work on cases, so belongs to no provider` });
    changes.notify();
    return c.json({ worker: moved.worker, casesGained: moved.gained.length, casesLost: moved.lost.length });
  });

  /**
   * Someone forgot their password: an administrator gives them a new one (to tell them in person).
   * Their sessions end at once and a lockout is lifted. Their devices, sealed with the old
   * password, ask for it once; who does not remember it starts that device over when nothing of
   * theirs waits on it (docs/server.md).
   */
  app.post('/admin/workers/:id/password', async (c) => {
    const { admin, id } = accountChange(c);
    const { password } = await body(c, WorkerPassword);
    if (id === null) throw noSuchWorker(c.req.param('id'));
    if (id === admin.id) throw new ApiError(409, { error: 'own-account', message: 'change your own password with POST /api/auth/password, which asks for the current one' });
    const { db, logger } = c.get('deps');
    const changed = await setPassword(db, admin.organisationId, id, await hashPassword(password), { by: admin.id });
    if (!changed) throw noSuchWorker(id);
    logger.info({ event: 'password-reset', worker: id, by: admin.id }, 'password set by an administrator');
    return c.json({ worker: changed, passwordChanged: true });
  });

  /**
   * Someone lost the phone with their authenticator app: an administrator takes the second factor
   * away; their sessions end, and they set it up again at their next sign-in where the
   * organisation requires one.
   */
  app.post('/admin/workers/:id/second-factor', async (c) => {
    const { admin, id } = accountChange(c);
    await body(c, WorkerSecondFactor);
    if (id === null) throw noSuchWorker(c.req.param('id'));
    if (id === admin.id) throw new ApiError(409, { error: 'own-account', message: 'you cannot take away your own second factor; ask another administrator, or use casepath-server reset-password on the server' });
    const { db, logger } = c.get('deps');
    const changed = await resetSecondFactor(db, admin.organisationId, id, admin.id);
    if (!changed) throw noSuchWorker(id);
    logger.info({ event: 'second-factor-reset', worker: id, by: admin.id }, 'second factor taken away by an administrator');
    return c.json({ worker: changed, secondFactor: 'off' });
  });

  return app;
}
