import type { ChartCatalogue } from './chart-words-en.js';

const uk: ChartCatalogue = {
  'chart.table': 'Цифри у вигляді таблиці',
  'chart.domain': 'Сфера',
  'chart.respondent.self': 'заповнила сама людина',
  'chart.respondent.staff': 'заповнив фахівець',
  'chart.retention.title': 'Збереження роботи після працевлаштування',
  'chart.retention.days': 'Днів після початку роботи',
  'chart.retention.atRisk': 'Під спостереженням',
  'chart.retention.survival': 'Працюють',
  'chart.retention.none': 'Поки ніхто не почав працювати.',
  'chart.retention.notYet': 'поки невідомо: так довго ніхто не спостерігався (не більше {days} дн.)',
  'chart.retention.funnel.title': 'Порівняння організацій',
  'chart.retention.funnel.size': 'Працевлаштовано людей',
  'chart.retention.funnel.target': 'Усі організації',
  'chart.retention.funnel.key': 'Пунктир: межі 95%. Суцільні лінії: межі 99,8%. Організація за лініями відрізняється більше, ніж пояснює випадковість.',
  'chart.retention.funnel.provider': 'Організація',
  'chart.retention.funnel.value': 'Працюють',
  'chart.retention.funnel.position': 'Відносно меж',
  'chart.retention.funnel.within': 'у межах',
  'chart.retention.funnel.above-95': 'вище межі 95%',
  'chart.retention.funnel.below-95': 'нижче межі 95%',
  'chart.retention.funnel.above-99.8': 'вище межі 99,8%',
  'chart.retention.funnel.below-99.8': 'нижче межі 99,8%',
  'chart.distance.title': 'Пройдений шлях',
  'chart.distance.none': 'Оцінок поки немає.',
};

export default uk;
