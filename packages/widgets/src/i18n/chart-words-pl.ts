import type { ChartCatalogue } from './chart-words-en.js';

const pl: ChartCatalogue = {
  'chart.table': 'Liczby w tabeli',
  'chart.domain': 'Obszar',
  'chart.respondent.self': 'wypełnia sama osoba',
  'chart.respondent.staff': 'wypełnia specjalista',
  'chart.retention.title': 'Utrzymanie pracy po zatrudnieniu',
  'chart.retention.days': 'Dni od rozpoczęcia pracy',
  'chart.retention.atRisk': 'Nadal obserwowani',
  'chart.retention.survival': 'Nadal pracują',
  'chart.retention.none': 'Nikt jeszcze nie zaczął pracy.',
  'chart.retention.notYet': 'jeszcze nieznane, nikt nie był obserwowany tak długo (najdłużej {days} dni)',
  'chart.retention.funnel.title': 'Porównanie organizacji',
  'chart.retention.funnel.size': 'Osoby zatrudnione',
  'chart.retention.funnel.target': 'Wszystkie organizacje',
  'chart.retention.funnel.key': 'Linie przerywane: granice 95%. Linie ciągłe: granice 99,8%. Organizacja poza liniami różni się bardziej, niż wyjaśnia przypadek.',
  'chart.retention.funnel.provider': 'Organizacja',
  'chart.retention.funnel.value': 'Pracują',
  'chart.retention.funnel.position': 'Względem granic',
  'chart.retention.funnel.within': 'w granicach',
  'chart.retention.funnel.above-95': 'powyżej granicy 95%',
  'chart.retention.funnel.below-95': 'poniżej granicy 95%',
  'chart.retention.funnel.above-99.8': 'powyżej granicy 99,8%',
  'chart.retention.funnel.below-99.8': 'poniżej granicy 99,8%',
  'chart.distance.title': 'Przebyta droga',
  'chart.distance.none': 'Brak ocen.',
};

export default pl;
