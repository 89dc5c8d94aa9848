// End to end with a server, as a team would use it: the examples site served by casepath-server
// (embedded PGlite, demo accounts), two browser contexts (two devices) signed in as two workers
// of one provider, recording on the same case while one of them is offline. Both end with the
// same history; the clashing change is kept and shown; a worker of another provider sees
// nothing. Real Chromium, the built cdn/ bundle and the built server. Run after `pnpm build`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, openStaffPage, signInOnStaffPage, waitForDeep, startDemoServer } from './browser.mjs';

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

const PASSWORD = 'casepath-demo';
const CASE = 'demo-warsaw-5'; // opened by ewa, anna assigned, still in client engagement
const poll = { polling: 100 }; // a tab behind another draws no frames: poll on a timer

/** A device signed in as `who` on the examples site, in `lang`, showing `caseId`, its records unlocked after a reload. */
async function device(who, { lang = 'en', caseId = CASE } = {}) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${server.url}/examples/site/?lang=${lang}`, { waitUntil: 'networkidle0' });
  await page.evaluate((c) => localStorage.setItem('demo-case', c), caseId);
  await waitForDeep(page, 'cp-sync >>> input[name="email"]');
  await page.evaluate(
    (email, password) => {
      const form = document.querySelector('cp-sync').shadowRoot.querySelector('form');
      form.querySelector('input[name="email"]').value = email;
      form.querySelector('input[name="password"]').value = password;
      form.requestSubmit();
    },
    `${who}@demo.casepath.org`,
    PASSWORD,
  );
  await page.waitForFunction(() => document.querySelector('cp-sync').shadowRoot.querySelector('[role="status"]')?.dataset.state === 'online', poll);
  await page.reload({ waitUntil: 'load' }); // the session cookie carries over a reload (a long poll stays open: never network-idle)
  // The records on the device were sealed at sign-in, and the key was in the page's memory only:
  // after the reload they wait for the password.
  await page.waitForFunction(() => document.querySelector('cp-sync')?.shadowRoot?.querySelector('input[name="passphrase"]'), poll);
  if (lang === 'en') assert.match(await page.evaluate(() => document.querySelector('cp-sync').shadowRoot.textContent), /They are locked on this device/);
  await page.evaluate((password) => {
    const form = document.querySelector('cp-sync').shadowRoot.querySelector('form');
    form.querySelector('input[name="passphrase"]').value = password;
    form.requestSubmit();
  }, PASSWORD);
  await page.waitForFunction(() => {
    const root = document.querySelector('cp-sync').shadowRoot;
    return root.querySelector('[role="status"]')?.dataset.state === 'online' && !root.querySelector('input[name="passphrase"]');
  }, poll);
  return { page, context, problems };
}

const stage = (page) => page.evaluate(() => document.querySelector('cp-support-plan').shadowRoot.querySelector('[aria-current="step"]')?.textContent ?? null);
const history = (page) => page.evaluate(async (c) => (await document.querySelector('cp-support-plan').store.events(c)).map((e) => `${e.seq}:${e.type}:${e.id}`), CASE);
const syncText = (page) => page.evaluate(() => document.querySelector('cp-sync').shadowRoot.textContent);
/** The session cookie of `who`, signed in from a desk (Node), not from a device's page. */
async function deskSession(who) {
  const signIn = await fetch(`${server.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `${who}@demo.casepath.org`, password: PASSWORD }) });
  assert.equal(signIn.status, 200);
  return signIn.headers.get('set-cookie').split(';')[0];
}

/** The person answers the first choice of every question of their self-assessment, and it is saved on the device. */
async function recordSelfAssessment(page) {
  await page.$eval('cp-needs-assessment', (el) => el.updateComplete);
  await page.$$eval('cp-needs-assessment', ([el]) => {
    for (const fs of el.shadowRoot.querySelectorAll('fieldset.item')) fs.querySelector('input').click();
    el.shadowRoot.querySelectorAll('[data-item="had-job"] input')[1].click();
    el.shadowRoot.querySelector('button[type="submit"]').click();
  });
  await page.waitForFunction(() => document.querySelector('cp-needs-assessment').shadowRoot.querySelector('.done'), poll);
}

