/**
 * For the widgets' sync benchmark: a throwaway PostgreSQL cluster seeded with a provider's
 * caseload (seed-provider.ts) and a casepath-server on it, serving the repository. Prints
 * `{"url": …}` when ready; stops everything on SIGTERM. Usage:
 *   node --conditions=@casepath/source --import tsx bench/sync-server.ts REPO_ROOT [CASES] [EVENTS]
 */
import { openPostgres } from '../src/db/database.js';
import { startServer } from '../src/server.js';
import { findPostgresBin, startCluster } from '../test/pg-cluster.js';
import { seedProvider } from './seed-provider.js';
import { CaseKeys } from '../src/db/case-keys.js';
import { SqlKeyStore } from '../src/db/key-store-sql.js';

const [siteDir, casesArg, eventsArg] = process.argv.slice(2);
const bin = findPostgresBin();
if (!bin || !siteDir) {
  console.log(JSON.stringify({ skipped: bin ? 'usage: sync-server.ts REPO_ROOT [CASES] [EVENTS]' : 'PostgreSQL server binaries not found' }));
  process.exit(0);
}
const cluster = await startCluster(bin);
const admin = openPostgres(`${cluster.url}/postgres`, 1);
await admin.query('CREATE DATABASE casepath');
await admin.close();
const url = `${cluster.url}/casepath`;
const seed = openPostgres(url, 2);
// The server below keeps its case keys in the schema casepath_keys of the same database.
const events = await seedProvider(seed, new CaseKeys(await SqlKeyStore.open(seed, 'casepath_keys', false)), Number(casesArg ?? 5000), Number(eventsArg ?? 30));
await seed.close();
const server = await startServer({ port: 0, host: '127.0.0.1', database: { kind: 'postgres', url }, caseKeys: { kind: 'same-database' }, siteDir, allowedOrigins: [], sessionHours: 12, intakeDifficulty: 16, intakePerHour: 20, intakeKeepDays: 90, secureCookies: true, trustProxy: false, secretKey: null, secretKeyFile: null, oidc: null, logLevel: 'warn' });
console.log(JSON.stringify({ url: server.url, events }));
process.on('SIGTERM', () => {
  void server.close().finally(() => {
    cluster.stop();
    process.exit(0);
  });
});
