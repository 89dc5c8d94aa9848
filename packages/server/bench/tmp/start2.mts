import { openPglite } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { sealPlainRows } from '../../src/db/case-sealing.js';
import { CaseKeys } from '../../src/db/case-keys.js';
import { FileKeyStore } from '../../src/db/key-store-files.js';
let t = performance.now();
const lap = (w: string) => { const n = performance.now(); console.log(w, (n - t).toFixed(0), 'ms'); t = n; };
const db = await openPglite('/tmp/run/data'); lap('open');
await migrate(db); lap('migrate');
await migrate(db); lap('migrate again');
for (const q of ["SELECT DISTINCT case_id FROM events WHERE hash IS NULL", "UPDATE events SET txid = pg_current_xact_id() WHERE txid >= pg_current_xact_id()", "SELECT id FROM cases WHERE jsonb_typeof(state) <> 'string' UNION SELECT case_id FROM events WHERE jsonb_typeof(body) <> 'string' UNION SELECT case_id FROM conflicts WHERE jsonb_typeof(event) <> 'string'"]) {
  const plan = await db.query<{ 'QUERY PLAN': string }>('EXPLAIN ' + q); t = performance.now(); await db.query(q); lap(q.slice(0, 60)); console.log('   ', plan.map((r) => r['QUERY PLAN']).filter((l) => /Scan/.test(l)).join(' | '));
}
await sealPlainRows(db, new CaseKeys(new FileKeyStore('/tmp/run/data.case-keys'))); lap('sealPlainRows');
await db.close();
