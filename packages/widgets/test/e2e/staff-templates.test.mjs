// End to end on the staff page, for the four built-in templates other than supported employment
// (whose keyboard-only walk is staff.test.mjs): each organisation's real path from the person at
// the door to a closed case with its outcome, or a person who stays. Real Chromium, the built
// cdn/ bundle, the pages' strict Content-Security-Policy. Run after `pnpm build`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, waitForDeep, startSite } from './browser.mjs';

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

/** The staff page, watched for errors and Content-Security-Policy violations. */
async function staffPage() {
  const context = await browser.createBrowserContext(); // its own IndexedDB
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  await page.goto(`${site.url}/examples/staff/?lang=en`, { waitUntil: 'networkidle0' });
  // Every change a widget stores is announced (cp-recorded): waits count them, rather than look
  // for a message that an earlier change may have left on screen.
  await page.evaluate(() => {
    window.recorded = 0;
    document.addEventListener('cp-recorded', () => window.recorded++);
  });
  return { page, problems, close: () => context.close() };
}

const poll = { polling: 50 };

/** The person at the door: consents, a reference, a case of `template`, opened in the workspace. */
async function newCase(page, template, ref, consents = ['service']) {
  await page.evaluate((t) => {
    document.getElementById('new-case').open = true;
    const select = document.getElementById('new-template');
    select.value = t;
    select.dispatchEvent(new Event('change'));
  }, template);
  await page.waitForFunction((t) => document.querySelector('#new-case cp-intake-form')?.getAttribute('template') === t, poll, template);
  await waitForDeep(page, '#new-case cp-intake-form >>> input[name="consent-service"]');
  for (const c of consents) await page.click(`#new-case cp-intake-form >>> input[name="consent-${c}"]`);
  await page.type('#new-case cp-intake-form >>> #client-ref', ref);
  await page.click('#new-case cp-intake-form >>> button[type="submit"]');
  await page.waitForFunction((r) => document.getElementById('h-case').textContent === r && !document.getElementById('workspace').hidden, poll, ref);
  await page.waitForFunction(() => document.querySelector('cp-support-plan')?.shadowRoot?.querySelector('[aria-current="step"]'), poll);
  // The occasional parts (team, referrals, closing) load when opened.
  await page.evaluate(() => (document.getElementById('p-occasional').open = true));
  await page.waitForFunction((r) => document.querySelector('cp-case-lifecycle')?.shadowRoot?.querySelector('h2') && document.querySelector('cp-case-lifecycle').getAttribute('case-id') === document.querySelector('cp-goals').getAttribute('case-id'), poll, ref);
}

const stage = (page) => page.$eval('cp-support-plan', (el) => el.shadowRoot.querySelector('[aria-current="step"]').textContent);

