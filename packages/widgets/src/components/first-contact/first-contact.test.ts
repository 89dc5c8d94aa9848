import { expect, fixture, html } from '@open-wc/testing';
import { untilShown } from '../../internal/until-shown.test-support.js';
import { deleteDB, openDB } from 'idb';
import { checkIntakeProof, createIntakeKey, defaultFirstContactForm, openFirstContact, unlockIntakeKey, type LockedIntakeKey, type SealedFirstContact } from '@casepath/core';
import type { CpFirstContact } from './first-contact.js';
import './cp-first-contact.js';

const PASSPHRASE = 'the coordinators know this one';
const locked: LockedIntakeKey = await createIntakeKey(PASSPHRASE);
const key = await unlockIntakeKey(locked, PASSPHRASE);

/** The organisation's server as the widget sees it: the public key and form, and a store that keeps each id once. */
function fakeServer(options: { online?: () => boolean; refuse?: string; withKey?: boolean } = {}) {
  const received = new Map<string, SealedFirstContact>();
  let posts = 0;
  const json = (status: number, body: unknown) => Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    if (options.online && !options.online()) throw new TypeError('Failed to fetch');
    const url = new URL(input instanceof Request ? input.url : input, location.href);
    if (url.pathname === '/api/public/intake/warsaw' && (init?.method ?? 'GET') === 'GET') {
      return json(200, { provider: { id: 'warsaw', name: 'Open Doors Warsaw' }, key: options.withKey === false ? null : { keyId: locked.keyId, publicKey: locked.publicKey }, form: defaultFirstContactForm, difficulty: 6 });
    }
    if (url.pathname === '/api/public/intake' && init?.method === 'POST') {
      posts++;
      const body = JSON.parse(init.body as string) as { sealed: SealedFirstContact; proof: number };
      if (options.refuse) return json(400, { error: 'invalid-request', message: options.refuse });
      if (!(await checkIntakeProof(body.sealed.id, body.proof, 6))) return json(400, { error: 'proof-of-work', message: 'proof: no' });
      const again = received.has(body.sealed.id);
      received.set(body.sealed.id, body.sealed);
      return json(again ? 200 : 201, { status: again ? 'already-received' : 'received', id: body.sealed.id });
    }
    return json(404, { error: 'not-found', message: 'no' });
  };
  return { fetch, received, posts: () => posts };
}

const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel)!;
const type = (input: HTMLInputElement | HTMLTextAreaElement, value: string) => {
  input.value = value;
  input.dispatchEvent(new Event('input'));
};
const click = (el: Element, sel: string) => $(el, sel).click();

/** Everything in the widget's IndexedDB database, as text, read the way another script on the page could. */
async function rawDatabase(org: string): Promise<string> {
  const db = await openDB(`casepath-first-contact:${org}`);
  const dump: unknown[] = [];
  for (const store of db.objectStoreNames) dump.push(await db.getAll(store));
  db.close();
  return JSON.stringify(dump);
}

async function fill(el: CpFirstContact) {
  type($(el, '#name'), 'Marta');
  type($(el, '#detail'), '+48 601 234 567');
  click(el, 'input[name="help-work"]');
  click(el, 'input[name="access-step-free"]');
  type($(el, '#message'), 'Po wypadku szukam pracy.');
  click(el, 'input[name="consent-service"]');
  click(el, 'input[name="consent-health-data"]');
  await el.updateComplete;
}

