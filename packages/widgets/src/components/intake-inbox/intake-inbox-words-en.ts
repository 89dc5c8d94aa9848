import type { Message } from '../../i18n/messages.js';

/** The words of `<cp-intake-inbox>` in English (see `intakeInboxWords`); the other languages must have every key. */
const en = {
  'inbox.title': 'Requests for help',
  'inbox.count': { one: '{count} request is waiting.', other: '{count} requests are waiting.' },
  'inbox.none': 'No requests for help.',
  'inbox.locked': 'Requests are locked with the organisation’s intake passphrase; only coordinators and supervisors have it. It stays in this tab’s memory until you lock again or leave.',
  'inbox.passphrase': 'Intake passphrase',
  'inbox.unlock': 'Unlock',
  'inbox.unlocking': 'Unlocking…',
  'inbox.wrongPassphrase': 'This passphrase does not unlock the requests. Check it and try again.',
  'inbox.lock': 'Lock again',
  'inbox.received': 'Received {date}',
  'inbox.language': 'Wrote in {language}',
  'inbox.name': 'Call them: {name}',
  'inbox.noName': 'No name given',
  'inbox.way.phone': 'Phone: {detail}',
  'inbox.way.email': 'E-mail: {detail}',
  'inbox.way.visit': 'Will come by',
  'inbox.help': 'Looks for: {list}',
  'inbox.access': 'Needs: {list}',
  'inbox.message': 'In their words:',
  'inbox.consents': 'Agreed to: {list}',
  'inbox.service': 'Service',
  'inbox.clientRef': 'Reference for the case (not the name)',
  'inbox.clientRefError': 'Write 1 to 40 letters, numbers or dashes.',
  'inbox.open': 'Open a case',
  'inbox.answered': 'Answered without a case',
  'inbox.opened': 'A case was opened on {date} by {who}.',
  'inbox.handled': 'Answered on {date} by {who}.',
  'inbox.taken': 'Another worker has already taken this request.',
  'inbox.openedNow': 'Case {ref} is open.',
  'inbox.notAllowed': 'Only coordinators and supervisors see requests for help.',
  'inbox.signIn': 'Sign in to see requests for help.',
  'inbox.unreadable': 'This request cannot be opened: {reason}',
  'inbox.failed': 'It did not work: {reason}.',
  'inbox.noServer': 'Requests for help come through the organisation’s server; this page has none.',
  'inbox.released': 'The request is back in the list; try again.',
  'inbox.erase': 'Delete this request…',
  'inbox.eraseWhy': 'Why delete it?',
  'inbox.eraseAsked': 'The person asked us to delete it',
  'inbox.eraseNotForUs': 'It is not for us (spam, or the wrong place)',
  'inbox.eraseConfirm': 'Delete for good',
  'inbox.eraseCancel': 'Keep it',
  'inbox.erased': 'The request is deleted. Nothing the person wrote is kept.',
} satisfies Record<string, Message>;

export type IntakeInboxKey = keyof typeof en;
export type IntakeInboxCatalogue = Record<IntakeInboxKey, Message>;

export default en as IntakeInboxCatalogue;
