import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'v1:';

/**
 * Random 96-bit IVs, drawn from the system's generator 4,096 at a time: one call per IV cost more
 * than the cipher itself when every event a push appends is sealed (`pnpm bench`). Each IV is
 * used once; an IV is not a secret, so holding the next ones in memory gives nothing away.
 */
const IV_BYTES = 12;
let ivPool = Buffer.alloc(0);
let ivOffset = 0;
function freshIv(): Buffer {
  if (ivOffset + IV_BYTES > ivPool.length) {
    ivPool = randomBytes(IV_BYTES * 4096);
    ivOffset = 0;
  }
  const iv = ivPool.subarray(ivOffset, ivOffset + IV_BYTES);
  ivOffset += IV_BYTES;
  return iv;
}

/** A stored secret that cannot be opened: changed, moved to another row, or sealed with another key. */
export class SecretBoxError extends Error {
  override readonly name = 'SecretBoxError';
}

/**
 * Seals small secrets the server must read back (second-factor secrets) with AES-256-GCM under a
 * key that is not in the database, so a copy of the database (a dump, a backup, a curious
 * administrator) does not give them away. Each is bound to its row (`context`, e.g. the account):
 * copied to another row, it does not open.
 */
export class SecretBox {
  readonly #key: Buffer;

  constructor(key: Uint8Array) {
    if (key.length !== 32) throw new RangeError('a secret key is 32 bytes');
    this.#key = Buffer.from(key);
  }

  static isSealed(stored: string): boolean {
    return stored.startsWith(PREFIX);
  }

  seal(plain: string, context: string): string {
    const iv = freshIv();
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${PREFIX}${iv.toString('base64url')}:${body.toString('base64url')}`;
  }

  open(stored: string, context: string): string {
    const [, iv, body] = stored.split(':');
    if (!SecretBox.isSealed(stored) || !iv || !body) throw new SecretBoxError('the stored secret is not sealed by this server');
    const bytes = Buffer.from(body, 'base64url');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError('the stored secret does not open: it was changed, copied from another account, or sealed with another key');
    }
  }
}

/** A new random server key, as CASEPATH_SECRET_KEY takes it (base64 of 32 bytes). */
export function newSecretKey(): string {
  return randomBytes(32).toString('base64');
}
