import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { until } from '../../internal/until.test-support.js';
import { untilShown } from '../../internal/until-shown.test-support.js';
import { builtInTemplates, type CaseEvent, fromQuestionnaire, replay } from '@casepath/core';
import { CaseHistoryBuilder } from '@casepath/core/testing';
import { MemoryCaseStore } from '../../storage/memory-case-store.js';
import { databaseName, IdbCaseStore } from '../../storage/idb-case-store.js';
import { deleteDB } from 'idb';
import type { CpAssessmentSavedEvent } from '../../events/assessment-events.js';
import type { CpNeedsAssessment } from './needs-assessment.js';
import './cp-needs-assessment.js';

const t = builtInTemplates['euse-supported-employment'];
async function storeWithCase<S extends MemoryCaseStore = MemoryCaseStore>(store: S = new MemoryCaseStore() as S): Promise<S> {
  const events: CaseEvent[] = new CaseHistoryBuilder('c1', '2026-01-05T09:00:00Z')
    .add('case.open', { templateId: t.id, templateVersion: 1, providerId: 'p' })
    .add('consent.grant', { purpose: 'service' })
    .build();
  await store.importEvents(events);
  return store;
}
const $ = <T extends Element>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel)!;
/** The instrument loads on demand: wait until its questions are on screen. */
const rendered = (el: Element) => untilShown(el, () => el.shadowRoot?.querySelector('[data-item]'), 'the instrument did not render');
/** A vocational counsellor's vocational profile of case c1, its questions on screen. */
async function staffAssessment(store: MemoryCaseStore): Promise<CpNeedsAssessment> {
  const el = await fixture<CpNeedsAssessment>(html`<cp-needs-assessment respondent="staff" actor-role="vocational-counsellor" actor-id="w1" case-id="c1" .store=${store}></cp-needs-assessment>`);
  await el.updateComplete;
  await rendered(el);
  return el;
}
/** Answers every question with its first option; "had a job": no, which hides two questions. */
function answerEverything(el: CpNeedsAssessment): void {
  for (const fieldset of el.shadowRoot!.querySelectorAll('fieldset.item')) fieldset.querySelector<HTMLInputElement>('input')?.click();
  el.shadowRoot!.querySelectorAll<HTMLInputElement>('[data-item="had-job"] input')[1]!.click();
}
/**
 * Tabs of one organisation's database on one page (a store each, told of each other's writes),
 * case c1 stored from the first (`office`): `tab()` opens the staff questionnaire in a new one. `drafts()` reads the keys
 * on disk, and `close()` takes the questionnaires off the page, waits for what they write then
 * (or it would wait in memory and ask before the test page is left), and deletes the database.
 */
async function tabsOfOneDevice() {
  const org = `assessment-tabs-${Math.random().toString(36).slice(2)}`;
  const stores: IdbCaseStore[] = [];
  const shown: CpNeedsAssessment[] = [];
  const store = () => (stores.push(new IdbCaseStore(org)), stores.at(-1)!);
  await storeWithCase(store() as unknown as MemoryCaseStore);
  return {
    org,
    office: stores[0]!,
    async tab(): Promise<CpNeedsAssessment> {
      shown.push(await staffAssessment(store() as unknown as MemoryCaseStore));
      return shown.at(-1)!;
    },
    async drafts(): Promise<string[]> {
      const reader = new IdbCaseStore(org);
      const keys = await reader.inTransaction(['drafts'], 'readonly', (tx) => tx.objectStore('drafts').getAllKeys());
      await reader.dispose();
      return keys;
    },
    async close(): Promise<void> {
      for (const el of shown) el.remove();
      await Promise.all(shown.map((el) => el.updateComplete));
      await Promise.all(stores.map((s) => s.dispose()));
      await deleteDB(databaseName(org));
    },
  };
}

