import { ROLES, type Actor } from '@casepath/core';

/**
 * Who is signed in, per organisation on this page (set by `<cp-sync>`). Widgets record as that
 * worker rather than as their `actor-id` attribute: a person signed in records as themselves,
 * and the server refuses anything else. Kept tiny so widgets need not load the sync code.
 */
const signedIn = new Map<string, { actor: Actor; providerId: string | null }>();
const listeners = new Set<() => void>();

export function signedInActor(organisation: string): Actor | null {
  return signedIn.get(organisation)?.actor ?? null;
}

/**
 * The provider of the worker signed in, whose cases they open: null when nobody is, or for a
 * worker of the whole organisation.
 */
export function signedInProvider(organisation: string): string | null {
  return signedIn.get(organisation)?.providerId ?? null;
}

export function setSignedIn(organisation: string, worker: { id: string; role: string; providerId?: string | null } | null): void {
  if (worker && (ROLES as readonly string[]).includes(worker.role)) signedIn.set(organisation, { actor: { id: worker.id, role: worker.role as Actor['role'] }, providerId: worker.providerId ?? null });
  else signedIn.delete(organisation);
  for (const l of listeners) l();
}

export function onSignedInChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
