import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { untilShown } from '../../internal/until-shown.test-support.js';
import { until } from '../../internal/until.test-support.js';
import { replay, builtInTemplates } from '@casepath/core';
import { MemoryCaseStore } from '../../storage/memory-case-store.js';
import { databaseName, IdbCaseStore } from '../../storage/idb-case-store.js';
import { deleteDB } from 'idb';
import { setSignedIn } from '../../internal/signed-in.js';
import type { CpIntakeForm } from './intake-form.js';
import type { CpIntakeSubmittedEvent } from '../../events/intake-events.js';
import './cp-intake-form.js';

async function mount(lang = 'en') {
  const store = new MemoryCaseStore();
  const el = await fixture<CpIntakeForm>(html`<cp-intake-form lang=${lang} provider="otwarte-drzwi" .store=${store}></cp-intake-form>`);
  return { el, store };
}
const $ = <T extends Element>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel)!;

describe('<cp-intake-form>', () => {
  it('is accessible', async () => {
    const { el } = await mount();
    await expect(el).to.be.accessible();
  });

  it('asks consent first, purpose by purpose, in plain words', async () => {
    const { el } = await mount();
    const first = el.shadowRoot!.querySelector('fieldset')!;
    expect(first.querySelector('legend')!.textContent).to.equal('Your consent');
    expect([...first.querySelectorAll('label')].map((l) => l.textContent.trim())).to.deep.equal([
      'You may keep my details to help me.',
      'You may write down things about my health.',
      'You may talk to employers about me.',
      'You may count me in reports without my name.',
    ]);
  });

  it('shows errors next to the fields, announces them and moves focus to the first', async () => {
    const { el, store } = await mount();
    $<HTMLButtonElement>(el, 'button[type="submit"]').click();
    const service = $<HTMLInputElement>(el, 'input[name="consent-service"]');
    await until(() => el.shadowRoot!.activeElement === service, 'the focus is on the first field to mend');
    expect(service.getAttribute('aria-invalid')).to.equal('true');
    expect($(el, '#consent-error').textContent).to.contain('We need your consent');
    expect($(el, '#client-ref-error').textContent).to.contain('1 to 40');
    expect($(el, '[part="status"]').textContent).to.contain('We need your consent');
    expect(el.shadowRoot!.activeElement).to.equal(service);
    expect(await store.cases()).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('saves the draft as the person types and restores it in a new form', async () => {
    const { el, store } = await mount();
    $<HTMLInputElement>(el, 'input[name="consent-service"]').click();
    const ref = $<HTMLInputElement>(el, '#client-ref');
    ref.value = 'OD-2026-17';
    ref.dispatchEvent(new Event('input'));
    el.remove(); // taken off the page before the autosave timer fires
    await until(() => store.loadDraft('intake:default:otwarte-drzwi:euse-supported-employment'), 'the draft is saved');
    const again = await fixture<CpIntakeForm>(html`<cp-intake-form provider="otwarte-drzwi" .store=${store}></cp-intake-form>`);
    await untilShown(again, () => $<HTMLInputElement>(again, '#client-ref').value, 'the draft is back in the form');
    expect($<HTMLInputElement>(again, '#client-ref').value).to.equal('OD-2026-17');
    expect($<HTMLInputElement>(again, 'input[name="consent-service"]').checked).to.equal(true);
  });

  it('what was typed just before a reload or a closed tab is written as the page is left, in that turn, not at the autosave', async () => {
    const org = `intake-left-${Math.random().toString(36).slice(2)}`;
    const store = new IdbCaseStore(org);
    const el = await fixture<CpIntakeForm>(html`<cp-intake-form provider="otwarte-drzwi" .store=${store}></cp-intake-form>`);
    await store.loadDraft('opens the database');
    const written: unknown[] = [];
    const writeDraftsNow = store.writeDraftsNow.bind(store);
    store.writeDraftsNow = (drafts, gone) => (written.push(...drafts.map((d) => d.data)), writeDraftsNow(drafts, gone));
    $<HTMLInputElement>(el, 'input[name="consent-service"]').click();
    const ref = $<HTMLInputElement>(el, '#client-ref');
    ref.value = 'OD-2026-18';
    ref.dispatchEvent(new Event('input'));
    window.dispatchEvent(new PageTransitionEvent('pagehide'));
    expect(written, 'handed to the store in the turn of pagehide').to.deep.equal([{ consent: { service: true }, clientRef: 'OD-2026-18' }]);
    // The autosave does not write it again later; a new page finds it.
    await new Promise((r) => setTimeout(r, 400));
    expect(written).to.have.length(1);
    const next = new IdbCaseStore(org);
    expect(await next.loadDraft('intake:default:otwarte-drzwi:euse-supported-employment')).to.deep.equal({ consent: { service: true }, clientRef: 'OD-2026-18' });
    el.remove();
    await Promise.all([store.dispose(), next.dispose()]);
    await deleteDB(databaseName(org));
  });

  it('opens a case with case.open and consent.grant, after a cancelable cp-intake-submit', async () => {
    const { el, store } = await mount();
    $<HTMLInputElement>(el, 'input[name="consent-service"]').click();
    $<HTMLInputElement>(el, 'input[name="consent-statistics"]').click();
    const ref = $<HTMLInputElement>(el, '#client-ref');
    ref.value = 'OD-17';
    ref.dispatchEvent(new Event('input'));
    const submit = oneEvent(el, 'cp-intake-submit');
    const submitted = oneEvent(el, 'cp-intake-submitted');
    $<HTMLButtonElement>(el, 'button[type="submit"]').click();
    const before = await submit;
    expect(before.cancelable).to.equal(true);
    const { detail } = (await submitted) as CpIntakeSubmittedEvent;
    expect(detail.events.map((e) => e.type)).to.deep.equal(['case.open', 'consent.grant', 'consent.grant']);
    const stored = await store.events(detail.caseId);
    const { state } = replay(builtInTemplates['euse-supported-employment'], stored);
    expect(state.status).to.equal('active');
    expect(state.clientRef).to.equal('OD-17');
    // Each consent records the version of the wording the person saw.
    expect(state.consent.service).to.deep.include({ granted: true, textVersion: 'casepath-intake-1' });
    expect(state.consent.statistics?.granted).to.equal(true);
    expect(state.consent['health-data']).to.equal(undefined);
  });

  it('leaves no draft behind once submitted, though the autosave’s write lands after the case is opened', async () => {
    // A store whose draft writes land only once the case has been recorded and the turn has ended.
    class SlowDrafts extends MemoryCaseStore {
      private landed!: () => void;
      private readonly landing = new Promise<void>((resolve) => (this.landed = resolve));
      private written!: () => void;
      readonly writing = new Promise<void>((resolve) => (this.written = resolve));
      private stored!: () => void;
      readonly landedWrite = new Promise<void>((resolve) => (this.stored = resolve));
      override async saveDraft(...args: Parameters<MemoryCaseStore['saveDraft']>): Promise<void> {
        this.written();
        await this.landing;
        await super.saveDraft(...args);
        this.stored();
      }
      override async record(...args: Parameters<MemoryCaseStore['record']>) {
        const result = await super.record(...args);
        setTimeout(this.landed);
        return result;
      }
    }
    const store = new SlowDrafts();
    const el = await fixture<CpIntakeForm>(html`<cp-intake-form provider="otwarte-drzwi" .store=${store}></cp-intake-form>`);
    $<HTMLInputElement>(el, 'input[name="consent-service"]').click();
    const ref = $<HTMLInputElement>(el, '#client-ref');
    ref.value = 'OD-2026-19';
    ref.dispatchEvent(new Event('input'));
    await store.writing; // the autosave has begun its write
    const submitted = oneEvent(el, 'cp-intake-submitted');
    $<HTMLButtonElement>(el, 'button[type="submit"]').click();
    await submitted;
    await store.landedWrite; // the autosave's write has landed
    expect(await store.loadDraft('intake:default:otwarte-drzwi:euse-supported-employment'), 'the next person finds an empty form').to.equal(undefined);
  });

  it('holds what Start was pressed with until the case is open: a consent clicked or a key typed meanwhile changes nothing', async () => {
    const { sendKeys } = await import('@web/test-runner-commands');
    // A store that holds the case's record until the test lets it go (a slow store of one's own).
    class HeldRecord extends MemoryCaseStore {
      private letGo!: () => void;
      private readonly held = new Promise<void>((resolve) => (this.letGo = resolve));
      private began!: () => void;
      readonly recording = new Promise<void>((resolve) => (this.began = resolve));
      override async record(...args: Parameters<MemoryCaseStore['record']>) {
        this.began();
        await this.held;
        return super.record(...args);
      }
      release(): void {
        this.letGo();
      }
    }
    const store = new HeldRecord();
    const el = await fixture<CpIntakeForm>(html`<cp-intake-form provider="otwarte-drzwi" purposes="statistics" .store=${store}></cp-intake-form>`);
    const statistics = $<HTMLInputElement>(el, 'input[name="consent-statistics"]');
    $<HTMLInputElement>(el, 'input[name="consent-service"]').click();
    statistics.click(); // given...
    const ref = $<HTMLInputElement>(el, '#client-ref');
    ref.focus();
    await sendKeys({ type: 'OD-5' });
    const submitted = oneEvent(el, 'cp-intake-submitted');
    await sendKeys({ press: 'Enter' }); // Start
    await store.recording;
    await el.updateComplete;
    expect(ref.readOnly).to.equal(true);
    expect(statistics.getAttribute('aria-disabled')).to.equal('true');
    expect($<HTMLButtonElement>(el, 'button[type="submit"]').getAttribute('aria-disabled')).to.equal('true');
    expect($(el, '[part="status"]').textContent).to.equal('Opening your case…');
    await expect(el).to.be.accessible();
    await sendKeys({ type: '9' }); // typed into the reference while it records
    statistics.focus();
    await sendKeys({ press: 'Space' }); // ...and taken back while it records
    expect(statistics.checked, 'the consent as Start was pressed with it').to.equal(true);
    expect(ref.value).to.equal('OD-5');
    store.release();
    const { detail } = (await submitted) as CpIntakeSubmittedEvent;
    const { state } = replay(builtInTemplates['euse-supported-employment'], await store.events(detail.caseId));
    expect(state.clientRef).to.equal('OD-5');
    expect(state.consent.statistics?.granted).to.equal(true);
    expect(await store.loadDraft('intake:default:otwarte-drzwi:euse-supported-employment'), 'no change left in a draft').to.equal(undefined);
  });

  it('reset() clears the form and its draft on the device for the next person', async () => {
    const { el, store } = await mount();
    const key = 'intake:default:otwarte-drzwi:euse-supported-employment';
    $<HTMLInputElement>(el, 'input[name="consent-service"]').click();
    const ref = $<HTMLInputElement>(el, '#client-ref');
    ref.value = 'OD-2026-20';
    ref.dispatchEvent(new Event('input'));
    el.remove(); // its draft written now
    document.body.append(el);
    expect(await store.loadDraft(key)).to.deep.equal({ consent: { service: true }, clientRef: 'OD-2026-20' });
    await el.reset();
    await el.updateComplete;
    expect($<HTMLInputElement>(el, '#client-ref').value).to.equal('');
    expect($<HTMLInputElement>(el, 'input[name="consent-service"]').checked).to.equal(false);
    expect(await store.loadDraft(key), 'a reload does not bring it back').to.equal(undefined);
    expect($(el, '[part="status"]').textContent.trim(), 'nothing said about the person before').to.equal('');
  });

  it('reset() after a case opened shows the empty form for the next person, saying nothing of the case', async () => {
    const { el } = await mount();
    $<HTMLInputElement>(el, 'input[name="consent-service"]').click();
    const ref = $<HTMLInputElement>(el, '#client-ref');
    ref.value = 'OD-2026-21';
    ref.dispatchEvent(new Event('input'));
    $<HTMLButtonElement>(el, 'button[type="submit"]').click();
    await until(() => el.shadowRoot!.querySelector('[part="done"]') !== null, 'the case opened');
    await el.reset();
    await el.updateComplete;
    expect($<HTMLInputElement>(el, '#client-ref').value).to.equal('');
    expect(el.shadowRoot!.textContent, 'not "Your case is open"').not.to.match(/case is open/);
  });

  it('open in two tabs, the form sent or cleared in one is emptied in the other: not sent twice, not left for the next person', async () => {
    const org = `intake-tabs-${Math.random().toString(36).slice(2)}`;
    // Two stores of one organisation's database on one page: two tabs, told of each other's writes.
    const stores = [new IdbCaseStore(org), new IdbCaseStore(org)];
    const form = (store: IdbCaseStore) => fixture<CpIntakeForm>(html`<cp-intake-form provider="otwarte-drzwi" .store=${store}></cp-intake-form>`);
    const key = 'intake:default:otwarte-drzwi:euse-supported-employment';
    const shown = (el: CpIntakeForm) => [$<HTMLInputElement>(el, '#client-ref').value, $<HTMLInputElement>(el, 'input[name="consent-service"]').checked];
    const fill = async (el: CpIntakeForm, ref: string) => {
      $<HTMLInputElement>(el, 'input[name="consent-service"]').click();
      $<HTMLInputElement>(el, '#client-ref').value = ref;
      $<HTMLInputElement>(el, '#client-ref').dispatchEvent(new Event('input'));
      el.remove(); // its draft written now
      document.body.append(el);
      expect(await el.store.loadDraft(key), 'on disk').to.deep.equal({ consent: { service: true }, clientRef: ref });
    };
    const a = await form(stores[0]!);
    try {
      await fill(a, 'OD-2026-21');
      const b = await form(stores[1]!); // the same page in another tab
      await until(() => $<HTMLInputElement>(b, '#client-ref').value, 'the other tab shows the same answers'); // a property: no mutation to wait for
      // Sent in the first tab: the second is emptied, and its Start would need them again.
      const opened = oneEvent(a, 'cp-intake-submitted');
      $<HTMLButtonElement>(a, 'button[type="submit"]').click();
      await opened;
      await until(() => !shown(b)[1], 'the other tab is emptied');
      expect(shown(b)).to.deep.equal(['', false]);
      window.dispatchEvent(new PageTransitionEvent('pagehide'));
      await b.updateComplete;
      expect(await stores[1]!.loadDraft(key), 'nothing written back').to.equal(undefined);
      // Filled again in the second tab and cleared in the first for the next person: emptied too.
      await fill(b, 'OD-2026-22');
      a.remove();
      document.body.append(a); // a new form, as after the page was opened again
      await a.reset();
      await until(() => !shown(b)[1], 'the other tab is emptied for the next person');
      expect(shown(b)).to.deep.equal(['', false]);
      b.remove();
    } finally {
      a.remove();
      await Promise.all(stores.map((store) => store.dispose()));
      await deleteDB(databaseName(org));
    }
  });

  it('opens the case for the provider of the worker signed in, not the page’s', async () => {
    const { el, store } = await mount();
    el.actorRole = 'coordinator'; // as on the staff page, which names a provider of its own
    setSignedIn(el.organisation, { id: 'olga', role: 'social-worker', providerId: 'omsk' });
    try {
      $<HTMLInputElement>(el, 'input[name="consent-service"]').click();
      const ref = $<HTMLInputElement>(el, '#client-ref');
      ref.value = 'OM-1';
      ref.dispatchEvent(new Event('input'));
      const submitted = oneEvent(el, 'cp-intake-submitted');
      $<HTMLButtonElement>(el, 'button[type="submit"]').click();
      const { detail } = (await submitted) as CpIntakeSubmittedEvent;
      const [opened] = await store.events(detail.caseId);
      expect(opened!.actor).to.deep.equal({ id: 'olga', role: 'social-worker' });
      expect(opened!.payload).to.deep.include({ providerId: 'omsk' });
    } finally {
      setSignedIn(el.organisation, null);
    }
  });

  it('on a page that works with a server, records nothing before a worker signs in, then records as them', async () => {
    // The staff page: a <cp-sync> with a server (here still loading: only its tag is on the page),
    // and a form that names a worker of its own (`actor-id`), who is not the one at the device.
    const sync = document.createElement('cp-sync');
    sync.setAttribute('server', 'https://casepath.example.org');
    document.body.append(sync);
    const { el, store } = await mount();
    el.actorRole = 'coordinator';
    el.actorId = 'ewa';
    try {
      $<HTMLInputElement>(el, 'input[name="consent-service"]').click();
      const ref = $<HTMLInputElement>(el, '#client-ref');
      ref.value = 'OM-2';
      ref.dispatchEvent(new Event('input'));
      $<HTMLButtonElement>(el, 'button[type="submit"]').click();
      await untilShown(el, () => $(el, '[part="status"]').textContent.trim().startsWith('Not saved'), 'the form says why nothing was saved');
      expect($(el, '[part="status"]').textContent.trim()).to.equal('Not saved: nobody is signed in on this page yet. Sign in, then try again.');
      expect(await store.cases(), 'nothing is recorded as ewa').to.have.length(0);
      expect(ref.value, 'what was typed stays').to.equal('OM-2');

      setSignedIn(el.organisation, { id: 'olga', role: 'social-worker', providerId: 'omsk' });
      const submitted = oneEvent(el, 'cp-intake-submitted');
      $<HTMLButtonElement>(el, 'button[type="submit"]').click();
      const { detail } = (await submitted) as CpIntakeSubmittedEvent;
      const events = await store.events(detail.caseId);
      expect(events.map((e) => `${e.type} ${e.actor.id}`)).to.deep.equal(['case.open olga', 'consent.grant olga']);
    } finally {
      setSignedIn(el.organisation, null);
      sync.remove();
    }
  });

  it('records a person’s own first contact with nobody signed in, on a page with a server too', async () => {
    const sync = document.createElement('cp-sync');
    sync.setAttribute('server', 'https://casepath.example.org');
    document.body.append(sync);
    const { el, store } = await mount();
    try {
      $<HTMLInputElement>(el, 'input[name="consent-service"]').click();
      const ref = $<HTMLInputElement>(el, '#client-ref');
      ref.value = 'P-1';
      ref.dispatchEvent(new Event('input'));
      const submitted = oneEvent(el, 'cp-intake-submitted');
      $<HTMLButtonElement>(el, 'button[type="submit"]').click();
      const { detail } = (await submitted) as CpIntakeSubmittedEvent;
      expect((await store.events(detail.caseId))[0]!.actor.role).to.equal('client');
    } finally {
      sync.remove();
    }
  });

  it('stores nothing when cp-intake-submit is cancelled', async () => {
    const { el, store } = await mount();
    let cancelled = false;
    el.addEventListener('cp-intake-submit', (e: Event) => (e.preventDefault(), (cancelled = true)));
    const recorded: unknown[] = [];
    const record = store.record.bind(store);
    store.record = (...args) => (recorded.push(args[0]), record(...args));
    $<HTMLInputElement>(el, 'input[name="consent-service"]').click();
    const ref = $<HTMLInputElement>(el, '#client-ref');
    ref.value = 'X1';
    ref.dispatchEvent(new Event('input'));
    $<HTMLButtonElement>(el, 'button[type="submit"]').click();
    await until(() => cancelled, 'cp-intake-submit was cancelled');
    await el.updateComplete;
    expect(recorded, 'the store was not asked').to.deep.equal([]);
    expect(await store.cases()).to.have.length(0);
  });

  it('is drawn again in the page’s language when the page sets it after the form was drawn', async () => {
    // As a page's own script does, which may run after the widgets drew themselves.
    const before = document.documentElement.lang;
    document.documentElement.lang = 'en';
    try {
      const el = await fixture<CpIntakeForm>(html`<cp-intake-form .store=${new MemoryCaseStore()}></cp-intake-form>`);
      expect($(el, 'legend').textContent).to.equal('Your consent');
      document.documentElement.lang = 'pl';
      await untilShown(el, () => $(el, 'legend').textContent === 'Twoja zgoda', 'the form is drawn in Polish');
    } finally {
      document.documentElement.lang = before;
    }
  });

  it('speaks the page language: Lithuanian from an ancestor', async () => {
    // The wrapper is passed as parentNode: a plain element as the fixture root would make
    // open-wc wait for an animation frame, which background test pages may never get.
    const parent = document.createElement('div');
    parent.lang = 'lt';
    document.body.append(parent); // open-wc's cleanup removes it after the test
    const el = await fixture<CpIntakeForm>(html`<cp-intake-form .store=${new MemoryCaseStore()}></cp-intake-form>`, { parentNode: parent });
    expect($(el, 'legend').textContent).to.equal('Jūsų sutikimas');
  });
});

describe('<cp-intake-form> with the keyboard only', () => {
  it('can be filled in and submitted without a mouse', async () => {
    const { sendKeys } = await import('@web/test-runner-commands');
    const { el, store } = await mount();
    $<HTMLInputElement>(el, 'input[name="consent-service"]').focus();
    await sendKeys({ press: 'Space' }); // consent to keeping details
    for (let i = 0; i < 4; i++) await sendKeys({ press: 'Tab' }); // past the other purposes to the reference
    expect(el.shadowRoot!.activeElement?.id).to.equal('client-ref');
    await sendKeys({ type: 'KB-7' });
    const submitted = oneEvent(el, 'cp-intake-submitted');
    await sendKeys({ press: 'Enter' }); // submits the form
    await submitted;
    const cases = await store.cases();
    expect(cases).to.have.length(1);
    expect(cases[0]!.events.map((e) => e.type)).to.deep.equal(['case.open', 'consent.grant']);
  });
});
