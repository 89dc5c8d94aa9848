import { describe, expect, it } from 'vitest';
import { CaseHistoryBuilder } from '../testing/history-builder.js';
import { createHash } from 'node:crypto';
import { canonicalJson, chainHash, chainedText, verifyHistory, type ChainedEvent } from './history-hash.js';

const events = new CaseHistoryBuilder('c1', '2026-01-05T09:00:00Z')
  .add('case.open', { templateId: 'euse-supported-employment', templateVersion: 1, providerId: 'p' })
  .add('consent.grant', { purpose: 'service' })
  .add('support.log', { minutes: 30, mode: 'remote' })
  .add('support.log', { minutes: 45, mode: 'on-the-job' })
  .build();

async function chain(list = events): Promise<ChainedEvent[]> {
  const out: ChainedEvent[] = [];
  let previous: string | null = null;
  for (const event of list) {
    const hash = await chainHash(previous, event);
    out.push({ event, previousHash: previous, hash });
    previous = hash;
  }
  return out;
}

describe('tamper-evident history', () => {
  it('hashes the text chainedText gives, so a caller may hash it with its own SHA-256', async () => {
    const [first, second] = await chain();
    expect(first!.hash).toBe(createHash('sha256').update(chainedText(null, events[0]!)).digest('hex'));
    expect(second!.hash).toBe(createHash('sha256').update(chainedText(first!.hash, events[1]!)).digest('hex'));
    expect(second!.hash).not.toBe(createHash('sha256').update(chainedText(null, events[1]!)).digest('hex'));
  });

  it('canonical JSON does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'é' } })).toBe('{"a":{"c":"é","d":[1,{"x":1,"y":2}]},"b":1}');
    const e = events[2]!;
    const reordered = Object.fromEntries(Object.entries(e).reverse()) as typeof e;
    expect(canonicalJson(reordered)).toBe(canonicalJson(e));
  });

  it('an intact history verifies, with its head hash', async () => {
    const stored = await chain();
    expect(await verifyHistory(stored)).toEqual({ ok: true, events: 4, head: stored[3]!.hash });
    expect(stored[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('finds an edited event, a removed one and a reordering at the first broken link', async () => {
    const stored = await chain();
    const edited = stored.map((c, i) => (i === 2 ? { ...c, event: { ...c.event, payload: { minutes: 300, mode: 'remote' } } as typeof c.event } : c));
    expect(await verifyHistory(edited)).toMatchObject({ ok: false, seq: 2, problem: 'hash' });
    const removed = stored.filter((_, i) => i !== 1);
    expect(await verifyHistory(removed)).toMatchObject({ ok: false, seq: 2, problem: 'sequence' });
    // Rows swapped with their seqs rewritten to look continuous: the links no longer hold.
    const swapped = [stored[0]!, { ...stored[2]!, event: { ...stored[2]!.event, seq: 1 } }, { ...stored[1]!, event: { ...stored[1]!.event, seq: 2 } }, stored[3]!] as ChainedEvent[];
    expect(await verifyHistory(swapped)).toMatchObject({ ok: false, seq: 1, problem: 'previous-hash' });
    // Rehashing one event is not enough: the next one still points at the old hash.
    const rehashed = [...edited];
    rehashed[2] = { ...rehashed[2]!, hash: await chainHash(rehashed[1]!.hash, rehashed[2]!.event) };
    expect(await verifyHistory(rehashed)).toMatchObject({ ok: false, seq: 3, problem: 'previous-hash' });
  });
});
