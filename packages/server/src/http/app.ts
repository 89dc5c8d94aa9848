import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { csrf } from 'hono/csrf';
import { etag } from 'hono/etag';
import { HTTPException } from 'hono/http-exception';
import { serveStatic } from '@hono/node-server/serve-static';
import { relative } from 'node:path';
import { schemaStatus } from '../db/migrate.js';
import { aggregateRoutes } from './aggregates.js';
import { authRoutes, resolveSession } from './auth.js';
import { caseRoutes } from './cases.js';
import { ApiError, type AppDeps, type AppEnv } from './context.js';
import { syncRoutes } from './sync.js';
import { PushQueue } from '../db/push-queue.js';
import { publishedRoutes } from './templates.js';
import { workerRoutes } from './workers.js';
import { intakeRoutes, publicIntakeRoutes } from './intake.js';
import { oidcRoutes } from './oidc.js';
import { textOnlyAddress } from './text-only.js';
import { siteCaching } from './site-caching.js';

/** Bodies larger than this are refused before they are read (a push may carry up to 1,000 events). */
export const BODY_LIMITS = { push: 5 * 1024 * 1024, other: 1024 * 1024 } as const;

/**
 * The server's HTTP application (Hono). Every request body is checked with zod; every case read
 * or write checks access; errors are JSON with a stable code and plain words.
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // What is read goes compressed to a client that asks for it (every browser does): a new
  // device's first pull is about 15 times smaller on the wire, and the widgets' scripts shrink too.
  // Writes answer briefly (a push, a line per event) and as they are; their bodies are taken as
  // sent (ADR 0027).
  const compressed = compress();
  app.use((c, next) => (c.req.method === 'GET' ? compressed(c, next) : next()));

  app.use(async (c, next) => {
    c.set('deps', deps);
    const started = performance.now();
    await next();
    // What the API answers is about people: never kept in a browser's (or a proxy's) cache on disk.
    if (c.req.path.startsWith('/api/')) c.header('Cache-Control', 'no-store');
    const worker = c.get('worker');
    deps.logger.info({ method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started), worker: worker?.id }, 'request');
  });

  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json(error.body, error.status);
    if (error instanceof HTTPException) return c.json({ error: 'http-error', message: error.message }, error.status);
    deps.logger.error({ err: error, path: c.req.path }, 'unhandled error');
    return c.json({ error: 'server-error', message: 'something went wrong on the server; nothing was partly saved, try again' }, 500);
  });
  app.notFound((c) => c.json({ error: 'not-found', message: `no such endpoint: ${c.req.method} ${c.req.path}` }, 404));

  // Liveness: the process answers. Readiness: the database answers and its schema is current.
  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.get('/ready', async (c) => {
    try {
      const { current, newest } = await schemaStatus(deps.db);
      if (current !== newest) return c.json({ status: 'not-ready', reason: `database schema is at version ${current}, this server needs ${newest}; run casepath-server migrate` }, 503);
      return c.json({ status: 'ready', schema: current, database: deps.db.kind });
    } catch (error) {
      return c.json({ status: 'not-ready', reason: `the database does not answer: ${(error as Error).message}` }, 503);
    }
  });

  // An address or query with what is not text is refused before any handler or query reads it.
  app.use('/api/*', textOnlyAddress);

  // The public intake answers before the staff API's stack: its own CORS, limits and no session.
  app.route('/api/public', publicIntakeRoutes());

  const api = new Hono<AppEnv>();
  api.use('/sync/push', bodyLimit({ maxSize: BODY_LIMITS.push, onError: tooLarge(BODY_LIMITS.push) }));
  api.use(async (c, next) => {
    if (c.req.path.endsWith('/sync/push')) return next();
    return bodyLimit({ maxSize: BODY_LIMITS.other, onError: tooLarge(BODY_LIMITS.other) })(c, next);
  });
  // Cross-site requests cannot send JSON without a CORS preflight, which this API never grants;
  // requiring JSON and checking Origin (hono's csrf) together stop cross-site forgery.
  api.use(async (c, next) => {
    if (!['GET', 'HEAD', 'OPTIONS'].includes(c.req.method) && !/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
      throw new ApiError(415, { error: 'unsupported-media-type', message: 'send the body as JSON, with Content-Type: application/json' });
    }
    await next();
  });
  api.use(csrf());
  api.use(resolveSession);
  api.route('/auth', authRoutes());
  api.route('/auth', oidcRoutes());
  api.route('/sync', syncRoutes(new PushQueue(deps.db, deps.keys)));
  api.route('/templates', publishedRoutes('templates'));
  api.route('/instruments', publishedRoutes('instruments'));
  api.route('/aggregates', aggregateRoutes());
  api.route('/intake', intakeRoutes());
  api.route('/', caseRoutes());
  api.route('/', workerRoutes());
  app.route('/api', api);

  if (deps.config.siteDir) {
    // The NGO's site, as a static host would serve it (the examples site in the demo).
    const root = relative(process.cwd(), deps.config.siteDir) || '.';
    app.get('/', (c) => c.redirect('/examples/site/'));
    // Pages served from here are told so (a meta tag), and their widgets sync with this server;
    // the same pages on a plain static host keep everything on the device.
    app.use('/*', async (c, next) => {
      await next();
      if (!(c.res.headers.get('content-type') ?? '').startsWith('text/html')) return;
      const page = await c.res.text();
      const headers = new Headers(c.res.headers);
      headers.delete('content-length');
      const status = c.res.status;
      // Hono copies the old response's headers onto a new one (its length too): drop it first.
      c.res = undefined;
      c.res = new Response(page.replace(/<head([^>]*)>/i, '<head$1>\n    <meta name="casepath-server" content="" />'), { status, headers });
    });
    // Asked again on each use and answered 304 while unchanged; the widgets' chunks kept a year.
    const caching = siteCaching();
    app.use('/*', etag(), caching.headers);
    app.use('/*', serveStatic({ root, onFound: caching.found }));
  }
  return app;
}

function tooLarge(limit: number) {
  return () => {
    throw new ApiError(413, { error: 'too-large', message: `the request body is larger than ${limit / 1024 / 1024} MB; send fewer events at a time` });
  };
}
