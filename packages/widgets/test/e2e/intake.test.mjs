// End to end, the sealed public intake as people use it: someone finds the examples site served
// by casepath-server (embedded PGlite, demo data), asks for help in Polish while their connection
// drops, and the request waits sealed on their device until it is back; the coordinator opens it
// on the staff page with the organisation's passphrase and turns it into a case; later the
// supervisor erases it at the person's request (its first answer lost on the way back, so she
// presses again), and it goes from every open page; a job coach
// sees no requests at all. Real Chromium, the built cdn/ bundle and the built server. Run after `pnpm build`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, startDemoServer } from './browser.mjs';

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

const poll = { polling: 100 };
const shadowText = (page, host) => page.evaluate((h) => document.querySelector(h)?.shadowRoot?.textContent.replace(/\s+/g, ' ') ?? '', host);

async function signIn(page, who) {
  await page.waitForFunction(() => document.querySelector('cp-sync')?.shadowRoot?.querySelector('input[name="email"]'), poll);
  await page.evaluate((email) => {
    const form = document.querySelector('cp-sync').shadowRoot.querySelector('form');
    form.querySelector('input[name="email"]').value = email;
    form.querySelector('input[name="password"]').value = 'casepath-demo';
    form.requestSubmit();
  }, `${who}@demo.casepath.org`);
  await page.waitForFunction(() => document.querySelector('cp-sync').shadowRoot.textContent.includes('Signed in as'), poll);
}

