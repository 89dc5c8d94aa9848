import { ROLES, type Actor } from '@casepath/core';

/**
 * Who is signed in, per organisation on this page (set by `<cp-sync>`). Widgets record as that
 * worker rather than as their `actor-id` attribute: a person signed in records as themselves,
 * and the server refuses anything else. Kept tiny so widgets need not load the sync code.
 */
const signedIn = new Map<string, Actor>();
const listeners = new Set<() => void>();

export function signedInActor(organisation: string): Actor | null {
  return signedIn.get(organisation) ?? null;
}

export function setSignedIn(organisation: string, worker: { id: string; role: string } | null): void {
  if (worker && (ROLES as readonly string[]).includes(worker.role)) signedIn.set(organisation, { id: worker.id, role: worker.role as Actor['role'] });
  else signedIn.delete(organisation);
  for (const l of listeners) l();
}

export function onSignedInChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
