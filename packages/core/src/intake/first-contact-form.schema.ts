import * as z from 'zod/mini';
import { minLength, maxLength } from '../schemas/length-checks.js';
import { LocalizedText } from '../schemas/localized-text.js';
import { CONSENT_PURPOSES } from '../schemas/vocabulary.js';

const Id = z.string().check(minLength(1), maxLength(60), z.regex(/^[a-z0-9][a-z0-9-]*$/));

/** Ways a person can ask to be reached; `visit` is "I will come by", which needs no detail. */
export const CONTACT_WAYS = ['phone', 'email', 'visit'] as const;
export type ContactWay = (typeof CONTACT_WAYS)[number];

/** A choice on the form: what help the person looks for, or an access need. */
export const FirstContactChoice = z.object({
  id: Id,
  label: LocalizedText,
  /** For help sought: the plan template a case for it usually follows (staff can choose another). */
  template: z.optional(Id),
});
export type FirstContactChoice = z.infer<typeof FirstContactChoice>;

/**
 * What an organisation's public first-contact form asks, as data: the organisation words its
 * own choices and consents and serves this from its server, without changing the widget.
 */
export const FirstContactForm = z.object({
  id: Id,
  version: z.number().check(z.int(), z.gte(1)),
  /** Ask how to address the person (a first name or what they like to be called; optional for them). */
  askName: z.boolean(),
  contactWays: z.array(z.enum(CONTACT_WAYS)).check(minLength(1)),
  help: z.array(FirstContactChoice).check(minLength(1), maxLength(30)),
  accessNeeds: z.array(FirstContactChoice).check(maxLength(30)),
  /** Consents asked; `service` is always asked and required. */
  purposes: z.array(z.enum(CONSENT_PURPOSES)),
  /** The version of the consent wording shown, recorded with the consents. */
  consentVersion: z.string().check(minLength(1), maxLength(100)),
});
export type FirstContactForm = z.infer<typeof FirstContactForm>;
