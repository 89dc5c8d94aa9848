import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { until } from '../../internal/until.test-support.js';
import { untilShown } from '../../internal/until-shown.test-support.js';
import { deleteDB } from 'idb';
import { builtInTemplates, replay } from '@casepath/core';
import { CaseHistoryBuilder } from '@casepath/core/testing';
import { MemoryCaseStore } from '../../storage/memory-case-store.js';
import { databaseName, IdbCaseStore, openCasepathDB } from '../../storage/idb-case-store.js';
import '../needs-assessment/cp-needs-assessment.js';
import type { CpNeedsAssessment } from '../needs-assessment/needs-assessment.js';
import type { CpStageChangedEvent } from '../../events/stage-events.js';
import type { CpSupportPlan } from './support-plan.js';
import { setSignedIn } from '../../internal/signed-in.js';
import './cp-support-plan.js';

const t = builtInTemplates['euse-supported-employment'];
const $ = <T extends Element>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel)!;

async function mount(withConsent: boolean) {
  const store = new MemoryCaseStore();
  const b = new CaseHistoryBuilder('c1', '2026-01-05T09:00:00Z')
    .add('case.open', { templateId: t.id, templateVersion: 1, providerId: 'p' })
    .add('goal.add', { goalId: 'g1', title: 'Work in a bakery', domain: 'employment', ownerId: 'ewa', ownerRole: 'coordinator', due: '2026-06-30' });
  if (withConsent) b.add('consent.grant', { purpose: 'service' });
  await store.importEvents(b.build());
  const el = await fixture<CpSupportPlan>(html`<cp-support-plan case-id="c1" actor-id="ewa" .store=${store}></cp-support-plan>`);
  await el.updateComplete; // waits for the case to be read from the store
  return { el, store };
}

