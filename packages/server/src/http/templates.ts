import { Hono } from 'hono';
import { InstrumentError, TemplateError, validateInstrument, validateTemplate } from '@casepath/core';
import { isBuiltIn, listPublished, publish, type Kind } from '../db/templates.js';
import { mayDo } from '../domain/access.js';
import { ApiError, jsonBody, notFound, signedIn, type AppEnv } from './context.js';

/**
 * An organisation's own plan templates and instruments (made with `extendTemplate` or by hand):
 * published once per version, served to every device of the organisation, so a case is always
 * replayed with the version it was opened with.
 */
export function publishedRoutes(kind: Kind): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    const worker = signedIn(c);
    if (!mayDo(worker, 'templates.read')) throw notFound();
    return c.json({ [kind]: await listPublished(c.get('deps').db, kind, worker.organisationId) });
  });
  app.put('/', async (c) => {
    const worker = signedIn(c);
    if (!mayDo(worker, 'templates.publish')) throw notFound();
    const input = await jsonBody(c);
    const checked = kind === 'templates' ? validateTemplate(input) : validateInstrument(input);
    if (!checked.ok) {
      const id = typeof input === 'object' && input !== null && 'id' in input ? String(input.id) : '(no id)';
      const error = kind === 'templates' ? new TemplateError(id, checked.problems) : new InstrumentError(id, checked.problems);
      throw new ApiError(400, { error: 'invalid-request', message: error.message, issues: checked.problems.map((p) => ({ path: p.path, message: p.message })) });
    }
    const doc = 'template' in checked ? checked.template : checked.instrument;
    if (isBuiltIn(kind, doc.id)) {
      throw new ApiError(409, { error: 'built-in', message: `"${doc.id}" is a built-in id; publish your adaptation under an id of your own (extendTemplate's id)` });
    }
    const result = await publish(c.get('deps').db, kind, worker.organisationId, doc, worker.id);
    if (result === 'differs') {
      throw new ApiError(409, { error: 'version-exists', message: `${doc.id} v${doc.version} is already published with other content; versions never change, so publish it under a new version` });
    }
    return c.json({ id: doc.id, version: doc.version, created: result === 'created' }, result === 'created' ? 201 : 200);
  });
  return app;
}
