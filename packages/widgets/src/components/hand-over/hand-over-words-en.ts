import type { Message } from '../../i18n/messages.js';

/** The words of `<cp-hand-over>` in English (see `handOverWords`); the other languages must have every key. */
const en = {
  'handOver.start': 'Hand the device to the person',
  'handOver.hintSignIn': 'They will see only their own plan and goals, in easy words, and can fill in their own assessment. To take the device back, you write your password again.',
  'handOver.hintCode': 'They will see only their own plan and goals, in easy words, and can fill in their own assessment. Choose a code to take the device back with.',
  'handOver.hintSignInAndCode': 'They will see only their own plan and goals, in easy words, and can fill in their own assessment. To take the device back, you write your password again. This device cannot check your password without a connection, so choose a code too, for taking it back where there is none.',
  'handOver.chooseCode': 'Your code to take the device back (4 to 8 digits)',
  'handOver.codeInvalid': 'Write 4 to 8 digits.',
  'handOver.title': 'Your plan',
  'handOver.now': 'Where you are now: {stage}',
  'handOver.goals': 'Your goals',
  'handOver.done': 'done',
  'handOver.giveBack': 'Give the device back',
  'handOver.askCode': '{name}: write your code to take the device back.',
  'handOver.askSignIn': '{name}: write your password to take the device back.',
  'handOver.code': 'Code',
  'handOver.totp': 'Code from your authenticator app, if you use one',
  'handOver.takeBack': 'Take the device back',
  'handOver.wrong': 'That is not right. The device stays with the person.',
  'handOver.cannotCheck': 'Your password cannot be checked here: the server cannot confirm it (no connection, or your session has ended), and the records on this device are not locked with it. The device stays with the person; try again when connected.',
  'handOver.useCode': 'The server cannot confirm your password now. Write the code you chose instead.',
} satisfies Record<string, Message>;

export type HandOverKey = keyof typeof en;
export type HandOverCatalogue = Record<HandOverKey, Message>;

export default en as HandOverCatalogue;
