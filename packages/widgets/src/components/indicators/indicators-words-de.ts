import type { IndicatorsCatalogue } from './indicators-words-en.js';

const de: IndicatorsCatalogue = {
  'indicators.title': 'Kennzahlen',
  'indicators.noServer': 'Kennzahlen werden auf dem Server der Organisation berechnet; diese Seite hat keinen.',
  'indicators.signIn': 'Melden Sie sich als Analyst der Organisation oder als Koordinator oder Leitung eines Zentrums an, um die Kennzahlen zu sehen.',
  'indicators.notAllowed': 'Nur die Analysten der Organisation und die Koordinatoren und Leitungen der Zentren sehen die Kennzahlen.',
  'indicators.failed': 'Die Kennzahlen konnten nicht gelesen werden: {reason}.',
  'indicators.retry': 'Erneut versuchen',
  'indicators.cutOff': 'Gezählt bis',
  'indicators.show': 'Anzeigen',
  'indicators.cutOffMissing': 'Wählen Sie ein Datum.',
  'indicators.cutOffFuture': 'Wählen Sie heute oder ein früheres Datum.',
  'indicators.nothing': 'Es gibt noch keine Fälle zu zählen.',
  'indicators.caption': 'Gezählt bis {date}',
  'indicators.leftOut': 'Nicht gezählt, weil sie der Zählung in Berichten nicht zugestimmt haben: {count}.',
  'indicators.measure': 'Kennzahl',
  'indicators.all': 'Alle Zentren',
  'indicators.people': 'Gezählte Personen',
  'indicators.placed': 'Hatten eine Arbeit',
  'indicators.retained': 'In Arbeit {days} Tage nach der ersten Stelle, neue Stellen mitgezählt',
  'indicators.firstJob': 'Nach {days} Tagen noch in der ersten Stelle',
  'indicators.daysToJob': 'Tage bis zur ersten Stelle (Median)',
  'indicators.placementRate': 'Haben in den letzten 12 Monaten eine Arbeit begonnen',
  'indicators.employedLeaving': 'In Arbeit beim Austritt (von denen, die in den letzten 12 Monaten ausgetreten sind)',
  'indicators.tooFew': 'zu wenige Daten',
  'indicators.intervals': 'In Klammern: das 95-%-Intervall, in dem der wahre Wert am wahrscheinlichsten liegt.',
  'indicators.download': 'Kennzahlen herunterladen (CSV)',
  'indicators.downloaded': 'Die Datei {file} ist heruntergeladen.',
  'indicators.loaded': 'Kennzahlen gezählt bis {date}.',
};

export default de;
