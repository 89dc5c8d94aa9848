import * as z from 'zod/mini';

/**
 * Encryption at rest of a device's records: one random data key per database seals every
 * protected field with AES-GCM; the data key is stored only wrapped, under a key derived from a
 * worker's passphrase (PBKDF2-SHA-256, at least 600,000 iterations, per OWASP), and held in this
 * page's memory only while unlocked. See docs/decisions/0015-records-sealed-on-devices.md.
 */

/** OWASP's floor for PBKDF2-SHA-256 (2023); a stored slot with fewer is refused. */
export const PBKDF2_ITERATIONS = 600_000;
/** Where the wrapped data key lives in the database's `meta` store. */
export const KEYS_KEY = 'device-keys';

const bytes = z.instanceof(Uint8Array);

/** One passphrase that opens the data key: a worker's, by their id. */
export const KeySlot = z.object({
  label: z.string(),
  salt: bytes,
  iterations: z.number().check(z.gte(PBKDF2_ITERATIONS)),
  iv: bytes,
  wrapped: bytes,
});
export type KeySlot = z.infer<typeof KeySlot>;

/** The database's key record: which data key seals it, and the slots that unwrap it. */
export const DeviceKeys = z.object({ version: z.literal(1), keyId: z.string(), slots: z.array(KeySlot) });
export type DeviceKeys = z.infer<typeof DeviceKeys>;

/** The passphrase did not unwrap the data key; nothing was changed. */
export class WrongPassphraseError extends Error {
  override readonly name = 'WrongPassphraseError';
  constructor() {
    super('this passphrase does not open the records on this device; nothing was changed, check it and try again');
  }
}

/**
 * The records are sealed and no passphrase has opened them on this page yet (`why`: `locked`), no
 * passphrase of this worker is on the device (`other-worker`), or its key record is damaged.
 */
export class DeviceLockedError extends Error {
  override readonly name = 'DeviceLockedError';
  constructor(
    detail = 'the records on this device are locked; sign in, or enter your passphrase, to open them',
    readonly why: 'locked' | 'other-worker' | 'damaged' = 'locked',
  ) {
    super(detail);
  }
}

/** Seals and opens protected fields synchronously, so it runs inside an IndexedDB transaction (made by device-key-crypto.ts, loaded only when needed). */
export interface RecordCipher {
  readonly keyId: string;
  /** `context` names the record's place (store and key): a sealed value moved elsewhere does not open. */
  seal(value: unknown, context: string): Uint8Array;
  /**
   * The same as `seal`, asynchronous and much faster (WebCrypto's native AES-GCM), for records
   * made ready before a transaction (a new device's pull seals thousands).
   */
  sealOutside(value: unknown, context: string): Promise<Uint8Array>;
  open(sealed: Uint8Array, context: string): unknown;
  /** The same as `open`, asynchronous and faster, for reads outside any transaction (a caseload of thousands). */
  openOutside(sealed: Uint8Array, context: string): Promise<unknown>;
}
