import { describe, expect, it } from 'vitest';
import { SecretBox, SecretBoxError } from './secret-box.js';

describe('SecretBox', () => {
  const box = new SecretBox(new Uint8Array(32).fill(7));

  it('never seals with the same IV twice, across refills of its pool of IVs', () => {
    const ivs = new Set<string>();
    const n = 10_000; // more than two pools of 4,096
    for (let i = 0; i < n; i++) {
      const sealed = box.seal('the same words', 'case/c1/state');
      ivs.add(sealed.split(':')[1]!);
      if (i % 997 === 0) expect(box.open(sealed, 'case/c1/state')).toBe('the same words');
    }
    expect(ivs.size).toBe(n);
  });

  it('opens only at its own place and with its own key', () => {
    const sealed = box.seal('hears voices when tired', 'case/c1/event/e1');
    expect(box.open(sealed, 'case/c1/event/e1')).toBe('hears voices when tired');
    expect(() => box.open(sealed, 'case/c1/event/e2')).toThrow(SecretBoxError);
    expect(() => new SecretBox(new Uint8Array(32).fill(8)).open(sealed, 'case/c1/event/e1')).toThrow(SecretBoxError);
  });
});
