import { expect, oneEvent } from '@open-wc/testing';
import { builtInTemplates, type PlanTemplate } from '@casepath/core';
import { $, $$, history, message, mountWorkspace, press, submit, type } from '../workspace/workspace.test-helper.js';
import type { CpCaseLifecycle } from './case-lifecycle.js';
import './cp-case-lifecycle.js';
import { untilShown } from '../../internal/until-shown.test-support.js';
import { catchDownloads, type CaughtDownloads } from '../../internal/downloads.test-support.js';

const reintegration = builtInTemplates['social-reintegration'];
const outcome = (el: Element, id: string) => $<HTMLInputElement>(el, `input[name="outcome"][value="${id}"]`);

/** Catches each test's downloads, and puts back after it what it replaces to answer as the server. */
function catchingServerAndDownloads(): { downloads: CaughtDownloads } {
  const realFetch = window.fetch;
  const caught = {} as { downloads: CaughtDownloads };
  beforeEach(() => (caught.downloads = catchDownloads()));
  afterEach(() => {
    window.fetch = realFetch;
    caught.downloads.release();
  });
  return caught;
}

describe('<cp-case-lifecycle>', () => {
  it('is accessible', async () => {
    const { el } = await mountWorkspace<CpCaseLifecycle>('cp-case-lifecycle');
    await expect(el).to.be.accessible();
  });

  it('offers only the outcomes whose requirements are met, saying in words why the others are not', async () => {
    const { el } = await mountWorkspace<CpCaseLifecycle>('cp-case-lifecycle');
    expect(outcome(el, 'employed').disabled).to.equal(true);
    expect(outcome(el, 'withdrew').disabled).to.equal(false);
    const why = el.shadowRoot!.getElementById(outcome(el, 'employed').getAttribute('aria-describedby')!)!;
    expect(why.textContent).to.contain('the person does not hold a job');
  });

  it('closes the case with the chosen outcome and its reason, then reopens it', async () => {
    const { el, store } = await mountWorkspace<CpCaseLifecycle>('cp-case-lifecycle');
    await submit(el, 'input[name="outcome"]');
    expect(message(el)).to.equal('Choose the outcome first.');
    outcome(el, 'withdrew').click();
    type(el, '#reason', 'Moved to another city');
    await submit(el, 'input[name="outcome"]');
    expect((await store.events('c1')).at(-1)).to.deep.include({ type: 'case.close', payload: { outcome: 'withdrew' }, reason: 'Moved to another city' });
    expect(message(el)).to.equal('Saved: the case is closed.');
    expect(el.shadowRoot!.textContent).to.contain('Closed');
    await press(el, 'Reopen the case');
    expect((await store.events('c1')).at(-1)!.type).to.equal('case.reopen');
    expect(message(el)).to.equal('Saved: the case is open again.');
  });

  it('pauses and resumes', async () => {
    const { el, store } = await mountWorkspace<CpCaseLifecycle>('cp-case-lifecycle');
    await press(el, 'Pause the case');
    expect((await store.events('c1')).at(-1)!.type).to.equal('case.pause');
    expect($(el, '[part="base"] > p strong').textContent).to.equal('Paused');
    await press(el, 'Resume the case');
    expect((await store.events('c1')).at(-1)!.type).to.equal('case.resume');
  });

  it('needs the approval to close where the template asks for it; a supervisor approves, a job coach cannot', async () => {
    const events = history(reintegration);
    const { el: coach } = await mountWorkspace<CpCaseLifecycle>('cp-case-lifecycle', events);
    expect(coach.shadowRoot!.textContent).to.contain('A supervisor or coordinator must approve closing this case.');
    expect($$(coach, 'button').some((b) => b.textContent.includes('Approve closing'))).to.equal(false);
    const closable = (reintegration.outcomes as readonly PlanTemplate['outcomes'][number][]).find((o) => !o.requires?.length)!.id;
    const why = coach.shadowRoot!.getElementById(outcome(coach, closable).getAttribute('aria-describedby')!)!;
    expect(why.textContent).to.contain('a supervisor or coordinator has not approved closing the case');

    const { el: supervisor, store } = await mountWorkspace<CpCaseLifecycle>('cp-case-lifecycle', events, { role: 'supervisor' });
    await press(supervisor, 'Approve closing');
    expect((await store.events('c1')).at(-1)).to.deep.include({ type: 'approval.grant', payload: { subject: 'closure' } });
    expect(supervisor.shadowRoot!.textContent).to.contain('Approved by Ewa Nowak');
    expect(outcome(supervisor, closable).disabled).to.equal(false);
  });

  it('asks for the approval of the plan where a stage needs it, and records it for a supervisor', async () => {
    const family = builtInTemplates['family-support'];
    const { el, store } = await mountWorkspace<CpCaseLifecycle>('cp-case-lifecycle', history(family), { role: 'supervisor' });
    expect($(el, '#approval-plan').textContent).to.equal('Approval of the plan');
    expect(el.shadowRoot!.textContent).to.contain('A supervisor or coordinator must approve the plan before the work under it starts.');
    await press(el, 'Approve the plan');
    expect((await store.events('c1')).at(-1)).to.deep.include({ type: 'approval.grant', payload: { subject: 'plan' } });
    expect(message(el)).to.equal('Saved: the plan is approved.');
    expect($(el, '#approval-closure').textContent, 'closing needs its own approval').to.equal('Approval to close');
  });

  it('gives a coordinator everything about the person as a file, JSON or FHIR; a job coach sees no such thing', async () => {
    const { el: coach } = await mountWorkspace<CpCaseLifecycle>('cp-case-lifecycle');
    expect($$(coach, 'button').some((b) => b.textContent.includes('Download'))).to.equal(false);
    const { el } = await mountWorkspace<CpCaseLifecycle>('cp-case-lifecycle', history(), { role: 'coordinator' });
    const { files, release } = catchDownloads();
    try {
      await press(el, 'Download (JSON)');
      await press(el, 'Download (FHIR R4)');
    } finally {
      release();
    }
    expect(files.map((f) => f.name)).to.deep.equal(['c1.json', 'c1.fhir.json']);
    const json = JSON.parse(await files[0]!.blob.text()) as { events: unknown[] };
    expect(json.events).to.have.length(3);
    const bundle = JSON.parse(await files[1]!.blob.text()) as { resourceType: string; entry: { resource: { resourceType: string } }[] };
    expect(bundle.resourceType).to.equal('Bundle');
    expect(bundle.entry.map((e) => e.resource.resourceType)).to.deep.equal(['Patient', 'EpisodeOfCare', 'Consent']);
    expect(message(el)).to.equal('The file c1.fhir.json is downloaded.');
    await expect(el).to.be.accessible();
  });

  it('downloads for another service only with the person’s consent to share, leaving health out without theirs to it', async () => {
    const events = history(undefined, (b) =>
      b
        .add('consent.grant', { purpose: 'health-data' })
        .add('goal.add', { goalId: 'g1', title: 'Sleep through the night', domain: 'health', ownerId: 'ewa', ownerRole: 'coordinator' })
        .add('consent.withdraw', { purpose: 'health-data' }),
    );
    const { el, store } = await mountWorkspace<CpCaseLifecycle>('cp-case-lifecycle', events, { role: 'coordinator' });
    const { files, release } = catchDownloads();
    try {
      // No name: said beside the field, which gets the focus.
      await submit(el, '#recipient');
      expect($(el, '#recipient-error').textContent).to.equal('Write the name of the service.');
      expect(el.shadowRoot!.activeElement?.id).to.equal('recipient');
      type(el, '#recipient', 'Job centre Wola');
      await submit(el, '#recipient');
      expect(files).to.have.length(0);
      expect(message(el)).to.equal('Nothing was downloaded: the person has not agreed to share details with other services. Record their consent first, if they give it.');
      const last = (await store.events('c1')).at(-1)!;
      await store.record({ caseId: 'c1', baseSeq: last.seq, drafts: [{ type: 'consent.grant', id: 'share-1', actor: { id: 'ewa', role: 'coordinator' }, payload: { purpose: 'data-sharing' } }] }, el.templateResolver);
      await submit(el, '#recipient');
    } finally {
      release();
    }
    expect(files.map((f) => f.name)).to.deep.equal(['c1.fhir.json']);
    const text = await files[0]!.blob.text();
    expect(text).to.contain('"resourceType": "Bundle"');
    expect(text).to.not.contain('Sleep through the night');
    expect(message(el)).to.equal('The file c1.fhir.json is downloaded. Health information was left out: the person has not agreed to share it.');
    await expect(el).to.be.accessible();
  });

  describe('export with a server', () => {
    const caught = catchingServerAndDownloads();

    it('downloads the server’s copy, so the download is in its access log; offline or refused, nothing is downloaded and it says why', async () => {
      const { files } = caught.downloads;
      const asked: string[] = [];
      let answer: () => Promise<Response> = () => Promise.resolve(new Response(JSON.stringify({ events: ['from the server'], accessLog: [] }), { status: 200 }));
      window.fetch = ((input: RequestInfo | URL) => {
        asked.push(input instanceof Request ? input.url : input.toString());
        return answer();
      });
      const { el } = await mountWorkspace<CpCaseLifecycle>('cp-case-lifecycle', history(), { role: 'coordinator' });
      el.server = '';
      await el.updateComplete;

      await press(el, 'Download (JSON)');
      expect(asked).to.deep.equal(['/api/cases/c1/export?format=json']);
      expect(JSON.parse(await files[0]!.blob.text())).to.deep.equal({ events: ['from the server'], accessLog: [] });
      expect(message(el)).to.equal('The file c1.json is downloaded.');

      answer = () => Promise.resolve(new Response(JSON.stringify({ error: 'consent-required', purpose: 'data-sharing', message: 'needs data-sharing' }), { status: 409 }));
      type(el, '#recipient', 'Job centre Wola');
      await submit(el, '#recipient');
      expect(asked[1]).to.equal('/api/cases/c1/export?format=fhir&recipient=Job+centre+Wola');
      expect(message(el)).to.equal('Nothing was downloaded: the person has not agreed to share details with other services. Record their consent first, if they give it.');

      answer = () => Promise.reject(new TypeError('Failed to fetch'));
      await press(el, 'Download (FHIR R4)');
      expect(message(el)).to.equal('Nothing was downloaded: this device cannot reach the organisation’s server, which records every download. Try again when connected.');

      answer = () => Promise.resolve(new Response(JSON.stringify({ error: 'not-found', message: 'there is no case c1 that you may export' }), { status: 404 }));
      await press(el, 'Download (FHIR R4)');
      expect(message(el)).to.equal('Nothing was downloaded: there is no case c1 that you may export.');
      expect(files).to.have.length(1);
      await expect(el).to.be.accessible();
    });
  });

  describe('work on a case that ends after the page opened another', () => {
    const caught = catchingServerAndDownloads();
    const other = () => history().map((e) => ({ ...e, caseId: 'c2', id: `c2-${e.seq}` }));
    /** A server whose next answer waits until `answer` is called. */
    function slowServer(body: unknown) {
      let answer: () => void = () => undefined;
      window.fetch = () => new Promise<Response>((resolve) => (answer = () => resolve(new Response(JSON.stringify(body), { status: 200 }))));
      return { answer: () => answer() };
    }
    const shows = (el: CpCaseLifecycle, caseId: string) => untilShown(el, () => (el as unknown as { caseState: { caseId: string } | null }).caseState?.caseId === caseId, `the widget shows ${caseId}`);

    it('names the file by the case it was asked for, and says so on that case only', async () => {
      const done = caught.downloads.next();
      const server = slowServer({ events: ['c1’s, from the server'] });
      const { el, store } = await mountWorkspace<CpCaseLifecycle>('cp-case-lifecycle', history(), { role: 'coordinator' });
      await store.importEvents(other());
      el.server = '';
      await el.updateComplete;
      $$(el, 'button').find((b) => b.textContent.trim() === 'Download (JSON)')!.click();
      el.setAttribute('case-id', 'c2');
      await shows(el, 'c2');
      server.answer();
      expect((await done).name).to.equal('c1.json');
      await el.updateComplete;
      expect(caught.downloads.files.map((f) => f.name)).to.deep.equal(['c1.json']);
      expect(message(el), 'nothing said on c2').not.to.contain('downloaded');
      el.setAttribute('case-id', 'c1');
      await shows(el, 'c1');
      await el.updateComplete;
      expect(message(el)).to.equal('The file c1.json is downloaded.');
    });

    it('an erasure the server finishes after the page opened another case leaves that case on screen', async () => {
      const server = slowServer({ erased: 'c1', erasedAt: '2026-03-02T10:00:00.000Z' });
      const { el, store } = await mountWorkspace<CpCaseLifecycle>('cp-case-lifecycle', history(), { role: 'supervisor' });
      await store.importEvents(other());
      el.server = '';
      await el.updateComplete;
      const told = oneEvent(el, 'cp-case-erased');
      type(el, '#erase-confirm', 'c1');
      $<HTMLInputElement>(el, '#erase-confirm').form!.requestSubmit();
      el.setAttribute('case-id', 'c2');
      await shows(el, 'c2');
      server.answer();
      expect(((await told) as CustomEvent<{ caseId: string }>).detail.caseId).to.equal('c1');
      await el.updateComplete;
      expect(await store.events('c1')).to.deep.equal([]);
      expect(el.shadowRoot!.textContent, 'c2 is still shown').to.contain('Pause the case');
      expect(el.shadowRoot!.textContent).not.to.contain('Erased.');
    });
  });

  describe('erasure at the person’s request', () => {
    const realFetch = window.fetch;
    afterEach(() => {
      window.fetch = realFetch;
    });

    it('is offered to the supervisor only, after typing the reference; the server first, then this device', async () => {
      const { el: coach } = await mountWorkspace<CpCaseLifecycle>('cp-case-lifecycle');
      expect(coach.shadowRoot!.querySelector('form.erase')).to.equal(null);

      const asked: { url: string; body: unknown }[] = [];
      window.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
        asked.push({ url: input instanceof Request ? input.url : input.toString(), body: JSON.parse(init!.body as string) });
        return Promise.resolve(new Response(JSON.stringify({ erased: 'c1', erasedAt: '2026-03-02T10:00:00.000Z' }), { status: 200 }));
      });
      const { el, store } = await mountWorkspace<CpCaseLifecycle>('cp-case-lifecycle', history(), { role: 'supervisor' });
      el.server = '';
      await el.updateComplete;
      await expect(el).to.be.accessible();
      type(el, '#erase-confirm', 'c2');
      await submit(el, '#erase-confirm');
      expect($(el, '#erase-confirm-error').textContent).to.equal('That is not it: write c1 exactly.');
      expect(el.shadowRoot!.activeElement?.id).to.equal('erase-confirm');
      expect(asked).to.have.length(0);
      expect(await store.events('c1')).to.have.length(3);

      type(el, '#erase-confirm', 'c1');
      let erased = '';
      el.addEventListener('cp-case-erased', (e) => (erased = (e as CustomEvent<{ caseId: string }>).detail.caseId));
      await submit(el, '#erase-confirm');
      expect(asked).to.deep.equal([{ url: '/api/cases/c1/erase', body: { confirm: 'c1' } }]);
      expect(await store.events('c1')).to.deep.equal([]);
      expect(erased).to.equal('c1');
      expect(el.shadowRoot!.textContent).to.contain('Erased. Nothing about this person is left here.');
    });

    it('erases nothing on this device until the server says it is erased, and says why in the page’s language', async () => {
      let answer: () => Promise<Response> = () => Promise.resolve(new Response(JSON.stringify({ error: 'not-found', message: "only the provider's supervisor erases a case" }), { status: 404 }));
      window.fetch = () => answer();
      const { el, store } = await mountWorkspace<CpCaseLifecycle>('cp-case-lifecycle', history(), { role: 'supervisor' });
      el.server = '';
      await el.updateComplete;
      const tryToErase = async () => {
        type(el, '#erase-confirm', 'c1');
        await submit(el, '#erase-confirm');
        return message(el);
      };
      expect(await tryToErase()).to.equal(
        'Could not erase: the server holds no such case that you may erase: it may not have been sent yet (see the sync status), or only the provider’s supervisor may erase it. Nothing was erased.',
      );
      answer = () => Promise.reject(new TypeError('Failed to fetch'));
      expect(await tryToErase()).to.equal(
        'Not sure the server erased it: this device cannot reach the organisation’s server; try again when it is connected. The case is still on this device. Erase it again: a second time does no harm, and the server says if it is already done.',
      );
      answer = () => Promise.resolve(new Response(JSON.stringify({ error: 'not-signed-in', message: 'sign in first' }), { status: 401 }));
      expect(await tryToErase()).to.equal('Could not erase: your session has ended; sign in again, then try again. Nothing was erased.');
      answer = () => Promise.resolve(new Response('<html>Bad gateway</html>', { status: 502 }));
      expect(await tryToErase()).to.equal(
        'Not sure the server erased it: the server could not do it just now (error 502); try again later, and if it stays so, tell whoever runs the server. The case is still on this device. Erase it again: a second time does no harm, and the server says if it is already done.',
      );
      // An answer that is not the server's (a proxy's page) leaves it as unknown as no answer.
      answer = () => Promise.resolve(new Response('<html>Welcome to the hotel network</html>', { status: 200 }));
      expect(await tryToErase()).to.equal(
        'Not sure the server erased it: the server’s answer was not understood (/api/cases/c1/erase). The case is still on this device. Erase it again: a second time does no harm, and the server says if it is already done.',
      );
      expect(await store.events('c1')).to.have.length(3);
      await expect(el).to.be.accessible();
      // Asked again, the server answers that it is erased (it was, the first time): now it goes from here too.
      answer = () => Promise.resolve(new Response(JSON.stringify({ erased: 'c1', erasedAt: '2026-03-02T10:00:00.000Z' }), { status: 200 }));
      type(el, '#erase-confirm', 'c1');
      await submit(el, '#erase-confirm');
      expect(el.shadowRoot!.textContent).to.contain('Erased. Nothing about this person is left here.');
      expect(await store.events('c1')).to.deep.equal([]);

      // A Russian page says no English word of the browser's or the server's.
      answer = () => Promise.reject(new TypeError('Failed to fetch'));
      const { el: ru } = await mountWorkspace<CpCaseLifecycle>('cp-case-lifecycle', history(), { role: 'supervisor', lang: 'ru' });
      ru.server = '';
      await ru.updateComplete;
      type(ru, '#erase-confirm', 'c1');
      await submit(ru, '#erase-confirm');
      expect(message(ru)).to.equal(
        'Неизвестно, стёр ли его сервер: это устройство не может связаться с сервером организации; попробуйте снова, когда появится связь. На этом устройстве случай остался. Сотрите ещё раз: второй раз ничему не вредит, и сервер скажет, если это уже сделано.',
      );
    });
  });

  it('when the answer was lost, the erasure the next pull brings finishes it here too', async () => {
    const realFetch = window.fetch;
    window.fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    try {
      const { el, store } = await mountWorkspace<CpCaseLifecycle>('cp-case-lifecycle', history(), { role: 'supervisor' });
      el.server = '';
      await el.updateComplete;
      type(el, '#erase-confirm', 'c1');
      await submit(el, '#erase-confirm');
      expect(message(el)).to.match(/^Not sure the server erased it/);
      let erased = '';
      el.addEventListener('cp-case-erased', (e) => (erased = (e as CustomEvent<{ caseId: string }>).detail.caseId));
      // The device's sync erases it, as the server tells every device of the team.
      await store.eraseCase('c1');
      await untilShown(el, () => erased, 'the page is told');
      await el.updateComplete;
      expect(erased).to.equal('c1');
      expect(el.shadowRoot!.textContent).to.contain('Erased. Nothing about this person is left here.');
      expect(el.shadowRoot!.textContent).to.not.contain('Not sure');
    } finally {
      window.fetch = realFetch;
    }
  });

  it('speaks German, the reasons included', async () => {
    const { el } = await mountWorkspace<CpCaseLifecycle>('cp-case-lifecycle', history(), { lang: 'de' });
    expect($(el, 'h2').textContent).to.equal('Der Fall');
    const why = el.shadowRoot!.getElementById(outcome(el, 'employed').getAttribute('aria-describedby')!)!;
    expect(why.textContent).to.contain('die Person hat keine Stelle');
  });
});
