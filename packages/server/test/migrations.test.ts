// A database written by schema version 1 (test/fixtures/schema-v1.sql, made by version 1's code
// with make-schema-v1.ts) is opened by this server: migrated forward with nothing lost.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCaseEvent, replay, builtInTemplates } from '@casepath/core';
import { openPglite, openPostgres, type Database } from '../src/db/database.js';
import { UNCHAINED_CASES, verifyStoredHistory } from '../src/db/history.js';
import { migrate, schemaStatus } from '../src/db/migrate.js';
import { findTemplate } from '../src/db/templates.js';
import { backends, Client, freshDatabase, PASSWORD, postgresUrl, testApp, testCaseKeys } from './helpers.js';
import { CASES_WITH_PLAIN_ROWS, sealPlainRows } from '../src/db/case-sealing.js';

const fixture = readFileSync(new URL('./fixtures/schema-v1.sql', import.meta.url), 'utf8');

async function emptyDatabase(backend: string): Promise<Database> {
  if (backend === 'pglite') return openPglite(undefined);
  const name = `v1_${Math.random().toString(36).slice(2)}`;
  const admin = openPostgres(`${postgresUrl()}/postgres`, 1);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.close();
  return openPostgres(`${postgresUrl()}/${name}`, 2);
}

describe.each(backends)('upgrading a stored version 1 database on %s', (backend) => {
  it('migrates to the newest schema and keeps every account, case, event, conflict and template', async () => {
    const db = await emptyDatabase(backend);
    await db.exec(`${fixture}\nRESET search_path;`); // pg_dump empties search_path for its session
    expect(await schemaStatus(db)).toMatchObject({ current: 1 });
    const before = await db.query<{ t: string; n: number }>(
      `SELECT 'events' AS t, count(*)::int AS n FROM events UNION ALL SELECT 'cases', count(*)::int FROM cases UNION ALL
       SELECT 'workers', count(*)::int FROM workers UNION ALL SELECT 'conflicts', count(*)::int FROM conflicts UNION ALL SELECT 'templates', count(*)::int FROM templates ORDER BY 1`,
    );
    const r = await migrate(db);
    expect(r).toMatchObject({ from: 1, to: 17 });
    expect(r.applied.map((f) => f.replace(/^.*\//, ''))).toEqual(['002.do.devices.sql', '003.do.aggregate-members.sql', '004.do.history-hashes.sql', '005.do.access-log.sql', '006.do.second-factor.sql', '007.do.sealed-intake.sql', '008.do.erasures.sql', '009.do.oidc-logins.sql', '010.do.first-contact-erasures.sql', '011.do.start-checks-indexed.sql', '012.do.database-incarnation.sql', '013.do.resend-open-conflicts.sql', '014.do.role-changes.sql', '015.do.provider-moves.sql', '016.do.account-changes.sql', '017.do.erasure-recipients.sql']);
    const keys = testCaseKeys();
    const after = await db.query<{ t: string; n: number }>(
      `SELECT 'events' AS t, count(*)::int AS n FROM events UNION ALL SELECT 'cases', count(*)::int FROM cases UNION ALL
       SELECT 'workers', count(*)::int FROM workers UNION ALL SELECT 'conflicts', count(*)::int FROM conflicts UNION ALL SELECT 'templates', count(*)::int FROM templates ORDER BY 1`,
    );
    expect(after).toEqual(before);
    expect(before.find((x) => x.t === 'events')!.n).toBe(7);
    expect(before.find((x) => x.t === 'conflicts')!.n).toBe(1);

    // What version 1 stored still reads, replays, and serves.
    const rows = await db.query<{ case_id: string; body: unknown }>('SELECT case_id, body FROM events ORDER BY case_id, seq');
    const ours = await findTemplate(db, 'open-doors', 'od-employment', 1);
    expect(ours?.reviewCadenceDays).toBe(21);
    const a = rows.filter((x) => x.case_id === 'v1-a').map((x) => parseCaseEvent(x.body));
    expect(replay(ours!, a).state.stage).toBe('vocational-profiling');
    const b = rows.filter((x) => x.case_id === 'v1-b').map((x) => parseCaseEvent(x.body));
    expect(replay(builtInTemplates['euse-supported-employment'], b).state.team.map((m) => m.workerId)).toEqual(['anna']);
    // The server seals what version 1 stored in plain when it starts: each case with its own key.
    expect(await sealPlainRows(db, keys)).toBe(2);
    expect(await sealPlainRows(db, keys)).toBe(0);
    expect(await db.query("SELECT count(*)::int AS n FROM events WHERE jsonb_typeof(body) <> 'string'")).toEqual([{ n: 0 }]);
    expect(await db.query("SELECT count(*)::int AS n FROM conflicts WHERE jsonb_typeof(event) <> 'string' OR reason NOT LIKE 'v1:%'")).toEqual([{ n: 0 }]);
    expect(JSON.stringify(await db.query('SELECT body FROM events'))).not.toContain('REF-v1-a');
    // Events stored by version 1 are chained on upgrade, and verify.
    expect(await verifyStoredHistory(db, keys)).toMatchObject({ events: 7, broken: [] });
    const { app } = testApp(db, {}, keys);
    const anna = await new Client(app).signIn('anna', PASSWORD); // a password hash stored by version 1
    expect((await anna.pullAll()).events).toHaveLength(7);
    const pushed = await anna.push([{ event: { ...a[1]!, id: 'after-upgrade', seq: 4, type: 'support.log', payload: { minutes: 20, mode: 'remote' }, actor: { id: 'anna', role: 'job-coach' } } as never, knownSeq: 3 }]);
    expect(pushed.status, JSON.stringify(pushed.body)).toBe(200);
    expect(pushed.body.results[0].status).toBe('accepted');
    await db.close();
  });

  it('what every start asks (rows in plain, events not chained) is read from indexes, not from every event', async () => {
    const db = await freshDatabase(backend);
    try {
      // With sequential scans made the last resort, a plan still scans a table only when no index
      // has the query's condition: the partial indexes of schema 11 (empty once up to date).
      const plans = await db.transaction(async (tx) => {
        await tx.query('SET LOCAL enable_seqscan = off');
        const explain = async (q: string) => (await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${q}`)).map((row) => row['QUERY PLAN']).join('\n');
        return [await explain(CASES_WITH_PLAIN_ROWS), await explain(UNCHAINED_CASES)];
      });
      for (const plan of plans) expect(plan).not.toMatch(/Seq Scan/);
      for (const index of ['events_in_plain', 'cases_in_plain', 'conflicts_in_plain', 'events_unchained']) expect(plans.join('\n')).toContain(index);
    } finally {
      await db.close();
    }
  });
});
