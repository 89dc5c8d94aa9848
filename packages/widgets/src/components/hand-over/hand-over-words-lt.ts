import type { HandOverCatalogue } from './hand-over-words-en.js';

const lt: HandOverCatalogue = {
  'handOver.start': 'Perduoti įrenginį žmogui',
  'handOver.hintSignIn': 'Žmogus matys tik savo planą ir tikslus paprastais žodžiais ir galės pats užpildyti savo vertinimą. Kad atsiimtumėte įrenginį, dar kartą įveskite savo slaptažodį.',
  'handOver.hintCode': 'Žmogus matys tik savo planą ir tikslus paprastais žodžiais ir galės pats užpildyti savo vertinimą. Pasirinkite kodą, kuriuo atsiimsite įrenginį.',
  'handOver.hintSignInAndCode': 'Žmogus matys tik savo planą ir tikslus paprastais žodžiais ir galės pats užpildyti savo vertinimą. Kad atsiimtumėte įrenginį, dar kartą įveskite savo slaptažodį. Be ryšio šis įrenginys slaptažodžio patikrinti negali, todėl pasirinkite ir kodą, kuriuo atsiimsite įrenginį, jei ryšio nebus.',
  'handOver.chooseCode': 'Jūsų kodas įrenginiui atsiimti (nuo 4 iki 8 skaitmenų)',
  'handOver.codeInvalid': 'Įrašykite nuo 4 iki 8 skaitmenų.',
  'handOver.title': 'Jūsų planas',
  'handOver.now': 'Kur esate dabar: {stage}',
  'handOver.goals': 'Jūsų tikslai',
  'handOver.done': 'atlikta',
  'handOver.giveBack': 'Grąžinti įrenginį',
  'handOver.askCode': '{name}: įrašykite savo kodą, kad atsiimtumėte įrenginį.',
  'handOver.askSignIn': '{name}: įveskite savo slaptažodį, kad atsiimtumėte įrenginį.',
  'handOver.code': 'Kodas',
  'handOver.totp': 'Kodas iš autentifikavimo programėlės, jei ja naudojatės',
  'handOver.takeBack': 'Atsiimti įrenginį',
  'handOver.wrong': 'Neteisingai. Įrenginys lieka pas žmogų.',
  'handOver.cannotCheck': 'Slaptažodžio čia patikrinti nepavyksta: serveris negali jo patvirtinti (nėra ryšio arba jūsų sesija baigėsi), o šio įrenginio įrašai juo neužrakinti. Įrenginys lieka pas žmogų; bandykite dar kartą, kai bus ryšys.',
  'handOver.useCode': 'Serveris dabar negali patvirtinti slaptažodžio. Vietoj jo įrašykite pasirinktą kodą.',
};

export default lt;
