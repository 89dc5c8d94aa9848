// End to end with a server: the administrator, on the administration page and with the keyboard
// only, adds a centre and a job coach in it, gives a worker who forgot hers a new password, and turns an account off
// when its holder leaves; each takes effect on the server at once and is listed with who did it.
// A job coach signed in on the same page is told it is not hers. Real Chromium, the built cdn/
// bundle and the built server (demo data). Run after `pnpm build`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, launchChromium, startDemoServer, waitForDeep } from './browser.mjs';

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

/** A sign-in from outside the browser: 200 when the server lets the account in, else its status. */
async function signInStatus(email, password) {
  const res = await fetch(`${server.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  await res.text();
  return res.status;
}

/** The texts of the widget's elements that match `selector`, spaces made one. */
const texts = (page, selector) => page.evaluate((s) => [...document.querySelector('cp-staff-accounts').shadowRoot.querySelectorAll(s)].map((e) => e.textContent.replace(/\s+/g, ' ').trim()), selector);
const value = (page, selector) => page.evaluate((s) => document.querySelector('cp-staff-accounts').shadowRoot.querySelector(s).value, selector);
/** Waits until the live region says `text`: what a screen reader hears once the server answered. */
const said = (page, text) => page.waitForFunction((t) => document.querySelector('cp-staff-accounts').shadowRoot.querySelector('[role="status"]')?.textContent.trim() === t, poll, text);
/** Focuses a control of the widget and presses Enter on it, as a keyboard user does. */
async function enter(page, selector) {
  await page.evaluate((s) => document.querySelector('cp-staff-accounts').shadowRoot.querySelector(s).focus(), selector);
  await page.keyboard.press('Enter');
}

async function signIn(page, email) {
  await page.goto(`${server.url}/examples/admin/?lang=en`);
  await waitForDeep(page, 'cp-staff-accounts >>> #sign-in-email');
  await page.type('cp-staff-accounts >>> #sign-in-email', email);
  await page.type('cp-staff-accounts >>> #sign-in-password', 'casepath-demo');
  await page.keyboard.press('Enter');
}

test('the administrator adds an account, gives a forgotten password anew and turns an account off, on the page, with the keyboard', async () => {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await signIn(page, 'admin@demo.casepath.org');
  await waitForDeep(page, 'cp-staff-accounts >>> table');
  const rows = await page.evaluate(() => [...document.querySelector('cp-staff-accounts').shadowRoot.querySelectorAll('tbody tr')].map((r) => [...r.cells].map((c) => c.textContent.trim()).join(' | ')));
  assert.ok(rows.includes('Anna Wiśniewska | anna@demo.casepath.org | job coach | Open Doors Warsaw | no | on'), rows.join('\n'));
  assert.ok(rows.includes('Olga Petrova | olga@demo.casepath.org | social worker | Omsk social adaptation centre | no | on'), rows.join('\n'));
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'CP-STAFF-ACCOUNTS', 'the focus went to the accounts after signing in');

  // A new centre in Kraków, then a job coach there. Ids follow the names; the first password is told in person.
  await page.evaluate(() => document.querySelector('cp-staff-accounts').shadowRoot.querySelectorAll('details.new').forEach((d) => (d.open = true)));
  await page.type('cp-staff-accounts >>> #centre-name', 'Open Doors Kraków');
  assert.equal(await value(page, '#centre-id'), 'open-doors-krakow');
  await page.keyboard.press('Enter');
  await said(page, 'Saved: the centre Open Doors Kraków is created. Staff can be added to it or moved to it now.');
  await page.type('cp-staff-accounts >>> #new-name', 'Irina Sokolova');
  await page.type('cp-staff-accounts >>> #new-email', 'irina@demo.casepath.org');
  assert.equal(await value(page, '#new-id'), 'irina-sokolova');
  await page.select('cp-staff-accounts >>> #new-provider', 'open-doors-krakow');
  await page.type('cp-staff-accounts >>> #new-first-password', 'irina’s first one');
  await page.keyboard.press('Enter');
  await said(page, 'Saved: the account of Irina Sokolova is created.');
  assert.equal(await signInStatus('irina@demo.casepath.org', 'irina’s first one'), 200);
  const irina = await page.evaluate(() => [...document.querySelector('cp-staff-accounts').shadowRoot.querySelectorAll('tbody tr')].map((r) => [...r.cells].map((c) => c.textContent.trim()).join(' | ')).find((r) => r.startsWith('Irina')));
  assert.equal(irina, 'Irina Sokolova | irina@demo.casepath.org | job coach | Open Doors Kraków | no | on');

  // Jan forgot his password: a new one, too short first (nothing sent), then one that will do.
  await enter(page, '#open-jan');
  await page.waitForFunction(() => document.querySelector('cp-staff-accounts').shadowRoot.activeElement?.id === 'panel-title', poll);
  await page.type('cp-staff-accounts >>> #new-password', 'short');
  await page.keyboard.press('Enter');
  await said(page, 'Write at least 10 characters.');
  assert.equal(await signInStatus('jan@demo.casepath.org', 'casepath-demo'), 200, 'nothing was changed');
  await page.evaluate(() => (document.querySelector('cp-staff-accounts').shadowRoot.querySelector('#new-password').value = ''));
  await page.type('cp-staff-accounts >>> #new-password', 'given by the office');
  await page.keyboard.press('Enter');
  await said(page, 'Saved: Jan Kowalski has a new password and is signed out everywhere. Tell it to them in person.');
  assert.equal(await signInStatus('jan@demo.casepath.org', 'casepath-demo'), 401);
  assert.equal(await signInStatus('jan@demo.casepath.org', 'given by the office'), 200);

  // Irina leaves: her account is turned off, and she cannot sign in.
  await enter(page, '#open-irina-sokolova');
  await page.waitForFunction(() => document.querySelector('cp-staff-accounts').shadowRoot.querySelector('#panel-title')?.textContent === 'Irina Sokolova', poll);
  await enter(page, '#active');
  // Asked first: the question has the focus, and the next Tab is the "yes".
  await page.waitForFunction(() => document.querySelector('cp-staff-accounts').shadowRoot.activeElement?.id === 'confirm-question', poll);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.querySelector('cp-staff-accounts').shadowRoot.activeElement?.textContent.trim()), 'Yes, turn it off');
  await page.keyboard.press('Enter');
  await said(page, 'Saved: the account of Irina Sokolova is turned off, and they are signed out everywhere.');
  assert.equal(await signInStatus('irina@demo.casepath.org', 'irina’s first one'), 403);

  // Each is listed, newest first, with who did it; the demo's own accounts as made by the demo data.
  const recent = await texts(page, 'section > ol.changes .what');
  assert.deepEqual(recent.slice(0, 3), ['Irina Sokolova: turned off (by Administrator)', 'Jan Kowalski: given a new password (by Administrator)', 'Irina Sokolova: account created, as job coach (by Administrator)']);
  assert.ok(recent.includes('Ewa Nowak: account created, as coordinator (by the demo data)'), recent.join('\n'));
  assert.deepEqual(await axeViolations(page), [], 'the administrators\' page is axe-clean as a whole');
  assert.deepEqual(problems, []);
  await context.close();
});

test('on a phone 320 px wide the administration page does not scroll sideways: the table of accounts scrolls in its own region', async () => {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width: 320, height: 700, isMobile: true, hasTouch: true }); // before the page: it reloads on a change
  await signIn(page, 'admin@demo.casepath.org');
  await waitForDeep(page, 'cp-staff-accounts >>> .table-scroll[role="region"]');
  await page.evaluate(() => document.querySelector('cp-staff-accounts').shadowRoot.querySelectorAll('details').forEach((d) => (d.open = true)));
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `nothing scrolls sideways at 320 px (overflow ${overflow}px)`);
  const region = await page.evaluate(() => {
    const r = document.querySelector('cp-staff-accounts').shadowRoot.querySelector('.table-scroll');
    return { name: r.getAttribute('aria-label'), tabindex: r.getAttribute('tabindex'), scrolls: r.scrollWidth > r.clientWidth };
  });
  assert.deepEqual(region, { name: 'Table of accounts', tabindex: '0', scrolls: true });
  assert.deepEqual(await axeViolations(page), []);
  await context.close();
});

test('a job coach who signs in on the administration page sees no account, and is told why', async () => {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await signIn(page, 'anna@demo.casepath.org');
  await page.waitForFunction(() => document.querySelector('cp-staff-accounts').shadowRoot.textContent.includes('Only the organisation’s administrators manage staff accounts.'), poll);
  assert.deepEqual(await texts(page, 'table'), []);
  await context.close();
});
