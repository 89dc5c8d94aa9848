// `casepath-server demo`, the README's first command, as a newcomer meets it: the first answer
// the server gives already finds the demo whole (its accounts, and the cases counted on the
// analysts' page), so nothing that waits for the server to answer meets a demo still being made.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HttpClient, startServerProcess } from './server-process.js';

describe('casepath-server demo', () => {
  it('answers its first request with the demo data stored: the analyst signs in and the Gdańsk centre is counted', async () => {
    const root = mkdtempSync(join(tmpdir(), 'casepath-demo-'));
    const server = await startServerProcess({ CASEPATH_DATA_DIR: join(root, 'data'), CASEPATH_SITE_DIR: root }, ['demo']);
    try {
      const analyst = new HttpClient(server.url);
      expect((await analyst.request('GET', '/health')).status).toBe(200);
      expect((await analyst.request('POST', '/api/auth/sign-in', { email: 'adam@demo.casepath.org', password: 'casepath-demo' })).status).toBe(200);
      const { status, body } = await analyst.request('GET', '/api/aggregates/indicators');
      expect(status).toBe(200);
      expect(body.providers).toContain('open-doors-gdansk');
      expect(body.indicators.people).toBeGreaterThan(100); // the 160 simulated people, less those without consent
    } finally {
      await server.stop();
      rmSync(root, { recursive: true, force: true });
    }
  }, 120_000);
});
