import { ROLES, type Role } from '@casepath/core';

/** Roles of staff accounts: the case roles of the vocabulary (not `client`), an analyst and an admin. */
export const STAFF_ROLES = [...ROLES.filter((r) => r !== 'client'), 'analyst', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Roles that see every case of their provider, not only those they are assigned to. */
const LEADS: ReadonlySet<StaffRole> = new Set(['coordinator', 'supervisor']);
/** Roles that work on cases at all. */
const CASE_ROLES: ReadonlySet<StaffRole> = new Set(STAFF_ROLES.filter((r) => r !== 'analyst' && r !== 'admin'));

export interface Worker {
  id: string;
  organisationId: string;
  providerId: string | null;
  role: StaffRole;
  displayName: string;
}

/** What the access rules need to know of a case. */
export interface CaseAccessFacts {
  organisationId: string;
  providerId: string;
  openedBy: string;
  /** Workers assigned to the case (from worker.assign / worker.unassign). */
  team: readonly string[];
}

/** Everything a signed-in worker can ask the server to do. */
export const ACTIONS = [
  'case.read',
  'case.record',
  'case.open',
  'cases.pull',
  'conflicts.review',
  'aggregates.read',
  'access-log.read',
  'intake.read',
  'templates.read',
  'templates.publish',
  'workers.read',
  'workers.manage',
] as const;
export type Action = (typeof ACTIONS)[number];

export function isLead(worker: Worker): boolean {
  return LEADS.has(worker.role);
}

export function worksOnCases(worker: Worker): boolean {
  return CASE_ROLES.has(worker.role);
}

/**
 * Whether a worker may see (and so change) a case: a worker of the case's provider who is
 * assigned to it or opened it, or the provider's coordinators and supervisors. Nobody else: not
 * another provider's worker, not an analyst (aggregates only), not an admin (accounts only).
 */
export function maySeeCase(worker: Worker, c: CaseAccessFacts): boolean {
  if (!worksOnCases(worker)) return false;
  if (worker.organisationId !== c.organisationId || worker.providerId !== c.providerId) return false;
  return isLead(worker) || c.openedBy === worker.id || c.team.includes(worker.id);
}

/**
 * Whether a worker may erase a case at the person's request: the supervisor of the case's
 * provider, who answers for its data (as they read its access log).
 */
export function mayEraseCase(worker: Worker, c: CaseAccessFacts): boolean {
  return worker.role === 'supervisor' && maySeeCase(worker, c);
}

/** Whether a worker may do an action that concerns no single case. */
export function mayDo(worker: Worker, action: Exclude<Action, 'case.read' | 'case.record'>): boolean {
  switch (action) {
    case 'case.open':
    case 'cases.pull':
      return worksOnCases(worker) && worker.providerId !== null;
    case 'conflicts.review':
      return worksOnCases(worker);
    case 'aggregates.read':
      return worker.role === 'analyst' || isLead(worker);
    case 'intake.read':
      // First contacts from the public: the provider's coordinators and supervisors, who hold the
      // passphrase of the organisation's intake key and turn a request into a case.
      return isLead(worker) && worker.providerId !== null;
    case 'access-log.read':
      // Who read which case: the provider's supervisor watches over it.
      return worker.role === 'supervisor' && worker.providerId !== null;
    case 'templates.read':
    case 'workers.read':
      return true;
    case 'templates.publish':
      return worker.role === 'admin' || worker.role === 'coordinator';
    case 'workers.manage':
      return worker.role === 'admin';
  }
}

/** A role a worker held until an administrator gave them another (kept since schema 14). */
export interface PastRole {
  role: string;
  until: Date;
}

/** The role a worker held at `at`: the one they left at the first change after it, else the one they have now. */
export function roleAt(worker: Worker, past: readonly PastRole[], at: string): string {
  const when = Date.parse(at);
  let held: PastRole | undefined;
  for (const p of past) if (p.until.getTime() > when && (!held || p.until < held.until)) held = p;
  return held ? held.role : worker.role;
}

/**
 * Who may record an event as whom: a worker records as themselves, in the role they have now or
 * the one they held when it happened (a visit recorded offline before they were made coordinator,
 * sent after), or the person's own answers (`client`).
 */
export function mayRecordAs(worker: Worker, actor: { id: string; role: Role }, at: string, past: readonly PastRole[] = []): boolean {
  if (actor.role === 'client') return true;
  return actor.id === worker.id && (actor.role === worker.role || actor.role === roleAt(worker, past, at));
}
