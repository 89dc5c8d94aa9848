import { expect, fixture, fixtureSync, html, oneEvent } from '@open-wc/testing';
import { untilShown } from '../../internal/until-shown.test-support.js';
import { builtInTemplates } from '@casepath/core';
import { CaseHistoryBuilder } from '@casepath/core/testing';
import { MemoryCaseStore } from '../../storage/memory-case-store.js';
import { databaseName, IdbCaseStore } from '../../storage/idb-case-store.js';
import { Replica } from '../../storage/replica.js';
import { deleteDB } from 'idb';
import type { CpCaseload } from './caseload.js';
import './cp-caseload.js';

const t = builtInTemplates['euse-supported-employment'];

const open = (id: string, start: string, worker: string, ref: string) =>
  new CaseHistoryBuilder(id, start)
    .add('case.open', { templateId: t.id, templateVersion: 1, providerId: 'p', clientRef: ref })
    .add('worker.assign', { workerId: worker, role: 'coordinator' })
    .build();

async function storeWith() {
  const store = new MemoryCaseStore();
  await store.importEvents(open('a', '2026-01-01T09:00:00Z', 'ewa', 'OD-1')); // review due 2026-01-31: overdue
  await store.importEvents(open('b', '2026-02-20T09:00:00Z', 'ewa', 'OD-2')); // due 2026-03-22: upcoming
  await store.importEvents(open('c', '2026-02-20T09:00:00Z', 'jan', 'OD-3'));
  return store;
}