test('two devices of one provider, one offline for a while, end with the same history; the clash is kept and shown; another provider sees nothing', async () => {
  const ewa = await device('ewa');
  const anna = await device('anna');
  for (const d of [ewa, anna]) await d.page.waitForFunction(() => document.querySelector('cp-support-plan')?.shadowRoot?.querySelector('[aria-current="step"]')?.textContent === 'Client engagement', poll);
  // The public page's retention chart shows the synthetic population with a server too.
  await ewa.page.waitForFunction(() => document.querySelector('cp-retention-chart')?.shadowRoot?.querySelector('path.curve'), poll);

  // Anna's device loses the network; her page says so at once, and she keeps working.
  await anna.page.setOfflineMode(true);
  await anna.page.waitForFunction(() => document.querySelector('cp-sync').shadowRoot.textContent.includes('No connection to the server'), poll);
  // Meanwhile Ewa moves the case on.
  await ewa.page.evaluate(() => document.querySelector('cp-support-plan').shadowRoot.querySelector('.transitions button:not([disabled])').click());
  await ewa.page.waitForFunction(() => document.querySelector('cp-support-plan').shadowRoot.querySelector('[aria-current="step"]').textContent === 'Vocational profiling', poll);
  await ewa.page.waitForFunction(() => document.querySelector('cp-sync').shadowRoot.textContent.includes('Everything is on the server.'), poll);

  // Anna, offline, also moves it (her view is behind) and records the person's self-assessment.
  await anna.page.evaluate(() => document.querySelector('cp-support-plan').shadowRoot.querySelector('.transitions button:not([disabled])').click());
  await anna.page.waitForFunction(() => document.querySelector('cp-support-plan').shadowRoot.querySelector('[aria-current="step"]').textContent === 'Vocational profiling', poll);
  await recordSelfAssessment(anna.page);
  await anna.page.waitForFunction(() => /2 changes wait to be sent/.test(document.querySelector('cp-sync').shadowRoot.textContent), poll);
  assert.match(await syncText(anna.page), /No connection to the server/);

  // Back online: the assessment is appended; the move clashes with Ewa's and is kept for review.
  await anna.page.setOfflineMode(false);
  await anna.page.waitForFunction(() => document.querySelector('cp-sync').shadowRoot.textContent.includes('Everything is on the server.'), poll);
  await anna.page.waitForFunction(() => document.querySelector('cp-sync').shadowRoot.querySelector('.conflicts li'), poll);
  // Said in words: the case's reference, what Anna did, and who changed the case meanwhile. The
  // push's answer lists the kept move at once; who changed the case is named once her pull has
  // brought Ewa's move ("Everything is on the server" says nothing waits to be sent, not that the
  // pull is done), so the sentence is waited for.
  const said = /^OD-2026-\d+: Anna [^:]+\(job coach\) moved the case to: Vocational profiling\. Not saved: Ewa [^.]+ changed this case after you opened it\./;
  const kept = () => anna.page.evaluate(() => document.querySelector('cp-sync').shadowRoot.querySelector('.conflicts li .kept').textContent);
  await anna.page.waitForFunction((source) => new RegExp(source).test(document.querySelector('cp-sync').shadowRoot.querySelector('.conflicts li .kept').textContent), poll, said.source).catch(() => undefined);
  assert.match(await kept(), said);

  // Both devices converge on one history: Ewa's move once, the assessment once, Anna's move nowhere.
  await ewa.page.waitForFunction(async (c) => (await document.querySelector('cp-support-plan').store.events(c)).some((e) => e.type === 'assessment.record'), poll, CASE);
  const [a, b] = [await history(ewa.page), await history(anna.page)];
  assert.deepEqual(a, b);
  assert.equal(a.filter((e) => e.includes(':stage.enter:')).length, 1);
  assert.equal(a.filter((e) => e.includes(':assessment.record:')).length, 1);
  assert.equal(await stage(ewa.page), await stage(anna.page));

  // Ewa, the coordinator, has Anna's kept move in her list too, to review for the team (not to
  // record it again: that is the author's). She marks it reviewed; Anna's device lets it go.
  const annaMove = () => [...document.querySelector('cp-sync').shadowRoot.querySelectorAll('.conflicts li')].find((li) => /^OD-2026-\d+: Anna [^:]+\(job coach\) moved the case to: Vocational profiling\./.test(li.querySelector('.kept').textContent));
  await ewa.page.waitForFunction(`!!(${annaMove})()`, poll);
  assert.equal(await ewa.page.evaluate(`(${annaMove})().querySelector('button.again')`), null);
  const field = await ewa.page.evaluateHandle(`(${annaMove})().querySelector('input[name="resolution"]')`);
  await field.focus();
  await ewa.page.keyboard.type('Moved once already; agreed with Anna');
  await ewa.page.keyboard.press('Enter');
  await ewa.page.waitForFunction(() => document.querySelector('cp-sync').shadowRoot.querySelector('.review-status').textContent === 'Marked as reviewed. The team sees what you did.', poll);
  await ewa.page.waitForFunction(`!(${annaMove})()`, poll);
  await anna.page.waitForFunction(`!(${annaMove})()`, poll);
  assert.deepEqual([...ewa.problems, ...anna.problems], []);

  // A worker of another provider sees nothing of it, and cannot ask for it.
  const olga = await device('olga');
  await olga.page.waitForFunction(() => document.querySelector('cp-sync').shadowRoot.textContent.includes('Everything is on the server.'), poll);
  assert.equal(await olga.page.evaluate(async (c) => (await document.querySelector('cp-support-plan').store.events(c)).length, CASE), 0);
  assert.equal(await olga.page.evaluate(async (c) => (await fetch(`/api/cases/${c}`)).status, CASE), 404);
  assert.match(await olga.page.evaluate(() => document.querySelector('cp-support-plan').shadowRoot.textContent), /No case to show yet/);
  assert.equal(await olga.page.evaluate(() => document.querySelector('cp-sync').shadowRoot.querySelector('.conflicts')), null);
  for (const d of [ewa, anna, olga]) await d.context.close();
});

