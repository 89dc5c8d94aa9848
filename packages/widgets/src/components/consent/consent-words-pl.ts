import type { ConsentCatalogue } from './consent-words-en.js';

const pl: ConsentCatalogue = {
  'consent.title': "Na co się zgodziłeś",
  'consent.noCase': "Nie ma jeszcze czego pokazać.",
  'consent.notAsked': "Jeszcze nie pytaliśmy.",
  'consent.yes': "Tak, od {date}.",
  'consent.no': "Nie. Wycofałeś zgodę {date}.",
  'consent.withdraw': "Wycofaj zgodę",
  'consent.grant': "Zgadzam się",
  'consent.confirm': "Czy chcesz wycofać zgodę? Przestaniemy to robić.",
  'consent.confirmYes': "Tak, wycofuję",
  'consent.cancel': "Nie, zostaw",
  'consent.given': "Zapisano: zgodziłeś się.",
  'consent.takenBack': "Zapisano: wycofałeś zgodę.",
};

export default pl;
