import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { until } from '../../internal/until.test-support.js';
import { untilShown } from '../../internal/until-shown.test-support.js';
import { createIntakeKey, defaultFirstContactForm, replay, sealFirstContact, builtInTemplates, type FirstContact, type SealedFirstContact } from '@casepath/core';
import { deleteDB } from 'idb';
import { MemoryCaseStore } from '../../storage/memory-case-store.js';
import type { CaseStore } from '../../storage/case-store.js';
import { databaseName, IdbCaseStore } from '../../storage/idb-case-store.js';
import type { CpIntakeInbox } from './intake-inbox.js';
import './cp-intake-inbox.js';

const PASSPHRASE = 'the coordinators know this one';
const locked = await createIntakeKey(PASSPHRASE);
const contact: FirstContact = {
  formId: 'casepath-first-contact',
  formVersion: 1,
  lang: 'pl',
  name: 'Marta',
  contact: { way: 'phone', detail: '+48 601 234 567' },
  help: ['work'],
  accessNeeds: ['step-free'],
  message: 'Po wypadku szukam pracy.',
  consent: { service: true, 'health-data': true, 'employer-contact': false },
  consentVersion: 'casepath-first-contact-1',
  sentAt: '2026-11-30T10:00:00.000Z',
};
const sealed: SealedFirstContact = await sealFirstContact(contact, { provider: 'warsaw', keyId: locked.keyId, publicKey: locked.publicKey });

function fakeServer(options: { status?: number; takenBy?: string; loseAnswers?: number } = {}) {
  let answersToLose = options.loseAnswers ?? 0;
  const handled: { id: string; caseId: string | null }[] = [];
  const erased: { id: string; why: string }[] = [];
  const released: { id: string; caseId: string | null }[] = [];
  let handledBy: string | null = null;
  let caseId: string | null = null;
  const json = (status: number, body: unknown) => Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
  const fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    if (options.status) return json(options.status, { error: 'x', message: 'x' });
    const path = new URL(input instanceof Request ? input.url : input, location.href).pathname;
    if (path === '/api/intake/keys') return json(200, { keys: [locked] });
    if (path === `/api/intake/first-contacts/${sealed.id}/release` && init?.method === 'POST') {
      const body = JSON.parse(init.body as string) as { caseId: string | null };
      if (body.caseId !== caseId || handledBy !== 'ewa') return json(404, { error: 'not-found', message: 'not taken by you' });
      released.push({ id: sealed.id, caseId: body.caseId });
      handledBy = null;
      caseId = null;
      return json(200, { status: 'released', id: sealed.id });
    }
    if (path === `/api/intake/first-contacts/${sealed.id}/erase` && init?.method === 'POST') {
      erased.push({ id: sealed.id, ...(JSON.parse(init.body as string) as { why: string }) });
      if (answersToLose-- > 0) return Promise.reject(new TypeError('Failed to fetch'));
      return json(200, { status: 'erased', id: sealed.id });
    }
    if (path === '/api/intake/first-contacts' && erased.length) return json(200, { firstContacts: [] });
    if (path === '/api/intake/first-contacts') return json(200, { firstContacts: [{ sealed, receivedAt: '2026-11-30T10:01:00.000Z', caseId, handledBy, handledAt: handledBy ? '2026-12-01T09:00:00.000Z' : null }] });
    if (path === '/api/public/intake/warsaw') return json(200, { provider: { id: 'warsaw', name: 'Open Doors Warsaw' }, key: { keyId: locked.keyId, publicKey: locked.publicKey }, form: defaultFirstContactForm, difficulty: 4 });
    if (path === `/api/intake/first-contacts/${sealed.id}/handled` && init?.method === 'POST') {
      if (options.takenBy) {
        handledBy = options.takenBy;
        caseId = 'someone-elses';
        return json(409, { error: 'already-handled', message: 'taken' });
      }
      const body = JSON.parse(init.body as string) as { caseId: string | null };
      handled.push({ id: sealed.id, caseId: body.caseId });
      if (handledBy === 'ewa' && caseId !== body.caseId) return json(409, { error: 'already-handled', message: 'taken' });
      handledBy = 'ewa';
      caseId = body.caseId;
      // Taken, but the answer is lost on its way back (the connection dropped).
      if (answersToLose-- > 0) return Promise.reject(new TypeError('Failed to fetch'));
      return json(200, { status: 'handled', caseId: body.caseId });
    }
    return json(404, { error: 'not-found', message: 'no' });
  };
  return { fetch, handled, erased, released };
}

const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel)!;

