import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import * as z from 'zod/mini';
import { FirstContactForm, IntakePublicKey, MAX_INTAKE_DIFFICULTY, maxLength, minLength, SealedFirstContact } from '@casepath/core';

/** What a public form needs from the server to seal to a provider (not secret; kept for offline use). */
export const IntakeInfo = z.object({
  provider: z.object({ id: z.string(), name: z.string().check(minLength(1), maxLength(200)) }),
  key: z.nullable(z.object({ keyId: z.string(), publicKey: IntakePublicKey })),
  form: FirstContactForm,
  difficulty: z.number().check(z.int(), z.gte(0), z.lte(MAX_INTAKE_DIFFICULTY)),
});
export type IntakeInfo = z.infer<typeof IntakeInfo>;

/** A first contact waiting to be sent: only ever sealed; `refused` when the server said no for good. */
export const QueuedFirstContact = z.object({
  id: z.string(),
  /** The server it goes to, as configured on the page ('' for the page's own origin). */
  server: z.string(),
  sealed: SealedFirstContact,
  queuedAt: z.string(),
  refused: z.optional(z.string()),
});
export type QueuedFirstContact = z.infer<typeof QueuedFirstContact>;

interface SealedOutboxDB extends DBSchema {
  outbox: { key: string; value: unknown };
  info: { key: string; value: { key: string; info: unknown } };
}

const databases = new Map<string, Promise<IDBPDatabase<SealedOutboxDB>>>();

/**
 * The public form's own small database, apart from the case store: a page that only asks for help
 * never opens the organisation's case database. It holds sealed messages and the public key.
 */
function database(organisation: string): Promise<IDBPDatabase<SealedOutboxDB>> {
  let db = databases.get(organisation);
  if (!db) {
    db = openDB<SealedOutboxDB>(`casepath-first-contact:${organisation}`, 1, {
      upgrade(d) {
        d.createObjectStore('outbox', { keyPath: 'id' });
        d.createObjectStore('info', { keyPath: 'key' });
      },
      blocking() {
        void db?.then((open) => open.close());
        databases.delete(organisation);
      },
    });
    databases.set(organisation, db);
    db.catch(() => databases.delete(organisation));
  }
  return db;
}

export async function queue(organisation: string, item: QueuedFirstContact): Promise<void> {
  await (await database(organisation)).put('outbox', QueuedFirstContact.parse(item));
}

/** What waits to be sent; a stored record that does not parse is left where it is, not sent. */
export async function queued(organisation: string): Promise<QueuedFirstContact[]> {
  const all = await (await database(organisation)).getAll('outbox');
  return all.flatMap((raw) => {
    const parsed = QueuedFirstContact.safeParse(raw);
    return parsed.success ? [parsed.data] : [];
  });
}

export async function unqueue(organisation: string, id: string): Promise<void> {
  await (await database(organisation)).delete('outbox', id);
}

export async function rememberInfo(organisation: string, key: string, info: IntakeInfo): Promise<void> {
  await (await database(organisation)).put('info', { key, info });
}

export async function rememberedInfo(organisation: string, key: string): Promise<IntakeInfo | null> {
  const row = await (await database(organisation)).get('info', key);
  const parsed = IntakeInfo.safeParse(row?.info);
  return parsed.success ? parsed.data : null;
}
