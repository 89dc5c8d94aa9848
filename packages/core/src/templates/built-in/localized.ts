import type { LocalizedText } from '../../schemas/plan-template.schema.js';

/** A label in en, ru, pl, lt, de and uk, in that order. */
export function l(en: string, ru: string, pl: string, lt: string, de: string, uk: string): LocalizedText {
  return { en, ru, pl, lt, de, uk };
}

/** Closing outcomes most services share. */
export const commonOutcomes = {
  withdrew: {
    id: 'withdrew',
    title: l('Left the programme', 'Выбыл из программы', 'Rezygnacja z programu', 'Pasitraukė iš programos', 'Programm abgebrochen', 'Вибув із програми'),
  },
  transferred: {
    id: 'transferred',
    title: l(
      'Transferred to another service',
      'Передан в другую службу',
      'Przekazany do innej usługi',
      'Perduotas kitai tarnybai',
      'An einen anderen Dienst übergeben',
      'Переданий до іншої служби',
    ),
  },
  lostContact: {
    id: 'lost-contact',
    title: l('Contact lost', 'Связь потеряна', 'Utrata kontaktu', 'Ryšys nutrūko', 'Kontakt abgebrochen', 'Зв’язок втрачено'),
  },
} as const;