test('a change kept because the office closed the case meanwhile is said in the page’s language on the device that made it, and marked reviewed there, offline too', async () => {
  const caseId = 'demo-warsaw-3'; // opened by ewa, anna assigned
  const anna = await device('anna', { lang: 'pl', caseId });
  await anna.page.waitForFunction(() => document.querySelector('cp-support-plan')?.shadowRoot?.querySelector('[aria-current="step"]'), poll);
  // Anna's device loses the network; she records the person's self-assessment.
  await anna.page.setOfflineMode(true);
  await anna.page.waitForFunction(() => document.querySelector('cp-sync').shadowRoot.querySelector('[role="status"]').dataset.state === 'offline', poll);
  await recordSelfAssessment(anna.page);

  // Meanwhile Ewa, at the office, closes the case: the person moved on to education.
  const signIn = await fetch(`${server.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ewa@demo.casepath.org', password: PASSWORD }) });
  const cookie = signIn.headers.get('set-cookie').split(';')[0];
  const read = await fetch(`${server.url}/api/cases/${caseId}`, { headers: { cookie } });
  const { events } = await read.json();
  const seq = events.at(-1).seq;
  const close = { schemaVersion: 1, id: crypto.randomUUID(), caseId, seq: seq + 1, at: new Date(Date.now() - 60_000).toISOString(), actor: { id: 'ewa', role: 'coordinator' }, type: 'case.close', payload: { outcome: 'education' } };
  const pushed = await fetch(`${server.url}/api/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, origin: server.url }, body: JSON.stringify({ deviceId: 'office-desk', events: [{ event: close, knownSeq: seq }] }) });
  const answer = await pushed.json();
  assert.equal(answer.results?.[0]?.status, 'accepted', JSON.stringify(answer));

  // Back online: the server keeps the assessment for review (the case is closed), and both the
  // plan and the list of kept changes say why in Polish, once the closure has arrived.
  await anna.page.setOfflineMode(false);
  // Anna's list also holds what was kept of hers before (the first test's move): this case's line.
  const kept = () => [...document.querySelector('cp-sync').shadowRoot.querySelectorAll('.conflicts li .kept')].find((p) => p.textContent.startsWith('OD-2026-13:'))?.textContent ?? '';
  await anna.page.waitForFunction(`(${kept})().includes('sprawa jest zamknięta')`, poll);
  assert.match(
    await anna.page.evaluate(kept),
    /^OD-2026-13: .*„Profil zawodowy”.*\. Nie zapisano: sprawa jest zamknięta; najpierw otwórz ją ponownie\.$/,
  );
  // The plan says the server's words until its own read of the case holds the closure.
  await anna.page.waitForFunction(() => document.querySelector('cp-support-plan').shadowRoot.querySelector('p.error')?.textContent.includes('sprawa jest zamknięta'), poll);
  assert.equal(await anna.page.evaluate(() => document.querySelector('cp-support-plan').shadowRoot.querySelector('p.error').textContent), 'Nie zapisano: sprawa jest zamknięta; najpierw otwórz ją ponownie.');

  // Anna says what she did about it, with the keyboard, on the bus without a network: it is kept
  // on her device and said as waiting; back online it is sent, the list lets it go, and the team sees it.
  const item = await anna.page.evaluateHandle(() => [...document.querySelector('cp-sync').shadowRoot.querySelectorAll('.conflicts li')].find((li) => li.querySelector('.kept').textContent.startsWith('OD-2026-13:')));
  await anna.page.setOfflineMode(true);
  await (await item.$('input[name="resolution"]')).focus();
  await anna.page.keyboard.type('Sprawa zamknięta, ocena już niepotrzebna');
  await anna.page.keyboard.press('Enter');
  const reviewStatus = () => document.querySelector('cp-sync').shadowRoot.querySelector('.review-status').textContent;
  await anna.page.waitForFunction(`(${reviewStatus})().includes('na tym urządzeniu')`, poll);
  assert.equal(await anna.page.evaluate(reviewStatus), 'Oznaczono jako przejrzane na tym urządzeniu. Zostanie wysłane, gdy serwer odpowie; do tego czasu zmiana zostaje na liście.');
  // The list is read again from the device once the review is stored (the status above is said first).
  await anna.page.waitForFunction((li) => li.querySelector('.review-waits'), poll, item);
  assert.equal(await item.evaluate((li) => li.querySelector('.review-waits').textContent), 'Oznaczono jako przejrzane na tym urządzeniu; czeka na wysłanie. Co zrobiono: Sprawa zamknięta, ocena już niepotrzebna');
  await anna.page.setOfflineMode(false);
  await anna.page.waitForFunction(`!(${kept})()`, poll);
  await anna.page.waitForFunction(`(${reviewStatus})() === 'Oznaczono jako przejrzane. Zespół widzi, co zrobiono.'`, poll);
  const listed = await (await fetch(`${server.url}/api/conflicts`, { headers: { cookie } })).json();
  const reviewed = listed.conflicts.find((k) => k.caseId === caseId);
  assert.equal(reviewed.resolution, 'Sprawa zamknięta, ocena już niepotrzebna');
  assert.ok(reviewed.resolvedAt);
  assert.deepEqual(anna.problems, []);
  await anna.context.close();
});

