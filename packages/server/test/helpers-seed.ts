// The test organisation, without vitest, so fixture scripts can seed it too.
import { createWorker, ensureOrganisation, ensureProvider } from '../src/db/accounts.js';
import type { Database } from '../src/db/database.js';
import type { StaffRole } from '../src/domain/access.js';
import { hashPassword } from '../src/domain/passwords.js';

export const PASSWORD = 'correct horse battery';

/** One organisation with two providers, and a worker of each role that matters. */
export const PEOPLE = {
  ewa: { role: 'coordinator', provider: 'warsaw' },
  sara: { role: 'supervisor', provider: 'warsaw' },
  anna: { role: 'job-coach', provider: 'warsaw' },
  jan: { role: 'job-coach', provider: 'warsaw' },
  kasia: { role: 'job-coach', provider: 'krakow' },
  olek: { role: 'coordinator', provider: 'krakow' },
  adam: { role: 'analyst', provider: null },
  root: { role: 'admin', provider: null },
} as const satisfies Record<string, { role: StaffRole; provider: string | null }>;
export type Person = keyof typeof PEOPLE;

export async function seedOrganisation(db: Database): Promise<void> {
  await ensureOrganisation(db, 'open-doors', 'Open Doors Foundation');
  await ensureProvider(db, 'warsaw', 'open-doors', 'Open Doors Warsaw');
  await ensureProvider(db, 'krakow', 'open-doors', 'Open Doors Kraków');
  const hash = await hashPassword(PASSWORD);
  for (const [id, p] of Object.entries(PEOPLE)) {
    await createWorker(db, { id, organisationId: 'open-doors', providerId: p.provider, email: `${id}@example.org`, displayName: id[0]!.toUpperCase() + id.slice(1), role: p.role, passwordHash: hash }, 'root');
  }
}

