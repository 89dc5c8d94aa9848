import type { MiddlewareHandler } from 'hono';
import { isText } from '../domain/text.js';
import { notTextError, type AppEnv } from './context.js';

/** Refuses a request whose address or query holds what is not text, before any handler reads it. */
export const textOnlyAddress: MiddlewareHandler<AppEnv> = async (c, next) => {
  let path: string | null = null;
  try {
    path = decodeURIComponent(c.req.path);
  } catch {
    // Not percent-encoding of UTF-8: the router and the handlers' checks answer it.
  }
  if (path !== null && !isText(path)) throw notTextError('path');
  for (const [key, values] of Object.entries(c.req.queries())) {
    if (!isText(key)) throw notTextError('query');
    if (!values.every(isText)) throw notTextError(`query.${key}`);
  }
  await next();
};
