// Shared by the end-to-end test, the screenshots script and the benchmark: a static server for
// the repository (as an NGO's host would serve it) and Debian's Chromium through puppeteer-core.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDevServer } from '@web/dev-server';
import puppeteer from 'puppeteer-core';

export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

export async function startSite() {
  const server = await startDevServer({
    config: { rootDir: repoRoot, port: 0, nodeResolve: false, watch: false, open: false },
    readCliArgs: false,
    readFileConfig: false,
    logStartMessage: false,
  });
  const { port } = server.server.address();
  return { url: `http://localhost:${port}`, stop: () => server.stop() };
}

/** `userDataDir`: the profile folder, for a test that reads what the browser wrote to disk. */
export async function launchChromium({ userDataDir = mkdtempSync(join(tmpdir(), 'casepath-chromium-')) } = {}) {
  const executablePath = process.env.CHROME_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
  if (!executablePath) throw new Error('No Chromium found: apt-get install chromium, or set CHROME_PATH');
  return puppeteer.launch({
    executablePath,
    headless: true,
    userDataDir,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}
