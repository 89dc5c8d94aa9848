import type { Instrument } from '../../schemas/instrument.schema.js';
import { l } from '../../templates/built-in/localized.js';
import { ALL_LANGUAGES, item } from './item.js';
import { agreement, need, note } from './scales.js';

/**
 * Needs of a foster or adoptive family (seed 003): the child's, the carers', the family's
 * relations, and the family's own view of its plan. Written by Casepath.
 */
export const familyNeeds: Instrument = {
  id: 'family-needs',
  version: '1.0.0',
  title: l('Family needs', 'Потребности семьи', 'Potrzeby rodziny', 'Šeimos poreikiai', 'Bedarf der Familie', 'Потреби родини'),
  languages: [...ALL_LANGUAGES],
  respondents: ['self', 'staff'],
  direction: 'need',
  scales: { need, agreement, note },
  domains: [
    { id: 'child', title: l('The child', 'Ребёнок', 'Dziecko', 'Vaikas', 'Das Kind', 'Дитина'), scoring: 'sum', minAnswered: 0.5 },
    { id: 'carers', title: l('The carers', 'Замещающие родители', 'Opiekunowie', 'Globėjai', 'Die Pflegeeltern', 'Прийомні батьки'), scoring: 'sum', minAnswered: 0.5 },
    { id: 'relations', title: l('Family relations', 'Отношения в семье', 'Relacje w rodzinie', 'Santykiai šeimoje', 'Beziehungen in der Familie', 'Стосунки в родині'), scoring: 'sum', minAnswered: 0.5 },
    { id: 'plan-view', title: l('Our view of the plan', 'Наш взгляд на план', 'Nasze zdanie o planie', 'Mūsų požiūris į planą', 'Unsere Sicht auf den Plan', 'Наш погляд на план'), scoring: 'percent', minAnswered: 0.5 },
  ],
  items: [
    item('child-wellbeing', 'child', 'need',
      l('The child’s emotional wellbeing', 'Эмоциональное благополучие ребёнка', 'Samopoczucie emocjonalne dziecka', 'Vaiko emocinė gerovė', 'Das seelische Wohl des Kindes', 'Емоційне благополуччя дитини'),
      l('Does the child need help with feelings?', 'Нужна ли ребёнку помощь с чувствами?', 'Czy dziecko potrzebuje pomocy z emocjami?', 'Ar vaikui reikia pagalbos dėl jausmų?', 'Braucht das Kind Hilfe mit Gefühlen?', 'Чи потрібна дитині допомога з почуттями?'), { required: true }),
    item('child-school', 'child', 'need',
      l('School and learning', 'Учёба в школе', 'Szkoła i nauka', 'Mokykla ir mokymasis', 'Schule und Lernen', 'Навчання в школі'),
      l('Does the child need help at school?', 'Нужна ли ребёнку помощь в школе?', 'Czy dziecko potrzebuje pomocy w szkole?', 'Ar vaikui reikia pagalbos mokykloje?', 'Braucht das Kind Hilfe in der Schule?', 'Чи потрібна дитині допомога в школі?')),
    item('carer-stress', 'carers', 'need',
      l('Stress of the carers', 'Стресс у замещающих родителей', 'Stres opiekunów', 'Globėjų stresas', 'Belastung der Pflegeeltern', 'Стрес у прийомних батьків'),
      l('Do you feel too tired or stressed?', 'Вы слишком устали или напряжены?', 'Czy jesteś zbyt zmęczony lub zestresowany?', 'Ar jaučiatės per daug pavargę ar įsitempę?', 'Bist du zu müde oder gestresst?', 'Ви надто втомлені чи напружені?')),
    item('respite', 'carers', 'need',
      l('Time off and respite care', 'Время для отдыха и временная замена', 'Czas na odpoczynek i opieka wytchnieniowa', 'Laikas poilsiui ir atokvėpio paslaugos', 'Auszeiten und Entlastungspflege', 'Час на відпочинок і тимчасова заміна'),
      l('Do you need a break?', 'Вам нужен отдых?', 'Potrzebujesz odpoczynku?', 'Ar jums reikia poilsio?', 'Brauchst du eine Pause?', 'Вам потрібен відпочинок?')),
    item('conflict', 'relations', 'need',
      l('Conflicts within the family', 'Конфликты в семье', 'Konflikty w rodzinie', 'Konfliktai šeimoje', 'Konflikte in der Familie', 'Конфлікти в родині'),
      l('Do you argue a lot at home?', 'Вы часто ссоритесь дома?', 'Czy często się kłócicie w domu?', 'Ar dažnai pykstatės namuose?', 'Streitet ihr oft zu Hause?', 'Ви часто сваритеся вдома?')),
    item('birth-family', 'relations', 'need',
      l('Contact with the birth family', 'Контакты с кровной семьёй', 'Kontakty z rodziną biologiczną', 'Ryšiai su biologine šeima', 'Kontakt zur Herkunftsfamilie', 'Контакти з біологічною родиною'),
      l('Do visits with the birth family need help?', 'Нужна ли помощь со встречами с кровной семьёй?', 'Czy spotkania z rodziną biologiczną wymagają pomocy?', 'Ar reikia pagalbos susitikimams su biologine šeima?', 'Brauchen Besuche bei der leiblichen Familie Hilfe?', 'Чи потрібна допомога із зустрічами з біологічною родиною?')),
    item('plan-fits', 'plan-view', 'agreement',
      l('The plan fits what our family needs', 'План соответствует тому, что нужно нашей семье', 'Plan odpowiada potrzebom naszej rodziny', 'Planas atitinka mūsų šeimos poreikius', 'Der Plan passt zu dem, was unsere Familie braucht', 'План відповідає тому, що потрібно нашій родині'),
      l('The plan is right for us', 'План нам подходит', 'Plan do nas pasuje', 'Planas mums tinka', 'Der Plan passt zu uns', 'План нам підходить'), { reverse: true }),
    item('were-heard', 'plan-view', 'agreement',
      l('We were listened to when the plan was made', 'Нас выслушали, когда составляли план', 'Wysłuchano nas przy tworzeniu planu', 'Mūsų išklausė, kai buvo rengiamas planas', 'Man hat uns zugehört, als der Plan gemacht wurde', 'Нас вислухали, коли складали план'),
      l('People listened to us', 'Нас выслушали', 'Wysłuchano nas', 'Mus išklausė', 'Man hat uns zugehört', 'Нас вислухали'), { reverse: true }),
    item('plan-wishes', 'plan-view', 'note',
      l('What would you change in the plan?', 'Что бы вы изменили в плане?', 'Co zmienilibyście w planie?', 'Ką pakeistumėte plane?', 'Was würden Sie am Plan ändern?', 'Що б ви змінили в плані?'),
      l('What should change?', 'Что нужно изменить?', 'Co trzeba zmienić?', 'Ką reikia pakeisti?', 'Was soll anders werden?', 'Що треба змінити?')),
  ],
};
