/**
 * The organisation's workers by id, per organisation on this page, so histories show names, not
 * ids. Filled by `<cp-sync>` from the server's directory when someone signs in; a page without a
 * server sets a widget's `people` instead. Kept tiny so widgets need not load the sync code.
 */
const directories = new Map<string, ReadonlyMap<string, string>>();
/** Per organisation, the workers whose accounts are turned off (they left): named, not offered. */
const inactive = new Map<string, ReadonlySet<string>>();
const listeners = new Set<() => void>();

export function personName(organisation: string, workerId: string): string | undefined {
  return directories.get(organisation)?.get(workerId);
}

export function setDirectory(organisation: string, workers: readonly { id: string; displayName: string; active?: boolean }[] | null): void {
  if (workers) {
    directories.set(organisation, new Map(workers.map((w) => [w.id, w.displayName])));
    inactive.set(organisation, new Set(workers.filter((w) => w.active === false).map((w) => w.id)));
  } else {
    directories.delete(organisation);
    inactive.delete(organisation);
  }
  for (const l of listeners) l();
}

/** Whether the directory says this worker's account is turned off (they left the organisation). */
export function hasLeft(organisation: string, workerId: string): boolean {
  return inactive.get(organisation)?.has(workerId) ?? false;
}

export function onDirectoryChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Everyone the organisation's directory knows, by id (empty without a server). */
export function directoryOf(organisation: string): ReadonlyMap<string, string> {
  return directories.get(organisation) ?? new Map();
}
