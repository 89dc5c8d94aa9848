import type { CaseEvent } from '../schemas/case-event.schema.js';
import type { ConsentPurpose } from '../schemas/vocabulary.js';
import type { CaseState } from './case-state.js';

/**
 * The consent an action needs beyond taking part in the service, or null: sharing details in a
 * referral, contacting an employer, recording health information as a goal or in an assessment. Checked when an
 * event is recorded (in the browser and on the server), not when a history is replayed: what
 * was recorded before stays a fact.
 */
export function consentRequired(e: Pick<CaseEvent, 'type' | 'payload'>): ConsentPurpose | null {
  switch (e.type) {
    case 'referral.send':
      return 'data-sharing';
    case 'support.log':
      return (e.payload as { mode: string }).mode === 'employer' ? 'employer-contact' : null;
    case 'goal.add':
      return (e.payload as { domain: string }).domain === 'health' ? 'health-data' : null;
    case 'assessment.record':
      return (e.payload as { healthData?: boolean }).healthData === true ? 'health-data' : null;
    default:
      return null;
  }
}

/** Why an event cannot be recorded for want of consent (naming the purpose), or null when it can. */
export function missingConsent(s: CaseState, e: CaseEvent): { purpose: ConsentPurpose; reason: string } | null {
  const purpose = consentRequired(e);
  if (!purpose) return null;
  const reason = withoutConsent(s, purpose, { refused: 'this cannot be recorded', first: 'record their consent first' });
  return reason === null ? null : { purpose, reason };
}

/**
 * Why something that needs `purpose` cannot happen now, naming the purpose (and, when it was
 * withdrawn, the day), or null when the person has given it. `refused` says what does not
 * happen, `first` what to do: "the person has not given consent for "data-sharing"; record their
 * consent first". Worded as replay's requirements are.
 */
export function withoutConsent(s: CaseState, purpose: ConsentPurpose, words: { refused: string; first: string }): string | null {
  const given = s.consent[purpose];
  if (given?.granted) return null;
  return given
    ? `the person withdrew consent for "${purpose}" on ${given.at.slice(0, 10)}; ${words.refused} unless they give it again`
    : `the person has not given consent for "${purpose}"; ${words.first}`;
}
