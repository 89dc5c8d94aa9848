// End to end with a server: a job coach hands her signed-in device to the person (hand-over mode)
// and takes it back with her password, confirmed by the server without a new session; then, with
// the device offline, confirmed by the device's own lock. Typed with the keyboard. Real Chromium,
// the built cdn/ bundle and the built server (demo data). Run after `pnpm build`.
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
const view = (page) => page.$eval('cp-hand-over', (el) => el.shadowRoot.querySelector('dialog[open]')?.textContent.replace(/\s+/g, ' ') ?? null);
const passwordError = (page) => page.$eval('cp-hand-over', (el) => el.shadowRoot.querySelector('#password-error')?.textContent ?? null);

/** Hands the open case over, then asks to give the device back: the focus is on the password. */
async function handOverAndAskBack(page) {
  await page.click('#hand-over');
  await page.waitForFunction(() => document.querySelector('cp-hand-over')?.shadowRoot?.activeElement?.type === 'submit', poll);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('cp-hand-over').shadowRoot.querySelector('dialog[open]'), poll);
  assert.match(await view(page), /Your plan/);
  await page.$eval('cp-hand-over', (el) => el.shadowRoot.querySelector('dialog .actions button[data-variant="secondary"]').focus());
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('cp-hand-over').shadowRoot.activeElement?.id === 'password', poll);
  assert.match(await view(page), /Ewa Nowak: write your password to take the device back\./);
}

/** Types a password into the focused field, replacing what it held, and sends the form. */
async function typePassword(page, password) {
  await page.$eval('cp-hand-over', (el) => el.shadowRoot.querySelector('#password').select());
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
}

test('a job coach takes her device back with her password: the server confirms it without a new session, the device’s lock when offline', async () => {
  const { context, page, problems } = await signInOnStaffPage(browser, server.url, 'ewa@demo.casepath.org');
  await page.waitForFunction(() => document.querySelector('cp-sync').shadowRoot.textContent.includes('Everything is on the server.'), poll);
  await waitForDeep(page, 'cp-caseload >>> tbody th button');
  await page.click('cp-caseload >>> tbody th button');
  await page.waitForFunction(() => !document.getElementById('workspace').hidden, poll);
  const session = async () => (await context.cookies(server.url)).find((c) => c.name === 'casepath_session')?.value;
  const before = await session();

  // Online: a wrong password keeps the person's view; hers gives the device back, same session.
  await handOverAndAskBack(page);
  await typePassword(page, 'not her password');
  await page.waitForFunction(() => document.querySelector('cp-hand-over').shadowRoot.querySelector('#password-error'), poll);
  assert.equal(await passwordError(page), 'That is not right. The device stays with the person.');
  assert.ok(await view(page), 'still with the person');
  await typePassword(page, 'casepath-demo');
  await page.waitForFunction(() => !document.querySelector('cp-hand-over'), poll);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'hand-over', 'the focus is back where the hand-over began');
  assert.equal(await session(), before, 'no new session was started');
  const me = await page.evaluate(async () => (await (await fetch('/api/auth/me')).json()).worker.id);
  assert.equal(me, 'ewa');

  // Offline: the device's lock, sealed with her password at sign-in, tells it is her.
  await handOverAndAskBack(page);
  await page.setOfflineMode(true);
  await typePassword(page, 'not her password');
  await page.waitForFunction(() => document.querySelector('cp-hand-over').shadowRoot.querySelector('#password-error'), poll);
  assert.equal(await passwordError(page), 'That is not right. The device stays with the person.');
  await typePassword(page, 'casepath-demo');
  await page.waitForFunction(() => !document.querySelector('cp-hand-over'), poll);
  await page.setOfflineMode(false);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the session ending while the device is with the person leaves the person’s view, not the staff page, and she takes it back', async () => {
  const { context, page, problems } = await signInOnStaffPage(browser, server.url, 'ewa@demo.casepath.org');
  await page.waitForFunction(() => document.querySelector('cp-sync').shadowRoot.textContent.includes('Everything is on the server.'), poll);
  await waitForDeep(page, 'cp-caseload >>> tbody th button');
  await page.click('cp-caseload >>> tbody th button');
  await page.waitForFunction(() => !document.getElementById('workspace').hidden, poll);
  await page.click('#hand-over');
  await page.waitForFunction(() => document.querySelector('cp-hand-over')?.shadowRoot?.activeElement?.type === 'submit', poll);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('cp-hand-over').shadowRoot.querySelector('dialog[open]'), poll);
  // The session ends (here: its cookie goes; the device's next question to the server is refused).
  await page.deleteCookie({ name: 'casepath_session', url: server.url });
  await page.setOfflineMode(true);
  await page.setOfflineMode(false);
  await waitForDeep(page, 'cp-sync >>> input[name="email"]');
  // The person still has their own view, and nothing of the staff page shows through.
  assert.match(await view(page), /Your plan/);
  const shownBehind = await page.evaluate(() => {
    const dialog = document.querySelector('cp-hand-over').shadowRoot.querySelector('dialog[open]');
    return dialog.checkVisibility() && !document.getElementById('workspace').hidden;
  });
  assert.equal(shownBehind, true, 'the person’s view is on screen, in the open case');
  // She takes it back with her password, as always.
  await page.$eval('cp-hand-over', (el) => el.shadowRoot.querySelector('dialog .actions button[data-variant="secondary"]').click());
  await page.waitForFunction(() => document.querySelector('cp-hand-over').shadowRoot.activeElement?.id === 'password', poll);
  // Named as at the hand-over, though her session (and with it the directory of names) is gone;
  // her account too, unseen, for a password manager.
  assert.match(await view(page), /Ewa Nowak: write your password to take the device back\./);
  assert.equal(await page.$eval('cp-hand-over', (el) => el.shadowRoot.querySelector('dialog input[autocomplete="username"]').value), 'ewa@demo.casepath.org');
  await typePassword(page, 'casepath-demo');
  await page.waitForFunction(() => !document.querySelector('cp-hand-over'), poll);
  // Taken back with the session ended, the records, left open for the person's view, lock now:
  // the next person at this device finds nothing open. Ewa signs in again and has her cases.
  await page.waitForFunction(() => document.querySelector('cp-caseload').shadowRoot.querySelector('.locked'), poll);
  await page.type('cp-sync >>> input[name="email"]', 'ewa@demo.casepath.org');
  await page.type('cp-sync >>> input[name="password"]', 'casepath-demo');
  await page.keyboard.press('Enter');
  await waitForDeep(page, 'cp-caseload >>> tbody th button');
  assert.deepEqual(problems, []);
  await context.close();
});
