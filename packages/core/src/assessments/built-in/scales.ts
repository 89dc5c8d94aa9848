import type { ResponseScale } from '../../schemas/instrument.schema.js';
import { l } from '../../templates/built-in/localized.js';

/** How much a statement is true for the person: 1 (not at all) to 4 (completely). Higher = more strength. */
export const agreement: ResponseScale = {
  type: 'ordinal',
  points: [
    { value: 1, label: l('Not at all', 'Совсем нет', 'Wcale nie', 'Visai ne', 'Gar nicht', 'Зовсім ні'), easyRead: l('No', 'Нет', 'Nie', 'Ne', 'Nein', 'Ні') },
    { value: 2, label: l('A little', 'Немного', 'Trochę', 'Šiek tiek', 'Ein wenig', 'Трохи'), easyRead: l('A little', 'Немного', 'Trochę', 'Truputį', 'Ein bisschen', 'Трохи') },
    { value: 3, label: l('Mostly', 'В основном', 'Przeważnie', 'Dažniausiai', 'Größtenteils', 'Здебільшого'), easyRead: l('Mostly', 'Почти да', 'Raczej tak', 'Beveik taip', 'Fast ja', 'Майже так') },
    { value: 4, label: l('Completely', 'Полностью', 'Całkowicie', 'Visiškai', 'Völlig', 'Повністю'), easyRead: l('Yes', 'Да', 'Tak', 'Taip', 'Ja', 'Так') },
  ],
};

/** How much help is needed: 0 (none) to 3 (urgent). Higher = more need. */
export const need: ResponseScale = {
  type: 'ordinal',
  points: [
    { value: 0, label: l('No need', 'Нет потребности', 'Brak potrzeby', 'Poreikio nėra', 'Kein Bedarf', 'Немає потреби'), easyRead: l('All good', 'Всё хорошо', 'Wszystko dobrze', 'Viskas gerai', 'Alles gut', 'Усе добре') },
    { value: 1, label: l('Some need', 'Небольшая потребность', 'Niewielka potrzeba', 'Nedidelis poreikis', 'Etwas Bedarf', 'Невелика потреба'), easyRead: l('Some help', 'Нужна небольшая помощь', 'Trochę pomocy', 'Šiek tiek pagalbos', 'Etwas Hilfe', 'Трохи допомоги') },
    { value: 2, label: l('Considerable need', 'Значительная потребность', 'Znaczna potrzeba', 'Didelis poreikis', 'Deutlicher Bedarf', 'Значна потреба'), easyRead: l('A lot of help', 'Нужно много помощи', 'Dużo pomocy', 'Daug pagalbos', 'Viel Hilfe', 'Багато допомоги') },
    { value: 3, label: l('Urgent need', 'Срочная потребность', 'Pilna potrzeba', 'Skubus poreikis', 'Dringender Bedarf', 'Термінова потреба'), easyRead: l('Help now', 'Помощь нужна сейчас', 'Pomoc teraz', 'Pagalbos reikia dabar', 'Hilfe sofort', 'Допомога потрібна зараз') },
  ],
};

export const yesNo: ResponseScale = { type: 'yes-no' };
export const note: ResponseScale = { type: 'text', maxLength: 2000 };
