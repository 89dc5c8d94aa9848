// End to end with a server: a worker whose account has a second factor (an authenticator app)
// signs in on the staff page through <cp-sync>, which asks for the app's code when the server
// does, says a wrong one, and signs in with the right one. The code is typed with the keyboard.
// Real Chromium, the built cdn/ bundle and the built server (demo data). Run after `pnpm build`.
import { createHmac } from 'node:crypto';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, openStaffPage, startDemoServer, waitForDeep } from './browser.mjs';

let server;
let browser;
before(async () => {
  server = await startDemoServer();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  server?.stop();
});

const EMAIL = 'ewa@demo.casepath.org';
const PASSWORD = 'casepath-demo';

/** RFC 6238 (SHA-1, 6 digits, 30 s), as an authenticator app computes it from the base32 secret. */
function authenticatorCode(secret, at = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...secret.replace(/=+$/, '')].map((c) => alphabet.indexOf(c).toString(2).padStart(5, '0')).join('');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[19] & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

const post = async (path, body) => {
  const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
};

test('a worker with a second factor signs in on the staff page with the code of their authenticator app', async () => {
  // The worker sets up the app and turns the second factor on with the code it shows now. The
  // server allows one step of drift, so the code is still taken if a step ends while the server
  // checks the password first (the previous step's code was not: one run in about thirty, under
  // load, failed so).
  const setup = await post('/api/auth/second-factor/setup', { email: EMAIL, password: PASSWORD });
  assert.equal(setup.status, 200, JSON.stringify(setup.json));
  const enabledAt = Date.now();
  const enabled = await post('/api/auth/second-factor/enable', { email: EMAIL, password: PASSWORD, code: authenticatorCode(setup.json.secret, enabledAt) });
  assert.equal(enabled.status, 200, JSON.stringify(enabled.json));

  const { context, page, problems } = await openStaffPage(browser, server.url);
  assert.equal(await page.$('cp-sync >>> input[name="code"]'), null, 'no code is asked before the server asks');
  await page.type('cp-sync >>> input[name="email"]', EMAIL);
  await page.type('cp-sync >>> input[name="password"]', PASSWORD);
  await page.keyboard.press('Enter');

  // The server asks for the code: the form shows its field, focused, and says what to type.
  await waitForDeep(page, 'cp-sync >>> input[name="code"]');
  await page.waitForFunction(() => document.querySelector('cp-sync').shadowRoot.activeElement?.getAttribute('name') === 'code', { polling: 50 });
  const alert = () => page.evaluate(() => document.querySelector('cp-sync').shadowRoot.querySelector('[role="alert"]').textContent);
  assert.equal(await alert(), 'enter the 6-digit code from your authenticator app');

  // A wrong code is said, and nothing is signed in.
  await page.keyboard.type('000000');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('cp-sync').shadowRoot.querySelector('[role="alert"]').textContent.startsWith('Could not sign in'), { polling: 50 });
  assert.match(await alert(), /the code is not right or was used already/);
  assert.equal((await page.evaluate(() => fetch('/api/auth/me').then((r) => r.status))), 401);

  // The app's code signs in; the caseload fills from the server. Each step's code works once: the
  // one used to turn it on does not, so while that step lasts, the app's next code is typed
  // (within the step of drift the server allows).
  await page.waitForFunction(() => document.querySelector('cp-sync').shadowRoot.activeElement?.getAttribute('name') === 'code', { polling: 50 });
  await page.keyboard.type(authenticatorCode(setup.json.secret, Math.max(Date.now(), enabledAt + 30_000)));
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('cp-sync').shadowRoot.textContent.includes('Signed in as Ewa'), { polling: 50 });
  await page.waitForFunction(() => /^[1-9]\d* cases?/.test(document.querySelector('cp-caseload')?.shadowRoot?.querySelector('p[role="status"]')?.textContent.trim() ?? ''), { polling: 100 });
  assert.deepEqual(problems, []);
  await context.close();
});
