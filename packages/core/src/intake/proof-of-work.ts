/**
 * A small proof of work against bulk spam on the public intake, without third-party captchas:
 * the sender finds a nonce such that SHA-256(`casepath-intake:<id>:<nonce>`) starts with
 * `difficulty` zero bits. It is bound to the message id, and a server stores each id once, so a
 * proof cannot be reused. 16 bits cost a browser about a second; checking costs one hash.
 */
export const MAX_INTAKE_DIFFICULTY = 24;

function leadingZeroBits(bytes: Uint8Array): number {
  let bits = 0;
  for (const byte of bytes) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

async function bitsOf(id: string, nonce: number): Promise<number> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(`casepath-intake:${id}:${nonce}`));
  return leadingZeroBits(new Uint8Array(digest));
}

/** Finds a nonce for the id at the difficulty (0 to 24 bits). */
export async function solveIntakeProof(id: string, difficulty: number): Promise<number> {
  if (!Number.isInteger(difficulty) || difficulty < 0 || difficulty > MAX_INTAKE_DIFFICULTY) throw new RangeError(`difficulty must be a whole number of bits from 0 to ${MAX_INTAKE_DIFFICULTY}`);
  for (let nonce = 0; ; nonce++) if ((await bitsOf(id, nonce)) >= difficulty) return nonce;
}

/** Whether the nonce proves the work for the id at the difficulty. */
export async function checkIntakeProof(id: string, nonce: number, difficulty: number): Promise<boolean> {
  if (!Number.isSafeInteger(nonce) || nonce < 0) return false;
  return (await bitsOf(id, nonce)) >= difficulty;
}
