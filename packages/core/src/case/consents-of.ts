import type { CaseEvent } from '../schemas/case-event.schema.js';
import type { ConsentPurpose } from '../schemas/vocabulary.js';
import type { ConsentRecord } from './case-state.js';
import { compareInstants } from './dates.js';

/**
 * Each purpose's consent as a history leaves it: granted or withdrawn, when, and the version of
 * the text seen; the latest by date decides, as in replay. Needs no template (for a widget that
 * shows a person what they agreed to).
 */
export function consentsOf(events: readonly CaseEvent[]): Partial<Record<ConsentPurpose, ConsentRecord>> {
  const out: Partial<Record<ConsentPurpose, ConsentRecord>> = {};
  for (const e of events) {
    if (e.type !== 'consent.grant' && e.type !== 'consent.withdraw') continue;
    const current = out[e.payload.purpose];
    if (current && compareInstants(e.at, current.at) < 0) continue;
    out[e.payload.purpose] = { granted: e.type === 'consent.grant', at: e.at, ...(e.type === 'consent.grant' && e.payload.textVersion ? { textVersion: e.payload.textVersion } : {}) };
  }
  return out;
}

/**
 * Whether a history's person consented to `purpose` at a moment: {@link consentsOf} the events
 * dated at or before it (in any order of recording).
 */
export function consentedAt(events: readonly CaseEvent[], purpose: ConsentPurpose, at: string): boolean {
  return consentsOf(events.filter((e) => compareInstants(e.at, at) <= 0))[purpose]?.granted ?? false;
}
