// The widgets on a hostile host page (test/e2e/hostile-host/): a strict Content-Security-Policy
// with Trusted Types enforced, CSS that tries to break everything, the autoloader included twice,
// and script in every attribute, template label, instrument text (imported from FHIR), answer,
// reason and title. Everything must render as text, nothing may run, and the page must report
// no violation. Real Chromium, the built cdn/ bundle. Run after `pnpm build`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { builtInInstruments, builtInTemplates, createIntakeKey, defaultFirstContactForm, fromQuestionnaire, LANGUAGES, newEventId, parseTemplate, toQuestionnaire } from '@casepath/core';
import { launchChromium, waitForDeep, startSite } from './browser.mjs';

/** Each payload would set window.__xss if it ran anywhere: as HTML, as a URL, or as script. */
const payloads = [
  `<img src=x onerror="window.__xss='img'">`,
  `"><script>window.__xss='script'</script>`,
  `javascript:window.__xss='url'`,
  `<svg onload="window.__xss='svg'"></svg>`,
  `{{constructor.constructor('window.__xss=1')()}}`,
];
const P = payloads[0];

/** The template with every label replaced by payloads. */
function hostileTemplate() {
  let i = 0;
  const poison = (value) => {
    if (Array.isArray(value)) return value.map(poison);
    if (value === null || typeof value !== 'object') return value;
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      // A localized text: its words become a payload (ids stay ids).
      if ((k === 'title' || k === 'description' || k === 'label') && typeof v === 'object' && v !== null) {
        const text = `${payloads[i++ % payloads.length]} ${k}`;
        out[k] = Object.fromEntries(LANGUAGES.map((lang) => [lang, text]));
      } else out[k] = poison(v);
    }
    return out;
  };
  return parseTemplate({ ...poison(structuredClone(builtInTemplates['euse-supported-employment'])), id: 'hostile', version: 1 });
}

/** An instrument imported from a FHIR Questionnaire whose texts are payloads. */
function hostileInstrument() {
  const q = toQuestionnaire(builtInInstruments['vocational-profile'], { lang: 'en' });
  let i = 0;
  const poison = (item) => ({ ...item, text: `${payloads[i++ % payloads.length]} ${item.text ?? ''}`, ...(item.item ? { item: item.item.map(poison) } : {}), ...(item.answerOption ? { answerOption: item.answerOption.map((o) => (o.valueCoding ? { ...o, valueCoding: { ...o.valueCoding, display: `${P} ${o.valueCoding.display ?? ''}` } } : o)) } : {}) });
  return fromQuestionnaire({ ...q, title: `${P} title`, item: q.item.map(poison) }).instrument;
}

const at = (day) => `2026-02-${String(day).padStart(2, '0')}T09:00:00.000Z`;
const actor = { id: P, role: 'coordinator' };
const ev = (seq, type, payload, extra = {}) => ({ schemaVersion: 1, id: newEventId(), caseId: 'h1', seq, at: at(seq + 1), actor, type, payload, ...extra });
const events = [
  ev(0, 'case.open', { templateId: 'hostile', templateVersion: 1, providerId: 'p-1', clientRef: 'H-1' }),
  ev(1, 'consent.grant', { purpose: 'service' }),
  ev(2, 'consent.grant', { purpose: 'data-sharing' }),
  ev(3, 'goal.add', { goalId: 'g1', title: payloads[1], domain: 'employment', ownerId: payloads[3], ownerRole: 'job-coach' }, { reason: payloads[4] }),
  ev(4, 'action.add', { actionId: 'a1', goalId: 'g1', title: payloads[2], ownerId: 'ewa', ownerRole: 'coordinator' }),
  ev(5, 'job.start', { jobId: 'j1', employer: payloads[0], title: payloads[3], openMarket: true }),
  ev(6, 'referral.send', { referralId: 'r1', to: payloads[1], service: payloads[2] }),
  ev(7, 'support.log', { minutes: 30, mode: 'on-the-job' }, { reason: P }),
];

