// `pnpm bench` (widgets, sync): a new device's first pull of a provider's 5,000 cases × 30
// events from casepath-server into IndexedDB, in headless Chromium (a new profile on disk for
// each device), against fetching the same
// pages without storing them (same browser, same server, same run); then <cp-caseload> of those
// 5,000 cases opening from IndexedDB (its first page of rows drawn and laid out), against the same
// summaries read and drawn as a plain table with DOM calls.
// Runs on the embedded database (PGlite) and, when its binaries are here, on PostgreSQL.
// Needs `pnpm build` (the cdn/ bundle and the server's dist/).
import os from 'node:os';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, waitForDeep, repoRoot } from '../test/e2e/browser.mjs';

setTimeout(() => {
  console.error('sync benchmark timed out');
  process.exit(1);
}, 900_000).unref();

const CASES = Number(process.env.BENCH_CASES ?? 5000);
const EVENTS = Number(process.env.BENCH_EVENTS_PER_CASE ?? 30);
const server = join(repoRoot, 'packages/server');
const tsx = (file, args) => [process.execPath, ['--conditions=@casepath/source', '--import', 'tsx', join(server, file), ...args], { cwd: server }];

/** Starts a process and resolves with the first JSON line (or the server's "listening" log) it prints. */
function started(child, pattern) {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = pattern.exec(out);
      if (m) resolve(m);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code} before it was ready:\n${out}`)));
  });
}

async function embedded() {
  const root = mkdtempSync(join(tmpdir(), 'casepath-sync-bench-'));
  const dataDir = join(root, 'data'); // its case keys go beside it, in data.case-keys
  const [cmd, args, opts] = tsx('bench/seed-provider.ts', [dataDir, String(CASES), String(EVENTS)]);
  execFileSync(cmd, args, { ...opts, stdio: 'inherit' });
  const child = spawn(process.execPath, [join(server, 'dist/bin/casepath-server.js')], {
    env: { ...process.env, CASEPATH_PORT: '0', CASEPATH_DATA_DIR: dataDir, CASEPATH_SITE_DIR: repoRoot, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [, url] = await started(child, /"url":"(http:\/\/[^"]+)".*casepath server listening/);
  child.stdout.resume();
  return { url, stop: () => (child.kill('SIGTERM'), rmSync(root, { recursive: true, force: true })) };
}

async function postgres() {
  const [cmd, args, opts] = tsx('bench/sync-server.ts', [repoRoot, String(CASES), String(EVENTS)]);
  const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await started(child, /\{"(?:url|skipped)".*\}\n/); // not a log line the server prints before
  const ready = JSON.parse(line);
  if (ready.skipped) return null;
  child.stdout.resume();
  return { url: ready.url, stop: () => child.kill('SIGTERM') };
}

/**
 * A new device: a browser with a profile of its own, on disk, as a worker's browser keeps it. (A
 * private context keeps IndexedDB in memory, where Chromium's writes were four to five times
 * slower and grew with the database: a pull measured there is not what a device sees.)
 */
async function newDevice() {
  const userDataDir = mkdtempSync(join(tmpdir(), 'casepath-sync-bench-device-'));
  const browser = await launchChromium({ userDataDir });
  return { browser, close: async () => (await browser.close(), rmSync(userDataDir, { recursive: true, force: true })) };
}

async function measure(url, sealed) {
  const device = await newDevice();
  try {
    return await measureOn(device.browser, url, sealed);
  } finally {
    await device.close();
  }
}

async function measureOn(browser, url, sealed) {
  const page = await browser.newPage();
  await page.goto(`${url}/packages/widgets/bench/sync.html${sealed ? '' : '?sealed=off'}`);
  await waitForDeep(page, 'cp-sync >>> input[name="email"]');
  const expected = await page.evaluate(async () => {
    await fetch('/api/auth/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ewa@demo.casepath.org', password: 'casepath-demo' }) });
    // Reference: the same pages, fetched and parsed, nothing stored.
    let cursor = '';
    let events = 0;
    performance.setResourceTimingBufferSize(10_000);
    const t0 = performance.now();
    for (;;) {
      const page = await (await fetch(`/api/sync/pull?limit=5000${cursor ? `&cursor=${cursor}` : ''}`)).json();
      events += page.events.length;
      cursor = page.cursor;
      if (!page.more) break;
    }
    const cases = (await (await fetch('/api/aggregates')).json()).aggregates.reduce((n, a) => n + a.cases, 0);
    const fetchMs = performance.now() - t0;
    // What the pages weighed on the wire (gzip, as every browser asks) and as JSON.
    const pulls = performance.getEntriesByType('resource').filter((r) => r.name.includes('/api/sync/pull'));
    const wire = pulls.reduce((n, r) => n + r.encodedBodySize, 0);
    const json = pulls.reduce((n, r) => n + r.decodedBodySize, 0);
    await fetch('/api/auth/sign-out', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    return { events, cases, fetchMs, wire, json };
  });
  // The device: the worker signs in with <cp-sync> (which seals the empty database with her
  // password, unless `sealed` is false) and it pulls everything into IndexedDB. Ask the page's own
  // store (a second connection would get in the way of the database's creation) every 100 ms: how
  // many cases it holds, then, once all are there, how many events.
  await page.reload();
  await waitForDeep(page, 'cp-sync >>> input[name="email"]');
  const t0 = Date.now();
  await page.evaluate(() => {
    const form = document.querySelector('cp-sync').shadowRoot.querySelector('form');
    form.querySelector('input[name="email"]').value = 'ewa@demo.casepath.org';
    form.querySelector('input[name="password"]').value = 'casepath-demo';
    form.requestSubmit();
  });
  for (;;) {
    const stored = await page.evaluate(async (cases) => {
      const el = document.querySelector('cp-sync');
      if (!el?.store?.inTransaction) return 0;
      const heads = await el.store.inTransaction(['heads'], 'readonly', (tx) => tx.objectStore('heads').count()).catch(() => 0);
      if (heads < cases) return 0;
      return (await el.store.caseSummaries()).reduce((n, s) => n + s.lastSeq + 1, 0);
    }, expected.cases);
    if (stored >= expected.events) break;
    if (Date.now() - t0 > 300_000) throw new Error(`the first pull did not finish: ${stored} of ${expected.events} events after 5 minutes`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const pullMs = Date.now() - t0;
  // The caseload of those cases, from the projections in IndexedDB; and a plain table as reference.
  const caseload = await page.evaluate(async () => {
    // Load the component first: what is measured is opening the caseload, not downloading code.
    const preload = document.createElement('cp-caseload');
    preload.setAttribute('organisation', 'bench-empty'); // an empty database: nothing to render
    document.body.append(preload);
    await customElements.whenDefined('cp-caseload');
    await preload.updateComplete;
    preload.remove();
    const t0 = performance.now();
    const el = document.createElement('cp-caseload');
    el.setAttribute('organisation', 'bench-device');
    el.setAttribute('today', '2026-11-24');
    document.body.append(el);
    await el.updateComplete;
    el.getBoundingClientRect(); // laid out, as the reference is
    const rows = el.shadowRoot.querySelectorAll('tbody tr').length; // its first page
    const ms = performance.now() - t0;
    const cases = Number(/\d[\d,]*/.exec(el.shadowRoot.querySelector('p[role="status"]').textContent)[0].replace(/,/g, ''));
    // Reference: the same summaries read from the same store, and a plain table of every one of
    // them (what the caseload drew before it showed a page at a time), made with DOM calls.
    const table = (states) => {
      const t = document.createElement('table');
      const body = t.createTBody();
      for (const s of states) {
        const tr = body.insertRow();
        tr.insertCell().textContent = s.clientRef ?? s.caseId;
        tr.insertCell().textContent = s.stage ?? '';
        tr.insertCell().textContent = s.nextReviewDue ?? '';
      }
      document.body.append(t);
      t.getBoundingClientRect();
      return t;
    };
    const t1 = performance.now();
    const states = await el.store.caseSummaries();
    table(states).remove();
    const referenceMs = performance.now() - t1;
    const t2 = performance.now();
    table((await el.store.caseSummaries()).slice(0, rows)).remove();
    const firstPageMs = performance.now() - t2;
    return { cases, rows, ms, referenceMs, firstPageMs };
  });
  return { ...expected, pullMs, caseload };
}

const probe = await newDevice();
const version = await probe.browser.version();
await probe.close();
console.log(`\nSync in headless ${version} (each device a new profile on disk), ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}: ${CASES.toLocaleString('en')} cases × ${EVENTS} events`);
for (const [label, start] of [['embedded database (PGlite)', embedded], ['PostgreSQL', postgres]]) {
  const s = await start();
  if (!s) {
    console.log(`  ${label}: skipped (PostgreSQL server binaries not found)`);
    continue;
  }
  try {
    const r = await measure(s.url, true);
    const plain = await measure(s.url, false);
    console.log(`\n  server on ${label}:`);
    console.log(`    first pull of ${r.events.toLocaleString('en')} events into IndexedDB        ${(r.pullMs / 1000).toFixed(2).padStart(6)} s   (goal ≤ 5 s; records sealed, the default)`);
    console.log(`    the same, device-encryption="off"                 ${(plain.pullMs / 1000).toFixed(2).padStart(6)} s   sealing costs ${(r.pullMs / plain.pullMs).toFixed(2)}×`);
    console.log(`    the same pages fetched and parsed, not stored     ${(r.fetchMs / 1000).toFixed(2).padStart(6)} s   ratio ${(r.pullMs / r.fetchMs).toFixed(1)}×`);
    console.log(`    those pages on the wire                         ${(r.wire / 1e6).toFixed(1).padStart(6)} MB  of ${(r.json / 1e6).toFixed(1)} MB of JSON (${(r.json / r.wire).toFixed(1)}× smaller)`);
    console.log(`    <cp-caseload>, ${r.caseload.cases.toLocaleString('en')} cases, from IndexedDB          ${r.caseload.ms.toFixed(0).padStart(6)} ms  (goal ≤ 500 ms; the first ${r.caseload.rows} rows drawn)`);
    console.log(`    the same summaries read, a plain table of its rows ${r.caseload.firstPageMs.toFixed(0).padStart(6)} ms  ratio ${(r.caseload.ms / r.caseload.firstPageMs).toFixed(1)}×`);
    console.log(`    the same summaries read, a plain table of all     ${r.caseload.referenceMs.toFixed(0).padStart(6)} ms  ratio ${(r.caseload.ms / r.caseload.referenceMs).toFixed(1)}×`);
    console.log(`    <cp-caseload>, device-encryption="off"            ${plain.caseload.ms.toFixed(0).padStart(6)} ms  sealing costs ${(r.caseload.ms / plain.caseload.ms).toFixed(2)}×`);
  } finally {
    s.stop();
  }
}
