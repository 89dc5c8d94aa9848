// End to end with a server: the organisation's analyst signs in on the analysts' page with the
// keyboard and reads the indicators the server counted from every centre's cases, the same
// figures the API gives; counts again up to another date; a centre's coordinator, signed in on the
// staff page, follows its link to her centre's figures only, and a job coach is told the page is
// not hers. Real Chromium, the built cdn/ bundle and the built server (demo data: a simulated
// centre in Gdańsk with three years of cases). Run after `pnpm build`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, launchChromium, signInOnStaffPage, startDemoServer, waitForDeep } from './browser.mjs';

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

/** The server's answer to the analyst, asked from outside the browser. */
async function indicatorsFromApi(asOf) {
  const signIn = await fetch(`${server.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'adam@demo.casepath.org', password: 'casepath-demo' }) });
  assert.equal(signIn.status, 200);
  const cookie = signIn.headers.get('set-cookie').split(';')[0];
  const res = await fetch(`${server.url}/api/aggregates/indicators${asOf ? `?asOf=${asOf}` : ''}`, { headers: { cookie } });
  assert.equal(res.status, 200);
  return res.json();
}

const texts = (page, selector) => page.evaluate((s) => [...document.querySelector('cp-indicators').shadowRoot.querySelectorAll(s)].map((e) => e.textContent.replace(/\s+/g, ' ').trim()), selector);
/** The table's rows, their cells' texts between bars. */
const rows = (page) => page.evaluate(() => [...document.querySelector('cp-indicators').shadowRoot.querySelectorAll('tbody tr')].map((r) => [...r.cells].map((c) => c.textContent.trim()).join(' | ')));
const caption = (page) => page.evaluate(() => document.querySelector('cp-indicators').shadowRoot.querySelector('caption')?.textContent.trim() ?? null);
const pct = (v) => `${(v * 100).toFixed(1)}%`;

async function signIn(page, who, lang = 'en') {
  await page.goto(`${server.url}/examples/analyst/?lang=${lang}`);
  await waitForDeep(page, 'cp-indicators >>> #sign-in-email');
  await page.type('cp-indicators >>> #sign-in-email', `${who}@demo.casepath.org`);
  await page.type('cp-indicators >>> #sign-in-password', 'casepath-demo');
  await page.keyboard.press('Enter');
}

test('the analyst signs in with the keyboard and reads every centre’s indicators, as the server counted them; then up to another date', async () => {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await signIn(page, 'adam');
  await waitForDeep(page, 'cp-indicators >>> table');
  assert.equal(await page.evaluate(() => document.querySelector('cp-indicators').shadowRoot.activeElement?.id), 'indicators-title', 'the focus went to the indicators after signing in');
  const api = await indicatorsFromApi();
  assert.deepEqual(api.providers, ['open-doors-gdansk', 'open-doors-warsaw']);
  assert.deepEqual(await texts(page, 'thead th'), ['Indicator', 'All centres', 'Open Doors Gdańsk', 'Open Doors Warsaw']);
  const [people, placed, retained] = await rows(page);
  assert.equal(people, `People counted | ${api.indicators.people} | ${api.byProvider.map((p) => p.indicators.people).join(' | ')}`);
  assert.ok(api.indicators.placed > 20, `the simulated centre placed people: ${api.indicators.placed}`);
  assert.equal(placed.split(' | ')[1], String(api.indicators.placed));
  const e = api.indicators.retention.estimate;
  assert.equal(retained.split(' | ')[1], `${pct(e.value)} (${pct(e.lower)}–${pct(e.upper)})`);
  // Warsaw's six demo cases have no consent to statistics: not counted, and said.
  assert.equal(retained.split(' | ')[3], 'too few to say');
  assert.ok((await texts(page, 'p')).includes(`Not counted, because they did not agree to be counted in reports: ${api.leftOut.withoutStatisticsConsent}.`));

  // Another cut-off, from the keyboard: the field, then Enter.
  await page.evaluate(() => {
    const field = document.querySelector('cp-indicators').shadowRoot.querySelector('#cut-off');
    field.focus();
    field.value = '2025-06-30';
  });
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('cp-indicators').shadowRoot.querySelector('caption')?.textContent.trim() === 'Counted up to June 30, 2025', poll);
  const earlier = await indicatorsFromApi('2025-06-30');
  assert.equal((await rows(page))[0], `People counted | ${earlier.indicators.people} | ${earlier.byProvider.map((p) => p.indicators.people).join(' | ')}`);
  assert.ok(earlier.indicators.people < api.indicators.people, 'fewer people had come by then');
  assert.deepEqual(await axeViolations(page), [], 'the analysts\' page is axe-clean as a whole');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a centre’s coordinator follows the staff page’s link to her centre’s figures, signed in already; a job coach meets no link and is told, in her language, that the page is not hers', async () => {
  const { context, page, problems } = await signInOnStaffPage(browser, server.url, 'ewa@demo.casepath.org');
  await page.waitForFunction(() => !document.getElementById('results').hidden, poll);
  await waitForDeep(page, 'cp-caseload >>> tbody th button');
  assert.deepEqual(await axeViolations(page), [], 'the staff page, signed in with a server, is axe-clean as a whole');
  // From the keyboard: the link, then Enter; the analysts' page opens on the figures, no second sign-in.
  await page.focus('#results a');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.equal(new URL(page.url()).pathname, '/examples/analyst/');
  await waitForDeep(page, 'cp-indicators >>> table');
  assert.deepEqual(await texts(page, 'thead th'), ['Indicator', 'Open Doors Warsaw']);
  assert.equal((await rows(page))[0], 'People counted | 0');
  assert.match(await caption(page), /^Counted up to /);
  assert.deepEqual(problems, []);
  await context.close();
  // Another device: a job coach, whose staff page in Polish has no such link.
  const coach = await signInOnStaffPage(browser, server.url, 'anna@demo.casepath.org', { lang: 'pl' });
  // Her role is known once the requests' entry goes (the same moment decides the link).
  await coach.page.waitForFunction(() => document.getElementById('requests').hidden, poll);
  assert.equal(await coach.page.$eval('#results', (p) => p.hidden), true);
  await coach.page.goto(`${server.url}/examples/analyst/?lang=pl`);
  // Not throwing before the element is defined (the autoloader loads it after the page's load):
  // puppeteer stops polling a predicate whose first check throws, and the wait runs out.
  await coach.page.waitForFunction(
    () => [...(document.querySelector('cp-indicators')?.shadowRoot?.querySelectorAll('section > p') ?? [])].some((p) => p.textContent.trim() === 'Wskaźniki widzą tylko analitycy organizacji oraz koordynatorzy i kierownicy ośrodków.'),
    poll,
  );
  await coach.context.close();
});
