import type { ChartCatalogue } from './chart-words-en.js';

const de: ChartCatalogue = {
  'chart.table': 'Die Zahlen als Tabelle',
  'chart.domain': 'Bereich',
  'chart.respondent.self': 'von der Person selbst',
  'chart.respondent.staff': 'von Fachkräften',
  'chart.retention.title': 'Arbeit behalten nach dem Arbeitsbeginn',
  'chart.retention.days': 'Tage nach Arbeitsbeginn',
  'chart.retention.atRisk': 'Noch begleitet',
  'chart.retention.survival': 'Noch in Arbeit',
  'chart.retention.none': 'Noch hat niemand eine Arbeit begonnen.',
  'chart.retention.notYet': 'noch nicht bekannt, niemand so lange begleitet (höchstens {days} Tage)',
  'chart.retention.funnel.title': 'Träger im Vergleich',
  'chart.retention.funnel.size': 'Vermittelte Personen',
  'chart.retention.funnel.target': 'Alle Träger',
  'chart.retention.funnel.key': 'Gestrichelte Linien: 95-%-Grenzen. Durchgezogene Linien: 99,8-%-Grenzen. Ein Träger außerhalb der Linien weicht mehr ab, als der Zufall erklärt.',
  'chart.retention.funnel.provider': 'Träger',
  'chart.retention.funnel.value': 'In Arbeit',
  'chart.retention.funnel.position': 'Im Vergleich zu den Grenzen',
  'chart.retention.funnel.within': 'innerhalb der Grenzen',
  'chart.retention.funnel.above-95': 'über der 95-%-Grenze',
  'chart.retention.funnel.below-95': 'unter der 95-%-Grenze',
  'chart.retention.funnel.above-99.8': 'über der 99,8-%-Grenze',
  'chart.retention.funnel.below-99.8': 'unter der 99,8-%-Grenze',
  'chart.distance.title': 'Zurückgelegter Weg',
  'chart.distance.none': 'Noch keine Einschätzungen.',
};

export default de;
