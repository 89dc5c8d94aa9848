import type { HandOverCatalogue } from './hand-over-words-en.js';

const pl: HandOverCatalogue = {
  'handOver.start': 'Przekaż urządzenie tej osobie',
  'handOver.hintSignIn': 'Osoba zobaczy tylko swój plan i swoje cele, prostymi słowami, i sama wypełni swoją ocenę. Aby odebrać urządzenie, wpiszesz ponownie swoje hasło.',
  'handOver.hintCode': 'Osoba zobaczy tylko swój plan i swoje cele, prostymi słowami, i sama wypełni swoją ocenę. Wybierz kod, którym odbierzesz urządzenie.',
  'handOver.hintSignInAndCode': 'Osoba zobaczy tylko swój plan i swoje cele, prostymi słowami, i sama wypełni swoją ocenę. Aby odebrać urządzenie, wpiszesz ponownie swoje hasło. To urządzenie nie sprawdzi hasła bez połączenia, więc wybierz też kod, którym odbierzesz urządzenie, gdy połączenia nie będzie.',
  'handOver.chooseCode': 'Twój kod do odebrania urządzenia (od 4 do 8 cyfr)',
  'handOver.codeInvalid': 'Wpisz od 4 do 8 cyfr.',
  'handOver.title': 'Twój plan',
  'handOver.now': 'Gdzie jesteś teraz: {stage}',
  'handOver.goals': 'Twoje cele',
  'handOver.done': 'zrobione',
  'handOver.giveBack': 'Oddaj urządzenie',
  'handOver.askCode': '{name}: wpisz swój kod, aby odebrać urządzenie.',
  'handOver.askSignIn': '{name}: wpisz swoje hasło, aby odebrać urządzenie.',
  'handOver.code': 'Kod',
  'handOver.totp': 'Kod z aplikacji uwierzytelniającej, jeśli jej używasz',
  'handOver.takeBack': 'Odbierz urządzenie',
  'handOver.wrong': 'To się nie zgadza. Urządzenie zostaje u tej osoby.',
  'handOver.cannotCheck': 'Nie da się tu sprawdzić hasła: serwer nie może go potwierdzić (brak połączenia albo Twoja sesja się skończyła), a zapisy na tym urządzeniu nie są nim zamknięte. Urządzenie zostaje u tej osoby; spróbuj ponownie, gdy będzie połączenie.',
  'handOver.useCode': 'Serwer nie może teraz potwierdzić hasła. Wpisz zamiast niego wybrany kod.',
};

export default pl;
