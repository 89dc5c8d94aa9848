// End to end with a server: a job coach changes her password on the staff page, and later, having
// forgotten it, gets a new one from the administrator; her device, sealed with the previous
// password, starts over with the new one and has all her cases again. Typed with the keyboard.
// Real Chromium, the built cdn/ bundle and the built server (demo data). Run after `pnpm build`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, signInOnStaffPage, startDemoServer, waitForDeep } from './browser.mjs';

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

const poll = { polling: 50, timeout: 60_000 };
const EMAIL = 'anna@demo.casepath.org';

/** A sign-in from outside the browser; the session cookie it got, or the status when refused. */
async function signIn(email, password) {
  const res = await fetch(`${server.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  await res.text();
  return res.status === 200 ? res.headers.get('set-cookie').split(';')[0] : res.status;
}

const syncText = (page) => page.evaluate(() => document.querySelector('cp-sync').shadowRoot.textContent);
/** Focuses the `<cp-sync>` control and presses Enter on it, as a keyboard user does. */
async function press(page, selector) {
  await page.evaluate((s) => document.querySelector('cp-sync').shadowRoot.querySelector(s).focus(), selector);
  await page.keyboard.press('Enter');
}
/** How many cases the caseload says this device has, once sync has nothing left to send or fetch. */
async function casesShown(page) {
  await page.waitForFunction(() => document.querySelector('cp-sync').shadowRoot.textContent.includes('Everything is on the server.'), poll);
  await page.waitForFunction(() => /\d+ cases?\b/.test(document.querySelector('cp-caseload')?.shadowRoot?.textContent ?? '') && !/still arriving/.test(document.querySelector('cp-caseload').shadowRoot.textContent), poll);
  return Number(/(\d+) cases?\b/.exec(await page.evaluate(() => document.querySelector('cp-caseload').shadowRoot.textContent))[1]);
}

test('a worker changes her password on the staff page; forgotten later and given anew, her device starts over with it and has all her cases again', async () => {
  const { context, page, problems } = await signInOnStaffPage(browser, server.url, EMAIL);
  const cases = await casesShown(page);
  assert.ok(cases > 0, 'the job coach has cases of her own');
  // Every case on a job coach's list is hers: none is marked "(yours)", which would follow every row.
  assert.match(await page.evaluate(() => document.querySelector('cp-caseload').shadowRoot.querySelector('tbody th').innerText), /^OD-2026-\d+$/);
  // Requests for help are a coordinator's: a job coach does not meet an entry that only says so.
  const requestsShown = () => page.evaluate(() => !document.getElementById('requests').hidden);
  assert.equal(await requestsShown(), false, 'a job coach does not see the requests for help');

  // She changes it: the form opens on the current password; a wrong one is said, nothing changed.
  await press(page, 'button.change-password');
  await page.waitForFunction(() => document.querySelector('cp-sync').shadowRoot.activeElement?.getAttribute('name') === 'current-password', poll);
  // Her account is named in the form, unseen, for her password manager (as the server says it).
  const account = (form) => page.$eval('cp-sync', (el, f) => el.shadowRoot.querySelector(`${f} input[autocomplete="username"]`)?.value ?? null, form);
  assert.equal(await account('form.password-change'), EMAIL);
  await page.keyboard.type('not my password');
  await page.keyboard.press('Tab');
  await page.keyboard.type('anna chose this one');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('cp-sync').shadowRoot.querySelector('form.password-change [role="alert"]').textContent === 'the current password is not right; nothing was changed', poll);
  assert.equal(typeof (await signIn(EMAIL, 'casepath-demo')), 'string', 'the password is as it was');
  // The focus is back on the current password, its text selected: typed again, it is replaced.
  await page.keyboard.type('casepath-demo');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('cp-sync').shadowRoot.querySelector('.password-changed').textContent.startsWith('Your password is changed.'), poll);
  assert.equal(await signIn(EMAIL, 'casepath-demo'), 401);
  assert.equal(typeof (await signIn(EMAIL, 'anna chose this one')), 'string');

  // The page again (the key was in its memory only): the new password opens the records.
  await page.reload({ waitUntil: 'load' });
  await page.waitForFunction(() => document.querySelector('cp-sync')?.shadowRoot?.querySelector('input[name="passphrase"]'), poll);
  assert.match(await syncText(page), /They are locked on this device\. Enter your password to open them\./);
  assert.equal(await account('form'), EMAIL, 'the unlock names her account too, from the resumed session');
  await page.type('cp-sync >>> input[name="passphrase"]', 'anna chose this one');
  await page.keyboard.press('Enter');
  assert.equal(await casesShown(page), cases);
  assert.equal(await requestsShown(), false, 'nor after the page opened again, on the session it picked up');

  const link = () => page.evaluate(() => document.querySelector('cp-caseload').store.linkNow());
  const before = await link();
  assert.equal(before.caughtUp, true);

  // She forgets it. The administrator gives her a new one, which ends her sessions.
  const admin = await signIn('admin@demo.casepath.org', 'casepath-demo');
  const reset = await fetch(`${server.url}/api/admin/workers/anna/password`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: admin }, body: JSON.stringify({ password: 'given by the office' }) });
  assert.equal(reset.status, 200, await reset.text());
  await page.reload({ waitUntil: 'load' });
  await waitForDeep(page, 'cp-sync >>> input[name="email"]');
  await page.type('cp-sync >>> input[name="email"]', EMAIL);
  await page.type('cp-sync >>> input[name="password"]', 'given by the office');
  await page.keyboard.press('Enter');
  // The device is sealed with the password she forgot: it asks for it, and offers a way out.
  await page.waitForFunction(() => document.querySelector('cp-sync').shadowRoot.querySelector('button.forgot'), poll);
  assert.match(await syncText(page), /Your password changed since this device was locked\./);
  await press(page, 'button.forgot');
  // Started over: a new link to the server (what the caseload showed before cannot pass for it),
  // whose first pull has brought every case of hers again.
  await page.waitForFunction(
    async (deviceId) => {
      const now = await document.querySelector('cp-caseload').store.linkNow();
      return now !== null && now.deviceId !== deviceId && now.caughtUp;
    },
    poll,
    before.deviceId,
  );
  assert.equal(await casesShown(page), cases, 'started over, the device has every case of hers again');
  assert.equal(await page.evaluate(() => document.querySelector('cp-sync').shadowRoot.querySelector('input[name="passphrase"]')), null);

  // From now on the new password opens the device.
  await page.reload({ waitUntil: 'load' });
  await page.waitForFunction(() => document.querySelector('cp-sync')?.shadowRoot?.querySelector('input[name="passphrase"]'), poll);
  assert.doesNotMatch(await syncText(page), /Your password changed/);
  await page.type('cp-sync >>> input[name="passphrase"]', 'given by the office');
  await page.keyboard.press('Enter');
  assert.equal(await casesShown(page), cases);
  assert.deepEqual(problems, []);
  await context.close();
});
