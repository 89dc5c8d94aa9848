// Fails when the cdn/ bundle exceeds its budgets (min+gzip; the figures, and why each grew, are
// BUDGETS in bundle-sizes.mjs): the autoloader plus <cp-intake-form>, the autoloader plus
// <cp-first-contact>, a staff member's usual set, every component. Run after `pnpm build`; part of `pnpm test`.
import { BUDGETS, bundleSizes } from './bundle-sizes.mjs';

const rows = bundleSizes();
let failed = 0;
for (const { what, bytes } of rows) {
  const budget = BUDGETS[what];
  const over = budget !== undefined && bytes > budget;
  if (over) failed++;
  console.log(`${over ? 'OVER ' : budget ? 'ok   ' : '     '}${what.padEnd(42)} ${(bytes / 1024).toFixed(1).padStart(6)} KB${budget ? ` (budget ${budget / 1024} KB)` : ''}`);
}
const checked = Object.keys(BUDGETS).length;
console.log(`size: ${checked - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
