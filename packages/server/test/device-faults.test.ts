// The faults a device meets in the field, with the widgets' real store and SyncClient (on
// fake-indexeddb) against a real server: a week offline with 500 events waiting, a push whose
// answer is lost on the way back, a clock days ahead or behind. Nothing is lost or doubled, and
// the status says what waits and what was kept for review.
import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { builtInTemplates, replay } from '@casepath/core';
import { eventsAfter } from '../src/db/cases.js';
import type { RunningServer } from '../src/server.js';
import { PASSWORD } from './helpers.js';
import { Device, seededServer, templates } from './sync-device.js';

const euse = builtInTemplates['euse-supported-employment'];
const ewa = { id: 'ewa', role: 'coordinator' } as const;
const DAY = 86_400_000;

describe('a device in the field', () => {
  let root: string;
  let server: RunningServer;
  let base: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'casepath-faults-'));
    server = await seededServer(join(root, 'db'));
    base = `http://127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  async function signedIn(name: string): Promise<Device> {
    const d = new Device(name, 'ewa', base, true);
    expect((await d.sync.signIn('ewa@example.org', PASSWORD)).ok).toBe(true);
    return d;
  }
  const serverIds = async (caseId: string) => (await eventsAfter(server.db, server.keys, caseId, -1)).map((r) => r.event.id);
  /** Opens a case (ten days ago unless said) with the consent to serve. */
  const open = async (d: Device, caseId: string, at = new Date(Date.now() - 10 * DAY).toISOString()) => {
    await d.record({ type: 'case.open', payload: { templateId: euse.id, templateVersion: 1, providerId: 'warsaw' }, actor: ewa, at }, caseId);
    await d.record({ type: 'consent.grant', payload: { purpose: 'service' }, actor: ewa, at }, caseId);
  };

  it('a week offline with 500 events waiting: the status counts them, and back online each reaches the server once', async () => {
    const d = await signedIn('faults-week');
    d.online = false;
    const cases = ['week-1', 'week-2', 'week-3', 'week-4', 'week-5'];
    for (const caseId of cases) await open(d, caseId);
    // Ten visits at a time per case (one save of several, as a form of several entries makes).
    for (let round = 0; d.saved.length < 500; round++) {
      const caseId = cases[round % cases.length]!;
      const view = await d.store.events(caseId);
      const drafts = Array.from({ length: 10 }, (_, i) => ({ type: 'support.log' as const, payload: { minutes: 15 + i, mode: 'on-the-job' as const }, actor: ewa, at: new Date(Date.now() - 7 * DAY + (round * 10 + i) * 60_000).toISOString() }));
      const r = await d.store.record({ caseId, baseSeq: view[view.length - 1]?.seq ?? -1, drafts }, templates);
      if (r.status !== 'saved') throw new Error(`not saved: ${JSON.stringify(r)}`);
      d.saved.push(...r.events.map((e) => e.id));
    }
    await d.trySync();
    expect(d.sync.status).toMatchObject({ state: 'offline', problemCode: 'unreachable', waiting: 500 });
    d.online = true;
    await d.sync.syncOnce();
    expect(d.sync.status).toMatchObject({ state: 'online', waiting: 0, conflicts: 0 });
    const onServer = (await Promise.all(cases.map(serverIds))).flat();
    expect(onServer).toHaveLength(500);
    expect([...onServer].sort()).toEqual([...d.saved].sort());
    for (const caseId of cases) expect((await d.store.events(caseId)).map((e) => e.id)).toEqual(await serverIds(caseId));
    await d.store.dispose();
  });

  it('a push whose answer is lost is sent again and changes nothing: each event once', async () => {
    const d = await signedIn('faults-lost-answer');
    await open(d, 'lost-1');
    await d.record({ type: 'support.log', payload: { minutes: 30, mode: 'remote' }, actor: ewa }, 'lost-1');
    d.loseAnswersTo = '/api/sync/push';
    await d.trySync();
    expect(await serverIds('lost-1'), 'the server appended them').toEqual(d.saved);
    expect(d.sync.status, 'the device does not know: they still wait').toMatchObject({ state: 'offline', waiting: 3 });
    d.loseAnswersTo = null;
    await d.sync.syncOnce();
    expect(await serverIds('lost-1')).toEqual(d.saved);
    expect((await d.store.events('lost-1')).map((e) => e.id)).toEqual(d.saved);
    expect(d.sync.status).toMatchObject({ waiting: 0, conflicts: 0 });
    await d.store.dispose();
  });

  it('a clock three days ahead: what it records is kept for review, with the reason, not lost; three days behind: accepted as backdated', async () => {
    const d = await signedIn('faults-clock');
    await open(d, 'clock-ahead');
    await open(d, 'clock-behind');
    await d.sync.syncOnce();
    // The device's clock, not the person, dates what is recorded: as the device sees it, now.
    const recordAtClock = async (offset: number, caseId: string) => {
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + offset });
      try {
        await d.record({ type: 'support.log', payload: { minutes: 40, mode: 'on-the-job' }, actor: ewa }, caseId);
      } finally {
        vi.useRealTimers();
      }
      return d.saved.at(-1)!;
    };
    const ahead = await recordAtClock(3 * DAY, 'clock-ahead');
    const behind = await recordAtClock(-3 * DAY, 'clock-behind');
    await d.sync.syncOnce();
    expect((await serverIds('clock-behind')).at(-1)).toBe(behind);
    expect(await serverIds('clock-ahead')).not.toContain(ahead);
    expect(d.sync.status).toMatchObject({ waiting: 0, conflicts: 1 });
    const [kept] = await d.sync.replica.conflicts();
    expect(kept).toMatchObject({ eventId: ahead, caseId: 'clock-ahead', rule: 'in-future' });
    expect(kept!.reason).toMatch(/check the date, or the device's clock$/);
    // The histories the device shows are the server's, without the kept one.
    for (const caseId of ['clock-ahead', 'clock-behind']) {
      const shown = await d.store.events(caseId);
      expect(shown.map((e) => e.id)).toEqual(await serverIds(caseId));
      expect(() => replay(euse, shown)).not.toThrow();
    }
    await d.store.dispose();
  });
});
