import { ROLES } from '@casepath/core';

/**
 * The organisation's workers by id, per organisation on this page, so histories show names, not
 * ids. Filled by `<cp-sync>` from the server's directory when someone signs in; a page without a
 * server sets a widget's `people` instead. Kept tiny so widgets need not load the sync code.
 */
const directories = new Map<string, ReadonlyMap<string, string>>();
/**
 * Per organisation, who may be put on a case's team, by id, with their provider: active accounts
 * of a role that works on cases. Someone who left, an analyst or an administrator is named, not
 * offered; nor is another provider's worker, who would see nothing of the case.
 */
const joinable = new Map<string, ReadonlyMap<string, string | null>>();
const listeners = new Set<() => void>();

export function personName(organisation: string, workerId: string): string | undefined {
  return directories.get(organisation)?.get(workerId);
}

/** Whether a staff role works on cases: a role of the vocabulary other than the client's (not an analyst's or an administrator's). */
export function roleWorksOnCases(role: string): boolean {
  return role !== 'client' && (ROLES as readonly string[]).includes(role);
}

export function setDirectory(organisation: string, workers: readonly { id: string; displayName: string; active?: boolean; role?: string; providerId?: string | null }[] | null): void {
  if (workers) {
    directories.set(organisation, new Map(workers.map((w) => [w.id, w.displayName])));
    const works = (w: (typeof workers)[number]) => w.active !== false && (w.role === undefined || roleWorksOnCases(w.role));
    joinable.set(organisation, new Map(workers.filter(works).map((w) => [w.id, w.providerId ?? null])));
  } else {
    directories.delete(organisation);
    joinable.delete(organisation);
  }
  for (const l of listeners) l();
}

/**
 * Whether a worker may be offered for the team of a case of `providerId`: yes unless the
 * directory says they left, work on no cases, or belong to another provider (someone the
 * directory does not list, named by the page's `people`, is offered).
 */
export function mayJoin(organisation: string, workerId: string, providerId: string | null): boolean {
  const listed = joinable.get(organisation);
  if (!listed?.has(workerId)) return !directories.get(organisation)?.has(workerId);
  const theirs = listed.get(workerId);
  return !theirs || !providerId || theirs === providerId;
}

/** The organisation's providers' names by id (filled by `<cp-sync>` from the server), so charts say "Open Doors Warsaw", not `warsaw`. */
const providerNames = new Map<string, ReadonlyMap<string, string>>();

export function providerName(organisation: string, providerId: string): string | undefined {
  return providerNames.get(organisation)?.get(providerId);
}

export function setProviders(organisation: string, providers: readonly { id: string; name: string }[] | null): void {
  if (providers) providerNames.set(organisation, new Map(providers.map((p) => [p.id, p.name])));
  else providerNames.delete(organisation);
  for (const l of listeners) l();
}

export function onDirectoryChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Everyone the organisation's directory knows, by id (empty without a server). */
export function directoryOf(organisation: string): ReadonlyMap<string, string> {
  return directories.get(organisation) ?? new Map();
}
