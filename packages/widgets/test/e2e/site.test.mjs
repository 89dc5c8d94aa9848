// End to end, as a person would use the examples site: intake, assessment, a move in the support
// plan; reload; everything is still there. Real Chromium, real IndexedDB, the built cdn/ bundle
// behind a strict Content-Security-Policy. Run after `pnpm build`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, startSite } from './browser.mjs';

let site;
let browser;
before(async () => {
  site = await startSite();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await site?.stop();
});

const text = (page, selector) => page.$eval(selector, (el) => el.textContent.trim());

test('intake → assessment → plan, and everything is still there after a reload', async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  await page.goto(`${site.url}/examples/site/?lang=en`, { waitUntil: 'networkidle0' });

  // 1. Intake: consent first, then a reference.
  await page.waitForSelector('cp-intake-form >>> input[name="consent-service"]');
  await page.click('cp-intake-form >>> input[name="consent-service"]');
  await page.click('cp-intake-form >>> input[name="consent-employer-contact"]');
  await page.type('cp-intake-form >>> #client-ref', 'OD-2026-17');
  await page.click('cp-intake-form >>> button[type="submit"]');
  await page.waitForSelector('#step-assessment:not([hidden])');
  assert.equal(await text(page, 'cp-intake-form >>> [part="done"]'), 'Thank you. Your case is open.');

  // 2. Assessment: answer every question (first option; "had a paid job": no).
  await page.waitForSelector('cp-needs-assessment[case-id] >>> fieldset.item');
  await new Promise((r) => setTimeout(r, 300)); // let it read the (empty) draft for this case
  await page.$$eval('cp-needs-assessment', ([el]) => {
    for (const fs of el.shadowRoot.querySelectorAll('fieldset.item')) fs.querySelector('input').click();
    el.shadowRoot.querySelectorAll('[data-item="had-job"] input')[1].click();
  });
  await page.click('cp-needs-assessment >>> button[type="submit"]');
  await page.waitForFunction(() => document.querySelector('cp-needs-assessment').shadowRoot.querySelector('.done'));

  // 3. Support plan: consent was given at intake, so the move to profiling is open.
  await page.waitForSelector('cp-support-plan >>> [aria-current="step"]');
  assert.equal(await text(page, 'cp-support-plan >>> [aria-current="step"]'), 'Client engagement');
  await page.type('cp-support-plan >>> #reason', 'First meeting went well');
  await page.click('cp-support-plan >>> .transitions button:not([disabled])');
  await page.waitForFunction(() => document.querySelector('cp-support-plan').shadowRoot.querySelector('[aria-current="step"]')?.textContent === 'Vocational profiling');

  // 4. Reload: the case, the assessment and the move are read back from IndexedDB.
  await page.reload({ waitUntil: 'networkidle0' });
  await page.waitForFunction(() => document.querySelector('cp-support-plan')?.shadowRoot?.querySelector('[aria-current="step"]')?.textContent === 'Vocational profiling');
  const history = await text(page, 'cp-support-plan >>> section[aria-labelledby="history"]');
  assert.match(history, /First meeting went well/);
  assert.match(history, /assessment\.record/);
  assert.match(history, /case\.open/);
  await page.waitForSelector('cp-distance-travelled >>> table');
  await page.waitForSelector('cp-retention-chart >>> path.curve');
  await page.waitForSelector('cp-caseload >>> tbody tr');

  assert.deepEqual(problems, [], 'no errors and no Content-Security-Policy violations');
});

test('the page speaks Polish when asked, with Polish dates', async () => {
  const page = await browser.newPage();
  await page.goto(`${site.url}/examples/site/?lang=pl`, { waitUntil: 'networkidle0' });
  await page.waitForFunction(() => document.querySelector('cp-intake-form')?.shadowRoot?.querySelector('legend')?.textContent === 'Twoja zgoda');
  await page.waitForSelector('cp-caseload >>> tbody tr');
  assert.match(await text(page, 'cp-caseload >>> h2'), /^Obciążenie/);
});

test('stays usable at 200% zoom and in forced colours', async () => {
  const page = await browser.newPage();
  // 200% zoom of a 1280 px wide window is a 640 CSS px viewport.
  await page.setViewport({ width: 640, height: 800, deviceScaleFactor: 2 });
  // Puppeteer's helper does not know forced-colors; the DevTools protocol does.
  const cdp = await page.createCDPSession();
  await cdp.send('Emulation.setEmulatedMedia', { features: [{ name: 'forced-colors', value: 'active' }] });
  await page.goto(`${site.url}/examples/site/?lang=de`, { waitUntil: 'networkidle0' });
  await page.waitForSelector('cp-intake-form >>> button[type="submit"]');
  assert.equal(await page.evaluate(() => matchMedia('(forced-colors: active)').matches), true);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `no horizontal scrolling at 200% zoom (overflow ${overflow}px)`);
  const button = await page.$eval('cp-intake-form', (el) => {
    const b = el.shadowRoot.querySelector('button[type="submit"]');
    const s = getComputedStyle(b);
    const r = b.getBoundingClientRect();
    return { border: s.borderTopStyle, width: r.width, height: r.height, visible: r.width > 0 && r.height > 0 };
  });
  assert.equal(button.border, 'solid', 'buttons keep a visible border in forced colours');
  assert.ok(button.height >= 44 && button.width >= 44, 'targets stay at least 44 px');
  // Keyboard focus stays visible: the focused checkbox gets an outline.
  await page.focus('cp-intake-form >>> input[name="consent-service"]');
  await page.keyboard.press('Tab');
  await page.keyboard.down('Shift');
  await page.keyboard.press('Tab');
  await page.keyboard.up('Shift');
  const outline = await page.$eval('cp-intake-form', (el) => getComputedStyle(el.shadowRoot.activeElement).outlineStyle);
  assert.notEqual(outline, 'none');
});
