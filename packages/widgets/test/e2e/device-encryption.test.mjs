// Encryption at rest on a staff device, read from the disk as a thief of the laptop would: the
// examples site served by casepath-server (embedded PGlite, demo accounts), a worker signs in,
// the device pulls the provider's cases, and she records while online and while offline (the
// outbox) and leaves a draft. Then the browser is closed and every file of its profile is read:
// no plaintext of any of it. A plain IndexedDB database written beside it is found, so the search
// can fail. Reopened, a wrong password is refused and destroys nothing; the right one opens all.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, startDemoServer } from './browser.mjs';

let server;
let profile;
/** The browser of the moment, closed after the test even when it fails (or node would wait for it). */
let browser;
before(async () => {
  server = await startDemoServer();
  profile = mkdtempSync(join(tmpdir(), 'casepath-profile-'));
});
after(async () => {
  await browser?.close().catch(() => undefined); // already closed when the test ran to its end
  server?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

const PASSWORD = 'casepath-demo';
const CASE = 'demo-warsaw-5';
const ONLINE_NOTE = 'Quokka-online-reason-4417';
const OFFLINE_NOTE = 'Quokka-offline-reason-9921';
const DRAFT_NOTE = 'Quokka-draft-answer-3308';
const TYPED_NOTE = 'Quokka-typed-not-saved-7261';
const CONTROL = 'Quokka-control-plaintext-5150';
const poll = { polling: 100 };

/** Every file under `dir`, with the text searched for in the encodings Chromium stores strings in. */
function filesHolding(dir, text) {
  const needles = [Buffer.from(text, 'latin1'), Buffer.from(text, 'utf16le')];
  const found = [];
  for (const entry of readdirSync(dir, { recursive: true })) {
    const path = join(dir, entry);
    if (!statSync(path).isFile()) continue;
    const bytes = readFileSync(path);
    if (needles.some((n) => bytes.includes(n))) found.push(entry);
  }
  return found;
}

async function signIn(page) {
  await page.waitForFunction(() => document.querySelector('cp-sync')?.shadowRoot?.querySelector('input[name="email"]'), poll);
  await page.evaluate((password) => {
    const form = document.querySelector('cp-sync').shadowRoot.querySelector('form');
    form.querySelector('input[name="email"]').value = 'ewa@demo.casepath.org';
    form.querySelector('input[name="password"]').value = password;
    form.requestSubmit();
  }, PASSWORD);
}
const syncText = (page) => page.evaluate(() => document.querySelector('cp-sync').shadowRoot.textContent);
const record = (page, reason) =>
  page.evaluate(
    async (caseId, why) => {
      const plan = document.querySelector('cp-support-plan');
      const events = await plan.store.events(caseId);
      const r = await plan.store.record({ caseId, baseSeq: events.at(-1).seq, drafts: [{ type: 'support.log', payload: { minutes: 40, mode: 'on-the-job' }, actor: { id: 'ewa', role: 'coordinator' }, reason: why }] }, plan.templateResolver);
      return r.status;
    },
    CASE,
    reason,
  );

test('nothing a worker recorded, pulled, left waiting or drafted is readable in the browser profile on disk; a wrong password destroys nothing', async () => {
  browser = await launchChromium({ userDataDir: profile });
  let page = await browser.newPage();
  await page.goto(`${server.url}/examples/site/?lang=en`, { waitUntil: 'networkidle0' });
  await page.evaluate((c) => localStorage.setItem('demo-case', c), CASE);
  await signIn(page);
  await page.waitForFunction(() => document.querySelector('cp-sync').shadowRoot.textContent.includes('Everything is on the server.'), poll);
  await page.waitForFunction(async (c) => (await document.querySelector('cp-support-plan').store.events(c)).length > 0, poll, CASE);
  const pulledRef = await page.evaluate(async (c) => (await document.querySelector('cp-support-plan').store.events(c))[0].payload.clientRef, CASE);
  assert.match(pulledRef, /^OD-2026-\d+$/);

  assert.equal(await record(page, ONLINE_NOTE), 'saved');
  // Sent and pulled back: nothing left in the outbox ("Everything is on the server." was already
  // on screen before this change was sent).
  await page.waitForFunction(async () => (await document.querySelector('cp-sync').store.inTransaction(['outbox'], 'readonly', (tx) => tx.objectStore('outbox').count())) === 0, poll);
  // A note typed in the case's support log and not saved, kept on disk as the page is hidden.
  await page.evaluate((c) => {
    const log = document.createElement('cp-support-log');
    for (const [k, v] of Object.entries({ organisation: 'open-doors-demo', 'case-id': c })) log.setAttribute(k, v);
    document.querySelector('main').append(log);
  }, CASE);
  await page.waitForFunction(() => document.querySelector('cp-support-log')?.shadowRoot?.querySelector('#note'), poll);
  await page.evaluate((text) => {
    document.querySelector('cp-support-log').shadowRoot.querySelector('#note').value = text;
    window.dispatchEvent(new Event('pagehide'));
  }, TYPED_NOTE);
  await page.$eval('cp-support-log', (el) => el.updateComplete);
  await page.setOfflineMode(true);
  await page.waitForFunction(() => document.querySelector('cp-sync').shadowRoot.textContent.includes('No connection to the server'), poll);
  assert.equal(await record(page, OFFLINE_NOTE), 'saved');
  await page.waitForFunction(() => /1 change waits to be sent/.test(document.querySelector('cp-sync').shadowRoot.textContent), poll);
  await page.evaluate((note) => document.querySelector('cp-support-plan').store.saveDraft('assessment:demo-warsaw-5:vocational-profile:staff', { answers: { note } }, { caseId: 'demo-warsaw-5' }), DRAFT_NOTE);
  // The control: a plain database of the same origin, in the same profile.
  await page.evaluate(
    (text) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('plain-control', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('notes', { keyPath: 'id' });
        open.onsuccess = () => {
          const tx = open.result.transaction('notes', 'readwrite');
          tx.objectStore('notes').put({ id: 1, text });
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
        open.onerror = () => reject(open.error);
      }),
    CONTROL,
  );
  await browser.close();

  assert.notDeepEqual(filesHolding(join(profile, 'Default', 'IndexedDB'), CONTROL), [], 'the search finds what is stored in plain');
  for (const secret of [ONLINE_NOTE, OFFLINE_NOTE, DRAFT_NOTE, TYPED_NOTE, pulledRef]) assert.deepEqual(filesHolding(profile, secret), [], `${secret} is nowhere in the profile`);

  // The laptop again: the session cookie is still there, but the key was only in memory. A wrong
  // password is refused and destroys nothing; the right one opens everything, and what waited
  // offline is sent.
  browser = await launchChromium({ userDataDir: profile });
  page = await browser.newPage();
  await page.goto(`${server.url}/examples/site/?lang=en`, { waitUntil: 'load' });
  await page.waitForFunction(() => document.querySelector('cp-sync')?.shadowRoot?.querySelector('input[name="passphrase"]'), poll);
  const unlock = (password) =>
    page.evaluate((p) => {
      const form = document.querySelector('cp-sync').shadowRoot.querySelector('form');
      form.querySelector('input[name="passphrase"]').value = p;
      form.requestSubmit();
    }, password);
  await unlock('casepath-dem0');
  await page.waitForFunction(() => document.querySelector('cp-sync').shadowRoot.querySelector('[role="alert"]')?.textContent.includes('does not open the records'), poll);
  await unlock(PASSWORD);
  await page.waitForFunction(() => document.querySelector('cp-sync').shadowRoot.textContent.includes('Signed in as'), poll);
  // The site shows the case the page remembered; with a worker signed in, the person's "remove my
  // answers from this computer" is not offered: the case is the team's, erased on the staff page,
  // on the server first.
  assert.deepEqual(await page.evaluate(() => ['step-plan', 'step-leave'].map((id) => document.getElementById(id).hidden)), [false, true]);
  // What waited offline was sent and pulled back.
  await page.waitForFunction(async () => (await document.querySelector('cp-sync').store.inTransaction(['outbox'], 'readonly', (tx) => tx.objectStore('outbox').count())) === 0, poll);
  const reasons = await page.evaluate(async (c) => (await document.querySelector('cp-support-plan').store.events(c)).map((e) => e.reason).filter((r) => r?.startsWith('Quokka')), CASE);
  assert.deepEqual(reasons, [ONLINE_NOTE, OFFLINE_NOTE]);
  const draft = await page.evaluate(() => document.querySelector('cp-support-plan').store.loadDraft('assessment:demo-warsaw-5:vocational-profile:staff'));
  assert.deepEqual(draft, { answers: { note: DRAFT_NOTE } });
  const typing = await page.evaluate((c) => {
    const store = document.querySelector('cp-support-plan').store;
    return store.loadDraft(`typing:cp-support-log:${c}:${store.recordsOpenedBy()}`);
  }, CASE);
  assert.ok(Object.values(typing?.texts ?? {}).includes(TYPED_NOTE), 'the typed note opens with the records, for the worker who typed it');
  assert.match(await syncText(page), /Signed in as/);
  await browser.close();
});