/** Presses a button of a widget by its words, and waits for the widget to say `said` (or to reach `stage`). */
async function press(page, tag, words) {
  await page.$eval(
    tag,
    (el, w) => {
      const b = [...el.shadowRoot.querySelectorAll('button')].find((x) => x.textContent.trim() === w);
      if (!b) throw new Error(`no button "${w}" in <${el.localName}>`);
      b.click();
    },
    words,
  );
}
/** Does `act`, then waits until one more change is stored and the widget says `text`. */
async function stored(page, tag, text, act) {
  const before = await page.evaluate(() => window.recorded);
  await act();
  await page.waitForFunction((n) => window.recorded > n, poll, before);
  assert.equal(await page.$eval(tag, (el) => el.shadowRoot.querySelector('[role="status"].message').textContent), text);
}
async function move(page, to) {
  const why = await page.$eval('cp-support-plan', (el, t) => {
    const b = [...el.shadowRoot.querySelectorAll('.transitions button')].find((x) => x.textContent.trim() === `Move to: ${t}`);
    return b?.disabled ? el.shadowRoot.getElementById(b.getAttribute('aria-describedby'))?.textContent : null;
  }, to);
  assert.equal(why, null, `the move to ${to} is not open`);
  await press(page, 'cp-support-plan', `Move to: ${to}`);
  await page.waitForFunction((t) => document.querySelector('cp-support-plan').shadowRoot.querySelector('[aria-current="step"]')?.textContent === t, poll, to);
}
/** Fills one of a widget's forms (field id → value) and sends it. */
async function fill(page, tag, fields) {
  await page.$eval(
    tag,
    (el, f) => {
      let form;
      for (const [id, value] of Object.entries(f)) {
        const input = el.shadowRoot.getElementById(id);
        input.value = value;
        form = input.closest('form');
      }
      form.requestSubmit();
    },
    fields,
  );
}
async function goal(page, title, domain) {
  await stored(page, 'cp-goals', 'Saved: the goal is set.', () => fill(page, 'cp-goals', { 'goal-title': title, 'goal-domain': domain }));
}
/** The assessment of the workspace, every question answered with its first answer, by `respondent`. */
async function assess(page, respondent) {
  await page.evaluate((r) => {
    // A fresh form for each assessment, as the page would show after the last one.
    const old = document.querySelector('#p-assessment cp-needs-assessment');
    const fresh = old.cloneNode(false);
    fresh.setAttribute('respondent', r);
    old.replaceWith(fresh);
  }, respondent);
  await waitForDeep(page, '#p-assessment cp-needs-assessment >>> fieldset.item');
  await page.$eval('#p-assessment cp-needs-assessment', async (el) => {
    await el.updateComplete;
    for (const fs of el.shadowRoot.querySelectorAll('fieldset.item')) fs.querySelector('input').click();
    el.shadowRoot.querySelector('button[type="submit"]').click();
  });
  await page.waitForFunction(() => document.querySelector('#p-assessment cp-needs-assessment').shadowRoot.querySelector('.done'), poll);
}
async function approve(page, which) {
  await stored(page, 'cp-case-lifecycle', which === 'plan' ? 'Saved: the plan is approved.' : 'Saved: closing is approved.', () =>
    press(page, 'cp-case-lifecycle', which === 'plan' ? 'Approve the plan' : 'Approve closing'),
  );
}
async function close(page, outcome) {
  await page.$eval(
    'cp-case-lifecycle',
    (el, o) => {
      const radio = el.shadowRoot.querySelector(`input[name="outcome"][value="${o}"]`);
      if (radio.disabled) throw new Error(`outcome ${o} is not open: ${el.shadowRoot.getElementById(radio.getAttribute('aria-describedby'))?.textContent}`);
      radio.click();
    },
    outcome,
  );
  await stored(page, 'cp-case-lifecycle', 'Saved: the case is closed.', () => press(page, 'cp-case-lifecycle', 'Close with this outcome'));
}
const history = (page) => page.$eval('cp-support-plan', (el) => el.shadowRoot.querySelector('section[aria-labelledby="history"]').textContent.replace(/\s+/g, ' '));

test('sheltered workshop: participation, a move on to supported employment, and a person who stays', async () => {
  const { page, problems, close: done } = await staffPage();
  await newCase(page, 'sheltered-workshop', 'MOK-1');
  await move(page, 'Learning the work');
  await goal(page, 'Make a clay pot on my own', 'craft-skills');
  await move(page, 'Production or creative work');
  await move(page, 'Long-term participation');
  // Later, ready for more: a goal of work and the participation review open the way out.
  await assess(page, 'staff');
  await goal(page, 'Work in a café', 'employment');
  await move(page, 'Preparing for open employment');
  await close(page, 'supported-employment');
  assert.match(await history(page), /closed the case: Moved on to supported employment/);

  // Another participant stays: long-term participation, the case active.
  await newCase(page, 'sheltered-workshop', 'MOK-2');
  await move(page, 'Learning the work');
  await goal(page, 'Come three days a week', 'daily-routine');
  await move(page, 'Production or creative work');
  await move(page, 'Long-term participation');
  assert.equal(await stage(page), 'Long-term participation');
  assert.match(await page.$eval('cp-case-lifecycle', (el) => el.shadowRoot.textContent), /Active/);
  assert.deepEqual(problems, []);
  await done();
});

