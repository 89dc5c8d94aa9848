import type { ChartCatalogue } from './chart-words-en.js';

const ru: ChartCatalogue = {
  'chart.table': 'Цифры в виде таблицы',
  'chart.domain': 'Сфера',
  'chart.respondent.self': 'заполнил сам человек',
  'chart.respondent.staff': 'заполнил специалист',
  'chart.retention.title': 'Сохранение работы после трудоустройства',
  'chart.retention.days': 'Дней после начала работы',
  'chart.retention.atRisk': 'Под наблюдением',
  'chart.retention.survival': 'Работают',
  'chart.retention.none': 'Пока никто не начал работать.',
  'chart.retention.notYet': 'пока неизвестно: так долго никто не наблюдался (не больше {days} дн.)',
  'chart.retention.funnel.title': 'Сравнение организаций',
  'chart.retention.funnel.size': 'Трудоустроено человек',
  'chart.retention.funnel.target': 'Все организации',
  'chart.retention.funnel.key': 'Пунктир: границы 95%. Сплошные линии: границы 99,8%. Организация за линиями отличается сильнее, чем объясняет случайность.',
  'chart.retention.funnel.provider': 'Организация',
  'chart.retention.funnel.value': 'Работают',
  'chart.retention.funnel.position': 'Относительно границ',
  'chart.retention.funnel.within': 'в пределах границ',
  'chart.retention.funnel.above-95': 'выше границы 95%',
  'chart.retention.funnel.below-95': 'ниже границы 95%',
  'chart.retention.funnel.above-99.8': 'выше границы 99,8%',
  'chart.retention.funnel.below-99.8': 'ниже границы 99,8%',
  'chart.distance.title': 'Пройденный путь',
  'chart.distance.none': 'Оценок пока нет.',
};

export default ru;
