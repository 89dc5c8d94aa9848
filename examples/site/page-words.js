// The pages' own words (the widgets bring theirs): an NGO writes these for its own site.
// Elements name their words with `data-words` (text) or `data-words-label` (aria-label).

/** Puts a page's words in `lang` (English for a language the page does not have). */
export function applyPageWords(words, lang) {
  const own = words[lang] ?? words.en;
  const say = (key) => own[key] ?? words.en[key] ?? key;
  document.title = say('title');
  for (const el of document.querySelectorAll('[data-words]')) el.textContent = say(el.dataset.words);
  for (const el of document.querySelectorAll('[data-words-label]')) el.setAttribute('aria-label', say(el.dataset.wordsLabel));
}

/**
 * The page's language (from the address, else the one chosen before, else English), its words put
 * on the page, and the language menu that changes it; returns the language.
 */
export function pageLanguage(words) {
  const lang = new URLSearchParams(location.search).get('lang') ?? localStorage.getItem('demo-lang') ?? 'en';
  document.documentElement.lang = lang;
  applyPageWords(words, lang);
  const select = document.getElementById('lang');
  select.value = lang;
  select.addEventListener('change', () => {
    localStorage.setItem('demo-lang', select.value);
    location.search = `?lang=${select.value}`;
  });
  return lang;
}

