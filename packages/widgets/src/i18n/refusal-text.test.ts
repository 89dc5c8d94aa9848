import { expect } from '@open-wc/testing';
import { builtInTemplates, explainRefusal, LANGUAGES, type RefusalCode, type RefusalReason } from '@casepath/core';
import { loadLanguage, loadWords } from './localize.js';
import { staffWords } from './messages.js';
import { refusalText } from './refusal-text.js';

const euse = builtInTemplates['euse-supported-employment'];
const at = '2026-03-06T08:30:00.000Z';
const since = '2026-03-09T10:00:00.000Z';

/** One refusal of every code: the type makes a new code fail to compile here until it has a sample. */
const samples: { [K in RefusalCode]: Extract<RefusalReason, { code: K }> } = {
  'case-mismatch': { code: 'case-mismatch', caseId: 'c2', expected: 'c1' },
  sequence: { code: 'sequence', seq: 3, lastSeq: 5 },
  'dated-before-open': { code: 'dated-before-open', at, openedAt: since },
  'dated-before': { code: 'dated-before', at, since, what: 'job-started', id: 'j1', title: 'Piekarnia Zebra' },
  'template-mismatch': { code: 'template-mismatch', templateId: 'a', templateVersion: 1, givenId: 'b', givenVersion: 2 },
  'consent-not-granted': { code: 'consent-not-granted', purpose: 'data-sharing' },
  'worker-already-assigned': { code: 'worker-already-assigned', workerId: 'anna', role: 'job-coach' },
  'worker-not-assigned': { code: 'worker-not-assigned', workerId: 'anna' },
  'duplicate-id': { code: 'duplicate-id', thing: 'goal', id: 'g1' },
  'unknown-goal-domain': { code: 'unknown-goal-domain', domain: 'x', templateId: euse.id, domains: ['employment'] },
  'owner-incomplete': { code: 'owner-incomplete' },
  'nothing-to-change': { code: 'nothing-to-change' },
  'not-found': { code: 'not-found', thing: 'action', id: 'a9' },
  'action-goal-missing': { code: 'action-goal-missing', goalId: 'g9' },
  'goal-not-open': { code: 'goal-not-open', goalId: 'g1', title: 'Praca w piekarni', status: 'achieved', change: 'close' },
  'action-done': { code: 'action-done', actionId: 'a1', title: 'Odwiedzić dwie piekarnie' },
  'job-ended': { code: 'job-ended', jobId: 'j1', employer: 'Piekarnia Zebra', endedAt: since },
  'referral-status': { code: 'referral-status', referralId: 'r1', to: 'Centrum Integracji', status: 'declined', needed: 'sent', change: 'accept' },
  'approver-role': { code: 'approver-role', subject: 'plan', role: 'job-coach' },
  'activity-done': { code: 'activity-done', activityId: 'x@1' },
  'already-opened': { code: 'already-opened' },
  'not-opened': { code: 'not-opened' },
  'case-closed': { code: 'case-closed', outcome: 'employed' },
  'follow-up-while-open': { code: 'follow-up-while-open' },
  'not-closed': { code: 'not-closed' },
  'already-paused': { code: 'already-paused' },
  'not-paused': { code: 'not-paused' },
  'case-paused': { code: 'case-paused', eventType: 'support.log' },
  'unknown-outcome': { code: 'unknown-outcome', outcome: 'x', templateId: euse.id, outcomes: ['employed'] },
  'unknown-stage': { code: 'unknown-stage', stage: 'x', templateId: euse.id },
  'transition-not-allowed': { code: 'transition-not-allowed', from: 'engagement', to: 'job-finding', allowed: ['vocational-profiling'] },
  'requirements-unmet': { code: 'requirements-unmet', target: { close: 'employed' }, requirements: [{ kind: 'job-held' }] },
  'in-future': { code: 'in-future', at: since, now: at },
  'stale-view': { code: 'stale-view', baseSeq: 9, headSeq: 4 },
  'machine-refused': { code: 'machine-refused' },
};
/** What only a faulty page can cause: said as a fault, with core's English for whoever fixes it. */
const FAULTS = new Set<RefusalCode>(['case-mismatch', 'sequence', 'template-mismatch', 'duplicate-id', 'unknown-goal-domain', 'owner-incomplete', 'nothing-to-change', 'not-found', 'action-goal-missing', 'already-opened', 'not-opened', 'unknown-outcome', 'unknown-stage', 'machine-refused']);

const say = (r: RefusalReason, lang: (typeof LANGUAGES)[number]) => refusalText(r, explainRefusal(r), { lang, template: euse, nameOf: (id) => ({ anna: 'Anna Lis' })[id] });

describe('refusalText', () => {
  before(async () => {
    for (const l of LANGUAGES) await Promise.all([loadLanguage(l), loadWords(staffWords, l)]);
  });

  it('says every refusal in every language, every placeholder filled, with titles and names rather than ids', () => {
    for (const lang of LANGUAGES) {
      for (const r of Object.values(samples) as RefusalReason[]) {
        const text = say(r, lang);
        expect(text, `${lang} ${r.code}`).to.be.a('string').and.not.equal('');
        expect(text, `${lang} ${r.code}`).not.to.match(/\{\w+\}/);
        if (FAULTS.has(r.code)) expect(text, `${lang} ${r.code}`).to.include(explainRefusal(r));
        // Said in the language, not core's English in a frame.
        else if (lang !== 'en') expect(text, `${lang} ${r.code}`).not.to.include(explainRefusal(r));
      }
      expect(say(samples['goal-not-open'], lang)).to.include('Praca w piekarni').and.not.include('g1');
      expect(say(samples['worker-not-assigned'], lang)).to.include('Anna Lis');
      expect(say(samples['job-ended'], lang)).to.include('Piekarnia Zebra');
    }
  });

  it('names stages and outcomes by their titles, what is missing as the plan says it, and two times of one day apart', () => {
    expect(say(samples['transition-not-allowed'], 'en')).to.equal('the plan does not allow moving from “Client engagement” to “Job finding”');
    expect(say(samples['requirements-unmet'], 'pl')).to.match(/^sprawy nie można zamknąć z wynikiem „.+”: osoba nie ma pracy$/);
    const sameDay = say({ code: 'dated-before-open', at: '2026-01-05T08:00:00.000Z', openedAt: '2026-01-05T09:00:00.000Z' }, 'de')!;
    const [first, second] = [...sameDay.matchAll(/\d{1,2}:\d{2}/g)].map((m) => m[0]);
    expect(first, sameDay).to.be.a('string');
    expect(first).not.to.equal(second);
  });

  it('leaves what is missing to core’s English when the page does not have the case’s template', () => {
    expect(refusalText(samples['requirements-unmet'], 'x', { lang: 'pl', template: null, nameOf: () => undefined })).to.equal(null);
  });
});
