import type { Context, MiddlewareHandler } from 'hono';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** How rollup names a chunk of the widgets' cdn build (`chunks/[name]-[hash].js`), and its source map. */
const HASHED_CHUNK = /-[A-Za-z0-9_-]{8}\.js(?:\.map)?$/;
const A_YEAR = 365 * 24 * 60 * 60;

/**
 * How browsers may keep the site's files (the NGO's pages and the widgets' scripts).
 *
 * Every file is asked for again on each use and answered 304 while it is unchanged (`no-cache`,
 * and an ETag made from its size and time, as nginx makes it). Without a `Cache-Control` a browser
 * guesses from a file's age how long to keep it without asking: after an upgrade it could run the
 * old `casepath-autoloader.js`, which asks for chunks the new build no longer has.
 *
 * The widgets' chunks are named by their content: a chunk's name never holds anything else, so
 * they are kept for a year without asking (`immutable`), and a page does not wait for a round
 * trip per chunk. Only files so named in a `chunks` folder beside `casepath-autoloader.js` are
 * taken for them: the site's own files may be named anyhow.
 */
export function siteCaching(): { headers: MiddlewareHandler; found: (path: string, c: Context) => void } {
  // The file each request was answered with, as serve-static found it.
  const files = new WeakMap<Context, string>();
  return {
    found: (path, c) => void files.set(c, path),
    headers: async (c, next) => {
      await next();
      const file = files.get(c);
      const modified = c.res.headers.get('last-modified');
      const length = c.res.headers.get('content-length');
      // A part of a file (a range) keeps no validator of its own.
      if (file === undefined || c.res.status !== 200 || modified === null || length === null) return;
      // Weak: the same file goes gzip-compressed to a browser that asks, and as it is to others.
      c.header('ETag', `W/"${Number(length).toString(16)}-${(Date.parse(modified) / 1000).toString(16)}"`);
      c.header('Cache-Control', isWidgetsChunk(file) ? `public, max-age=${A_YEAR}, immutable` : 'no-cache');
    },
  };
}

function isWidgetsChunk(file: string): boolean {
  return HASHED_CHUNK.test(file) && basename(dirname(file)) === 'chunks' && existsSync(join(dirname(dirname(file)), 'casepath-autoloader.js'));
}