describe('<cp-intake-inbox>', () => {
  const realFetch = window.fetch;
  afterEach(() => {
    window.fetch = realFetch;
  });

  async function mount(server: { fetch: unknown }, store: CaseStore = new MemoryCaseStore()) {
    window.fetch = server.fetch as typeof window.fetch;
    const el = await fixture<CpIntakeInbox>(html`<cp-intake-inbox organisation="inbox-test" server="" actor-id="ewa" .store=${store} .people=${{ ewa: 'Ewa Nowak' }}></cp-intake-inbox>`);
    await el.updateComplete;
    return { el, store };
  }

  async function unlock(el: CpIntakeInbox, passphrase: string) {
    $<HTMLInputElement>(el, '#passphrase').value = passphrase;
    $<HTMLFormElement>(el, 'form').requestSubmit();
    await el.updateComplete; // the form now says it is unlocking, with no error shown
    await untilShown(el, () => el.shadowRoot!.querySelector('article') ?? el.shadowRoot!.querySelector('#passphrase-error')?.textContent, 'unlocked or refused');
    await el.updateComplete;
  }

  it('tells a worker who is not signed in, or not a coordinator, why there is nothing', async () => {
    const { el } = await mount(fakeServer({ status: 401 }));
    expect(el.shadowRoot!.textContent).to.contain('Sign in to see requests for help.');
    const { el: other } = await mount(fakeServer({ status: 404 }));
    expect(other.shadowRoot!.textContent).to.contain('Only coordinators and supervisors see requests for help.');
    const { el: failing } = await mount(fakeServer({ status: 500 }));
    expect(failing.shadowRoot!.textContent).to.contain('It did not work: the server could not do it just now (error 500); try again later, and if it stays so, tell whoever runs the server.');
  });

  it('stays locked with a wrong passphrase; the right one shows the request in words; accessible', async () => {
    const { el } = await mount(fakeServer());
    expect(el.shadowRoot!.textContent).to.contain('1 request is waiting.');
    expect(el.shadowRoot!.textContent).to.not.contain('Marta');
    await expect(el).to.be.accessible();
    await unlock(el, 'not the passphrase');
    expect($(el, '#passphrase-error').textContent).to.contain('does not unlock');
    expect(el.shadowRoot!.activeElement?.id).to.equal('passphrase');
    await unlock(el, PASSPHRASE);
    const text = el.shadowRoot!.textContent;
    for (const words of ['Call them: Marta', 'Phone: +48 601 234 567', 'Wrote in Polish', 'Looks for: Find a job and keep it', 'Needs: No steps (wheelchair)', 'Po wypadku szukam pracy.', 'Agreed to: to keep their details and help them; to record health information']) {
      expect(text).to.contain(words);
    }
    expect($<HTMLSelectElement>(el, 'select').value).to.equal('euse-supported-employment');
    await expect(el).to.be.accessible();
    el.lock();
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.not.contain('Marta');
  });

  it('forgets what it opened when the device is locked, and asks for the intake passphrase again after', async () => {
    const store = new IdbCaseStore(`inbox-lock-${Math.random().toString(36).slice(2)}`);
    try {
      await store.protect('ewa', 'ewa’s own long passphrase');
      const { el } = await mount(fakeServer(), store);
      await unlock(el, PASSPHRASE);
      expect(el.shadowRoot!.textContent).to.contain('Call them: Marta');

      await store.lock(); // "Lock this device", or signing out, here or in another tab
      await untilShown(el, () => el.shadowRoot!.querySelector('.locked'), 'the inbox says the device is locked');
      expect(el.shadowRoot!.textContent.replace(/\s+/g, ' ').trim()).to.equal('Hidden while this device is locked. Sign in or unlock it to see this again.');
      await expect(el).to.be.accessible();

      await store.unlock('ewa', 'ewa’s own long passphrase');
      await untilShown(el, () => el.shadowRoot!.querySelector('#passphrase'), 'the intake passphrase is asked again');
      expect(el.shadowRoot!.textContent).to.contain('1 request is waiting.');
      expect(el.shadowRoot!.textContent).to.not.contain('Marta');
    } finally {
      await store.dispose();
      await deleteDB(databaseName(store.organisation));
    }
  });

  it('opens a case with the person’s consents, once, and selects it', async () => {
    const server = fakeServer();
    const { el, store } = await mount(server);
    await unlock(el, PASSPHRASE);
    const open = () => [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === 'Open a case')!.click();
    open();
    await untilShown(el, () => $(el, '.open-case .error').textContent, 'a reference is asked for');
    await el.updateComplete; // then the focus moves
    expect(el.shadowRoot!.activeElement?.id).to.equal(`ref-${sealed.id}`);
    expect(server.handled).to.have.length(0);
    // A reference typed and the case not opened yet: the page asks before it goes.
    const leaving = () => {
      const e = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(e);
      return e.defaultPrevented;
    };
    expect(leaving(), 'nothing typed').to.equal(false);
    const ref = $<HTMLInputElement>(el, `#ref-${sealed.id}`);
    ref.value = 'OD-2026-40';
    ref.dispatchEvent(new Event('input'));
    expect(leaving(), 'a reference typed').to.equal(true);
    const selected = oneEvent(el, 'cp-case-select');
    open();
    const { detail } = await selected;
    await untilShown(el, () => el.shadowRoot!.textContent.includes('A case was opened on'), 'opened');
    expect(leaving(), 'once the case is opened').to.equal(false);
    expect(detail).to.deep.include({ templateId: 'euse-supported-employment', clientRef: 'OD-2026-40' });
    expect(server.handled).to.deep.equal([{ id: sealed.id, caseId: detail.caseId }]);
    const events = await store.events(detail.caseId);
    const state = replay(builtInTemplates['euse-supported-employment'], events).state;
    expect(events.map((e) => e.type)).to.deep.equal(['case.open', 'consent.grant', 'consent.grant']);
    expect(events.map((e) => e.actor.id)).to.deep.equal(['ewa', 'ewa', 'ewa']);
    expect(Object.keys(state.consent).sort()).to.deep.equal(['health-data', 'service']);
    expect(state.consent.service?.textVersion).to.equal('casepath-first-contact-1');
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.contain('A case was opened on');
    expect(el.shadowRoot!.textContent).to.contain('by Ewa Nowak');
  });

  it('deletes a request for good, asking why first, by keyboard; nothing of it stays on screen', async () => {
    const server = fakeServer();
    const { el } = await mount(server);
    await unlock(el, PASSPHRASE);
    const button = (label: string) => [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === label)!;
    button('Delete this request…').click();
    await el.updateComplete;
    await until(() => el.shadowRoot!.activeElement?.getAttribute('value') === 'asked', 'the first reason has the focus');
    expect($(el, 'fieldset legend').textContent).to.equal('Why delete it?');
    await expect(el).to.be.accessible();
    // Without a reason nothing is deleted; "Keep it" closes the question and returns the focus.
    button('Delete for good').click();
    await el.updateComplete;
    expect(server.erased).to.have.length(0);
    expect($(el, '[role="status"]').textContent).to.contain('Why delete it?');
    button('Keep it').click();
    await until(() => el.shadowRoot!.activeElement?.id === `erase-${sealed.id}`, 'the focus is back on Delete');
    expect(el.shadowRoot!.querySelector('fieldset')).to.equal(null);

    button('Delete this request…').click();
    await el.updateComplete;
    const notForUs = $<HTMLInputElement>(el, 'input[value="not-for-us"]');
    notForUs.click();
    button('Delete for good').click();
    await untilShown(el, () => server.erased.length === 1 && el.shadowRoot!.textContent.includes('The request is deleted.'), 'deleted and told');
    expect(server.erased).to.deep.equal([{ id: sealed.id, why: 'not-for-us' }]);
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.not.contain('Marta');
    expect(el.shadowRoot!.textContent).to.contain('No requests for help.');
    expect(el.shadowRoot!.activeElement?.id).to.equal('inbox-title');
  });

  it('a deletion whose answer was lost is said as done when the list read again no longer holds the request', async () => {
    const server = fakeServer({ loseAnswers: 1 });
    const { el } = await mount(server);
    await unlock(el, PASSPHRASE);
    const button = (label: string) => [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === label)!;
    button('Delete this request…').click();
    await el.updateComplete;
    $<HTMLInputElement>(el, 'input[value="asked"]').click();
    button('Delete for good').click();
    await untilShown(el, () => $(el, '[role="status"]').textContent.includes('The request is deleted.'), 'said as deleted');
    expect(el.shadowRoot!.textContent).to.contain('No requests for help.');
    expect(server.erased).to.have.length(1);
  });

  it('a list read late after a deletion leaves the focus where the person went meanwhile', async () => {
    const server = fakeServer();
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const listPath = (input: RequestInfo | URL) => new URL(input instanceof Request ? input.url : input, location.href).pathname === '/api/intake/first-contacts';
    const { el } = await mount({ fetch: (input: RequestInfo | URL, init?: RequestInit) => (server.erased.length && listPath(input) ? held.then(() => server.fetch(input, init)) : server.fetch(input, init)) });
    const elsewhere = await fixture<HTMLInputElement>(html`<input aria-label="Somewhere else on the page" />`);
    await unlock(el, PASSPHRASE);
    // The deletion reads the list again and then places the focus: awaiting the same reading after
    // it, the test looks at the focus once that is done.
    let reread: Promise<boolean> | undefined;
    const refresh = el.refresh.bind(el);
    el.refresh = () => (reread = refresh());
    const button = (label: string) => [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === label)!;
    button('Delete this request…').click();
    await el.updateComplete;
    $<HTMLInputElement>(el, 'input[value="asked"]').click();
    button('Delete for good').focus();
    button('Delete for good').click();
    await until(() => server.erased.length === 1 && reread !== undefined, 'sent, and the list being read again');
    // The person moves on to type elsewhere before the list comes.
    elsewhere.focus();
    release();
    await reread;
    expect(el.shadowRoot!.textContent).to.contain('No requests for help.');
    expect(document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.localName).to.equal('Somewhere else on the page');
  });

  it('when this device cannot record the case, gives the request back instead of showing it taken', async () => {
    const server = fakeServer();
    class RefusingStore extends MemoryCaseStore {
      override record(): Promise<never> {
        return Promise.reject(new Error('the disk is full'));
      }
    }
    const { el, store } = await mount(server, new RefusingStore());
    await unlock(el, PASSPHRASE);
    const ref = $<HTMLInputElement>(el, `#ref-${sealed.id}`);
    ref.value = 'OD-2026-42';
    ref.dispatchEvent(new Event('input'));
    [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === 'Open a case')!.click();
    await untilShown(el, () => server.released.length === 1 && el.shadowRoot!.textContent.includes('The request is back in the list'), 'given back and told');
    expect(server.released).to.deep.equal([{ id: sealed.id, caseId: server.handled[0]!.caseId }]);
    expect($(el, '[role="status"]').textContent).to.contain('the disk is full');
    expect(await store.cases()).to.have.length(0);
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.contain('1 request is waiting.');
    expect(el.shadowRoot!.textContent).to.not.contain('A case was opened');
    expect(el.shadowRoot!.querySelector(`#ref-${sealed.id}`)).to.not.equal(null);
  });

  it('when the server took the request but its answer was lost, opens the one case all the same', async () => {
    const server = fakeServer({ loseAnswers: 1 });
    const { el, store } = await mount(server);
    await unlock(el, PASSPHRASE);
    const ref = $<HTMLInputElement>(el, `#ref-${sealed.id}`);
    ref.value = 'OD-2026-43';
    ref.dispatchEvent(new Event('input'));
    const selected = oneEvent(el, 'cp-case-select');
    [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === 'Open a case')!.click();
    const { detail } = await selected;
    // The list read again said it was taken by this worker for this case: the case is opened, once.
    expect(server.handled).to.deep.equal([{ id: sealed.id, caseId: detail.caseId }]);
    expect((await store.events(detail.caseId)).map((e) => e.type)).to.deep.equal(['case.open', 'consent.grant', 'consent.grant']);
    expect(await store.cases()).to.have.length(1);
    await el.updateComplete;
    expect($(el, '[role="status"]').textContent).to.contain('OD-2026-43');
  });

  it('when the answer is lost and the list cannot be read either, asking again takes it for the same case', async () => {
    const server = fakeServer({ loseAnswers: 1 });
    let offline = false;
    const { el, store } = await mount({ fetch: (input: RequestInfo | URL, init?: RequestInit) => (offline && init?.method !== 'POST' ? Promise.reject(new TypeError('Failed to fetch')) : server.fetch(input, init)) });
    await unlock(el, PASSPHRASE);
    const ref = $<HTMLInputElement>(el, `#ref-${sealed.id}`);
    ref.value = 'OD-2026-44';
    ref.dispatchEvent(new Event('input'));
    offline = true;
    const open = () => [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === 'Open a case')!.click();
    open();
    await untilShown(el, () => $(el, '[role="status"]').textContent.includes('cannot reach'), 'told it did not work');
    expect(await store.cases()).to.have.length(0);
    offline = false;
    const selected = oneEvent(el, 'cp-case-select');
    open();
    const { detail } = await selected;
    expect(server.handled.map((h) => h.caseId)).to.deep.equal([detail.caseId, detail.caseId]);
    expect(await store.cases()).to.have.length(1);
  });

  it('when another worker took the request first, opens nothing and says so', async () => {
    const { el, store } = await mount(fakeServer({ takenBy: 'sara' }));
    await unlock(el, PASSPHRASE);
    const ref = $<HTMLInputElement>(el, `#ref-${sealed.id}`);
    ref.value = 'OD-2026-41';
    ref.dispatchEvent(new Event('input'));
    [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === 'Open a case')!.click();
    await untilShown(el, () => el.shadowRoot!.textContent.includes('already taken'), 'told');
    expect(await store.cases()).to.have.length(0);
  });
});
