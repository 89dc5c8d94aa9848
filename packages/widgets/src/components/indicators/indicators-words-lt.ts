import type { IndicatorsCatalogue } from './indicators-words-en.js';

const lt: IndicatorsCatalogue = {
  'indicators.title': 'Rodikliai',
  'indicators.noServer': 'Rodikliai skaičiuojami organizacijos serveryje; šis puslapis jo neturi.',
  'indicators.signIn': 'Prisijunkite kaip organizacijos analitikas arba centro koordinatorius ar vadovas, kad matytumėte rodiklius.',
  'indicators.notAllowed': 'Rodiklius mato tik organizacijos analitikai ir centrų koordinatoriai bei vadovai.',
  'indicators.failed': 'Nepavyko gauti rodiklių: {reason}.',
  'indicators.retry': 'Bandyti dar kartą',
  'indicators.cutOff': 'Suskaičiuota iki',
  'indicators.show': 'Rodyti',
  'indicators.cutOffMissing': 'Pasirinkite datą.',
  'indicators.cutOffFuture': 'Pasirinkite šiandienos arba ankstesnę datą.',
  'indicators.nothing': 'Kol kas nėra bylų, kurias būtų galima suskaičiuoti.',
  'indicators.caption': 'Suskaičiuota iki {date}',
  'indicators.leftOut': 'Neįskaičiuota žmonių, nesutikusių būti įtrauktiems į ataskaitas: {count}.',
  'indicators.measure': 'Rodiklis',
  'indicators.all': 'Visi centrai',
  'indicators.people': 'Įskaičiuota žmonių',
  'indicators.placed': 'Gavo darbą',
  'indicators.retained': 'Dirba praėjus {days} d. nuo pirmojo darbo, įskaitant vėl įsidarbinusius',
  'indicators.firstJob': 'Vis dar pirmajame darbe po {days} d.',
  'indicators.daysToJob': 'Dienos iki pirmojo darbo (mediana)',
  'indicators.placementRate': 'Pradėjo dirbti per paskutinius 12 mėnesių',
  'indicators.employedLeaving': 'Dirbo išeidami iš programos (iš išėjusių per paskutinius 12 mėnesių)',
  'indicators.tooFew': 'per mažai duomenų',
  'indicators.intervals': 'Skliausteliuose – 95 % intervalas, kuriame greičiausiai yra tikroji reikšmė.',
  'indicators.download': 'Atsisiųsti rodiklius (CSV)',
  'indicators.downloaded': 'Failas {file} atsisiųstas.',
  'indicators.loaded': 'Rodikliai suskaičiuoti iki {date}.',
};

export default lt;
