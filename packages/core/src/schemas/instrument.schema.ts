import * as z from 'zod/mini';
import { minLength, maxLength } from './length-checks.js';
import { LocalizedText } from './localized-text.js';
import { LANGUAGES } from './vocabulary.js';

const ID_RULE = 'an id uses only letters, digits, ".", "_" and "-", and starts with a letter or digit';
const Id = z.string().check(minLength(1), maxLength(100), z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: `${ID_RULE}; choose one like "q1" or "housing.2"` }));
/** An item's or domain's id: safe anywhere; a FHIR linkId of any other form goes in `linkId`. */
const ItemId = z.string().check(
  minLength(1),
  maxLength(100),
  z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: `${ID_RULE}; give it one like "q1", and keep a FHIR linkId of another form (e.g. "H1/T1/Q1") in \`linkId\`` }),
);
/** A FHIR linkId: any text of 1 to 255 characters (FHIR R4 Questionnaire.item.linkId), not only spaces. */
const LinkId = z.string().check(minLength(1), maxLength(255), z.regex(/\S/, { error: 'a linkId needs at least one character that is not a space' }));

export const Coding = z.object({ system: z.optional(z.string()), code: z.string(), display: z.optional(z.string()) });
export type Coding = z.infer<typeof Coding>;

/** A labelled point of an ordinal scale. */
export const ScalePoint = z.object({
  value: z.number(),
  label: LocalizedText,
  /** Short plain words for easy-read mode. */
  easyRead: z.optional(LocalizedText),
  /** The answer's code in another system (e.g. a LOINC answer), kept from an imported Questionnaire. */
  code: z.optional(Coding),
});
export type ScalePoint = z.infer<typeof ScalePoint>;

/** How an item is answered. Ordinal, yes/no and number answers are scored; text and dates are not. */
export const ResponseScale = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ordinal'), points: z.array(ScalePoint).check(minLength(2)) }),
  z.object({ type: z.literal('yes-no') }),
  z.object({
    type: z.literal('number'),
    min: z.optional(z.number()),
    max: z.optional(z.number()),
    integer: z.optional(z.boolean()),
    unit: z.optional(z.string()),
  }),
  z.object({ type: z.literal('text'), maxLength: z.optional(z.number().check(z.int(), z.gte(1))) }),
  z.object({ type: z.literal('date') }),
]);
export type ResponseScale = z.infer<typeof ResponseScale>;

export const ENABLE_OPERATORS = ['=', '!=', '>', '<', '>=', '<=', 'exists'] as const;
export type EnableOperator = (typeof ENABLE_OPERATORS)[number];

/** Show an item only when an earlier answer matches (FHIR's enableWhen). */
export const EnableWhen = z.object({
  item: Id,
  operator: z.enum(ENABLE_OPERATORS),
  /** The value to compare with; for `exists`, whether an answer should exist. */
  value: z.union([z.number(), z.boolean(), z.string()]),
});
export type EnableWhen = z.infer<typeof EnableWhen>;


export const InstrumentItem = z.object({
  /** Stable id: answers are keyed by it, and it is the FHIR linkId unless `linkId` is given. */
  id: ItemId,
  /**
   * The FHIR linkId when it is not a valid id (e.g. `H1/T1/Q1` from a published Questionnaire):
   * kept for exchange, so a round trip gives the same linkIds.
   */
  linkId: z.optional(LinkId),
  domain: Id,
  text: LocalizedText,
  /** The same question in short, plain words (easy-read mode). */
  easyRead: LocalizedText,
  /** Id of a scale in the instrument's `scales`. */
  scale: Id,
  /** Scored the other way round (e.g. "I feel lonely" in a domain where higher is better). */
  reverse: z.optional(z.boolean()),
  required: z.optional(z.boolean()),
  enableWhen: z.optional(z.array(EnableWhen).check(minLength(1))),
  /** With several conditions: all must hold (default) or any. */
  enableBehavior: z.optional(z.enum(['all', 'any'])),
  /** Codes from other systems (e.g. LOINC), kept through FHIR. */
  code: z.optional(z.array(Coding)),
  /** The answer is health information (health, disability, addiction): asked only with the person's `health-data` consent. */
  healthData: z.optional(z.boolean()),
});
export type InstrumentItem = z.infer<typeof InstrumentItem>;

export const SCORING_METHODS = ['sum', 'mean', 'percent'] as const;
export type ScoringMethod = (typeof SCORING_METHODS)[number];

export const InstrumentDomain = z.object({
  id: ItemId,
  /** The FHIR linkId of the domain's group when it is not a valid id. */
  linkId: z.optional(LinkId),
  title: LocalizedText,
  /**
   * `sum` (prorated when answers are missing, and reported so), `mean`, or `percent`
   * (each item rescaled to 0–100 by its scale's range, then averaged).
   */
  scoring: z.enum(SCORING_METHODS),
  /** Minimum share (0–1) of the domain's shown, scored items that must be answered for a score. */
  minAnswered: z.number().check(z.gte(0), z.lte(1)),
  /** Every item of the domain is health information (see the item's `healthData`). */
  healthData: z.optional(z.boolean()),
});
export type InstrumentDomain = z.infer<typeof InstrumentDomain>;

/**
 * A needs-assessment instrument as data: domains, items, response scales, easy-read wording,
 * conditional and reverse-scored items and a scoring rule per domain.
 */
export const Instrument = z.object({
  id: Id,
  version: z.string().check(minLength(1)),
  title: LocalizedText,
  description: z.optional(LocalizedText),
  languages: z.array(z.enum(LANGUAGES)).check(minLength(1)),
  /** Who it is meant for. */
  respondents: z.array(z.enum(['self', 'staff'])).check(minLength(1)),
  /** Higher scores mean more need (`need`) or more strength/readiness (`strength`). */
  direction: z.enum(['need', 'strength']),
  scales: z.record(Id, ResponseScale),
  domains: z.array(InstrumentDomain).check(minLength(1)),
  items: z.array(InstrumentItem).check(minLength(1)),
});
export type Instrument = z.infer<typeof Instrument>;

// In its own module, so that checking a stored draft's answers does not build every instrument schema.
import { Answer } from './answer.schema.js';
export { Answer };

/** One filled-in assessment. */
export const AssessmentResponse = z.object({
  instrumentId: Id,
  instrumentVersion: z.string(),
  respondent: z.enum(['self', 'staff']),
  /** When it was completed (ISO instant). */
  completedAt: z.iso.datetime(),
  /** Answers by item id; unanswered items are absent. */
  answers: z.record(z.string(), Answer),
});
export type AssessmentResponse = z.infer<typeof AssessmentResponse>;
