import { l } from '../templates/built-in/localized.js';
import type { FirstContactForm } from './first-contact-form.schema.js';

/** The form every organisation starts with: the five services of the built-in templates. */
export const defaultFirstContactForm: FirstContactForm = {
  id: 'casepath-first-contact',
  version: 1,
  askName: true,
  contactWays: ['phone', 'email', 'visit'],
  help: [
    { id: 'work', template: 'euse-supported-employment', label: l('Find a job and keep it', 'Найти работу и удержаться на ней', 'Znaleźć pracę i ją utrzymać', 'Rasti darbą ir jį išlaikyti', 'Arbeit finden und behalten', 'Знайти роботу й утриматися на ній') },
    { id: 'workshop', template: 'sheltered-workshop', label: l('Work in a workshop', 'Работать в мастерской', 'Pracować w warsztacie', 'Dirbti dirbtuvėse', 'In einer Werkstatt arbeiten', 'Працювати в майстерні') },
    { id: 'housing', template: 'social-adaptation', label: l('A place to live, documents, income', 'Жильё, документы, доход', 'Mieszkanie, dokumenty, dochód', 'Būstas, dokumentai, pajamos', 'Wohnung, Papiere, Einkommen', 'Житло, документи, дохід') },
    { id: 'after-prison', template: 'social-reintegration', label: l('A new start after prison', 'Новое начало после тюрьмы', 'Nowy start po więzieniu', 'Nauja pradžia po kalėjimo', 'Neuanfang nach der Haft', 'Новий початок після в’язниці') },
    { id: 'family', template: 'family-support', label: l('Help for our family', 'Помощь нашей семье', 'Pomoc dla naszej rodziny', 'Pagalba mūsų šeimai', 'Hilfe für unsere Familie', 'Допомога нашій родині') },
  ],
  accessNeeds: [
    { id: 'easy-read', label: l('Easy words', 'Простые слова', 'Proste słowa', 'Paprasti žodžiai', 'Leichte Sprache', 'Прості слова') },
    { id: 'interpreter', label: l('An interpreter', 'Переводчик', 'Tłumacz', 'Vertėjas', 'Eine Dolmetscherin oder ein Dolmetscher', 'Перекладач') },
    { id: 'sign-language', label: l('Sign language', 'Жестовый язык', 'Język migowy', 'Gestų kalba', 'Gebärdensprache', 'Жестова мова') },
    { id: 'step-free', label: l('No steps (wheelchair)', 'Без ступенек (коляска)', 'Bez schodów (wózek)', 'Be laiptų (vežimėlis)', 'Ohne Stufen (Rollstuhl)', 'Без сходинок (візок)') },
    { id: 'companion', label: l('Someone comes with me', 'Со мной придёт близкий человек', 'Ktoś przyjdzie ze mną', 'Kartu ateis artimas žmogus', 'Jemand kommt mit mir', 'Зі мною прийде близька людина') },
  ],
  purposes: ['service', 'health-data', 'employer-contact', 'statistics'],
  consentVersion: 'casepath-first-contact-1',
};
