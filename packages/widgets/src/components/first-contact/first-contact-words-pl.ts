import type { FirstContactCatalogue } from './first-contact-words-en.js';

const pl: FirstContactCatalogue = {
  'firstContact.title': 'Poproś nas o pomoc',
  'firstContact.sealedNote': 'To, co napiszesz, zostaje zamknięte na tym urządzeniu tak, że przeczyta to tylko {provider}. Nic nie zostaje tu zapisane, dopóki nie naciśniesz „Wyślij”.',
  'firstContact.name': 'Jak mamy się do Ciebie zwracać? (możesz zostawić puste)',
  'firstContact.contactLegend': 'Jak możemy się z Tobą skontaktować?',
  'firstContact.way.phone': 'Zadzwońcie do mnie',
  'firstContact.way.email': 'Napiszcie do mnie e-mail',
  'firstContact.way.visit': 'Przyjdę sam(a)',
  'firstContact.phone': 'Twój numer telefonu',
  'firstContact.email': 'Twój adres e-mail',
  'firstContact.phoneError': 'Wpisz numer telefonu, na przykład +48 601 234 567.',
  'firstContact.emailError': 'Wpisz adres e-mail, na przykład imie@example.org.',
  'firstContact.helpLegend': 'Jakiej pomocy szukasz?',
  'firstContact.helpError': 'Wybierz co najmniej jedno.',
  'firstContact.accessLegend': 'Czy potrzebujesz czegoś, żeby z nami porozmawiać albo do nas przyjść?',
  'firstContact.accessNote': 'Co jeszcze powinniśmy o tym wiedzieć',
  'firstContact.message': 'Czy chcesz nam powiedzieć coś jeszcze?',
  'firstContact.send': 'Wyślij',
  'firstContact.sending': 'Zamykamy i wysyłamy…',
  'firstContact.sent': 'Dziękujemy. {provider} ma Twoją prośbę i skontaktuje się z Tobą.',
  'firstContact.sentVisit': 'Dziękujemy. {provider} ma Twoją prośbę. Zapraszamy.',
  'firstContact.queued': 'Twoja prośba jest zamknięta i zapisana na tym urządzeniu. Zostanie wysłana, gdy znów będziesz w sieci. Możesz zamknąć stronę.',
  'firstContact.queuedSent': 'Twoja wcześniejsza prośba dotarła do: {provider}.',
  'firstContact.refused': 'Organizacja nie przyjęła prośby: {reason} Jest zapisana, zamknięta, na tym urządzeniu. Zadzwoń do nich.',
  'firstContact.unavailable': 'Formularz nie może teraz połączyć się z organizacją. Spróbuj później albo zadzwoń.',
  'firstContact.noKey': 'Ta organizacja nie przyjmuje jeszcze tutaj próśb. Zadzwoń do nich.',
  'firstContact.notKept': 'Nie udało się zamknąć i zapisać prośby na tym urządzeniu ({reason}). To, co napisano, zostało; naciśnij „Wyślij” jeszcze raz.',
  'firstContact.another': 'Wyślij kolejną prośbę',
  'firstContact.errorsIntro': 'Sprawdź:',
};

export default pl;
