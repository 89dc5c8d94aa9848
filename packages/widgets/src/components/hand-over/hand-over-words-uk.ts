import type { HandOverCatalogue } from './hand-over-words-en.js';

const uk: HandOverCatalogue = {
  'handOver.start': 'Передати пристрій людині',
  'handOver.hintSignIn': 'Людина побачить лише свій план і свої цілі простими словами і зможе сама заповнити оцінку. Щоб забрати пристрій, увійдіть знову.',
  'handOver.hintCode': 'Людина побачить лише свій план і свої цілі простими словами і зможе сама заповнити оцінку. Виберіть код, щоб потім забрати пристрій.',
  'handOver.chooseCode': 'Ваш код, щоб забрати пристрій (від 4 до 8 цифр)',
  'handOver.codeInvalid': 'Напишіть від 4 до 8 цифр.',
  'handOver.title': 'Ваш план',
  'handOver.now': 'Де ви зараз: {stage}',
  'handOver.goals': 'Ваші цілі',
  'handOver.done': 'зроблено',
  'handOver.giveBack': 'Повернути пристрій',
  'handOver.askCode': '{name}: напишіть ваш код, щоб забрати пристрій.',
  'handOver.askSignIn': '{name}: увійдіть знову, щоб забрати пристрій.',
  'handOver.code': 'Код',
  'handOver.totp': 'Код із застосунку-автентифікатора, якщо ви ним користуєтеся',
  'handOver.takeBack': 'Забрати пристрій',
  'handOver.wrong': 'Неправильно. Пристрій залишається в людини.',
  'handOver.notYou': 'Це інший фахівець. Забрати пристрій може лише той, хто його передав.',
};

export default uk;
