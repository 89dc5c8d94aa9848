// An embedded server restored from an older copy of its data folder after losing the disk:
// devices that synced after the copy was made hold events the restored server lost. Their next
// pull starts over, and each device sends again what its worker recorded, so nothing anyone saw
// as saved is lost and no device misses what comes next. The copy is put back by hand, without
// `casepath-server restored` (backup.test.ts checks that mark): the devices' cursors, ahead of
// the restored database, tell it.
import 'fake-indexeddb/auto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInTemplates, replay } from '@casepath/core';
import { eventsAfter } from '../src/db/cases.js';
import { startServer, type RunningServer } from '../src/server.js';
import { PASSWORD, testConfig } from './helpers.js';
import { Device, seededServer } from './sync-device.js';

const euse = builtInTemplates['euse-supported-employment'];
const ewaActor = { id: 'ewa', role: 'coordinator' } as const;
const annaActor = { id: 'anna', role: 'job-coach' } as const;

describe('a server restored from an older copy of its data folder', () => {
  it('devices that synced after the copy send again what their worker recorded; every device ends with the same history, each event once', async () => {
    const root = mkdtempSync(join(tmpdir(), 'casepath-restore-'));
    const dataDir = join(root, 'data');
    let server: RunningServer = await seededServer(dataDir);
    const port = server.port;
    const base = `http://127.0.0.1:${port}`;
    const ewa = new Device('restore-ewa', 'ewa', base, true);
    const anna = new Device('restore-anna', 'anna', base, false);
    try {
      for (const d of [ewa, anna]) expect((await d.sync.signIn(`${d.who}@example.org`, PASSWORD)).ok).toBe(true);
      await ewa.record({ type: 'case.open', payload: { templateId: euse.id, templateVersion: 1, providerId: 'warsaw' }, actor: ewaActor });
      await ewa.record({ type: 'consent.grant', payload: { purpose: 'service' }, actor: ewaActor });
      await ewa.record({ type: 'worker.assign', payload: { workerId: 'anna', role: 'job-coach' }, actor: ewaActor });
      await ewa.sync.syncOnce();
      await anna.sync.syncOnce();
      expect(await anna.store.events('case-1')).toHaveLength(3);

      // The nightly copy, server stopped.
      await server.close();
      const copy = join(root, 'copy');
      cpSync(dataDir, copy, { recursive: true });
      server = await startServer({ ...testConfig, port, database: { kind: 'pglite', dataDir } });

      // The next day's work, confirmed to both devices.
      await ewa.record({ type: 'goal.add', payload: { goalId: 'g1', title: 'Work in a bakery', domain: 'employment', ownerId: 'ewa', ownerRole: 'coordinator' }, actor: ewaActor });
      await ewa.sync.syncOnce();
      await anna.sync.syncOnce();
      await anna.record({ type: 'support.log', payload: { minutes: 45, mode: 'on-the-job' }, actor: annaActor });
      await anna.sync.syncOnce();
      await ewa.sync.syncOnce();
      const before = (await ewa.store.events('case-1')).map((e) => e.id);
      expect(before).toHaveLength(5);
      expect((await anna.store.events('case-1')).map((e) => e.id)).toEqual(before);
      // Anna also records a visit while the server is down, which waits on her device.
      await server.close();
      await anna.record({ type: 'support.log', payload: { minutes: 30, mode: 'remote' }, actor: annaActor });
      expect(await anna.sync.replica.outboxCount()).toBe(1);
      const visit = anna.saved.at(-1)!;

      // The disk is lost: the copy is restored into a new folder, with the live case keys.
      const restored = join(root, 'restored');
      cpSync(copy, restored, { recursive: true });
      server = await startServer({ ...testConfig, port, database: { kind: 'pglite', dataDir: restored } });
      expect((await eventsAfter(server.db, server.keys, 'case-1', -1)).map((r) => r.event.id)).toEqual(before.slice(0, 3));

      // Each device syncs as it comes back (a push, then a pull that starts over), sends what it
      // queued again at its next sync, and gets what the other sent at the one after.
      for (let round = 0; round < 3; round++) for (const d of [ewa, anna]) await d.sync.syncOnce();

      const serverEvents = (await eventsAfter(server.db, server.keys, 'case-1', -1)).map((r) => r.event);
      const serverIds = serverEvents.map((e) => e.id);
      expect(new Set(serverIds).size).toBe(serverIds.length); // each once
      // Nothing lost: the day's work, and the visit that waited (sent first, as the device came back).
      expect([...serverIds].sort()).toEqual([...before, visit].sort());
      expect(serverIds.slice(0, 3)).toEqual(before.slice(0, 3));
      expect(() => replay(euse, serverEvents as never)).not.toThrow();
      for (const d of [ewa, anna]) {
        expect((await d.store.events('case-1')).map((e) => e.id), `${d.name} holds the server's history`).toEqual(serverIds);
        expect(await d.sync.replica.outboxCount(), `${d.name} has nothing left to send`).toBe(0);
        expect(await d.sync.replica.conflicts(), `${d.name} has nothing kept for review`).toEqual([]);
      }

      // What is recorded after the restore reaches the other device.
      await ewa.record({ type: 'goal.achieve', payload: { goalId: 'g1' }, actor: ewaActor });
      await ewa.sync.syncOnce();
      await anna.sync.syncOnce();
      expect((await anna.store.events('case-1')).map((e) => e.type).at(-1)).toBe('goal.achieve');
    } finally {
      for (const d of [ewa, anna]) await d.store.dispose();
      await server.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
