import { expect } from '@open-wc/testing';
import { $, history, message, mountWorkspace, press, submit, type } from '../workspace/workspace.test-helper.js';
import type { CpReferrals } from './referrals.js';
import './cp-referrals.js';

const consented = history(undefined, (b) => b.add('consent.grant', { purpose: 'data-sharing' }));

describe('<cp-referrals>', () => {
  it('is accessible', async () => {
    const { el } = await mountWorkspace<CpReferrals>('cp-referrals', consented);
    await expect(el).to.be.accessible();
  });

  it('says before anything is typed that a referral needs the consent to share, and offers no form', async () => {
    const { el } = await mountWorkspace<CpReferrals>('cp-referrals');
    expect(el.shadowRoot!.querySelector('form')).to.equal(null);
    expect($(el, '[role="note"]').textContent).to.contain('has not agreed to share details with other services');
  });

  it('sends a referral, records that it was accepted, then its outcome', async () => {
    const { el, store } = await mountWorkspace<CpReferrals>('cp-referrals', consented);
    await submit(el, '#to');
    expect($(el, '#to-error').textContent).to.equal('Write to whom the person is referred.');
    type(el, '#to', 'MOPS Kraków');
    type(el, '#service', 'Housing benefit');
    type(el, '#why', 'Rent arrears');
    await submit(el, '#to');
    const sent = (await store.events('c1')).at(-1)!;
    expect(sent).to.deep.include({ type: 'referral.send', reason: 'Rent arrears' });
    expect(sent.payload).to.deep.include({ to: 'MOPS Kraków', service: 'Housing benefit' });
    expect($(el, 'ul.items .title').textContent).to.contain('MOPS Kraków: Housing benefit');
    await press(el, 'They accepted');
    expect((await store.events('c1')).at(-1)!.type).to.equal('referral.accept');
    await press(el, 'Record the outcome');
    expect(el.shadowRoot!.activeElement).to.equal($(el, '#outcome'));
    type(el, '#outcome', 'Benefit granted from April');
    await submit(el, '#outcome');
    expect((await store.events('c1')).at(-1)).to.deep.include({ type: 'referral.complete' });
    expect(message(el)).to.equal('Saved: the outcome is recorded.');
    expect($(el, 'ul.items li').textContent).to.contain('Outcome: Benefit granted from April');
  });

  it('records a declined referral', async () => {
    const { el, store } = await mountWorkspace<CpReferrals>('cp-referrals', consented.concat());
    type(el, '#to', 'Day centre');
    type(el, '#service', 'Activities');
    await submit(el, '#to');
    await press(el, 'They declined');
    expect((await store.events('c1')).at(-1)!.type).to.equal('referral.decline');
    expect($(el, 'ul.items .badge').textContent).to.equal('declined');
  });

  it('speaks Polish', async () => {
    const { el } = await mountWorkspace<CpReferrals>('cp-referrals', history(), { lang: 'pl' });
    expect($(el, 'h2').textContent).to.equal('Skierowania');
    expect($(el, '[role="note"]').textContent).to.contain('przekazywanie danych innym służbom');
  });
});
