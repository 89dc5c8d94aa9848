// Shared by the end-to-end test, the screenshots script and the benchmark: a static server for
// the repository (as an NGO's host would serve it) and Debian's Chromium through puppeteer-core.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
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

/**
 * The built casepath-server's demo (embedded PGlite, demo accounts and data, the examples site) in
 * a throwaway data folder, as `pnpm start` runs it: the site's address, the demo intake
 * passphrase it prints, and how to stop it (the folders go too).
 */
export async function startDemoServer() {
  // The database and, beside it, what the server keeps apart from it (its key, the case keys).
  const root = mkdtempSync(join(tmpdir(), 'casepath-e2e-'));
  const dataDir = join(root, 'data');
  const child = spawn(process.execPath, [join(repoRoot, 'packages/server/dist/bin/casepath-server.js'), 'demo'], {
    env: { ...process.env, CASEPATH_PORT: '0', CASEPATH_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const started = await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /site:\s+(http:\/\/[^/\s]+)[\s\S]*passphrase "([^"]+)"/.exec(out);
      if (m) resolve({ url: m[1], passphrase: m[2] });
    });
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => {
      rmSync(root, { recursive: true, force: true }); // it did not start: nothing of it is kept
      reject(new Error(`the server exited (${code}):\n${out}`));
    });
  });
  return {
    ...started,
    stop() {
      child.kill('SIGTERM');
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * `userDataDir`: the profile folder, for a test that reads what the browser wrote to disk (the
 * caller removes it); without it, a new one that is removed when the browser closes.
 */
export async function launchChromium({ userDataDir } = {}) {
  const executablePath = process.env.CHROME_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
  if (!executablePath) throw new Error('No Chromium found: apt-get install chromium, or set CHROME_PATH');
  const profile = userDataDir ?? mkdtempSync(join(tmpdir(), 'casepath-chromium-'));
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    userDataDir: profile,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  // Removed once the browser's process has exited (it writes to its profile until then).
  if (!userDataDir) {
    browser.process()?.once('exit', () => {
      try {
        rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
      } catch {
        // left in the system's temporary folder
      }
    });
  }
  return browser;
}

/**
 * A new device (its own browser context) on the examples' staff page in `lang`, once `<cp-sync>`
 * shows its sign-in form. Its page errors are collected in `problems`.
 */
export async function openStaffPage(browser, serverUrl, { lang = 'en' } = {}) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${serverUrl}/examples/staff/?lang=${lang}`);
  await waitForDeep(page, 'cp-sync >>> input[name="email"]');
  return { context, page, problems };
}

/**
 * A new device on the examples' staff page (see {@link openStaffPage}), where `email` signs in
 * through `<cp-sync>`, typed as a person does and sent with Enter.
 */
export async function signInOnStaffPage(browser, serverUrl, email, { lang = 'en', password = 'casepath-demo' } = {}) {
  const { context, page, problems } = await openStaffPage(browser, serverUrl, { lang });
  await page.type('cp-sync >>> input[name="email"]', email);
  await page.type('cp-sync >>> input[name="password"]', password);
  await page.keyboard.press('Enter');
  return { context, page, problems };
}

/**
 * Waits until an element matching a selector that reaches into shadow roots (`host >>> inner`,
 * with `,` between alternatives) is on the page, and returns it.
 *
 * @remarks
 * `page.waitForSelector` in puppeteer-core 24 watches the document with a MutationObserver,
 * which sees nothing that happens inside a shadow root (puppeteer#13163, fixed in 25, which
 * needs Node 22). A component that renders its inside after the first check, as a loaded machine
 * does, was then waited for until the timeout. This checks at an interval instead.
 */
export async function waitForDeep(page, selector, { timeout } = {}) {
  const handle = await page.waitForFunction(
    (selector) => {
      // Every element matching `css` in `root` and in the open shadow roots beneath it.
      const deepAll = (root, css) => {
        const found = [...root.querySelectorAll(css)];
        for (const el of root.querySelectorAll('*')) if (el.shadowRoot) found.push(...deepAll(el.shadowRoot, css));
        return found;
      };
      for (const alternative of selector.split(',')) {
        let scopes = [document];
        for (const part of alternative.split('>>>').map((p) => p.trim())) {
          // Beneath an element: its light descendants and their shadow roots, and its own shadow root.
          scopes = scopes.flatMap((scope) => [...deepAll(scope, part), ...(scope.shadowRoot ? deepAll(scope.shadowRoot, part) : [])]);
        }
        if (scopes.length) return scopes[0];
      }
      return null;
    },
    { polling: 50, ...(timeout === undefined ? {} : { timeout }) },
    selector,
  );
  return handle.asElement();
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * What axe-core finds wrong on the whole page as it is now, through every shadow root: each
 * violation as `rule (impact): help`, with up to three of the elements it names. Empty when clean.
 * Run through the DevTools protocol, so a page's Content-Security-Policy is not loosened for it.
 */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const { violations } = await window.axe.run(document, { resultTypes: ['violations'] });
    return violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' >>> ')).join('; ')}`);
  });
}
