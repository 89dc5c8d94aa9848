import { expect, oneEvent } from '@open-wc/testing';
import { $, history, mountWorkspace, submit, type } from '../workspace/workspace.test-helper.js';
import { setSignedIn } from '../../internal/signed-in.js';
import type { CpHandOver } from './hand-over.js';
import './cp-hand-over.js';

const withGoals = history(undefined, (b) =>
  b
    .add('goal.add', { goalId: 'g1', title: 'Work in a bakery', domain: 'employment', ownerId: 'ewa', ownerRole: 'job-coach' })
    .add('goal.add', { goalId: 'g2', title: 'Take the bus alone', domain: 'independence', ownerId: 'ewa', ownerRole: 'job-coach' })
    .add('goal.achieve', { goalId: 'g2' }, 'Staff note: needed three tries'),
);
const dialog = (el: CpHandOver) => el.shadowRoot!.querySelector('dialog');

describe('<cp-hand-over>', () => {
  afterEach(() => {
    sessionStorage.clear();
    setSignedIn('default', null);
  });

  it('is accessible, before and during the hand-over', async () => {
    const { el } = await mountWorkspace<CpHandOver>('cp-hand-over', withGoals);
    await expect(el).to.be.accessible();
    type(el, '#code', '2468');
    await submit(el, '#code');
    await expect(el).to.be.accessible();
  });

  it('without a server: asks for a code, then shows the person only their plan, goals and their own assessment, over the whole page', async () => {
    const { el } = await mountWorkspace<CpHandOver>('cp-hand-over', withGoals);
    await submit(el, '#code');
    expect($(el, '#code-error').textContent).to.equal('Write 4 to 8 digits.');
    expect(dialog(el)).to.equal(null);
    type(el, '#code', '2468');
    const handed = oneEvent(el, 'cp-hand-over');
    await submit(el, '#code');
    await handed;
    const d = dialog(el)!;
    expect(d.open).to.equal(true);
    expect(d.matches(':modal'), 'the rest of the page cannot be reached').to.equal(true);
    expect($(el, '#person-title').textContent).to.equal('Your plan');
    expect(d.textContent).to.contain('Where you are now: Client engagement');
    expect([...d.querySelectorAll('ul.items .title')].map((t) => t.textContent.trim())).to.deep.equal(['Work in a bakery', 'Take the bus alone done']);
    expect(d.textContent, 'no staff notes').not.to.contain('needed three tries');
    const assessment = d.querySelector('cp-needs-assessment')!;
    expect(assessment.hasAttribute('easy-read')).to.equal(true);
    expect(assessment.getAttribute('respondent')).to.equal('self');
    expect(assessment.getAttribute('actor-role')).to.equal('client');
  });

  it('stays with the person on Escape, if the browser closes the dialog anyway, and after a reload', async () => {
    const { el, store } = await mountWorkspace<CpHandOver>('cp-hand-over', withGoals);
    type(el, '#code', '2468');
    await submit(el, '#code');
    const cancel = new Event('cancel', { cancelable: true });
    dialog(el)!.dispatchEvent(cancel);
    expect(cancel.defaultPrevented).to.equal(true);
    const closed = oneEvent(dialog(el)!, 'close');
    dialog(el)!.close();
    await closed;
    expect(dialog(el)!.open).to.equal(true);
    // A reload: a new widget on the page finds the hand-over still going on.
    el.remove();
    const { el: again } = await mountWorkspace<CpHandOver>('cp-hand-over', await store.events('c1'));
    expect(dialog(again)?.open).to.equal(true);
  });

  it('gives the device back only with the code: a wrong one says so and changes nothing', async () => {
    const { el } = await mountWorkspace<CpHandOver>('cp-hand-over', withGoals);
    type(el, '#code', '2468');
    await submit(el, '#code');
    [...dialog(el)!.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Give the device back')!.click();
    await el.updateComplete;
    expect($(el, 'dialog form h3').textContent).to.equal('Ewa Nowak: write your code to take the device back.');
    type(el, 'dialog #code', '1111');
    await submit(el, 'dialog #code');
    expect($(el, '#code-error').textContent).to.equal('That is not right. The device stays with the person.');
    expect(dialog(el)!.open).to.equal(true);
    type(el, 'dialog #code', '2468');
    const back = oneEvent(el, 'cp-hand-back');
    await submit(el, 'dialog #code');
    await back;
    expect(dialog(el)).to.equal(null);
    expect(sessionStorage.length).to.equal(0);
  });

  it('with a server: taking back is signing in again, as the worker who handed over', async () => {
    setSignedIn('default', { id: 'ewa', role: 'job-coach' });
    const { el } = await mountWorkspace<CpHandOver>('cp-hand-over', withGoals);
    el.server = '';
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('#code'), 'no code: the sign-in is the way back').to.equal(null);
    await submit(el, 'button[type="submit"]');
    [...dialog(el)!.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Give the device back')!.click();
    await el.updateComplete;
    const calls: unknown[] = [];
    const realFetch = window.fetch;
    window.fetch = async (_url, init) => {
      const body = JSON.parse(init!.body as string) as { email: string; password: string };
      calls.push(body);
      if (body.password !== 'right') return new Response(JSON.stringify({ error: 'bad-credentials' }), { status: 401 });
      return new Response(JSON.stringify({ worker: { id: body.email === 'ewa@ngo.org' ? 'ewa' : 'jan' } }), { status: 200 });
    };
    try {
      type(el, '#email', 'ewa@ngo.org');
      type(el, '#password', 'wrong');
      await submit(el, '#email');
      expect($(el, '#password-error').textContent).to.equal('That is not right. The device stays with the person.');
      type(el, '#email', 'jan@ngo.org');
      type(el, '#password', 'right');
      await submit(el, '#email');
      expect($(el, '#email-error').textContent).to.contain('Only the one who handed the device over');
      expect(dialog(el)!.open).to.equal(true);
      type(el, '#email', 'ewa@ngo.org');
      await submit(el, '#email');
      expect(dialog(el)).to.equal(null);
      expect(calls).to.have.length(3);
    } finally {
      window.fetch = realFetch;
    }
  });
});
