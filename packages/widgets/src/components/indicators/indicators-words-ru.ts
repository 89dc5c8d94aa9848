import type { IndicatorsCatalogue } from './indicators-words-en.js';

const ru: IndicatorsCatalogue = {
  'indicators.title': 'Показатели',
  'indicators.noServer': 'Показатели считаются на сервере организации; у этой страницы его нет.',
  'indicators.signIn': 'Войдите как аналитик организации или как координатор или руководитель центра, чтобы увидеть показатели.',
  'indicators.notAllowed': 'Показатели видят только аналитики организации и координаторы и руководители центров.',
  'indicators.failed': 'Не удалось получить показатели: {reason}.',
  'indicators.retry': 'Попробовать снова',
  'indicators.cutOff': 'Подсчёт на дату',
  'indicators.show': 'Показать',
  'indicators.cutOffMissing': 'Выберите дату.',
  'indicators.cutOffFuture': 'Выберите сегодняшнюю или более раннюю дату.',
  'indicators.nothing': 'Пока нечего считать: случаев ещё нет.',
  'indicators.caption': 'Подсчитано на {date}',
  'indicators.leftOut': 'Не учтены люди, не давшие согласия на учёт в отчётах: {count}.',
  'indicators.measure': 'Показатель',
  'indicators.all': 'Все центры',
  'indicators.people': 'Учтено людей',
  'indicators.placed': 'Получили работу',
  'indicators.retained': 'Работают через {days} дн. после первой работы, с учётом повторного трудоустройства',
  'indicators.firstJob': 'Всё ещё на первой работе через {days} дн.',
  'indicators.daysToJob': 'Дней до первой работы (медиана)',
  'indicators.placementRate': 'Начали работать за последние 12 месяцев',
  'indicators.employedLeaving': 'Работали при выходе из программы (из ушедших за последние 12 месяцев)',
  'indicators.tooFew': 'слишком мало данных',
  'indicators.intervals': 'В скобках — 95-процентный интервал: там, скорее всего, лежит истинное значение.',
  'indicators.download': 'Скачать показатели (CSV)',
  'indicators.downloaded': 'Файл {file} скачан.',
  'indicators.loaded': 'Показатели подсчитаны на {date}.',
};

export default ru;
