import type { ChartCatalogue } from './chart-words-en.js';

const lt: ChartCatalogue = {
  'chart.table': 'Skaičiai lentelėje',
  'chart.domain': 'Sritis',
  'chart.respondent.self': 'pildė pats žmogus',
  'chart.respondent.staff': 'pildė specialistas',
  'chart.retention.title': 'Darbo išlaikymas po įsidarbinimo',
  'chart.retention.days': 'Dienos nuo darbo pradžios',
  'chart.retention.atRisk': 'Vis dar stebimi',
  'chart.retention.survival': 'Vis dar dirba',
  'chart.retention.none': 'Dar niekas nepradėjo dirbti.',
  'chart.retention.notYet': 'dar nežinoma, niekas nebuvo stebimas taip ilgai (ilgiausiai {days} d.)',
  'chart.retention.funnel.title': 'Organizacijų palyginimas',
  'chart.retention.funnel.size': 'Įdarbinti žmonės',
  'chart.retention.funnel.target': 'Visos organizacijos',
  'chart.retention.funnel.key': 'Punktyrinės linijos: 95 % ribos. Ištisinės linijos: 99,8 % ribos. Organizacija už linijų skiriasi daugiau, nei paaiškina atsitiktinumas.',
  'chart.retention.funnel.provider': 'Organizacija',
  'chart.retention.funnel.value': 'Dirba',
  'chart.retention.funnel.position': 'Palyginti su ribomis',
  'chart.retention.funnel.within': 'ribose',
  'chart.retention.funnel.above-95': 'virš 95 % ribos',
  'chart.retention.funnel.below-95': 'žemiau 95 % ribos',
  'chart.retention.funnel.above-99.8': 'virš 99,8 % ribos',
  'chart.retention.funnel.below-99.8': 'žemiau 99,8 % ribos',
  'chart.distance.title': 'Nueitas kelias',
  'chart.distance.none': 'Vertinimų dar nėra.',
};

export default lt;