test('a request for help, sealed while offline, reaches the coordinator, who opens it as a case', async () => {
  // 1. A member of the public, on the site in Polish. The connection drops before Send.
  const publicContext = await browser.createBrowserContext();
  const person = await publicContext.newPage();
  const problems = [];
  person.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  person.on('console', (m) => {
    // Offline on purpose, its requests fail; nothing else may (not even a 401 for asking who is signed in).
    if (m.type() === 'error' && !/ERR_INTERNET_DISCONNECTED/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  await person.goto(`${server.url}/examples/site/?lang=pl`, { waitUntil: 'load' });
  await person.waitForFunction(() => document.querySelector('cp-first-contact')?.shadowRoot?.querySelector('form'), poll);
  assert.match(await shadowText(person, 'cp-first-contact'), /przeczyta to tylko Open Doors Warsaw/);
  await person.type('cp-first-contact >>> #name', 'Marta');
  await person.type('cp-first-contact >>> #detail', '+48 601 234 567');
  await person.click('cp-first-contact >>> input[name="help-work"]');
  await person.click('cp-first-contact >>> input[name="access-step-free"]');
  await person.type('cp-first-contact >>> #message', 'Po wypadku szukam pracy, najlepiej blisko domu.');
  await person.click('cp-first-contact >>> input[name="consent-service"]');
  await person.click('cp-first-contact >>> input[name="consent-health-data"]');
  await person.setOfflineMode(true);
  await person.click('cp-first-contact >>> button[type="submit"]');
  await person.waitForFunction(() => document.querySelector('cp-first-contact').shadowRoot.querySelector('.queued'), poll);
  assert.match(await shadowText(person, 'cp-first-contact'), /zamknięta i zapisana na tym urządzeniu/);

  // What another script on this site could read from IndexedDB now: only the sealed request.
  const stored = await person.evaluate(async () => {
    const names = (await indexedDB.databases()).map((d) => d.name);
    const dump = [];
    for (const name of names) {
      const db = await new Promise((resolve, reject) => {
        const r = indexedDB.open(name);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      for (const storeName of db.objectStoreNames) {
        dump.push(
          await new Promise((resolve) => {
            const r = db.transaction(storeName).objectStore(storeName).getAll();
            r.onsuccess = () => resolve(r.result);
          }),
        );
      }
      db.close();
    }
    return JSON.stringify(dump);
  });
  assert.match(stored, /"ciphertext"/);
  for (const plain of ['Marta', '601 234', 'wypadku', 'blisko domu']) assert.ok(!stored.includes(plain), `${plain} is readable in IndexedDB`);

  // Back online: it goes by itself, once.
  await person.setOfflineMode(false);
  await person.waitForFunction(() => document.querySelector('cp-first-contact').shadowRoot.querySelector('.sent'), poll);
  assert.match(await shadowText(person, 'cp-first-contact'), /Twoja wcześniejsza prośba dotarła do: Open Doors Warsaw/);
  assert.deepEqual(problems, []);

  // 2. The coordinator, on the staff page: the request is there, locked until the passphrase.
  const office = await (await browser.createBrowserContext()).newPage();
  office.on('pageerror', (e) => problems.push(`staff page error: ${e.message}`));
  await office.goto(`${server.url}/examples/staff/?lang=en`, { waitUntil: 'load' });
  await signIn(office, 'ewa');
  await office.click('#requests summary');
  await office.waitForFunction(() => document.querySelector('cp-intake-inbox')?.shadowRoot?.querySelector('#passphrase'), poll);
  assert.match(await shadowText(office, 'cp-intake-inbox'), /1 request is waiting\./);
  assert.doesNotMatch(await shadowText(office, 'cp-intake-inbox'), /Marta/);
  await office.type('cp-intake-inbox >>> #passphrase', 'a wrong passphrase');
  await office.keyboard.press('Enter');
  await office.waitForFunction(() => document.querySelector('cp-intake-inbox').shadowRoot.querySelector('#passphrase-error')?.textContent.includes('does not unlock'), poll);
  await office.type('cp-intake-inbox >>> #passphrase', server.passphrase);
  await office.keyboard.press('Enter');
  await office.waitForFunction(() => document.querySelector('cp-intake-inbox').shadowRoot.querySelector('article'), poll);
  const inbox = await shadowText(office, 'cp-intake-inbox');
  for (const words of ['Call them: Marta', 'Phone: +48 601 234 567', 'Wrote in Polish', 'Looks for: Find a job and keep it', 'Needs: No steps (wheelchair)', 'blisko domu']) assert.ok(inbox.includes(words), `the inbox shows ${words}`);

  // 3. She opens a case for it; the workspace shows it, the caseload lists it, the server has it.
  const id = await office.evaluate(() => document.querySelector('cp-intake-inbox').shadowRoot.querySelector('article input[id^="ref-"]').id);
  await office.type(`cp-intake-inbox >>> #${id}`, 'OD-2026-77');
  await office.evaluate(() => [...document.querySelector('cp-intake-inbox').shadowRoot.querySelectorAll('button')].find((b) => b.textContent === 'Open a case').click());
  await office.waitForFunction(() => document.getElementById('h-case').textContent === 'OD-2026-77' && !document.getElementById('workspace').hidden, poll);
  await office.waitForFunction(() => document.querySelector('cp-intake-inbox').shadowRoot.textContent.includes('A case was opened on'), poll);
  await office.waitForFunction(() => document.querySelector('cp-caseload').shadowRoot.textContent.includes('OD-2026-77'), poll);
  // The device sends it on its own; "Everything is on the server" was already on screen before
  // the case was opened, so it proves nothing: wait until its outbox is empty.
  await office.waitForFunction(async () => (await document.querySelector('cp-sync').store.inTransaction(['outbox'], 'readonly', (tx) => tx.objectStore('outbox').count())) === 0, poll);
  const onServer = await office.evaluate(async () => {
    const caseId = JSON.parse(localStorage.getItem('staff-case')).caseId;
    const r = await fetch(`/api/cases/${caseId}`);
    return { caseId, status: r.status, types: (await r.json()).events?.map((e) => `${e.type}${e.payload.purpose ? `:${e.payload.purpose}` : ''}`) };
  });
  assert.deepEqual({ ...onServer, caseId: undefined }, { caseId: undefined, status: 200, types: ['case.open', 'consent.grant:service', 'consent.grant:health-data'] });

  // 4. Later the person asks to be forgotten: the supervisor erases the case on her own device;
  // it goes from the server and, by itself, from the coordinator's open page.
  const supervisor = await (await browser.createBrowserContext({ downloadBehavior: { policy: 'deny' } })).newPage();
  supervisor.on('pageerror', (e) => problems.push(`supervisor page error: ${e.message}`));
  // Her device's network, through Chromium's Fetch domain: an erasure's answer can be lost after
  // the server did it, and the pulls' answers held, so that the order of events is the test's.
  const network = await supervisor.createCDPSession();
  const net = { loseErasure: false, holdPulls: false, held: [] };
  const settle = (method, params) => network.send(method, params).catch(() => undefined); // the page may have dropped it meanwhile
  network.on('Fetch.requestPaused', ({ requestId, request }) => {
    if (net.loseErasure && request.url.endsWith('/erase')) void settle('Fetch.failRequest', { requestId, errorReason: 'ConnectionReset' });
    else if (net.holdPulls && request.url.includes('/api/sync/pull')) net.held.push(requestId);
    else void settle('Fetch.continueRequest', { requestId });
  });
  await network.send('Fetch.enable', { patterns: ['*/api/sync/pull*', '*/erase'].map((urlPattern) => ({ urlPattern, requestStage: 'Response' })) });
  await supervisor.goto(`${server.url}/examples/staff/?lang=en`, { waitUntil: 'load' });
  await signIn(supervisor, 'sara');
  await supervisor.waitForFunction(() => [...(document.querySelector('cp-caseload')?.shadowRoot?.querySelectorAll('tbody th button') ?? [])].some((b) => b.textContent.trim() === 'OD-2026-77'), poll);
  await supervisor.evaluate(() => [...document.querySelector('cp-caseload').shadowRoot.querySelectorAll('tbody th button')].find((b) => b.textContent.trim() === 'OD-2026-77').click());
  await supervisor.click('#p-occasional summary');
  // Before erasing, she sees who read the case: the coordinator's device got it.
  await supervisor.waitForFunction(() => /Ewa Nowak\s*got it on a device/.test(document.querySelector('cp-access-log')?.shadowRoot?.textContent ?? ''), poll);
  // She gives the person everything held about them first: the file comes from the server, whose access log says so.
  await supervisor.waitForFunction(() => [...(document.querySelector('cp-case-lifecycle')?.shadowRoot?.querySelectorAll('button') ?? [])].some((b) => b.textContent.trim() === 'Download (JSON)'), poll);
  await supervisor.evaluate(() => [...document.querySelector('cp-case-lifecycle').shadowRoot.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Download (JSON)').click());
  await supervisor.waitForFunction(() => document.querySelector('cp-case-lifecycle').shadowRoot.textContent.includes('The file OD-2026-77.json is downloaded.'), poll);
  const logged = await supervisor.evaluate(async (id) => (await (await fetch(`/api/access-log?caseId=${id}`)).json()).entries.map((e) => `${e.workerId} ${e.action} ${e.detail?.format ?? ''}`), onServer.caseId);
  assert.ok(logged.includes('sara case.export json'), `the download is in the access log: ${logged.join('; ')}`);
  await supervisor.waitForFunction(() => document.querySelector('cp-case-lifecycle')?.shadowRoot?.querySelector('#erase-confirm'), poll);
  await supervisor.type('cp-case-lifecycle >>> #erase-confirm', 'OD-2026-77');
  // The first time, the server erases it but its answer is lost on the way back (the connection
  // drops), and her device's pulls, which would tell it too, are held: the page may not say that
  // nothing was erased, and pressing again must be safe.
  Object.assign(net, { loseErasure: true, holdPulls: true });
  await supervisor.keyboard.press('Enter');
  await supervisor.waitForFunction(() => document.querySelector('cp-case-lifecycle').shadowRoot.textContent.includes('Not sure the server erased it'), poll);
  assert.equal(await supervisor.evaluate(async (id) => (await fetch(`/api/cases/${id}`)).status, onServer.caseId), 404, 'the server did erase it');
  assert.ok(await supervisor.evaluate(() => document.querySelector('cp-caseload').shadowRoot.textContent.includes('OD-2026-77')), 'this device keeps it until the server says so');
  assert.equal(await supervisor.evaluate(() => document.querySelector('cp-case-lifecycle').shadowRoot.activeElement?.id), 'erase-confirm');
  net.loseErasure = false;
  await supervisor.keyboard.press('Enter');
  await supervisor.waitForFunction(() => document.getElementById('workspace').hidden && !document.querySelector('cp-caseload').shadowRoot.textContent.includes('OD-2026-77'), poll);
  assert.equal(await supervisor.evaluate(async (id) => (await fetch(`/api/cases/${id}`)).status, onServer.caseId), 404);
  // The held pulls then say what she did already; the device takes it calmly.
  net.holdPulls = false;
  await Promise.all(net.held.splice(0).map((requestId) => settle('Fetch.continueRequest', { requestId })));
  await supervisor.waitForFunction(() => document.querySelector('cp-sync').shadowRoot.textContent.includes('Everything is on the server.'), poll);
  await office.waitForFunction(() => !document.querySelector('cp-caseload').shadowRoot.textContent.includes('OD-2026-77'), poll);
  assert.deepEqual(await office.evaluate(async (id) => (await document.querySelector('cp-caseload').store.events(id)).length, onServer.caseId), 0);
  // The coordinator had it open: her workspace closes and says why, where her focus was.
  await office.waitForFunction(() => document.getElementById('workspace').hidden && document.activeElement?.id === 'no-case', poll);
  assert.equal(await office.evaluate(() => document.getElementById('no-case').textContent), 'The case you had open was erased at the person’s request. Nothing of it is kept on this device.');
  assert.equal(await office.evaluate(() => localStorage.getItem('staff-case')), null, 'a reload does not open it again');

  // 5. A job coach sees no requests, and cannot ask for them: the page offers no entry, and the
  // inbox, reached anyway, says whose they are.
  const coach = await (await browser.createBrowserContext()).newPage();
  await coach.goto(`${server.url}/examples/staff/?lang=en`, { waitUntil: 'load' });
  await signIn(coach, 'anna');
  await coach.waitForFunction(() => document.getElementById('requests').hidden, poll);
  await coach.evaluate(() => (document.getElementById('requests').open = true));
  await coach.waitForFunction(() => document.querySelector('cp-intake-inbox')?.shadowRoot?.textContent.includes('Only coordinators and supervisors'), poll);
  assert.equal(await coach.evaluate(async () => (await fetch('/api/intake/first-contacts')).status), 404);
  assert.deepEqual(problems, []);
});

test('what someone types is back after their phone’s browser ended the hidden tab, and gone once they leave the page', async () => {
  const context = await browser.createBrowserContext();
  const person = await context.newPage();
  const problems = [];
  person.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  const site = `${server.url}/examples/site/?lang=en`;
  await person.goto(site, { waitUntil: 'load' });
  await person.waitForFunction(() => document.querySelector('cp-first-contact')?.shadowRoot?.querySelector('form'), poll);
  await person.type('cp-first-contact >>> #name', 'Marta');
  await person.type('cp-first-contact >>> #message', 'I am looking for work near home.');
  await person.click('cp-first-contact >>> input[name="help-work"]');
  // Another app: another tab comes to the front, and this one is hidden.
  const other = await context.newPage();
  await other.bringToFront();
  await person.waitForFunction(() => document.visibilityState === 'hidden', poll);
  // The browser ends the hidden tab to free memory: no page event says so. Its renderer is gone.
  const cdp = await person.createCDPSession();
  await Promise.race([cdp.send('Page.crash').catch(() => undefined), new Promise((resolve) => person.once('error', resolve))]);
  // The person comes back: the tab loads the page again.
  await person.bringToFront();
  await person.reload({ waitUntil: 'load' });
  await person.waitForFunction(() => document.querySelector('cp-first-contact')?.shadowRoot?.querySelector('#name')?.value === 'Marta', poll);
  assert.equal(await person.$eval('cp-first-contact >>> #message', (e) => e.value), 'I am looking for work near home.');
  assert.equal(await person.$eval('cp-first-contact >>> input[name="help-work"]', (e) => e.checked), true);
  assert.match(await shadowText(person, 'cp-first-contact'), /What you wrote before you left this page is back/);
  assert.deepEqual(await person.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('casepath-first-contact:'))), [], 'read once, then gone');
  // Hidden again, then the person leaves the page (they are asked first, and say yes): nothing stays.
  await other.bringToFront();
  await person.waitForFunction(() => document.visibilityState === 'hidden', poll);
  assert.equal(await person.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('casepath-first-contact:')).length), 1, 'kept while hidden');
  await person.bringToFront();
  person.once('dialog', (dialog) => void dialog.accept());
  await person.goto(`${server.url}/examples/staff/`, { waitUntil: 'load' });
  // The next page of the site, in the same tab, sees the tab's session storage: nothing of the request.
  assert.deepEqual(await person.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('casepath-first-contact:'))), [], 'left');
  assert.deepEqual(problems, []);
  await context.close();
});
