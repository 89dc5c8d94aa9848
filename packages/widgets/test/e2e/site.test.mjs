// End to end, as a person would use the examples site: intake, assessment, a move in the support
// plan; reload; everything is still there. Real Chromium, real IndexedDB, the built cdn/ bundle
// behind a strict Content-Security-Policy. Run after `pnpm build`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, launchChromium, waitForDeep, startSite } from './browser.mjs';

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

/** Turns the site's easy-read switch on or off; resolves once it is kept and `tags` have drawn it. */
async function easyRead(page, on, tags) {
  await page.click('#easy-read');
  await page.waitForFunction(
    (on, tags) => localStorage.getItem('demo-easy') === (on ? '1' : '0') && tags.every((tag) => document.querySelector(tag).hasAttribute('easy-read') === on),
    { polling: 50 },
    on,
    tags,
  );
  await page.$$eval(tags.join(', '), (els) => Promise.all(els.map((el) => el.updateComplete)));
}

test('intake → assessment → plan, and everything is still there after a reload', async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  await page.goto(`${site.url}/examples/site/?lang=en`, { waitUntil: 'networkidle0' });

  // A visitor meets the page's heading first, not the staff sign-in (that comes last, for the
  // team), and the chart's legend names the foundation's places, not the providers' ids.
  await waitForDeep(page, 'cp-retention-chart >>> .legend li');
  const layout = await page.evaluate(() => ({
    first: document.querySelector('main').firstElementChild.localName,
    signInLast: document.querySelector('main').lastElementChild.querySelector('cp-sync') !== null,
    legend: [...document.querySelector('cp-retention-chart').shadowRoot.querySelectorAll('.legend li')].map((li) => li.textContent.trim().split(':')[0]),
  }));
  assert.deepEqual(layout, { first: 'h1', signInLast: true, legend: ['All providers', 'Warsaw', 'Gdańsk'] });

  // 1. Intake: consent first, then a reference. Start with neither says what is missing, axe-clean.
  await waitForDeep(page, 'cp-intake-form >>> input[name="consent-service"]');
  await page.click('cp-intake-form >>> button[type="submit"]');
  await page.waitForFunction(() => document.querySelector('cp-intake-form').shadowRoot.querySelector('#consent-error').textContent.trim() !== '', { polling: 50 });
  assert.deepEqual(await axeViolations(page), []);
  await page.click('cp-intake-form >>> input[name="consent-service"]');
  await page.click('cp-intake-form >>> input[name="consent-employer-contact"]');
  await page.type('cp-intake-form >>> #client-ref', 'OD-2026-17');
  await page.click('cp-intake-form >>> button[type="submit"]');
  await page.waitForSelector('#step-assessment:not([hidden])');
  assert.equal(await text(page, 'cp-intake-form >>> [part="done"]'), 'Thank you. Your case is open.');

  // 2. Assessment. Finished with nothing answered, it says which question comes first, axe-clean;
  // so is a question on its own screen in easy-read.
  await waitForDeep(page, 'cp-needs-assessment[case-id] >>> fieldset.item');
  await page.$eval('cp-needs-assessment', (el) => el.updateComplete); // it has read the (empty) draft for this case
  await page.click('cp-needs-assessment >>> button[type="submit"]');
  await page.waitForFunction(() => document.querySelector('cp-needs-assessment').shadowRoot.querySelector('.error[role="alert"]')?.textContent.trim(), { polling: 50 });
  assert.deepEqual(await axeViolations(page), [], 'the questionnaire finished with answers missing');
  await easyRead(page, true, ['cp-needs-assessment']);
  assert.equal(await page.$$eval('cp-needs-assessment >>> fieldset.item', (items) => items.length), 1, 'easy-read asks one question a screen');
  assert.deepEqual(await axeViolations(page), [], 'a question on its own screen in easy-read');
  await easyRead(page, false, ['cp-needs-assessment']);
  // Every question answered (first option; "had a paid job": no).
  await page.$$eval('cp-needs-assessment', ([el]) => {
    for (const fs of el.shadowRoot.querySelectorAll('fieldset.item')) fs.querySelector('input').click();
    el.shadowRoot.querySelectorAll('[data-item="had-job"] input')[1].click();
  });
  await page.click('cp-needs-assessment >>> button[type="submit"]');
  await page.waitForFunction(() => document.querySelector('cp-needs-assessment').shadowRoot.querySelector('.done'));

  // 3. Support plan: consent was given at intake, so the move to profiling is open.
  await waitForDeep(page, 'cp-support-plan >>> [aria-current="step"]');
  assert.equal(await text(page, 'cp-support-plan >>> [aria-current="step"]'), 'Client engagement');
  await page.type('cp-support-plan >>> #reason', 'First meeting went well');
  await page.click('cp-support-plan >>> .transitions button:not([disabled])');
  await page.waitForFunction(() => document.querySelector('cp-support-plan').shadowRoot.querySelector('[aria-current="step"]')?.textContent === 'Vocational profiling');

  // 4. Reload: the case, the assessment and the move are read back from IndexedDB.
  await page.reload({ waitUntil: 'networkidle0' });
  await page.waitForFunction(() => document.querySelector('cp-support-plan')?.shadowRoot?.querySelector('[aria-current="step"]')?.textContent === 'Vocational profiling');
  const history = await text(page, 'cp-support-plan >>> section[aria-labelledby="history"]');
  assert.match(history, /First meeting went well/);
  // In words, not event types: who did what.
  assert.match(history, /The person recorded an assessment: Vocational profile \(by the person\)/);
  assert.match(history, /opened the case \(Supported employment/);
  assert.doesNotMatch(history, /assessment\.record|case\.open|stage\.enter/);
  await waitForDeep(page, 'cp-distance-travelled >>> table');
  // Its drawing, from the built bundle: every axis, label and shape drawn, none inside another.
  const drawing = await page.$eval('cp-distance-travelled', (el) => {
    const chart = el.shadowRoot.querySelector('svg[part="chart"]');
    return { labels: chart.querySelectorAll(':scope > text').length, swallowed: chart.querySelectorAll(':is(line, path, polygon, polyline, rect, circle, ellipse) > *').length };
  });
  assert.ok(drawing.labels >= 4 && drawing.swallowed === 0, `the distance travelled is drawn whole: ${JSON.stringify(drawing)}`);
  // What the person said yes to at intake, in plain words; taking one back is recorded.
  await waitForDeep(page, 'cp-consent >>> li .status');
  const statuses = await page.$$eval('cp-consent >>> li .status', (els) => els.map((el) => el.textContent.trim()));
  assert.match(statuses[0], /^Yes, since /); // service
  assert.equal(statuses[1], 'Not asked yet.'); // health data: not ticked
  assert.match(statuses[2], /^Yes, since /); // employer contact
  await page.click('cp-consent >>> button[data-purpose="employer-contact"]');
  await page.click('cp-consent >>> [data-confirm]');
  await page.waitForFunction(() => document.querySelector('cp-consent').shadowRoot.querySelector('[role="status"]').textContent === 'Saved: you took it back.', { polling: 50 });
  // The plan hears of it through the store and tells it in its history.
  await page.waitForFunction(() => /recorded that consent was withdrawn: to talk to employers/.test(document.querySelector('cp-support-plan').shadowRoot.querySelector('section[aria-labelledby="history"] li')?.textContent ?? ''), { polling: 50 });
  await waitForDeep(page, 'cp-retention-chart >>> path.curve');
  await waitForDeep(page, 'cp-caseload >>> tbody tr');
  // The whole page as the person now sees it, every step shown: axe-clean as a page, not only
  // widget by widget (landmarks, headings, names and contrast across the widgets and the site).
  assert.deepEqual(await axeViolations(page), []);
  const readers = ['cp-intake-form', 'cp-needs-assessment', 'cp-consent'];
  await easyRead(page, true, readers);
  assert.deepEqual(await axeViolations(page), [], 'and in easy-read');
  await easyRead(page, false, readers); // kept in localStorage: the tests after this one read the page as it was

  assert.deepEqual(problems, [], 'no errors and no Content-Security-Policy violations');
});