describe('<cp-caseload>', () => {
  it('is accessible', async () => {
    const el = await fixture<CpCaseload>(html`<cp-caseload worker="ewa" today="2026-03-15" .store=${await storeWith()}></cp-caseload>`);
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it("lists a worker's cases, overdue reviews first, with counts in the right plural form", async () => {
    const el = await fixture<CpCaseload>(html`<cp-caseload worker="ewa" today="2026-03-15" .store=${await storeWith()}></cp-caseload>`);
    await el.updateComplete;
    const rows = [...el.shadowRoot!.querySelectorAll('tbody tr')].map((r) => r.textContent.replace(/\s+/g, ' ').trim());
    expect(rows).to.have.length(2);
    expect(rows[0]).to.contain('OD-1').and.contain('Review overdue since January 31, 2026');
    expect(rows[1]).to.contain('OD-2').and.contain('Review due March 22, 2026');
    expect(el.shadowRoot!.querySelector('p')!.textContent).to.equal('2 cases, 1 review overdue');
  });

  it('says it is opening the cases while the device waits for its password, not that there are none', async () => {
    const store = await storeWith();
    let open: () => void = () => undefined;
    const unlocked = new Promise<void>((resolve) => (open = resolve));
    const read = store.caseSummaries.bind(store);
    store.caseSummaries = async () => (await unlocked, read());
    // Not `fixture`: it waits for the caseload to be read, which waits for the password here.
    const el = fixtureSync<CpCaseload>(html`<cp-caseload worker="ewa" today="2026-03-15" .store=${store}></cp-caseload>`);
    await untilShown(el, () => el.shadowRoot?.querySelector('p[role="status"]'), 'the status shows');
    const status = () => el.shadowRoot!.querySelector('p[role="status"]')!.textContent.trim();
    expect(status()).to.equal('Opening the cases on this device…');
    expect(el.shadowRoot!.querySelector('table')!.getAttribute('aria-busy')).to.equal('true');
    open();
    await el.updateComplete;
    expect(status()).to.equal('2 cases, 1 review overdue');
    expect(el.shadowRoot!.querySelector('table')!.getAttribute('aria-busy')).to.equal('false');
  });

  it('says cases are still arriving while a new device pulls them, until a pull says nothing more waits', async () => {
    const org = `arriving-${Math.random().toString(36).slice(2)}`;
    const store = new IdbCaseStore(org);
    try {
      const el = await fixture<CpCaseload>(html`<cp-caseload today="2026-03-15" .store=${store}></cp-caseload>`);
      const status = () => el.shadowRoot!.querySelector('p[role="status"]')!.textContent.replace(/\s+/g, ' ').trim();
      expect(status()).to.equal('0 cases'); // a device without a server
      const replica = new Replica(store);
      await replica.linkTo('https://cases.example.org', 'ewa', 'dev-1'); // signed in: the first pull begins
      await el.updateComplete;
      expect(status()).to.equal('0 cases, more are still arriving from the server…');
      await replica.applyPull({ events: open('b', '2026-02-20T09:00:00Z', 'ewa', 'OD-2'), backfill: [], revoked: [], conflicts: [], cursor: 'k1', more: true, reset: false });
      await el.updateComplete;
      expect(status()).to.equal('1 case, more are still arriving from the server…');
      // The last page may bring nothing (what waited filled the pages before exactly).
      await replica.applyPull({ events: [], backfill: [], revoked: [], conflicts: [], cursor: 'k2', more: false, reset: false });
      await el.updateComplete;
      expect(status()).to.equal('1 case');
      await expect(el).to.be.accessible();
    } finally {
      await store.dispose();
      await deleteDB(databaseName(org));
    }
  });

  it('says cases are arriving the moment a first pull begins, even while the list is still being read', async () => {
    const org = `arriving-${Math.random().toString(36).slice(2)}`;
    const store = new IdbCaseStore(org);
    try {
      const el = await fixture<CpCaseload>(html`<cp-caseload today="2026-03-15" .store=${store}></cp-caseload>`);
      const status = () => el.shadowRoot!.querySelector('p[role="status"]')!.textContent.replace(/\s+/g, ' ').trim();
      expect(status()).to.equal('0 cases');
      // Reading the list again is slow (a busy device): the reading in flight when the pull
      // begins, and the one after it, wait until released.
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      const readArriving = store.arriving.bind(store);
      store.arriving = async () => {
        const now = await readArriving();
        await held;
        return now;
      };
      store.notify({ caseId: 'elsewhere' }); // a reading begins, before the link
      await new Promise((resolve) => setTimeout(resolve, 0));
      const shown: string[] = [];
      const seen = new MutationObserver(() => shown.push(status()));
      seen.observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true });
      await new Replica(store).linkTo('https://cases.example.org', 'ewa', 'dev-1'); // signed in: the first pull begins
      await untilShown(el, () => status() === '0 cases, more are still arriving from the server…', 'said at once');
      release();
      await el.updateComplete;
      seen.disconnect();
      expect(status()).to.equal('0 cases, more are still arriving from the server…');
      expect(shown.filter((s) => !s.includes('still arriving')), 'never "0 cases" alone once the pull began').to.deep.equal([]);

      // The pull's last page brings a case, and reading the list is slow: "still arriving" leaves
      // with the case on screen, not before it ("0 cases" beside "Everything is on the server.").
      let releaseList = () => {};
      const listHeld = new Promise<void>((resolve) => (releaseList = resolve));
      let listRead = () => {};
      const listReading = new Promise<void>((resolve) => (listRead = resolve));
      const readList = store.caseSummaries.bind(store);
      store.caseSummaries = async () => {
        const list = await readList();
        listRead();
        await listHeld;
        return list;
      };
      shown.length = 0;
      seen.observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true });
      await new Replica(store).applyPull({ events: open('b', '2026-02-20T09:00:00Z', 'ewa', 'OD-2'), backfill: [], revoked: [], conflicts: [], cursor: 'k1', more: false, reset: false });
      await listReading;
      await new Promise((resolve) => setTimeout(resolve, 0)); // whatever was set before the list is drawn
      releaseList();
      await el.updateComplete;
      seen.disconnect();
      expect(status()).to.equal('1 case');
      expect(shown.filter((s) => s.startsWith('0 cases') && !s.includes('still arriving')), 'never "0 cases" alone at the end').to.deep.equal([]);
    } finally {
      await store.dispose();
      await deleteDB(databaseName(org));
    }
  });

  it('uses Polish plural forms and dates', async () => {
    const el = await fixture<CpCaseload>(html`<cp-caseload lang="pl" today="2026-03-15" .store=${await storeWith()}></cp-caseload>`);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('p')!.textContent).to.equal('3 sprawy, 1 zaległy przegląd');
  });

  const rows = (el: CpCaseload) => [...el.shadowRoot!.querySelectorAll('tbody tr')].map((r) => r.querySelector('th button')!.textContent.trim());
  const choose = async (el: CpCaseload, index: number, value: string) => {
    const select = el.shadowRoot!.querySelectorAll('select')[index]!;
    select.value = value;
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
  };

  it('opens a case from the list, marks it, and tells the page which', async () => {
    const el = await fixture<CpCaseload>(html`<cp-caseload today="2026-03-15" .store=${await storeWith()}></cp-caseload>`);
    await el.updateComplete;
    const button = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('tbody th button')].find((b) => b.textContent.trim() === 'OD-2')!;
    const selected = oneEvent(el, 'cp-case-select');
    button.click();
    expect(((await selected) as CustomEvent<{ caseId: string; clientRef: string }>).detail).to.deep.include({ caseId: 'b', templateId: t.id, clientRef: 'OD-2' });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('tr[aria-current="true"] th')!.textContent).to.contain('OD-2');
  });

  it('tells the page when its open case leaves the device: erased on the server, or no longer the worker\'s', async () => {
    const org = `gone-${Math.random().toString(36).slice(2)}`;
    const store = new IdbCaseStore(org);
    try {
      const replica = new Replica(store);
      await replica.linkTo('https://cases.example.org', 'ewa', 'dev-1');
      await replica.applyPull({ events: [...open('a', '2026-01-01T09:00:00Z', 'ewa', 'OD-1'), ...open('b', '2026-02-20T09:00:00Z', 'ewa', 'OD-2'), ...open('c', '2026-02-21T09:00:00Z', 'ewa', 'OD-3')], backfill: [], revoked: [], conflicts: [], cursor: 'k1', more: false, reset: false });
      const el = await fixture<CpCaseload>(html`<cp-caseload today="2026-03-15" selected-case="b" .store=${store}></cp-caseload>`);
      const gone: { caseId: string; reason: string }[] = [];
      el.addEventListener('cp-case-gone', (e) => gone.push((e as CustomEvent<{ caseId: string; reason: string }>).detail));
      // Another case erased: the page's own case stays open.
      await replica.applyPull({ events: [], backfill: [], revoked: [], erased: ['a'], conflicts: [], cursor: 'k2', more: false, reset: false });
      await el.updateComplete;
      expect(gone).to.deep.equal([]);
      expect(el.shadowRoot!.querySelector('tr[aria-current="true"] th')!.textContent).to.contain('OD-2');
      // The worker taken off the open case's team: the page is told why, once, and nothing is marked.
      await replica.applyPull({ events: [], backfill: [], revoked: ['b'], conflicts: [], cursor: 'k3', more: false, reset: false });
      await el.updateComplete;
      expect(gone).to.deep.equal([{ caseId: 'b', reason: 'revoked' }]);
      expect(el.selectedCase).to.equal('');
      expect(el.shadowRoot!.textContent).not.to.contain('OD-2');
      // A case erased on this device (the supervisor's own page) says so too.
      el.selectedCase = 'c';
      await store.eraseCase('c');
      expect(gone).to.deep.equal([{ caseId: 'b', reason: 'revoked' }, { caseId: 'c', reason: 'erased' }]);
    } finally {
      await store.dispose();
      await deleteDB(databaseName(org));
    }
  });

  it("puts the worker's own cases first, then the most urgent review", async () => {
    const el = await fixture<CpCaseload>(html`<cp-caseload actor-id="jan" today="2026-03-15" .store=${await storeWith()}></cp-caseload>`);
    await el.updateComplete;
    expect(rows(el)).to.deep.equal(['OD-3', 'OD-1', 'OD-2']);
    const marked = () => [...el.shadowRoot!.querySelectorAll('tbody tr th')].map((th) => th.querySelector('.mine')?.textContent ?? '');
    expect(marked()).to.deep.equal(['(yours)', '', '']);
  });

  it('marks no case as the worker\'s own when every case listed is theirs, as on a job coach\'s list', async () => {
    const el = await fixture<CpCaseload>(html`<cp-caseload actor-id="ewa" worker="ewa" today="2026-03-15" .store=${await storeWith()}></cp-caseload>`);
    await el.updateComplete;
    expect(rows(el)).to.deep.equal(['OD-1', 'OD-2']);
    expect(el.shadowRoot!.textContent).not.to.contain('(yours)');
  });

  it('says that the table scrolls sideways while it does not fit, as on a phone, and not when it fits', async () => {
    // In a section named as the caseload's heading, as a page often puts it.
    const box = await fixture<HTMLElement>(html`<section aria-label="Caseload" style="width: 200px"><cp-caseload today="2026-03-15" .store=${await storeWith()}></cp-caseload></section>`);
    const el = box.querySelector<CpCaseload>('cp-caseload')!;
    await el.updateComplete;
    const cue = () => el.shadowRoot!.querySelector('p.scroll-cue')?.textContent ?? null;
    const scroller = el.shadowRoot!.querySelector('.table-scroll')!;
    expect(await untilShown(el, cue, 'the line says the table scrolls')).to.equal('The table does not fit on the screen: scroll it sideways to see the rest.');
    expect(scroller.scrollWidth).to.be.above(scroller.clientWidth);
    // The keyboard reaches the rest too: the box takes the focus, named apart from the section
    // around it, and its arrows scroll it.
    expect([scroller.getAttribute('role'), scroller.getAttribute('tabindex'), scroller.getAttribute('aria-label')]).to.deep.equal(['region', '0', 'Table of cases']);
    await expect(box).to.be.accessible();
    (scroller as HTMLElement).focus();
    const scrolled = oneEvent(scroller, 'scroll');
    const { sendKeys } = await import('@web/test-runner-commands');
    await sendKeys({ press: 'ArrowRight' });
    await scrolled;
    expect(scroller.scrollLeft).to.be.above(0);
    box.style.width = '1000px';
    await untilShown(el, () => cue() === null, 'the line goes once the table fits');
    expect(scroller.scrollWidth).to.equal(scroller.clientWidth);
    expect(scroller.hasAttribute('tabindex')).to.equal(false, 'no stop for the keyboard where nothing scrolls');
    // The review, which orders the list, is beside the case: the first part out of sight is the stage.
    expect([...el.shadowRoot!.querySelectorAll('thead th')].map((th) => th.textContent.trim())).to.deep.equal(['Case', 'Review', 'Stage']);
    await expect(el).to.be.accessible();
  });

  it('shows a long list a page at a time: how many of how many, and "Show more" takes the keyboard to the first new row', async () => {
    const el = await fixture<CpCaseload>(html`<cp-caseload page-size="2" today="2026-03-15" .store=${await storeWith()}></cp-caseload>`);
    await el.updateComplete;
    expect(rows(el)).to.deep.equal(['OD-1', 'OD-2']);
    expect(el.shadowRoot!.querySelector('p[role="status"]')!.textContent).to.equal('3 cases, 1 review overdue'); // the count is of all
    const more = el.shadowRoot!.querySelector<HTMLElement>('p.more')!;
    expect(more.textContent.replace(/\s+/g, ' ').trim()).to.equal('2 of 3 shown Show 1 more');
    more.querySelector('button')!.click();
    await el.updateComplete;
    expect(rows(el)).to.deep.equal(['OD-1', 'OD-2', 'OD-3']);
    expect(el.shadowRoot!.activeElement?.textContent.trim()).to.equal('OD-3');
    expect(el.shadowRoot!.querySelector('p.more')).to.equal(null);
    await expect(el).to.be.accessible();
    // A filter starts from the first page again.
    await choose(el, 0, 'engagement');
    expect(rows(el)).to.deep.equal(['OD-1', 'OD-2']);
  });

  it('shows the selected case even beyond the first page, marked, and "Show more" goes on from it', async () => {
    const el = await fixture<CpCaseload>(html`<cp-caseload page-size="1" selected-case="b" today="2026-03-15" .store=${await storeWith()}></cp-caseload>`);
    await el.updateComplete;
    expect(rows(el)).to.deep.equal(['OD-1', 'OD-2']);
    expect(el.shadowRoot!.querySelector('tr[aria-current="true"]')!.textContent).to.contain('OD-2');
    el.shadowRoot!.querySelector<HTMLElement>('p.more button')!.click();
    await el.updateComplete;
    expect(rows(el)).to.deep.equal(['OD-1', 'OD-2', 'OD-3']);
    expect(el.shadowRoot!.activeElement?.textContent.trim()).to.equal('OD-3');
  });

  it("filters by worker and by reviews due this week or overdue, for the weekly team meeting", async () => {
    const el = await fixture<CpCaseload>(html`<cp-caseload today="2026-03-17" .store=${await storeWith()}></cp-caseload>`);
    await el.updateComplete;
    expect(rows(el)).to.have.length(3);
    await choose(el, 1, 'jan');
    expect(rows(el)).to.deep.equal(['OD-3']);
    await choose(el, 1, '');
    await choose(el, 2, 'week'); // due 2026-03-22, five days on, and the overdue one
    expect(rows(el)).to.deep.equal(['OD-1', 'OD-2', 'OD-3']);
    await choose(el, 2, 'overdue');
    expect(rows(el)).to.deep.equal(['OD-1']);
    expect(el.shadowRoot!.querySelector('p[role="status"]')!.textContent).to.equal('1 case, 1 review overdue');
    await choose(el, 2, '');
    await choose(el, 0, 'engagement');
    expect(rows(el)).to.have.length(3);
    const stages = [...el.shadowRoot!.querySelectorAll('select')[0]!.options].map((o) => o.textContent.trim());
    expect(stages, 'only the stages cases are in').to.deep.equal(['All', 'Client engagement']);
  });

  it('says when the filters leave no case, and shows all again with one press, the focus on the first case', async () => {
    const el = await fixture<CpCaseload>(html`<cp-caseload today="2026-03-17" .store=${await storeWith()}></cp-caseload>`);
    await el.updateComplete;
    // Jan chosen with the keyboard, as a worker does (the browser then holds the choice as theirs).
    const { sendKeys } = await import('@web/test-runner-commands');
    el.shadowRoot!.querySelectorAll('select')[1]!.focus();
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(rows(el)).to.deep.equal(['OD-3']);
    await choose(el, 2, 'overdue'); // Jan's one case is due on the 22nd
    expect(el.shadowRoot!.querySelector('table'), 'no empty table').to.equal(null);
    const empty = el.shadowRoot!.querySelector('.empty')!;
    expect(empty.textContent.replace(/\s+/g, ' ').trim()).to.equal('No case matches these choices. Show all cases');
    expect(el.shadowRoot!.querySelector('p[role="status"]')!.textContent).to.equal('0 cases');
    await expect(el).to.be.accessible();
    empty.querySelector('button')!.click();
    await el.updateComplete;
    expect(rows(el)).to.have.length(3);
    expect([...el.shadowRoot!.querySelectorAll('select')].map((s) => s.value), 'every filter back to "All"').to.deep.equal(['', '', '']);
    expect(el.shadowRoot!.activeElement?.textContent.trim()).to.equal(rows(el)[0]);
  });

  it('says a worker has no open case rather than showing an empty table and filters over nothing', async () => {
    const el = await fixture<CpCaseload>(html`<cp-caseload lang="de" worker="olga" today="2026-03-17" .store=${await storeWith()}></cp-caseload>`);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('table')).to.equal(null);
    expect(el.shadowRoot!.querySelector('.empty')!.textContent.trim()).to.equal('Keine offenen Fälle.');
    expect(el.shadowRoot!.querySelector('.empty button'), 'no filter to clear').to.equal(null);
    expect(el.shadowRoot!.querySelector('select'), 'nothing to filter').to.equal(null);
    await expect(el).to.be.accessible();
  });
});
