import type { FirstContactCatalogue } from './first-contact-words-en.js';

const de: FirstContactCatalogue = {
  'firstContact.title': 'Bitten Sie uns um Hilfe',
  'firstContact.sealedNote': 'Was Sie schreiben, wird auf diesem Gerät verschlossen, sodass nur {provider} es lesen kann. Hier wird nichts gespeichert, bevor Sie auf „Senden“ drücken.',
  'firstContact.name': 'Wie sollen wir Sie ansprechen? (Sie können das leer lassen)',
  'firstContact.contactLegend': 'Wie erreichen wir Sie?',
  'firstContact.way.phone': 'Rufen Sie mich an',
  'firstContact.way.email': 'Schreiben Sie mir eine E-Mail',
  'firstContact.way.visit': 'Ich komme vorbei',
  'firstContact.phone': 'Ihre Telefonnummer',
  'firstContact.email': 'Ihre E-Mail-Adresse',
  'firstContact.phoneError': 'Bitte schreiben Sie eine Telefonnummer, zum Beispiel +49 151 2345678.',
  'firstContact.emailError': 'Bitte schreiben Sie eine E-Mail-Adresse, zum Beispiel name@example.org.',
  'firstContact.helpLegend': 'Welche Hilfe suchen Sie?',
  'firstContact.helpError': 'Bitte wählen Sie mindestens eins.',
  'firstContact.accessLegend': 'Brauchen Sie etwas, um mit uns zu sprechen oder zu uns zu kommen?',
  'firstContact.accessNote': 'Was wir sonst noch dazu wissen sollten',
  'firstContact.message': 'Möchten Sie uns noch etwas sagen?',
  'firstContact.send': 'Senden',
  'firstContact.sending': 'Wird verschlossen und gesendet…',
  'firstContact.sent': 'Danke. {provider} hat Ihre Bitte und meldet sich bei Ihnen.',
  'firstContact.sentVisit': 'Danke. {provider} hat Ihre Bitte. Kommen Sie gern vorbei.',
  'firstContact.queued': 'Ihre Bitte ist verschlossen und auf diesem Gerät gespeichert. Sie wird gesendet, sobald Sie wieder online sind. Sie können die Seite schließen.',
  'firstContact.queuedSent': 'Ihre frühere Bitte ist jetzt bei {provider} angekommen.',
  'firstContact.refused': 'Die Organisation hat Ihre Bitte nicht angenommen: {reason} Sie bleibt verschlossen auf diesem Gerät. Bitte rufen Sie dort an.',
  'firstContact.unavailable': 'Das Formular erreicht die Organisation gerade nicht. Bitte versuchen Sie es später oder rufen Sie an.',
  'firstContact.noKey': 'Diese Organisation nimmt hier noch keine Anfragen an. Bitte rufen Sie dort an.',
  'firstContact.notKept': 'Ihre Bitte konnte auf diesem Gerät nicht verschlossen und gespeichert werden ({reason}). Was Sie geschrieben haben, ist noch da; drücken Sie erneut auf „Senden“.',
  'firstContact.another': 'Noch eine Bitte senden',
  'firstContact.errorsIntro': 'Bitte prüfen Sie:',
};

export default de;