test('the page speaks Polish when asked, with Polish dates', async () => {
  const page = await browser.newPage();
  await page.goto(`${site.url}/examples/site/?lang=pl`, { waitUntil: 'networkidle0' });
  await page.waitForFunction(() => document.querySelector('cp-intake-form')?.shadowRoot?.querySelector('legend')?.textContent === 'Twoja zgoda');
  await waitForDeep(page, 'cp-caseload >>> tbody tr');
  assert.match(await text(page, 'cp-caseload >>> h2'), /^Obciążenie/);
  // The page's own words too, not only the widgets'.
  assert.deepEqual(await page.evaluate(() => [document.title, document.querySelector('h1').textContent, document.querySelector('#ask').getAttribute('aria-label')]), ['Fundacja Otwarte Drzwi: zacznij tutaj', 'Zatrudnienie wspomagane: zacznij tutaj', 'Poproś o pomoc']);
  await waitForDeep(page, 'cp-retention-chart >>> path.curve');
  assert.deepEqual(await axeViolations(page), []);
});

test('stays usable at 200% zoom and in forced colours', async () => {
  const page = await browser.newPage();
  // 200% zoom of a 1280 px wide window is a 640 CSS px viewport.
  await page.setViewport({ width: 640, height: 800, deviceScaleFactor: 2 });
  // Puppeteer's helper does not know forced-colors; the DevTools protocol does.
  const cdp = await page.createCDPSession();
  await cdp.send('Emulation.setEmulatedMedia', { features: [{ name: 'forced-colors', value: 'active' }] });
  await page.goto(`${site.url}/examples/site/?lang=de`, { waitUntil: 'networkidle0' });
  await waitForDeep(page, 'cp-intake-form >>> button[type="submit"]');
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

test('reflows at 320 CSS px (400% zoom) in every language; a wide table scrolls in its own region, by keyboard too', async () => {
  const page = await browser.newPage();
  await page.setViewport({ width: 320, height: 700, isMobile: true, hasTouch: true });
  for (const lang of ['en', 'pl', 'lt', 'de', 'ru', 'uk']) {
    await page.goto(`${site.url}/examples/site/?lang=${lang}`, { waitUntil: 'networkidle0' });
    await waitForDeep(page, 'cp-retention-chart >>> .table-scroll table');
    await waitForDeep(page, 'cp-caseload >>> table');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `${lang}: nothing scrolls sideways at 320 px (overflow ${overflow}px)`);
  }
  // The at-risk table is wider than a phone: its region scrolls, and says what it is (the chart's
  // name too: another chart's table on the page is another region).
  const region = () =>
    page.$eval('cp-retention-chart', (el) => {
      const r = el.shadowRoot.querySelector('.table-scroll');
      const name = r.getAttribute('aria-labelledby').split(' ').map((id) => el.shadowRoot.getElementById(id)?.textContent.trim()).join(' ');
      return { role: r.getAttribute('role'), name, scrolls: r.scrollWidth > r.clientWidth, left: r.scrollLeft, focused: el.shadowRoot.activeElement === r };
    });
  assert.deepEqual(await region(), { role: 'region', name: 'Збереження роботи після працевлаштування Цифри у вигляді таблиці', scrolls: true, left: 0, focused: false });
  // The chart is drawn at the phone's width, not scaled down: its words keep their size, and (in
  // the built bundle, whose minifier once dropped SVG's closing slashes) every curve and label is
  // drawn, none swallowed by the shape before it.
  const chart = await page.$eval('cp-retention-chart', (el) => {
    const drawing = el.shadowRoot.querySelector('svg[part="chart"]');
    return {
      width: drawing.viewBox.baseVal.width,
      labelHeight: Math.round(drawing.querySelector('text').getBoundingClientRect().height),
      curves: drawing.querySelectorAll(':scope > path.curve').length,
      legend: el.shadowRoot.querySelectorAll('.legend li').length,
      swallowed: drawing.querySelectorAll(':is(line, path, polygon, polyline, rect, circle, ellipse) > *').length,
    };
  });
  assert.ok(chart.width <= 320 && chart.labelHeight >= 10, `the chart's words are readable at 320 px: ${JSON.stringify(chart)}`);
  assert.deepEqual({ curves: chart.curves, swallowed: chart.swallowed }, { curves: chart.legend, swallowed: 0 }, 'one drawn curve per line of the legend');
  await page.focus('cp-retention-chart >>> .table-scroll');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.querySelector('cp-retention-chart').shadowRoot.querySelector('.table-scroll').scrollLeft > 0, { polling: 50, timeout: 10_000 });
  assert.equal((await region()).focused, true);
});

