import { gcm } from '@noble/ciphers/aes.js';
import { DeviceLockedError, PBKDF2_ITERATIONS, WrongPassphraseError, type DeviceKeys, type KeySlot, type RecordCipher } from './device-key.js';

/**
 * The cryptography of a device's sealed records, loaded only by a page that seals or opens them
 * (pages without a server never download it). See device-key.ts.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function random(length: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(length));
}

/** The key that wraps the data key, derived from a passphrase; never extractable, never stored. */
async function wrappingKey(passphrase: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', encoder.encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt: new Uint8Array(salt), iterations }, material, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

function slotContext(keyId: string, label: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(`casepath device key ${keyId} for ${label}`);
}

/** Wraps `dataKey` under a passphrase, as the slot of `label`. */
export async function wrapDataKey(dataKey: Uint8Array, keyId: string, label: string, passphrase: string): Promise<KeySlot> {
  const salt = random(16);
  const iv = random(12);
  const kek = await wrappingKey(passphrase, salt, PBKDF2_ITERATIONS);
  const wrapped = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: slotContext(keyId, label) }, kek, new Uint8Array(dataKey)));
  return { label, salt, iterations: PBKDF2_ITERATIONS, iv, wrapped };
}

/** The data key, unwrapped from `label`'s slot; {@link WrongPassphraseError} when it does not open. */
export async function unwrapDataKey(keys: DeviceKeys, label: string, passphrase: string): Promise<Uint8Array> {
  const slot = keys.slots.find((s) => s.label === label);
  if (!slot) throw new DeviceLockedError(`no passphrase of ${label} opens the records on this device; sign in as the worker who locked them`, 'other-worker');
  const kek = await wrappingKey(passphrase, slot.salt, slot.iterations);
  try {
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: new Uint8Array(slot.iv), additionalData: slotContext(keys.keyId, label) }, kek, new Uint8Array(slot.wrapped)));
  } catch {
    throw new WrongPassphraseError();
  }
}

/** A sealed value as stored: its nonce, then the ciphertext and tag. */
function withNonce(nonce: Uint8Array, sealed: Uint8Array): Uint8Array {
  const out = new Uint8Array(nonce.length + sealed.length);
  out.set(nonce);
  out.set(sealed, nonce.length);
  return out;
}

/** A new random data key and its id. */
export function newDataKey(): { keyId: string; dataKey: Uint8Array } {
  const id = Array.from(random(8), (b) => b.toString(16).padStart(2, '0')).join('');
  return { keyId: `dk-${id}`, dataKey: random(32) };
}

/**
 * The cipher of a data key. AES-GCM from @noble/ciphers (audited, synchronous): WebCrypto's is
 * asynchronous, and awaiting it inside an IndexedDB transaction ends the transaction, which would
 * split every read-decide-write into two and reopen the races one transaction closes.
 */
export async function recordCipher(keyId: string, dataKey: Uint8Array): Promise<RecordCipher> {
  // The same bytes: zeroing the caller's data key (locking) destroys this cipher's too.
  const key = dataKey;
  // The same key for WebCrypto, whose native AES-GCM seals and opens many records fast outside a
  // transaction; what it seals is laid out as `seal` lays it out (nonce, then ciphertext and tag).
  const native = await crypto.subtle.importKey('raw', new Uint8Array(dataKey), 'AES-GCM', false, ['encrypt', 'decrypt']);
  return {
    keyId,
    seal(value, context) {
      const nonce = random(12);
      return withNonce(nonce, gcm(key, nonce, encoder.encode(context)).encrypt(encoder.encode(JSON.stringify(value))));
    },
    async sealOutside(value, context) {
      const nonce = random(12);
      return withNonce(nonce, new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: encoder.encode(context) }, native, encoder.encode(JSON.stringify(value)))));
    },
    open(sealed, context) {
      if (sealed.length < 12 + 16) throw new Error('the sealed value is cut short');
      const plain = gcm(key, sealed.subarray(0, 12), encoder.encode(context)).decrypt(sealed.subarray(12));
      return JSON.parse(decoder.decode(plain)) as unknown;
    },
    async openOutside(sealed, context) {
      if (sealed.length < 12 + 16) throw new Error('the sealed value is cut short');
      const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.slice(0, 12), additionalData: encoder.encode(context) }, native, sealed.slice(12));
      return JSON.parse(decoder.decode(plain)) as unknown;
    },
  };
}
