import { expect } from '@open-wc/testing';
import { idleLeft, watchIdle } from './idle-watch.js';

const MINUTE = 60_000;

describe('whether a staff page was left unused', () => {
  it('counts from the last use in this tab or another, whichever came later', () => {
    // Used here at 0, in another tab at 10 minutes: at 20 minutes, 5 are left of 15.
    expect(idleLeft(0, 10 * MINUTE, 20 * MINUTE, 15 * MINUTE)).to.equal(5 * MINUTE);
    expect(idleLeft(10 * MINUTE, 0, 20 * MINUTE, 15 * MINUTE)).to.equal(5 * MINUTE);
    // Nobody anywhere for 15 minutes: unused.
    expect(idleLeft(5 * MINUTE, 2 * MINUTE, 20 * MINUTE, 15 * MINUTE)).to.equal(0);
    expect(idleLeft(0, 0, 20 * MINUTE, 15 * MINUTE)).to.be.below(0);
  });

  it('takes another tab’s use said as later than now (its clock) as now, not as a lock put off for ever', () => {
    expect(idleLeft(0, 1e15, 20 * MINUTE, 15 * MINUTE)).to.equal(15 * MINUTE);
  });

  it('says the page is used to the organisation’s other tabs, and calls back once it was left unused', async () => {
    const org = `idle-${Math.random().toString(36).slice(2)}`;
    const before = Date.now();
    let idle = 0;
    await new Promise<void>((resolve) => {
      watchIdle(org, 0.005, () => {
        idle++;
        resolve();
      });
      expect(Number(localStorage.getItem(`casepath-used:${org}`)), 'the other tabs read when it was used').to.be.at.least(before);
    });
    expect(Date.now() - before, 'not before the time').to.be.at.least(0.005 * MINUTE);
    expect(idle).to.equal(1);
    localStorage.removeItem(`casepath-used:${org}`);
  });

  it('does not call back while held (a tab with a person), nor tells the other tabs of a use meanwhile; let go, it calls back', async () => {
    const org = `idle-${Math.random().toString(36).slice(2)}`;
    const key = `casepath-used:${org}`;
    let held = true;
    let idle = 0;
    const done = new Promise<void>((resolve) =>
      watchIdle(
        org,
        0.005,
        () => {
          idle++;
          resolve();
        },
        () => held,
      ),
    );
    const shared = localStorage.getItem(key);
    // Another watch, twice as long, tells when the first has looked at least once.
    await new Promise<void>((resolve) => watchIdle(`${org}-clock`, 0.01, resolve));
    expect(idle).to.equal(0);
    expect(localStorage.getItem(key), 'a look while held is not a use').to.equal(shared);
    held = false;
    await done;
    expect(idle).to.equal(1);
    localStorage.removeItem(key);
    localStorage.removeItem(`${key}-clock`);
  });
});