/** Opens a case through the intake form and returns its id. */
/**
 * Opens a case through the site's intake in `page`, brought to the front; resolves with its id
 * once the page shows it. The page may show a case an earlier test opened until this one is open:
 * typing before it is shown would type for that person (and stay with them).
 */
async function openCaseThroughIntake(page, ref = 'OD-TABS') {
  await page.bringToFront(); // mouse and keyboard go to the tab in front
  await waitForDeep(page, 'cp-intake-form >>> input[name="consent-service"]');
  await page.click('cp-intake-form >>> input[name="consent-service"]');
  await page.type('cp-intake-form >>> #client-ref', ref);
  const opened = page.evaluate(() => new Promise((resolve) => document.addEventListener('cp-intake-submitted', (e) => resolve(e.detail.caseId), { once: true })));
  await page.click('cp-intake-form >>> button[type="submit"]');
  const caseId = await opened;
  await page.waitForSelector('#step-plan:not([hidden])');
  return caseId;
}

const planStage = (page) => page.$eval('cp-support-plan', async (el) => (await el.updateComplete, el.shadowRoot.querySelector('[aria-current="step"]')?.textContent));

test('two tabs on one case recording at the same moment: nothing lost or duplicated, both show one history, a refusal is told', async () => {
  const context = await browser.createBrowserContext();
  const [a, b] = [await context.newPage(), await context.newPage()];
  const problems = [];
  for (const p of [a, b]) p.on('pageerror', (e) => problems.push(e.message));
  await a.goto(`${site.url}/examples/site/?lang=en`, { waitUntil: 'networkidle0' });
  const caseId = await openCaseThroughIntake(a);
  await b.goto(`${site.url}/examples/site/?lang=en`, { waitUntil: 'networkidle0' }); // shows the same case
  for (const p of [a, b]) await p.waitForFunction(() => document.querySelector('cp-support-plan')?.shadowRoot?.querySelector('.transitions button:not([disabled])'), { polling: 100 });

  // 1. Both tabs press "Move to: Vocational profiling" at once, as two workers would. (Only one
  // tab can be in front to take the mouse, so the press is the button's own click().) Two
  // separate evaluations are not "at once": on a busy machine B's view could already show A's
  // move, with no button left to press. So A tells B to press, through a channel of their own,
  // in the same task as its own press, before A's record can reach B's view.
  await b.evaluate(() => {
    window.e2ePress = new BroadcastChannel('e2e-press');
    window.e2ePress.onmessage = () => document.querySelector('cp-support-plan').shadowRoot.querySelector('.transitions button:not([disabled])').click();
  });
  await a.evaluate(() => {
    new BroadcastChannel('e2e-press').postMessage('now');
    document.querySelector('cp-support-plan').shadowRoot.querySelector('.transitions button:not([disabled])').click();
  });
  const told = () => document.querySelector('cp-support-plan').shadowRoot.querySelector('.error').textContent;
  // A tab behind the other draws no animation frames, so these waits poll on a timer.
  const poll = { polling: 100 };
  await Promise.all([a, b].map((p) => p.waitForFunction(() => document.querySelector('cp-support-plan').shadowRoot.querySelector('[aria-current="step"]').textContent === 'Vocational profiling', poll)));
  const messages = await Promise.all([a, b].map(async (p) => (await p.$eval('cp-support-plan', (el) => el.updateComplete), p.evaluate(told))));
  assert.equal(messages.filter((m) => m.startsWith('Not saved: ewa changed this case after you opened it')).length, 1, `one tab is told its move was not saved: ${JSON.stringify(messages)}`);
  assert.equal(messages.filter((m) => m === '').length, 1);

  // 2. Many records from both tabs at the same moment through the store, the widgets' one path.
  const burst = (p, who) =>
    p.evaluate(
      async (caseId, who) => {
        const el = document.querySelector('cp-support-plan');
        const templates = el.templateResolver; // the page's templates, then the built-in ones
        const actor = { id: who, role: 'job-coach' };
        const results = await Promise.all(Array.from({ length: 15 }, (_, i) => el.store.record({ caseId, drafts: [{ type: 'support.log', payload: { minutes: i + 1, mode: 'on-the-job' }, actor }] }, templates)));
        return results.map((r) => (r.status === 'saved' ? r.events[0].id : r.status));
      },
      caseId,
      who,
    );
  const [fromA, fromB] = await Promise.all([burst(a, 'anna'), burst(b, 'jan')]);
  const savedIds = [...fromA, ...fromB];
  assert.ok(savedIds.every((id) => /^[0-9a-f-]{36}$/.test(id)), `every record saved: ${savedIds.filter((id) => !/^[0-9a-f-]{36}$/.test(id))}`);
  const histories = await Promise.all([a, b].map((p) => p.evaluate(async (caseId) => (await document.querySelector('cp-support-plan').store.events(caseId)).map((e) => `${e.seq}:${e.id}`), caseId)));
  assert.deepEqual(histories[0], histories[1], 'both tabs read one history');
  const stored = histories[0].map((s) => s.split(':')[1]);
  for (const id of savedIds) assert.equal(stored.filter((s) => s === id).length, 1, `event ${id} stored exactly once`);
  assert.deepEqual(histories[0].map((s) => Number(s.split(':')[0])), histories[0].map((_, i) => i), 'no gap, no repeat in the sequence');

  // 3. Both views converge on what is stored.
  const shows = (p, n) => p.waitForFunction((n) => document.querySelector('cp-support-plan').shadowRoot.querySelectorAll('section[aria-labelledby="history"] li').length === n, poll, n);
  await Promise.all([shows(a, stored.length), shows(b, stored.length)]);
  assert.equal(await planStage(a), await planStage(b));
  assert.deepEqual(problems, []);
  await context.close();
});

