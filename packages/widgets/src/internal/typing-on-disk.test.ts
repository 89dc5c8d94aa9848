import { expect, fixture, html } from '@open-wc/testing';
import { deleteDB, openDB } from 'idb';
import type { CaseEvent } from '@casepath/core';
import { CaseHistoryBuilder } from '@casepath/core/testing';
import { builtInTemplates } from '@casepath/core';
import { databaseName, IdbCaseStore, openCasepathDB } from '../storage/idb-case-store.js';
import { templatesById, type DraftToKeep } from '../storage/case-store.js';
import type { CaseElement } from './case-element.js';
import { untilShown } from './until-shown.test-support.js';
import { holdingRecords } from './held-records.test-support.js';
import '../components/support-log/cp-support-log.js';

/** A person's case, opened with the service consent, with Ewa on the team. */
const personCase = (caseId: string, ref: string, more: (b: CaseHistoryBuilder) => CaseHistoryBuilder = (b) => b): CaseEvent[] =>
  more(
    new CaseHistoryBuilder(caseId, '2026-01-05T09:00:00Z')
      .add('case.open', { templateId: 'euse-supported-employment', templateVersion: 1, providerId: 'p', clientRef: ref })
      .add('consent.grant', { purpose: 'service' })
      .add('worker.assign', { workerId: 'ewa', role: 'job-coach' }),
  ).build();

const NOTE = 'Jonas asked about the night shifts at the bakery';
const KEY = 'typing:cp-support-log:jonas:ewa';
const field = (el: Element, sel: string) => el.shadowRoot!.querySelector<HTMLInputElement>(sel)!;
const checked = (el: Element, name: string) => [...el.shadowRoot!.querySelectorAll<HTMLInputElement>(`input[name="${name}"]`)].find((i) => i.checked)?.closest('label')?.textContent.trim();
const choose = (el: Element, text: string) => [...el.shadowRoot!.querySelectorAll('fieldset.choices label')].find((l) => l.textContent.trim() === text)!.querySelector('input')!.click();
const showsCase = (el: CaseElement, ref: string) => (el as unknown as { caseState: { clientRef?: string } | null }).caseState?.clientRef === ref;

/** A store whose next record waits until the test says whether it is written. */
class HeldStore extends holdingRecords(IdbCaseStore) {}

/**
 * A store that tells what it was asked to write at once, as a page is hidden or left, and can refuse it;
 * with `slow`, a draft saved the usual way is written and then waits there to end.
 */
class LeftNow extends IdbCaseStore {
  now: { drafts: readonly DraftToKeep[]; gone: readonly string[] }[] = [];
  refusesNow = false;
  slow: Promise<void> | null = null;
  saves = 0;
  private saved = () => {};
  /** Resolves once a draft was saved the usual way. */
  readonly firstSaved = new Promise<void>((resolve) => (this.saved = resolve));
  override writeDraftsNow(drafts: readonly DraftToKeep[], gone: readonly string[] = []): boolean {
    this.now.push({ drafts, gone });
    return !this.refusesNow && super.writeDraftsNow(drafts, gone);
  }
  override async saveDraft(...args: Parameters<IdbCaseStore['saveDraft']>): Promise<void> {
    await super.saveDraft(...args);
    this.saves++;
    this.saved();
    await this.slow;
  }
}

