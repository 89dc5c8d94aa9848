import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { rateLimiter } from 'hono-rate-limiter';
import * as z from 'zod';
import { checkIntakeProof, maxLength, minLength, SealedFirstContact } from '@casepath/core';
import { eraseFirstContact, firstContactsFor, releaseFirstContact, intakeForm, intakeKeys, intakeTarget, markFirstContactHandled, storeFirstContact } from '../db/intake.js';
import { mayDo } from '../domain/access.js';
import { clientAddress } from './auth.js';
import { ApiError, body, notFound, signedIn, type AppContext, type AppEnv } from './context.js';

/** A sealed first contact is a few kilobytes; anything much larger is not one. */
export const INTAKE_BODY_LIMIT = 96 * 1024;

const ProviderId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be a provider id');
/** What the public intake accepts: a first contact sealed in the browser, and its proof of work. */
export const IntakeBody = z.strictObject({
  sealed: z.unknown(),
  proof: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
});
const Erase = z.strictObject({ why: z.enum(['asked', 'not-for-us'], { error: 'must be "asked" (the person asked) or "not-for-us" (spam, or the wrong place)' }) });
const Handled = z.strictObject({ caseId: z.string().check(minLength(1), maxLength(100)).nullable() });

/**
 * The public intake: anyone may send a first contact sealed to the organisation's key, from the
 * organisation's own site or the origins it allows (CORS). Nothing here is readable by the server.
 */
export function publicIntakeRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(
    cors({
      origin: (origin, c: AppContext) => (c.get('deps').config.allowedOrigins.includes(origin) ? origin : null),
      allowMethods: ['GET', 'POST'],
      allowHeaders: ['Content-Type'],
      maxAge: 600,
    }),
  );
  app.use(bodyLimit({ maxSize: INTAKE_BODY_LIMIT, onError: () => { throw new ApiError(413, { error: 'too-large', message: `a first contact is at most ${INTAKE_BODY_LIMIT / 1024} KB; shorten the message` }); } }));
  app.use(async (c, next) => {
    if (c.req.method === 'POST' && !/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
      throw new ApiError(415, { error: 'unsupported-media-type', message: 'send the body as JSON, with Content-Type: application/json' });
    }
    await next();
  });
  // A brake on one address sending many: the proof of work makes each send cost a second or so
  // of the sender's computer, this caps what one address can send in an hour.
  app.post(
    '/intake',
    rateLimiter<AppEnv>({
      windowMs: 60 * 60_000,
      limit: (c) => c.get('deps').config.intakePerHour,
      standardHeaders: 'draft-7',
      keyGenerator: (c) => clientAddress(c),
      handler: (c) => c.json({ error: 'too-many-requests', message: 'too many requests for help from this address in the last hour; it is kept on your device, try again later' }, 429),
    }),
  );

  /** What a public form needs to seal to a provider: its name, the organisation's key and form. */
  app.get('/intake/:provider', async (c) => {
    const parsed = ProviderId.safeParse(c.req.param('provider'));
    const { db, config } = c.get('deps');
    const target = parsed.success ? await intakeTarget(db, parsed.data) : null;
    if (!target) throw notFound(`there is no provider ${c.req.param('provider')} here`);
    return c.json({
      provider: { id: parsed.data, name: target.providerName },
      key: target.key ? { keyId: target.key.keyId, publicKey: target.key.publicKey } : null,
      form: await intakeForm(db, target.organisationId),
      difficulty: config.intakeDifficulty,
    });
  });

  app.post('/intake', async (c) => {
    const { sealed: raw, proof } = await body(c, IntakeBody);
    const parsed = SealedFirstContact.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const path = ['sealed', ...issue.path].join('.');
      throw new ApiError(400, { error: 'invalid-request', message: `${path}: ${issue.message}`, issues: [{ path, message: issue.message }] });
    }
    const sealed = parsed.data;
    const { db, config, logger } = c.get('deps');
    const target = await intakeTarget(db, sealed.to);
    if (!target) throw new ApiError(400, { error: 'invalid-request', message: `sealed.to: there is no provider ${sealed.to} here`, issues: [{ path: 'sealed.to', message: 'unknown provider' }] });
    const keys = await intakeKeys(db, target.organisationId);
    if (!keys.some((k) => k.keyId === sealed.keyId)) {
      throw new ApiError(400, { error: 'invalid-request', message: `sealed.keyId: ${sealed.keyId} is not a key of this organisation; fetch its key again and seal anew`, issues: [{ path: 'sealed.keyId', message: 'unknown key' }] });
    }
    if (!(await checkIntakeProof(sealed.id, proof, config.intakeDifficulty))) {
      throw new ApiError(400, { error: 'proof-of-work', message: `proof: it does not prove ${config.intakeDifficulty} bits of work for ${sealed.id}; solve it again`, issues: [{ path: 'proof', message: 'does not prove the work' }] });
    }
    const stored = await storeFirstContact(db, sealed);
    // The log says that something came and for whom; what it says is sealed.
    logger.info({ firstContact: sealed.id, provider: sealed.to, repeated: !stored }, 'first contact received');
    return c.json({ status: stored ? 'received' : 'already-received', id: sealed.id }, stored ? 201 : 200);
  });
  return app;
}

