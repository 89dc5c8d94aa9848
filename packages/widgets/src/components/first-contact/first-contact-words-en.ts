import type { Message } from '../../i18n/messages.js';

/** The words of `<cp-first-contact>` in English (see `firstContactWords`); the other languages must have every key. */
const en = {
  'firstContact.title': 'Ask us for help',
  'firstContact.sealedNote': 'What you write is locked on this device so that only {provider} can read it. Until you press Send, it stays only in this tab, and closing the tab removes it.',
  'firstContact.name': 'What should we call you? (you may leave this empty)',
  'firstContact.contactLegend': 'How can we reach you?',
  'firstContact.way.phone': 'Call me',
  'firstContact.way.email': 'Write me an e-mail',
  'firstContact.way.visit': 'I will come by',
  'firstContact.phone': 'Your phone number',
  'firstContact.email': 'Your e-mail address',
  'firstContact.phoneError': 'Please write a phone number, for example +48 601 234 567.',
  'firstContact.emailError': 'Please write an e-mail address, for example name@example.org.',
  'firstContact.helpLegend': 'What help are you looking for?',
  'firstContact.helpError': 'Please choose at least one.',
  'firstContact.accessLegend': 'Do you need something to talk with us or to come to us?',
  'firstContact.accessNote': 'Anything else we should know about that',
  'firstContact.message': 'Is there anything else you want to tell us?',
  'firstContact.send': 'Send',
  'firstContact.sending': 'Locking and sending…',
  'firstContact.sent': 'Thank you. {provider} has your request and will contact you.',
  'firstContact.sentVisit': 'Thank you. {provider} has your request. You are welcome to come by.',
  'firstContact.queued': 'Your request is locked and kept on this device. It will be sent when you are online again. You can close this page.',
  'firstContact.queuedSent': 'Your earlier request has now reached {provider}.',
  'firstContact.refused': 'The organisation did not take your request: {reason} It is kept, locked, on this device. Please call them.',
  'firstContact.unavailable': 'This form cannot reach the organisation now. Please try again later, or call them.',
  'firstContact.noKey': 'This organisation does not take requests here yet. Please call them.',
  'firstContact.notKept': 'Your request could not be locked and kept on this device ({reason}). What you wrote is still here; try Send again.',
  'firstContact.another': 'Send another request',
  'firstContact.errorsIntro': 'Please check:',
  'firstContact.keptBack': 'What you wrote before you left this page is back. It is sent only when you press Send.',
} satisfies Record<string, Message>;

export type FirstContactKey = keyof typeof en;
export type FirstContactCatalogue = Record<FirstContactKey, Message>;

export default en as FirstContactCatalogue;
