import { expect, fixture, html } from '@open-wc/testing';
import { deleteDB } from 'idb';
import type { CaseEvent } from '@casepath/core';
import { CaseHistoryBuilder } from '@casepath/core/testing';
import { databaseName, IdbCaseStore } from '../storage/idb-case-store.js';
import { untilShown } from './until-shown.test-support.js';
import '../components/caseload/cp-caseload.js';
import '../components/employment/cp-employment.js';
import '../components/consent/cp-consent.js';
import '../components/support-log/cp-support-log.js';

const REF = 'OD-SECRET-7';
const EMPLOYER = 'Zebrafish Bakery of Vilnius';
const PASSPHRASE = 'correct horse battery staple';
const HIDDEN = 'Hidden while this device is locked. Sign in or unlock it to see this again.';
const text = (el: Element) => el.shadowRoot!.textContent.replace(/\s+/g, ' ');
const history = (): CaseEvent[] =>
  new CaseHistoryBuilder('c1', '2026-01-05T09:00:00Z')
    .add('case.open', { templateId: 'euse-supported-employment', templateVersion: 1, providerId: 'p', clientRef: REF })
    .add('consent.grant', { purpose: 'service' })
    .add('job.start', { jobId: 'j1', employer: EMPLOYER, openMarket: true }, 'placed after a trial week')
    .build();

