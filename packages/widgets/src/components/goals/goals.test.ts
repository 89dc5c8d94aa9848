import { expect } from '@open-wc/testing';
import { MemoryCaseStore } from '../../storage/memory-case-store.js';
import { $, $$, history, message, mountWorkspace, press, submit, type } from '../workspace/workspace.test-helper.js';
import type { CpGoals } from './goals.js';
import './cp-goals.js';

const withGoal = history(undefined, (b) =>
  b
    .add('goal.add', { goalId: 'g1', title: 'Work in a bakery', domain: 'employment', ownerId: 'ewa', ownerRole: 'job-coach', due: '2026-02-01' })
    .add('action.add', { actionId: 'a1', goalId: 'g1', title: 'Visit two bakeries', ownerId: 'ewa', ownerRole: 'job-coach' }),
);

describe('<cp-goals>', () => {
  it('is accessible, with a goal, its action and both forms', async () => {
    const { el } = await mountWorkspace<CpGoals>('cp-goals', withGoal);
    await expect(el).to.be.accessible();
  });

  it('shows goals with their area, owner by name, an overdue due date, and the actions under them', async () => {
    const { el } = await mountWorkspace<CpGoals>('cp-goals', withGoal);
    const goal = $(el, 'ul.items > li');
    expect(goal.querySelector('.title')!.textContent).to.contain('Work in a bakery');
    expect(goal.querySelector('.meta')!.textContent).to.match(/Work.*Owner: Ewa Nowak.*Overdue since February 1, 2026/s);
    expect(goal.querySelector('.overdue')).not.to.equal(null);
    expect(goal.querySelector(':scope ul.items .title')!.textContent).to.contain('Visit two bakeries');
  });

  it('sets a goal in the chosen area, owned by the chosen person, with a due date', async () => {
    const { el, store } = await mountWorkspace<CpGoals>('cp-goals');
    type(el, '#goal-title', 'Find a job with animals');
    $<HTMLSelectElement>(el, '#goal-domain').value = 'skills';
    type(el, '#goal-due', '2026-06-30');
    await submit(el, '#goal-title');
    const added = (await store.events('c1')).at(-1)!;
    expect(added.type).to.equal('goal.add');
    expect(added.payload).to.deep.include({ title: 'Find a job with animals', domain: 'skills', ownerId: 'ewa', ownerRole: 'job-coach', due: '2026-06-30' });
    expect(added.actor).to.deep.equal({ id: 'ewa', role: 'job-coach' });
    expect(message(el)).to.equal('Saved: the goal is set.');
    expect($(el, 'ul.items .title').textContent).to.contain('Find a job with animals');
    expect($<HTMLInputElement>(el, '#goal-title').value).to.equal('');
  });

  it('refuses a goal without a title next to the field, with the focus there, and stores nothing', async () => {
    const { el, store } = await mountWorkspace<CpGoals>('cp-goals');
    const before = (await store.events('c1')).length;
    await submit(el, '#goal-title');
    expect($(el, '#goal-title-error').textContent).to.equal('Write what the goal is.');
    expect($(el, '#goal-title').getAttribute('aria-invalid')).to.equal('true');
    expect(el.shadowRoot!.activeElement).to.equal($(el, '#goal-title'));
    expect(await store.events('c1')).to.have.length(before);
  });

  it('adds an action under a goal, marks it done, and marks the goal achieved', async () => {
    const { el, store } = await mountWorkspace<CpGoals>('cp-goals', withGoal);
    expect($<HTMLSelectElement>(el, '#action-goal').value, 'the action goes under the first open goal unless another is chosen').to.equal('g1');
    type(el, '#action-title', 'Write a CV');
    await submit(el, '#action-title');
    const action = (await store.events('c1')).at(-1)!;
    expect(action.type).to.equal('action.add');
    expect(action.payload).to.deep.include({ goalId: 'g1', title: 'Write a CV' });
    $$<HTMLButtonElement>(el, 'button').find((b) => b.getAttribute('aria-label') === 'Mark as done: Write a CV')!.click();
    await el.updateComplete;
    expect((await store.events('c1')).at(-1)!.type).to.equal('action.done');
    await press(el, 'Achieved');
    expect((await store.events('c1')).at(-1)).to.deep.include({ type: 'goal.achieve', payload: { goalId: 'g1' } });
    expect($(el, 'ul.items > li .badge').textContent).to.equal('achieved');
  });

  it('says the reason typed to drop a goal that was marked achieved elsewhere meanwhile, its form gone', async () => {
    const { el, store } = await mountWorkspace<CpGoals>('cp-goals', withGoal);
    await press(el, 'Drop');
    type(el, '#drop-reason', 'She chose a course instead');
    const head = (await store.events('c1')).at(-1)!;
    await store.record({ caseId: 'c1', baseSeq: head.seq, drafts: [{ type: 'goal.achieve', payload: { goalId: 'g1' }, actor: { id: 'anna', role: 'job-coach' } }] }, el.templateResolver);
    await el.updateComplete;
    expect($$(el, '#drop-reason'), 'the goal is achieved: no form to drop it').to.have.length(0);
    expect(message(el)).to.equal('Changed elsewhere meanwhile: the form you were typing in is gone, and nothing in it was saved. What you wrote: “She chose a course instead”');
  });

  it('drops a goal only after asking why, and records the reason', async () => {
    const { el, store } = await mountWorkspace<CpGoals>('cp-goals', withGoal);
    await press(el, 'Drop');
    expect(el.shadowRoot!.activeElement).to.equal($(el, '#drop-reason'));
    expect((await store.events('c1')).at(-1)!.type).to.equal('action.add');
    type(el, '#drop-reason', 'She chose a course instead');
    await submit(el, '#drop-reason');
    const dropped = (await store.events('c1')).at(-1)!;
    expect(dropped).to.deep.include({ type: 'goal.drop', reason: 'She chose a course instead' });
    expect(message(el)).to.equal('Saved: the goal is dropped.');
  });

  it('changes who sees to a goal and its due date, recording only what changed', async () => {
    const { el, store } = await mountWorkspace<CpGoals>('cp-goals', history(undefined, (b) => b.add('worker.assign', { workerId: 'anna', role: 'coordinator' }).add('goal.add', { goalId: 'g1', title: 'Work in a bakery', domain: 'employment', ownerId: 'ewa', ownerRole: 'job-coach', due: '2026-02-01' })));
    el.people = { ewa: 'Ewa Nowak', anna: 'Anna Wiśniewska' };
    await press(el, 'Change');
    expect(el.shadowRoot!.activeElement).to.equal($(el, '#change-owner'));
    expect($<HTMLSelectElement>(el, '#change-owner').value).to.equal('ewa');
    expect($<HTMLInputElement>(el, '#change-due').value).to.equal('2026-02-01');
    $<HTMLSelectElement>(el, '#change-owner').value = 'anna';
    await submit(el, '#change-owner');
    expect((await store.events('c1')).at(-1)).to.deep.include({ type: 'goal.update', payload: { goalId: 'g1', ownerId: 'anna', ownerRole: 'coordinator' } });
    expect(message(el)).to.equal('Saved: the goal is changed.');
    expect($(el, 'ul.items .meta').textContent).to.contain('Owner: Anna Wiśniewska');
    await press(el, 'Change');
    type(el, '#change-due', '');
    await submit(el, '#change-owner');
    expect((await store.events('c1')).at(-1)!.payload).to.deep.equal({ goalId: 'g1', due: null });
    expect($(el, 'ul.items .meta').textContent).not.to.contain('Overdue');
  });

  it('offers no new work on a paused case, and says why', async () => {
    const { el } = await mountWorkspace<CpGoals>('cp-goals', history(undefined, (b) => b.add('case.pause', {})));
    expect(el.shadowRoot!.querySelector('form')).to.equal(null);
    expect(el.shadowRoot!.textContent).to.contain('The case is paused. Resume it to record new work.');
  });

  it('is ready after one await of updateComplete, however long the case takes to read', async () => {
    const store = new MemoryCaseStore();
    await store.importEvents(withGoal);
    // A slow device: the case is read only when the test lets it.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const read = store.events.bind(store);
    store.events = async (caseId: string) => (await gate, read(caseId));
    const el = document.createElement('cp-goals');
    el.store = store;
    el.caseId = 'c1';
    document.body.append(el);
    try {
      const ready = el.updateComplete;
      release();
      await ready;
      expect(el.shadowRoot!.querySelector('#goal-title'), 'the form is there').not.to.equal(null);
      expect($(el, 'ul.items .title').textContent).to.contain('Work in a bakery');
    } finally {
      el.remove();
    }
  });

  it('speaks Polish, the goal domains included', async () => {
    const { el } = await mountWorkspace<CpGoals>('cp-goals', withGoal, { lang: 'pl' });
    expect($(el, 'h2').textContent).to.equal('Cele i działania');
    expect($(el, 'ul.items .meta').textContent).to.contain('Praca');
    expect($(el, 'ul.items .meta').textContent).to.contain('Po terminie od');
  });
});
