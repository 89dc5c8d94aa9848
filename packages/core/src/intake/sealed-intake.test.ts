import { describe, expect, it } from 'vitest';
import { checkFirstContact, defaultFirstContactForm, type FirstContact } from './index.js';
import { createIntakeKey, IntakeSealError, openFirstContact, sealFirstContact, unlockIntakeKey, LockedIntakeKey } from './sealed-intake.js';
import { checkIntakeProof, solveIntakeProof } from './proof-of-work.js';
import { fromBase64Url, toBase64Url } from './base64url.js';

const contact: FirstContact = {
  formId: 'casepath-first-contact',
  formVersion: 1,
  lang: 'pl',
  name: 'Marta',
  contact: { way: 'phone', detail: '+48 601 234 567' },
  help: ['work'],
  accessNeeds: ['easy-read'],
  message: 'Szukam pracy po wypadku.',
  consent: { service: true, 'health-data': true },
  consentVersion: 'casepath-first-contact-1',
  sentAt: '2026-12-01T10:00:00.000Z',
};
const PASS = 'correct horse battery staple';
// The lowest count the schema accepts; the tests still derive the key for real.
const locked = await createIntakeKey(PASS);

describe('sealed first contact', () => {
  it('opens only with the organisation key, unlocked by its passphrase', async () => {
    const sealed = await sealFirstContact(contact, { provider: 'otwarte-drzwi', keyId: locked.keyId, publicKey: locked.publicKey });
    const text = JSON.stringify(sealed);
    for (const secret of ['Marta', '601 234', 'wypadku', 'easy-read', 'health-data']) expect(text).not.toContain(secret);
    const key = await unlockIntakeKey(locked, PASS);
    expect(await openFirstContact(sealed, key)).toEqual(contact);
  });

  it('refuses a wrong passphrase clearly, and the key still opens with the right one', async () => {
    const error = await unlockIntakeKey(locked, 'not the passphrase at all').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntakeSealError);
    expect((error as IntakeSealError).problem).toBe('wrong-passphrase');
    expect((error as Error).message).toMatch(/does not unlock.*nothing was changed/);
    await expect(unlockIntakeKey(locked, PASS)).resolves.toMatchObject({ keyId: locked.keyId });
  });

  it('detects a changed ciphertext, and a message moved to another provider or id', async () => {
    const sealed = await sealFirstContact(contact, { provider: 'otwarte-drzwi', keyId: locked.keyId, publicKey: locked.publicKey });
    const key = await unlockIntakeKey(locked, PASS);
    const bytes = fromBase64Url(sealed.ciphertext);
    bytes[3]! ^= 1;
    for (const changed of [{ ...sealed, ciphertext: toBase64Url(bytes) }, { ...sealed, to: 'another-provider' }, { ...sealed, id: globalThis.crypto.randomUUID() }]) {
      await expect(openFirstContact(changed, key)).rejects.toMatchObject({ problem: 'tampered' });
    }
  });

  it('says which key a message needs when another one is unlocked', async () => {
    const other = await createIntakeKey('another long passphrase');
    const sealed = await sealFirstContact(contact, { provider: 'otwarte-drzwi', keyId: other.keyId, publicKey: other.publicKey });
    await expect(openFirstContact(sealed, await unlockIntakeKey(locked, PASS))).rejects.toMatchObject({ problem: 'wrong-key' });
  });

  it('refuses short passphrases and locked keys with too few iterations', async () => {
    await expect(createIntakeKey('short')).rejects.toMatchObject({ problem: 'weak-passphrase' });
    expect(LockedIntakeKey.safeParse({ ...locked, kdf: { ...locked.kdf, iterations: 1000 } }).success).toBe(false);
    expect(locked.kdf.iterations).toBeGreaterThanOrEqual(600_000);
    // Nor is one made that every reader would then refuse.
    await expect(createIntakeKey(PASS, { iterations: 1000 })).rejects.toThrow(/iterations must be a whole number from 600000/);
  });

  it('refuses to seal what is not a first contact', async () => {
    await expect(sealFirstContact({ ...contact, lang: 'xx' } as unknown as FirstContact, { provider: 'p1', keyId: locked.keyId, publicKey: locked.publicKey })).rejects.toThrow();
  });
});

describe('checkFirstContact', () => {
  it('names each missing or wrong field', () => {
    const problems = checkFirstContact(defaultFirstContactForm, { ...contact, consent: {}, contact: { way: 'email', detail: 'marta' }, help: ['space-travel'] });
    expect(problems.map((p) => [p.field, p.path])).toEqual([
      ['consent', 'consent.service'],
      ['contactDetail', 'contact.detail'],
      ['help', 'help[0]'],
    ]);
    expect(checkFirstContact(defaultFirstContactForm, { ...contact, help: [] })[0]!.message).toBe('choose at least one kind of help');
    expect(checkFirstContact(defaultFirstContactForm, { ...contact, contact: { way: 'visit' } })).toEqual([]);
  });
});

describe('intake proof of work', () => {
  it('a solved nonce checks, another id or a lower nonce does not', async () => {
    const id = '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed';
    const nonce = await solveIntakeProof(id, 10);
    expect(await checkIntakeProof(id, nonce, 10)).toBe(true);
    let misses = 0;
    for (let n = 0; n < nonce; n++) if (!(await checkIntakeProof(id, n, 10))) misses++;
    expect(misses).toBe(nonce); // the first nonce that works is the one found
    expect(await checkIntakeProof(id, -1, 0)).toBe(false);
  });
});
