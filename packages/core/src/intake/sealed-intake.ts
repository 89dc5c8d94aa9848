import * as z from 'zod/mini';
import { maxLength } from '../schemas/length-checks.js';
import { fromBase64Url, toBase64Url } from './base64url.js';
import { FirstContact } from './first-contact.schema.js';

const subtle = () => globalThis.crypto.subtle;
/** A key held in memory by WebCrypto (the browser's or Node's), never as bytes in a variable. */
export type IntakeCryptoKey = Awaited<ReturnType<SubtleCrypto['importKey']>>;
type SubtleCrypto = typeof globalThis.crypto.subtle;

const B64 = z.string().check(z.regex(/^[A-Za-z0-9_-]+$/, 'must be base64url'));
const KeyId = z.string().check(z.regex(/^[A-Za-z0-9_-]{22}$/, 'must be a key id of 22 base64url characters'));

/** The public half of an organisation's intake key (an EC P-256 JWK, public coordinates only). */
export const IntakePublicKey = z.object({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: B64,
  y: B64,
});
export type IntakePublicKey = z.infer<typeof IntakePublicKey>;

/** PBKDF2-SHA-256 iterations that lock the private key; OWASP's minimum for it in 2023. */
export const MIN_PASSPHRASE_ITERATIONS = 600_000;
/** A passphrase shorter than this is refused when a key is made. */
export const MIN_PASSPHRASE_LENGTH = 12;
const MAX_PASSPHRASE_ITERATIONS = 10_000_000;

/**
 * The organisation's private intake key, locked with a passphrase: PKCS #8 wrapped with AES-GCM
 * under a key derived by PBKDF2-SHA-256. This, not the key, is what the server and key files hold.
 */
export const LockedIntakeKey = z.object({
  format: z.literal('casepath-locked-intake-key'),
  v: z.literal(1),
  keyId: KeyId,
  publicKey: IntakePublicKey,
  kdf: z.object({ name: z.literal('PBKDF2-SHA-256'), iterations: z.number().check(z.int(), z.gte(MIN_PASSPHRASE_ITERATIONS), z.lte(MAX_PASSPHRASE_ITERATIONS)), salt: B64 }),
  iv: B64,
  wrapped: B64,
});
export type LockedIntakeKey = z.infer<typeof LockedIntakeKey>;

/**
 * A first contact sealed to an organisation's key: ECDH-ES on P-256 with a fresh key per message,
 * HKDF-SHA-256, AES-256-GCM. The header (id, provider, key, time) is authenticated with it, so
 * nobody can move a sealed message to another id or provider unnoticed.
 */
export const SealedFirstContact = z.object({
  format: z.literal('casepath-sealed-first-contact'),
  v: z.literal(1),
  /** Made once in the browser; a retried send carries the same id, so it is stored once. */
  id: z.uuid(),
  /** The provider (service unit) it is addressed to. */
  to: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be a provider id')),
  keyId: KeyId,
  sealedAt: z.iso.datetime(),
  epk: IntakePublicKey,
  iv: B64,
  ciphertext: B64.check(maxLength(64_000)),
});
export type SealedFirstContact = z.infer<typeof SealedFirstContact>;

export type IntakeSealProblem = 'wrong-passphrase' | 'wrong-key' | 'tampered' | 'not-a-first-contact' | 'weak-passphrase';

/** Why a key could not be unlocked or a message opened, in words a person can act on. */
export class IntakeSealError extends Error {
  override readonly name = 'IntakeSealError';
  constructor(
    readonly problem: IntakeSealProblem,
    message: string,
  ) {
    super(message);
  }
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const random = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n));
const ECDH = { name: 'ECDH', namedCurve: 'P-256' } as const;

/** The id of a public key: the first 16 bytes of the SHA-256 of its coordinates. */
export async function intakeKeyId(publicKey: IntakePublicKey): Promise<string> {
  const digest = new Uint8Array(await subtle().digest('SHA-256', utf8(`${publicKey.crv}:${publicKey.x}:${publicKey.y}`)));
  return toBase64Url(digest.subarray(0, 16));
}

async function passphraseKey(passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations: number, usage: 'wrapKey' | 'unwrapKey'): Promise<IntakeCryptoKey> {
  const material = await subtle().importKey('raw', utf8(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return subtle().deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, { name: 'AES-GCM', length: 256 }, false, [usage]);
}

const publicOnly = (jwk: { x?: string | undefined; y?: string | undefined }): IntakePublicKey => IntakePublicKey.parse({ kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y });

/**
 * Makes an organisation's intake key pair and locks the private key with a passphrase. The
 * private key never leaves WebCrypto unwrapped.
 */
export async function createIntakeKey(passphrase: string, options: { iterations?: number } = {}): Promise<LockedIntakeKey> {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) throw new IntakeSealError('weak-passphrase', `the passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters; a few words in a row are easy to remember`);
  const iterations = options.iterations ?? MIN_PASSPHRASE_ITERATIONS;
  // A key with fewer would be refused wherever it is read (LockedIntakeKey), so it is not made.
  if (!Number.isInteger(iterations) || iterations < MIN_PASSPHRASE_ITERATIONS || iterations > MAX_PASSPHRASE_ITERATIONS) {
    throw new RangeError(`iterations must be a whole number from ${MIN_PASSPHRASE_ITERATIONS} (OWASP's floor for PBKDF2-SHA-256) to ${MAX_PASSPHRASE_ITERATIONS}, not ${String(iterations)}`);
  }
  const pair = await subtle().generateKey(ECDH, true, ['deriveBits']);
  const publicKey = publicOnly(await subtle().exportKey('jwk', pair.publicKey));
  const keyId = await intakeKeyId(publicKey);
  const salt = random(16);
  const iv = random(12);
  const wrappingKey = await passphraseKey(passphrase, salt, iterations, 'wrapKey');
  const wrapped = await subtle().wrapKey('pkcs8', pair.privateKey, wrappingKey, { name: 'AES-GCM', iv, additionalData: utf8(keyId) });
  return {
    format: 'casepath-locked-intake-key',
    v: 1,
    keyId,
    publicKey,
    kdf: { name: 'PBKDF2-SHA-256', iterations, salt: toBase64Url(salt) },
    iv: toBase64Url(iv),
    wrapped: toBase64Url(new Uint8Array(wrapped)),
  };
}

