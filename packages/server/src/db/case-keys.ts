import { randomBytes } from 'node:crypto';
import { SecretBox } from '../domain/secret-box.js';

/**
 * Where the per-case keys live: apart from the database, so that its backups hold only
 * ciphertext and erasing a case destroys the one key that opens it (crypto-shredding). A key
 * store also remembers which cases were erased (their opaque ids only), so a database restored
 * from a backup made before an erasure is erased again when the server starts.
 */
export interface KeyStore {
  /** Where the keys are, for messages. */
  readonly where: string;
  /** The keys held for these cases (absent: none). */
  read(caseIds: readonly string[]): Promise<Map<string, Uint8Array>>;
  /**
   * Makes a key for each case that has none and was never erased, and returns every key held for
   * them. Two servers creating the same case's key at once end with the same key.
   */
  create(caseIds: readonly string[]): Promise<Map<string, Uint8Array>>;
  /** Forgets these cases' keys, remembering only that they were erased. */
  destroy(caseIds: readonly string[]): Promise<void>;
  /** Which of these cases were erased. */
  erased(caseIds: readonly string[]): Promise<Set<string>>;
  /** Every case erased (for a database restored from an older backup). */
  allErased(): Promise<string[]>;
  close(): Promise<void>;
}

export const CASE_KEY_BYTES = 32;
export const newCaseKey = (): Uint8Array => new Uint8Array(randomBytes(CASE_KEY_BYTES));

/** A case whose key is not in the key store: erased, or the key store is not this database's. */
export class CaseKeyMissingError extends Error {
  override readonly name = 'CaseKeyMissingError';
  constructor(
    readonly caseId: string,
    where: string,
  ) {
    super(`there is no key for case ${caseId} in the case key store (${where}): the case was erased, or the key store is not the one this database was written with`);
  }
}

/**
 * The per-case keys as the server uses them: read from the key store in batches and kept in
 * memory (about 200 bytes a case, never evicted: a transaction relies on what was loaded before
 * it), each as a {@link SecretBox} that seals and opens the case's stored rows.
 *
 * @remarks
 * Keys are loaded before a transaction starts ({@link load}), so that reading a row inside it
 * needs no other connection ({@link box}); a key kept in memory after its case was erased in
 * another process opens nothing, because the rows went with it.
 */
export class CaseKeys {
  readonly #boxes = new Map<string, SecretBox>();

  constructor(readonly store: KeyStore) {}

  /**
   * Loads these cases' keys into memory; `create` makes keys for cases that have none (cases
   * being opened). Cases without a key stay unloaded: {@link box} then throws.
   */
  async load(caseIds: Iterable<string>, create: Iterable<string> = []): Promise<void> {
    const making = [...new Set(create)].filter((id) => !this.#boxes.has(id));
    const made = new Set(making);
    const reading = [...new Set(caseIds)].filter((id) => !this.#boxes.has(id) && !made.has(id));
    for (const [id, key] of making.length ? await this.store.create(making) : []) this.#boxes.set(id, new SecretBox(key));
    for (const [id, key] of reading.length ? await this.store.read(reading) : []) this.#boxes.set(id, new SecretBox(key));
  }

  /** The loaded key of a case. */
  box(caseId: string): SecretBox {
    const box = this.#boxes.get(caseId);
    if (!box) throw new CaseKeyMissingError(caseId, this.store.where);
    return box;
  }

  has(caseId: string): boolean {
    return this.#boxes.has(caseId);
  }

  /** Destroys the cases' keys: what was sealed with them, in the database and in every backup, no longer opens. */
  async destroy(caseIds: readonly string[]): Promise<void> {
    for (const id of caseIds) this.#boxes.delete(id);
    await this.store.destroy(caseIds);
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