test('a reference typed into the intake just before a reload or a closed tab is there on the next page', async () => {
  const refField = 'cp-intake-form >>> #client-ref';
  const typeRef = async (p, ref) => {
    await waitForDeep(p, refField);
    await p.$eval('cp-intake-form', (el) => el.shadowRoot.querySelector('#client-ref').focus());
    await p.keyboard.type(ref);
  };
  /** The field once the form has read its draft back; what it holds then. */
  const refBack = (p) =>
    p
      .waitForFunction(() => document.querySelector('cp-intake-form')?.shadowRoot?.querySelector('#client-ref')?.value !== '', { polling: 50, timeout: 10_000 })
      .then(() => p.$eval('cp-intake-form', (el) => el.shadowRoot.querySelector('#client-ref').value))
      .catch(() => 'nothing came back');
  // Typed and reloaded at once: the autosave's moment has not come, the page ends first.
  let page = await browser.newPage();
  await page.goto(`${site.url}/examples/site/?lang=en`, { waitUntil: 'networkidle0' });
  await typeRef(page, 'OD-2026-41');
  await page.reload({ waitUntil: 'networkidle0' });
  assert.equal(await refBack(page), 'OD-2026-41');
  // Typed on, and the tab closed at once: the next tab has all of it.
  await typeRef(page, '7');
  await page.close({ runBeforeUnload: true });
  page = await browser.newPage();
  await page.goto(`${site.url}/examples/site/?lang=en`, { waitUntil: 'networkidle0' });
  assert.equal(await refBack(page), 'OD-2026-417');
  // Cleared, for whoever comes next.
  await page.$eval('cp-intake-form', (el) => el.shadowRoot.querySelector('#client-ref').select());
  await page.keyboard.press('Backspace');
  await page.close({ runBeforeUnload: true });
});

