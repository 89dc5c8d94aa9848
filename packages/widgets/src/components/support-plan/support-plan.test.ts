import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { builtInTemplates, replay } from '@casepath/core';
import { CaseHistoryBuilder } from '@casepath/core/testing';
import { MemoryCaseStore } from '../../storage/memory-case-store.js';
import type { CpStageChangedEvent } from '../../events/stage-events.js';
import type { CpSupportPlan } from './support-plan.js';
import './cp-support-plan.js';

const t = builtInTemplates['euse-supported-employment'];
const settle = () => new Promise((r) => setTimeout(r, 150)); // generous: CI machines are busy
const $ = <T extends Element>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel)!;

async function mount(withConsent: boolean) {
  const store = new MemoryCaseStore();
  const b = new CaseHistoryBuilder('c1', '2026-01-05T09:00:00Z')
    .add('case.open', { templateId: t.id, templateVersion: 1, providerId: 'p' })
    .add('goal.add', { goalId: 'g1', title: 'Work in a bakery', domain: 'employment', ownerId: 'ewa', ownerRole: 'coordinator', due: '2026-06-30' });
  if (withConsent) b.add('consent.grant', { purpose: 'service' });
  await store.append(b.build());
  const el = await fixture<CpSupportPlan>(html`<cp-support-plan case-id="c1" actor-id="ewa" .store=${store}></cp-support-plan>`);
  await settle();
  await el.updateComplete;
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
    expect(why.textContent).to.contain('the person has not given consent for "service"');
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
    await settle();
    await el.updateComplete;
    expect($(el, '[aria-current="step"]').textContent).to.equal('Vocational profiling');
    expect($(el, 'section[aria-labelledby="history"] li').textContent).to.contain('Consent given at the first meeting');
  });

  it('restores the machine from its persisted snapshot', async () => {
    const { store } = await mount(true);
    const saved = (await store.loadDraft('snapshot:c1')) as { lastSeq: number; snapshot: { value: unknown } };
    expect(saved.lastSeq).to.equal(2);
    expect(saved.snapshot.value).to.deep.equal({ active: 'engagement' });
  });

  it('follows changes made in another widget on the page', async () => {
    const { el, store } = await mount(false);
    await store.append(new CaseHistoryBuilder('c1', '2026-01-06T09:00:00Z').build().concat([{ schemaVersion: 1, id: 'c1-e2', caseId: 'c1', seq: 2, type: 'consent.grant', at: '2026-01-06T09:00:00.000Z', actor: { id: 'x', role: 'client' }, payload: { purpose: 'service' } }]));
    await settle();
    await el.updateComplete;
    expect($<HTMLButtonElement>(el, '.transitions button').disabled).to.equal(false);
  });
});
