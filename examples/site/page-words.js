// The pages' own words (the widgets bring theirs): an NGO writes these for its own site.
// Elements name their words with `data-words` (text) or `data-words-label` (aria-label).

/** One of a page's words in `lang` (English for a language or word the page does not have). */
export function pageWord(words, lang, key) {
  return (words[lang] ?? words.en)[key] ?? words.en[key] ?? key;
}

/** Puts a page's words in `lang` (English for a language the page does not have). */
export function applyPageWords(words, lang) {
  const say = (key) => pageWord(words, lang, key);
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
    forgotten: 'Your answers are removed from this computer. The next person can start here.',
    forgetFailed: 'Your answers could not be removed, and nothing was changed. Try again. If it keeps failing, ask a member of our team.',
    assessment: '2. What you can do and want',
    plan: '3. Your support plan',
    leave: 'On a computer others use too?',
    leaveText: 'What you filled in above is kept in this browser, on this computer. If other people use it too, remove it when you are done, so that nobody else can see it. A request for help you sent stays with our team.',
    forget: 'Remove my answers from this computer',
    forgetQuestion: 'Remove your answers, your assessment and your plan from this computer? This cannot be undone.',
    forgetYes: 'Yes, remove them',
    forgetNo: 'No, keep them',
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
    forgotten: 'Twoje odpowiedzi zostały usunięte z tego komputera. Następna osoba może zacząć tutaj.',
    forgetFailed: 'Nie udało się usunąć odpowiedzi i nic nie zostało zmienione. Spróbuj ponownie. Jeśli to się powtarza, poproś o pomoc kogoś z naszego zespołu.',
    assessment: '2. Co umiesz i czego chcesz',
    plan: '3. Twój plan wsparcia',
    leave: 'Komputer, z którego korzystają też inni?',
    leaveText: 'To, co tu wpisano, jest zapisane w tej przeglądarce, na tym komputerze. Jeśli korzystają z niego też inne osoby, usuń to po skończeniu, aby nikt inny tego nie zobaczył. Wysłana prośba o pomoc zostaje u naszego zespołu.',
    forget: 'Usuń moje odpowiedzi z tego komputera',
    forgetQuestion: 'Usunąć z tego komputera Twoje odpowiedzi, ocenę i plan? Tego nie da się cofnąć.',
    forgetYes: 'Tak, usuń je',
    forgetNo: 'Nie, zachowaj je',
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
    forgotten: 'Ваши ответы удалены с этого компьютера. Следующий человек может начать здесь.',
    forgetFailed: 'Не получилось удалить ответы, ничего не изменилось. Попробуйте ещё раз. Если не выйдет, попросите помощи у кого-нибудь из нашей команды.',
    assessment: '2. Что вы умеете и чего хотите',
    plan: '3. Ваш план поддержки',
    leave: 'Этим компьютером пользуются и другие?',
    leaveText: 'То, что вы здесь заполнили, хранится в этом браузере, на этом компьютере. Если им пользуются и другие люди, удалите это, когда закончите, чтобы никто другой этого не увидел. Отправленное обращение за помощью останется у нашей команды.',
    forget: 'Удалить мои ответы с этого компьютера',
    forgetQuestion: 'Удалить с этого компьютера ваши ответы, оценку и план? Отменить это будет нельзя.',
    forgetYes: 'Да, удалить',
    forgetNo: 'Нет, оставить',
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
    forgotten: 'Ваші відповіді видалено з цього комп’ютера. Наступна людина може почати тут.',
    forgetFailed: 'Не вдалося видалити відповіді, нічого не змінилося. Спробуйте ще раз. Якщо не вийде, попросіть допомоги в когось із нашої команди.',
    assessment: '2. Що ви вмієте і чого хочете',
    plan: '3. Ваш план підтримки',
    leave: 'Цим комп’ютером користуються й інші?',
    leaveText: 'Те, що ви тут заповнили, зберігається в цьому браузері, на цьому комп’ютері. Якщо ним користуються й інші люди, видаліть це, коли закінчите, щоб ніхто інший цього не побачив. Надіслане звернення по допомогу залишиться в нашої команди.',
    forget: 'Видалити мої відповіді з цього комп’ютера',
    forgetQuestion: 'Видалити з цього комп’ютера ваші відповіді, оцінку й план? Скасувати це буде неможливо.',
    forgetYes: 'Так, видалити',
    forgetNo: 'Ні, залишити',
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
    forgotten: 'Jūsų atsakymai ištrinti iš šio kompiuterio. Kitas žmogus gali pradėti čia.',
    forgetFailed: 'Atsakymų ištrinti nepavyko, niekas nepakeista. Bandykite dar kartą. Jei vis nepavyksta, paprašykite pagalbos ko nors iš mūsų komandos.',
    assessment: '2. Ką mokate ir ko norite',
    plan: '3. Jūsų pagalbos planas',
    leave: 'Šiuo kompiuteriu naudojasi ir kiti?',
    leaveText: 'Tai, ką čia užpildėte, saugoma šioje naršyklėje, šiame kompiuteryje. Jei juo naudojasi ir kiti žmonės, baigę tai ištrinkite, kad niekas kitas to nepamatytų. Išsiųstas prašymas pagalbos lieka mūsų komandai.',
    forget: 'Ištrinti mano atsakymus iš šio kompiuterio',
    forgetQuestion: 'Ištrinti jūsų atsakymus, vertinimą ir planą iš šio kompiuterio? To nebus galima atšaukti.',
    forgetYes: 'Taip, ištrinti',
    forgetNo: 'Ne, palikti',
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
    forgotten: 'Ihre Antworten sind von diesem Computer gelöscht. Die nächste Person kann hier beginnen.',
    forgetFailed: 'Ihre Antworten konnten nicht gelöscht werden, nichts wurde geändert. Versuchen Sie es noch einmal. Wenn es weiter nicht geht, fragen Sie jemanden aus unserem Team.',
    assessment: '2. Was Sie können und wollen',
    plan: '3. Ihr Unterstützungsplan',
    leave: 'Ein Computer, den auch andere nutzen?',
    leaveText: 'Was Sie hier ausgefüllt haben, ist in diesem Browser auf diesem Computer gespeichert. Wenn auch andere ihn nutzen, löschen Sie es, wenn Sie fertig sind, damit niemand sonst es sieht. Eine gesendete Anfrage um Hilfe bleibt bei unserem Team.',
    forget: 'Meine Antworten von diesem Computer löschen',
    forgetQuestion: 'Ihre Antworten, Ihre Einschätzung und Ihren Plan von diesem Computer löschen? Das lässt sich nicht rückgängig machen.',
    forgetYes: 'Ja, löschen',
    forgetNo: 'Nein, behalten',
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
