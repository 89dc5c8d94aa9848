import type { Instrument } from '../../schemas/instrument.schema.js';
import { l } from '../../templates/built-in/localized.js';
import { ALL_LANGUAGES, item } from './item.js';
import { agreement } from './scales.js';

/** Participation in a sheltered or creative workshop (seed 000): skills, self-expression, teamwork. Written by Casepath. */
export const workshopParticipation: Instrument = {
  id: 'workshop-participation',
  version: '1.0.0',
  title: l('Workshop participation', 'Участие в мастерской', 'Udział w warsztacie', 'Dalyvavimas dirbtuvėse', 'Teilhabe in der Werkstatt', 'Участь у майстерні'),
  languages: [...ALL_LANGUAGES],
  respondents: ['self', 'staff'],
  direction: 'strength',
  scales: { agreement },
  domains: [
    { id: 'skills', title: l('Work skills', 'Рабочие навыки', 'Umiejętności pracy', 'Darbo įgūdžiai', 'Arbeitsfähigkeiten', 'Робочі навички'), scoring: 'sum', minAnswered: 0.5 },
    { id: 'self-expression', title: l('Self-expression', 'Самовыражение', 'Wyrażanie siebie', 'Saviraiška', 'Selbstausdruck', 'Самовираження'), scoring: 'sum', minAnswered: 0.5 },
    { id: 'teamwork', title: l('Teamwork', 'Работа в команде', 'Praca w zespole', 'Komandinis darbas', 'Teamarbeit', 'Робота в команді'), scoring: 'sum', minAnswered: 0.5 },
  ],
  items: [
    item('works-alone', 'skills', 'agreement',
      l('I can do my work task on my own', 'Я могу выполнить своё задание самостоятельно', 'Potrafię samodzielnie wykonać swoje zadanie', 'Galiu savarankiškai atlikti savo užduotį', 'Ich kann meine Aufgabe allein erledigen', 'Я можу виконати своє завдання самостійно'),
      l('I can do my work alone', 'Я работаю сам', 'Pracuję sam', 'Dirbu pats', 'Ich arbeite allein', 'Я працюю сам'), { required: true }),
    item('finishes', 'skills', 'agreement',
      l('I finish the work I start', 'Я довожу начатую работу до конца', 'Kończę pracę, którą zaczynam', 'Baigiu pradėtą darbą', 'Ich beende, was ich anfange', 'Я доводжу розпочату роботу до кінця'),
      l('I finish my work', 'Я заканчиваю работу', 'Kończę pracę', 'Baigiu darbą', 'Ich mache meine Arbeit fertig', 'Я закінчую роботу')),
    item('own-ideas', 'self-expression', 'agreement',
      l('I can show my own ideas in my work', 'Я могу показать свои идеи в работе', 'Potrafię pokazać w pracy własne pomysły', 'Savo darbe galiu parodyti savo idėjas', 'Ich kann eigene Ideen in meine Arbeit einbringen', 'Я можу показати власні ідеї в роботі'),
      l('I use my ideas', 'Я придумываю своё', 'Mam swoje pomysły', 'Naudoju savo idėjas', 'Ich habe eigene Ideen', 'Я вигадую своє')),
    item('proud', 'self-expression', 'agreement',
      l('I am proud of what I make', 'Я горжусь тем, что делаю', 'Jestem dumny z tego, co robię', 'Didžiuojuosi tuo, ką sukuriu', 'Ich bin stolz auf das, was ich mache', 'Я пишаюся тим, що роблю'),
      l('I am proud of my work', 'Я горжусь своей работой', 'Jestem dumny z mojej pracy', 'Didžiuojuosi savo darbu', 'Ich bin stolz auf meine Arbeit', 'Я пишаюся своєю роботою')),
    item('works-with-others', 'teamwork', 'agreement',
      l('I work well with others in the workshop', 'Я хорошо работаю с другими в мастерской', 'Dobrze współpracuję z innymi w warsztacie', 'Gerai dirbu su kitais dirbtuvėse', 'Ich arbeite gut mit anderen in der Werkstatt', 'Я добре працюю з іншими в майстерні'),
      l('I work well with others', 'Я хорошо работаю с другими', 'Dobrze pracuję z innymi', 'Gerai dirbu su kitais', 'Ich arbeite gut mit anderen', 'Я добре працюю з іншими')),
    item('helps-others', 'teamwork', 'agreement',
      l('I help others when they need it', 'Я помогаю другим, когда им это нужно', 'Pomagam innym, gdy tego potrzebują', 'Padedu kitiems, kai jiems reikia', 'Ich helfe anderen, wenn sie es brauchen', 'Я допомагаю іншим, коли їм це потрібно'),
      l('I help others', 'Я помогаю другим', 'Pomagam innym', 'Padedu kitiems', 'Ich helfe anderen', 'Я допомагаю іншим')),
  ],
};
