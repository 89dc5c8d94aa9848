import type { ConsentCatalogue } from './consent-words-en.js';

const de: ConsentCatalogue = {
  'consent.title': "Wozu Sie Ja gesagt haben",
  'consent.noCase': "Noch nichts zu zeigen.",
  'consent.notAsked': "Noch nicht gefragt.",
  'consent.yes': "Ja, seit {date}.",
  'consent.no': "Nein. Sie haben es am {date} zurückgenommen.",
  'consent.withdraw': "Zurücknehmen",
  'consent.grant': "Ja sagen",
  'consent.confirm': "Wollen Sie Ihr Ja zurücknehmen? Dann hören wir damit auf.",
  'consent.confirmYes': "Ja, zurücknehmen",
  'consent.cancel': "Nein, so lassen",
  'consent.given': "Gespeichert: Sie haben Ja gesagt.",
  'consent.takenBack': "Gespeichert: Sie haben es zurückgenommen.",
};

export default de;
