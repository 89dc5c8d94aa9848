// What is read goes gzip-compressed to a client that asks for it (ADR 0027): a device's pull and
// the site's files. Writes answer as they are.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { Client, freshDatabase, seedOrganisation, testApp } from './helpers.js';
import { opening } from './pushed-events.js';

const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer());

it('sends a pull gzip-compressed when asked, the same JSON as without; a push answers as it is', async () => {
  const db = await freshDatabase('pglite');
  try {
    await seedOrganisation(db);
    const { app } = testApp(db);
    const ewa = await new Client(app).signIn('ewa');
    const pushed = await ewa.push(Array.from({ length: 20 }, (_, i) => opening(`c${i}`)).flat());
    expect(pushed.body.results.every((r: { status: string }) => r.status === 'accepted')).toBe(true);

    const plain = await ewa.raw('/api/sync/pull?limit=500');
    expect(plain.headers.get('content-encoding')).toBeNull();
    const plainBytes = await bytes(plain);
    const zipped = await ewa.raw('/api/sync/pull?limit=500', { 'accept-encoding': 'gzip, deflate, br' });
    expect(zipped.status).toBe(200);
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toMatch(/accept-encoding/i); // a cache keeps the two apart
    expect(zipped.headers.get('cache-control')).toBe('no-store');
    const zippedBytes = await bytes(zipped);
    const page = JSON.parse(gunzipSync(zippedBytes).toString('utf8'));
    // The same page (each read moves the cursor on by the access it logs).
    const { cursor: _, ...same } = page;
    const { cursor: __, ...asPlain } = JSON.parse(plainBytes.toString('utf8'));
    expect(same).toEqual(asPlain);
    expect(page.events).toHaveLength(40);
    expect(zippedBytes.length * 4).toBeLessThan(plainBytes.length);

    const res = await ewa.request('POST', '/api/sync/push', { deviceId: ewa.deviceId, events: opening('c-late') }, { 'accept-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBeNull();
  } finally {
    await db.close();
  }
});

it("sends the site's pages and scripts gzip-compressed when asked", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'casepath-site-'));
  const db = await freshDatabase('pglite');
  try {
    const script = Array.from({ length: 400 }, (_, i) => `export const word${i} = 'a word of the widgets, number ${i}';`).join('\n');
    writeFileSync(join(dir, 'widgets.js'), script);
    writeFileSync(join(dir, 'index.html'), `<!doctype html>\n<html>\n  <head>\n    <title>x</title>\n  </head>\n  <body>\n${'    <p>Supported employment: start here.</p>\n'.repeat(60)}  </body>\n</html>\n`);
    const { app } = testApp(db, { siteDir: dir });
    const js = await app.request('/widgets.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(js.headers.get('content-encoding')).toBe('gzip');
    expect(js.headers.get('content-length')).toBeNull(); // the file's length is not the answer's
    expect(gunzipSync(await bytes(js)).toString('utf8')).toBe(script);
    const page = await app.request('/index.html', { headers: { 'accept-encoding': 'gzip' } });
    expect(page.headers.get('content-encoding')).toBe('gzip');
    const html = gunzipSync(await bytes(page)).toString('utf8');
    expect(html).toContain('<meta name="casepath-server" content="" />');
    expect(html.endsWith('</html>\n')).toBe(true);
    const asked = await app.request('/widgets.js');
    expect(asked.headers.get('content-encoding')).toBeNull();
    expect(await asked.text()).toBe(script);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
