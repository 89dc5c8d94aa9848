import type { ConsentCatalogue } from './consent-words-en.js';

const ru: ConsentCatalogue = {
  'consent.title': "На что вы согласились",
  'consent.noCase': "Пока нечего показать.",
  'consent.notAsked': "Ещё не спрашивали.",
  'consent.yes': "Да, с {date}.",
  'consent.no': "Нет. Вы отозвали согласие {date}.",
  'consent.withdraw': "Отозвать",
  'consent.grant': "Согласиться",
  'consent.confirm': "Вы хотите отозвать согласие? Мы перестанем это делать.",
  'consent.confirmYes': "Да, отозвать",
  'consent.cancel': "Нет, оставить",
  'consent.given': "Сохранено: вы согласились.",
  'consent.takenBack': "Сохранено: вы отозвали согласие.",
};

export default ru;
