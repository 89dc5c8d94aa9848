// `pnpm bench` (widgets, sync): a new device's first pull of a provider's 5,000 cases × 30
// events from casepath-server into IndexedDB, in headless Chromium, against fetching the same
// pages without storing them (same browser, same server, same run); then <cp-caseload> of those
// 5,000 cases opening from IndexedDB, against a plain table of the same rows built with DOM calls.
// Needs `pnpm build` (the cdn/ bundle and the server's dist/).
import os from 'node:os';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, repoRoot } from '../test/e2e/browser.mjs';

setTimeout(() => {
  console.error('sync benchmark timed out');
  process.exit(1);
}, 600_000).unref();

const CASES = Number(process.env.BENCH_CASES ?? 5000);
const EVENTS = Number(process.env.BENCH_EVENTS_PER_CASE ?? 30);
const dataDir = mkdtempSync(join(tmpdir(), 'casepath-sync-bench-'));
console.log(`\nSync: seeding ${CASES.toLocaleString('en')} cases × ${EVENTS} events into an embedded server database…`);
execFileSync(process.execPath, ['--conditions=@casepath/source', '--import', 'tsx', join(repoRoot, 'packages/server/bench/seed-provider.ts'), dataDir, String(CASES), String(EVENTS)], { cwd: join(repoRoot, 'packages/server'), stdio: 'inherit' });
const server = spawn(process.execPath, [join(repoRoot, 'packages/server/dist/bin/casepath-server.js')], {
  env: { ...process.env, CASEPATH_PORT: '0', CASEPATH_DATA_DIR: dataDir, CASEPATH_SITE_DIR: repoRoot, LOG_LEVEL: 'info' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (d) => {
    out += d;
    const m = /"url":"(http:\/\/[^"]+)".*casepath server listening/.exec(out);
    if (m) resolve(m[1]);
  });
  server.on('exit', (code) => reject(new Error(`server exited ${code}`)));
});
server.stdout.resume();
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto(`${url}/packages/widgets/bench/sync.html`);
  await page.waitForSelector('cp-sync >>> input[name="email"]');
  const expected = await page.evaluate(async () => {
    await fetch('/api/auth/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ewa@demo.casepath.org', password: 'casepath-demo' }) });
    // Reference: the same pages, fetched and parsed, nothing stored.
    let cursor = '';
    let events = 0;
    const t0 = performance.now();
    for (;;) {
      const page = await (await fetch(`/api/sync/pull?limit=5000${cursor ? `&cursor=${cursor}` : ''}`)).json();
      events += page.events.length;
      cursor = page.cursor;
      if (!page.more) break;
    }
    return { events, fetchMs: performance.now() - t0 };
  });
  // The device: <cp-sync> picks up the session and pulls everything into IndexedDB.
  const t0 = Date.now();
  await page.reload();
  // Ask the page's own store (a second connection would get in the way of the database's
  // creation), every 100 ms: how many cases it holds, then, once all are there, how many events.
  const cases = await page.evaluate(async () => (await (await fetch('/api/aggregates')).json()).aggregates.reduce((n, a) => n + a.cases, 0));
  for (;;) {
    const stored = await page.evaluate(async (cases) => {
      const el = document.querySelector('cp-sync');
      if (!el?.store?.inTransaction) return 0;
      const heads = await el.store.inTransaction(['heads'], 'readonly', (tx) => tx.objectStore('heads').count()).catch(() => 0);
      if (heads < cases) return 0;
      return (await el.store.caseStates()).reduce((n, s) => n + s.lastSeq + 1, 0);
    }, cases);
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
    await customElements.whenDefined('cp-caseload');
    await el.updateComplete;
    const rows = el.shadowRoot.querySelectorAll('tbody tr').length;
    const ms = performance.now() - t0;
    const t2 = performance.now();
    const states = await el.store.caseStates();
    const readMs = performance.now() - t2;
    const t1 = performance.now();
    const table = document.createElement('table');
    const body = table.createTBody();
    for (const s of states) {
      const tr = body.insertRow();
      tr.insertCell().textContent = s.clientRef ?? s.caseId;
      tr.insertCell().textContent = s.stage ?? '';
      tr.insertCell().textContent = s.nextReviewDue ?? '';
    }
    document.body.append(table);
    table.getBoundingClientRect();
    return { rows, ms, readMs, referenceMs: performance.now() - t1 };
  });
  console.log(`\nSync in headless ${await browser.version()}, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}:`);
  console.log(`  first pull of ${expected.events.toLocaleString('en')} events into IndexedDB       ${(pullMs / 1000).toFixed(2).padStart(6)} s   (goal ≤ 5 s)`);
  console.log(`  the same pages fetched and parsed, not stored   ${(expected.fetchMs / 1000).toFixed(2).padStart(6)} s   ratio ${(pullMs / expected.fetchMs).toFixed(1)}×`);
  console.log(`  <cp-caseload>, ${caseload.rows.toLocaleString('en')} cases, from IndexedDB          ${caseload.ms.toFixed(0).padStart(6)} ms  (goal ≤ 500 ms)`);
  console.log(`    of which reading the projections (caseStates)  ${caseload.readMs.toFixed(0).padStart(6)} ms`);
  console.log(`  a plain table of the same rows (DOM calls)      ${caseload.referenceMs.toFixed(0).padStart(6)} ms  ratio ${(caseload.ms / caseload.referenceMs).toFixed(1)}×`);
} finally {
  await browser.close();
  server.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