describe('what widgets show while the device’s records are locked', () => {
  let org = '';
  let store: IdbCaseStore;
  beforeEach(() => {
    org = `locked-${Math.random().toString(36).slice(2)}`;
    store = new IdbCaseStore(org);
  });
  afterEach(async () => {
    await store.dispose();
    await deleteDB(databaseName(org));
  });

  /** Ewa's case on a sealed device, open, in three widgets that show it. */
  async function showingTheCase() {
    await store.importEvents(history());
    await store.protect('ewa', PASSPHRASE);
    const caseload = await fixture(html`<cp-caseload organisation=${org} today="2026-03-02" .store=${store}></cp-caseload>`);
    const employment = await fixture(html`<cp-employment organisation=${org} case-id="c1" today="2026-03-02" .store=${store}></cp-employment>`);
    const consent = await fixture(html`<cp-consent organisation=${org} case-id="c1" .store=${store}></cp-consent>`);
    await untilShown(caseload, () => text(caseload).includes(REF), 'the caseload shows the case');
    await untilShown(employment, () => text(employment).includes(EMPLOYER), 'the work shows the job');
    await untilShown(consent, () => text(consent).includes('Yes, since'), 'the consent shows what was given');
    return { caseload, employment, consent };
  }

  it('leaves the screen when they are locked (signing out, "Lock this device"), and comes back when they are opened', async () => {
    const { caseload, employment, consent } = await showingTheCase();

    await store.lock();
    for (const el of [caseload, employment, consent]) {
      await untilShown(el, () => el.shadowRoot!.querySelector('.locked'), `<${el.localName}> says it is locked`);
      expect(text(el).trim(), el.localName).to.equal(HIDDEN);
      expect(el.shadowRoot!.querySelector('.locked')!.getAttribute('role')).to.equal('status');
      await expect(el).to.be.accessible();
    }

    await store.unlock('ewa', PASSPHRASE);
    await untilShown(caseload, () => text(caseload).includes(REF), 'the caseload shows the case again');
    await untilShown(employment, () => text(employment).includes(EMPLOYER), 'the work shows the job again');
    await untilShown(consent, () => text(consent).includes('Yes, since'), 'the consent shows again');
    expect(caseload.shadowRoot!.querySelector('.locked')).to.equal(null);
  });

  it('shows nothing from before the lock when the device starts over for another worker', async () => {
    const { caseload, employment, consent } = await showingTheCase();
    await store.lock(); // Ewa signs out
    // Everything each widget shows from now on, as it is drawn.
    const seen: string[] = [];
    const observers = [caseload, employment, consent].map((el) => {
      const observer = new MutationObserver(() => seen.push(text(el)));
      observer.observe(el.shadowRoot!, { childList: true, subtree: true, characterData: true });
      return observer;
    });
    try {
      // Anna, without a password for what the device holds, starts it over (nothing waited on it).
      expect(await store.startOver('anna', 'another long passphrase')).to.equal(true);
      await untilShown(caseload, () => !caseload.shadowRoot!.querySelector('.locked') && text(caseload).includes('No open cases.'), 'the caseload shows Anna’s (none)');
      await untilShown(employment, () => !employment.shadowRoot!.querySelector('.locked'), 'the work shows again');
      await untilShown(consent, () => !consent.shadowRoot!.querySelector('.locked'), 'the consent shows again');
      expect(seen.filter((t) => t.includes(REF) || t.includes(EMPLOYER) || t.includes('Yes, since')), 'Ewa’s case never showed to Anna').to.deep.equal([]);
    } finally {
      for (const o of observers) o.disconnect();
    }
  });

  it('gives back what the worker typed and had not saved when it is they who open the records again, to nobody else', async () => {
    const NOTE = 'Talked with Zebrafish about the night shifts';
    await store.importEvents(history());
    // On screen as Ewa signs in and the device is sealed for her, as on a staff page.
    const log = await fixture(html`<cp-support-log organisation=${org} case-id="c1" today="2026-03-02" .store=${store}></cp-support-log>`);
    await store.protect('ewa', PASSPHRASE);
    await store.setPassphrase('anna', 'another long passphrase');
    const field = (sel: string) => log.shadowRoot!.querySelector<HTMLInputElement>(sel);
    const choose = (text: string) => [...log.shadowRoot!.querySelectorAll('fieldset.choices label')].find((l) => l.textContent.trim() === text)!.querySelector('input')!.click();
    await untilShown(log, () => field('#note'), 'the form shows');
    const typeInto = async () => {
      choose('45 minutes');
      choose('by phone or online');
      field('#note')!.value = NOTE;
      field('#day')!.value = '2026-02-27';
      await (log as unknown as { updateComplete: Promise<boolean> }).updateComplete;
    };
    await typeInto(); // (its update done, what keeps the typing is loaded too)

    // Ewa locks the device and comes back: her words are where she left them, and save.
    await store.lock();
    await untilShown(log, () => log.shadowRoot!.querySelector('.locked'), 'the form is hidden');
    expect(log.shadowRoot!.innerHTML, 'nothing typed stays on screen').not.to.contain(NOTE);
    await store.unlock('ewa', PASSPHRASE);
    await untilShown(log, () => field('#note'), 'the form is back');
    await (log as unknown as { updateComplete: Promise<boolean> }).updateComplete;
    expect(field('#note')!.value, 'Ewa’s note is back').to.equal(NOTE);
    expect(field('#day')!.value).to.equal('2026-02-27');
    log.shadowRoot!.querySelector('form')!.requestSubmit();
    const saved = async () => (await store.events('c1')).at(-1)!;
    await untilShown(log, () => field('#note')?.value === '', 'the form is empty after saving');
    expect(await saved()).to.deep.include({ type: 'support.log', at: '2026-02-27T12:00:00.000Z', reason: NOTE });
    expect((await saved()).payload).to.deep.equal({ minutes: 45, mode: 'remote' });

    // Typed again and locked; Anna opens the records: Ewa's words are not shown to her.
    await typeInto();
    await store.lock();
    await untilShown(log, () => log.shadowRoot!.querySelector('.locked'), 'the form is hidden again');
    await store.unlock('anna', 'another long passphrase');
    await untilShown(log, () => field('#note'), 'the form shows to Anna');
    await (log as unknown as { updateComplete: Promise<boolean> }).updateComplete;
    expect(field('#note')!.value).to.equal('');
    expect(field('#day')!.value).to.equal('2026-03-02');
  });

  it('gives what was typed back to its own case when the widget moved to another while locked', async () => {
    const NOTE = 'Talked with Zebrafish about the night shifts';
    const other = new CaseHistoryBuilder('c2', '2026-01-05T09:00:00Z')
      .add('case.open', { templateId: 'euse-supported-employment', templateVersion: 1, providerId: 'p', clientRef: 'OD-OTHER-8' })
      .add('consent.grant', { purpose: 'service' })
      .build();
    await store.importEvents([...history(), ...other]);
    const log = await fixture<HTMLElement & { updateComplete: Promise<boolean> }>(html`<cp-support-log organisation=${org} case-id="c1" today="2026-03-02" .store=${store}></cp-support-log>`);
    await store.protect('ewa', PASSPHRASE);
    const note = () => log.shadowRoot!.querySelector<HTMLTextAreaElement>('#note');
    await untilShown(log, () => note(), 'the form shows');
    note()!.value = NOTE;
    await log.updateComplete;

    await store.lock();
    await untilShown(log, () => log.shadowRoot!.querySelector('.locked'), 'the form is hidden');
    log.setAttribute('case-id', 'c2'); // the page opens another case while the device is locked (its reading waits for the key)
    await store.unlock('ewa', PASSPHRASE);
    await untilShown(log, () => note(), 'the form is back');
    await log.updateComplete;
    expect(note()!.value, 'the note is not on the other case').to.equal('');

    log.setAttribute('case-id', 'c1');
    await log.updateComplete;
    expect(note()!.value, 'the note is back on its own case').to.equal(NOTE);
  });

  it('keeps a job’s ending, open with its note, for the worker who had it open, and closes it for anyone else', async () => {
    const { employment } = await showingTheCase();
    await store.setPassphrase('anna', 'another long passphrase');
    const note = () => employment.shadowRoot!.querySelector<HTMLInputElement>('#end-note');
    const endIt = async () => {
      employment.shadowRoot!.querySelector<HTMLButtonElement>(`button[aria-label="The job ended: ${EMPLOYER}"]`)!.click();
      await untilShown(employment, () => note(), 'the ending asks');
      note()!.value = 'Night shifts were too much';
    };
    await endIt();
    await store.lock();
    await untilShown(employment, () => employment.shadowRoot!.querySelector('.locked'), 'hidden');
    await store.unlock('ewa', PASSPHRASE);
    await untilShown(employment, () => note()?.value === 'Night shifts were too much', 'Ewa’s ending of the job is open again, with her note');

    await store.lock();
    await untilShown(employment, () => employment.shadowRoot!.querySelector('.locked'), 'hidden again');
    await store.unlock('anna', 'another long passphrase');
    await untilShown(employment, () => text(employment).includes(EMPLOYER), 'the job shows to Anna');
    await (employment as unknown as { updateComplete: Promise<boolean> }).updateComplete;
    expect(note() === null, 'Ewa’s ending of the job is not left open for Anna').to.equal(true);
  });

  it('does not give back, as unsaved, a note whose save the device finished while it was being locked', async () => {
    const NOTE = 'Talked with Zebrafish about the night shifts';
    // The store has written the note, but the widget hears it only once the test lets it.
    let heard: () => void = () => undefined;
    let wrote: () => void = () => undefined;
    const written = new Promise<void>((resolve) => (wrote = resolve));
    const slow = new (class extends IdbCaseStore {
      override async record(...args: Parameters<IdbCaseStore['record']>) {
        const result = await super.record(...args);
        const told = new Promise<void>((resolve) => (heard = resolve));
        wrote();
        await told;
        return result;
      }
    })(org);
    await store.dispose();
    store = slow;
    await store.importEvents(history());
    const log = await fixture<HTMLElement & { updateComplete: Promise<boolean> }>(html`<cp-support-log organisation=${org} case-id="c1" today="2026-03-02" .store=${store}></cp-support-log>`);
    await store.protect('ewa', PASSPHRASE);
    const note = () => log.shadowRoot!.querySelector<HTMLTextAreaElement>('#note');
    await untilShown(log, () => note(), 'the form shows');
    note()!.value = NOTE;
    log.shadowRoot!.querySelector('form')!.requestSubmit();
    await written;
    await store.lock();
    await untilShown(log, () => log.shadowRoot!.querySelector('.locked'), 'the form is hidden');
    heard();
    await store.unlock('ewa', PASSPHRASE);
    await untilShown(log, () => note(), 'the form is back');
    await log.updateComplete;
    expect((await store.events('c1')).at(-1)!.reason).to.equal(NOTE);
    expect(note()!.value, 'the saved note is not given back as if unsaved').to.equal('');
  });
});
