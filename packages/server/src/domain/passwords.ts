import { hash, verify } from '@node-rs/argon2';
import * as z from 'zod';
import { minLength, maxLength } from '@casepath/core';

/**
 * Passwords are hashed with Argon2id (the library's default algorithm) at OWASP's minimum cost:
 * 19 MiB of memory, 2 iterations, 1 lane.
 */
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** The shortest password accepted for a staff account (NIST SP 800-63B: at least 8; we ask 10). */
export const MIN_PASSWORD_LENGTH = 10;

/** A new password, in a request body: long enough, and not so long that hashing it is a burden. */
export const NewPassword = z.string().check(minLength(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`), maxLength(1024));

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false; // a malformed stored hash never signs anyone in
  }
}

/** A hash to verify against when the account does not exist, so timing does not tell which emails exist. */
let decoy: Promise<string> | null = null;
export function decoyHash(): Promise<string> {
  return (decoy ??= hashPassword('decoy password that matches nothing'));
}
