import type { Instrument } from '../../schemas/instrument.schema.js';
import { l } from '../../templates/built-in/localized.js';
import { ALL_LANGUAGES, item } from './item.js';
import { agreement } from './scales.js';

/** Readiness to take up employment (seed 004): motivation, routines, limitations, social ties. Written by Casepath. */
export const employmentReadiness: Instrument = {
  id: 'employment-readiness',
  version: '1.0.0',
  title: l('Readiness for employment', 'Готовность к трудоустройству', 'Gotowość do podjęcia zatrudnienia', 'Pasirengimas įsidarbinti', 'Bereitschaft zur Arbeitsaufnahme', 'Готовність до працевлаштування'),
  languages: [...ALL_LANGUAGES],
  respondents: ['self', 'staff'],
  direction: 'strength',
  scales: { agreement },
  domains: [
    { id: 'motivation', title: l('Motivation', 'Мотивация', 'Motywacja', 'Motyvacija', 'Motivation', 'Мотивація'), scoring: 'mean', minAnswered: 0.5 },
    { id: 'routines', title: l('Daily routines', 'Распорядок дня', 'Codzienny rytm', 'Dienos režimas', 'Tagesablauf', 'Розпорядок дня'), scoring: 'mean', minAnswered: 0.5 },
    { id: 'limitations', title: l('Limitations', 'Ограничения', 'Ograniczenia', 'Apribojimai', 'Einschränkungen', 'Обмеження'), scoring: 'mean', minAnswered: 0.5 },
    { id: 'social-ties', title: l('Social ties', 'Социальные связи', 'Więzi społeczne', 'Socialiniai ryšiai', 'Soziale Kontakte', 'Соціальні зв’язки'), scoring: 'mean', minAnswered: 0.5 },
  ],
  items: [
    item('wants-work', 'motivation', 'agreement',
      l('I want to work', 'Я хочу работать', 'Chcę pracować', 'Noriu dirbti', 'Ich möchte arbeiten', 'Я хочу працювати'),
      l('I want to work', 'Я хочу работать', 'Chcę pracować', 'Noriu dirbti', 'Ich will arbeiten', 'Я хочу працювати'), { required: true }),
    item('believes-can-keep', 'motivation', 'agreement',
      l('I believe I can keep a job', 'Я верю, что смогу удержаться на работе', 'Wierzę, że utrzymam pracę', 'Tikiu, kad išlaikysiu darbą', 'Ich traue mir zu, eine Stelle zu behalten', 'Я вірю, що зможу втриматися на роботі'),
      l('I think I can keep a job', 'Я думаю, что смогу работать долго', 'Myślę, że dam radę długo pracować', 'Manau, kad galėsiu ilgai dirbti', 'Ich glaube, ich kann lange arbeiten', 'Я думаю, що зможу працювати довго')),
    item('gets-up', 'routines', 'agreement',
      l('I get up at the same time every day', 'Я встаю каждый день в одно и то же время', 'Wstaję codziennie o tej samej porze', 'Kasdien keliuosi tuo pačiu laiku', 'Ich stehe jeden Tag zur gleichen Zeit auf', 'Я встаю щодня в один і той самий час'),
      l('I get up at the same time each day', 'Я встаю в одно время', 'Wstaję o tej samej godzinie', 'Keliuosi tuo pačiu laiku', 'Ich stehe immer gleich auf', 'Я встаю в один час')),
    item('on-time', 'routines', 'agreement',
      l('I arrive on time for appointments', 'Я прихожу на встречи вовремя', 'Przychodzę punktualnie na spotkania', 'Į susitikimus ateinu laiku', 'Ich komme pünktlich zu Terminen', 'Я приходжу на зустрічі вчасно'),
      l('I come on time', 'Я прихожу вовремя', 'Przychodzę na czas', 'Ateinu laiku', 'Ich bin pünktlich', 'Я приходжу вчасно')),
    item('health-allows', 'limitations', 'agreement',
      l('My health lets me work several hours a day', 'Здоровье позволяет мне работать несколько часов в день', 'Zdrowie pozwala mi pracować kilka godzin dziennie', 'Sveikata leidžia man dirbti kelias valandas per dieną', 'Meine Gesundheit erlaubt mir, einige Stunden am Tag zu arbeiten', 'Здоров’я дозволяє мені працювати кілька годин на день'),
      l('I am well enough to work', 'Я достаточно здоров, чтобы работать', 'Czuję się dość dobrze, by pracować', 'Esu pakankamai sveikas dirbti', 'Ich bin gesund genug zum Arbeiten', 'Я достатньо здоровий, щоб працювати'),
      { healthData: true }),
    item('worries-block', 'limitations', 'agreement',
      l('Worries about money or housing stop me from working', 'Заботы о деньгах или жилье мешают мне работать', 'Kłopoty z pieniędzmi lub mieszkaniem przeszkadzają mi w pracy', 'Rūpesčiai dėl pinigų ar būsto trukdo man dirbti', 'Sorgen um Geld oder Wohnung hindern mich am Arbeiten', 'Турботи про гроші чи житло заважають мені працювати'),
      l('Money or home problems stop me working', 'Проблемы с деньгами или жильём мешают работать', 'Problemy z pieniędzmi lub domem przeszkadzają w pracy', 'Pinigų ar namų bėdos trukdo dirbti', 'Probleme mit Geld oder Wohnung stören mich', 'Проблеми з грошима чи житлом заважають працювати'),
      { reverse: true }),
    item('someone-to-count-on', 'social-ties', 'agreement',
      l('I have someone I can count on', 'У меня есть человек, на которого я могу положиться', 'Mam kogoś, na kim mogę polegać', 'Turiu žmogų, kuriuo galiu pasikliauti', 'Ich habe jemanden, auf den ich mich verlassen kann', 'У мене є людина, на яку я можу покластися'),
      l('I have someone who helps me', 'У меня есть кто-то, кто мне помогает', 'Mam kogoś, kto mi pomaga', 'Turiu žmogų, kuris man padeda', 'Ich habe jemanden, der mir hilft', 'У мене є хтось, хто мені допомагає')),
    item('lonely', 'social-ties', 'agreement',
      l('I feel lonely', 'Я чувствую себя одиноким', 'Czuję się samotny', 'Jaučiuosi vienišas', 'Ich fühle mich einsam', 'Я почуваюся самотнім'),
      l('I feel alone', 'Мне одиноко', 'Jest mi samotnie', 'Man vieniša', 'Ich bin oft allein', 'Мені самотньо'), { reverse: true }),
  ],
};