/**
 * What every action on one request for help starts with: a signed-in coordinator or supervisor
 * (else 404) and a request id that can exist; `missing` is the 404 to answer when it does not.
 */
function onRequest(c: AppContext, whose: string): { worker: ReturnType<typeof signedIn>; id: string; missing: () => ApiError } {
  const worker = signedIn(c);
  if (!mayDo(worker, 'intake.read')) throw notFound();
  const missing = () => notFound(`there is no request for help ${c.req.param('id')} ${whose}`);
  const id = z.uuid().safeParse(c.req.param('id'));
  if (!id.success) throw missing();
  return { worker, id: id.data, missing };
}

/** First contacts for staff: the organisation's locked keys, the sealed messages, and marking them handled. */
export function intakeRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/keys', async (c) => {
    const worker = signedIn(c);
    if (!mayDo(worker, 'intake.read')) throw notFound();
    return c.json({ keys: await intakeKeys(c.get('deps').db, worker.organisationId) });
  });

  app.get('/first-contacts', async (c) => {
    const worker = signedIn(c);
    if (!mayDo(worker, 'intake.read')) throw notFound();
    return c.json({ firstContacts: await firstContactsFor(c.get('deps').db, worker.providerId!) });
  });

  app.post('/first-contacts/:id/handled', async (c) => {
    const { worker, id, missing } = onRequest(c, 'for your provider');
    const { caseId } = await body(c, Handled);
    const result = await markFirstContactHandled(c.get('deps').db, id, worker.providerId!, worker.id, caseId);
    if (result === 'missing') throw missing();
    if (result === 'already') throw new ApiError(409, { error: 'already-handled', message: 'another worker has already taken this request; reload the list' });
    return c.json({ status: 'handled', caseId });
  });

  /** Gives back a request this worker took when their device could not record the case. */
  app.post('/first-contacts/:id/release', async (c) => {
    const { worker, id, missing } = onRequest(c, 'that you took');
    const { caseId } = await body(c, Handled);
    const result = await releaseFirstContact(c.get('deps').db, id, worker.providerId!, worker.id, caseId);
    if (result === 'missing') throw missing();
    if (result === 'case-exists') throw new ApiError(409, { error: 'case-exists', message: `case ${caseId} reached the server already; open it instead of taking the request again` });
    return c.json({ status: 'released', id });
  });

  /**
   * Erases a request for help: the person asked, or it is not for this organisation (spam, the
   * wrong place). Only its id, why, who and when are kept; a case opened from it stays.
   */
  app.post('/first-contacts/:id/erase', async (c) => {
    const { worker, id, missing } = onRequest(c, 'for your provider');
    const { why } = await body(c, Erase);
    if ((await eraseFirstContact(c.get('deps').db, id, worker.providerId!, worker.id, why)) === 'missing') throw missing();
    // Nothing of what the person wrote, or who they are, goes to the log.
    c.get('deps').logger.info({ event: 'first-contact-erased', firstContact: id, why, worker: worker.id }, 'request for help erased');
    return c.json({ status: 'erased', id });
  });
  return app;
}
