/**
 * The organisation's workers by id, per organisation on this page, so histories show names, not
 * ids. Filled by `<cp-sync>` from the server's directory when someone signs in; a page without a
 * server sets a widget's `people` instead. Kept tiny so widgets need not load the sync code.
 */
const directories = new Map<string, ReadonlyMap<string, string>>();
const listeners = new Set<() => void>();

export function personName(organisation: string, workerId: string): string | undefined {
  return directories.get(organisation)?.get(workerId);
}

export function setDirectory(organisation: string, workers: readonly { id: string; displayName: string }[] | null): void {
  if (workers) directories.set(organisation, new Map(workers.map((w) => [w.id, w.displayName])));
  else directories.delete(organisation);
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