test('social adaptation: documents, housing and income restored as goals, then living independently', async () => {
  const { page, problems, close: done } = await staffPage();
  await newCase(page, 'social-adaptation', 'OMSK-7');
  await move(page, 'Urgent help: shelter, food, documents');
  await move(page, 'Needs assessment');
  await assess(page, 'staff');
  await move(page, 'Adaptation plan');
  await goal(page, 'A new passport', 'documents');
  await goal(page, 'A room of my own', 'housing');
  await goal(page, 'A pension restored', 'income');
  await move(page, 'Housing, income and health');
  for (const title of ['A new passport', 'A room of my own', 'A pension restored']) {
    await stored(page, 'cp-goals', 'Saved: the goal is achieved.', () =>
      page.$eval('cp-goals', (el, t) => [...el.shadowRoot.querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === `Achieved: ${t}`).click(), title),
    );
  }
  const badges = await page.$$eval('cp-goals >>> ul.items > li .badge', (els) => els.map((e) => e.textContent));
  assert.deepEqual(badges, ['achieved', 'achieved', 'achieved']);
  await move(page, 'Work and social ties');
  await move(page, 'Follow-up');
  await close(page, 'independent-living');
  assert.match(await history(page), /marked a goal as achieved: A new passport/);
  assert.deepEqual(problems, []);
  await done();
});

test('social reintegration: readiness assessed twice, the plan approved, a job, closing approved', async () => {
  const { page, problems, close: done } = await staffPage();
  await newCase(page, 'social-reintegration', 'RE-3', ['service', 'employer-contact']);
  await move(page, 'Diagnosis of needs and readiness');
  await assess(page, 'staff');
  await move(page, 'Individual reintegration programme');
  await goal(page, 'Be ready for a full working day', 'work-readiness');
  await approve(page, 'plan');
  await move(page, 'Vocational and social activation');
  await move(page, 'Ready for employment');
  await assess(page, 'staff'); // readiness again, to see the distance travelled
  await stored(page, 'cp-employment', 'Saved: the job is recorded.', () => fill(page, 'cp-employment', { employer: 'Warehouse North', title: 'Picker' }));
  await move(page, 'Moving into work');
  await move(page, 'Follow-up');
  await approve(page, 'closure');
  await close(page, 'employed');
  const text = await history(page);
  assert.equal((text.match(/recorded an assessment: Readiness for employment \(by staff\)/g) ?? []).length, 2, text);
  assert.match(text, /approved the plan/);
  assert.match(text, /approved closing the case/);
  assert.deepEqual(problems, []);
  await done();
});

test('family support: the family’s self-assessment beside the staff’s, the plan approved, goals met', async () => {
  const { page, problems, close: done } = await staffPage();
  await newCase(page, 'family-support', 'FAM-5');
  await move(page, 'Assessing each member’s needs');
  await assess(page, 'self');
  await assess(page, 'staff');
  await move(page, 'Planning with the family');
  await goal(page, 'Homework done together three evenings a week', 'education');
  await approve(page, 'plan');
  await move(page, 'Services under way');
  await move(page, 'Evaluating together');
  // The chart shows the family's own view beside the staff's.
  await waitForDeep(page, '#p-assessment cp-distance-travelled >>> table');
  const series = await page.$eval('#p-assessment cp-distance-travelled', (el) => el.shadowRoot.querySelector('table').textContent);
  assert.match(series, /by the person/i);
  assert.match(series, /by staff/i);
  await move(page, 'Follow-up');
  await approve(page, 'closure');
  await close(page, 'goals-achieved');
  assert.match(await history(page), /closed the case: The family’s goals are met/);
  assert.deepEqual(problems, []);
  await done();
});
