import { expect } from '@open-wc/testing';
import { LANGUAGES } from '@casepath/core';
import { english } from './messages.js';
import { loadLanguage, loadWords, msg } from './localize.js';
import { staffWords } from './messages.js';
import { consentWords } from '../components/consent/consent-words.js';
import consentEnglish from '../components/consent/consent-words-en.js';
import staffEnglish from './staff-words-en.js';

describe('languages', () => {
  before(async () => {
    for (const l of LANGUAGES) await Promise.all([loadLanguage(l), loadWords(staffWords, l), loadWords(consentWords, l)]);
  });

  it('has every message in every language', async () => {
    for (const l of LANGUAGES) {
      for (const key of Object.keys(english) as (keyof typeof english)[]) expect(msg(l, key), `${l} ${key}`).to.not.equal('');
      for (const key of Object.keys(staffEnglish) as (keyof typeof staffEnglish)[]) expect(msg(l, key), `${l} ${key}`).to.not.equal('');
      for (const key of Object.keys(consentEnglish) as (keyof typeof consentEnglish)[]) expect(msg(l, key), `${l} ${key}`).to.not.equal('');
    }
  });

  it('chooses plural forms by Intl.PluralRules: 0, 1, 2, 5, 11, 21, 22, 25', () => {
    const counts = [0, 1, 2, 5, 11, 21, 22, 25];
    const forms = (lang: (typeof LANGUAGES)[number]) => counts.map((count) => msg(lang, 'caseload.cases', { count }));
    expect(forms('en')).to.deep.equal(['0 cases', '1 case', '2 cases', '5 cases', '11 cases', '21 cases', '22 cases', '25 cases']);
    expect(forms('ru')).to.deep.equal(['0 дел', '1 дело', '2 дела', '5 дел', '11 дел', '21 дело', '22 дела', '25 дел']);
    expect(forms('uk')).to.deep.equal(['0 справ', '1 справа', '2 справи', '5 справ', '11 справ', '21 справа', '22 справи', '25 справ']);
    expect(forms('pl')).to.deep.equal(['0 spraw', '1 sprawa', '2 sprawy', '5 spraw', '11 spraw', '21 spraw', '22 sprawy', '25 spraw']);
    expect(forms('lt')).to.deep.equal(['0 bylų', '1 byla', '2 bylos', '5 bylos', '11 bylų', '21 byla', '22 bylos', '25 bylos']);
    expect(forms('de')).to.deep.equal(['0 Fälle', '1 Fall', '2 Fälle', '5 Fälle', '11 Fälle', '21 Fälle', '22 Fälle', '25 Fälle']);
  });
});
