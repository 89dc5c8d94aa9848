import { expect, fixture, html } from '@open-wc/testing';
import { until } from '../../internal/until.test-support.js';
import { deleteDB } from 'idb';
import { builtInTemplates, type CaseEvent } from '@casepath/core';
import { databaseName, IdbCaseStore } from '../../storage/idb-case-store.js';
import { templatesById } from '../../storage/case-store.js';
import { Replica } from '../../storage/replica.js';
import { registerSync, setSignedIn } from '../../internal/signed-in.js';
import { $, $$, history, message, mountWorkspace, submit, type } from '../workspace/workspace.test-helper.js';
import type { CpSupportLog } from './support-log.js';
import './cp-support-log.js';

/** Support fading over weeks, then rising again: 10 h, 6 h, 2 h, 1 h, then 4 h. */
const fadingThenRising = history(undefined, (b) => {
  for (const minutes of [600, 360, 120, 60, 240]) b.after(7).add('support.log', { minutes, mode: 'on-the-job' });
  return b;
});

describe('<cp-support-log>', () => {
  it('is accessible, with the form and the weekly chart', async () => {
    const { el } = await mountWorkspace<CpSupportLog>('cp-support-log', fadingThenRising);
    await expect(el).to.be.accessible();
  });

  it('logs a routine visit with one press: the last contact’s minutes and mode are chosen already', async () => {
    const { el, store } = await mountWorkspace<CpSupportLog>('cp-support-log', fadingThenRising);
    await submit(el, '#note');
    const logged = (await store.events('c1')).at(-1)!;
    expect(logged.type).to.equal('support.log');
    expect(logged.payload).to.deep.equal({ minutes: 240, mode: 'on-the-job' });
    expect(message(el)).to.equal('Saved: the contact is logged.');
  });

  it('on a page that works with a server, logs nothing before a worker signs in, then logs as them', async () => {
    // A <cp-sync> with a server says so as it connects, wherever it is (in a shadow root too,
    // out of reach by its tag): as here, with no tag on the page.
    const sync = { organisation: 'default', server: 'https://casepath.example.org' };
    registerSync(sync, true);
    const { el, store } = await mountWorkspace<CpSupportLog>('cp-support-log', fadingThenRising);
    try {
      await submit(el, '#note');
      expect(message(el)).to.equal('Not saved: nobody is signed in on this page yet. Sign in, then try again.');
      expect((await store.events('c1')).filter((e) => e.type === 'support.log')).to.have.length(5);

      setSignedIn(el.organisation, { id: 'anna', role: 'job-coach', providerId: null });
      await submit(el, '#note');
      const logged = (await store.events('c1')).at(-1)!;
      expect(`${logged.type} ${logged.actor.id} ${logged.actor.role}`).to.equal('support.log anna job-coach');
      expect(message(el)).to.equal('Saved: the contact is logged.');
    } finally {
      setSignedIn(el.organisation, null);
      registerSync(sync, false);
    }
  });

  it('logs as the widget’s worker on a page without a server', async () => {
    const sync = document.createElement('cp-sync'); // no server attribute, and no server in the page's meta
    document.body.append(sync);
    const { el, store } = await mountWorkspace<CpSupportLog>('cp-support-log', fadingThenRising);
    try {
      await submit(el, '#note');
      expect(message(el)).to.equal('Saved: the contact is logged.');
      expect((await store.events('c1')).at(-1)!.actor.id).to.equal(el.actorId);
    } finally {
      sync.remove();
    }
  });

  it('logs the minutes, the way, what was done and an earlier day as chosen', async () => {
    const { el, store } = await mountWorkspace<CpSupportLog>('cp-support-log');
    const choose = (text: string) => $$<HTMLLabelElement>(el, 'fieldset.choices label').find((l) => l.textContent.trim() === text)!.querySelector('input')!.click();
    choose('45 minutes');
    choose('by phone or online');
    await el.updateComplete;
    type(el, '#note', 'Talked through the new shift plan');
    type(el, '#day', '2026-02-27');
    expect($(el, '#day-words').textContent, 'the day in words, whatever order the field shows').to.equal('Friday, February 27, 2026');
    await submit(el, '#note');
    const logged = (await store.events('c1')).at(-1)!;
    expect(logged).to.deep.include({ type: 'support.log', at: '2026-02-27T12:00:00.000Z', reason: 'Talked through the new shift plan' });
    expect(logged.payload).to.deep.equal({ minutes: 45, mode: 'remote' });
    expect($<HTMLInputElement>(el, '#day').value, 'the next contact is today’s again').to.equal('2026-03-02');
    expect($(el, '#day-words').textContent).to.equal('Monday, March 2, 2026');
  });

  it('takes other minutes, and refuses a number that is not one', async () => {
    const { el, store } = await mountWorkspace<CpSupportLog>('cp-support-log');
    $$<HTMLLabelElement>(el, 'fieldset.choices label').find((l) => l.textContent.trim() === 'Other')!.querySelector('input')!.click();
    await el.updateComplete;
    type(el, '#minutes-other', '0');
    await submit(el, '#note');
    expect($(el, '#support-error').textContent).to.contain('whole number from 1 to 1440');
    expect(el.shadowRoot!.activeElement).to.equal($(el, '#minutes-other'));
    expect((await store.events('c1')).some((e) => e.type === 'support.log')).to.equal(false);
    type(el, '#minutes-other', '75');
    await submit(el, '#note');
    expect((await store.events('c1')).at(-1)!.payload).to.deep.include({ minutes: 75 });
  });

  it('shows the minutes week by week and flags that support rose again after fading', async () => {
    const { el } = await mountWorkspace<CpSupportLog>('cp-support-log', fadingThenRising);
    const weeks = $$(el, 'ol[part="chart"] li').map((li) => li.textContent.replace(/\s+/g, ' ').trim());
    expect(weeks.slice(0, 5)).to.deep.equal([
      'Week of January 12, 2026: 10 hours',
      'Week of January 19, 2026: 6 hours',
      'Week of January 26, 2026: 2 hours',
      'Week of February 2, 2026: 1 hour',
      'Week of February 9, 2026: 4 hours',
    ]);
    expect($(el, '.rise').textContent).to.contain('Support rose again in the week of February 9, 2026 (4 hours)');
  });

  it('says nothing of a rise while support keeps fading', async () => {
    const { el } = await mountWorkspace<CpSupportLog>(
      'cp-support-log',
      history(undefined, (b) => b.after(7).add('support.log', { minutes: 600, mode: 'on-the-job' }).after(7).add('support.log', { minutes: 120, mode: 'on-the-job' }).after(7).add('support.log', { minutes: 60, mode: 'remote' })),
    );
    expect(el.shadowRoot!.querySelector('.rise')).to.equal(null);
  });

  it('refuses support with the employer when the person has not agreed to it, naming the consent', async () => {
    const { el, store } = await mountWorkspace<CpSupportLog>('cp-support-log');
    $$<HTMLLabelElement>(el, 'fieldset.choices label').find((l) => l.textContent.trim() === 'with the employer')!.querySelector('input')!.click();
    await el.updateComplete;
    await submit(el, '#note');
    expect(message(el)).to.contain('not given their consent to talk to employers');
    expect($(el, '.message').classList.contains('error')).to.equal(true);
    expect((await store.events('c1')).some((e) => e.type === 'support.log')).to.equal(false);
  });

  it('speaks Ukrainian with its plurals', async () => {
    const { el } = await mountWorkspace<CpSupportLog>('cp-support-log', fadingThenRising, { lang: 'uk' });
    expect($(el, 'h2').textContent).to.equal('Надана підтримка');
    expect($$(el, 'ol[part="chart"] li')[3]!.textContent).to.contain('1 година');
    expect($$(el, 'ol[part="chart"] li')[1]!.textContent).to.contain('6 годин');
  });

  /**
   * Ewa logs a contact (`mode`) on her phone; the server keeps it for review with `rule` and its
   * English `reason`; `check` looks at what is said then, before `later` (what the office recorded
   * meanwhile) arrives with the next pull.
   */
  async function keptContact(mode: 'on-the-job' | 'employer', rule: string, reason: string, later: (seq: number) => CaseEvent, check: (el: CpSupportLog) => void, changedBy: string[] = []) {
    const org = `kept-${Math.random().toString(36).slice(2)}`;
    const store = new IdbCaseStore(org);
    try {
      const replica = new Replica(store);
      await replica.linkTo('https://cases.example.org', 'ewa', 'dev-1');
      const pulled = history(undefined, (b) => b.add('consent.grant', { purpose: 'employer-contact' }));
      await replica.applyPull({ events: pulled, backfill: [], revoked: [], conflicts: [], cursor: 'k1', reset: false });
      const el = await fixture<CpSupportLog>(html`<cp-support-log case-id="c1" actor-id="ewa" actor-role="job-coach" lang="pl" .store=${store}></cp-support-log>`);
      await until(() => el.shadowRoot!.querySelector('#note'), 'the form shows');
      const logged = await store.record({ caseId: 'c1', baseSeq: pulled.at(-1)!.seq, drafts: [{ type: 'support.log', payload: { minutes: 30, mode }, actor: { id: 'ewa', role: 'job-coach' } }] }, templatesById(builtInTemplates));
      expect(logged.status).to.equal('saved');
      const [waiting] = await replica.outboxBatch(10);
      await replica.applyPushAnswers([{ id: waiting!.event.id, caseId: 'c1', status: 'conflict', rule, reason, changedBy }]);
      await until(() => message(el).startsWith('Nie zapisano'), 'the refusal is said');
      check(el);
      // What the office recorded meanwhile arrives with the next pull.
      await replica.applyPull({ events: [later(pulled.length + 1)], backfill: [], revoked: [], conflicts: [], cursor: 'k2', reset: false });
      return { el, dispose: async () => (await store.dispose(), await deleteDB(databaseName(org))) };
    } catch (error) {
      await store.dispose();
      await deleteDB(databaseName(org));
      throw error;
    }
  }
  const marta = { id: 'marta', role: 'coordinator' } as const;

  it('says at once, in the page’s language, that the server kept a logged contact because the case was paused meanwhile', async () => {
    const said = 'Nie zapisano: sprawa jest wstrzymana; najpierw ją wznów.';
    const { el, dispose } = await keptContact(
      'on-the-job',
      'case-paused',
      'the case is paused; resume it before support.log',
      (seq) => ({ schemaVersion: 1, id: '0190a000-0000-7000-8000-000000000001', caseId: 'c1', seq, at: '2026-03-01T10:00:00.000Z', type: 'case.pause', payload: {}, actor: marta }),
      (el) => expect(message(el), 'before the pause reaches this device').to.equal(said),
    );
    try {
      await el.updateComplete;
      expect(message(el), 'and after').to.equal(said);
      await expect(el).to.be.accessible();
    } finally {
      await dispose();
    }
  });

  it('says at once, in the page’s language, that someone changed the case meanwhile, and names them once their change arrives', async () => {
    const unnamed = 'Nie zapisano: ktoś inny zmienił tę sprawę po tym, jak ją otworzyłeś/aś; zobacz, jak wygląda teraz, i spróbuj ponownie, jeśli to nadal aktualne.';
    const pause = '0190a000-0000-7000-8000-000000000003';
    const { el, dispose } = await keptContact(
      'on-the-job',
      'concurrent-change',
      'the case changed since this device last saw it',
      (seq) => ({ schemaVersion: 1, id: pause, caseId: 'c1', seq, at: '2026-03-01T10:00:00.000Z', type: 'case.pause', payload: {}, actor: marta }),
      // Who changed it is not known here yet: the same sentence without the name, not the server's English.
      (el) => expect(message(el), 'before the change reaches this device').to.equal(unnamed),
      [pause],
    );
    try {
      await until(() => message(el) !== unnamed, 'the refusal is said again');
      expect(message(el)).to.equal('Nie zapisano: marta zmienił(a) tę sprawę po tym, jak ją otworzyłeś/aś. Zobacz, jak wygląda teraz, i spróbuj ponownie, jeśli to nadal aktualne.');
      await expect(el).to.be.accessible();
    } finally {
      await dispose();
    }
  });

  it('says in the page’s language a refusal only the server decides: a contact logged in a role the worker no longer held', async () => {
    const said = 'Nie zapisano: zapisano to w roli, której wtedy nie pełniłeś/aś, albo jako ktoś inny; zapisz to ponownie jako Ty, w swojej obecnej roli.';
    const { el, dispose } = await keptContact(
      'on-the-job',
      'not-yours',
      'you are signed in as ewa (coordinator) and cannot record as ewa (job-coach)',
      (seq) => ({ schemaVersion: 1, id: '0190a000-0000-7000-8000-000000000004', caseId: 'c1', seq, at: '2026-03-01T10:00:00.000Z', type: 'review.hold', payload: {}, actor: marta }),
      (el) => expect(message(el)).to.equal(said),
    );
    try {
      await el.updateComplete;
      expect(message(el), 'and after the next pull').to.equal(said);
    } finally {
      await dispose();
    }
  });

  it('says why the server kept a logged contact again, in the page’s language, once the change that explains it arrives', async () => {
    const english = 'Nie zapisano: the person withdrew consent for "employer-contact" on 2026-03-01; this cannot be recorded.';
    const { el, dispose } = await keptContact(
      'employer',
      'consent-missing',
      'the person withdrew consent for "employer-contact" on 2026-03-01; this cannot be recorded',
      (seq) => ({ schemaVersion: 1, id: '0190a000-0000-7000-8000-000000000002', caseId: 'c1', seq, at: '2026-03-01T10:00:00.000Z', type: 'consent.withdraw', payload: { purpose: 'employer-contact' }, actor: marta }),
      // The server's words, until this device holds the withdrawal.
      (el) => expect(message(el)).to.equal(english),
    );
    try {
      await until(() => message(el) !== english, 'the refusal is said again');
      expect(message(el)).to.equal('Nie zapisano: brak zgody tej osoby („rozmowy z pracodawcami”) albo zgoda została wycofana. Najpierw zapisz zgodę, jeśli ta osoba jej udziela.');
      await expect(el).to.be.accessible();
    } finally {
      await dispose();
    }
  });
});
