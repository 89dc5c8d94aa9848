import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { CaseEvent } from '@casepath/core';
import { CaseHistoryBuilder } from '@casepath/core/testing';
import { MemoryCaseStore } from '../storage/memory-case-store.js';
import type { CaseElement } from './case-element.js';
import { untilShown } from './until-shown.test-support.js';
import { holdingRecords } from './held-records.test-support.js';
import { press } from '../components/workspace/workspace.test-helper.js';
import '../components/support-log/cp-support-log.js';
import '../components/case-lifecycle/cp-case-lifecycle.js';
import '../components/consent/cp-consent.js';
import '../components/goals/cp-goals.js';
import '../components/employment/cp-employment.js';
import '../components/support-plan/cp-support-plan.js';
import '../components/needs-assessment/cp-needs-assessment.js';

/** A person's case, opened with the service consent; Jonas's last contact was 2 hours, Maria's 1. */
const personCase = (caseId: string, ref: string, minutes: number, more = (b: CaseHistoryBuilder) => b): CaseEvent[] =>
  more(
    new CaseHistoryBuilder(caseId, '2026-01-05T09:00:00Z')
      .add('case.open', { templateId: 'euse-supported-employment', templateVersion: 1, providerId: 'p', clientRef: ref })
      .add('consent.grant', { purpose: 'service' })
      .add('worker.assign', { workerId: 'ewa', role: 'job-coach' })
      .add('support.log', { minutes, mode: 'on-the-job' }),
  ).build();

const NOTE = 'Jonas asked about the night shifts at the bakery';
const shown = (el: Element) => el.shadowRoot!.textContent.replace(/\s+/g, ' ');
const field = (el: Element, sel: string) => el.shadowRoot!.querySelector<HTMLInputElement>(sel)!;
const checked = (el: Element, name: string) => [...el.shadowRoot!.querySelectorAll<HTMLInputElement>(`input[name="${name}"]`)].find((i) => i.checked)?.closest('label')?.textContent.trim();
const choose = (el: Element, text: string) => [...el.shadowRoot!.querySelectorAll('fieldset.choices label')].find((l) => l.textContent.trim() === text)!.querySelector('input')!.click();
/** Moves the widget to another case, as the staff page does, and waits until it shows it. */
async function moveTo(el: CaseElement, caseId: string, ref: string): Promise<void> {
  el.setAttribute('case-id', caseId);
  await el.updateComplete;
  await untilShown(el, () => (el as unknown as { caseState: { clientRef?: string } | null }).caseState?.clientRef === ref, `the widget shows ${ref}`);
  await el.updateComplete;
}

/** A store whose next record waits until the test says whether it is written. */
class HeldStore extends holdingRecords(MemoryCaseStore) {}

