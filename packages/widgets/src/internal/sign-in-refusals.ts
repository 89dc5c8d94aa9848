import type { StaffKey } from '../i18n/staff-words-en.js';

/**
 * Why the server refused a password (at sign-in, or when a worker confirms who they are), by its
 * `error` code, in the clauses `<cp-sync>` says it with (lowercase, no full stop).
 */
export const SIGN_IN_REFUSALS: Readonly<Record<string, StaffKey>> = {
  'bad-credentials': 'sync.problem.bad-credentials',
  locked: 'sync.problem.account-locked',
  'account-off': 'sync.problem.account-off',
  'too-many-requests': 'sync.problem.too-many-requests',
  'second-factor-required': 'sync.problem.second-factor-required',
  'second-factor-wrong': 'sync.problem.second-factor-wrong',
};
