import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChangeFeed } from './change-feed.js';

/** A database whose commit mark the test moves; counts how often it is read. */
function database(mark = 'm1') {
  const db = { mark, reads: 0, failing: false };
  const readMark = () => {
    db.reads++;
    return db.failing ? Promise.reject(new Error('the database is closing')) : Promise.resolve(db.mark);
  };
  return { db, feed: new ChangeFeed(readMark, 250) };
}

/** Whether `promise` has settled, once everything already due has run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await vi.advanceTimersByTimeAsync(0);
  return done;
}

describe('the change feed of waiting long polls', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('wakes a poll only once the commit mark moves from the one its page was read at, with one read for every poll waiting', async () => {
    const { db, feed } = database();
    const polls = [feed.wait(60_000, 'm1'), feed.wait(60_000, 'm1'), feed.wait(60_000, 'm1')];
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await Promise.all(polls.map(settled))).toEqual([false, false, false]);
    expect(db.reads, 'one read of the mark a quarter second, however many wait').toBe(8);
    db.mark = 'm2';
    await vi.advanceTimersByTimeAsync(250);
    expect(await Promise.all(polls.map(settled))).toEqual([true, true, true]);
    // Nobody waits: nothing is read.
    await vi.advanceTimersByTimeAsync(5_000);
    expect(db.reads).toBe(9);
  });

  it('wakes a poll whose page is older than the mark it finds, though the mark no longer moves (a commit between its read and its wait)', async () => {
    const { db, feed } = database('m2');
    const poll = feed.wait(60_000, 'm1');
    await vi.advanceTimersByTimeAsync(250);
    expect(await settled(poll)).toBe(true);
    expect(db.reads).toBe(1);
  });

  it('wakes every poll at once when this process records something, at its deadline, and when its device goes', async () => {
    const { feed } = database();
    const [first, second] = [feed.wait(60_000, 'm1'), feed.wait(60_000, 'm1')];
    feed.notify();
    expect([await settled(first), await settled(second)]).toEqual([true, true]);

    const timed = feed.wait(1_000, 'm1');
    await vi.advanceTimersByTimeAsync(999);
    expect(await settled(timed)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(timed)).toBe(true);

    const device = new AbortController();
    const gone = feed.wait(60_000, 'm1', device.signal);
    const staying = feed.wait(60_000, 'm1');
    device.abort();
    expect([await settled(gone), await settled(staying)]).toEqual([true, false]);
    expect(await settled(feed.wait(60_000, 'm1', device.signal)), 'a device already gone does not wait').toBe(true);
    feed.notify();
    expect(await settled(staying)).toBe(true);
  });

  it('wakes every poll when the mark cannot be read, so each reads its page and answers or fails with it', async () => {
    const { db, feed } = database();
    const poll = feed.wait(60_000, 'm1');
    db.failing = true;
    await vi.advanceTimersByTimeAsync(250);
    expect(await settled(poll)).toBe(true);
  });

  it('closing ends every wait and any wait after, and resolves only once a read of the mark under way has finished', async () => {
    let finish!: (mark: string) => void;
    let reads = 0;
    const feed = new ChangeFeed(() => (reads++, new Promise<string>((resolve) => (finish = resolve))), 250);
    const poll = feed.wait(60_000, 'm1');
    await vi.advanceTimersByTimeAsync(250);
    expect(reads).toBe(1);
    const closed = feed.close();
    expect(await settled(poll)).toBe(true);
    expect(await settled(closed), 'the read under way still holds the database').toBe(false);
    finish('m1');
    expect(await settled(closed)).toBe(true);
    expect(await settled(feed.wait(60_000, 'm1'))).toBe(true);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(reads).toBe(1);
    expect(feed.isClosed).toBe(true);
  });
});
