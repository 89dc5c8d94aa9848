#!/usr/bin/env node
// casepath-server: run the server, migrate, create the first account, back up and restore.
import { mkdirSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { configFromEnv, ConfigError, type ServerConfig } from '../config.js';
import { BY_COMMAND_LINE } from '../db/account-changes.js';
import { createWorker, ensureOrganisation, setPassword, workerForSignIn } from '../db/accounts.js';
import { openPglite, type Database } from '../db/database.js';
import type { CaseKeys } from '../db/case-keys.js';
import { migrate } from '../db/migrate.js';
import { DEMO_INTAKE_PASSPHRASE, DEMO_PASSWORD, seedDemo } from '../demo.js';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../domain/passwords.js';
import { openCaseKeys, openDatabase, startServer } from '../server.js';
import { newMemberKeys, readPublicKey, signAggregate } from '../domain/aggregate-signature.js';
import { verifyStoredHistory } from '../db/history.js';
import { prepareCaseKeys } from '../db/case-sealing.js';
import { createIntakeKey, cutOffProblem, FirstContactForm, IntakeSealError, LockedIntakeKey, minLength, openFirstContact, todayUtc, unlockIntakeKey } from '@casepath/core';
import { firstContactsFor, setIntakeForm, setIntakeKey } from '../db/intake.js';
import { newSecretKey } from '../domain/secret-box.js';
import { checkAnchor, HistoryAnchor, makeAnchor } from '../db/anchor.js';
import { markRestored } from '../db/incarnation.js';
import { providerAggregate } from '../db/indicators.js';

const HELP = `casepath-server: what an NGO runs so that a team shares its cases across devices.

Usage:
  casepath-server [start]        run the server (configuration from the environment)
  casepath-server demo           run with demo data and accounts, serving the examples site
  casepath-server migrate        bring the database schema up to date, then exit
  casepath-server create-admin --organisation ID --organisation-name NAME --email EMAIL --name NAME
                                 create the first administrator (password read from standard input)
  casepath-server reset-password --email EMAIL [--second-factor-off]
                                 give an account a new password (read from standard input), ending its
                                 sessions and lifting a lockout; with --second-factor-off, take its
                                 second factor away too (for an administrator who lost both)
  casepath-server backup --out FILE      copy an embedded (PGlite) database, server stopped (the case
                                         keys are not in it: back up CASEPATH_DATA_DIR.case-keys apart)
  casepath-server restore --from FILE    restore it into an empty CASEPATH_DATA_DIR, server stopped
  casepath-server restored       after pg_restore (or copying a data folder back by hand): mark the
                                 database restored, so devices that synced since the backup send
                                 again what it lost
  casepath-server require-second-factor --organisation ID [--off]
                                 make every account of the organisation sign in with a TOTP code
  casepath-server secret-key     print a new server key for CASEPATH_SECRET_KEY (it seals second-factor
                                 secrets in the database; keep it out of the database's backups)
  casepath-server verify-history [--case ID] [--anchor FILE [--digest HEX]]
                                 check that no stored event was changed, removed or reordered (each
                                 carries its case's previous hash), and with an anchor that no
                                 history was rewritten since it was made; exit 1 if one was
  casepath-server anchor --out FILE
                                 write where every case's history stands now, and print its digest
                                 to keep where the database's administrators cannot change it

Public intake (first contacts sealed in the browser to the organisation's key):
  casepath-server intake-key --organisation ID --out FILE
                                 make the organisation's intake key; its private half is locked with
                                 a passphrase (read from standard input) and written to FILE; the
                                 server keeps only the locked key and retires the previous one
  casepath-server intake-form --organisation ID --from FORM.json
                                 the organisation's own first-contact form (FirstContactForm)
  casepath-server first-contacts --provider ID --key FILE
                                 open the provider's first contacts with the key file (passphrase
                                 from standard input) and print them as JSON lines

Aggregate files (counts only, no case data) from member providers to an umbrella organisation:
  casepath-server member-key --out PREFIX        a member's signing key: PREFIX.key.pem (keep it
                                                 secret) and PREFIX.pub.pem (give it to the umbrella)
  casepath-server add-member --organisation ID --provider ID --public-key FILE
                                                 (umbrella) accept a member's signed files
  casepath-server aggregate --provider ID --out FILE [--as-of YYYY-MM-DD] [--threshold N] [--allow-merge]
                                                 (member) the provider's aggregate file, counted from its
                                                 cases here (cut-off: today); an embedded database only
                                                 while the server is stopped
  casepath-server push-aggregate FILE --to URL --provider ID --key PREFIX.key.pem
                                                 (member) send a file made by casepath aggregate

Environment: CASEPATH_PORT (8000), CASEPATH_HOST (127.0.0.1), DATABASE_URL (else embedded PGlite in
CASEPATH_DATA_DIR, default ./casepath-data), CASEPATH_CASE_KEYS_DIR (the per-case keys; default
CASEPATH_DATA_DIR.case-keys) or CASEPATH_CASE_KEYS_DATABASE_URL (with PostgreSQL), CASEPATH_SITE_DIR, CASEPATH_SESSION_HOURS (12),
CASEPATH_SECURE_COOKIES (true), CASEPATH_TRUST_PROXY (false), CASEPATH_SECRET_KEY or
CASEPATH_SECRET_KEY_FILE (embedded database: CASEPATH_DATA_DIR.secret-key, made on first start),
CASEPATH_ALLOWED_ORIGINS, CASEPATH_INTAKE_DIFFICULTY (16), CASEPATH_INTAKE_PER_HOUR (20), LOG_LEVEL (info).
For PostgreSQL backups use pg_dump and pg_restore: see docs/server.md.`;

const RESTORED = 'marked as restored: each device that synced since the backup starts its pull over and sends again what its worker recorded\n';

async function run(config: ServerConfig, demo: boolean): Promise<void> {
  // The demo's data is stored before the server listens, so nothing (its tests, a browser, a
  // health check) meets a demo still being made.
  let accounts: Awaited<ReturnType<typeof seedDemo>>['accounts'] = [];
  const server = await startServer(config, demo ? { beforeListening: async (db, keys) => void ({ accounts } = await seedDemo(db, keys)) } : {});
  if (demo) {
    // An analyst's and an administrator's work is not the staff page's: indicators on the analysts' page; staff accounts on the admin page.
    const apiOnly: Partial<Record<string, string>> = { analyst: 'indicators on the analyst page', admin: 'staff accounts on the admin page; templates through the API' };
    const lines = accounts.map((a) => `    ${a.email.padEnd(30)} ${a.role}${a.provider ? ` at ${a.provider}` : ''}${apiOnly[a.role] ? ` (${apiOnly[a.role]})` : ''}`);
    process.stdout.write(
      `\nCasepath demo is running:\n  site:    ${server.url}/examples/site/\n  staff:   ${server.url}/examples/staff/\n  admin:   ${server.url}/examples/admin/\n  analyst: ${server.url}/examples/analyst/\n` +
        `  sign in with any of these, password "${DEMO_PASSWORD}" (demo only):\n${lines.join('\n')}\n  requests for help sent from the site open on the staff page with the passphrase "${DEMO_INTAKE_PASSPHRASE}"\n  data: ${config.database.kind === 'pglite' ? config.database.dataDir : 'PostgreSQL'}${config.caseKeys.kind === 'folder' ? `, its case keys apart in ${config.caseKeys.dir}` : ''}; stop with Ctrl+C\n\n`,
    );
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

const AdminArgs = z.strictObject({
  organisation: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be 2 to 63 lowercase letters, digits or dashes'),
  'organisation-name': z.string().check(minLength(1)),
  email: z.email(),
  name: z.string().check(minLength(1)),
});

/**
 * Runs a command that reads what is stored about people: the database brought up to date, the case
 * keys opened and reconciled with it; both closed after, whatever happens.
 */
async function withCaseData(command: (db: Database, keys: CaseKeys) => Promise<number>): Promise<number> {
  const config = configFromEnv();
  const db = await openDatabase(config);
  const keys = await openCaseKeys(config, db);
  try {
    await migrate(db);
    await prepareCaseKeys(db, keys);
    return await command(db, keys);
  } finally {
    await db.close();
    await keys.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      organisation: { type: 'string' },
      'organisation-name': { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      out: { type: 'string' },
      from: { type: 'string' },
      provider: { type: 'string' },
      case: { type: 'string' },
      off: { type: 'boolean' },
      'second-factor-off': { type: 'boolean' },
      'public-key': { type: 'string' },
      key: { type: 'string' },
      to: { type: 'string' },
      anchor: { type: 'string' },
      digest: { type: 'string' },
      'as-of': { type: 'string' },
      threshold: { type: 'string' },
      'allow-merge': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0] ?? 'start';
  if (values.help || command === 'help') {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  switch (command) {
    case 'start':
      await run(configFromEnv(), false);
      return -1;
    case 'demo': {
      const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
      // Quiet request logs unless asked for, so the addresses and the sign-in stay readable.
      const env = { CASEPATH_DATA_DIR: resolve(repoRoot, '.casepath-demo'), CASEPATH_SITE_DIR: repoRoot, LOG_LEVEL: 'warn', ...process.env };
      await run(configFromEnv(env), true);
      return -1;
    }
    case 'migrate': {
      const db = await openDatabase(configFromEnv());
      const r = await migrate(db);
      await db.close();
      process.stdout.write(r.applied.length ? `migrated from version ${r.from} to ${r.to}: ${r.applied.join(', ')}\n` : `the schema is up to date (version ${r.to})\n`);
      return 0;
    }
    case 'restored': {
      const db = await openDatabase(configFromEnv());
      try {
        await migrate(db);
        await markRestored(db);
      } finally {
        await db.close();
      }
      process.stdout.write(RESTORED);
      return 0;
    }
    case 'create-admin': {
      const args = AdminArgs.safeParse(values);
      if (!args.success) throw new ConfigError(`create-admin needs ${args.error.issues.map((i) => `--${i.path.join('.')} (${i.message})`).join(', ')}\n\n${HELP}`);
      const password = process.env.CASEPATH_ADMIN_PASSWORD ?? (await readStdin());
      if (password.length < MIN_PASSWORD_LENGTH) throw new ConfigError(`the password must be at least ${MIN_PASSWORD_LENGTH} characters (read from standard input)`);
      const db = await openDatabase(configFromEnv());
      try {
        await migrate(db);
        await ensureOrganisation(db, args.data.organisation, args.data['organisation-name']);
        const id = args.data.email.split('@')[0]!.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 40) + '-admin';
        const ok = await createWorker(db, { id, organisationId: args.data.organisation, providerId: null, email: args.data.email, displayName: args.data.name, role: 'admin', passwordHash: await hashPassword(password) }, BY_COMMAND_LINE);
        if (!ok) throw new ConfigError(`an account with email ${args.data.email} already exists`);
        process.stdout.write(`created administrator ${args.data.email} (${id}) of ${args.data.organisation}\n`);
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'reset-password': {
      const email = z.email().safeParse(values.email);
      if (!email.success) throw new ConfigError(`reset-password needs --email EMAIL (the account's)\n\n${HELP}`);
      const password = process.env.CASEPATH_NEW_PASSWORD ?? (await readStdin());
      if (password.length < MIN_PASSWORD_LENGTH) throw new ConfigError(`the password must be at least ${MIN_PASSWORD_LENGTH} characters (read from standard input)`);
      const db = await openDatabase(configFromEnv());
      try {
        await migrate(db);
        const account = await workerForSignIn(db, email.data);
        if (!account) throw new ConfigError(`there is no account with email ${email.data} on this server`);
        const { id, organisationId } = account.worker;
        await setPassword(db, organisationId, id, await hashPassword(password), { by: BY_COMMAND_LINE, secondFactorOff: values['second-factor-off'] === true });
        process.stdout.write(
          `${email.data} (${id}): new password set, its sessions ended${values['second-factor-off'] ? ', its second factor taken away' : ''}${account.disabled ? '; the account is turned off, so it cannot sign in until an administrator turns it on' : ''}\n`,
        );
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'backup':
    case 'restore': {
      const config = configFromEnv();
      if (config.database.kind !== 'pglite') throw new ConfigError(`${command} copies the embedded database; for PostgreSQL use pg_dump / pg_restore (docs/server.md)`);
      const dir = config.database.dataDir;
      const keysWhere = config.caseKeys.kind === 'folder' ? config.caseKeys.dir : 'the case keys database';
      if (command === 'backup') {
        if (!values.out) throw new ConfigError('backup needs --out FILE');
        if (!existsSync(dir)) throw new ConfigError(`there is no database in ${dir}`);
        const db = await openPglite(dir);
        const dump = await db.pglite.dumpDataDir('gzip');
        await db.close();
        writeFileSync(values.out, Buffer.from(await dump.arrayBuffer()));
        process.stdout.write(`backed up ${dir} to ${values.out}\nthe case keys are not in it: back up ${keysWhere} apart, and keep those copies only briefly (an erased case stays readable while one of them exists)\n`);
      } else {
        if (!values.from) throw new ConfigError('restore needs --from FILE');
        if (existsSync(dir) && readdirSync(dir).length) throw new ConfigError(`${dir} is not empty; restore into an empty CASEPATH_DATA_DIR, so nothing is overwritten`);
        mkdirSync(dir, { recursive: true });
        const db = await openPglite(dir, { loadDataDir: new Blob([readFileSync(values.from)]) });
        await migrate(db);
        await markRestored(db);
        await db.close();
        process.stdout.write(`restored ${values.from} into ${dir}\nit opens with the case keys in ${keysWhere} (set CASEPATH_CASE_KEYS_DIR to the live key folder if that is not it)\n${RESTORED}`);
      }
      return 0;
    }
    case 'require-second-factor': {
      if (!values.organisation) throw new ConfigError('require-second-factor needs --organisation ID');
      const db = await openDatabase(configFromEnv());
      try {
        await migrate(db);
        const rows = await db.query('UPDATE organisations SET require_second_factor = $2 WHERE id = $1 RETURNING id', [values.organisation, !values.off]);
        if (!rows.length) throw new ConfigError(`there is no organisation "${values.organisation}" on this server`);
        process.stdout.write(values.off ? `${values.organisation}: a second factor is optional\n` : `${values.organisation}: every account now signs in with a second factor (each sets it up at its next sign-in)\n`);
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'verify-history': {
      return withCaseData(async (db, keys) => {
        if (values.case && !(await db.query('SELECT 1 FROM cases WHERE id = $1', [values.case])).length) throw new ConfigError(`there is no case ${values.case} on this server`);
        const r = await verifyStoredHistory(db, keys, values.case);
        for (const b of r.broken) process.stdout.write(`case ${b.caseId}: ${b.check.message}\n`);
        process.stdout.write(`${r.cases} case(s), ${r.events} event(s): ${r.broken.length ? `${r.broken.length} case(s) with a broken history` : 'every history intact'}\n`);
        let rewritten = 0;
        if (values.anchor) {
          const anchor = HistoryAnchor.safeParse(JSON.parse(readFileSync(values.anchor, 'utf8')));
          if (!anchor.success) throw new ConfigError(`${values.anchor} is not an anchor made by casepath-server anchor`);
          let findings;
          try {
            findings = await checkAnchor(db, anchor.data, values.digest);
          } catch (error) {
            throw new ConfigError(`${values.anchor}: ${(error as Error).message}`);
          }
          for (const f of findings) process.stdout.write(`case ${f.caseId}: ${f.message}\n`);
          rewritten = findings.filter((f) => f.problem !== 'erased').length;
          process.stdout.write(`anchor of ${anchor.data.madeAt}: ${anchor.data.cases.length} case(s), ${rewritten ? `${rewritten} rewritten or missing` : 'every anchored history still there'}\n`);
        }
        return r.broken.length || rewritten ? 1 : 0;
      });
    }
    case 'member-key': {
      if (!values.out) throw new ConfigError('member-key needs --out PREFIX (writes PREFIX.key.pem and PREFIX.pub.pem)');
      const keyFile = `${values.out}.key.pem`;
      if (existsSync(keyFile)) throw new ConfigError(`${keyFile} exists; a member key is never overwritten (the umbrella has its public half)`);
      const keys = newMemberKeys();
      writeFileSync(keyFile, keys.privateKey, { mode: 0o600 });
      writeFileSync(`${values.out}.pub.pem`, keys.publicKey);
      process.stdout.write(`wrote ${keyFile} (secret: stays with this provider) and ${values.out}.pub.pem (send it to the umbrella organisation)\n`);
      return 0;
    }
    case 'add-member': {
      if (!values.organisation || !values.provider || !values['public-key']) throw new ConfigError('add-member needs --organisation ID --provider ID --public-key FILE');
      const pem = readFileSync(values['public-key'], 'utf8');
      try {
        readPublicKey(pem);
      } catch (error) {
        throw new ConfigError(`${values['public-key']}: ${(error as Error).message}`);
      }
      const db = await openDatabase(configFromEnv());
      try {
        await migrate(db);
        const [org] = await db.query('SELECT 1 FROM organisations WHERE id = $1', [values.organisation]);
        if (!org) throw new ConfigError(`there is no organisation "${values.organisation}" on this server (create-admin makes one)`);
        await db.query(
          'INSERT INTO aggregate_members (provider_id, organisation_id, public_key) VALUES ($1, $2, $3) ON CONFLICT (provider_id) DO UPDATE SET public_key = EXCLUDED.public_key, organisation_id = EXCLUDED.organisation_id',
          [values.provider, values.organisation, pem],
        );
        process.stdout.write(`${values.provider} may now push aggregate files to ${values.organisation}\n`);
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'aggregate': {
      const { provider, out } = values;
      if (!provider || !out) throw new ConfigError('aggregate needs --provider ID --out FILE');
      const asOf = values['as-of'] ?? todayUtc();
      const asOfProblem = cutOffProblem(asOf);
      if (asOfProblem) throw new ConfigError(`--as-of ${asOfProblem}`);
      const threshold = values.threshold === undefined ? 5 : Number(values.threshold);
      if (!Number.isInteger(threshold) || threshold < 1) throw new ConfigError(`--threshold must be a whole number of at least 1, got "${values.threshold}"`);
      return withCaseData(async (db, keys) => {
        const made = await providerAggregate(db, keys, provider, { asOf, threshold, mergeable: values['allow-merge'] === true });
        if (!made) throw new ConfigError(`there is no provider "${provider}" on this server`);
        if (!made.cases) throw new ConfigError(`provider "${provider}" has no cases on this server to count`);
        writeFileSync(out, `${JSON.stringify(made.file, null, 2)}\n`);
        const leftOut = made.file.leftOut?.withoutStatisticsConsent ?? 0;
        process.stdout.write(
          `wrote ${out}: ${made.cases - leftOut} case(s) of ${provider} as of ${asOf}${leftOut ? ` (${leftOut} left out: no consent to statistics)` : ''}, ` +
            `${made.file.mergeable ? 'counts included for merging' : 'suppressed tables only (add --allow-merge to share mergeable counts)'}\n`,
        );
        return 0;
      });
    }
    case 'push-aggregate': {
      const file = positionals[1];
      if (!file || !values.to || !values.provider || !values.key) throw new ConfigError('push-aggregate needs FILE --to URL --provider ID --key PREFIX.key.pem');
      const body = readFileSync(file, 'utf8');
      const headers = signAggregate(body, values.provider, readFileSync(values.key, 'utf8'));
      const url = new URL('/api/aggregates/files', values.to);
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      const answer = (await res.json().catch(() => ({}))) as { message?: string; stored?: string };
      if (!res.ok) throw new ConfigError(`${url} refused the file (${res.status}): ${answer.message ?? res.statusText}`);
      process.stdout.write(`sent ${file} to ${url.origin}: ${answer.stored ?? 'stored'}\n`);
      return 0;
    }
    case 'anchor': {
      if (!values.out) throw new ConfigError('anchor needs --out FILE');
      const db = await openDatabase(configFromEnv());
      try {
        await migrate(db);
        const anchor = await makeAnchor(db);
        writeFileSync(values.out, `${JSON.stringify(anchor, null, 1)}\n`);
        process.stdout.write(`${anchor.cases.length} case(s) anchored in ${values.out}\ndigest: ${anchor.digest}\nKeep the digest where the database's administrators cannot change it (the board's minutes, an e-mail to your funder); check later with verify-history --anchor ${values.out} --digest ${anchor.digest}\n`);
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'secret-key':
      process.stdout.write(`${newSecretKey()}\n`);
      return 0;
    case 'intake-key': {
      if (!values.organisation || !values.out) throw new ConfigError('intake-key needs --organisation ID --out FILE');
      if (existsSync(values.out)) throw new ConfigError(`${values.out} exists; an intake key file is never overwritten (it may be the only copy of a key)`);
      const passphrase = process.env.CASEPATH_INTAKE_PASSPHRASE ?? (await readStdin());
      const locked = await createIntakeKey(passphrase).catch((error: unknown) => {
        throw error instanceof IntakeSealError ? new ConfigError(error.message) : error;
      });
      const db = await openDatabase(configFromEnv());
      try {
        await migrate(db);
        if (!(await db.query('SELECT 1 FROM organisations WHERE id = $1', [values.organisation])).length) throw new ConfigError(`there is no organisation "${values.organisation}" on this server (create-admin makes one)`);
        writeFileSync(values.out, `${JSON.stringify(locked, null, 2)}\n`, { mode: 0o600 });
        await setIntakeKey(db, values.organisation, locked);
        process.stdout.write(`${values.organisation}: intake key ${locked.keyId} is now current; its locked private half is in ${values.out}.\nKeep a copy of the file and the passphrase apart: without both, nothing sealed to this key can be opened.\n`);
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'intake-form': {
      if (!values.organisation || !values.from) throw new ConfigError('intake-form needs --organisation ID --from FORM.json');
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(values.from, 'utf8'));
      } catch (error) {
        throw new ConfigError(`${values.from}: not a JSON file (${(error as Error).message})`);
      }
      const form = FirstContactForm.safeParse(raw);
      if (!form.success) throw new ConfigError(`${values.from} is not a first-contact form:\n${form.error.issues.map((i) => `- ${i.path.join('.') || '(file)'}: ${i.message}`).join('\n')}`);
      const db = await openDatabase(configFromEnv());
      try {
        await migrate(db);
        if (!(await db.query('SELECT 1 FROM organisations WHERE id = $1', [values.organisation])).length) throw new ConfigError(`there is no organisation "${values.organisation}" on this server`);
        await setIntakeForm(db, values.organisation, form.data);
        process.stdout.write(`${values.organisation}: the public first-contact form is now ${form.data.id} version ${form.data.version}\n`);
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'first-contacts': {
      if (!values.provider || !values.key) throw new ConfigError('first-contacts needs --provider ID --key FILE');
      const lockedKey = LockedIntakeKey.safeParse(JSON.parse(readFileSync(values.key, 'utf8')));
      if (!lockedKey.success) throw new ConfigError(`${values.key} is not an intake key file made by casepath-server intake-key`);
      const passphrase = process.env.CASEPATH_INTAKE_PASSPHRASE ?? (await readStdin());
      const key = await unlockIntakeKey(lockedKey.data, passphrase).catch((error: unknown) => {
        throw error instanceof IntakeSealError ? new ConfigError(error.message) : error;
      });
      const db = await openDatabase(configFromEnv());
      try {
        await migrate(db);
        const stored = await firstContactsFor(db, values.provider);
        let opened = 0;
        for (const s of stored) {
          const line = { id: s.sealed.id, receivedAt: s.receivedAt, caseId: s.caseId, handledBy: s.handledBy };
          if (s.sealed.keyId !== key.keyId) {
            process.stdout.write(`${JSON.stringify({ ...line, sealedTo: s.sealed.keyId })}\n`);
            continue;
          }
          try {
            process.stdout.write(`${JSON.stringify({ ...line, firstContact: await openFirstContact(s.sealed, key) })}\n`);
            opened++;
          } catch (error) {
            process.stdout.write(`${JSON.stringify({ ...line, error: (error as Error).message })}\n`);
          }
        }
        process.stderr.write(`${stored.length} first contact(s) for ${values.provider}, ${opened} opened with key ${key.keyId}\n`);
      } finally {
        await db.close();
      }
      return 0;
    }
    default:
      throw new ConfigError(`unknown command "${command}"\n\n${HELP}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError ? error.message : ((error as Error).stack ?? String(error))}\n`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  },
);
