// Screenshots of each component on the examples site, for docs/screenshots/. Run after
// `pnpm build`: `pnpm screenshots` (add a language: `pnpm screenshots pl`).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, waitForDeep, repoRoot, startSite } from '../test/e2e/browser.mjs';

const lang = process.argv[2] ?? 'en';
const out = join(repoRoot, 'docs/screenshots');
mkdirSync(out, { recursive: true });
const site = await startSite();
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1100, height: 900, deviceScaleFactor: 1 });
  await page.goto(`${site.url}/examples/site/?lang=${lang}`, { waitUntil: 'networkidle0' });
  await waitForDeep(page, 'cp-intake-form >>> input[name="consent-service"]');
  await (await page.$('cp-intake-form')).screenshot({ path: join(out, `cp-intake-form.${lang}.png`) });
  await page.click('cp-intake-form >>> input[name="consent-service"]');
  await page.type('cp-intake-form >>> #client-ref', 'OD-2026-17');
  await page.click('cp-intake-form >>> button[type="submit"]');
  await waitForDeep(page, 'cp-needs-assessment[case-id] >>> fieldset.item');
  await new Promise((r) => setTimeout(r, 300));
  await page.$$eval('cp-needs-assessment', ([el]) => {
    const sets = [...el.shadowRoot.querySelectorAll('fieldset.item')];
    sets.forEach((fs, i) => fs.querySelectorAll('input')[i % 3]?.click());
  });
  await (await page.$('cp-needs-assessment')).screenshot({ path: join(out, `cp-needs-assessment.${lang}.png`) });
  await page.$eval('cp-needs-assessment', (el) => el.setAttribute('easy-read', ''));
  await new Promise((r) => setTimeout(r, 200));
  await (await page.$('cp-needs-assessment')).screenshot({ path: join(out, `cp-needs-assessment-easy-read.${lang}.png`) });
  await page.$eval('cp-needs-assessment', (el) => el.removeAttribute('easy-read'));
  await page.$$eval('cp-needs-assessment', ([el]) => el.shadowRoot.querySelectorAll('[data-item="had-job"] input')[1].click());
  await new Promise((r) => setTimeout(r, 100));
  await page.click('cp-needs-assessment >>> button[type="submit"]');
  await page.waitForFunction(() => document.querySelector('cp-needs-assessment').shadowRoot.querySelector('.done'));
  await waitForDeep(page, 'cp-support-plan >>> [aria-current="step"]');
  await (await page.$('cp-support-plan')).screenshot({ path: join(out, `cp-support-plan.${lang}.png`) });
  await waitForDeep(page, 'cp-distance-travelled >>> table');
  await (await page.$('cp-distance-travelled')).screenshot({ path: join(out, `cp-distance-travelled.${lang}.png`) });
  await waitForDeep(page, 'cp-consent >>> li .status');
  await (await page.$('cp-consent')).screenshot({ path: join(out, `cp-consent.${lang}.png`) });
  await waitForDeep(page, 'cp-retention-chart >>> path.curve');
  await (await page.$('cp-retention-chart')).screenshot({ path: join(out, `cp-retention-chart.${lang}.png`) });
  await waitForDeep(page, 'cp-caseload >>> tbody tr');
  await (await page.$('cp-caseload')).screenshot({ path: join(out, `cp-caseload.${lang}.png`) });
  await page.screenshot({ path: join(out, `site.${lang}.png`), fullPage: false });

  // The staff page: the case just opened through the intake, worked on in its workspace.
  await page.goto(`${site.url}/examples/staff/?lang=${lang}`, { waitUntil: 'networkidle0' });
  await waitForDeep(page, 'cp-caseload >>> tbody th button');
  await page.$$eval('cp-caseload', ([el]) => [...el.shadowRoot.querySelectorAll('tbody th button')].find((b) => b.textContent.trim() === 'OD-2026-17').click());
  await page.waitForFunction(() => !document.getElementById('workspace').hidden);
  await waitForDeep(page, 'cp-goals >>> form');
  const idle = (tag) => page.$eval(tag, (el) => el.updateComplete);
  await page.$eval('cp-goals', (el) => {
    el.shadowRoot.querySelector('#goal-title').value = 'Work in a bakery';
    el.shadowRoot.querySelector('#goal-title').closest('form').requestSubmit();
  });
  await idle('cp-goals');
  for (const minutes of ['2 hours', '1 hour']) {
    await page.$eval('cp-support-log', (el, m) => [...el.shadowRoot.querySelectorAll('fieldset.choices label')].find((l) => l.textContent.trim() === m)?.querySelector('input').click(), minutes);
    await page.$eval('cp-support-log', (el) => el.shadowRoot.querySelector('form').requestSubmit());
    await idle('cp-support-log');
  }
  await page.$eval('cp-employment', (el) => {
    el.shadowRoot.querySelector('#employer').value = 'Bakery Sun';
    el.shadowRoot.querySelector('#title').value = 'Baker’s assistant';
    el.shadowRoot.querySelector('#employer').closest('form').requestSubmit();
  });
  await idle('cp-employment');
  await page.evaluate(() => (document.getElementById('p-occasional').open = true));
  await page.waitForFunction(() => document.querySelector('cp-team')?.shadowRoot?.querySelector('#worker'));
  await page.$eval('cp-team', (el) => {
    el.shadowRoot.querySelector('#worker').value = 'anna';
    el.shadowRoot.querySelector('#role').value = 'job-coach';
    el.shadowRoot.querySelector('#worker').closest('form').requestSubmit();
  });
  await idle('cp-team');
  for (const tag of ['cp-goals', 'cp-support-log', 'cp-employment', 'cp-review', 'cp-team', 'cp-referrals', 'cp-case-lifecycle']) {
    await idle(tag);
    await (await page.$(tag)).screenshot({ path: join(out, `${tag}.${lang}.png`) });
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(out, `staff.${lang}.png`), fullPage: false });
  console.log(`wrote screenshots to ${out}`);
} finally {
  await browser.close();
  await site.stop();
}