/** An unlocked private key, usable only to open first contacts sealed to it; it cannot be exported. */
export interface UnlockedIntakeKey {
  keyId: string;
  privateKey: IntakeCryptoKey;
}

/**
 * Unlocks the organisation's private key with its passphrase. A wrong passphrase is an
 * {@link IntakeSealError} (`wrong-passphrase`) and changes nothing.
 */
export async function unlockIntakeKey(locked: LockedIntakeKey, passphrase: string): Promise<UnlockedIntakeKey> {
  const k = LockedIntakeKey.parse(locked);
  const wrappingKey = await passphraseKey(passphrase, fromBase64Url(k.kdf.salt), k.kdf.iterations, 'unwrapKey');
  try {
    const privateKey = await subtle().unwrapKey('pkcs8', fromBase64Url(k.wrapped), wrappingKey, { name: 'AES-GCM', iv: fromBase64Url(k.iv), additionalData: utf8(k.keyId) }, ECDH, false, ['deriveBits']);
    return { keyId: k.keyId, privateKey };
  } catch {
    throw new IntakeSealError('wrong-passphrase', 'this passphrase does not unlock the key; check it and try again (nothing was changed)');
  }
}

function header(e: Pick<SealedFirstContact, 'format' | 'v' | 'id' | 'to' | 'keyId' | 'sealedAt' | 'epk'>): Uint8Array<ArrayBuffer> {
  return utf8(JSON.stringify([e.format, e.v, e.id, e.to, e.keyId, e.sealedAt, e.epk.x, e.epk.y]));
}

async function messageKey(privateKey: IntakeCryptoKey, publicKey: IntakePublicKey, keyId: string, usage: 'encrypt' | 'decrypt'): Promise<IntakeCryptoKey> {
  const peer = await subtle().importKey('jwk', publicKey, ECDH, false, []);
  const shared = await subtle().deriveBits({ name: 'ECDH', public: peer }, privateKey, 256);
  const hkdf = await subtle().importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  return subtle().deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: utf8(keyId), info: utf8('casepath-sealed-first-contact-v1') }, hkdf, { name: 'AES-GCM', length: 256 }, false, [usage]);
}

/**
 * Seals a first contact to the organisation's public key, in the browser, before it is stored
 * or sent. Only the holder of the private key can open it.
 */
export async function sealFirstContact(contact: FirstContact, to: { provider: string; keyId: string; publicKey: IntakePublicKey }, id: string = globalThis.crypto.randomUUID()): Promise<SealedFirstContact> {
  const plain = FirstContact.parse(contact);
  const ephemeral = await subtle().generateKey(ECDH, true, ['deriveBits']);
  const epk = publicOnly(await subtle().exportKey('jwk', ephemeral.publicKey));
  const head = { format: 'casepath-sealed-first-contact', v: 1, id, to: to.provider, keyId: to.keyId, sealedAt: new Date().toISOString(), epk } as const;
  const key = await messageKey(ephemeral.privateKey, IntakePublicKey.parse(to.publicKey), to.keyId, 'encrypt');
  const iv = random(12);
  const ciphertext = await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: header(head) }, key, utf8(JSON.stringify(plain)));
  return SealedFirstContact.parse({ ...head, iv: toBase64Url(iv), ciphertext: toBase64Url(new Uint8Array(ciphertext)) });
}

/** Opens a sealed first contact with the unlocked organisation key; checks what is inside with zod. */
export async function openFirstContact(sealed: SealedFirstContact, key: UnlockedIntakeKey): Promise<FirstContact> {
  const s = SealedFirstContact.parse(sealed);
  if (s.keyId !== key.keyId) throw new IntakeSealError('wrong-key', `this was sealed to key ${s.keyId}, not to the unlocked key ${key.keyId}; unlock that key`);
  let plain: ArrayBuffer;
  try {
    const aes = await messageKey(key.privateKey, s.epk, s.keyId, 'decrypt');
    plain = await subtle().decrypt({ name: 'AES-GCM', iv: fromBase64Url(s.iv), additionalData: header(s) }, aes, fromBase64Url(s.ciphertext));
  } catch {
    throw new IntakeSealError('tampered', `the sealed message ${s.id} was changed after it was sealed (or damaged); it cannot be opened`);
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(plain));
  } catch {
    json = undefined;
  }
  const parsed = FirstContact.safeParse(json);
  if (!parsed.success) throw new IntakeSealError('not-a-first-contact', `the sealed message ${s.id} opened, but what is inside is not a first contact this version understands`);
  return parsed.data;
}