describe('<cp-support-plan>', () => {
  it('is accessible', async () => {
    const { el } = await mount(false);
    await expect(el).to.be.accessible();
  });

  it('shows the stages with the current one marked, goals with owners and due dates, and the next review', async () => {
    const { el } = await mount(false);
    const current = $(el, '[aria-current="step"]');
    expect(current.textContent).to.equal('Client engagement');
    expect(el.shadowRoot!.querySelectorAll('ol[part="stepper"] li')).to.have.length(6);
    expect($(el, 'section[aria-labelledby="goals"] li').textContent).to.match(/Work in a bakery.*Owner: ewa.*Due June 30, 2026/s);
    expect($(el, 'section[aria-labelledby="review"] p').textContent).to.equal('February 4, 2026');
    expect($(el, 'section[aria-labelledby="goals"] p').textContent).to.equal('None yet'); // no actions yet
  });

  it('explains why a move is not open yet', async () => {
    const { el } = await mount(false);
    const button = $<HTMLButtonElement>(el, '.transitions button');
    expect(button.disabled).to.equal(true);
    const why = el.shadowRoot!.getElementById(button.getAttribute('aria-describedby')!)!;
    expect(why.textContent).to.contain('the person has not given their consent to keep their details and help them');
  });

  it('on a page with a server, offers no move before a worker signs in, and offers them once one has', async () => {
    const sync = document.createElement('cp-sync'); // its code not loaded: found by its tag
    sync.setAttribute('server', '');
    document.body.append(sync);
    try {
      const { el, store } = await mount(true);
      const buttons = () => el.shadowRoot!.querySelectorAll('.transitions button').length;
      expect(buttons()).to.equal(0);
      expect(el.shadowRoot!.querySelector('#reason')).to.equal(null);
      expect($(el, 'section[aria-labelledby="moves"] p.hint').textContent).to.equal('Only a worker signed in on this page moves the plan on.');
      // No empty space where the moves would be: no row of them, and the alert's place takes none.
      expect(el.shadowRoot!.querySelector('.transitions')).to.equal(null);
      const alert = $(el, 'section[aria-labelledby="moves"] p.error');
      expect([alert.getBoundingClientRect().height, getComputedStyle(alert).marginTop, getComputedStyle(alert).marginBottom]).to.deep.equal([0, '0px', '0px']);
      await expect(el).to.be.accessible();
      setSignedIn('default', { id: 'anna', role: 'job-coach' });
      await el.updateComplete;
      expect(buttons()).to.be.above(0);
      expect(el.shadowRoot!.querySelector('p.hint')).to.equal(null);
      setSignedIn('default', null); // signed out: none again
      await el.updateComplete;
      expect(buttons()).to.equal(0);
      expect(await store.events('c1')).to.have.length(3);
    } finally {
      sync.remove();
      setSignedIn('default', null);
    }
  });

  it('moves the case with a reason, storing a stage.enter event after a cancelable cp-stage-change', async () => {
    const { el, store } = await mount(true);
    const reason = $<HTMLInputElement>(el, '#reason');
    reason.value = 'Consent given at the first meeting';
    reason.dispatchEvent(new Event('input'));
    const changed = oneEvent(el, 'cp-stage-changed');
    $<HTMLButtonElement>(el, '.transitions button').click();
    const { detail } = (await changed) as CpStageChangedEvent;
    expect(detail).to.include({ from: 'engagement', to: 'vocational-profiling' });
    const { state } = replay(t, await store.events('c1'));
    expect(state.stage).to.equal('vocational-profiling');
    expect(state.history[state.history.length - 1]!.reason).to.equal('Consent given at the first meeting');
    expect($(el, '[aria-current="step"]').textContent).to.equal('Vocational profiling'); // shown by the time it is announced
    expect($(el, 'section[aria-labelledby="history"] li').textContent).to.contain('Consent given at the first meeting');
  });

  it('follows changes made in another widget on the page', async () => {
    const { el, store } = await mount(false);
    await store.importEvents([{ schemaVersion: 1, id: 'c1-e2', caseId: 'c1', seq: 2, type: 'consent.grant', at: '2026-01-06T09:00:00.000Z', actor: { id: 'x', role: 'client' }, payload: { purpose: 'service' } }]);
    await el.updateComplete;
    expect($<HTMLButtonElement>(el, '.transitions button').disabled).to.equal(false);
  });
});

