import { expect } from '@open-wc/testing';
import { LANGUAGES, type Language } from '@casepath/core';
import { history, mountWorkspace } from './workspace.test-helper.js';
import type { CasepathElement } from '../../internal/casepath-element.js';
import '../support-plan/cp-support-plan.js';
import '../goals/cp-goals.js';
import '../support-log/cp-support-log.js';
import '../employment/cp-employment.js';
import '../review/cp-review.js';
import '../case-lifecycle/cp-case-lifecycle.js';
import '../referrals/cp-referrals.js';
import '../team/cp-team.js';
import '../hand-over/cp-hand-over.js';
import '../caseload/cp-caseload.js';
import '../consent/cp-consent.js';
import '../distance-travelled/cp-distance-travelled.js';
import '../needs-assessment/cp-needs-assessment.js';
import '../sync/cp-sync.js';

/** A case with something in every part of the workspace. */
const busyCase = history(undefined, (b) =>
  b
    .add('consent.grant', { purpose: 'data-sharing' })
    .add('goal.add', { goalId: 'g1', title: 'Bakery Sun', domain: 'employment', ownerId: 'ewa', ownerRole: 'job-coach', due: '2026-02-01' })
    .add('action.add', { actionId: 'a1', goalId: 'g1', title: 'CV Nowak', ownerId: 'ewa', ownerRole: 'job-coach' })
    .after(3)
    .add('support.log', { minutes: 600, mode: 'on-the-job' })
    .after(7)
    .add('support.log', { minutes: 60, mode: 'remote' })
    .after(7)
    .add('support.log', { minutes: 300, mode: 'off-the-job' })
    .add('job.start', { jobId: 'j1', employer: 'Bakery Sun', title: 'Baker', hoursPerWeek: 20, openMarket: true })
    .after(5)
    .add('job.end', { jobId: 'j1', endReason: 'contract-ended' })
    .add('job.start', { jobId: 'j2', employer: 'Cafe Lokal', openMarket: false })
    .add('referral.send', { referralId: 'r1', to: 'MOPS Wola', service: 'Housing' })
    .add('referral.accept', { referralId: 'r1' })
    .add('review.hold', { participants: ['client', 'ewa'] }, 'Trial days agreed'),
);
/** What the case holds as typed, shown as it is in every language. */
const data = new Set(['worker', 'bakery', 'sun', 'nowak', 'ewa', 'baker', 'cafe', 'lokal', 'mops', 'wola', 'housing', 'trial', 'days', 'agreed', 'euse']);
/** Words a language writes as English does (German "was" is "what"). */
const SHARED: Partial<Record<Language, Set<string>>> = {
  de: new Set(['plan', 'online', 'team', 'person', 'was', 'organisation', 'min', 'job', 'code', 'motivation']),
  pl: new Set(['plan', 'online', 'min']),
  lt: new Set(['min']),
};
const TAGS = [
  'cp-support-plan',
  'cp-goals',
  'cp-support-log',
  'cp-employment',
  'cp-review',
  'cp-case-lifecycle',
  'cp-referrals',
  'cp-team',
  'cp-hand-over',
  'cp-caseload',
  'cp-consent',
  'cp-distance-travelled',
  'cp-needs-assessment',
  'cp-sync',
];

/** Everything a person perceives: text, and the names and descriptions given in attributes. */
function perceived(el: Element): string {
  const root = el.shadowRoot!;
  const attrs = [...root.querySelectorAll('[aria-label], [title], [placeholder]')].map((n) => ['aria-label', 'title', 'placeholder'].map((a) => n.getAttribute(a) ?? '').join(' '));
  const options = [...root.querySelectorAll('option')].map((o) => o.textContent);
  return [root.textContent, ...attrs, ...options].join(' ').replace(/\s+/g, ' ');
}
const words = (text: string) => new Set(text.toLowerCase().match(/\p{L}{3,}/gu) ?? []);

describe('every staff widget in every language', () => {
  for (const tag of TAGS) {
    it(`<${tag}> shows no key, placeholder, id, event type or English word in another language`, async () => {
      const rendered = new Map<Language, string>();
      for (const lang of LANGUAGES) {
        const { el } = await mountWorkspace<CasepathElement>(tag, busyCase, { lang });
        rendered.set(lang, perceived(el));
        el.remove();
      }
      const english = words(rendered.get('en')!);
      for (const [lang, text] of rendered) {
        const where = `${tag} in ${lang}: ${text}`;
        expect(text, where).not.to.match(/\{[a-z]+\}|undefined|null|NaN|\[object/);
        // A message key (`goals.title`), an event type (`job.start`) or an id (`g1`, `retention-check@7`).
        expect(text, where).not.to.match(/\b[a-z]+\.[a-z][\w.-]*\b|\b[gajr]\d\b|@\d/);
        if (lang === 'en') continue;
        const leftover = [...words(text)].filter((w) => english.has(w) && !data.has(w) && !SHARED[lang]?.has(w));
        expect(leftover, where).to.deep.equal([]);
      }
    });
  }
});
