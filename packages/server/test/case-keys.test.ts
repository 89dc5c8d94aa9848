// The per-case key stores: a folder beside an embedded database, or PostgreSQL tables kept out of
// the cases' backups. Both make one key per case even when two servers ask at once, never make
// one again for an erased case, and say plainly when their contents were changed by hand.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CaseKeys, CaseKeyMissingError, type KeyStore } from '../src/db/case-keys.js';
import { FileKeyStore } from '../src/db/key-store-files.js';
import { SqlKeyStore } from '../src/db/key-store-sql.js';
import { backends, freshDatabase, seedOrganisation, testConfig } from './helpers.js';
import { applyPush } from '../src/db/apply-push.js';
import { eraseCaseRows } from '../src/db/erasure.js';
import { startServer } from '../src/server.js';
import { prepareCaseKeys } from '../src/db/case-sealing.js';
import { opening } from './pushed-events.js';

const stores: [string, () => Promise<KeyStore>][] = [
  ['a folder', () => Promise.resolve(new FileKeyStore(mkdtempSync(join(tmpdir(), 'casepath-keys-'))))],
  ...backends.map((b): [string, () => Promise<KeyStore>] => [`tables on ${b}`, async () => SqlKeyStore.open(await freshDatabase(b), b, true)]),
];

describe.each(stores)('case keys in %s', (_, open) => {
  it('makes one key per case, the same for two servers asking at once, and none again once erased', async () => {
    const store = await open();
    const [a, b] = await Promise.all([store.create(['c1', 'c2']), store.create(['c2', 'c1'])]);
    expect(a.get('c1')).toHaveLength(32);
    expect(b.get('c1')).toEqual(a.get('c1'));
    expect(b.get('c2')).toEqual(a.get('c2'));
    expect(a.get('c1')).not.toEqual(a.get('c2'));
    expect(await store.read(['c1', 'c9'])).toEqual(new Map([['c1', a.get('c1')]]));

    await store.destroy(['c1']);
    expect(await store.read(['c1', 'c2'])).toEqual(new Map([['c2', a.get('c2')]]));
    expect(await store.create(['c1'])).toEqual(new Map()); // an erased case never gets a key again
    expect(await store.erased(['c1', 'c2'])).toEqual(new Set(['c1']));
    expect(await store.allErased()).toEqual(['c1']);
    await store.close();
  });

  it('seals a case’s values with its key, bound to their place; without the key nothing opens', async () => {
    const keys = new CaseKeys(await open());
    await keys.load([], ['c1', 'c2']);
    const sealed = keys.box('c1').seal('{"clientRef":"R-1"}', 'case/c1/state');
    expect(sealed).not.toContain('R-1');
    expect(keys.box('c1').open(sealed, 'case/c1/state')).toBe('{"clientRef":"R-1"}');
    expect(() => keys.box('c1').open(sealed, 'case/c2/state')).toThrow(/does not open/);
    expect(() => keys.box('c2').open(sealed, 'case/c1/state')).toThrow(/does not open/);
    await keys.destroy(['c1']);
    expect(() => keys.box('c1')).toThrow(CaseKeyMissingError);
    await keys.load(['c1']);
    expect(keys.has('c1')).toBe(false);
    await keys.close();
  });
});

describe('case keys in a folder', () => {
  it('says which file was changed by hand instead of using a wrong key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'casepath-keys-'));
    const store = new FileKeyStore(dir);
    await store.create(['c1']);
    const [file] = readdirSync(join(dir, 'keys'));
    writeFileSync(join(dir, 'keys', file!), JSON.stringify({ case: 'c1', key: Buffer.alloc(8).toString('base64') }));
    await expect(store.read(['c1'])).rejects.toThrow(new RegExp(`${file}.*is not the key of case c1`));
    writeFileSync(join(dir, 'keys', file!), 'not json');
    await expect(store.read(['c1'])).rejects.toThrow(/not a file of the case key store/);
  });

  it('answers any hostile file in the store with its own error, never a crash or a key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'casepath-keys-'));
    const store = new FileKeyStore(dir);
    await store.create(['c1']);
    await store.destroy(['c2']);
    const [keyFile] = readdirSync(join(dir, 'keys'));
    const [erasedFile] = readdirSync(join(dir, 'erased'));
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), fc.constant({ ['__proto__']: { case: 'c1' } }), fc.record({ case: fc.constant('c1'), key: fc.string() })), async (value) => {
        writeFileSync(join(dir, 'keys', keyFile!), JSON.stringify(value));
        writeFileSync(join(dir, 'erased', erasedFile!), JSON.stringify(value));
        for (const read of [() => store.read(['c1']), () => store.allErased()]) {
          const outcome = await read().then(
            () => null,
            (error: unknown) => error,
          );
          if (outcome !== null) expect((outcome as Error).message).toMatch(/case key store/);
        }
        expect(({} as Record<string, unknown>).case).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });
});

describe('case keys when the server starts', () => {
  it('keeps every key it reads at start in memory, so the first requests read none from the store again', async () => {
    const db = await freshDatabase('pglite');
    await seedOrganisation(db);
    const dir = mkdtempSync(join(tmpdir(), 'casepath-keys-'));
    const ewa = { id: 'ewa', organisationId: 'open-doors', providerId: 'warsaw', role: 'coordinator', displayName: 'Ewa' } as const;
    for (const caseId of ['c1', 'c2']) {
      expect(await applyPush(db, new CaseKeys(new FileKeyStore(dir)), ewa, 'device-1', opening(caseId))).toMatchObject([{ status: 'accepted' }, { status: 'accepted' }]);
    }
    // A server starting on the database: its key store counts what it is asked to read.
    const asked: string[] = [];
    const store = new FileKeyStore(dir);
    const counted: KeyStore = Object.assign(Object.create(store) as KeyStore, {
      read: (ids: readonly string[]) => (asked.push(...ids), store.read(ids)),
    });
    const keys = new CaseKeys(counted);
    await prepareCaseKeys(db, keys);
    expect(asked.sort()).toEqual(['c1', 'c2']);
    expect(keys.has('c1') && keys.has('c2')).toBe(true);
    await keys.load(['c1', 'c2']);
    expect(asked).toHaveLength(2);
  });

  it('destroys the key of a case whose erasure was committed when the server stopped before destroying it', async () => {
    const db = await freshDatabase('pglite');
    await seedOrganisation(db);
    const dir = mkdtempSync(join(tmpdir(), 'casepath-keys-'));
    const keys = new CaseKeys(new FileKeyStore(dir));
    const ewa = { id: 'ewa', organisationId: 'open-doors', providerId: 'warsaw', role: 'coordinator', displayName: 'Ewa' } as const;
    expect(await applyPush(db, keys, ewa, 'device-1', opening('c1'))).toMatchObject([{ status: 'accepted' }, { status: 'accepted' }]);
    // The erasure's transaction committed; the server stopped before the key went.
    await db.transaction((tx) => eraseCaseRows(tx, { id: 'c1', organisationId: 'open-doors', providerId: 'warsaw' }, 'sara'));
    expect((await keys.store.read(['c1'])).size).toBe(1);
    const server = await startServer({ ...testConfig, caseKeys: { kind: 'folder', dir } }, { db });
    await server.close();
    const store = new FileKeyStore(dir);
    expect(await store.read(['c1'])).toEqual(new Map());
    expect(await store.erased(['c1'])).toEqual(new Set(['c1']));
  });
});

