import type { CaseEvent } from '../schemas/case-event.schema.js';
import type { PlanTemplate } from '../schemas/plan-template.schema.js';
import type { CaseState } from '../case/case-state.js';
import { replay } from '../case/replay.js';
import { withoutConsent } from '../case/consent-rules.js';
import type { ConsentPurpose } from '../schemas/vocabulary.js';

/**
 * Everything a case holds about a person, for the person (a subject access request) or for
 * another service they choose: the whole history as recorded (JSON), and the same as a FHIR R4
 * Bundle that other systems read.
 */
export interface PersonExport {
  format: 'casepath-person-export';
  version: 1;
  exportedAt: string;
  case: { id: string; templateId: string; templateVersion: number; providerId: string | null; clientRef: string | null; status: CaseState['status'] };
  /** Every event of the case, in order: who recorded what, when, and why. */
  events: CaseEvent[];
}

export function personExport(template: PlanTemplate, events: readonly CaseEvent[], exportedAt = new Date().toISOString()): PersonExport {
  const s = replay(template, events, { onInvalid: 'skip' }).state;
  return {
    format: 'casepath-person-export',
    version: 1,
    exportedAt,
    case: { id: s.caseId ?? '', templateId: s.templateId, templateVersion: s.templateVersion, providerId: s.providerId, clientRef: s.clientRef, status: s.status },
    events: [...events],
  };
}

type Resource = { resourceType: string; id: string } & Record<string, unknown>;
export interface FhirBundle {
  resourceType: 'Bundle';
  /** What was left out of the Bundle and why (see {@link bundleForRecipient}). */
  meta?: { tag: { system: string; code: string; display: string }[] };
  type: 'collection';
  timestamp: string;
  entry: { fullUrl: string; resource: Resource }[];
}

const SYSTEM = 'https://casepath.dev/fhir/CodeSystem/';
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : undefined);
const EPISODE_STATUS = { active: 'active', paused: 'onhold', closed: 'finished', unopened: 'planned' } as const;
const GOAL_STATUS = { open: 'active', achieved: 'completed', dropped: 'cancelled' } as const;
const ENCOUNTER_CLASS = { 'on-the-job': 'FLD', 'off-the-job': 'AMB', remote: 'VR', employer: 'FLD' } as const;

/**
 * The case as a FHIR R4 Bundle (type `collection`): the person (Patient, pseudonymous: their
 * reference, no name), the service (EpisodeOfCare), each consent (Consent), goal (Goal),
 * assessment score (Observation), job (Observation, employment history) and support contact
 * (Encounter). References are `urn:uuid:` full URLs inside the Bundle.
 */
