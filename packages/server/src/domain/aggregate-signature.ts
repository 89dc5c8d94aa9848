import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

/** How old a signed push may be: a captured request cannot be replayed later than this. */
export const SIGNATURE_MAX_AGE_MS = 5 * 60_000;

/** What a member signs: the protocol, the moment, and the body's digest. */
function signedText(timestamp: string, body: string): Buffer {
  return Buffer.from(`casepath-aggregate-v1\n${timestamp}\n${createHash('sha256').update(body).digest('hex')}`);
}

/** A member provider's new Ed25519 key pair, as PEM (PKCS#8 private, SPKI public). */
export function newMemberKeys(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/** Reads a PEM public key, refusing anything but Ed25519. */
export function readPublicKey(pem: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the key is ${key.asymmetricKeyType ?? 'not an asymmetric key'}; members sign with Ed25519 (casepath-server member-key)`);
  return key;
}

/** The headers that carry a member's signature of `body`. */
export function signAggregate(body: string, providerId: string, privateKeyPem: string, now = new Date()): Record<string, string> {
  const timestamp = now.toISOString();
  const signature = sign(null, signedText(timestamp, body), createPrivateKey(privateKeyPem)).toString('base64');
  return { 'casepath-provider': providerId, 'casepath-timestamp': timestamp, 'casepath-signature': signature };
}

/** Why a signature is not acceptable, or null when it is. */
export function checkSignature(body: string, timestamp: string, signature: string, publicKeyPem: string, now = Date.now()): string | null {
  const at = Date.parse(timestamp);
  if (!Number.isFinite(at)) return 'Casepath-Timestamp is not a date-time';
  if (Math.abs(now - at) > SIGNATURE_MAX_AGE_MS) return `the signature is from ${timestamp}, more than ${SIGNATURE_MAX_AGE_MS / 60_000} minutes from now: sign again (and check the clock)`;
  let ok = false;
  try {
    ok = verify(null, signedText(timestamp, body), readPublicKey(publicKeyPem), Buffer.from(signature, 'base64'));
  } catch {
    ok = false;
  }
  return ok ? null : 'the signature does not match this body and the provider\'s registered key';
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
