import type { IndicatorsCatalogue } from './indicators-words-en.js';

const uk: IndicatorsCatalogue = {
  'indicators.title': 'Показники',
  'indicators.noServer': 'Показники рахуються на сервері організації; у цієї сторінки його немає.',
  'indicators.signIn': 'Увійдіть як аналітик організації або як координатор чи керівник центру, щоб побачити показники.',
  'indicators.notAllowed': 'Показники бачать лише аналітики організації та координатори й керівники центрів.',
  'indicators.failed': 'Не вдалося отримати показники: {reason}.',
  'indicators.retry': 'Спробувати знову',
  'indicators.cutOff': 'Пораховано на дату',
  'indicators.show': 'Показати',
  'indicators.cutOffMissing': 'Виберіть дату.',
  'indicators.cutOffFuture': 'Виберіть сьогоднішню або ранішу дату.',
  'indicators.nothing': 'Поки що немає випадків для підрахунку.',
  'indicators.caption': 'Пораховано на {date}',
  'indicators.leftOut': 'Не враховано людей, які не погодилися на облік у звітах: {count}.',
  'indicators.measure': 'Показник',
  'indicators.all': 'Усі центри',
  'indicators.people': 'Враховано людей',
  'indicators.placed': 'Отримали роботу',
  'indicators.retained': 'Працюють через {days} дн. після першої роботи, з урахуванням повторного працевлаштування',
  'indicators.firstJob': 'Досі на першій роботі через {days} дн.',
  'indicators.daysToJob': 'Днів до першої роботи (медіана)',
  'indicators.placementRate': 'Почали працювати за останні 12 місяців',
  'indicators.employedLeaving': 'Працювали при виході з програми (з тих, хто вийшов за останні 12 місяців)',
  'indicators.tooFew': 'замало даних',
  'indicators.intervals': 'У дужках — 95-відсотковий інтервал: там, найімовірніше, лежить справжнє значення.',
  'indicators.download': 'Завантажити показники (CSV)',
  'indicators.downloaded': 'Файл {file} завантажено.',
  'indicators.loaded': 'Показники пораховано на {date}.',
};

export default uk;