describe('what was typed and not saved: on disk while the page is hidden (a phone’s browser may end a hidden tab), and taken by a device that keeps it in memory', () => {
  let org = '';
  const stores: IdbCaseStore[] = [];
  beforeEach(() => {
    org = `typing-${Math.random().toString(36).slice(2)}`;
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    await deleteDB(databaseName(org));
  });
  const idb = () => {
    const s = new IdbCaseStore(org);
    stores.push(s);
    return s;
  };

  /** The support log of `caseId`, as Ewa (or `worker`), on a store opened anew, as after a reload. */
  async function supportLog(store: IdbCaseStore, caseId = 'jonas', worker = 'ewa'): Promise<CaseElement> {
    const el = await fixture<CaseElement>(html`<cp-support-log case-id=${caseId} actor-id=${worker} actor-role="job-coach" today="2026-03-02" .store=${store}></cp-support-log>`);
    await untilShown(el, () => showsCase(el, caseId === 'jonas' ? 'OD-1' : 'OD-2') && el.shadowRoot!.querySelector('#note'), `the support log of ${caseId}`);
    await el.updateComplete;
    return el;
  }

  /** Ewa types a note and chooses a time on Jonas's case, then the page is hidden. */
  async function typedThenHidden(): Promise<{ store: IdbCaseStore; log: CaseElement }> {
    const store = idb();
    await store.importEvents([...personCase('jonas', 'OD-1'), ...personCase('maria', 'OD-2')]);
    const log = await supportLog(store);
    choose(log, '45 minutes');
    field(log, '#note').value = NOTE;
    window.dispatchEvent(new Event('pagehide'));
    await log.updateComplete;
    return { store, log };
  }

  /** Ewa types a note and presses Save, and the page is hidden while the device holds the save. */
  async function savingAsHidden(): Promise<{ store: HeldStore; log: CaseElement }> {
    const store = new HeldStore(org);
    stores.push(store);
    await store.importEvents(personCase('jonas', 'OD-1'));
    const log = await supportLog(store);
    field(log, '#note').value = NOTE;
    store.hold();
    log.shadowRoot!.querySelector('form')!.requestSubmit();
    window.dispatchEvent(new Event('pagehide'));
    return { store, log };
  }

  /** The tab ends: the widget and the store's connection go. */
  async function tabEnds(log: CaseElement, store: IdbCaseStore): Promise<void> {
    log.remove();
    await store.close();
  }

  it('comes back into its fields when the same worker opens the case on the page anew', async () => {
    const { store, log } = await typedThenHidden();
    await tabEnds(log, store);
    const again = await supportLog(idb());
    expect(field(again, '#note').value).to.equal(NOTE);
    expect(checked(again, 'minutes')).to.equal('45 minutes');
    // Said in the status line drawn with the fields, so a screen reader announces it.
    const status = await untilShown(again, () => again.shadowRoot!.querySelector('[role="status"].message')?.textContent || null, 'a word that the typing is back');
    expect(status).to.equal('What you typed here and had not saved is back in its fields.');
  });

  it('goes to the store in the turn the page is left (a reload, a closed tab): nothing begun later is kept', async () => {
    const store = new LeftNow(org);
    stores.push(store);
    await store.importEvents(personCase('jonas', 'OD-1'));
    const log = await supportLog(store);
    field(log, '#note').value = NOTE;
    window.dispatchEvent(new Event('pagehide'));
    // In the same turn: the browser ends the page before the next one.
    expect(store.now.map(({ drafts }) => drafts.map((d) => [d.key, Object.values((d.data as { texts: object }).texts)]))).to.deep.equal([[[KEY, [NOTE]]]]);
    await tabEnds(log, store);
    expect(field(await supportLog(idb()), '#note').value).to.equal(NOTE);
  });

  it('a write of typing waiting its turn is not made after a later one made at once, which holds more', async () => {
    const store = new LeftNow(org);
    stores.push(store);
    await store.importEvents(personCase('jonas', 'OD-1'));
    const log = await supportLog(store);
    // The page is hidden twice while the store cannot write at once (its database not open yet,
    // say): the first write is slow to end, the second waits behind it.
    store.refusesNow = true;
    let slowWriteEnds!: () => void;
    store.slow = new Promise((resolve) => (slowWriteEnds = resolve));
    field(log, '#note').value = 'Jonas asked';
    window.dispatchEvent(new Event('pagehide'));
    await store.firstSaved;
    field(log, '#note').value = 'Jonas asked about the night';
    window.dispatchEvent(new Event('pagehide'));
    // Then she types on and reloads: written at once, in the turn of `pagehide`.
    store.refusesNow = false;
    field(log, '#note').value = NOTE;
    window.dispatchEvent(new Event('pagehide'));
    expect(Object.values(((await store.loadDraft(KEY)) as { texts: object }).texts)).to.deep.equal([NOTE]);
    expect(store.saves, 'the first write is on disk, and slow to end').to.equal(1);
    slowWriteEnds();
    await (log as unknown as { draftWrites: Promise<unknown> }).draftWrites;
    expect(store.saves, 'the second is not made').to.equal(1);
    await tabEnds(log, store);
    expect(field(await supportLog(idb()), '#note').value).to.equal(NOTE);
  });

  it('goes to disk, sealed, as the records lock, and comes back for the same worker after the tab ended while they were locked', async () => {
    const PASSPHRASE = 'correct horse battery staple';
    const store = idb();
    await store.importEvents(personCase('jonas', 'OD-1'));
    await store.protect('ewa', PASSPHRASE);
    const log = await supportLog(store);
    choose(log, '45 minutes');
    field(log, '#note').value = NOTE;
    await log.updateComplete;
    expect(await store.loadDraft(KEY), 'the page is visible: nothing written yet').to.equal(undefined);
    // Unused for a while, the device locks; then the laptop is closed and the browser ends.
    await store.lock();
    const raw = await openDB(databaseName(org));
    const drafts = JSON.stringify(await raw.getAll('drafts'), (_k, v: unknown) => (v instanceof Uint8Array ? new TextDecoder().decode(v) : v));
    raw.close();
    expect(drafts, 'a draft is on disk').to.include(KEY);
    expect(drafts, 'sealed: not its words').not.to.include(NOTE);
    await tabEnds(log, store);
    const reopened = idb();
    await reopened.unlock('ewa', PASSPHRASE);
    const again = await supportLog(reopened);
    await untilShown(again, () => field(again, '#note').value === NOTE, 'the note back after the tab ended while locked');
    expect(checked(again, 'minutes')).to.equal('45 minutes');
  });

  it('is not written when the worker signs out: it stays in the page’s memory, and leaves nothing that keeps another worker off the device', async () => {
    const store = idb();
    await store.importEvents(personCase('jonas', 'OD-1'));
    await store.protect('ewa', 'correct horse battery staple');
    const log = await supportLog(store);
    field(log, '#note').value = NOTE;
    await log.updateComplete;
    await store.lock({ everywhere: true, signOut: true });
    const raw = await openDB(databaseName(org));
    expect(await raw.count('drafts')).to.equal(0);
    raw.close();
    expect(await idb().startOver('anna', 'another long passphrase'), 'Anna starts the device over').to.equal(true);
  });

  it('is kept for a case the worker had left, and only what waits for no save', async () => {
    const { store, log } = await typedThenHidden();
    log.setAttribute('case-id', 'maria');
    await untilShown(log, () => showsCase(log, 'OD-2'), 'Maria’s case');
    await log.updateComplete;
    field(log, '#note').value = 'Maria starts on Monday';
    document.dispatchEvent(new Event('visibilitychange')); // the page is visible: nothing is written
    await log.updateComplete;
    expect(await store.loadDraft('typing:cp-support-log:maria:ewa')).to.equal(undefined);
    window.dispatchEvent(new Event('pagehide'));
    await log.updateComplete;
    await tabEnds(log, store);
    const reopened = idb();
    expect(field(await supportLog(reopened), '#note').value, 'Jonas’s note, typed before Ewa opened Maria’s case').to.equal(NOTE);
    expect(field(await supportLog(reopened, 'maria'), '#note').value).to.equal('Maria starts on Monday');
  });

  it('is not given back once it was saved', async () => {
    const { store, log } = await typedThenHidden();
    log.shadowRoot!.querySelector('form')!.requestSubmit();
    await log.updateComplete;
    expect((await store.events('jonas')).at(-1)).to.deep.include({ type: 'support.log', reason: NOTE });
    await tabEnds(log, store);
    const reopened = idb();
    expect(await reopened.loadDraft(KEY), 'nothing of it is left on disk').to.equal(undefined);
    expect(field(await supportLog(reopened), '#note').value).to.equal('');
  });

  it('is not shown to another worker who opens the case on this device, nor lost by it: it waits for the worker who typed it', async () => {
    const { store, log } = await typedThenHidden();
    await tabEnds(log, store);
    const reopened = idb();
    const jan = await supportLog(reopened, 'jonas', 'jan');
    expect(field(jan, '#note').value, 'Ewa’s note is not shown to Jan').to.equal('');
    expect(jan.shadowRoot!.querySelector('[role="status"].message')?.textContent, 'nothing said to Jan').to.equal('');
    field(jan, '#note').value = 'Jan’s own note';
    window.dispatchEvent(new Event('pagehide'));
    await jan.updateComplete;
    await tabEnds(jan, reopened);
    const third = idb();
    expect(field(await supportLog(third), '#note').value, 'Ewa finds hers').to.equal(NOTE);
    expect(field(await supportLog(third, 'jonas', 'jan'), '#note').value, 'Jan finds his').to.equal('Jan’s own note');
  });

  it('is not lost when another worker opens the records on this page: it comes back when its worker opens them again', async () => {
    const PASSPHRASE = 'correct horse battery staple';
    const store = idb();
    await store.importEvents(personCase('jonas', 'OD-1'));
    await store.protect('ewa', PASSPHRASE);
    await store.setPassphrase('jan', 'jan’s long passphrase');
    const log = await supportLog(store);
    field(log, '#note').value = NOTE;
    await log.updateComplete;
    await store.lock();
    await store.unlock('jan', 'jan’s long passphrase');
    const opened = () => !(log as unknown as { recordsLocked: boolean }).recordsLocked && showsCase(log, 'OD-1') && log.shadowRoot!.querySelector('#note');
    await untilShown(log, opened, 'the case, for Jan');
    await log.updateComplete;
    expect(field(log, '#note').value, 'not shown to Jan').to.equal('');
    window.dispatchEvent(new Event('pagehide')); // Jan, with nothing typed, leaves the page
    await log.updateComplete;
    await store.lock();
    await store.unlock('ewa', PASSPHRASE);
    await untilShown(log, () => log.shadowRoot!.querySelector<HTMLInputElement>('#note')?.value === NOTE, 'Ewa’s note back after Jan had the records');
    await untilShown(log, () => log.shadowRoot!.querySelector('[role="status"].message')?.textContent === 'What you typed here and had not saved is back in its fields.', 'a word that it is back');
  });

  it('is said to be back when the same worker opens the records again on the page', async () => {
    const PASSPHRASE = 'correct horse battery staple';
    const store = idb();
    await store.importEvents(personCase('jonas', 'OD-1'));
    await store.protect('ewa', PASSPHRASE);
    const log = await supportLog(store);
    const said = () => log.shadowRoot!.querySelector('[role="status"].message')?.textContent;
    field(log, '#note').value = NOTE;
    await log.updateComplete;
    expect(said(), 'nothing said while she types').to.equal('');
    await store.lock();
    await store.unlock('ewa', PASSPHRASE);
    await untilShown(log, () => log.shadowRoot!.querySelector<HTMLInputElement>('#note')?.value === NOTE, 'her note back');
    await untilShown(log, () => said() === 'What you typed here and had not saved is back in its fields.', 'a word that it is back');
  });

  it('kept under the case alone (before a key per worker), comes back to its worker and is moved under her key', async () => {
    const { store, log } = await typedThenHidden();
    await tabEnds(log, store);
    const reopened = idb();
    const before = 'typing:cp-support-log:jonas';
    await reopened.saveDraft(before, await reopened.loadDraft(KEY), { caseId: 'jonas' });
    await reopened.deleteDraft(KEY);
    expect(field(await supportLog(reopened, 'jonas', 'jan'), '#note').value, 'not Jan’s').to.equal('');
    expect(await reopened.loadDraft(before), 'left for Ewa').to.deep.include({ by: 'ewa' });
    const deleteDraft = reopened.deleteDraft.bind(reopened);
    const moved = new Promise<void>((resolve) => {
      reopened.deleteDraft = async (key) => {
        await deleteDraft(key);
        if (key === before) resolve();
      };
    });
    expect(field(await supportLog(reopened), '#note').value, 'Ewa’s note from before').to.equal(NOTE);
    await moved;
    expect(await reopened.loadDraft(before)).to.equal(undefined);
    expect(await reopened.loadDraft(KEY)).to.deep.include({ by: 'ewa' });
  });

  for (const writes of [true, false])
    it(`keeps a note being saved as the page is hidden on disk as the save's, not as typing, and once ${writes ? 'saved: nothing' : 'not saved: as typing'}`, async () => {
      const { store, log } = await savingAsHidden();
      const during = (await store.loadDraft(KEY)) as { texts: object; saving: { ids: string[]; texts: object } };
      expect(during.texts, 'not kept as typing while it is being saved').to.deep.equal({});
      expect([during.saving.ids.length, Object.values(during.saving.texts)], 'kept as what the save, by its id, is made from').to.deep.equal([1, [NOTE]]);
      store.release(writes);
      await log.updateComplete;
      const kept = await store.loadDraft(KEY);
      if (writes) expect(kept, 'saved: nothing left to keep').to.equal(undefined);
      else expect(JSON.stringify(kept ?? null), 'not saved: the note is kept').to.contain(NOTE);
    });

  for (const made of [false, true])
    it(`being saved as the page ends (a reload the moment it was pressed), ${made ? 'is not given back once the save was made' : 'comes back when the save was not made'}`, async () => {
      const { store, log } = await savingAsHidden();
      const asTheTabEnded = await store.loadDraft(KEY);
      if (made) {
        // The save is on disk; the page ended before it could say so in the draft.
        store.release(true);
        await log.updateComplete;
        expect((await store.events('jonas')).at(-1)).to.deep.include({ type: 'support.log', reason: NOTE });
        await store.saveDraft(KEY, asTheTabEnded, { caseId: 'jonas' });
      }
      await tabEnds(log, store);
      const again = await supportLog(idb());
      expect(field(again, '#note').value).to.equal(made ? '' : NOTE);
      await again.updateComplete;
      const status = again.shadowRoot!.querySelector('[role="status"].message')?.textContent ?? '';
      if (made) expect(status, 'nothing said to be back').not.to.include('is back');
      else expect(status).to.equal('What you typed here and had not saved is back in its fields.');
    });

  it('saved, and the page left while the case is read again, before its field is emptied: not kept as typing, so it is not back as well', async () => {
    /** A store whose reads of a case wait, once `held`, until the test opens them. */
    class ReadsHeld extends IdbCaseStore {
      held: Promise<void> | null = null;
      private reading = () => {};
      readonly readWaits = new Promise<void>((resolve) => (this.reading = resolve));
      override async events(caseId: string): Promise<CaseEvent[]> {
        if (this.held) {
          this.reading();
          await this.held;
        }
        return super.events(caseId);
      }
    }
    const store = new ReadsHeld(org);
    stores.push(store);
    await store.importEvents(personCase('jonas', 'OD-1'));
    const log = await supportLog(store);
    field(log, '#note').value = NOTE;
    let readOn = () => {};
    store.held = new Promise<void>((resolve) => (readOn = resolve));
    log.shadowRoot!.querySelector('form')!.requestSubmit();
    await store.readWaits; // recorded; the case is being read again, and the note is still in its field
    expect((await idb().events('jonas')).at(-1)).to.deep.include({ type: 'support.log', reason: NOTE });
    expect(field(log, '#note').value).to.equal(NOTE);
    window.dispatchEvent(new Event('pagehide'));
    expect(JSON.stringify((await store.loadDraft(KEY)) ?? null), 'nothing of the saved note kept as typing').not.to.contain(NOTE);
    store.held = null;
    readOn();
    await log.updateComplete;
    await tabEnds(log, store);
    const again = await supportLog(idb());
    expect(field(again, '#note').value).to.equal('');
    expect((await idb().events('jonas')).filter((e) => e.reason === NOTE)).to.have.length(1);
  });

  it('is sealed with the device’s records, and comes back to whoever opened them, before the page knows who signed in', async () => {
    const PASSPHRASE = 'a long passphrase for the test';
    const store = idb();
    await store.importEvents(personCase('jonas', 'OD-1'));
    await store.protect('ewa', PASSPHRASE);
    const log = await supportLog(store);
    field(log, '#note').value = NOTE;
    window.dispatchEvent(new Event('pagehide'));
    await log.updateComplete;
    await tabEnds(log, store);
    const db = await openCasepathDB(org);
    const plain = JSON.stringify(await db.getAll('drafts'));
    db.close();
    expect(plain.includes('night shifts'), 'nothing of the note is readable on disk').to.equal(false);
    const reopened = idb();
    await reopened.unlock('ewa', PASSPHRASE);
    // The widget's own `actor-id` is someone else's until <cp-sync> says who signed in: Ewa opened the records.
    expect(field(await supportLog(reopened, 'jonas', 'worker'), '#note').value).to.equal(NOTE);
  });

  it('goes with its case when the case is erased', async () => {
    const { store } = await typedThenHidden();
    expect(await store.loadDraft(KEY)).to.deep.include({ by: 'ewa' });
    await store.eraseCase('jonas');
    expect(await store.loadDraft(KEY)).to.equal(undefined);
  });

  /** A store on a device that, while `full.now`, reads and refuses every write (as a full disk does). */
  function fullDevice(): { store: IdbCaseStore; full: { now: boolean } } {
    const full = { now: false };
    const store = new IdbCaseStore(org, async () => {
      const db = await openCasepathDB(org);
      const transaction = db.transaction.bind(db);
      db.transaction = ((names: never, mode?: IDBTransactionMode) => {
        if (full.now && mode === 'readwrite') throw new DOMException('full', 'QuotaExceededError');
        return transaction(names, mode);
      }) as typeof db.transaction;
      return db;
    });
    stores.push(store);
    return { store, full };
  }

  it('says a note the device kept in memory is stored once it is', async () => {
    const { store, full } = fullDevice();
    await store.importEvents(personCase('jonas', 'OD-1'));
    const log = await supportLog(store);
    full.now = true;
    field(log, '#note').value = NOTE;
    log.shadowRoot!.querySelector('form')!.requestSubmit();
    await log.updateComplete;
    const said = () => log.shadowRoot!.querySelector('[role="status"].message')?.textContent;
    expect(said()).to.contain('Not saved yet');
    expect(field(log, '#note').value, 'the note is taken, kept by the device: pressing again would log it twice').to.equal('');
    full.now = false;
    await store.flush();
    await log.updateComplete;
    expect(said()).to.equal('Saved now: what this device had kept in memory is stored.');
    expect((await store.events('jonas')).filter((e) => e.reason === NOTE), 'logged once').to.have.length(1);
  });

  describe('a contact the device kept in memory, and then could not log (the case changed in another tab meanwhile)', () => {
    const withdrawn = { type: 'consent.withdraw', payload: { purpose: 'employer-contact' } } as const;
    const paused = { type: 'case.pause', payload: {} } as const;
    /**
     * Ewa logs a talk with Jonas's employer while the device refuses writes; `meanwhile` she may
     * move on; Sara records `change` in another tab; the device tries again.
     */
    async function keptThenRefused(change: typeof withdrawn | typeof paused, meanwhile: (log: CaseElement) => Promise<void> = async () => {}): Promise<CaseElement> {
      const { store, full } = fullDevice();
      const jonas = personCase('jonas', 'OD-1', (b) => b.add('consent.grant', { purpose: 'employer-contact' }));
      await store.importEvents([...jonas, ...personCase('maria', 'OD-2')]);
      const log = await supportLog(store);
      full.now = true;
      choose(log, '45 minutes');
      choose(log, 'with the employer');
      field(log, '#note').value = NOTE;
      log.shadowRoot!.querySelector('form')!.requestSubmit();
      await log.updateComplete;
      expect(field(log, '#note').value, 'taken by the device').to.equal('');
      await meanwhile(log);
      const tab = idb();
      const head = await tab.events('jonas');
      // Heard of on this page (the widget reads the case again) before the device tries again.
      const heard = new Promise<void>((resolve) => {
        const stop = store.subscribe((c) => c.caseId === 'jonas' && (stop(), resolve()));
      });
      const made = await tab.record({ caseId: 'jonas', baseSeq: head.at(-1)!.seq, drafts: [{ ...change, actor: { id: 'sara', role: 'supervisor' } }] }, templatesById(builtInTemplates));
      expect(made.status).to.equal('saved');
      await heard;
      await log.updateComplete;
      full.now = false;
      await store.flush();
      await log.updateComplete;
      expect((await store.events('jonas')).some((e) => e.reason === NOTE), 'not logged').to.equal(false);
      return log;
    }
    const said = (log: CaseElement) => log.shadowRoot!.querySelector('[role="status"].message')?.textContent ?? '';

    it('gives it back into its fields, with why, on the case shown', async () => {
      const log = await keptThenRefused(withdrawn);
      expect(said(log)).to.contain('consent to talk to employers');
      expect(field(log, '#note').value).to.equal(NOTE);
      expect(checked(log, 'minutes')).to.equal('45 minutes');
      expect(checked(log, 'mode')).to.equal('with the employer');
    });

    it('gives it back when the worker comes back to the case, not on the case she moved to', async () => {
      const log = await keptThenRefused(withdrawn, async (el) => {
        el.setAttribute('case-id', 'maria');
        await untilShown(el, () => showsCase(el, 'OD-2'), 'Maria’s case');
      });
      expect(field(log, '#note').value, 'not on Maria’s case').to.equal('');
      expect(said(log), 'nothing said on Maria’s case').to.equal('');
      log.setAttribute('case-id', 'jonas');
      await untilShown(log, () => showsCase(log, 'OD-1') && field(log, '#note').value === NOTE, 'the note back on Jonas’s case');
      expect(checked(log, 'mode')).to.equal('with the employer');
      expect(said(log)).to.contain('consent to talk to employers');
    });

    it('keeps what was typed anew in its field, and gives back the rest', async () => {
      const log = await keptThenRefused(withdrawn, async (el) => {
        field(el, '#note').value = 'Jonas phoned: he is ill this week';
      });
      expect(field(log, '#note').value).to.equal('Jonas phoned: he is ill this week');
      expect(checked(log, 'mode')).to.equal('with the employer');
    });

    it('keeps it on disk when it comes back while the page is hidden, for the same worker after the tab ends', async () => {
      let store!: IdbCaseStore;
      const log = await keptThenRefused(withdrawn, async (el) => {
        store = (el as unknown as { store: IdbCaseStore }).store;
        Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
        await el.updateComplete;
      });
      try {
        await log.updateComplete;
        expect(await store.loadDraft(KEY), 'on disk').to.deep.include({ by: 'ewa' });
      } finally {
        delete (document as { visibilityState?: unknown }).visibilityState;
      }
      await tabEnds(log, store);
      const again = await supportLog(idb());
      await untilShown(again, () => field(again, '#note').value === NOTE, 'the note back after the tab ended');
      expect(checked(again, 'mode')).to.equal('with the employer');
    });

    it('says its words when the case no longer offers the form (paused)', async () => {
      const log = await keptThenRefused(paused);
      expect(log.shadowRoot!.querySelector('#note'), 'no form on a paused case').to.equal(null);
      expect(said(log)).to.contain('paused');
      expect(said(log)).to.contain(`What you wrote: “${NOTE}”`);
    });
  });
});