describe('what was typed for one case, as the widget moves to another', () => {
  let store: MemoryCaseStore;
  beforeEach(async () => {
    store = new MemoryCaseStore();
    await store.importEvents([...personCase('jonas', 'OD-1', 120), ...personCase('maria', 'OD-2', 60)]);
  });

  it('is never saved on the other case, and is back when the worker returns to the first', async () => {
    const log = await fixture<CaseElement>(html`<cp-support-log case-id="jonas" actor-id="ewa" actor-role="job-coach" today="2026-03-02" .store=${store}></cp-support-log>`);
    await log.updateComplete;
    choose(log, '45 minutes');
    choose(log, 'by phone or online');
    field(log, '#note').value = NOTE;
    field(log, '#day').value = '2026-02-27';
    await log.updateComplete;

    // Ewa opens Maria's case before saving: the form is Maria's, as if nothing was typed.
    await moveTo(log, 'maria', 'OD-2');
    expect(field(log, '#note').value).to.equal('');
    expect(field(log, '#day').value).to.equal('2026-03-02');
    expect(checked(log, 'minutes'), 'Maria’s last contact’s time').to.equal('1 hour');
    expect(checked(log, 'mode')).to.equal('at the workplace');
    expect(shown(log)).not.to.contain(NOTE);
    log.shadowRoot!.querySelector('form')!.requestSubmit();
    await log.updateComplete;
    const maria = (await store.events('maria')).at(-1)!;
    expect(maria.type).to.equal('support.log');
    expect(maria.reason, 'nothing about Jonas on Maria’s case').to.equal(undefined);
    expect(maria.payload).to.deep.equal({ minutes: 60, mode: 'on-the-job' });

    // Back on Jonas's case: what she typed for him is where she left it, and saves there.
    await moveTo(log, 'jonas', 'OD-1');
    expect(field(log, '#note').value).to.equal(NOTE);
    expect(field(log, '#day').value).to.equal('2026-02-27');
    expect(checked(log, 'minutes')).to.equal('45 minutes');
    expect(checked(log, 'mode')).to.equal('by phone or online');
    expect(shown(log), 'the message about Maria’s contact is not said on Jonas’s case').not.to.contain('Saved');
    log.shadowRoot!.querySelector('form')!.requestSubmit();
    await log.updateComplete;
    const jonas = (await store.events('jonas')).at(-1)!;
    expect(jonas).to.deep.include({ type: 'support.log', reason: NOTE, at: '2026-02-27T12:00:00.000Z' });
    expect(jonas.payload).to.deep.equal({ minutes: 45, mode: 'remote' });

    // Saved, it is not given back again.
    await moveTo(log, 'maria', 'OD-2');
    await moveTo(log, 'jonas', 'OD-1');
    expect(field(log, '#note').value).to.equal('');
  });

  it('gives back a time of the worker’s own, whose field shows once "Other" is chosen again', async () => {
    const log = await fixture<CaseElement>(html`<cp-support-log case-id="jonas" actor-id="ewa" actor-role="job-coach" today="2026-03-02" .store=${store}></cp-support-log>`);
    await log.updateComplete;
    choose(log, 'Other');
    await log.updateComplete;
    field(log, '#minutes-other').value = '100';
    await moveTo(log, 'maria', 'OD-2');
    expect(log.shadowRoot!.querySelector('#minutes-other') === null, 'Maria’s form has a preset chosen').to.equal(true);
    await moveTo(log, 'jonas', 'OD-1');
    expect(checked(log, 'minutes')).to.equal('Other');
    expect(field(log, '#minutes-other').value).to.equal('100');
  });

  it('fills in what the next case’s form shows by itself, though the form before showed the same', async () => {
    await store.importEvents([...personCase('ona', 'OD-3', 240), ...personCase('pavel', 'OD-4', 240)]); // 4 hours each: no preset
    const log = await fixture<CaseElement>(html`<cp-support-log case-id="ona" actor-id="ewa" actor-role="job-coach" today="2026-03-02" .store=${store}></cp-support-log>`);
    await log.updateComplete;
    expect(field(log, '#minutes-other').value).to.equal('240');
    await moveTo(log, 'pavel', 'OD-4');
    expect(field(log, '#minutes-other').value, 'Pavel’s last contact’s time').to.equal('240');
    expect(checked(log, 'minutes')).to.equal('Other');
    expect(checked(log, 'mode')).to.equal('at the workplace');
  });

  it('keeps what a form holds in the widget’s own state to its case (closing, exporting)', async () => {
    const lifecycle = await fixture<CaseElement>(html`<cp-case-lifecycle case-id="jonas" actor-id="ewa" actor-role="coordinator" today="2026-03-02" .store=${store}></cp-case-lifecycle>`);
    await lifecycle.updateComplete;
    const recipient = field(lifecycle, '#recipient');
    recipient.value = 'Vilnius employment office';
    recipient.dispatchEvent(new Event('input'));
    await lifecycle.updateComplete;

    await moveTo(lifecycle, 'maria', 'OD-2');
    expect(field(lifecycle, '#recipient').value).to.equal('');
    await moveTo(lifecycle, 'jonas', 'OD-1');
    expect(field(lifecycle, '#recipient').value).to.equal('Vilnius employment office');
  });

  it('asks before the page is left while words typed for a case are not saved, here or put away, and only then', async () => {
    await store.importEvents(personCase('ona', 'OD-3', 240)); // 4 hours: no preset, so the number field is filled in
    const log = await fixture<CaseElement>(html`<cp-support-log case-id="ona" actor-id="ewa" actor-role="job-coach" today="2026-03-02" .store=${store}></cp-support-log>`);
    await log.updateComplete;
    const leaving = () => {
      const e = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(e);
      return e.defaultPrevented ? 'asks' : 'leaves';
    };
    expect(field(log, '#minutes-other').value, 'the form filled the number in itself').to.equal('240');
    expect(leaving(), 'nothing typed').to.equal('leaves');

    field(log, '#note').value = NOTE;
    expect(leaving(), 'a note typed').to.equal('asks');
    await moveTo(log, 'maria', 'OD-2');
    expect(leaving(), 'the note put away with Ona’s case').to.equal('asks');
    await moveTo(log, 'ona', 'OD-3');
    log.shadowRoot!.querySelector('form')!.requestSubmit();
    await log.updateComplete;
    expect((await store.events('ona')).at(-1)!.reason).to.equal(NOTE);
    expect(leaving(), 'saved').to.equal('leaves');

    field(log, '#note').value = NOTE;
    log.remove();
    expect(leaving(), 'a widget no longer on the page asks nothing').to.equal('leaves');
  });

  it('leaves no question about one case’s consent asked under another’s', async () => {
    const consent = await fixture<HTMLElement & { updateComplete: Promise<boolean> }>(html`<cp-consent case-id="jonas" .store=${store}></cp-consent>`);
    await untilShown(consent, () => shown(consent).includes('Yes, since'), 'the consent shows');
    consent.shadowRoot!.querySelector<HTMLButtonElement>('[data-purpose="service"]')!.click();
    await consent.updateComplete;
    const asked = () => consent.shadowRoot!.querySelector('[data-confirm]') !== null; // (chai would inspect a node at length)
    expect(asked(), 'Jonas’s consent asked about').to.equal(true);
    consent.setAttribute('case-id', 'maria');
    await consent.updateComplete;
    expect(asked(), 'the question leaves with Jonas’s case').to.equal(false);
    expect(consent.shadowRoot!.querySelector('[data-purpose="service"]')!.textContent.trim()).to.equal('Take it back');
    expect((await store.events('maria')).some((e) => e.type === 'consent.withdraw')).to.equal(false);
  });

  it('keeps a goal’s or a job’s own form, open with what was typed in it, with its case', async () => {
    store = new MemoryCaseStore();
    await store.importEvents([
      ...personCase('jonas', 'OD-1', 120, (b) =>
        b
          .add('goal.add', { goalId: 'g-jonas', title: 'Work in a bakery', domain: 'employment', ownerId: 'ewa', ownerRole: 'job-coach' })
          .add('job.start', { jobId: 'j-jonas', employer: 'Piekarnia Złoty Kłos', openMarket: true }),
      ),
      ...personCase('maria', 'OD-2', 60, (b) =>
        b
          .add('goal.add', { goalId: 'g-maria', title: 'Travel to work alone', domain: 'employment', ownerId: 'ewa', ownerRole: 'job-coach' })
          .add('job.start', { jobId: 'j-maria', employer: 'Hotel Neris', openMarket: true }),
      ),
    ]);
    const press = (el: Element, label: string) => el.shadowRoot!.querySelector<HTMLButtonElement>(`button[aria-label="${label}"]`)!.click();
    const goals = await fixture<CaseElement>(html`<cp-goals case-id="jonas" actor-id="ewa" actor-role="job-coach" today="2026-03-02" .store=${store}></cp-goals>`);
    await untilShown(goals, () => shown(goals).includes('Work in a bakery'), 'Jonas’s goal');
    press(goals, 'Drop: Work in a bakery');
    await goals.updateComplete;
    field(goals, '#drop-reason').value = 'He chose the hotel course';

    // On Maria's case Ewa starts changing her goal, then goes back to Jonas.
    await moveTo(goals, 'maria', 'OD-2');
    expect(goals.shadowRoot!.querySelector('#drop-reason') === null, 'no dropping asked on Maria’s case').to.equal(true);
    press(goals, 'Change: Travel to work alone');
    await goals.updateComplete;
    field(goals, '#change-due').value = '2026-06-30';
    await moveTo(goals, 'jonas', 'OD-1');
    expect(field(goals, '#drop-reason').value, 'Jonas’s goal’s dropping, with its reason').to.equal('He chose the hotel course');
    expect(goals.shadowRoot!.querySelector('#change-due') === null).to.equal(true);
    await moveTo(goals, 'maria', 'OD-2');
    expect(field(goals, '#change-due').value, 'Maria’s goal’s change, with its day').to.equal('2026-06-30');
    expect(goals.shadowRoot!.querySelector('#drop-reason') === null).to.equal(true);
    goals.shadowRoot!.querySelector<HTMLFormElement>('#change-due')!.form!.requestSubmit();
    await untilShown(goals, () => goals.shadowRoot!.querySelector('#change-due') === null, 'the change saved and its form closed');
    expect((await store.events('maria')).at(-1)).to.deep.include({ type: 'goal.update', payload: { goalId: 'g-maria', due: '2026-06-30' } });

    const jobs = await fixture<CaseElement>(html`<cp-employment case-id="jonas" actor-id="ewa" actor-role="job-coach" today="2026-03-02" .store=${store}></cp-employment>`);
    await untilShown(jobs, () => shown(jobs).includes('Piekarnia'), 'Jonas’s job');
    press(jobs, 'The job ended: Piekarnia Złoty Kłos');
    await jobs.updateComplete;
    field(jobs, '#end-note').value = 'Night shifts were too much';
    await moveTo(jobs, 'maria', 'OD-2');
    expect(jobs.shadowRoot!.querySelector('#end-note') === null, 'Hotel Neris’s job is not being ended').to.equal(true);
    await moveTo(jobs, 'jonas', 'OD-1');
    expect(field(jobs, '#end-note').value).to.equal('Night shifts were too much');
  });

  describe('while what was typed is still being saved', () => {
    let held: HeldStore;
    beforeEach(async () => {
      held = new HeldStore();
      await held.importEvents([...personCase('jonas', 'OD-1', 120), ...personCase('maria', 'OD-2', 60, (b) => b.add('goal.add', { goalId: 'g-maria', title: 'Travel to work alone', domain: 'employment', ownerId: 'ewa', ownerRole: 'job-coach' }))]);
    });
    /** Moves to another case while a save waits (`updateComplete` waits for the save too). */
    const openWhileSaving = async (el: CaseElement, caseId: string, ref: string) => {
      el.setAttribute('case-id', caseId);
      await untilShown(el, () => (el as unknown as { caseState: { clientRef?: string } | null }).caseState?.clientRef === ref && shown(el).includes('Support given'), `the widget shows ${ref}`);
    };
    async function noteSavedThenMaria(log: CaseElement, recorded: string[]) {
      log.addEventListener('cp-recorded', (e) => recorded.push((e as CustomEvent<{ caseId: string }>).detail.caseId));
      await log.updateComplete;
      choose(log, '45 minutes');
      field(log, '#note').value = NOTE;
      held.hold();
      log.shadowRoot!.querySelector('form')!.requestSubmit();
      await openWhileSaving(log, 'maria', 'OD-2');
      choose(log, 'Other');
      await log.updateComplete.catch(() => undefined); // (waits for the save: released below)
    }

    it('is saved on its own case, said nowhere else, and not given back as if unsaved', async () => {
      const log = await fixture<CaseElement>(html`<cp-support-log case-id="jonas" actor-id="ewa" actor-role="job-coach" today="2026-03-02" .store=${held}></cp-support-log>`);
      const recorded: string[] = [];
      const saving = noteSavedThenMaria(log, recorded);
      await untilShown(log, () => checked(log, 'minutes') === 'Other', 'Ewa chose on Maria’s form');
      held.release(true);
      await saving;
      expect((await held.events('jonas')).at(-1)).to.deep.include({ type: 'support.log', reason: NOTE });
      expect(recorded, 'the page is told which case the contact was saved on').to.deep.equal(['jonas']);
      expect(shown(log), 'Jonas’s contact is not said to be saved on Maria’s case').not.to.contain('Saved');
      expect(checked(log, 'minutes'), 'Maria’s form keeps what Ewa chose on it').to.equal('Other');
      await moveTo(log, 'jonas', 'OD-1');
      expect(field(log, '#note').value, 'the saved note is not given back').to.equal('');
      expect(shown(log), 'that it was saved is said on Jonas’s case').to.contain('Saved: the contact is logged.');
      const leaving = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(leaving);
      expect(leaving.defaultPrevented, 'nothing unsaved is held for Jonas').to.equal(false);
    });

    it('comes back to its own case when it could not be saved', async () => {
      const log = await fixture<CaseElement>(html`<cp-support-log case-id="jonas" actor-id="ewa" actor-role="job-coach" today="2026-03-02" .store=${held}></cp-support-log>`);
      const saving = noteSavedThenMaria(log, []);
      await untilShown(log, () => checked(log, 'minutes') === 'Other', 'Ewa chose on Maria’s form');
      held.release(false);
      await saving;
      expect(shown(log), 'the failure is not said on Maria’s case').not.to.contain('disk');
      await moveTo(log, 'jonas', 'OD-1');
      expect(field(log, '#note').value).to.equal(NOTE);
      expect(checked(log, 'minutes')).to.equal('45 minutes');
      expect(shown(log), 'why it was not saved is said on its case').to.contain('Not saved: this device could not store it (The disk is full).');
      expect((await held.events('jonas')).some((e) => e.reason === NOTE)).to.equal(false);
    });

    it('goes back into the form, with why, when the worker came back before the save failed', async () => {
      const log = await fixture<CaseElement>(html`<cp-support-log case-id="jonas" actor-id="ewa" actor-role="job-coach" today="2026-03-02" .store=${held}></cp-support-log>`);
      await log.updateComplete;
      field(log, '#note').value = NOTE;
      held.hold();
      log.shadowRoot!.querySelector('form')!.requestSubmit();
      await openWhileSaving(log, 'maria', 'OD-2');
      await openWhileSaving(log, 'jonas', 'OD-1');
      expect(field(log, '#note').value, 'held back while it is being saved').to.equal('');
      held.release(false);
      await untilShown(log, () => field(log, '#note').value === NOTE, 'the note is back in its field');
      expect(shown(log)).to.contain('disk');
    });

    it('closes a goal’s form on the case left once what was done in it is saved', async () => {
      const goals = await fixture<CaseElement>(html`<cp-goals case-id="maria" actor-id="ewa" actor-role="job-coach" today="2026-03-02" .store=${held}></cp-goals>`);
      await untilShown(goals, () => shown(goals).includes('Travel to work alone'), 'Maria’s goal');
      goals.shadowRoot!.querySelector<HTMLButtonElement>('button[aria-label="Drop: Travel to work alone"]')!.click();
      await untilShown(goals, () => goals.shadowRoot!.querySelector('#drop-reason'), 'the dropping asks why');
      field(goals, '#drop-reason').value = 'She drives now';
      held.hold();
      field(goals, '#drop-reason').form!.requestSubmit();
      goals.setAttribute('case-id', 'jonas');
      await untilShown(goals, () => (goals as unknown as { caseState: { clientRef?: string } | null }).caseState?.clientRef === 'OD-1', 'Jonas’s goals');
      held.release(true);
      await goals.updateComplete;
      await moveTo(goals, 'maria', 'OD-2');
      expect(goals.shadowRoot!.querySelector('#drop-reason') === null, 'no form left open for a goal dropped').to.equal(true);
      expect(shown(goals)).to.contain('dropped');
    });
  
    const typeReason = (el: Element, text: string) => {
      field(el, '#reason').value = text;
      field(el, '#reason').dispatchEvent(new Event('input'));
    };
    /** Moves Maria's case on with a reason, opens Jonas's while the move is written, then the store writes it or not. */
    async function moveMariaWhileJonasOpens(writes: boolean, listen = (_: CaseElement) => {}): Promise<CaseElement> {
      const plan = await fixture<CaseElement>(html`<cp-support-plan case-id="maria" actor-id="ewa" actor-role="coordinator" .store=${held}></cp-support-plan>`);
      await untilShown(plan, () => plan.shadowRoot!.querySelector('.transitions button'), 'Maria’s next stages');
      listen(plan);
      typeReason(plan, 'Ready for profiling');
      held.hold();
      plan.shadowRoot!.querySelector<HTMLButtonElement>('.transitions button')!.click();
      plan.setAttribute('case-id', 'jonas');
      await untilShown(plan, () => (plan as unknown as { caseState: { clientRef?: string } | null }).caseState?.clientRef === 'OD-1', 'Jonas’s case');
      held.release(writes);
      await plan.updateComplete;
      return plan;
    }
    async function backToMaria(plan: CaseElement): Promise<void> {
      plan.setAttribute('case-id', 'maria');
      await untilShown(plan, () => (plan as unknown as { caseState: { clientRef?: string } | null }).caseState?.clientRef === 'OD-2' && plan.shadowRoot!.querySelector('#reason'), 'Maria’s case again');
      await plan.updateComplete;
    }

    it('keeps a reason given with a pause or a stage move to the case it was saved on', async () => {
      const lifecycle = await fixture<CaseElement>(html`<cp-case-lifecycle case-id="jonas" actor-id="ewa" actor-role="coordinator" today="2026-03-02" .store=${held}></cp-case-lifecycle>`);
      await untilShown(lifecycle, () => shown(lifecycle).includes('Pause the case'), 'the lifecycle');
      typeReason(lifecycle, 'In hospital for two weeks');
      held.hold();
      [...lifecycle.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Pause the case')!.click();
      lifecycle.setAttribute('case-id', 'maria');
      await untilShown(lifecycle, () => (lifecycle as unknown as { caseState: { clientRef?: string } | null }).caseState?.clientRef === 'OD-2', 'Maria’s case');
      held.release(true);
      await lifecycle.updateComplete;
      expect((await held.events('jonas')).at(-1)).to.deep.include({ type: 'case.pause', reason: 'In hospital for two weeks' });
      await moveTo(lifecycle, 'jonas', 'OD-1');
      expect(field(lifecycle, '#reason').value, 'the pause’s reason, saved, is not given back').to.equal('');

      const moved: string[] = [];
      const plan = await moveMariaWhileJonasOpens(true, (el) => el.addEventListener('cp-stage-changed', (e) => moved.push((e as CustomEvent<{ caseId: string }>).detail.caseId)));
      expect(moved, 'the page is told the case that moved').to.deep.equal(['maria']);
      expect((await held.events('maria')).at(-1)).to.deep.include({ type: 'stage.enter', reason: 'Ready for profiling' });
      await backToMaria(plan);
      expect(field(plan, '#reason').value, 'the move’s reason, saved, is not given back').to.equal('');
    });

    it('says why a stage move was not saved on the case it was pressed on, when the worker comes back', async () => {
      const plan = await moveMariaWhileJonasOpens(false);
      expect(shown(plan), 'Maria’s failed move is not said on Jonas’s case').not.to.contain('disk');
      await backToMaria(plan);
      expect(field(plan, '#reason').value, 'the move’s reason is back').to.equal('Ready for profiling');
      expect(plan.shadowRoot!.querySelector('[role="alert"]')!.textContent, 'why the move was not saved is said on Maria’s case').to.contain('Not saved: this device could not store it (The disk is full).');
      expect((await held.events('maria')).some((e) => e.type === 'stage.enter'), 'and Maria’s case did not move').to.equal(false);
    });
  
    it('says a consent taken back on the case it was taken back on, not on the next one opened', async () => {
      const consent = await fixture<HTMLElement & { updateComplete: Promise<boolean> }>(html`<cp-consent case-id="jonas" .store=${held}></cp-consent>`);
      await untilShown(consent, () => shown(consent).includes('Yes, since'), 'Jonas’s consent');
      const changed: string[] = [];
      consent.addEventListener('cp-consent-changed', (e) => changed.push((e as CustomEvent<{ caseId: string }>).detail.caseId));
      consent.shadowRoot!.querySelector<HTMLButtonElement>('[data-purpose="service"]')!.click();
      await untilShown(consent, () => consent.shadowRoot!.querySelector('[data-confirm]'), 'asked to confirm');
      const told = oneEvent(consent, 'cp-consent-changed');
      held.hold();
      consent.shadowRoot!.querySelector<HTMLButtonElement>('[data-confirm]')!.click();
      consent.setAttribute('case-id', 'maria');
      await consent.updateComplete;
      held.release(true);
      await told;
      await consent.updateComplete;
      expect(changed).to.deep.equal(['jonas']);
      expect((await held.events('jonas')).at(-1)!.type).to.equal('consent.withdraw');
      expect(shown(consent), 'nothing said about Jonas’s consent under Maria’s').not.to.contain('you took it back');
      expect(consent.shadowRoot!.querySelector('[data-purpose="service"]')!.textContent.trim(), 'Maria’s consent, untouched').to.equal('Take it back');
    });
  
    it('finishes a questionnaire on its own case and leaves the one opened meanwhile, half answered, as it was', async () => {
      const form = await fixture<HTMLElement & { updateComplete: Promise<boolean> }>(
        html`<cp-needs-assessment case-id="jonas" instrument="vocational-profile" respondent="staff" actor-id="ewa" actor-role="job-coach" .store=${held}></cp-needs-assessment>`,
      );
      const items = () => [...form.shadowRoot!.querySelectorAll('fieldset.item')];
      await untilShown(form, () => items().length, 'Jonas’s questions');
      for (const fs of items()) fs.querySelector('input')?.click();
      form.shadowRoot!.querySelectorAll<HTMLInputElement>('[data-item="had-job"] input')[1]!.click(); // "had a job": no, which asks nothing more
      await form.updateComplete;
      const saved: string[] = [];
      form.addEventListener('cp-assessment-saved', (e) => saved.push((e as CustomEvent<{ event: { caseId: string } }>).detail.event.caseId));
      const written = oneEvent(form, 'cp-assessment-saved');
      held.hold();
      form.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();

      // Ewa opens Maria's questionnaire and answers its first question before Jonas's is written.
      form.setAttribute('case-id', 'maria');
      await form.updateComplete;
      items()[0]!.querySelector('input')!.click();
      await form.updateComplete;
      const mariaKey = 'assessment:maria:vocational-profile:staff';
      expect(Object.keys(((await held.loadDraft(mariaKey)) as { answers: object }).answers)).to.have.length(1);
      held.release(true);
      await written;
      await form.updateComplete;
      expect(saved).to.deep.equal(['jonas']);
      expect((await held.events('jonas')).at(-1)!.type).to.equal('assessment.record');
      expect(await held.loadDraft('assessment:jonas:vocational-profile:staff'), 'Jonas’s draft, written, is gone').to.equal(undefined);
      expect(Object.keys(((await held.loadDraft(mariaKey)) as { answers: object } | undefined)?.answers ?? {}), 'Maria’s half-answered questionnaire is kept').to.have.length(1);
      expect(form.shadowRoot!.querySelector('.done') === null, 'Maria’s is not said to be done').to.equal(true);
    });
  });

  describe('typed in a form the case no longer offers (paused meanwhile)', () => {
    const said = (el: Element) => el.shadowRoot!.querySelector('[role="status"].message')?.textContent ?? '';

    it('is said, for the person to keep, where its form went; the reason of the pause itself is saved, not said', async () => {
      const page = await fixture<HTMLElement>(html`<div>
        <cp-support-log case-id="jonas" actor-id="ewa" actor-role="job-coach" today="2026-03-02" .store=${store}></cp-support-log>
        <cp-case-lifecycle case-id="jonas" actor-id="ewa" actor-role="job-coach" .store=${store}></cp-case-lifecycle>
      </div>`);
      const log = page.querySelector<CaseElement>('cp-support-log')!;
      const lifecycle = page.querySelector<CaseElement>('cp-case-lifecycle')!;
      await log.updateComplete;
      await lifecycle.updateComplete;
      field(log, '#note').value = NOTE;
      field(lifecycle, '#reason').value = 'Jonas is in hospital';
      field(lifecycle, '#reason').dispatchEvent(new Event('input'));
      await press(lifecycle, 'Pause the case');
      await log.updateComplete;
      expect(log.shadowRoot!.querySelector('#note'), 'no form on a paused case').to.equal(null);
      expect(said(log)).to.equal(`The case is paused. Resume it to record new work. What you wrote: “${NOTE}”`);
      expect(said(lifecycle)).to.equal('Saved: the case is paused.');
      expect((await store.events('jonas')).at(-1)!.reason).to.equal('Jonas is in hospital');
    });

    it('is said with why when it was being saved as the case was paused, and so not saved', async () => {
      const held = new HeldStore();
      await held.importEvents(personCase('jonas', 'OD-1', 120));
      const log = await fixture<CaseElement>(html`<cp-support-log case-id="jonas" actor-id="ewa" actor-role="job-coach" today="2026-03-02" .store=${held}></cp-support-log>`);
      await log.updateComplete;
      field(log, '#note').value = NOTE;
      held.hold();
      log.shadowRoot!.querySelector('form')!.requestSubmit();
      // Sara pauses the case while the note is being written; then the note's record goes on.
      const head = (await held.events('jonas')).at(-1)!;
      await held.record({ caseId: 'jonas', baseSeq: head.seq, drafts: [{ type: 'case.pause', payload: {}, actor: { id: 'sara', role: 'supervisor' } }] }, log.templateResolver);
      await untilShown(log, () => log.shadowRoot!.querySelector('#note') === null, 'the paused case');
      held.release(true);
      await log.updateComplete;
      expect((await held.events('jonas')).some((e) => e.reason === NOTE), 'not logged on a paused case').to.equal(false);
      expect(said(log)).to.equal(`Not saved: the case is paused; resume it first. What you wrote: “${NOTE}”`);
    });

    it('says nothing more when nothing was typed', async () => {
      const log = await fixture<CaseElement>(html`<cp-support-log case-id="jonas" actor-id="ewa" actor-role="job-coach" today="2026-03-02" .store=${store}></cp-support-log>`);
      await log.updateComplete;
      const head = (await store.events('jonas')).at(-1)!;
      await store.record({ caseId: 'jonas', baseSeq: head.seq, drafts: [{ type: 'case.pause', payload: {}, actor: { id: 'sara', role: 'supervisor' } }] }, log.templateResolver);
      await untilShown(log, () => log.shadowRoot!.querySelector('#note') === null, 'the paused case');
      expect(said(log)).to.equal('');
    });
  });
});