describe('<cp-first-contact>', () => {
  const realFetch = window.fetch;
  let org = '';
  beforeEach(() => {
    org = `fc-${Math.random().toString(36).slice(2)}`;
  });
  afterEach(async () => {
    window.fetch = realFetch;
    await deleteDB(`casepath-first-contact:${org}`);
  });

  async function mount(server: ReturnType<typeof fakeServer>, lang = 'en') {
    window.fetch = server.fetch;
    const el = await fixture<CpFirstContact>(html`<cp-first-contact organisation=${org} provider="warsaw" server="" lang=${lang}></cp-first-contact>`);
    await untilShown(el, () => el.shadowRoot!.querySelector('form'), 'the form shows');
    return el;
  }

  it('asks in the page language, with the organisation’s own choices; accessible', async () => {
    const el = await mount(fakeServer(), 'pl');
    expect($(el, 'h2').textContent).to.equal('Poproś nas o pomoc');
    expect(el.shadowRoot!.textContent).to.contain('przeczyta to tylko Open Doors Warsaw');
    expect($(el, 'input[name="help-work"]').parentElement!.textContent.trim()).to.equal('Znaleźć pracę i ją utrzymać');
    await expect(el).to.be.accessible();
  });

  it('shows its own words in each language: no key, no placeholder, no English left over', async () => {
    const english = (await mount(fakeServer(), 'en')).shadowRoot!.textContent;
    const englishLines = new Set(english.split(/\n/).map((l) => l.trim()).filter((l) => l.length > 12));
    for (const lang of ['ru', 'pl', 'lt', 'de', 'uk']) {
      const el = await mount(fakeServer(), lang);
      await untilShown(el, () => $(el, 'h2').textContent !== 'Ask us for help', `${lang} words load`);
      const text = el.shadowRoot!.textContent;
      expect(text, lang).to.not.match(/firstContact\.|intake\.|\{[a-z]+\}/);
      const left = text.split(/\n/).map((l) => l.trim()).filter((l) => englishLines.has(l));
      expect(left, `${lang}: English left`).to.deep.equal([]);
    }
  });

  it('names what is missing at each field, focuses the first, and keeps nothing', async () => {
    const el = await mount(fakeServer());
    type($(el, '#detail'), '12');
    $<HTMLFormElement>(el, 'form').requestSubmit();
    await untilShown(el, () => $(el, '#detail-error').textContent, 'errors show');
    await el.updateComplete; // then the focus moves
    expect($(el, '#detail-error').textContent).to.contain('phone number');
    expect($(el, '#help-error').textContent).to.equal('Please choose at least one.');
    expect($(el, '#consent-error').textContent).to.contain('We need your consent');
    expect($(el, '[part="status"]').textContent).to.contain('Please check:');
    expect(el.shadowRoot!.activeElement?.id).to.equal('detail');
    expect(await rawDatabase(org)).to.not.contain('"sealed"');
    await expect(el).to.be.accessible();
  });

  it('sends the request sealed: only the organisation key opens it, and it says who has it', async () => {
    const server = fakeServer();
    const el = await mount(server);
    await fill(el);
    $<HTMLFormElement>(el, 'form').requestSubmit();
    await untilShown(el, () => el.shadowRoot!.querySelector('.sent'), 'sent');
    await el.updateComplete; // then the focus moves
    expect($(el, '[part="status"]').textContent).to.equal('Thank you. Open Doors Warsaw has your request and will contact you.');
    expect(el.shadowRoot!.activeElement).to.equal($(el, '[part="status"]'));
    const [sealed] = [...server.received.values()];
    expect(JSON.stringify(sealed)).to.not.contain('Marta');
    const opened = await openFirstContact(sealed!, key);
    expect(opened).to.deep.include({ name: 'Marta', lang: 'en', help: ['work'], accessNeeds: ['step-free'], message: 'Po wypadku szukam pracy.' });
    expect(opened.contact).to.deep.equal({ way: 'phone', detail: '+48 601 234 567' });
    expect(opened.consent).to.deep.equal({ service: true, 'health-data': true, 'employer-contact': false, statistics: false });
    expect(await rawDatabase(org)).to.not.contain(sealed!.id); // sent: nothing left waiting
    await expect(el).to.be.accessible();
  });

  it('holds what Send was pressed with while the request is sealed: a choice clicked or a key typed meanwhile changes nothing', async () => {
    const { sendKeys } = await import('@web/test-runner-commands');
    const server = fakeServer();
    const el = await mount(server);
    await fill(el);
    // Sealing held at its first step (the key for this request), as on a slow phone.
    const { generateKey } = SubtleCrypto.prototype;
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let began = () => {};
    const sealing = new Promise<void>((resolve) => (began = resolve));
    Object.defineProperty(crypto.subtle, 'generateKey', {
      configurable: true,
      value: async function (this: SubtleCrypto, ...args: Parameters<SubtleCrypto['generateKey']>) {
        began();
        await held;
        return generateKey.apply(this, args);
      },
    });
    try {
      $<HTMLTextAreaElement>(el, '#message').focus();
      $<HTMLFormElement>(el, 'form').requestSubmit();
      await sealing;
      await el.updateComplete;
      await sendKeys({ type: ' Pilne.' }); // typed into the message while it is sealed
      click(el, 'input[name="consent-statistics"]');
      click(el, 'input[name="consent-health-data"]'); // taken back while it is sealed
      $<HTMLInputElement>(el, 'input[name="way"][value="phone"]').focus();
      await sendKeys({ press: 'ArrowDown' }); // another way to be contacted
      expect($<HTMLTextAreaElement>(el, '#message').value).to.equal('Po wypadku szukam pracy.');
      expect($<HTMLInputElement>(el, 'input[name="consent-statistics"]').checked).to.equal(false);
      expect($<HTMLInputElement>(el, 'input[name="consent-health-data"]').checked).to.equal(true);
      expect($<HTMLInputElement>(el, 'input[name="way"][value="phone"]').checked).to.equal(true);
    } finally {
      release();
      delete (crypto.subtle as Partial<SubtleCrypto>).generateKey;
    }
    await untilShown(el, () => el.shadowRoot!.querySelector('.sent'), 'sent');
    const opened = await openFirstContact([...server.received.values()][0]!, key);
    expect(opened.message).to.equal('Po wypadku szukam pracy.');
    expect(opened.contact).to.deep.equal({ way: 'phone', detail: '+48 601 234 567' });
    expect(opened.consent).to.deep.equal({ service: true, 'health-data': true, 'employer-contact': false, statistics: false });
  });

  it('someone who goes on elsewhere on the page while it is sent keeps the focus there', async () => {
    const server = fakeServer();
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let posted = () => {};
    const posting = new Promise<void>((resolve) => (posted = resolve));
    const el = await mount({
      ...server,
      fetch: (input: RequestInfo | URL, init?: RequestInit) => {
        if (init?.method !== 'POST') return server.fetch(input, init);
        posted();
        return held.then(() => server.fetch(input, init));
      },
    });
    const elsewhere = await fixture<HTMLInputElement>(html`<input aria-label="Somewhere else on the page" />`);
    await fill(el);
    $<HTMLButtonElement>(el, 'button[type="submit"]').focus();
    $<HTMLFormElement>(el, 'form').requestSubmit();
    await posting;
    elsewhere.focus();
    release();
    await untilShown(el, () => el.shadowRoot!.querySelector('.sent'), 'sent');
    await el.updateComplete; // when the focus would move
    expect(document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.localName).to.equal('Somewhere else on the page');
  });

  describe('a tab hidden while typing (another app), which a phone’s browser may end', () => {
    const hide = (state: 'hidden' | 'visible') => {
      if (state === 'hidden') Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      else delete (document as { visibilityState?: unknown }).visibilityState;
      document.dispatchEvent(new Event('visibilitychange'));
    };
    const kept = () => sessionStorage.getItem(`casepath-first-contact:${org}:warsaw`);
    afterEach(() => {
      delete (document as { visibilityState?: unknown }).visibilityState;
      sessionStorage.removeItem(`casepath-first-contact:${org}:warsaw`);
    });

    it('keeps the typing in this tab only while it is hidden: gone when shown again, and when the tab is closed or left', async () => {
      const el = await mount(fakeServer());
      hide('hidden');
      expect(kept(), 'nothing typed, nothing kept').to.equal(null);
      hide('visible');
      await fill(el);
      hide('hidden');
      expect(JSON.parse(kept()!), 'what the form holds').to.deep.include({ name: 'Marta', detail: '+48 601 234 567', help: ['work'], message: 'Po wypadku szukam pracy.' });
      expect(await rawDatabase(org), 'nothing in the database').to.not.contain('Marta');
      hide('visible');
      expect(kept(), 'shown again').to.equal(null);
      // Closed or left: the browser fires pagehide, then hides the page that is going.
      hide('visible');
      window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
      hide('hidden');
      expect(kept(), 'closed or left').to.equal(null);
      // Back from the browser's back-forward cache, as it was, and hidden again: kept again.
      hide('visible');
      window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
      hide('hidden');
      expect(JSON.parse(kept()!), 'after coming back').to.deep.include({ name: 'Marta' });
      el.remove();
      expect(kept(), 'the form taken off the page').to.equal(null);
    });

    it('a tab the browser ended comes back with what was typed, says so, and sends it with Send', async () => {
      const first = await mount(fakeServer());
      await fill(first);
      hide('hidden');
      const left = kept();
      first.remove(); // the browser ends the tab: no pagehide
      hide('visible');
      sessionStorage.setItem(`casepath-first-contact:${org}:warsaw`, left!);
      const server = fakeServer();
      window.fetch = server.fetch;
      const el = Object.assign(document.createElement('cp-first-contact'), { organisation: org, provider: 'warsaw', server: '', lang: 'pl' });
      // What the status said each time the form changed, from its first drawing.
      const said: string[] = [];
      const watch = new MutationObserver(() => {
        const status = el.shadowRoot!.querySelector('form [part="status"]');
        if (status && said.at(-1) !== status.textContent) said.push(status.textContent);
      });
      document.body.append(el);
      watch.observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true });
      await untilShown(el, () => el.shadowRoot!.querySelector('[part="status"]')?.textContent, 'said');
      watch.disconnect();
      expect(said[0], 'the live region is drawn empty, then told: a screen reader reads it out').to.equal('');
      expect($(el, '[part="status"]').textContent).to.equal('To, co było napisane przed wyjściem z tej strony, jest z powrotem. Zostanie wysłane dopiero po naciśnięciu „Wyślij”.');
      expect($<HTMLInputElement>(el, '#name').value).to.equal('Marta');
      expect($<HTMLInputElement>(el, '#detail').value).to.equal('+48 601 234 567');
      expect($<HTMLTextAreaElement>(el, '#message').value).to.equal('Po wypadku szukam pracy.');
      expect($<HTMLInputElement>(el, 'input[name="help-work"]').checked).to.equal(true);
      expect($<HTMLInputElement>(el, 'input[name="consent-health-data"]').checked).to.equal(true);
      expect(kept(), 'read once, then gone').to.equal(null);
      // Shown at the top, where a person coming back looks first; the live region at the bottom reads it out unseen.
      const note = $(el, 'form > .notice');
      expect(note.textContent).to.equal($(el, '[part="status"]').textContent);
      expect(note.compareDocumentPosition($(el, '#name')) & Node.DOCUMENT_POSITION_FOLLOWING, 'above the fields').to.not.equal(0);
      expect($(el, '[part="status"]').getBoundingClientRect().width, 'not shown twice').to.be.at.most(1);
      await expect(el).to.be.accessible();
      // Send pressed with something missing: what is missing is shown, no longer the sentence.
      type($(el, '#detail'), '');
      $<HTMLFormElement>(el, 'form').requestSubmit();
      await untilShown(el, () => $(el, '[part="status"]').textContent.startsWith('Sprawdź'), 'what is missing said');
      expect(el.shadowRoot!.querySelector('.notice'), 'the sentence gone once Send is pressed').to.equal(null);
      expect($(el, '[part="status"]').getBoundingClientRect().width, 'what is missing shown').to.be.above(1);
      type($(el, '#detail'), '+48 601 234 567');
      $<HTMLFormElement>(el, 'form').requestSubmit();
      await untilShown(el, () => el.shadowRoot!.querySelector('.sent'), 'sent');
      const opened = await openFirstContact([...server.received.values()][0]!, key);
      expect(opened).to.deep.include({ name: 'Marta', help: ['work'], message: 'Po wypadku szukam pracy.' });
      el.remove();
    });

    it('what an ended tab kept outlives the page loaded again being shown, hidden and shown before its form is ready', async () => {
      sessionStorage.setItem(
        `casepath-first-contact:${org}:warsaw`,
        JSON.stringify({ name: 'Marta', way: 'phone', detail: '', help: ['work'], accessNeeds: [], accessNote: '', message: 'Po wypadku szukam pracy.', consent: {} }),
      );
      // The organisation's server answers only when the test lets it: the form is not ready until then.
      const server = fakeServer();
      let answer!: () => void;
      const answered = new Promise<void>((resolve) => (answer = resolve));
      window.fetch = async (input, init) => (await answered, server.fetch(input, init));
      const el = Object.assign(document.createElement('cp-first-contact'), { organisation: org, provider: 'warsaw', server: '' });
      document.body.append(el);
      // The page loaded again comes to the front, and the person looks away and back meanwhile.
      window.dispatchEvent(new PageTransitionEvent('pageshow'));
      hide('visible');
      hide('hidden');
      hide('visible');
      expect(kept(), 'still kept while the form is not ready').to.not.equal(null);
      answer();
      await untilShown(el, () => el.shadowRoot!.querySelector<HTMLInputElement>('#name')?.value === 'Marta', 'the typing put back');
      expect($<HTMLTextAreaElement>(el, '#message').value).to.equal('Po wypadku szukam pracy.');
      expect(kept(), 'read, then gone').to.equal(null);
      el.remove();
    });

    it('what was kept and cannot be read, or is not what this form keeps, puts nothing in the form', async () => {
      sessionStorage.setItem(`casepath-first-contact:${org}:warsaw`, '{"name": "Marta", "way": "pigeon"');
      const garbled = await mount(fakeServer());
      expect($<HTMLInputElement>(garbled, '#name').value, 'not JSON').to.equal('');
      expect(kept()).to.equal(null);
      garbled.remove();
      sessionStorage.setItem(`casepath-first-contact:${org}:warsaw`, JSON.stringify({ name: 'Marta', way: 'pigeon', detail: '', help: [], accessNeeds: [], accessNote: '', message: '', consent: {} }));
      const wrongShape = await mount(fakeServer());
      expect($<HTMLInputElement>(wrongShape, '#name').value, 'a way of contact no form has').to.equal('');
      expect($(wrongShape, '[part="status"]').textContent).to.equal('');
    });
  });

  it('offline, keeps the request only sealed on the device and sends it once when back online', async () => {
    let online = true;
    const server = fakeServer({ online: () => online });
    const el = await mount(server);
    online = false;
    await fill(el);
    $<HTMLFormElement>(el, 'form').requestSubmit();
    await untilShown(el, () => el.shadowRoot!.querySelector('.queued'), 'kept for later');
    expect($(el, '[part="status"]').textContent).to.contain('locked and kept on this device');
    const raw = await rawDatabase(org);
    expect(raw).to.contain('"ciphertext"');
    // The form's own choices are remembered (public), what the person chose is not readable.
    for (const plain of ['Marta', '601 234', 'wypadku', '"accessNeeds":["step-free"]', '"health-data":true', '"help":["work"]']) expect(raw, plain).to.not.contain(plain);

    online = true;
    window.dispatchEvent(new Event('online'));
    await untilShown(el, () => el.shadowRoot!.querySelector('.sent'), 'sent when back online');
    expect($(el, '[part="status"]').textContent).to.equal('Your earlier request has now reached Open Doors Warsaw.');
    window.dispatchEvent(new Event('online'));
    await el.updateComplete;
    expect(server.received.size).to.equal(1);
    expect(server.posts()).to.equal(1);
    expect(await rawDatabase(org)).to.not.contain('"ciphertext"');
  });

  it('a request sent from a page closed while offline goes from the next page that opens', async () => {
    let online = false;
    const server = fakeServer({ online: () => online });
    const first = await (async () => {
      window.fetch = fakeServer().fetch; // the key was fetched on an earlier visit
      const el = await fixture<CpFirstContact>(html`<cp-first-contact organisation=${org} provider="warsaw" server=""></cp-first-contact>`);
      await untilShown(el, () => el.shadowRoot!.querySelector('form'), 'the form shows');
      window.fetch = server.fetch;
      return el;
    })();
    await fill(first);
    $<HTMLFormElement>(first, 'form').requestSubmit();
    await untilShown(first, () => first.shadowRoot!.querySelector('.queued'), 'kept');
    first.remove();
    online = true;
    const next = await fixture<CpFirstContact>(html`<cp-first-contact organisation=${org} provider="warsaw" server=""></cp-first-contact>`);
    await untilShown(next, () => next.shadowRoot!.querySelector('[part="status"]')?.textContent?.includes('earlier request'), 'the next page says it was sent');
    expect(server.received.size).to.equal(1);
    expect($(next, '[part="status"]').textContent).to.equal('Your earlier request has now reached Open Doors Warsaw.');
  });

  it('a refusal is told with the reason and the sealed request is kept', async () => {
    const el = await mount(fakeServer({ refuse: 'sealed.to: there is no provider warsaw here' }));
    await fill(el);
    $<HTMLFormElement>(el, 'form').requestSubmit();
    await untilShown(el, () => el.shadowRoot!.querySelector('.refused'), 'refused');
    expect($(el, '[part="status"]').textContent).to.contain('did not take your request: sealed.to: there is no provider warsaw here');
    expect(await rawDatabase(org)).to.contain('"refused"');
  });

  it('without a server, or before the organisation has a key, says so and offers no form', async () => {
    window.fetch = (() => Promise.reject(new Error('no network expected')));
    const none = await fixture<CpFirstContact>(html`<cp-first-contact organisation=${org} provider="warsaw"></cp-first-contact>`);
    await none.updateComplete;
    expect(none.shadowRoot!.textContent).to.contain('cannot reach the organisation');
    expect(none.shadowRoot!.querySelector('form')).to.equal(null);
    window.fetch = fakeServer({ withKey: false }).fetch;
    const noKey = await fixture<CpFirstContact>(html`<cp-first-contact organisation=${org} provider="warsaw" server=""></cp-first-contact>`);
    await noKey.updateComplete;
    expect(noKey.shadowRoot!.textContent).to.contain('does not take requests here yet');
    await expect(noKey).to.be.accessible();
  });
});
