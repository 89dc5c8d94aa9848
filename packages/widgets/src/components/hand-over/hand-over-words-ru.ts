import type { HandOverCatalogue } from './hand-over-words-en.js';

const ru: HandOverCatalogue = {
  'handOver.start': 'Передать устройство человеку',
  'handOver.hintSignIn': 'Человек увидит только свой план и свои цели простыми словами и сможет сам заполнить оценку. Чтобы забрать устройство, войдите снова.',
  'handOver.hintCode': 'Человек увидит только свой план и свои цели простыми словами и сможет сам заполнить оценку. Выберите код, чтобы потом забрать устройство.',
  'handOver.chooseCode': 'Ваш код, чтобы забрать устройство (от 4 до 8 цифр)',
  'handOver.codeInvalid': 'Напишите от 4 до 8 цифр.',
  'handOver.title': 'Ваш план',
  'handOver.now': 'Где вы сейчас: {stage}',
  'handOver.goals': 'Ваши цели',
  'handOver.done': 'сделано',
  'handOver.giveBack': 'Вернуть устройство',
  'handOver.askCode': '{name}: напишите ваш код, чтобы забрать устройство.',
  'handOver.askSignIn': '{name}: войдите снова, чтобы забрать устройство.',
  'handOver.code': 'Код',
  'handOver.totp': 'Код из приложения-аутентификатора, если вы им пользуетесь',
  'handOver.takeBack': 'Забрать устройство',
  'handOver.wrong': 'Неверно. Устройство остаётся у человека.',
  'handOver.notYou': 'Это другой специалист. Забрать устройство может только тот, кто его передал.',
};

export default ru;