test('an answer typed into the assessment is there after a reload, though its field was never left', async () => {
  const page = await browser.newPage();
  await page.goto(`${site.url}/examples/site/?lang=en`, { waitUntil: 'networkidle0' });
  const answer = `cp-needs-assessment[case-id="${await openCaseThroughIntake(page, 'OD-2026-90')}"] >>> [data-item="wished-work"] textarea`;
  await waitForDeep(page, answer);
  await page.$eval('cp-needs-assessment', (el) => el.updateComplete); // it has read the (empty) draft for this case
  await page.$eval('cp-needs-assessment', (el) => el.shadowRoot.querySelector('[data-item="wished-work"] textarea').focus());
  await page.keyboard.type('Work with animals, mornings only');
  await page.reload({ waitUntil: 'networkidle0' });
  await waitForDeep(page, answer);
  await page.$eval('cp-needs-assessment', (el) => el.updateComplete);
  assert.equal(await page.$eval('cp-needs-assessment', (el) => el.shadowRoot.querySelector('[data-item="wished-work"] textarea').value), 'Work with animals, mornings only');
  await page.close();
});

test('on a computer others use too, the person removes their answers: case, answers and drafts go from this browser, in every tab', async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`${site.url}/examples/site/?lang=en`, { waitUntil: 'networkidle0' });
  const caseId = await openCaseThroughIntake(page, 'OD-2026-55');
  // An answer typed and not yet finished: kept as a draft of this case.
  const answer = `cp-needs-assessment[case-id="${caseId}"] >>> [data-item="wished-work"] textarea`;
  await waitForDeep(page, answer);
  await page.$eval('cp-needs-assessment', (el) => el.updateComplete);
  await page.$eval('cp-needs-assessment', (el) => el.shadowRoot.querySelector('[data-item="wished-work"] textarea').focus());
  await page.keyboard.type('Gardening');
  const draftKey = `assessment:${caseId}:vocational-profile:self`;
  const stored = (id, key) => page.evaluate(async (id, key) => {
    const store = document.querySelector('cp-consent').store;
    return { events: (await store.events(id)).length, draft: (await store.loadDraft(key)) !== undefined };
  }, id, key);
  await page.waitForFunction((key) => document.querySelector('cp-consent').store.loadDraft(key).then((d) => d !== undefined), { polling: 100 }, draftKey);
  assert.deepEqual(await stored(caseId, draftKey), { events: 2, draft: true }, 'the case and the typed answer are on this computer');
  // A second tab on the same case.
  const other = await browser.newPage();
  await other.goto(`${site.url}/examples/site/?lang=en`, { waitUntil: 'networkidle0' });
  await other.waitForSelector('#step-leave:not([hidden])');
  await page.bringToFront(); // back to the first tab, which takes the keys and the mouse

  // Asked first; "No" keeps everything and gives the focus back.
  await page.waitForSelector('#step-leave:not([hidden])');
  await page.focus('#forget');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'forget-question', 'the question is read first');
  assert.deepEqual(await axeViolations(page), [], 'asking');
  await page.click('#forget-no');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'forget');
  assert.deepEqual(await stored(caseId, draftKey), { events: 2, draft: true }, '"No, keep them" keeps them');

  // "Yes": gone from the database, the page and the other tab; the intake is empty for the next person.
  await page.click('#forget');
  await page.click('#forget-yes');
  await page.waitForFunction(() => document.activeElement?.id === 'forgotten', { polling: 50 });
  assert.equal(await text(page, '#forgotten'), 'Your answers are removed from this computer. The next person can start here.');
  assert.deepEqual(await stored(caseId, draftKey), { events: 0, draft: false }, 'nothing of the case is left in this browser');
  const shown = (p) => p.evaluate(() => ({
    steps: ['step-assessment', 'step-plan', 'step-leave'].map((id) => document.getElementById(id).hidden),
    remembered: localStorage.getItem('demo-case'),
    intake: document.querySelector('cp-intake-form').shadowRoot.textContent.includes('case is open'),
  }));
  assert.deepEqual(await shown(page), { steps: [true, true, true], remembered: null, intake: false });
  await other.waitForFunction(() => document.getElementById('step-plan').hidden, { polling: 50 });
  assert.deepEqual((await shown(other)).steps, [true, true, true], 'the other tab shows it no more');
  assert.deepEqual(await axeViolations(page), [], 'removed');
  await page.reload({ waitUntil: 'networkidle0' });
  assert.deepEqual(await shown(page), { steps: [true, true, true], remembered: null, intake: false }, 'and a reload does not bring it back');
  assert.deepEqual(problems, []);
  await other.close();
  await page.close();
});
