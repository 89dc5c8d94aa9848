// `pnpm bench` (widgets): bundle sizes, and the time from script load to the first render of
// <cp-intake-form> in headless Chromium, against a reference page whose script defines a
// one-line custom element, in the same browser session (median of 15 loads each).
import os from 'node:os';

// Never hang CI or a terminal: give up after two minutes.
setTimeout(() => {
  console.error('first-render benchmark timed out');
  process.exit(1);
}, 120_000).unref();
import { bundleSizes, BUDGETS } from '../scripts/bundle-sizes.mjs';
import { launchChromium, startSite } from '../test/e2e/browser.mjs';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`Casepath widgets benchmark — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}\n`);
console.log('cdn/ bundle, min+gzip:');
for (const { what, bytes } of bundleSizes()) console.log(`  ${what.padEnd(46)} ${(bytes / 1024).toFixed(1).padStart(6)} KB${BUDGETS[what] ? ` (budget ${BUDGETS[what] / 1024} KB)` : ''}`);

const site = await startSite();
const browser = await launchChromium();
const page = await browser.newPage();
const version = await browser.version();
async function firstRender(path) {
  await page.goto(`${site.url}/packages/widgets/bench/${path}`);
  await page.waitForFunction(() => document.querySelector('cp-intake-form')?.shadowRoot?.querySelector('h2'), { polling: 1, timeout: 20_000 });
  return page.evaluate(() => performance.now() - window.t0);
}
const ours = [];
const reference = [];
for (let i = 0; i < 15; i++) {
  ours.push(await firstRender('first-render.html'));
  reference.push(await firstRender('reference.html'));
}
await browser.close();
await site.stop();
const a = median(ours);
const b = median(reference);
console.log(`\nScript load to first render in headless ${version} (median of 15, warm HTTP cache):`);
console.log(`  <cp-intake-form> through the autoloader   ${a.toFixed(1).padStart(7)} ms`);
console.log(`  one-line custom element (reference)       ${b.toFixed(1).padStart(7)} ms`);
console.log(`  ratio: ${(a / b).toFixed(1)}×`);
