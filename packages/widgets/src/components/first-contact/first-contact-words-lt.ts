import type { FirstContactCatalogue } from './first-contact-words-en.js';

const lt: FirstContactCatalogue = {
  'firstContact.title': 'Paprašykite mūsų pagalbos',
  'firstContact.sealedNote': 'Ką parašysite, užrakinama šiame įrenginyje, kad perskaityti galėtų tik {provider}. Niekas čia neišsaugoma, kol nepaspausite „Siųsti“.',
  'firstContact.name': 'Kaip į jus kreiptis? (galite palikti tuščią)',
  'firstContact.contactLegend': 'Kaip su jumis susisiekti?',
  'firstContact.way.phone': 'Paskambinkite man',
  'firstContact.way.email': 'Parašykite man el. laišką',
  'firstContact.way.visit': 'Ateisiu pats (pati)',
  'firstContact.phone': 'Jūsų telefono numeris',
  'firstContact.email': 'Jūsų el. pašto adresas',
  'firstContact.phoneError': 'Parašykite telefono numerį, pavyzdžiui, +370 612 34567.',
  'firstContact.emailError': 'Parašykite el. pašto adresą, pavyzdžiui, vardas@example.org.',
  'firstContact.helpLegend': 'Kokios pagalbos ieškote?',
  'firstContact.helpError': 'Pasirinkite bent vieną.',
  'firstContact.accessLegend': 'Ar jums ko nors reikia, kad galėtumėte su mumis kalbėtis ar pas mus ateiti?',
  'firstContact.accessNote': 'Ką dar turėtume apie tai žinoti',
  'firstContact.message': 'Ar norite mums pasakyti dar ką nors?',
  'firstContact.send': 'Siųsti',
  'firstContact.sending': 'Užrakiname ir siunčiame…',
  'firstContact.sent': 'Ačiū. {provider} gavo jūsų prašymą ir su jumis susisieks.',
  'firstContact.sentVisit': 'Ačiū. {provider} gavo jūsų prašymą. Laukiame jūsų.',
  'firstContact.queued': 'Jūsų prašymas užrakintas ir laikomas šiame įrenginyje. Jis bus išsiųstas, kai vėl būsite prisijungę. Puslapį galite uždaryti.',
  'firstContact.queuedSent': 'Jūsų ankstesnis prašymas pasiekė: {provider}.',
  'firstContact.refused': 'Organizacija nepriėmė prašymo: {reason} Jis laikomas užrakintas šiame įrenginyje. Paskambinkite jiems.',
  'firstContact.unavailable': 'Forma dabar negali susisiekti su organizacija. Bandykite vėliau arba paskambinkite.',
  'firstContact.noKey': 'Ši organizacija čia dar nepriima prašymų. Paskambinkite jiems.',
  'firstContact.notKept': 'Nepavyko užrakinti ir išsaugoti prašymo šiame įrenginyje ({reason}). Tai, ką parašėte, liko; spauskite „Siųsti“ dar kartą.',
  'firstContact.another': 'Siųsti dar vieną prašymą',
  'firstContact.errorsIntro': 'Patikrinkite:',
};

export default lt;
