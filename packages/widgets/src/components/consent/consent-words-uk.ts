import type { ConsentCatalogue } from './consent-words-en.js';

const uk: ConsentCatalogue = {
  'consent.title': "На що ви погодилися",
  'consent.noCase': "Поки нічого показати.",
  'consent.notAsked': "Ще не питали.",
  'consent.yes': "Так, з {date}.",
  'consent.no': "Ні. Ви відкликали згоду {date}.",
  'consent.withdraw': "Відкликати",
  'consent.grant': "Погодитися",
  'consent.confirm': "Ви хочете відкликати згоду? Ми перестанемо це робити.",
  'consent.confirmYes': "Так, відкликати",
  'consent.cancel': "Ні, залишити",
  'consent.given': "Збережено: ви погодилися.",
  'consent.takenBack': "Збережено: ви відкликали згоду.",
};

export default uk;
