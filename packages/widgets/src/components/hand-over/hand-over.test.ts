import { expect, oneEvent } from '@open-wc/testing';
import { until } from '../../internal/until.test-support.js';
import { untilShown } from '../../internal/until-shown.test-support.js';
import type { MemoryCaseStore } from '../../storage/memory-case-store.js';
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

  it('shows the person only their own case, whatever case the page opens meanwhile', async () => {
    const { el, store } = await mountWorkspace<CpHandOver>('cp-hand-over', withGoals);
    await store.importEvents(
      history(undefined, (b) => b.add('goal.add', { goalId: 'g9', title: 'Someone else’s goal', domain: 'employment', ownerId: 'ewa', ownerRole: 'job-coach' })).map((e) => ({ ...e, caseId: 'c2', id: `c2-${e.seq}` })),
    );
    type(el, '#code', '2468');
    await submit(el, '#code');
    expect(dialog(el)!.open).to.equal(true);
    el.setAttribute('case-id', 'c2'); // the page behind, or a script, opens another case
    await el.updateComplete;
    const d = dialog(el)!;
    expect(d.textContent).to.contain('Work in a bakery');
    expect(d.textContent).not.to.contain('Someone else’s goal');
    expect(d.querySelector('cp-needs-assessment')!.getAttribute('case-id')).to.equal('c1');
  });

  it('hands over the case it was pressed on, though the page opened another before it was done', async () => {
    const { el, store } = await mountWorkspace<CpHandOver>('cp-hand-over', withGoals);
    await store.importEvents(history().map((e) => ({ ...e, caseId: 'c2', id: `c2-${e.seq}` })));
    type(el, '#code', '2468');
    const handed = oneEvent(el, 'cp-hand-over');
    $<HTMLInputElement>(el, '#code').form!.requestSubmit();
    el.setAttribute('case-id', 'c2');
    expect(((await handed) as CustomEvent<{ caseId: string }>).detail.caseId).to.equal('c1');
    await el.updateComplete;
    expect(dialog(el)!.textContent).to.contain('Work in a bakery');
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

  describe('with a server', () => {
    const realFetch = window.fetch;
    afterEach(() => {
      window.fetch = realFetch;
    });

    /**
     * Ewa hands the device over. `locked`: this device's records are locked with her password (as
     * IdbCaseStore keeps them; its own test: device-protection.test.ts), so no code is asked; else
     * she chooses 2468 for taking it back without a connection.
     */
    async function handedOver(store?: (s: MemoryCaseStore) => void, lang = 'en', locked = true) {
      setSignedIn('default', { id: 'ewa', role: 'job-coach', email: 'ewa@example.org' });
      const mounted = await mountWorkspace<CpHandOver>('cp-hand-over', withGoals, { lang });
      Object.assign(mounted.store, { hasPassphrase: (label: string) => Promise.resolve(locked && label === 'ewa') });
      store?.(mounted.store);
      const { el } = mounted;
      el.server = '';
      await el.updateComplete;
      if (locked) {
        await el.updateComplete;
        expect(el.shadowRoot!.querySelector('#code'), 'no code: the password is the way back').to.equal(null);
      } else {
        await untilShown(el, () => el.shadowRoot!.querySelector('#code'), 'a code is asked too');
        expect($(el, '.hint').textContent).to.contain('so choose a code too');
        type(el, '#code', '2468');
      }
      await submit(el, 'button[type="submit"]');
      dialog(el)!.querySelector<HTMLButtonElement>('.actions button[data-variant="secondary"]')!.click();
      await el.updateComplete;
      expect(dialog(el)!.querySelector('#email'), 'the server knows who is signed in').to.equal(null);
      await until(() => el.shadowRoot!.activeElement?.id === 'password', 'the focus is on the password, the first field shown');
      return el;
    }

    it('taking back is the password of the worker who handed over, confirmed by the server, and the code of their second factor', async () => {
      const calls: { url: string; body: unknown }[] = [];
      window.fetch = async (url, init) => {
        const body = JSON.parse(init!.body as string) as { password: string; code?: string };
        calls.push({ url: url instanceof Request ? url.url : url.toString(), body });
        if (body.password !== 'right') return new Response(JSON.stringify({ error: 'bad-credentials', message: 'the email or password is not right' }), { status: 403 });
        if (body.code !== '123456') return new Response(JSON.stringify({ error: 'second-factor-required', message: 'enter the code' }), { status: 403 });
        return new Response(JSON.stringify({ confirmed: 'ewa' }), { status: 200 });
      };
      const el = await handedOver();
      expect($(el, '#take-back').textContent).to.equal('Ewa Nowak: write your password to take the device back.');
      // Her account is named, unseen, so a password manager fills her password and nobody else's.
      const account = dialog(el)!.querySelector<HTMLInputElement>('input[autocomplete="username"]')!;
      expect(account.value).to.equal('ewa@example.org');
      expect(getComputedStyle(account).display).to.equal('none');
      expect($(el, '#password').getBoundingClientRect().height, 'a target as large as the other fields').to.be.at.least(44);
      type(el, '#password', 'wrong');
      await submit(el, '#password');
      expect($(el, '#password-error').textContent).to.equal('That is not right. The device stays with the person.');
      expect(el.shadowRoot!.activeElement?.id).to.equal('password');
      type(el, '#password', 'right');
      await submit(el, '#password');
      expect($(el, '#totp-error').textContent).to.equal('Enter the 6-digit code from your authenticator app.');
      expect(el.shadowRoot!.activeElement?.id).to.equal('totp');
      expect(dialog(el)!.open).to.equal(true);
      await expect(el).to.be.accessible();
      type(el, '#totp', '123456');
      const back = oneEvent(el, 'cp-hand-back');
      await submit(el, '#password');
      await back;
      expect(dialog(el)).to.equal(null);
      expect(calls.map((c) => c.url)).to.deep.equal(['/api/auth/confirm', '/api/auth/confirm', '/api/auth/confirm']);
      expect(calls[2]!.body).to.deep.equal({ password: 'right', code: '123456' });
    });

    it('without a connection, or after the session ended, this device’s lock tells it is them; without a lock, the code chosen at the hand-over does', async () => {
      window.fetch = () => Promise.reject(new TypeError('Failed to fetch'));
      const unsealed = await handedOver(undefined, 'en', false);
      expect(unsealed.shadowRoot!.querySelector('dialog #code'), 'the password first').to.equal(null);
      type(unsealed, '#password', 'right');
      await submit(unsealed, '#password');
      expect($(unsealed, '#code-error').textContent).to.equal('The server cannot confirm your password now. Write the code you chose instead.');
      expect(unsealed.shadowRoot!.activeElement?.id).to.equal('code');
      type(unsealed, 'dialog #code', '1111');
      await submit(unsealed, 'dialog #code');
      expect($(unsealed, '#code-error').textContent).to.equal('That is not right. The device stays with the person.');
      expect(dialog(unsealed)!.open).to.equal(true);
      await expect(unsealed).to.be.accessible();
      type(unsealed, 'dialog #code', '2468');
      const given = oneEvent(unsealed, 'cp-hand-back');
      await submit(unsealed, 'dialog #code');
      await given;
      expect(dialog(unsealed)).to.equal(null);
      sessionStorage.clear();

      const checked: string[] = [];
      const sealed = await handedOver((store) => {
        Object.assign(store, { checkPassphrase: (label: string, passphrase: string) => (checked.push(label), Promise.resolve(passphrase === 'right')) });
      });
      // Her session ends meanwhile, and the directory of names goes with it: she is still named.
      setSignedIn('default', null);
      sealed.people = {};
      await sealed.updateComplete;
      expect($(sealed, '#take-back').textContent).to.equal('Ewa Nowak: write your password to take the device back.');
      expect(dialog(sealed)!.querySelector<HTMLInputElement>('input[autocomplete="username"]')!.value).to.equal('ewa@example.org');
      type(sealed, '#password', 'wrong');
      await submit(sealed, '#password');
      expect($(sealed, '#password-error').textContent).to.equal('That is not right. The device stays with the person.');
      window.fetch = () => Promise.resolve(new Response(JSON.stringify({ error: 'not-signed-in', message: 'sign in first' }), { status: 401 }));
      type(sealed, '#password', 'right');
      const back = oneEvent(sealed, 'cp-hand-back');
      await submit(sealed, '#password');
      await back;
      expect(dialog(sealed)).to.equal(null);
      expect(checked).to.deep.equal(['ewa', 'ewa']);
    });

    it('says a locked account in the page’s language', async () => {
      window.fetch = () => Promise.resolve(new Response(JSON.stringify({ error: 'locked', message: 'locked' }), { status: 423 }));
      const el = await handedOver(undefined, 'pl');
      type(el, '#password', 'right');
      await submit(el, '#password');
      expect($(el, '#password-error').textContent).to.match(/^Konto jest zablokowane .+\.$/);
    });
  });
});
