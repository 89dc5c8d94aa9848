// The server serves an NGO's pages as a static host would, and tells them it is there.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