test('a move kept because the case was paused from another device is recorded again with one press once the case is resumed, in German: once on the server, with a review that says so', async () => {
  const caseId = 'demo-warsaw-4'; // opened by ewa, jan assigned, still in client engagement
  // Ewa's tablet; she also works at the office desk (the API below).
  const tablet = await device('ewa', { lang: 'de', caseId });
  const step = () => document.querySelector('cp-support-plan')?.shadowRoot?.querySelector('[aria-current="step"]')?.textContent ?? null;
  await tablet.page.waitForFunction(step, poll);
  const before = await tablet.page.evaluate(step);
  // On a home visit without a network, she moves the case on with her tablet.
  await tablet.page.setOfflineMode(true);
  await tablet.page.waitForFunction(() => document.querySelector('cp-sync').shadowRoot.querySelector('[role="status"]').dataset.state === 'offline', poll);
  await tablet.page.evaluate(() => document.querySelector('cp-support-plan').shadowRoot.querySelector('.transitions button:not([disabled])').click());
  await tablet.page.waitForFunction(`(${step})() !== ${JSON.stringify(before)}`, poll);
  const moved = await tablet.page.evaluate(async (c) => (await document.querySelector('cp-support-plan').store.events(c)).at(-1), caseId);
  assert.equal(moved.type, 'stage.enter');

  // Meanwhile, told the person is in hospital, she pauses the case from the office desk.
  const cookie = await deskSession('ewa');
  const ewaRecords = async (type) => {
    const { events } = await (await fetch(`${server.url}/api/cases/${caseId}`, { headers: { cookie } })).json();
    const seq = events.at(-1).seq;
    const event = { schemaVersion: 1, id: crypto.randomUUID(), caseId, seq: seq + 1, at: new Date(Date.now() - 60_000).toISOString(), actor: { id: 'ewa', role: 'coordinator' }, type, payload: {} };
    const answer = await (await fetch(`${server.url}/api/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, origin: server.url }, body: JSON.stringify({ deviceId: 'office-desk', events: [{ event, knownSeq: seq }] }) })).json();
    assert.equal(answer.results?.[0]?.status, 'accepted', JSON.stringify(answer));
  };
  await ewaRecords('case.pause');

  // The tablet back online: the move is kept for review, and nothing offers to record it again while paused.
  await tablet.page.setOfflineMode(false);
  const line = () => [...document.querySelector('cp-sync').shadowRoot.querySelectorAll('.conflicts li')].find((li) => li.querySelector('.kept').textContent.startsWith('OD-2026-14:')) ?? null;
  await tablet.page.waitForFunction(`(${line})()`, poll);
  assert.match(await tablet.page.evaluate(`(${line})().querySelector('.kept').textContent`), /Nicht gespeichert: Ewa Nowak hat diesen Fall geändert, nachdem Sie ihn geöffnet haben\./);
  await tablet.page.waitForFunction(async (c) => (await document.querySelector('cp-support-plan').store.events(c)).at(-1)?.type === 'case.pause', poll, caseId);
  assert.equal(await tablet.page.evaluate(`(${line})().querySelector('button.again')`), null);

  // She resumes the case at the desk: the tablet's list now offers the move again, and she takes it with the keyboard.
  await ewaRecords('case.resume');
  await tablet.page.waitForFunction(`(${line})()?.querySelector('button.again')`, poll);
  assert.match(await tablet.page.evaluate(`(${line})().querySelector('.kept').textContent`), /Der Fall hat sich seitdem geändert und nimmt diese Änderung jetzt an\.$/);
  const again = await tablet.page.evaluateHandle(`(${line})().querySelector('button.again')`);
  assert.equal(await again.evaluate((b) => b.textContent), 'Unverändert erneut erfassen');
  await again.focus();
  await tablet.page.keyboard.press('Enter');
  const reviewStatus = () => document.querySelector('cp-sync').shadowRoot.querySelector('.review-status').textContent;
  await tablet.page.waitForFunction(`(${reviewStatus})() === 'Unverändert erneut erfasst und als geprüft markiert. Das Team sieht beides.'`, poll);
  await tablet.page.waitForFunction(`!(${line})()`, poll);
  await tablet.page.waitForFunction(() => document.querySelector('cp-sync').shadowRoot.querySelector('[role="status"][data-state]').textContent.includes('Alles ist auf dem Server.'), poll);

  // On the server: the move once, after the resume, as the tablet made it (what, when); the kept one reviewed.
  const { events } = await (await fetch(`${server.url}/api/cases/${caseId}`, { headers: { cookie } })).json();
  const tail = events.slice(-3).map((e) => [e.type, e.actor.id]);
  assert.deepEqual(tail, [['case.pause', 'ewa'], ['case.resume', 'ewa'], ['stage.enter', 'ewa']]);
  assert.deepEqual([events.at(-1).payload, events.at(-1).at], [moved.payload, moved.at]);
  assert.notEqual(events.at(-1).id, moved.id);
  assert.equal(events.filter((e) => e.type === 'stage.enter').length, 1);
  const listed = await (await fetch(`${server.url}/api/conflicts`, { headers: { cookie } })).json();
  const reviewed = listed.conflicts.find((k) => k.eventId === moved.id);
  assert.equal(reviewed.resolution, 'Unverändert erneut erfasst.');
  // The tablet holds the server's history, and its plan shows the stage she chose.
  await tablet.page.waitForFunction(async (c, n) => (await document.querySelector('cp-support-plan').store.events(c)).length === n, poll, caseId, events.length);
  assert.deepEqual(await tablet.page.evaluate(async (c) => (await document.querySelector('cp-support-plan').store.events(c)).map((e) => e.id), caseId), events.map((e) => e.id));
  assert.notEqual(await tablet.page.evaluate(step), before);
  assert.deepEqual(tablet.problems, []);
  await tablet.context.close();
});

test('made coordinator, a job coach’s open page receives the provider’s cases; back to job coach, it lets go of those he is not on', async () => {
  const caseId = 'demo-warsaw-1'; // opened by ewa, anna assigned: not Jan's
  const jan = await device('jan', { caseId });
  await jan.page.waitForFunction(() => document.querySelector('cp-sync').shadowRoot.textContent.includes('Everything is on the server.'), poll);
  const held = (c) => jan.page.evaluate(async (id) => (await document.querySelector('cp-support-plan').store.events(id)).length, c);
  // "Everything is on the server" says that nothing of his waits to be sent, not that his pull is
  // done: his own case arrives with it.
  await jan.page.waitForFunction(async () => (await document.querySelector('cp-support-plan').store.events('demo-warsaw-2')).length > 0, poll);
  assert.equal(await held(caseId), 0);

  // The administrator, at her desk, gives him the coordinator's role, and later takes it back.
  const cookie = await deskSession('admin');
  const giveRole = async (role) => {
    const answer = await fetch(`${server.url}/api/admin/workers/jan/role`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, origin: server.url }, body: JSON.stringify({ role }) });
    assert.equal(answer.status, 200);
    return answer.json();
  };
  const up = await giveRole('coordinator');
  assert.equal(up.worker.role, 'coordinator');
  assert.ok(up.casesGained >= 3, JSON.stringify(up));

  // His open page receives Anna's cases whole, without a reload, and shows the one on screen.
  await jan.page.waitForFunction(() => document.querySelector('cp-support-plan').shadowRoot.querySelector('[aria-current="step"]'), poll);
  const { events } = await (await fetch(`${server.url}/api/cases/${caseId}`, { headers: { cookie: await deskSession('ewa') } })).json();
  await jan.page.waitForFunction(async (id, n) => (await document.querySelector('cp-support-plan').store.events(id)).length === n, poll, caseId, events.length);
  // He records the person's consent to statistics at once, as coordinator: his page took the new
  // role from the pull, and the server keeps it as his.
  await jan.page.waitForFunction(() => document.querySelector('cp-consent')?.shadowRoot?.querySelector('button[data-purpose="statistics"]:not([disabled])'), poll);
  await jan.page.evaluate(() => document.querySelector('cp-consent').shadowRoot.querySelector('button[data-purpose="statistics"]').click());
  await jan.page.waitForFunction(async (id) => (await (await fetch(`/api/cases/${id}`)).json()).events.at(-1)?.type === 'consent.grant', poll, caseId);
  const granted = (await (await fetch(`${server.url}/api/cases/${caseId}`, { headers: { cookie: await deskSession('ewa') } })).json()).events.at(-1);
  assert.deepEqual([granted.payload.purpose, granted.actor], ['statistics', { id: 'jan', role: 'coordinator' }]);
  assert.equal(await jan.page.evaluate(() => document.querySelector('cp-sync').shadowRoot.querySelector('.conflicts')), null);

  const down = await giveRole('job-coach');
  assert.equal(down.casesLost, up.casesGained);
  // His page lets go of them; the cases he is on stay.
  await jan.page.waitForFunction(async (id) => (await document.querySelector('cp-support-plan').store.events(id)).length === 0, poll, caseId);
  await jan.page.waitForFunction(() => /No case to show yet/.test(document.querySelector('cp-support-plan').shadowRoot.textContent), poll);
  assert.ok((await held('demo-warsaw-2')) > 0);
  assert.equal(await jan.page.evaluate(async (c) => (await fetch(`/api/cases/${c}`)).status, caseId), 404);
  assert.deepEqual(jan.problems, []);
  await jan.context.close();
});

test('a new case on the staff page waits for the sign-in, then opens as the worker who signed in, where she works, and reaches the server', async () => {
  // A new device. The staff page names Ewa and Warsaw for its form; Olga works at the Omsk centre
  // and has no case yet. She fills the form in before she has signed in.
  const { context, page, problems } = await openStaffPage(browser, server.url);
  await page.evaluate(() => (document.querySelector('cp-intake-form').closest('details').open = true));
  await waitForDeep(page, 'cp-intake-form >>> #client-ref');
  await page.$eval('cp-intake-form', (el) => el.shadowRoot.querySelector('input[name="consent-service"]').click());
  await page.type('cp-intake-form >>> #client-ref', 'OM-2026-1');
  await page.$eval('cp-intake-form', (el) => el.shadowRoot.querySelector('button[type="submit"]').click());
  const said = await page.waitForFunction(() => document.querySelector('cp-intake-form').shadowRoot.querySelector('[part="status"]').textContent.trim(), poll);
  assert.equal(await said.jsonValue(), 'Not saved: nobody is signed in on this page yet. Sign in, then try again.');
  assert.deepEqual(await page.evaluate(async () => (await document.querySelector('cp-intake-form').store.cases()).length), 0, 'nothing is recorded as the page’s Ewa');
  // She signs in, and presses again: what she typed is still there.
  await page.type('cp-sync >>> input[name="email"]', 'olga@demo.casepath.org');
  await page.type('cp-sync >>> input[name="password"]', 'casepath-demo');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('cp-sync').shadowRoot.querySelector('[role="status"]')?.dataset.state === 'online', poll);
  await page.waitForFunction(() => document.querySelector('cp-caseload').shadowRoot.querySelector('.empty')?.textContent.trim() === 'No open cases.', poll);
  assert.equal(await page.$eval('cp-intake-form', (el) => el.shadowRoot.querySelector('#client-ref').value), 'OM-2026-1');
  await page.$eval('cp-intake-form', (el) => el.shadowRoot.querySelector('button[type="submit"]').click());
  await page.waitForFunction(() => [...(document.querySelector('cp-caseload').shadowRoot.querySelectorAll('tbody th button') ?? [])].some((b) => b.textContent.trim() === 'OM-2026-1'), poll);
  // On the server, at her provider, and nothing of hers waits or was kept.
  const caseId = await page.evaluate(async () => (await document.querySelector('cp-caseload').store.caseSummaries()).find((s) => s.clientRef === 'OM-2026-1').caseId);
  const opened = await page.waitForFunction(async (id) => {
    const answer = await fetch(`/api/cases/${id}`);
    return answer.status === 200 && (await answer.json()).case;
  }, poll, caseId);
  assert.equal((await opened.jsonValue()).providerId, 'open-doors-omsk');
  const actors = await page.evaluate(async (id) => (await (await fetch(`/api/cases/${id}`)).json()).events.map((e) => e.actor.id), caseId);
  assert.deepEqual([...new Set(actors)], ['olga']);
  await page.waitForFunction(() => document.querySelector('cp-sync').shadowRoot.textContent.includes('Everything is on the server.'), poll);
  assert.equal(await page.evaluate(() => document.querySelector('cp-sync').shadowRoot.querySelector('.conflicts')), null);
  assert.deepEqual(problems, []);
  await context.close();
});

test('on the public site with a server, a visitor nobody signed in for fills in their own first steps; moving the plan on waits for a worker’s sign-in', async () => {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${server.url}/examples/site/?lang=en`, { waitUntil: 'networkidle0' });
  await waitForDeep(page, 'cp-intake-form >>> #client-ref');
  await page.$eval('cp-intake-form', (el) => el.shadowRoot.querySelector('input[name="consent-service"]').click());
  await page.type('cp-intake-form >>> #client-ref', 'SITE-1');
  await page.$eval('cp-intake-form', (el) => el.shadowRoot.querySelector('button[type="submit"]').click());
  await page.waitForFunction(() => document.querySelector('cp-intake-form').shadowRoot.querySelector('.done')?.textContent.trim() === 'Thank you. Your case is open.', poll);
  // Moving the plan on is a worker's: the visitor is offered no move, and told so; nothing is
  // recorded as the page's Ewa.
  await waitForDeep(page, 'cp-support-plan >>> section[aria-labelledby="moves"] p.hint');
  assert.equal(await page.$eval('cp-support-plan', (el) => el.shadowRoot.querySelector('section[aria-labelledby="moves"] p.hint').textContent), 'Only a worker signed in on this page moves the plan on.');
  assert.equal(await page.$eval('cp-support-plan', (el) => el.shadowRoot.querySelectorAll('.transitions button').length), 0);
  const recorded = await page.evaluate(async () => (await document.querySelector('cp-support-plan').store.events(localStorage.getItem('demo-case'))).map((e) => `${e.type} ${e.actor.role}`));
  assert.deepEqual(recorded, ['case.open client', 'consent.grant client']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('signing out on the staff page takes the worker’s cases off the screen; signing in again brings them back', async () => {
  const { context, page, problems } = await signInOnStaffPage(browser, server.url, 'anna@demo.casepath.org');
  await page.waitForFunction(() => document.querySelector('cp-sync').shadowRoot.textContent.includes('Everything is on the server.'), poll);
  await waitForDeep(page, 'cp-caseload >>> tbody th button');
  const ref = await page.$eval('cp-caseload', (el) => el.shadowRoot.querySelector('tbody th button').textContent.trim());
  await page.$eval('cp-caseload', (el) => el.shadowRoot.querySelector('tbody th button').click());
  await page.waitForFunction(() => !document.getElementById('workspace').hidden, poll);
  await page.waitForFunction((r) => document.querySelector('cp-support-plan').shadowRoot.textContent.includes('Current stage'), poll, ref);
  // Everything the page shows, through its widgets' shadow roots.
  const shown = () =>
    page.evaluate(() => {
      const text = (root) => [...root.childNodes].map((n) => (n.nodeType === Node.TEXT_NODE ? n.textContent : n.hidden ? '' : `${n.shadowRoot ? text(n.shadowRoot) : ''} ${text(n)}`)).join(' ');
      return text(document.body).replace(/\s+/g, ' ');
    });
  assert.ok((await shown()).includes(ref), 'the check below can fail: the case is on screen while she is signed in');

  // By keyboard: "Sign out" pressed, the focus is in the sign-in form for whoever comes next.
  await page.$eval('cp-sync', (el) => el.shadowRoot.querySelector('button.sign-out').focus());
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement === document.querySelector('cp-sync') && document.activeElement.shadowRoot.activeElement?.name === 'email', poll);
  await page.waitForFunction(() => document.querySelector('cp-caseload').shadowRoot.querySelector('.locked'), poll);
  assert.equal(await page.evaluate(() => document.getElementById('workspace').hidden), true);
  assert.equal(await page.$eval('cp-caseload', (el) => el.shadowRoot.textContent.trim()), 'Hidden while this device is locked. Sign in or unlock it to see this again.');
  assert.ok(!(await shown()).includes(ref), 'nothing of her case is left on the screen');

  await page.keyboard.type('anna@demo.casepath.org');
  await page.keyboard.press('Tab');
  await page.keyboard.type('casepath-demo');
  await page.keyboard.press('Enter');
  await page.waitForFunction((r) => [...document.querySelector('cp-caseload').shadowRoot.querySelectorAll('tbody th button')].some((b) => b.textContent.trim() === r), poll, ref);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a staff page left unused locks by itself; the note the worker was typing comes back when she opens it, even in a tab opened after the browser ended, and saves', async () => {
  const NOTE = 'Quokka-note-typed-before-the-lock-2024';
  const { context, page, problems } = await signInOnStaffPage(browser, server.url, 'anna@demo.casepath.org');
  await page.waitForFunction(() => document.querySelector('cp-sync').shadowRoot.textContent.includes('Everything is on the server.'), poll);
  await waitForDeep(page, 'cp-caseload >>> tbody th button');
  const reference = await page.$eval('cp-caseload', (el) => el.shadowRoot.querySelector('tbody th button').textContent.trim());
  await page.$eval('cp-caseload', (el) => el.shadowRoot.querySelector('tbody th button').click());
  await page.waitForFunction(() => !document.getElementById('workspace').hidden, poll);
  await waitForDeep(page, 'cp-support-log >>> #note');
  const caseId = await page.$eval('cp-support-log', (el) => el.caseId);
  const events = () => page.$eval('cp-support-log', async (el, c) => (await el.store.events(c)).map((e) => e.reason ?? ''), caseId);
  const before = await events();

  // She types half a note, then is called away: 1.2 s stands for the 15 minutes of the default.
  await page.$eval('cp-support-log', (el) => el.shadowRoot.querySelector('#note').focus());
  await page.keyboard.type(NOTE);
  await page.$eval('cp-sync', (el) => (el.lockAfter = 0.02));
  await waitForDeep(page, 'cp-sync >>> input[name="passphrase"]');
  await page.waitForFunction(() => document.querySelector('cp-support-log').shadowRoot.querySelector('.locked'), poll);
  assert.match(await page.$eval('cp-sync', (el) => el.shadowRoot.querySelector('#unlock-why').textContent), /^Locked after 0\.02 minutes without use\./);
  const onScreen = await page.evaluate(() => {
    const text = (root) => [...root.querySelectorAll('*')].map((n) => `${n.shadowRoot ? text(n.shadowRoot) : ''} ${[...n.childNodes].filter((c) => c.nodeType === Node.TEXT_NODE).map((c) => c.textContent).join(' ')} ${n.value ?? ''}`).join(' ');
    return text(document);
  });
  assert.ok(!onScreen.includes(NOTE), 'her note is not on the screen while the device is locked');

  // Back, she opens the records with her password (and the page keeps no watch from here on).
  await page.$eval('cp-sync', (el) => (el.lockAfter = 0));
  await page.$eval('cp-sync', (el) => el.shadowRoot.querySelector('input[name="passphrase"]').focus());
  await page.keyboard.type('casepath-demo');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => !document.querySelector('cp-support-log').shadowRoot.querySelector('.locked') && document.querySelector('cp-support-log').shadowRoot.querySelector('#note'), poll);
  await page.$eval('cp-support-log', (el) => el.updateComplete);
  assert.equal(await page.$eval('cp-support-log', (el) => el.shadowRoot.querySelector('#note').value), NOTE);

  // Locked again while she is away, the laptop is closed and the browser ends with the tab. In the
  // tab she opens later, her password opens the records, and the note is in the case.
  await page.$eval('cp-sync', (el) => el.shadowRoot.querySelector('button.lock').focus());
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('cp-support-log').shadowRoot.querySelector('.locked'), poll);
  await page.close();
  const later = await context.newPage();
  later.on('pageerror', (e) => problems.push(e.message));
  await later.goto(`${server.url}/examples/staff/`);
  await waitForDeep(later, 'cp-sync >>> input[name="passphrase"]');
  await later.$eval('cp-sync', (el) => el.shadowRoot.querySelector('input[name="passphrase"]').focus());
  await later.keyboard.type('casepath-demo');
  await later.keyboard.press('Enter');
  await waitForDeep(later, 'cp-caseload >>> tbody th button');
  await later.$eval('cp-caseload', (el, name) => [...el.shadowRoot.querySelectorAll('tbody th button')].find((b) => b.textContent.trim() === name).click(), reference);
  await later.waitForFunction((c) => document.querySelector('cp-support-log')?.caseId === c, poll, caseId);
  await later.waitForFunction((n) => document.querySelector('cp-support-log').shadowRoot.querySelector('#note')?.value === n, poll, NOTE);
  await later.$eval('cp-support-log', (el) => el.shadowRoot.querySelector('button[type="submit"]').click());
  await later.waitForFunction(() => document.querySelector('cp-support-log').shadowRoot.textContent.includes('Saved: the contact is logged.'), poll);
  const saved = await later.$eval('cp-support-log', async (el, c) => (await el.store.events(c)).map((e) => e.reason ?? ''), caseId);
  assert.deepEqual(saved.slice(before.length), [NOTE]);
  await later.waitForFunction(() => document.querySelector('cp-sync').shadowRoot.textContent.includes('Everything is on the server.'), poll);
  assert.deepEqual(problems, []);
  await context.close();
});

/**
 * Anna signs in on a staff page of her own, opens the first case of her caseload and types `note`
 * in its support log, not saved: the page, the case's reference and how to open it again.
 */
async function annaTypesInHerFirstCase(note) {
  const { context, page, problems } = await signInOnStaffPage(browser, server.url, 'anna@demo.casepath.org');
  await page.waitForFunction(() => document.querySelector('cp-sync').shadowRoot.textContent.includes('Everything is on the server.'), poll);
  await waitForDeep(page, 'cp-caseload >>> tbody th button');
  const ref = await page.$eval('cp-caseload', (el) => el.shadowRoot.querySelector('tbody th button').textContent.trim());
  const open = () => page.evaluate((r) => [...document.querySelector('cp-caseload').shadowRoot.querySelectorAll('tbody th button')].find((b) => b.textContent.trim() === r).click(), ref);
  await open();
  await page.waitForFunction(() => !document.getElementById('workspace').hidden, poll);
  await waitForDeep(page, 'cp-support-log >>> #note');
  await page.$eval('cp-support-log', (el) => el.shadowRoot.querySelector('#note').focus());
  await page.keyboard.type(note);
  return { context, page, problems, ref, open };
}

test('after a session the server ended, the worker signs in again and finds the note she was typing in its case', async () => {
  const NOTE = 'Wombat-note-typed-before-the-session-ended';
  const { context, page, problems, ref, open } = await annaTypesInHerFirstCase(NOTE);

  // Her session ends (its cookie goes; the device's next question to the server is refused).
  await page.deleteCookie({ name: 'casepath_session', url: server.url });
  await page.setOfflineMode(true);
  await page.setOfflineMode(false);
  await waitForDeep(page, 'cp-sync >>> input[name="email"]');
  await page.waitForFunction(() => document.getElementById('workspace').hidden, poll);

  // She signs in again and opens the case: the note is where she left it, and saves.
  await page.type('cp-sync >>> input[name="email"]', 'anna@demo.casepath.org');
  await page.type('cp-sync >>> input[name="password"]', PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForFunction((r) => [...document.querySelector('cp-caseload').shadowRoot.querySelectorAll('tbody th button')].some((b) => b.textContent.trim() === r), poll, ref);
  await open();
  await page.waitForFunction(() => !document.getElementById('workspace').hidden, poll);
  await page.$eval('cp-support-log', (el) => el.updateComplete);
  assert.equal(await page.$eval('cp-support-log', (el) => el.shadowRoot.querySelector('#note').value), NOTE);
  await page.$eval('cp-support-log', (el) => el.shadowRoot.querySelector('button[type="submit"]').click());
  await page.waitForFunction(() => document.querySelector('cp-support-log').shadowRoot.textContent.includes('Saved: the contact is logged.'), poll);
  const caseId = await page.$eval('cp-support-log', (el) => el.caseId);
  assert.equal(await page.$eval('cp-support-log', async (el, c) => (await el.store.events(c)).at(-1).reason, caseId), NOTE);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a worker reloads the staff page with a note not saved and says leave: her password opens the records, and the note is back in its case, said so', async () => {
  const NOTE = 'Numbat-note-typed-before-a-reload-5512';
  const { context, page, problems, ref, open } = await annaTypesInHerFirstCase(NOTE);

  const asked = [];
  page.on('dialog', (d) => void d.accept().then(() => asked.push(d.type())));
  await page.reload({ waitUntil: 'load' });
  assert.deepEqual(asked, ['beforeunload'], 'the browser asked before the note could be lost');
  // The key was in the page's memory only: the records wait for her password, and the note was
  // written sealed with them before the page ended.
  await waitForDeep(page, 'cp-sync >>> input[name="passphrase"]');
  const drafts = await page.evaluate(() => document.querySelector('cp-sync').store.countSealed('drafts'));
  assert.equal(drafts, 1, 'the note is on the device, sealed');
  // The case she had open waits for the records too: its reference is not on the locked screen.
  const workspace = () => page.evaluate(() => ({ hidden: document.getElementById('workspace').hidden, heading: document.getElementById('h-case').textContent }));
  assert.equal((await workspace()).hidden, true);
  assert.notEqual((await workspace()).heading, ref);
  await page.$eval('cp-sync', (el) => el.shadowRoot.querySelector('input[name="passphrase"]').focus());
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  // Her password opens the records, and the case she had open opens again by itself.
  await page.waitForFunction((r) => !document.getElementById('workspace').hidden && document.getElementById('h-case').textContent === r, poll, ref);
  await page.waitForFunction((r) => [...(document.querySelector('cp-caseload')?.shadowRoot?.querySelectorAll('tbody th button') ?? [])].some((b) => b.textContent.trim() === r), poll, ref);
  await open();
  await page.waitForFunction((n) => document.querySelector('cp-support-log')?.shadowRoot?.querySelector('#note')?.value === n, poll, NOTE);
  await page.waitForFunction(() => document.querySelector('cp-support-log').shadowRoot.querySelector('[role="status"].message')?.textContent === 'What you typed here and had not saved is back in its fields.', poll);

  // A case the page remembers for another worker (who left without signing out, at a shared
  // computer) is not opened for her, and is forgotten; nor is one no longer on this device.
  for (const [remembered, why] of [
    [{ caseId: await page.evaluate(() => JSON.parse(localStorage.getItem('staff-case')).caseId), worker: 'somebody-else' }, 'another worker’s'],
    [{ caseId: 'not-on-this-device', worker: await page.evaluate(() => document.querySelector('cp-sync').worker.id) }, 'not on this device'],
  ]) {
    await page.evaluate((r) => localStorage.setItem('staff-case', JSON.stringify(r)), remembered);
    await page.reload({ waitUntil: 'load' });
    await waitForDeep(page, 'cp-sync >>> input[name="passphrase"]');
    await page.$eval('cp-sync', (el) => el.shadowRoot.querySelector('input[name="passphrase"]').focus());
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => localStorage.getItem('staff-case') === null, poll);
    assert.deepEqual(await workspace(), { hidden: true, heading: 'Case' }, why);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('a session the server ends locks the device, so the next worker to sign in there finds none of the previous one’s cases', async () => {
  const refs = (page) => page.$$eval('cp-caseload >>> tbody th button', (buttons) => buttons.map((b) => b.textContent.trim()).sort());
  const synced = (page) => page.waitForFunction(() => document.querySelector('cp-sync').shadowRoot.textContent.includes('Everything is on the server.'), poll);
  // Anna's own cases, on a device of her own.
  const alone = await signInOnStaffPage(browser, server.url, 'anna@demo.casepath.org');
  await synced(alone.page);
  await waitForDeep(alone.page, 'cp-caseload >>> tbody th button');
  const annas = await refs(alone.page);
  await alone.context.close();

  const { context, page, problems } = await signInOnStaffPage(browser, server.url, 'ewa@demo.casepath.org');
  await synced(page);
  await waitForDeep(page, 'cp-caseload >>> tbody th button');
  assert.ok((await refs(page)).length > annas.length, 'the check below can fail: Ewa, coordinator, holds more cases than Anna');
  // Her session ends (here: its cookie goes; the device's next question to the server is refused).
  await page.deleteCookie({ name: 'casepath_session', url: server.url });
  await page.setOfflineMode(true);
  await page.setOfflineMode(false);
  await waitForDeep(page, 'cp-sync >>> input[name="email"]');
  await page.waitForFunction(() => document.querySelector('cp-caseload').shadowRoot.querySelector('.locked'), poll);
  // Anna sits down at Ewa's device and signs in: the device starts over for her (nothing of Ewa's waited).
  await page.type('cp-sync >>> input[name="email"]', 'anna@demo.casepath.org');
  await page.type('cp-sync >>> input[name="password"]', PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('cp-sync').shadowRoot.textContent.includes('Signed in as Anna'), poll);
  await synced(page);
  await waitForDeep(page, 'cp-caseload >>> tbody th button');
  assert.deepEqual(await refs(page), annas);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a job coach’s staff page whose own script runs after <cp-sync> has said who works here still keeps the coordinators’ requests from her', async () => {
  const { context, page } = await signInOnStaffPage(browser, server.url, 'anna@demo.casepath.org');
  await page.waitForFunction(() => document.querySelector('cp-sync').shadowRoot.querySelector('[role="status"]')?.dataset.state === 'online', poll);
  assert.equal(await page.evaluate(() => document.getElementById('requests').hidden), true);
  // Reloaded with the page's own script held back until <cp-sync> has read the device and told
  // who works here (it asks for her password): as when the widgets' code comes from the cache and
  // the page's own is asked for again.
  await page.setRequestInterception(true);
  let held = null;
  const holding = new Promise((resolve) => {
    page.on('request', (request) => {
      if (!held && new URL(request.url()).pathname === '/examples/staff/staff.js') {
        held = request;
        resolve();
      } else void request.continue();
    });
  });
  const reloading = page.reload({ waitUntil: 'load' });
  await holding;
  await page.waitForFunction(() => document.querySelector('cp-sync')?.shadowRoot?.querySelector('input[name="passphrase"]'), poll);
  await held.continue();
  await reloading;
  await page.setRequestInterception(false);
  // The page's script has run: it links to the analysts' page in the page's language.
  await page.waitForFunction(() => document.querySelector('#results a').getAttribute('href').startsWith('../analyst/?lang='), poll);
  assert.equal(await page.evaluate(() => document.getElementById('requests').hidden), true, 'the requests for help stay a coordinator’s');
  await context.close();
});