describe('<cp-support-plan> and the store: what is shown is what is stored', () => {
  let org = '';
  const stores: IdbCaseStore[] = [];
  beforeEach(() => {
    org = `plan-${Math.random().toString(36).slice(2)}`;
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    await deleteDB(databaseName(org));
  });
  const idb = (factory?: ConstructorParameters<typeof IdbCaseStore>[1]) => {
    const s = new IdbCaseStore(org, factory);
    stores.push(s);
    return s;
  };
  const withConsent = () =>
    new CaseHistoryBuilder('c1', '2026-01-05T09:00:00Z')
      .add('case.open', { templateId: t.id, templateVersion: 1, providerId: 'p' })
      .add('consent.grant', { purpose: 'service' })
      .build();
  const stage = (el: Element) => el.shadowRoot!.querySelector('[aria-current="step"]')?.textContent;
  const error = (el: Element) => el.shadowRoot!.querySelector('.error')?.textContent ?? '';

  it('leaves the view unchanged when the device does not store the move, and says it is not saved yet', async () => {
    let fail = false;
    const store = idb(() => (fail ? Promise.reject(new DOMException('full', 'QuotaExceededError')) : openCasepathDB(org)));
    await store.importEvents(withConsent());
    const el = await fixture<CpSupportPlan>(html`<cp-support-plan case-id="c1" .store=${store}></cp-support-plan>`);
    await el.updateComplete;
    await store.close();
    fail = true;
    let announced = false;
    el.addEventListener('cp-stage-changed', () => (announced = true));
    // The status line is on the page, empty, before anything is said in it: a screen reader
    // hears what comes into a live region it already knows, not one added with its words.
    const line = $<HTMLElement>(el, '[role="status"].message');
    expect(line.textContent).to.equal('');
    $<HTMLButtonElement>(el, '.transitions button').click();
    await untilShown(el, () => error(el) !== '', 'the person is told');
    expect(error(el)).to.contain('Not saved yet');
    expect(stage(el)).to.equal('Client engagement'); // the machine did not advance on an unsaved move
    // Reading the case again fails as well; what the person must know (kept, do not close) stays said.
    await (el as unknown as { reread(): Promise<void> }).reread();
    await el.updateComplete;
    expect(error(el)).to.contain('Not saved yet');
    expect(announced).to.equal(false);
    fail = false;
    await store.flush();
    await el.updateComplete;
    expect(stage(el)).to.equal('Vocational profiling'); // stored on retry, then shown
    expect(error(el), 'no longer said to be unsaved').to.equal('');
    expect(el.shadowRoot!.querySelector('[role="status"].message')?.textContent).to.equal('Saved now: what this device had kept in memory is stored.');
    expect(el.shadowRoot!.querySelector('[role="status"].message'), 'said in the line that was there').to.equal(line);
    expect((await idb().events('c1')).map((e) => e.type)).to.deep.equal(['case.open', 'consent.grant', 'stage.enter']);
  });

  it('two plans on one page moving the case at the same moment: one move is stored, the other is refused and says who moved it', async () => {
    const store = idb();
    await store.importEvents(withConsent());
    const a = await fixture<CpSupportPlan>(html`<cp-support-plan case-id="c1" actor-id="ewa" .store=${store}></cp-support-plan>`);
    const b = await fixture<CpSupportPlan>(html`<cp-support-plan case-id="c1" actor-id="jan" .store=${store}></cp-support-plan>`);
    await a.updateComplete;
    await b.updateComplete;
    $<HTMLButtonElement>(a, '.transitions button').click();
    $<HTMLButtonElement>(b, '.transitions button').click();
    await until(() => error(a) !== '' || error(b) !== '', 'one of them is refused');
    await a.updateComplete;
    await b.updateComplete;
    const stored = await store.events('c1');
    const moves = stored.filter((e) => e.type === 'stage.enter');
    expect(moves).to.have.length(1);
    const [loser, winner] = error(a) ? [a, moves[0]!.actor.id] : [b, moves[0]!.actor.id];
    expect(error(loser)).to.contain(`Not saved: ${winner} changed this case after you opened it`);
    expect(error(loser)).to.contain('The case is now at: Vocational profiling.');
    expect(stage(a)).to.equal('Vocational profiling');
    expect(stage(b)).to.equal('Vocational profiling');
  });

  it('says who moved the case by name when the page knows the names', async () => {
    const store = idb();
    await store.importEvents(withConsent());
    const people = { ewa: 'Ewa Nowak', jan: 'Jan Kowalski' };
    const a = await fixture<CpSupportPlan>(html`<cp-support-plan case-id="c1" actor-id="ewa" .people=${people} .store=${store}></cp-support-plan>`);
    const b = await fixture<CpSupportPlan>(html`<cp-support-plan case-id="c1" actor-id="jan" .people=${people} .store=${store}></cp-support-plan>`);
    $<HTMLButtonElement>(a, '.transitions button').click();
    $<HTMLButtonElement>(b, '.transitions button').click();
    await until(() => error(a) !== '' || error(b) !== '', 'one of them is refused');
    const winner = (await store.events('c1')).find((e) => e.type === 'stage.enter')!.actor.id as keyof typeof people;
    expect(error(a) || error(b)).to.contain(`Not saved: ${people[winner]} changed this case after you opened it`);
  });

  it('a plan and an assessment recording at the same moment on one page: both are stored, none overwrites the other', async () => {
    // The examples site's path: the assessment is finished, and the plan (whose view is one event
    // behind) moves the case. Both must be on disk after a reload.
    for (let round = 0; round < 5; round++) {
      const store = idb();
      const caseId = `c-${round}`;
      await store.importEvents(withConsent().map((e) => ({ ...e, caseId, id: `${caseId}-${e.seq}` })));
      const plan = await fixture<CpSupportPlan>(html`<cp-support-plan case-id=${caseId} .store=${store}></cp-support-plan>`);
      const form = await fixture<CpNeedsAssessment>(html`<cp-needs-assessment case-id=${caseId} instrument="vocational-profile" respondent="staff" .store=${store}></cp-needs-assessment>`);
      await plan.updateComplete;
      await untilShown(form, () => form.shadowRoot!.querySelector('fieldset.item'), 'the questions render');
      for (const fs of form.shadowRoot!.querySelectorAll('fieldset.item')) fs.querySelector('input')!.click();
      const assessed = oneEvent(form, 'cp-assessment-saved');
      const moved = oneEvent(plan, 'cp-stage-changed');
      form.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
      $<HTMLButtonElement>(plan, '.transitions button').click();
      await Promise.all([assessed, moved]);
      const reread = await idb().events(caseId);
      expect(reread.map((e) => e.type).sort()).to.deep.equal(['assessment.record', 'case.open', 'consent.grant', 'stage.enter']);
      expect(reread.map((e) => e.seq)).to.deep.equal([0, 1, 2, 3]);
      await plan.updateComplete;
      expect(stage(plan)).to.equal('Vocational profiling');
    }
  });

  it('tells the history in words, with people’s names, filtered by kind and by who recorded it, in the page’s language; accessible', async () => {
    const store = new MemoryCaseStore();
    await store.importEvents(
      new CaseHistoryBuilder('c9', '2026-01-05T09:00:00Z')
        .as({ id: 'ewa', role: 'coordinator' })
        .add('case.open', { templateId: t.id, templateVersion: 1, providerId: 'p' })
        .add('consent.grant', { purpose: 'service' })
        .add('goal.add', { goalId: 'g1', title: 'Work in a bakery', domain: 'employment', ownerId: 'ewa', ownerRole: 'coordinator' })
        .as({ id: 'anna', role: 'job-coach' })
        .add('support.log', { minutes: 45, mode: 'on-the-job' })
        .build(),
    );
    const people = { ewa: 'Ewa Nowak', anna: 'Anna Lis' };
    const el = await fixture<CpSupportPlan>(html`<cp-support-plan lang="pl" case-id="c9" .people=${people} .store=${store}></cp-support-plan>`);
    await el.updateComplete;
    const items = () => [...el.shadowRoot!.querySelectorAll('section[aria-labelledby="history"] li')].map((li) => li.textContent.replace(/\s+/g, ' ').trim());
    expect(items()).to.have.length(4);
    expect(items()[0]).to.contain('Anna Lis (trener pracy): zapisano 45 minut wsparcia — w miejscu pracy');
    expect(items().join(' ')).to.not.match(/case\.open|support\.log|goal\.add|\bewa\b|\banna\b|coordinator/);
    expect($(el, 'section[aria-labelledby="goals"] li').textContent).to.contain('Odpowiada: Ewa Nowak');
    await expect(el).to.be.accessible();

    const [kind, who] = [...el.shadowRoot!.querySelectorAll<HTMLSelectElement>('.filters select')];
    kind!.value = 'plan';
    kind!.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(items()).to.deep.equal([items()[0]!]);
    expect(items()[0]).to.contain('wyznaczono cel „Work in a bakery”');
    kind!.value = '';
    kind!.dispatchEvent(new Event('change'));
    who!.value = 'anna';
    who!.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(items()).to.have.length(1);
    expect(items()[0]).to.contain('Anna Lis');
    kind!.value = 'referrals';
    kind!.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect($(el, 'section[aria-labelledby="history"] p').textContent).to.equal('Nic takiego jeszcze nie ma.');
  });
});
