import { expect } from '@open-wc/testing';
import { builtInTemplates, CASE_EVENT_TYPES, LANGUAGES, parseCaseEvent, type CaseEvent, type CaseEventType, type Language } from '@casepath/core';
import { loadLanguage, loadWords } from './localize.js';
import { staffWords } from './messages.js';
import { consentWords } from '../components/consent/consent-words.js';
import { eventSentence, historyKind, HISTORY_KINDS, indexHistory } from './event-sentence.js';

const template = builtInTemplates['euse-supported-employment'];
const actor = { id: 'w-0193', role: 'job-coach' } as const;
/** A payload for every kind of event, with data (titles, employers) the history must show as typed. */
const payloads: Record<CaseEventType, unknown> = {
  'case.open': { templateId: template.id, templateVersion: 1, providerId: 'p-7' },
  'case.pause': {},
  'case.resume': {},
  'case.close': { outcome: 'employed' },
  'case.reopen': {},
  'consent.grant': { purpose: 'employer-contact' },
  'consent.withdraw': { purpose: 'statistics' },
  'worker.assign': { workerId: 'w-0042', role: 'social-worker' },
  'worker.unassign': { workerId: 'w-0042' },
  'stage.enter': { stage: 'job-finding' },
  'goal.add': { goalId: 'g-1', title: 'Bakery Sun', domain: 'employment', ownerId: 'w-0193', ownerRole: 'job-coach' },
  'goal.achieve': { goalId: 'g-1' },
  'goal.drop': { goalId: 'g-1' },
  'goal.update': { goalId: 'g-1', ownerId: 'w-0042', ownerRole: 'social-worker', due: '2026-09-30' },
  'action.add': { actionId: 'a-1', goalId: 'g-1', title: 'CV Nowak', ownerId: 'w-0193', ownerRole: 'job-coach' },
  'action.done': { actionId: 'a-1' },
  'assessment.record': { assessmentId: 's-1', instrumentId: 'vocational-profile', respondent: 'self' },
  'review.hold': { participants: ['client', 'w-0042'] },
  'support.log': { minutes: 45, mode: 'on-the-job' },
  'job.start': { jobId: 'j-1', employer: 'Bakery Sun', title: 'Baker', hoursPerWeek: 20, openMarket: true },
  'job.end': { jobId: 'j-1', endReason: 'contract-ended' },
  'referral.send': { referralId: 'r-1', to: 'MOPS Wola', service: 'Housing' },
  'referral.accept': { referralId: 'r-1' },
  'referral.decline': { referralId: 'r-1' },
  'referral.complete': { referralId: 'r-1', outcome: 'Flat found' },
  'approval.grant': { subject: 'closure' },
  'approval.refuse': { subject: 'plan' },
  // As replay schedules it: the template activity's id, then the seq of the event it was counted from.
  'activity.done': { activityId: 'retention-check@18' },
  'followup.record': { status: 'job-search', source: 'survey' },
};
const history: CaseEvent[] = CASE_EVENT_TYPES.map((type, seq) =>
  parseCaseEvent({ schemaVersion: 1, id: `e-${seq}`, caseId: 'c-1', seq, at: '2026-03-02T09:00:00.000Z', actor, type, payload: payloads[type] }),
);
const names: Record<string, string> = { 'w-0193': 'Ewa Nowak', 'w-0042': 'Olha Bondar' };
/** What the events carry as data, shown as typed in every language. */
const data = new Set(['bakery', 'sun', 'nowak', 'ewa', 'olha', 'bondar', 'baker', 'mops', 'wola', 'housing', 'flat', 'found', 'euse']);
const ctx = (lang: Language) => ({ lang, template, nameOf: (id: string) => names[id], instrumentTitle: (id: string) => (id === 'vocational-profile' ? `${lang}-vp` : undefined) });
const words = (text: string) => new Set(text.toLowerCase().match(/\p{L}{3,}/gu) ?? []);

describe('history in words', () => {
  before(async () => {
    for (const l of LANGUAGES) await Promise.all([loadLanguage(l), loadWords(staffWords, l), loadWords(consentWords, l)]);
  });

  it('puts every kind of event into a sentence in every language, with names, not ids or event types', () => {
    const index = indexHistory(history);
    const english = new Set(history.flatMap((e) => [...words(eventSentence(e, index, ctx('en')))]));
    for (const lang of LANGUAGES) {
      for (const event of history) {
        const sentence = eventSentence(event, index, ctx(lang));
        const where = `${lang} ${event.type}: ${sentence}`;
        expect(sentence, where).to.contain('Ewa Nowak');
        expect(sentence, where).to.not.match(/w-0\d+|[a-z]+\.[a-z]+|\{|\}|undefined|g-1|a-1|j-1|r-1/);
        if (lang !== 'en') {
          // No English left over, other than the case's own data.
          const leftover = [...words(sentence)].filter((w) => english.has(w) && !data.has(w));
          // Words German or Polish share with English.
          const allowed = new Set(['plan', 'online', 'team', 'person', 'job', 'september']); // German months are English ones
          expect(leftover.filter((w) => !allowed.has(w) || lang === 'ru' || lang === 'uk'), where).to.deep.equal([]);
        }
      }
    }
  });

  it('refers to goals, actions, jobs and referrals by what they were called, and to the template’s own words', () => {
    const index = indexHistory(history);
    const say = (type: CaseEventType, lang: Language = 'en') => eventSentence(history.find((e) => e.type === type)!, index, ctx(lang));
    expect(say('support.log')).to.equal('Ewa Nowak (job coach) recorded 45 minutes of support: at the workplace');
    expect(say('job.end')).to.equal('Ewa Nowak (job coach) recorded that a job ended: Baker, Bakery Sun (the contract ended)');
    expect(say('goal.achieve')).to.equal('Ewa Nowak (job coach) marked a goal as achieved: Bakery Sun');
    expect(say('referral.accept')).to.equal('Ewa Nowak (job coach) recorded that MOPS Wola accepted the referral');
    expect(say('goal.update')).to.equal('Ewa Nowak (job coach) changed a goal: Bakery Sun (now Olha Bondar sees to it, due September 30, 2026)');
    expect(say('worker.assign')).to.equal('Ewa Nowak (job coach) added Olha Bondar to the team as social worker');
    expect(say('activity.done')).to.equal('Ewa Nowak (job coach) recorded as done: One year at work: check in');
    expect(say('review.hold')).to.equal('Ewa Nowak (job coach) held a review with the person, Olha Bondar');
    expect(say('stage.enter', 'pl')).to.equal('Ewa Nowak (trener pracy): sprawa przeszła do etapu „Poszukiwanie pracy”');
    expect(say('support.log', 'ru')).to.equal('Ewa Nowak (наставник на рабочем месте): записано 45 минут поддержки — на рабочем месте');
    expect(say('assessment.record', 'uk')).to.contain('«uk-vp»');
    // A person filling in their own assessment is "the person", not an id.
    const own = { ...history.find((e) => e.type === 'assessment.record')!, actor: { id: 'self-service', role: 'client' } } as CaseEvent;
    expect(eventSentence(own, index, ctx('en'))).to.equal('The person recorded an assessment: en-vp (by the person)');
    expect(eventSentence(own, index, ctx('ru'))).to.equal('Сам человек: записана оценка «ru-vp» (заполнил сам человек)');
  });

  it('sorts every kind of event into one of the history’s filters', () => {
    for (const type of CASE_EVENT_TYPES) expect(HISTORY_KINDS, type).to.include(historyKind(type));
  });
});