export function personBundle(template: PlanTemplate, events: readonly CaseEvent[], exportedAt = new Date().toISOString()): FhirBundle {
  const s = replay(template, events, { onInvalid: 'skip' }).state;
  const entry: FhirBundle['entry'] = [];
  const add = (resource: Omit<Resource, 'id'>): string => {
    const id = globalThis.crypto.randomUUID();
    const fullUrl = `urn:uuid:${id}`;
    entry.push({ fullUrl, resource: { ...resource, id } as Resource });
    return fullUrl;
  };
  const patient = add({
    resourceType: 'Patient',
    identifier: [{ system: `${SYSTEM}client-ref/${s.providerId ?? 'unknown'}`, value: s.clientRef ?? s.caseId ?? '' }],
    active: s.status !== 'closed',
  });
  const subject = { reference: patient };
  const episode = add({
    resourceType: 'EpisodeOfCare',
    status: EPISODE_STATUS[s.status],
    type: [{ coding: [{ system: `${SYSTEM}plan-template`, code: template.id, display: template.title.en ?? template.id }] }],
    patient: subject,
    ...(s.providerId ? { managingOrganization: { identifier: { system: `${SYSTEM}provider`, value: s.providerId } } } : {}),
    period: { ...(s.openedAt ? { start: s.openedAt } : {}), ...(s.closedAt ? { end: s.closedAt } : {}) },
    ...(s.stage ? { statusHistory: s.stageHistory.map((v) => ({ status: 'active', period: { start: v.enteredAt, ...(v.leftAt ? { end: v.leftAt } : {}) } })) } : {}),
  });
  for (const [purpose, c] of Object.entries(s.consent)) {
    add({
      resourceType: 'Consent',
      status: c.granted ? 'active' : 'inactive',
      scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
      category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' }] }],
      patient: subject,
      dateTime: c.at,
      policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTIN' }] },
      ...(c.textVersion ? { policy: [{ uri: `${SYSTEM}consent-text/${encodeURIComponent(c.textVersion)}` }] } : {}),
      provision: { type: c.granted ? 'permit' : 'deny', purpose: [{ system: `${SYSTEM}consent-purpose`, code: purpose }] },
    });
  }
  for (const g of s.goals) {
    add({
      resourceType: 'Goal',
      lifecycleStatus: GOAL_STATUS[g.status],
      ...(g.status === 'achieved' ? { achievementStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/goal-achievement', code: 'achieved' }] } } : {}),
      category: [{ coding: [{ system: `${SYSTEM}goal-domain`, code: g.domain }] }],
      description: { text: g.title },
      subject,
      startDate: day(g.addedAt),
      ...(g.due ? { target: [{ dueDate: g.due }] } : {}),
      ...(g.closedAt ? { statusDate: day(g.closedAt) } : {}),
    });
  }
  for (const a of s.assessments) {
    for (const [domain, score] of Object.entries(a.scores ?? {})) {
      if (score === null) continue;
      add({
        resourceType: 'Observation',
        status: 'final',
        category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey' }] }],
        code: { coding: [{ system: `${SYSTEM}instrument/${a.instrumentId}`, code: domain }] },
        subject,
        effectiveDateTime: a.at,
        valueQuantity: { value: score },
        ...(a.respondent === 'self' ? { performer: [subject] } : {}),
      });
    }
  }
  for (const j of s.jobs) {
    add({
      resourceType: 'Observation',
      status: 'final',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'social-history' }] }],
      code: { coding: [{ system: 'http://loinc.org', code: '74165-2', display: 'History of employment status' }] },
      subject,
      effectivePeriod: { start: j.startedAt, ...(j.endedAt ? { end: j.endedAt } : {}) },
      valueString: [j.title, j.employer].filter(Boolean).join(', '),
    });
  }
  for (const v of s.support) {
    add({
      resourceType: 'Encounter',
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: ENCOUNTER_CLASS[v.mode] },
      type: [{ coding: [{ system: `${SYSTEM}support-mode`, code: v.mode }] }],
      subject,
      episodeOfCare: [{ reference: episode }],
      period: { start: v.at },
      length: { value: v.minutes, unit: 'min', system: 'http://unitsofmeasure.org', code: 'min' },
    });
  }
  return { resourceType: 'Bundle', type: 'collection', timestamp: exportedAt, entry };
}

/** An export to another service that the person has not agreed to: names the purpose. */
export class ConsentRequiredError extends Error {
  override readonly name = 'ConsentRequiredError';
  constructor(
    readonly purpose: ConsentPurpose,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The case as a FHIR R4 Bundle for another service the person chose (`recipient`, e.g. "Job
 * centre Wola"): only with their consent to share their details (`data-sharing`), else a
 * {@link ConsentRequiredError} naming it. Health information (goals in the health domain,
 * assessments holding health answers) goes only with their `health-data` consent too; when it is
 * left out, the Bundle's `meta.tag` says what and why, so the recipient knows the record is not
 * whole. The person's own copy is {@link personBundle}, which holds everything.
 */
export function bundleForRecipient(template: PlanTemplate, events: readonly CaseEvent[], recipient: string, exportedAt = new Date().toISOString()): FhirBundle {
  const s = replay(template, events, { onInvalid: 'skip' }).state;
  const refused = withoutConsent(s, 'data-sharing', { refused: `nothing goes to ${recipient}`, first: `record their consent before anything goes to ${recipient}` });
  if (refused !== null) throw new ConsentRequiredError('data-sharing', refused);
  if (s.consent['health-data']?.granted) return personBundle(template, events, exportedAt);
  const healthGoals = new Set(events.flatMap((e) => (e.type === 'goal.add' && e.payload.domain === 'health' ? [e.payload.goalId] : [])));
  // A health goal goes with everything that names it (its actions too: "see the psychiatrist").
  const isHealth = (e: CaseEvent) => (e.type === 'assessment.record' && e.payload.healthData === true) || healthGoals.has((e.payload as { goalId?: unknown }).goalId as string);
  const assessments = events.filter((e) => e.type === 'assessment.record' && isHealth(e)).length;
  const bundle = personBundle(template, events.filter((e) => !isHealth(e)), exportedAt);
  if (healthGoals.size + assessments === 0) return bundle;
  const display = `left out for want of consent to "health-data": ${healthGoals.size} health goal(s), ${assessments} assessment(s) holding health answers`;
  return { ...bundle, meta: { tag: [{ system: `${SYSTEM}left-out`, code: 'health-data', display }] } };
}
