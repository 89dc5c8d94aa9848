import * as z from 'zod/mini';
import { maxLength } from '../schemas/length-checks.js';
import { CONSENT_PURPOSES, LANGUAGES } from '../schemas/vocabulary.js';
import { CONTACT_WAYS, type FirstContactForm } from './first-contact-form.schema.js';
import type { Problem } from '../validation/problem.js';

/**
 * What a person sends through the public first-contact form. It exists in plain only in their
 * browser while they type, and in the staff's browser after the organisation's key opens it.
 */
export const FirstContact = z.object({
  formId: z.string().check(maxLength(60)),
  formVersion: z.number().check(z.int(), z.gte(1)),
  /** The language the person used, so staff answer in it. */
  lang: z.enum(LANGUAGES),
  name: z.optional(z.string().check(maxLength(120))),
  contact: z.object({ way: z.enum(CONTACT_WAYS), detail: z.optional(z.string().check(maxLength(200))) }),
  help: z.array(z.string().check(maxLength(60))).check(maxLength(30)),
  accessNeeds: z.array(z.string().check(maxLength(60))).check(maxLength(30)),
  accessNote: z.optional(z.string().check(maxLength(1000))),
  message: z.optional(z.string().check(maxLength(4000))),
  consent: z.partialRecord(z.enum(CONSENT_PURPOSES), z.boolean()),
  consentVersion: z.string().check(maxLength(100)),
  /** When the person pressed Send, by their device's clock. */
  sentAt: z.iso.datetime(),
});
export type FirstContact = z.infer<typeof FirstContact>;

const PHONE = /^\+?[0-9][0-9 ()./-]{5,24}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The fields of a first contact a problem can point at. */
export type FirstContactField = 'consent' | 'contact' | 'contactDetail' | 'help';

/**
 * What is missing or wrong in a first contact, field by field, against the form it was filled
 * on: the consent to keep the details, a way to reach the person (with a phone number or e-mail
 * address that can work), and at least one kind of help among the form's.
 */
export function checkFirstContact(form: FirstContactForm, contact: FirstContact): (Problem & { field: FirstContactField })[] {
  const problems: (Problem & { field: FirstContactField })[] = [];
  if (contact.consent.service !== true) problems.push({ field: 'consent', path: 'consent.service', code: 'consent-missing', message: 'the consent to keep the details is needed before anything is sent' });
  if (!form.contactWays.includes(contact.contact.way)) problems.push({ field: 'contact', path: 'contact.way', code: 'contact-way', message: `this form does not offer ${contact.contact.way}; choose one of ${form.contactWays.join(', ')}` });
  const detail = contact.contact.detail?.trim() ?? '';
  if (contact.contact.way === 'phone' && !PHONE.test(detail)) problems.push({ field: 'contactDetail', path: 'contact.detail', code: 'contact-detail', message: 'a phone number of 6 to 25 digits, spaces or dashes is needed' });
  if (contact.contact.way === 'email' && !EMAIL.test(detail)) problems.push({ field: 'contactDetail', path: 'contact.detail', code: 'contact-detail', message: 'an e-mail address like name@example.org is needed' });
  const helpIds = new Set(form.help.map((h) => h.id));
  if (contact.help.length === 0) problems.push({ field: 'help', path: 'help', code: 'help-missing', message: 'choose at least one kind of help' });
  for (const [i, id] of contact.help.entries()) if (!helpIds.has(id)) problems.push({ field: 'help', path: `help[${i}]`, code: 'unknown-help', message: `${id} is not a kind of help this form offers` });
  return problems;
}
