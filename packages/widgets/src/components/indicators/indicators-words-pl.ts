import type { IndicatorsCatalogue } from './indicators-words-en.js';

const pl: IndicatorsCatalogue = {
  'indicators.title': 'Wskaźniki',
  'indicators.noServer': 'Wskaźniki są liczone na serwerze organizacji; ta strona go nie ma.',
  'indicators.signIn': 'Zaloguj się jako analityk organizacji albo koordynator lub kierownik ośrodka, aby zobaczyć wskaźniki.',
  'indicators.notAllowed': 'Wskaźniki widzą tylko analitycy organizacji oraz koordynatorzy i kierownicy ośrodków.',
  'indicators.failed': 'Nie udało się odczytać wskaźników: {reason}.',
  'indicators.retry': 'Spróbuj ponownie',
  'indicators.cutOff': 'Policzone do dnia',
  'indicators.show': 'Pokaż',
  'indicators.cutOffMissing': 'Wybierz datę.',
  'indicators.cutOffFuture': 'Wybierz dzisiejszą lub wcześniejszą datę.',
  'indicators.nothing': 'Nie ma jeszcze spraw do policzenia.',
  'indicators.caption': 'Policzone do {date}',
  'indicators.leftOut': 'Niepoliczone osoby, które nie zgodziły się na ujęcie w raportach: {count}.',
  'indicators.measure': 'Wskaźnik',
  'indicators.all': 'Wszystkie ośrodki',
  'indicators.people': 'Policzone osoby',
  'indicators.placed': 'Podjęli pracę',
  'indicators.retained': 'W pracy {days} dni po pierwszej pracy, z ponownym zatrudnieniem',
  'indicators.firstJob': 'Nadal w pierwszej pracy po {days} dniach',
  'indicators.daysToJob': 'Dni do pierwszej pracy (mediana)',
  'indicators.placementRate': 'Podjęli pracę w ostatnich 12 miesiącach',
  'indicators.employedLeaving': 'W pracy przy odejściu z programu (z tych, którzy odeszli w ostatnich 12 miesiącach)',
  'indicators.tooFew': 'za mało danych',
  'indicators.intervals': 'W nawiasach: przedział 95%, w którym najpewniej leży prawdziwa wartość.',
  'indicators.download': 'Pobierz wskaźniki (CSV)',
  'indicators.downloaded': 'Plik {file} został pobrany.',
  'indicators.loaded': 'Wskaźniki policzone do {date}.',
};

export default pl;
