import type { FirstContactCatalogue } from './first-contact-words-en.js';

const uk: FirstContactCatalogue = {
  'firstContact.title': 'Попросіть нас про допомогу',
  'firstContact.sealedNote': 'Те, що ви напишете, замикається на цьому пристрої, і прочитати це зможе лише {provider}. Тут нічого не зберігається, доки ви не натиснете «Надіслати».',
  'firstContact.name': 'Як до вас звертатися? (можна не заповнювати)',
  'firstContact.contactLegend': 'Як із вами зв’язатися?',
  'firstContact.way.phone': 'Зателефонуйте мені',
  'firstContact.way.email': 'Напишіть мені листа',
  'firstContact.way.visit': 'Я прийду сам(а)',
  'firstContact.phone': 'Ваш номер телефону',
  'firstContact.email': 'Ваша електронна адреса',
  'firstContact.phoneError': 'Напишіть номер телефону, наприклад +380 67 123 45 67.',
  'firstContact.emailError': 'Напишіть електронну адресу, наприклад name@example.org.',
  'firstContact.helpLegend': 'Яка допомога вам потрібна?',
  'firstContact.helpError': 'Оберіть хоча б одне.',
  'firstContact.accessLegend': 'Чи потрібно вам щось, щоб поговорити з нами або прийти до нас?',
  'firstContact.accessNote': 'Що ще нам варто про це знати',
  'firstContact.message': 'Хочете розповісти нам ще щось?',
  'firstContact.send': 'Надіслати',
  'firstContact.sending': 'Замикаємо й надсилаємо…',
  'firstContact.sent': 'Дякуємо. {provider} отримав ваше прохання і зв’яжеться з вами.',
  'firstContact.sentVisit': 'Дякуємо. {provider} отримав ваше прохання. Приходьте, ми чекаємо.',
  'firstContact.queued': 'Ваше прохання замкнене й збережене на цьому пристрої. Воно піде, коли з’явиться інтернет. Сторінку можна закрити.',
  'firstContact.queuedSent': 'Ваше попереднє прохання дійшло до {provider}.',
  'firstContact.refused': 'Організація не прийняла ваше прохання: {reason} Воно збережене замкненим на цьому пристрої. Зателефонуйте, будь ласка, до організації.',
  'firstContact.unavailable': 'Зараз форма не може зв’язатися з організацією. Спробуйте пізніше або зателефонуйте.',
  'firstContact.noKey': 'Ця організація поки не приймає прохання тут. Зателефонуйте, будь ласка.',
  'firstContact.notKept': 'Не вдалося замкнути й зберегти прохання на цьому пристрої ({reason}). Написане лишилося тут; натисніть «Надіслати» ще раз.',
  'firstContact.another': 'Надіслати ще одне прохання',
  'firstContact.errorsIntro': 'Перевірте, будь ласка:',
};

export default uk;
