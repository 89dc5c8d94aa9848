import type { ConsentCatalogue } from './consent-words-en.js';

const lt: ConsentCatalogue = {
  'consent.title': "Su kuo sutikote",
  'consent.noCase': "Kol kas nėra ką rodyti.",
  'consent.notAsked': "Dar neklausėme.",
  'consent.yes': "Taip, nuo {date}.",
  'consent.no': "Ne. Atšaukėte sutikimą {date}.",
  'consent.withdraw': "Atšaukti sutikimą",
  'consent.grant': "Sutinku",
  'consent.confirm': "Ar norite atšaukti sutikimą? Mes to nebedarysime.",
  'consent.confirmYes': "Taip, atšaukti",
  'consent.cancel': "Ne, palikti",
  'consent.given': "Išsaugota: jūs sutikote.",
  'consent.takenBack': "Išsaugota: atšaukėte sutikimą.",
};

export default lt;
