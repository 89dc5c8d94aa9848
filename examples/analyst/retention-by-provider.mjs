// Retention one year after entering the labour market, by provider, from an event export.
//
//   pnpm --filter @casepath/example-analyst start        (simulates an export first)
//   node retention-by-provider.mjs export.ndjson [YYYY-MM-DD cut-off]
//
// Each line of the export is one case event (as `casepath simulate` or a Casepath store writes).
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { byProvider, parseCaseEvent, retention } from '@casepath/core';

const [file, asOf] = process.argv.slice(2);
if (!file) {
  console.error('usage: node retention-by-provider.mjs export.ndjson [cut-off date]');
  process.exit(2);
}

// Group events by case, validating every line: stored data is never trusted on read.
const cases = new Map();
let line = 0;
for await (const text of createInterface({ input: createReadStream(file) })) {
  line++;
  if (!text.trim()) continue;
  let event;
  try {
    event = parseCaseEvent(JSON.parse(text));
  } catch (error) {
    console.error(`line ${line}: ${error.message}`);
    process.exit(1);
  }
  const c = cases.get(event.caseId) ?? { caseId: event.caseId, providerId: 'unknown', events: [] };
  if (event.type === 'case.open') c.providerId = event.payload.providerId;
  c.events.push(event);
  cases.set(event.caseId, c);
}
const records = [...cases.values()].map((c) => ({ ...c, events: c.events.sort((a, b) => a.seq - b.seq) }));
const options = asOf ? { asOf } : {};

const pct = (x) => (x === null || x === undefined ? '   –  ' : `${(x * 100).toFixed(1).padStart(5)}%`);
const all = retention(records, options);
console.log(`${records.length} cases, ${all.placed} entered the labour market.`);
console.log(`In work 365 days after the first job, counting re-placement: ${pct(all.estimate?.value)} (Aalen-Johansen, 95% CI ${pct(all.estimate?.lower)} – ${pct(all.estimate?.upper)})`);
console.log(`First job lasting 365 days: ${pct(all.firstSpell?.value)} (Kaplan-Meier)`);
console.log(`Plain share among the ${all.plain.n} followed for a whole year: ${pct(all.plain.share)}\n`);

const table = byProvider(records, 'retention', options);
console.log('provider      placed   Aalen-Johansen (95% CI)      plain share (n)');
for (const r of table.rows) {
  if (r.n === 0) continue;
  console.log(`${r.providerId.padEnd(12)}  ${String(r.n).padStart(6)}   ${pct(r.estimate)} (${pct(r.lower)} – ${pct(r.upper)})   ${pct(r.plainShare)} (${r.plainN})`);
}
if (table.logRank) {
  console.log(`\nDo providers differ in first-job tenure? log-rank chi-square ${table.logRank.chiSquare.toFixed(2)} on ${table.logRank.df} df, p = ${table.logRank.pValue.toPrecision(2)}`);
}
