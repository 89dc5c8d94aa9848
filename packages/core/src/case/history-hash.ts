import type { CaseEvent } from '../schemas/case-event.schema.js';

/**
 * JSON with object keys in sorted order at every level, so the same event always gives the same
 * text (and the same hash), whatever order its keys were stored or parsed in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('canonicalJson: numbers must be finite');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

const hex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

/**
 * The hash of an event chained to the one before it: SHA-256 (hex) of the previous event's hash
 * (empty for a case's first event), a newline, and the event's canonical JSON. Changing, removing
 * or reordering any stored event changes every hash after it.
 */
export async function chainHash(previous: string | null, event: CaseEvent): Promise<string> {
  return hex(await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(chainedText(previous, event))));
}

/**
 * The text {@link chainHash} hashes, for a caller with a faster SHA-256 at hand (Node's
 * `createHash` is about fifty times quicker per event than WebCrypto's asynchronous `digest`):
 * `sha256Hex(chainedText(previous, event))` equals `await chainHash(previous, event)`.
 */
export function chainedText(previous: string | null, event: CaseEvent): string {
  return `${previous ?? ''}\n${canonicalJson(event)}`;
}

/** One stored event with the hashes stored beside it. */
export interface ChainedEvent {
  event: CaseEvent;
  /** The hash stored as the previous event's (null for the first). */
  previousHash: string | null;
  hash: string;
}

/** What {@link verifyHistory} found: intact, or the first link that does not hold and why. */
export type HistoryCheck =
  | { ok: true; events: number; head: string | null }
  | { ok: false; seq: number; problem: 'sequence' | 'previous-hash' | 'hash'; message: string };

/**
 * Checks a case's stored history link by link, in `seq` order: each event's `seq` follows the
 * last, its stored previous hash is the last event's hash, and its own hash is what its content
 * gives. Reports the first broken link, which is where the history was edited, a row removed or
 * rows reordered.
 *
 * @example
 * ```ts
 * const check = await verifyHistory(rows);
 * if (!check.ok) console.error(`case ${caseId}: ${check.message}`);
 * ```
 */
export async function verifyHistory(events: readonly ChainedEvent[]): Promise<HistoryCheck> {
  let previous: string | null = null;
  let expectedSeq = 0;
  for (const { event, previousHash, hash } of events) {
    if (event.seq !== expectedSeq) {
      return { ok: false, seq: event.seq, problem: 'sequence', message: `event ${event.id} has seq ${event.seq} where ${expectedSeq} should be: an event was removed or the events were reordered` };
    }
    if (previousHash !== previous) {
      return { ok: false, seq: event.seq, problem: 'previous-hash', message: `event #${event.seq} (${event.type}) does not follow the event before it: the one before was changed, removed or moved` };
    }
    const expected = await chainHash(previous, event);
    if (hash !== expected) {
      return { ok: false, seq: event.seq, problem: 'hash', message: `event #${event.seq} (${event.type}) is not what was recorded: its content was changed after it was stored` };
    }
    previous = hash;
    expectedSeq++;
  }
  return { ok: true, events: events.length, head: previous };
}