/** What the organisation's server says about a provider's public form, every label a payload. */
async function hostileIntakeInfo() {
  const key = await createIntakeKey('a long enough passphrase');
  const label = (i, what) => Object.fromEntries(LANGUAGES.map((lang) => [lang, `${payloads[i % payloads.length]} ${what}`]));
  return {
    provider: { id: 'p-1', name: `${P} provider` },
    key: { keyId: key.keyId, publicKey: key.publicKey },
    form: { ...defaultFirstContactForm, help: defaultFirstContactForm.help.map((h, i) => ({ ...h, label: label(i, 'help') })), accessNeeds: defaultFirstContactForm.accessNeeds.map((a, i) => ({ ...a, label: label(i, 'need') })) },
    difficulty: 2,
  };
}

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

test('on a hostile host page, everything renders as text, nothing runs, and no policy is violated', async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  // The organisation's server, for <cp-first-contact>: a hostile form, and a request taken.
  const intakeInfo = JSON.stringify(await hostileIntakeInfo());
  let sent = 0;
  await page.setRequestInterception(true);
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path === '/api/public/intake/p-1') return void r.respond({ status: 200, contentType: 'application/json', body: intakeInfo });
    if (path === '/api/public/intake' && r.method() === 'POST') {
      sent++;
      return void r.respond({ status: 201, contentType: 'application/json', body: JSON.stringify({ status: 'received', id: JSON.parse(r.postData()).sealed.id }) });
    }
    return void r.continue();
  });
  await page.goto(`${site.url}/packages/widgets/test/e2e/hostile-host/`, { waitUntil: 'networkidle0' });
  assert.equal(await page.evaluate(() => window.trustedTypes?.defaultPolicy ?? null), null);

  // Script in attributes: the language, the worker and the case.
  await page.evaluate((p) => {
    document.querySelector('cp-caseload').setAttribute('worker', p);
    document.querySelector('cp-intake-form').setAttribute('purposes', `service,${p}`);
    document.querySelector('cp-intake-form').setAttribute('lang', p);
    const second = document.createElement('cp-support-plan');
    second.setAttribute('case-id', p);
    second.setAttribute('organisation', p);
    document.querySelector('main').append(second);
  }, P);

  // The organisation's template and the FHIR-imported instrument, then the case's history.
  await page.evaluate(
    async ({ template, instrument, events }) => {
      for (const tag of ['cp-support-plan', 'cp-needs-assessment', 'cp-caseload']) await customElements.whenDefined(tag);
      const plan = document.querySelector('cp-support-plan');
      await plan.store.importEvents(events);
      for (const el of document.querySelectorAll('cp-support-plan, cp-caseload')) el.templates = { hostile: template };
      document.querySelector('cp-needs-assessment').instrument = instrument;
      for (const el of document.querySelectorAll('cp-support-plan, cp-needs-assessment, cp-caseload, cp-intake-form')) await el.updateComplete;
    },
    { template: hostileTemplate(), instrument: hostileInstrument(), events },
  );

  // An answer and a reason typed by a person.
  await waitForDeep(page, 'cp-needs-assessment >>> textarea, cp-needs-assessment >>> input[type="text"]');
  const answer = (await page.$('cp-needs-assessment >>> textarea')) ?? (await page.$('cp-needs-assessment >>> input[type="text"]'));
  await answer.type(payloads[1]);
  await waitForDeep(page, 'cp-support-plan >>> #reason');
  await page.type('cp-support-plan >>> #reason', payloads[0]);
  await page.click('cp-support-plan >>> .transitions button:not([disabled])');
  await page.waitForFunction(
    (p) => [...document.querySelector('cp-support-plan').shadowRoot.querySelectorAll('section[aria-labelledby="history"] li')].some((li) => li.textContent.includes(`Why: ${p}`)),
    { polling: 50, timeout: 10_000 },
    P,
  );
  // The imported history already holds this reason, so the wait above may end before the move is
  // drawn; drawn, its new stage's moves and history line move what is below (29 px, measured).
  // Its tracked save is done before anything below is clicked (a click lands where it was).
  await page.$eval('cp-support-plan', (el) => el.updateComplete);

  // Someone asks for help on the hostile page, with script in what they type.
  await page.waitForFunction(() => document.querySelector('cp-first-contact')?.shadowRoot?.querySelector('form'), { polling: 50 });
  const firstContactForm = await page.evaluate(() => document.querySelector('cp-first-contact').shadowRoot.textContent);
  await page.type('cp-first-contact >>> #name', payloads[1]);
  await page.type('cp-first-contact >>> #detail', '+48 601 234 567');
  await page.click('cp-first-contact >>> input[name="help-work"]');
  await page.type('cp-first-contact >>> #message', payloads[3]);
  await page.click('cp-first-contact >>> input[name="consent-service"]');
  await page.click('cp-first-contact >>> button[type="submit"]');
  await page.waitForFunction(() => document.querySelector('cp-first-contact').shadowRoot.querySelector('.sent'), { polling: 50, timeout: 10_000 }).catch(async (error) => {
    const state = await page.evaluate(() => {
      const el = document.querySelector('cp-first-contact');
      return { phase: el.phase, announcement: el.announcement, errors: el.errors, text: el.shadowRoot.textContent.replace(/\s+/g, ' ').slice(0, 400) };
    });
    throw new Error(`${error.message}; the first contact: ${JSON.stringify(state)}; sent ${sent}`);
  });

  const seen = await page.evaluate(() => {
    const roots = [document];
    for (let i = 0; i < roots.length; i++) for (const el of roots[i].querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
    // Everything but the page's own <head> (its three script tags).
    const all = roots.flatMap((r) => [...r.querySelectorAll('*')]).filter((el) => !document.head.contains(el));
    const plan = document.querySelector('cp-support-plan').shadowRoot;
    const button = plan.querySelector('.transitions button');
    return {
      xss: window.__xss ?? null,
      violations: window.__violations,
      injected: all.filter((el) => el.localName === 'img' || el.localName === 'script' || el.hasAttribute('onerror') || el.hasAttribute('onload') || el.getAttribute('href')?.startsWith('javascript:')).map((el) => el.outerHTML.slice(0, 80)),
      planText: plan.textContent,
      assessmentText: document.querySelector('cp-needs-assessment').shadowRoot.textContent,
      caseloadText: document.querySelector('cp-caseload').shadowRoot.textContent,
      firstContactText: document.querySelector('cp-first-contact').shadowRoot.textContent,
      buttonHeight: button.getBoundingClientRect().height,
      roots: roots.length,
    };
  });
  assert.equal(seen.xss, null, 'no payload ran');
  assert.deepEqual(seen.injected, [], 'no element came from a payload');
  assert.deepEqual(seen.violations, [], 'the page reported no policy violation');
  assert.deepEqual(problems, []);
  // The payloads are shown, as text, where a person would read them.
  for (const text of [`${payloads[0]} title`, payloads[1], payloads[2], 'Why: ' + P]) assert.ok(seen.planText.includes(text), `the plan shows ${text}`);
  assert.ok(seen.assessmentText.includes(`${payloads[0]} title`) || seen.assessmentText.includes(payloads[0]), 'the FHIR texts show as text');
  for (const text of [`${payloads[0]} help`, `${payloads[0]} need`, `${P} provider`]) assert.ok(firstContactForm.includes(text), `the first contact shows ${text}`);
  assert.ok(seen.firstContactText.includes(`${P} provider has your request`), 'the provider named as text after sending');
  assert.equal(sent, 1, 'the request was sent once');
  assert.ok(seen.roots >= 5, 'the widgets rendered');
  // The host's CSS does not shrink the widgets' targets.
  assert.ok(seen.buttonHeight >= 44, `a button is ${seen.buttonHeight}px tall`);
  await page.close();
});