describe('<cp-needs-assessment>', () => {
  it('is accessible, in standard and easy-read mode', async () => {
    const store = await storeWithCase();
    const el = await fixture<CpNeedsAssessment>(html`<cp-needs-assessment case-id="c1" .store=${store}></cp-needs-assessment>`);
    await el.updateComplete;
    await rendered(el);
    await expect(el).to.be.accessible();
    el.easyRead = true;
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('shows one question a screen in easy-read mode, with progress, and asks again when a required one is skipped', async () => {
    const store = await storeWithCase();
    const el = await fixture<CpNeedsAssessment>(html`<cp-needs-assessment easy-read case-id="c1" .store=${store}></cp-needs-assessment>`);
    await el.updateComplete;
    await rendered(el);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('[data-item]')).to.have.length(1);
    expect($(el, 'legend').textContent).to.contain('I can do what I am asked at work'); // easy-read wording
    expect($(el, 'progress').getAttribute('aria-label')).to.equal('Question 1 of 9');
    const next = () => [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === 'Next')!;
    next().click();
    await el.updateComplete;
    expect($(el, '[role="alert"]').textContent).to.equal('Please answer this question.');
    await expect(el).to.be.accessible(); // easy-read, a question on screen asked again
    $<HTMLInputElement>(el, 'input[type="radio"]').click();
    next().click();
    await el.updateComplete;
    await rendered(el);
    expect($(el, 'progress').getAttribute('aria-label')).to.equal('Question 2 of 9');
  });

  it('resumes where it stopped', async () => {
    const store = await storeWithCase();
    const el = await fixture<CpNeedsAssessment>(html`<cp-needs-assessment easy-read case-id="c1" .store=${store}></cp-needs-assessment>`);
    await el.updateComplete;
    await rendered(el);
    $<HTMLInputElement>(el, 'input[type="radio"]').click();
    [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === 'Next')!.click();
    await el.updateComplete;
    await rendered(el);
    el.remove();
    const again = await fixture<CpNeedsAssessment>(html`<cp-needs-assessment easy-read case-id="c1" .store=${store}></cp-needs-assessment>`);
    await again.updateComplete;
    await rendered(again);
    await again.updateComplete;
    expect($(again, 'progress').getAttribute('aria-label')).to.equal('Question 2 of 9');
  });

  it('an answer being typed is kept without leaving its field: a moment after the last key, and in the turn the page is hidden or left', async () => {
    const org = `assessment-typed-${Math.random().toString(36).slice(2)}`;
    const store = new IdbCaseStore(org);
    await store.importEvents(new CaseHistoryBuilder('c1', '2026-01-05T09:00:00Z').add('case.open', { templateId: t.id, templateVersion: 1, providerId: 'p' }).add('consent.grant', { purpose: 'service' }).build());
    const el = await fixture<CpNeedsAssessment>(html`<cp-needs-assessment case-id="c1" .store=${store}></cp-needs-assessment>`);
    await el.updateComplete;
    await rendered(el);
    const draftOf = async (caseId: string) => ((await new IdbCaseStore(org).loadDraft(`assessment:${caseId}:vocational-profile:self`)) as { answers?: Record<string, unknown> } | undefined)?.answers;
    const field = $<HTMLTextAreaElement>(el, '[data-item="wished-work"] textarea');
    const type = (text: string) => {
      field.value = text;
      field.dispatchEvent(new Event('input'));
    };
    try {
      // Typed, and the page left at once: handed to the store in that very turn.
      const written: unknown[] = [];
      const writeDraftsNow = store.writeDraftsNow.bind(store);
      store.writeDraftsNow = (drafts, gone) => (written.push(...drafts.map((d) => (d.data as { answers: unknown }).answers)), writeDraftsNow(drafts, gone));
      type('Work with animals');
      window.dispatchEvent(new PageTransitionEvent('pagehide'));
      expect(written).to.deep.equal([{ 'wished-work': 'Work with animals' }]);
      expect(await draftOf('c1')).to.deep.equal({ 'wished-work': 'Work with animals' });
      // Typed on, and the field not left: on disk a moment after the last key.
      type('Work with animals, mornings only');
      await until(async () => (await draftOf('c1'))?.['wished-work'] === 'Work with animals, mornings only', 'written without a change event');
      expect(field.value, 'the field is not drawn again under the fingers').to.equal('Work with animals, mornings only');
      // Typed, and another case opened before the moment came: it stays with the case it was typed for.
      type('Work with horses');
      el.caseId = 'c2';
      await el.updateComplete;
      expect(await draftOf('c1')).to.deep.equal({ 'wished-work': 'Work with horses' });
      expect(await draftOf('c2')).to.equal(undefined);
    } finally {
      el.remove();
      await store.dispose();
      await deleteDB(databaseName(org));
    }
  });

  it('two tabs of one questionnaire lose neither’s answers: each is the one given or cleared last, in either tab', async () => {
    const device = await tabsOfOneDevice();
    const [a, b] = [await device.tab(), await device.tab()];
    const radios = [...a.shadowRoot!.querySelectorAll<HTMLFieldSetElement>('fieldset.item')].filter((f) => f.querySelector('input[type="radio"]'));
    const [first, second] = radios.map((f) => f.dataset['item']!);
    const option = (el: CpNeedsAssessment, item: string, i: number) => el.shadowRoot!.querySelectorAll<HTMLInputElement>(`[data-item="${item}"] input`)[i]!;
    const text = (el: CpNeedsAssessment) => $<HTMLTextAreaElement>(el, '[data-item="wished-work"] textarea');
    const write = (el: CpNeedsAssessment, value: string) => {
      const field = text(el);
      field.value = value;
      field.dispatchEvent(new Event('input'));
      field.dispatchEvent(new Event('change')); // the field let go of it
    };
    const onDisk = async () => {
      const reader = new IdbCaseStore(device.org);
      const draft = (await reader.loadDraft('assessment:c1:vocational-profile:staff')) as { answers: Record<string, unknown> } | undefined;
      await reader.dispose();
      return draft?.answers ?? {};
    };
    try {
      option(a, first!, 0).click(); // answered in one tab
      option(b, second!, 1).click(); // another question in the other, which had not seen it yet
      await until(() => option(b, first!, 0).checked && option(a, second!, 1).checked, 'each tab shows the other’s answer');
      write(b, 'Work with animals');
      await until(() => text(a).value === 'Work with animals', 'a typed answer reaches the other tab');
      write(a, ''); // and is cleared there
      await until(() => text(b).value === '', 'the answer cleared in one tab is cleared in the other');
      option(b, first!, 2).click(); // changed in the other tab: its next write does not bring the cleared answer back
      await until(() => option(a, first!, 2).checked, 'the change reaches the first tab');
      await until(async () => {
        const answers = await onDisk();
        return Object.keys(answers).sort().join() === [first, second].sort().join() && !('wished-work' in answers);
      }, 'the disk holds both tabs’ answers and not the cleared one');
      // Typed in one tab, its field not let go: in the other a moment after the last key, and
      // then neither tab writes it again (the one typing holds it as typed, not taken yet).
      text(a).value = 'Work with horses';
      text(a).dispatchEvent(new Event('input'));
      await until(() => text(b).value === 'Work with horses', 'what is typed reaches the other tab a moment after the last key');
      let writes = 0;
      for (const store of [a.store, b.store]) {
        const saveDraft = store.saveDraft.bind(store);
        store.saveDraft = (...args) => (writes++, saveDraft(...args));
      }
      await Promise.all([a.updateComplete, b.updateComplete]);
      expect(writes, 'no tab writes it back and forth').to.equal(0);
      // A third tab opened now finds them all.
      const c = await device.tab();
      expect([option(c, first!, 2).checked, option(c, second!, 1).checked, text(c).value]).to.deep.equal([true, true, 'Work with horses']);
    } finally {
      await device.close();
    }
  });

  it('finished in one tab, the questionnaire is done in the other too: its answers are not written back as one to fill in, nor recorded twice', async () => {
    const device = await tabsOfOneDevice();
    const [a, b] = [await device.tab(), await device.tab()];
    const checked = (el: CpNeedsAssessment) => el.shadowRoot!.querySelectorAll('input:checked').length;
    try {
      answerEverything(a);
      await until(() => checked(a) > 0 && checked(b) === checked(a), 'the other tab shows every answer');
      const saved = oneEvent(a, 'cp-assessment-saved');
      $<HTMLButtonElement>(a, 'button[type="submit"]').click();
      await saved;
      await untilShown(b, () => b.shadowRoot!.querySelector('.done'), 'the other tab is done too');
      await b.updateComplete;
      expect($(b, '.done').textContent).to.equal('Thank you. The assessment is saved.');
      // Both pages hidden, then left: nothing written back, one assessment recorded.
      window.dispatchEvent(new PageTransitionEvent('pagehide'));
      for (const el of [a, b]) el.remove();
      await Promise.all([a.updateComplete, b.updateComplete]);
      expect(await device.drafts()).to.deep.equal([]);
      expect((await device.office.events('c1')).filter((e) => e.type === 'assessment.record')).to.have.length(1);
      // Opened again: a new questionnaire, empty.
      expect(checked(await device.tab())).to.equal(0);
    } finally {
      await device.close();
    }
  });

  it('a case erased in another tab takes the answers this tab held with it: said, not asked, nothing written back', async () => {
    const device = await tabsOfOneDevice();
    const [office, el] = [device.office, await device.tab()];
    const key = 'assessment:c1:vocational-profile:staff';
    try {
      el.shadowRoot!.querySelector<HTMLInputElement>('fieldset.item input')!.click(); // a health answer, say
      const field = $<HTMLTextAreaElement>(el, '[data-item="wished-work"] textarea');
      field.focus();
      field.value = 'Work near the clinic'; // being typed, its field not let go
      field.dispatchEvent(new Event('input'));
      await until(async () => (await device.drafts()).includes(key), 'the answer is on disk');
      await office.eraseCase('c1'); // at the person's request, in the office's tab
      await untilShown(el, () => el.shadowRoot!.querySelector('.gone'), 'the questionnaire says the case is gone');
      await el.updateComplete;
      expect($(el, '.gone').textContent).to.equal('This case is no longer on this device, so nothing answered here is kept.');
      expect(el.shadowRoot!.querySelector('[data-item]'), 'no question is asked for it').to.equal(null);
      expect(el.shadowRoot!.activeElement, 'the focus, in the field that went, goes to what is said').to.equal($(el, '.gone'));
      await expect(el).to.be.accessible();
      // The page hidden, then left: nothing of the case is written back.
      window.dispatchEvent(new PageTransitionEvent('pagehide'));
      el.remove();
      await el.updateComplete;
      expect(await device.drafts()).to.deep.equal([]);
      // The case stored here again (its access given back): the questionnaire begins afresh.
      await office.importEvents(await storeWithCase().then((s) => s.events('c1')));
      document.body.append(el);
      await untilShown(el, () => el.shadowRoot!.querySelector('[data-item]'), 'asked again');
      expect([...el.shadowRoot!.querySelectorAll<HTMLInputElement>('input')].some((i) => i.checked), 'none of the erased answers').to.equal(false);
      expect($<HTMLTextAreaElement>(el, '[data-item="wished-work"] textarea').value).to.equal('');
    } finally {
      await device.close();
    }
  });

  it('opened for a case that is not on this device, says so at once instead of asking; asks once the case arrives', async () => {
    const store = new MemoryCaseStore();
    const el = await fixture<CpNeedsAssessment>(html`<cp-needs-assessment case-id="c1" .store=${store}></cp-needs-assessment>`);
    await el.updateComplete;
    expect($(el, '.gone').textContent).to.equal('This case is no longer on this device, so nothing answered here is kept.');
    expect(el.shadowRoot!.querySelector('[data-item]'), 'no question is asked for it').to.equal(null);
    await expect(el).to.be.accessible();
    await storeWithCase(store); // pulled, or its access given back
    await rendered(el);
    expect(el.shadowRoot!.querySelector('.gone')).to.equal(null);
  });

  it('records a scored assessment.record event that opens the stage requiring it', async () => {
    const store = await storeWithCase();
    const el = await staffAssessment(store);
    answerEverything(el);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[data-item="months-worked"]')).to.equal(null);
    const saved = oneEvent(el, 'cp-assessment-saved');
    $<HTMLButtonElement>(el, 'button[type="submit"]').click();
    const { detail } = (await saved) as CpAssessmentSavedEvent;
    expect(detail.event!.type).to.equal('assessment.record');
    expect(detail.scored.domains['work-history']!.missing).to.deep.equal([]);
    const events = await store.events('c1');
    const { state } = replay(t, [
      ...events,
      ...new CaseHistoryBuilder('c1', '2026-12-31T00:00:00Z').build(),
    ]);
    expect(state.assessments[0]).to.include({ instrumentId: 'vocational-profile', respondent: 'staff' });
  });

  it('a finished assessment leaves no draft behind, though its draft writes land after it is recorded', async () => {
    // A store whose draft writes land only once the assessment has been recorded and the turn has ended.
    class SlowDrafts extends MemoryCaseStore {
      private landed!: () => void;
      private readonly landing = new Promise<void>((resolve) => (this.landed = resolve));
      override async saveDraft(...args: Parameters<MemoryCaseStore['saveDraft']>): Promise<void> {
        await this.landing;
        return super.saveDraft(...args);
      }
      override async record(...args: Parameters<MemoryCaseStore['record']>) {
        const result = await super.record(...args);
        setTimeout(this.landed);
        return result;
      }
    }
    const store = await storeWithCase(new SlowDrafts());
    const el = await staffAssessment(store);
    answerEverything(el);
    const saved = oneEvent(el, 'cp-assessment-saved');
    $<HTMLButtonElement>(el, 'button[type="submit"]').click();
    await saved;
    await el.updateComplete;
    expect($(el, '.done').textContent).to.equal('Thank you. The assessment is saved.');
    expect(await store.loadDraft('assessment:c1:vocational-profile:staff'), 'the finished answers are not resumed').to.equal(undefined);
  });

  it('an answer changed while Finish records keeps its draft, and says Finish again saves it', async () => {
    // A store that records once let go of.
    class HeldRecord extends MemoryCaseStore {
      private asked!: (recordNow: () => void) => void;
      readonly recording = new Promise<() => void>((resolve) => (this.asked = resolve));
      override async record(...args: Parameters<MemoryCaseStore['record']>) {
        await new Promise<void>((resolve) => this.asked(resolve));
        return super.record(...args);
      }
    }
    const store = await storeWithCase(new HeldRecord());
    const el = await staffAssessment(store);
    answerEverything(el);
    const saved = oneEvent(el, 'cp-assessment-saved');
    $<HTMLButtonElement>(el, 'button[type="submit"]').click();
    const recordNow = await store.recording;
    const firstQuestion = el.shadowRoot!.querySelector('fieldset.item')!;
    const changedTo = firstQuestion.querySelectorAll<HTMLInputElement>('input')[1]!;
    changedTo.click(); // changed while the assessment is being recorded
    recordNow();
    const { detail } = (await saved) as CpAssessmentSavedEvent;
    await el.updateComplete;
    expect((await store.events('c1')).map((e) => e.type)).to.include('assessment.record');
    expect(el.shadowRoot!.querySelector('.done')?.textContent, 'not said done: the change is not in what was saved').to.equal(undefined);
    expect($(el, '[role="alert"]').textContent).to.equal('Saved as it was when you pressed Finish. You changed answers after that: press Finish again to save them too.');
    const item = firstQuestion.getAttribute('data-item')!;
    const draft = (await store.loadDraft('assessment:c1:vocational-profile:staff')) as { answers: Record<string, unknown> };
    expect(detail.response.answers[item], 'recorded as it was at Finish').to.not.equal(undefined);
    expect(draft.answers[item], 'the change is kept').to.not.equal(undefined);
    expect(draft.answers[item], 'the change is kept').to.not.equal(detail.response.answers[item]);
    expect(changedTo.checked).to.equal(true);
  });

  it('does not ask about health without the health-data consent, and asks once it is given', async () => {
    const store = await storeWithCase();
    const el = await fixture<CpNeedsAssessment>(html`<cp-needs-assessment instrument="employment-readiness" respondent="staff" actor-role="coordinator" actor-id="w1" case-id="c1" .store=${store}></cp-needs-assessment>`);
    await el.updateComplete;
    await rendered(el);
    expect(el.shadowRoot!.querySelector('[data-item="health-allows"]')).to.equal(null);
    expect($(el, '.health-skipped').textContent).to.contain('Questions about health are left out');
    await expect(el).to.be.accessible();
    for (const fieldset of el.shadowRoot!.querySelectorAll('fieldset.item')) fieldset.querySelector<HTMLInputElement>('input')?.click();
    const saved = oneEvent(el, 'cp-assessment-saved');
    $<HTMLButtonElement>(el, 'button[type="submit"]').click();
    const { detail } = (await saved) as CpAssessmentSavedEvent;
    expect(detail.event!.payload).to.not.have.property('healthData');
    expect((await store.events('c1')).map((e) => e.type)).to.include('assessment.record');

    // The person says yes to health data (in <cp-consent>, say): the question is asked.
    const head = await store.events('c1');
    await store.record({ caseId: 'c1', baseSeq: head.at(-1)!.seq, drafts: [{ type: 'consent.grant', actor: { id: 'w1', role: 'coordinator' }, payload: { purpose: 'health-data' } }] }, () => t);
    const again = await fixture<CpNeedsAssessment>(html`<cp-needs-assessment instrument="employment-readiness" respondent="self" case-id="c1" .store=${store}></cp-needs-assessment>`);
    await again.updateComplete;
    await rendered(again);
    expect(again.shadowRoot!.querySelector('[data-item="health-allows"]')).to.not.equal(null);
    expect(again.shadowRoot!.querySelector('.health-skipped')).to.equal(null);
  });

  it('a date question says, beneath its field, the day it holds in the page’s language: typed by keyboard, cleared, and on coming back', async () => {
    const { sendKeys } = await import('@web/test-runner-commands');
    // An organisation's own questionnaire, written elsewhere and imported from FHIR: date questions come only that way.
    const { instrument } = fromQuestionnaire({
      resourceType: 'Questionnaire',
      status: 'active',
      language: 'pl',
      title: 'Powrót do pracy',
      item: [{ linkId: 'last-job-end', type: 'date', text: 'Kiedy skończyła się ostatnia praca?' }],
    });
    const store = await storeWithCase();
    const el = await fixture<CpNeedsAssessment>(html`<cp-needs-assessment lang="pl" case-id="c1" .instrument=${instrument} .store=${store}></cp-needs-assessment>`);
    await rendered(el);
    const field = $<HTMLInputElement>(el, 'input[type="date"]');
    const words = () => el.shadowRoot!.getElementById(field.getAttribute('aria-describedby')!)?.textContent;
    expect(words(), 'nothing said before a day is given').to.equal('');
    field.focus();
    // The field takes the day and the month in the browser's order (month first in an English
    // browser): the words say which of the two days it holds.
    await sendKeys({ type: '03042026' });
    await untilShown(el, () => words() !== '', 'no words after a whole day was typed');
    const said: Record<string, string> = { '2026-03-04': 'środa, 4 marca 2026', '2026-04-03': 'piątek, 3 kwietnia 2026' };
    expect(Object.keys(said), 'the field holds one of the two days').to.include(field.value);
    expect(words()).to.equal(said[field.value]);
    await expect(el).to.be.accessible();
    const day = field.value;
    await until(async () => ((await store.loadDraft(`assessment:c1:${instrument.id}:self`)) as { answers?: Record<string, unknown> } | null)?.answers?.['last-job-end'] === day, 'the answer was not kept');
    el.remove();
    const again = await fixture<CpNeedsAssessment>(html`<cp-needs-assessment lang="pl" case-id="c1" .instrument=${instrument} .store=${store}></cp-needs-assessment>`);
    await rendered(again);
    await untilShown(again, () => $<HTMLInputElement>(again, 'input[type="date"]').value === day, 'the day did not come back');
    expect(again.shadowRoot!.querySelector('.date-words')?.textContent, 'said again on coming back').to.equal(said[day]);
    const back = $<HTMLInputElement>(again, 'input[type="date"]');
    back.value = '';
    back.dispatchEvent(new Event('change', { bubbles: true }));
    await again.updateComplete;
    expect(again.shadowRoot!.querySelector('.date-words')?.textContent, 'nothing for a cleared field').to.equal('');
  });

  it('names the question still missing when finishing too early', async () => {
    const store = await storeWithCase();
    const el = await fixture<CpNeedsAssessment>(html`<cp-needs-assessment case-id="c1" .store=${store}></cp-needs-assessment>`);
    await el.updateComplete;
    await rendered(el);
    $<HTMLButtonElement>(el, 'button[type="submit"]').click();
    await el.updateComplete;
    await rendered(el);
    expect($(el, '[role="alert"]').textContent).to.contain('I can follow instructions at work');
    expect(await store.events('c1')).to.have.length(2);
    await expect(el).to.be.accessible(); // the questionnaire as it says what is missing
  });

  it('counts answers with the right plural form in Russian', async () => {
    const el = await fixture<CpNeedsAssessment>(html`<cp-needs-assessment lang="ru" .store=${new MemoryCaseStore()}></cp-needs-assessment>`);
    await el.updateComplete;
    await rendered(el);
    expect($(el, 'p[aria-live]').textContent).to.equal('Отвечено 0 вопросов');
  });

  describe('read aloud, in easy-read mode', () => {
    let spoken: { text: string; lang: string }[] = [];
    /** The device's speech synthesis, as a test double: its voices, and what it was asked to say. */
    function device(voiceLanguages: string[]) {
      spoken = [];
      const fake = {
        getVoices: () => voiceLanguages.map((lang) => ({ lang, name: lang })),
        addEventListener: () => undefined,
        cancel: () => (spoken = []),
        speak: (u: SpeechSynthesisUtterance) => spoken.push({ text: u.text, lang: u.lang }),
      };
      Object.defineProperty(window, 'speechSynthesis', { value: fake, configurable: true });
    }
    afterEach(() => {
      delete (window as { speechSynthesis?: unknown }).speechSynthesis;
    });

    it('reads the question, its answers and the buttons in the page’s language', async () => {
      device(['en-GB', 'pl-PL']);
      const el = await fixture<CpNeedsAssessment>(html`<cp-needs-assessment easy-read lang="pl" .store=${new MemoryCaseStore()}></cp-needs-assessment>`);
      await el.updateComplete;
      const button = $<HTMLButtonElement>(el, 'button.read-aloud');
      expect(button.textContent.trim()).to.equal('Przeczytaj na głos');
      button.click();
      await until(() => spoken.length > 0, 'nothing was read aloud');
      const question = $(el, 'legend').textContent.replace('*', '').trim(); // the required mark is not read
      expect(spoken[0]).to.deep.equal({ text: question, lang: 'pl-PL' });
      const answers = [...el.shadowRoot!.querySelectorAll('.option span')].map((s) => s.textContent.trim());
      expect(spoken.slice(1, 1 + answers.length).map((s) => s.text)).to.deep.equal(answers);
      expect(spoken.slice(-2).map((s) => s.text)).to.deep.equal(['Wstecz', 'Dalej']);
      expect($(el, 'p.note').textContent).to.equal('');
    });

    it('says so, and says nothing aloud, where the device has no voice for the language', async () => {
      device(['de-DE']);
      const el = await fixture<CpNeedsAssessment>(html`<cp-needs-assessment easy-read lang="en" .store=${new MemoryCaseStore()}></cp-needs-assessment>`);
      await el.updateComplete;
      $<HTMLButtonElement>(el, 'button.read-aloud').click();
      await untilShown(el, () => $(el, 'p.note').textContent !== '', 'no note');
      expect($(el, 'p.note').textContent).to.equal('This device has no voice for English, so it cannot read aloud here.');
      expect(spoken).to.deep.equal([]);
      await expect(el).to.be.accessible();
    });
  });
});
