import type { HandOverCatalogue } from './hand-over-words-en.js';

const de: HandOverCatalogue = {
  'handOver.start': 'Das Gerät der Person geben',
  'handOver.hintSignIn': 'Die Person sieht nur ihren eigenen Plan und ihre Ziele, in einfachen Worten, und kann ihre eigene Einschätzung ausfüllen. Um das Gerät zurückzunehmen, geben Sie Ihr Passwort erneut ein.',
  'handOver.hintCode': 'Die Person sieht nur ihren eigenen Plan und ihre Ziele, in einfachen Worten, und kann ihre eigene Einschätzung ausfüllen. Wählen Sie einen Code, mit dem Sie das Gerät zurücknehmen.',
  'handOver.hintSignInAndCode': 'Die Person sieht nur ihren eigenen Plan und ihre Ziele, in einfachen Worten, und kann ihre eigene Einschätzung ausfüllen. Um das Gerät zurückzunehmen, geben Sie Ihr Passwort erneut ein. Ohne Verbindung kann dieses Gerät Ihr Passwort nicht prüfen; wählen Sie deshalb auch einen Code, mit dem Sie es dann zurücknehmen.',
  'handOver.chooseCode': 'Ihr Code zum Zurücknehmen (4 bis 8 Ziffern)',
  'handOver.codeInvalid': 'Schreiben Sie 4 bis 8 Ziffern.',
  'handOver.title': 'Dein Plan',
  'handOver.now': 'Wo du jetzt bist: {stage}',
  'handOver.goals': 'Deine Ziele',
  'handOver.done': 'erledigt',
  'handOver.giveBack': 'Das Gerät zurückgeben',
  'handOver.askCode': '{name}: Schreiben Sie Ihren Code, um das Gerät zurückzunehmen.',
  'handOver.askSignIn': '{name}: Geben Sie Ihr Passwort ein, um das Gerät zurückzunehmen.',
  'handOver.code': 'Code',
  'handOver.totp': 'Code aus Ihrer Authentifizierungs-App, falls Sie eine nutzen',
  'handOver.takeBack': 'Das Gerät zurücknehmen',
  'handOver.wrong': 'Das stimmt nicht. Das Gerät bleibt bei der Person.',
  'handOver.cannotCheck': 'Ihr Passwort kann hier nicht geprüft werden: Der Server kann es nicht bestätigen (keine Verbindung, oder Ihre Sitzung ist abgelaufen), und die Daten auf diesem Gerät sind nicht damit verschlossen. Das Gerät bleibt bei der Person; versuchen Sie es wieder, sobald eine Verbindung besteht.',
  'handOver.useCode': 'Der Server kann Ihr Passwort gerade nicht bestätigen. Schreiben Sie stattdessen den Code, den Sie gewählt haben.',
};

export default de;