/** The public site's words. */
export const SITE_WORDS = {
  en: {
    title: 'Open Doors Foundation: start here',
    brand: 'Open Doors Foundation',
    language: 'Language',
    easy: 'Easy words',
    heading: 'Supported employment: start here',
    lead: 'We help people find and keep a job, with a job coach by their side. A request for help is sealed on your device so that only our team can read it.',
    ask: 'Ask for help',
    intake: '1. Getting to know you',
    assessment: '2. What you can do and want',
    plan: '3. Your support plan',
    results: 'How we are doing',
    team: 'For our team',
    teamNote: 'For the foundation’s team: sign in to share cases across your devices.',
    footer: 'Fictional organisation. Synthetic data from Casepath’s',
  },
  pl: {
    title: 'Fundacja Otwarte Drzwi: zacznij tutaj',
    brand: 'Fundacja Otwarte Drzwi',
    language: 'Język',
    easy: 'Łatwe słowa',
    heading: 'Zatrudnienie wspomagane: zacznij tutaj',
    lead: 'Pomagamy znaleźć i utrzymać pracę, z trenerem pracy u boku. Prośba o pomoc jest zaszyfrowana na Twoim urządzeniu, tak że przeczyta ją tylko nasz zespół.',
    ask: 'Poproś o pomoc',
    intake: '1. Poznajmy się',
    assessment: '2. Co umiesz i czego chcesz',
    plan: '3. Twój plan wsparcia',
    results: 'Jak nam idzie',
    team: 'Dla naszego zespołu',
    teamNote: 'Dla zespołu fundacji: zaloguj się, aby mieć sprawy na wszystkich swoich urządzeniach.',
    footer: 'Organizacja fikcyjna. Dane syntetyczne z funkcji Casepath',
  },
  ru: {
    title: 'Фонд «Открытые двери»: начните здесь',
    brand: 'Фонд «Открытые двери»',
    language: 'Язык',
    easy: 'Простые слова',
    heading: 'Сопровождаемое трудоустройство: начните здесь',
    lead: 'Мы помогаем найти работу и удержаться на ней, рядом с вами — наставник по трудоустройству. Обращение за помощью шифруется на вашем устройстве, и прочитать его может только наша команда.',
    ask: 'Попросить о помощи',
    intake: '1. Знакомство',
    assessment: '2. Что вы умеете и чего хотите',
    plan: '3. Ваш план поддержки',
    results: 'Как у нас идут дела',
    team: 'Для нашей команды',
    teamNote: 'Для сотрудников фонда: войдите, чтобы видеть дела на всех своих устройствах.',
    footer: 'Вымышленная организация. Синтетические данные из функции Casepath',
  },
  uk: {
    title: 'Фонд «Відчинені двері»: почніть тут',
    brand: 'Фонд «Відчинені двері»',
    language: 'Мова',
    easy: 'Прості слова',
    heading: 'Супровідне працевлаштування: почніть тут',
    lead: 'Ми допомагаємо знайти роботу й утриматися на ній, поруч із вами — наставник із працевлаштування. Звернення по допомогу шифрується на вашому пристрої, і прочитати його може лише наша команда.',
    ask: 'Попросити про допомогу',
    intake: '1. Знайомство',
    assessment: '2. Що ви вмієте і чого хочете',
    plan: '3. Ваш план підтримки',
    results: 'Як у нас справи',
    team: 'Для нашої команди',
    teamNote: 'Для працівників фонду: увійдіть, щоб бачити справи на всіх своїх пристроях.',
    footer: 'Вигадана організація. Синтетичні дані з функції Casepath',
  },
  lt: {
    title: 'Fondas „Atviros durys“: pradėkite čia',
    brand: 'Fondas „Atviros durys“',
    language: 'Kalba',
    easy: 'Paprasti žodžiai',
    heading: 'Palaikomasis įdarbinimas: pradėkite čia',
    lead: 'Padedame rasti darbą ir jį išlaikyti, šalia jūsų – darbo konsultantas. Prašymas pagalbos užšifruojamas jūsų įrenginyje, kad jį perskaityti galėtų tik mūsų komanda.',
    ask: 'Prašyti pagalbos',
    intake: '1. Susipažinkime',
    assessment: '2. Ką mokate ir ko norite',
    plan: '3. Jūsų pagalbos planas',
    results: 'Kaip mums sekasi',
    team: 'Mūsų komandai',
    teamNote: 'Fondo komandai: prisijunkite, kad bylos būtų visuose jūsų įrenginiuose.',
    footer: 'Išgalvota organizacija. Sintetiniai duomenys iš Casepath funkcijos',
  },
  de: {
    title: 'Stiftung Offene Türen: hier beginnen',
    brand: 'Stiftung Offene Türen',
    language: 'Sprache',
    easy: 'Leichte Sprache',
    heading: 'Unterstützte Beschäftigung: hier beginnen',
    lead: 'Wir helfen Menschen, eine Arbeit zu finden und zu behalten, mit einem Jobcoach an ihrer Seite. Eine Anfrage um Hilfe wird auf Ihrem Gerät verschlüsselt, sodass nur unser Team sie lesen kann.',
    ask: 'Um Hilfe bitten',
    intake: '1. Kennenlernen',
    assessment: '2. Was Sie können und wollen',
    plan: '3. Ihr Unterstützungsplan',
    results: 'Wie es bei uns läuft',
    team: 'Für unser Team',
    teamNote: 'Für das Team der Stiftung: Melden Sie sich an, um Fälle auf allen Ihren Geräten zu teilen.',
    footer: 'Erfundene Organisation. Synthetische Daten aus der Casepath-Funktion',
  },
};

/**
 * The names of the foundation's branches, for the chart's legend: the synthetic population's
 * providers are numbered (`provider-01`), and a visitor reads a place, not an id.
 */
export const SITE_PROVIDERS = {
  en: { 'provider-01': 'Warsaw', 'provider-02': 'Kraków', 'provider-03': 'Gdańsk', 'provider-04': 'Wrocław' },
  pl: { 'provider-01': 'Warszawa', 'provider-02': 'Kraków', 'provider-03': 'Gdańsk', 'provider-04': 'Wrocław' },
  ru: { 'provider-01': 'Варшава', 'provider-02': 'Краков', 'provider-03': 'Гданьск', 'provider-04': 'Вроцлав' },
  uk: { 'provider-01': 'Варшава', 'provider-02': 'Краків', 'provider-03': 'Гданськ', 'provider-04': 'Вроцлав' },
  lt: { 'provider-01': 'Varšuva', 'provider-02': 'Krokuva', 'provider-03': 'Gdanskas', 'provider-04': 'Vroclavas' },
  de: { 'provider-01': 'Warschau', 'provider-02': 'Krakau', 'provider-03': 'Gdańsk', 'provider-04': 'Wrocław' },
};
