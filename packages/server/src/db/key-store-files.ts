import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, link, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as z from 'zod';
import { CASE_KEY_BYTES, newCaseKey, type KeyStore } from './case-keys.js';

const KeyFile = z.strictObject({ case: z.string(), key: z.base64() });
const ErasedFile = z.strictObject({ case: z.string(), erasedAt: z.iso.datetime() });

const nameOf = (caseId: string) => `${createHash('sha256').update(caseId, 'utf8').digest('hex')}.json`;
const missing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * How many key files are read at once. One after another, the 5,006 keys of a provider took
 * 737–798 ms at every start (399–524 ms this way), and each page of a new device's first pull
 * waited on its cases' keys in turn. Node reads files on its thread pool (four threads by
 * default), so a few dozen keep it busy without holding thousands of open files.
 */
const READS_AT_ONCE = 32;

/** `visit` on every item, at most `limit` at once; rejects with the first failure. */
async function eachAtOnce<T>(items: readonly T[], limit: number, visit: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await visit(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * The case keys of an embedded server, in a folder beside its database folder (never inside it,
 * so a copy of the database is not a copy of its keys): one small file per case, readable by the
 * server's user only, and one per erased case holding only its id.
 */
export class FileKeyStore implements KeyStore {
  /** @param where - The folder; made (readable by the server's user only) when the first key is written. */
  constructor(readonly where: string) {}

  async read(caseIds: readonly string[]): Promise<Map<string, Uint8Array>> {
    const found = new Map<string, Uint8Array>();
    await eachAtOnce(caseIds, READS_AT_ONCE, async (id) => {
      const key = await this.#readKey(id);
      if (key) found.set(id, key);
    });
    // In the order asked, as when they were read one after another.
    const out = new Map<string, Uint8Array>();
    for (const id of caseIds) if (found.has(id)) out.set(id, found.get(id)!);
    return out;
  }

  async create(caseIds: readonly string[]): Promise<Map<string, Uint8Array>> {
    const out = new Map<string, Uint8Array>();
    for (const id of caseIds) {
      const held = await this.#readKey(id);
      if (held) out.set(id, held);
      else if (!(await this.#wasErased(id))) out.set(id, await this.#writeKey(id));
    }
    return out;
  }

  async destroy(caseIds: readonly string[]): Promise<void> {
    for (const id of caseIds) {
      // The mark first: if the server stops between the two, the key goes at the next start.
      await this.#writeOnce(join(this.where, 'erased', nameOf(id)), JSON.stringify({ case: id, erasedAt: new Date().toISOString() }));
      await unlink(join(this.where, 'keys', nameOf(id))).catch((error: unknown) => {
        if (!missing(error)) throw error;
      });
    }
  }

  async erased(caseIds: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    await eachAtOnce(caseIds, READS_AT_ONCE, async (id) => {
      if (await this.#wasErased(id)) found.add(id);
    });
    return new Set(caseIds.filter((id) => found.has(id)));
  }

  async allErased(): Promise<string[]> {
    const out: string[] = [];
    let names: string[];
    try {
      names = await readdir(join(this.where, 'erased'));
    } catch (error) {
      if (missing(error)) return [];
      throw error;
    }
    for (const name of names) {
      if (!name.endsWith('.json')) continue;
      out.push(this.#parse(ErasedFile, join(this.where, 'erased', name), await readFile(join(this.where, 'erased', name), 'utf8')).case);
    }
    return out;
  }

  async close(): Promise<void> {}

  async #readKey(caseId: string): Promise<Uint8Array | null> {
    const path = join(this.where, 'keys', nameOf(caseId));
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (missing(error)) return null;
      throw error;
    }
    const file = this.#parse(KeyFile, path, text);
    const key = Buffer.from(file.key, 'base64');
    if (file.case !== caseId || key.length !== CASE_KEY_BYTES) throw new Error(`${path} is not the key of case ${caseId}: the case key store was changed by hand`);
    return new Uint8Array(key);
  }

  async #wasErased(caseId: string): Promise<boolean> {
    try {
      await readFile(join(this.where, 'erased', nameOf(caseId)));
      return true;
    } catch (error) {
      if (missing(error)) return false;
      throw error;
    }
  }

  /** Writes a new key, or returns the one another writer put there first. */
  async #writeKey(caseId: string): Promise<Uint8Array> {
    const key = newCaseKey();
    const made = await this.#writeOnce(join(this.where, 'keys', nameOf(caseId)), JSON.stringify({ case: caseId, key: Buffer.from(key).toString('base64') }));
    return made ? key : (await this.#readKey(caseId))!;
  }

  /**
   * Writes a file whole or not at all, and never over an existing one: written and flushed under
   * a temporary name, then linked to its name (which fails if the name is taken). False when it was.
   */
  async #writeOnce(path: string, text: string): Promise<boolean> {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const temporary = `${path}.${randomUUID()}.tmp`;
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await link(temporary, path);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    } finally {
      await unlink(temporary);
    }
  }

  #parse<S extends z.ZodType>(schema: S, path: string, text: string): z.infer<S> {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new Error(`${path} is not a file of the case key store (not JSON)`);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new Error(`${path} is not a file of the case key store: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ')}`);
    return parsed.data;
  }
}
