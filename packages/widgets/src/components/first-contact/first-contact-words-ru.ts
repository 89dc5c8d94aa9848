import type { FirstContactCatalogue } from './first-contact-words-en.js';

const ru: FirstContactCatalogue = {
  'firstContact.title': 'Попросите нас о помощи',
  'firstContact.sealedNote': 'То, что вы напишете, запирается на этом устройстве, и прочитать это сможет только {provider}. Здесь ничего не сохраняется, пока вы не нажмёте «Отправить».',
  'firstContact.name': 'Как к вам обращаться? (можно не заполнять)',
  'firstContact.contactLegend': 'Как с вами связаться?',
  'firstContact.way.phone': 'Позвоните мне',
  'firstContact.way.email': 'Напишите мне письмо',
  'firstContact.way.visit': 'Я приду сам(а)',
  'firstContact.phone': 'Ваш номер телефона',
  'firstContact.email': 'Ваш адрес электронной почты',
  'firstContact.phoneError': 'Напишите номер телефона, например +7 912 345 67 89.',
  'firstContact.emailError': 'Напишите адрес почты, например name@example.org.',
  'firstContact.helpLegend': 'Какая помощь вам нужна?',
  'firstContact.helpError': 'Выберите хотя бы одно.',
  'firstContact.accessLegend': 'Нужно ли вам что-то, чтобы поговорить с нами или прийти к нам?',
  'firstContact.accessNote': 'Что ещё нам стоит об этом знать',
  'firstContact.message': 'Хотите рассказать нам что-то ещё?',
  'firstContact.send': 'Отправить',
  'firstContact.sending': 'Запираем и отправляем…',
  'firstContact.sent': 'Спасибо. {provider} получил вашу просьбу и свяжется с вами.',
  'firstContact.sentVisit': 'Спасибо. {provider} получил вашу просьбу. Приходите, мы вас ждём.',
  'firstContact.queued': 'Ваша просьба заперта и сохранена на этом устройстве. Она уйдёт, когда появится интернет. Страницу можно закрыть.',
  'firstContact.queuedSent': 'Ваша прежняя просьба дошла до {provider}.',
  'firstContact.refused': 'Организация не приняла вашу просьбу: {reason} Она сохранена запертой на этом устройстве. Позвоните, пожалуйста, в организацию.',
  'firstContact.unavailable': 'Сейчас форма не может связаться с организацией. Попробуйте позже или позвоните.',
  'firstContact.noKey': 'Эта организация пока не принимает просьбы здесь. Позвоните, пожалуйста.',
  'firstContact.notKept': 'Не удалось запереть и сохранить просьбу на этом устройстве ({reason}). Написанное осталось здесь; нажмите «Отправить» ещё раз.',
  'firstContact.another': 'Отправить ещё одну просьбу',
  'firstContact.errorsIntro': 'Проверьте, пожалуйста:',
};

export default ru;
