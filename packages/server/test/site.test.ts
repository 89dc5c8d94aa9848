// The server serves an NGO's pages as a static host would, and tells them it is there.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { freshDatabase, testApp } from './helpers.js';

it('serves pages whole, with the casepath-server meta tag added, and other files as they are', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'casepath-site-'));
  try {
    const page = '<!doctype html>\n<html>\n  <head>\n    <title>x</title>\n  </head>\n  <body>\n    <cp-sync organisation="o"></cp-sync>\n  </body>\n</html>\n';
    writeFileSync(join(dir, 'index.html'), page);
    writeFileSync(join(dir, 'app.js'), 'console.log(1);\n');
    const db = await freshDatabase('pglite');
    const { app } = testApp(db, { siteDir: dir });
    const html = await app.request('/index.html');
    const text = await html.text();
    expect(text).toContain('<meta name="casepath-server" content="" />');
    expect(text.endsWith('</html>\n')).toBe(true); // nothing cut off
    expect(text).toContain('<cp-sync organisation="o"></cp-sync>');
    expect(Number(html.headers.get('content-length') ?? text.length)).toBe(Buffer.byteLength(text));
    const js = await app.request('/app.js');
    expect(await js.text()).toBe('console.log(1);\n');
    await db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('has browsers ask for every file again, answering 304 while it is unchanged, so an upgrade is never run half old', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'casepath-site-'));
  const db = await freshDatabase('pglite');
  try {
    writeFileSync(join(dir, 'index.html'), '<!doctype html>\n<html>\n  <head>\n    <title>x</title>\n  </head>\n</html>\n');
    writeFileSync(join(dir, 'app.js'), 'console.log(1);\n');
    const { app } = testApp(db, { siteDir: dir });
    for (const path of ['/app.js', '/index.html']) {
      const first = await app.request(path);
      expect(first.status).toBe(200);
      expect(first.headers.get('cache-control')).toBe('no-cache');
      const tag = first.headers.get('etag');
      expect(tag).toMatch(/^W\/"[0-9a-f]+-[0-9a-f]+"$/);
      await first.text();
      // Asked again with what the browser keeps: nothing sent but the answer that it is the same.
      const again = await app.request(path, { headers: { 'if-none-match': tag!, 'accept-encoding': 'gzip' } });
      expect([again.status, await again.text(), again.headers.get('etag'), again.headers.get('cache-control')]).toEqual([304, '', tag, 'no-cache']);
    }
    // The file changes (a new version of the site): the browser's copy is stale, the new one is sent.
    const before = (await app.request('/app.js')).headers.get('etag')!;
    writeFileSync(join(dir, 'app.js'), 'console.log(2);\n');
    utimesSync(join(dir, 'app.js'), new Date(), new Date(Date.now() + 5000));
    const changed = await app.request('/app.js', { headers: { 'if-none-match': before } });
    expect([changed.status, await changed.text()]).toEqual([200, 'console.log(2);\n']);
    expect(changed.headers.get('etag')).not.toBe(before);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

it("keeps the widgets' chunks, named by their content, for a year; the site's own files as they are named are asked for again", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'casepath-site-'));
  const db = await freshDatabase('pglite');
  try {
    // The widgets' cdn build as the site holds it, and a folder of the site's own that looks alike.
    for (const folder of ['casepath/cdn/chunks', 'downloads/chunks']) mkdirSync(join(dir, folder), { recursive: true });
    writeFileSync(join(dir, 'casepath/cdn/casepath-autoloader.js'), 'import("./chunks/case-element-hL0dhP7l.js");\n');
    for (const file of ['casepath/cdn/chunks/case-element-hL0dhP7l.js', 'casepath/cdn/chunks/case-element-hL0dhP7l.js.map', 'casepath/cdn/chunks/account-field-6qpo-sru.js', 'downloads/chunks/leaflet-2026-dec.js']) writeFileSync(join(dir, file), '// x\n');
    const { app } = testApp(db, { siteDir: dir });
    const caching = async (path: string) => {
      const r = await app.request(path);
      expect(r.status, path).toBe(200);
      await r.text();
      return r.headers.get('cache-control');
    };
    const aYear = 'public, max-age=31536000, immutable';
    expect(await caching('/casepath/cdn/chunks/case-element-hL0dhP7l.js')).toBe(aYear);
    expect(await caching('/casepath/cdn/chunks/case-element-hL0dhP7l.js.map')).toBe(aYear);
    expect(await caching('/casepath/cdn/chunks/account-field-6qpo-sru.js')).toBe(aYear);
    // The autoloader keeps its name from version to version: asked for again.
    expect(await caching('/casepath/cdn/casepath-autoloader.js')).toBe('no-cache');
    // Named like a chunk, but not beside the widgets' autoloader.
    expect(await caching('/downloads/chunks/leaflet-2026-dec.js')).toBe('no-cache');
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
