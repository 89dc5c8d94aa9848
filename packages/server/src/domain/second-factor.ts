import * as OTPAuth from 'otpauth';

/** RFC 6238 with the parameters every authenticator app accepts: SHA-1, 6 digits, 30 s. */
const PERIOD_SECONDS = 30;

function totp(secret: string, label = 'Casepath'): OTPAuth.TOTP {
  return new OTPAuth.TOTP({ issuer: 'Casepath', label, algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS, secret: OTPAuth.Secret.fromBase32(secret) });
}

/** A new random secret (160 bits, base32), to show once as a QR code or text. */
export function newSecondFactorSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

/** The `otpauth://` address an authenticator app reads (as a QR code or a link). */
export function secondFactorUri(secret: string, label: string): string {
  return totp(secret, label).toString();
}

/** The code for a moment (for tests and for showing what to expect). */
export function secondFactorCode(secret: string, at = Date.now()): string {
  return totp(secret).generate({ timestamp: at });
}

/**
 * Checks a code, allowing one step of clock drift either way; a code of a step at or before
 * `lastStep` (already used) is refused, so an overheard code cannot be replayed.
 */
export function checkSecondFactor(secret: string, code: string, lastStep: number | null, at = Date.now()): { ok: true; step: number } | { ok: false; reason: 'wrong' | 'reused' } {
  if (!/^\d{6}$/.test(code)) return { ok: false, reason: 'wrong' };
  const delta = totp(secret).validate({ token: code, timestamp: at, window: 1 });
  if (delta === null) return { ok: false, reason: 'wrong' };
  const step = Math.floor(at / 1000 / PERIOD_SECONDS) + delta;
  if (lastStep !== null && step <= lastStep) return { ok: false, reason: 'reused' };
  return { ok: true, step };
}
