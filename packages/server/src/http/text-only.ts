import type { MiddlewareHandler } from 'hono';
import { isText, NOT_TEXT } from '../domain/text.js';
import { unreadable, type AppEnv } from './context.js';

/** Refuses a request whose address or query holds what is not text, before any handler reads it. */
export const textOnlyAddress: MiddlewareHandler<AppEnv> = async (c, next) => {
  let path: string | null = null;
  try {
    path = decodeURIComponent(c.req.path);
  } catch {
    // Not percent-encoding of UTF-8: the router and the handlers' checks answer it.
  }
  if (path !== null && !isText(path)) throw unreadable({ path: 'path', message: NOT_TEXT });
  for (const [key, values] of Object.entries(c.req.queries())) {
    if (!isText(key)) throw unreadable({ path: 'query', message: NOT_TEXT });
    if (!values.every(isText)) throw unreadable({ path: `query.${key}`, message: NOT_TEXT });
  }
  await next();
};
