import { ROLES, type Actor } from '@casepath/core';
import { configuredServer } from './configured-server.js';

/**
 * Who is signed in, per organisation on this page (set by `<cp-sync>`). Widgets record as that
 * worker rather than as their `actor-id` attribute: a person signed in records as themselves,
 * and the server refuses anything else. Kept tiny so widgets need not load the sync code.
 */
const signedIn = new Map<string, { actor: Actor; providerId: string | null; email: string | null }>();
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

/** The e-mail the worker signed in with (for password forms to name the account), when the server said it. */
export function signedInEmail(organisation: string): string | null {
  return signedIn.get(organisation)?.email ?? null;
}

/**
 * Says who is signed in for `organisation` (null: nobody). `<cp-sync>` says it at every status it
 * shows; listeners hear only a change of worker, role, centre or account, so widgets do not redraw
 * or read again at each push and pull.
 */
export function setSignedIn(organisation: string, worker: { id: string; role: string; providerId?: string | null; email?: string } | null): void {
  const before = signedIn.get(organisation);
  if (worker && (ROLES as readonly string[]).includes(worker.role))
    signedIn.set(organisation, { actor: { id: worker.id, role: worker.role as Actor['role'] }, providerId: worker.providerId ?? null, email: worker.email ?? null });
  else signedIn.delete(organisation);
  const now = signedIn.get(organisation);
  const same = before === now || (before && now && before.actor.id === now.actor.id && before.actor.role === now.actor.role && before.providerId === now.providerId && before.email === now.email);
  if (!same) for (const l of listeners) l();
}

/** The `<cp-sync>` elements on this page, wherever they are (in a shadow root too). */
const syncElements = new Set<{ readonly organisation: string; readonly server: string | null }>();

/** Called by `<cp-sync>` as it connects (true) and disconnects (false). */
export function registerSync(element: { readonly organisation: string; readonly server: string | null }, connected: boolean): void {
  if (connected) syncElements.add(element);
  else syncElements.delete(element);
}

/**
 * Whether this page works with a server for the organisation (a `<cp-sync>` with a server), so
 * that what staff record needs a worker signed in: the server takes a change only from its
 * author, and a change recorded before the sign-in would carry the widget's `actor-id`, someone
 * else. A `<cp-sync>` whose code is still loading is found by its tag.
 */
export function signInExpected(organisation: string): boolean {
  const loading = [...document.querySelectorAll('cp-sync')].map((el) => ({ organisation: el.getAttribute('organisation') ?? 'default', server: el.getAttribute('server') }));
  return [...syncElements, ...loading].some((el) => el.organisation === organisation && configuredServer(el.server) !== null);
}

export function onSignedInChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
