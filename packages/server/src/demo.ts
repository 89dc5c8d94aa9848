import { builtInTemplates, CASE_EVENT_SCHEMA_VERSION, createIntakeKey, newEventId, type CaseEvent, type CaseRecord, type EventDraft } from '@casepath/core';
import { simulatePopulation } from '@casepath/core/testing';
import { BY_DEMO_DATA } from './db/account-changes.js';
import { createWorker, ensureOrganisation, ensureProvider } from './db/accounts.js';
import { applyPush } from './db/apply-push.js';
import { currentIntakeKey, setIntakeKey } from './db/intake.js';
import type { Database } from './db/database.js';
import type { CaseKeys } from './db/case-keys.js';
import { storeHistories } from './db/store-histories.js';
import type { StaffRole, Worker } from './domain/access.js';
import { hashPassword } from './domain/passwords.js';

/** The demo's sign-in: printed by `pnpm start`; never use it for real data. */
export const DEMO_PASSWORD = 'casepath-demo';
export const DEMO_ORGANISATION = 'open-doors';
/** The passphrase of the demo organisation's intake key (demo only: a real one is never printed). */
export const DEMO_INTAKE_PASSPHRASE = 'open doors demo intake';
/** A centre of the demo with no staff of its own: three years of its cases, for the analysts' page. */
const GDANSK = 'open-doors-gdansk';

const people: { id: string; name: string; role: StaffRole; provider: string | null }[] = [
  { id: 'ewa', name: 'Ewa Nowak', role: 'coordinator', provider: 'open-doors-warsaw' },
  { id: 'anna', name: 'Anna Wiśniewska', role: 'job-coach', provider: 'open-doors-warsaw' },
  { id: 'jan', name: 'Jan Kowalski', role: 'job-coach', provider: 'open-doors-warsaw' },
  { id: 'sara', name: 'Sara Zielińska', role: 'supervisor', provider: 'open-doors-warsaw' },
  { id: 'olga', name: 'Olga Petrova', role: 'social-worker', provider: 'open-doors-omsk' },
  { id: 'adam', name: 'Adam Analyst', role: 'analyst', provider: null },
  { id: 'admin', name: 'Administrator', role: 'admin', provider: null },
];

/**
 * A fictional organisation with two providers, staff of each role, and a few cases, so the
 * examples site has something to show. Idempotent: run it on every start.
 */
export async function seedDemo(db: Database, keys: CaseKeys): Promise<{ accounts: { email: string; role: StaffRole; provider: string | null }[] }> {
  await ensureOrganisation(db, DEMO_ORGANISATION, 'Open Doors Foundation (demo)');
  await ensureProvider(db, 'open-doors-warsaw', DEMO_ORGANISATION, 'Open Doors Warsaw');
  await ensureProvider(db, 'open-doors-omsk', DEMO_ORGANISATION, 'Omsk social adaptation centre');
  await ensureProvider(db, GDANSK, DEMO_ORGANISATION, 'Open Doors Gdańsk');
  const hash = await hashPassword(DEMO_PASSWORD);
  for (const p of people) {
    await createWorker(db, { id: p.id, organisationId: DEMO_ORGANISATION, providerId: p.provider, email: `${p.id}@demo.casepath.org`, displayName: p.name, role: p.role, passwordHash: hash }, BY_DEMO_DATA);
  }
  if (!(await currentIntakeKey(db, DEMO_ORGANISATION))) await setIntakeKey(db, DEMO_ORGANISATION, await createIntakeKey(DEMO_INTAKE_PASSPHRASE));
  const [{ n }] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM cases')) as [{ n: number }];
  if (n === 0) await seedCases(db, keys);
  if (!(await db.query('SELECT 1 FROM cases WHERE provider_id = $1 LIMIT 1', [GDANSK])).length) await storeHistories(db, keys, DEMO_ORGANISATION, gdanskHistories());
  return { accounts: people.map((p) => ({ email: `${p.id}@demo.casepath.org`, role: p.role, provider: p.provider })) };
}

async function seedCases(db: Database, keys: CaseKeys): Promise<void> {
  const euse = builtInTemplates['euse-supported-employment'];
  const ewa: Worker = { id: 'ewa', organisationId: DEMO_ORGANISATION, providerId: 'open-doors-warsaw', role: 'coordinator', displayName: 'Ewa Nowak' };
  const day = (d: number) => new Date(Date.UTC(2026, 8, 1) + d * 86_400_000).toISOString();
  for (let i = 1; i <= 6; i++) {
    const caseId = `demo-warsaw-${i}`;
    const drafts: (EventDraft & { at: string })[] = [
      { type: 'case.open', payload: { templateId: euse.id, templateVersion: euse.version, providerId: 'open-doors-warsaw', clientRef: `OD-2026-${10 + i}` }, actor: { id: 'ewa', role: 'coordinator' }, at: day(i) },
      { type: 'consent.grant', payload: { purpose: 'service' }, actor: { id: 'ewa', role: 'coordinator' }, at: day(i) },
      { type: 'worker.assign', payload: { workerId: i % 2 ? 'anna' : 'jan', role: 'job-coach' }, actor: { id: 'ewa', role: 'coordinator' }, at: day(i + 1) },
    ];
    if (i <= 3) drafts.push({ type: 'stage.enter', payload: { stage: 'vocational-profiling' }, actor: { id: 'ewa', role: 'coordinator' }, at: day(i + 7) });
    const events = drafts.map((d, seq): CaseEvent => ({ ...d, schemaVersion: CASE_EVENT_SCHEMA_VERSION, id: newEventId(), caseId, seq }));
    await applyPush(db, keys, ewa, 'demo-seed', events.map((event) => ({ event, knownSeq: event.seq - 1 })));
  }
}

/**
 * Three years of a supported-employment centre’s cases, up to the month the demo’s own cases
 * begin, simulated with a fixed seed (people placed, losing and finding work again, some not
 * consenting to statistics), so that the indicators have something to count.
 */
function gdanskHistories(): CaseRecord[] {
  const euse = builtInTemplates['euse-supported-employment'];
  const { cases } = simulatePopulation({ providers: 1, people: 160, years: 3, seed: 2026, start: '2023-09-01', templates: { [euse.id]: euse } });
  return cases.map((c, i) => {
    const caseId = `demo-gdansk-${String(i + 1).padStart(3, '0')}`;
    const events = c.events.map((e): CaseEvent => {
      const moved = { ...e, caseId } as CaseEvent;
      return moved.type === 'case.open' ? { ...moved, payload: { ...moved.payload, providerId: GDANSK, clientRef: `OD-GD-${String(i + 1).padStart(3, '0')}` } } : moved;
    });
    return { caseId, providerId: GDANSK, events };
  });
}
