import { expect, fixture, html } from '@open-wc/testing';
import { untilShown } from '../../internal/until-shown.test-support.js';
import { deleteDB } from 'idb';
import { databaseName, IdbCaseStore } from '../../storage/idb-case-store.js';
import type { CpAccessLog } from './access-log.js';
import './cp-access-log.js';

const entries = [
  { at: '2026-03-02T09:15:00.000Z', workerId: 'ewa', action: 'case.read', caseIds: ['c1'], detail: {} },
  { at: '2026-03-03T10:00:00.000Z', workerId: 'anna', action: 'cases.pull', caseIds: ['c1'], detail: {} },
  { at: '2026-03-04T11:30:00.000Z', workerId: 'sara', action: 'case.export', caseIds: ['c1'], detail: { format: 'fhir' } },
];

describe('<cp-access-log>', () => {
  const realFetch = window.fetch;
  afterEach(() => {
    window.fetch = realFetch;
  });

  async function mount(status: number, lang = 'en', store?: IdbCaseStore) {
    const asked: string[] = [];
    window.fetch = ((input: RequestInfo | URL) => {
      asked.push(input instanceof Request ? input.url : input.toString());
      return Promise.resolve(new Response(JSON.stringify(status === 200 ? { entries } : { error: 'not-found', message: 'not found' }), { status }));
    });
    const el = await fixture<CpAccessLog>(html`<cp-access-log case-id="c1" server="" lang=${lang} organisation=${store?.organisation ?? 'default'} .store=${store} .people=${{ ewa: 'Ewa Nowak', anna: 'Anna Lis' }}></cp-access-log>`);
    await untilShown(el, () => !el.shadowRoot!.querySelector('[aria-busy]'), 'loaded');
    await el.updateComplete;
    return { el, asked };
  }

  it('shows the supervisor who read the case, when and how, by name; accessible', async () => {
    const { el, asked } = await mount(200);
    expect(asked).to.deep.equal(['/api/access-log?caseId=c1']);
    const rows = [...el.shadowRoot!.querySelectorAll('tbody tr')].map((tr) => [...tr.children].slice(1).map((c) => c.textContent.trim()));
    expect(rows).to.deep.equal([
      ['Ewa Nowak', 'opened it'],
      ['Anna Lis', 'got it on a device'],
      ['sara', 'downloaded it'],
    ]);
    await expect(el).to.be.accessible();
  });

  it('on a phone, its table scrolls in its own box and says so; the page keeps its width', async () => {
    const { el } = await mount(200);
    el.style.display = 'block';
    el.style.width = '200px';
    await untilShown(el, () => el.shadowRoot!.querySelector('p.scroll-cue'), 'the line says the table scrolls');
    expect(el.shadowRoot!.querySelector('p.scroll-cue')!.textContent).to.equal('The table does not fit on the screen: scroll it sideways to see the rest.');
    const scroller = el.shadowRoot!.querySelector<HTMLElement>('.table-scroll')!;
    expect(scroller.scrollWidth).to.be.above(scroller.clientWidth);
    expect(el.getBoundingClientRect().width, 'the widget is no wider than its place').to.be.at.most(200);
    expect([scroller.getAttribute('role'), scroller.getAttribute('tabindex'), scroller.getAttribute('aria-label')]).to.deep.equal(['region', '0', 'Table: who read this case']);
    await expect(el).to.be.accessible();
    el.style.width = '1200px';
    await untilShown(el, () => !el.shadowRoot!.querySelector('p.scroll-cue'), 'the line goes once the table fits');
    expect(scroller.hasAttribute('role')).to.equal(false);
  });

  it('leaves the screen while the device is locked, and is read anew once it is opened', async () => {
    const organisation = `access-lock-${Math.random().toString(36).slice(2)}`;
    const store = new IdbCaseStore(organisation);
    try {
      await store.protect('sara', 'sara’s own long passphrase');
      const { el, asked } = await mount(200, 'en', store);
      expect(el.shadowRoot!.textContent).to.contain('Ewa Nowak');
      await store.lock();
      await untilShown(el, () => el.shadowRoot!.querySelector('.locked'), 'the log says the device is locked');
      expect(el.shadowRoot!.textContent.replace(/\s+/g, ' ').trim()).to.equal('Hidden while this device is locked. Sign in or unlock it to see this again.');
      await store.unlock('sara', 'sara’s own long passphrase');
      await untilShown(el, () => el.shadowRoot!.textContent.includes('Ewa Nowak'), 'the log shows again');
      expect(asked, 'asked of the server again').to.have.length(2);
    } finally {
      await store.dispose();
      await deleteDB(databaseName(organisation));
    }
  });

  it('tells anyone else that only the supervisor sees it, and a page without a server why there is nothing', async () => {
    const { el } = await mount(404, 'pl');
    await untilShown(el, () => el.shadowRoot!.textContent.includes('przełożony'), 'Polish words');
    expect(el.shadowRoot!.textContent).to.contain('Kto czytał sprawę, widzi tylko przełożony w placówce.');
    const none = await fixture<CpAccessLog>(html`<cp-access-log case-id="c1"></cp-access-log>`);
    await none.updateComplete;
    expect(none.shadowRoot!.textContent).to.contain('this page has none');
  });

  it('says in the page’s words why it cannot show the reads: no connection, or the server’s own trouble', async () => {
    const { el } = await mount(503);
    expect(el.shadowRoot!.querySelector('[role="alert"]')?.textContent).to.equal(
      'Who read this case cannot be shown: the server could not do it just now (error 503); try again later, and if it stays so, tell whoever runs the server.',
    );
    const { el: ended } = await mount(401);
    expect(ended.shadowRoot!.querySelector('[role="alert"]')?.textContent).to.equal('Who read this case cannot be shown: your session has ended; sign in again, then try again.');
    window.fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    const lt = await fixture<CpAccessLog>(html`<cp-access-log case-id="c1" server="" lang="lt"></cp-access-log>`);
    await untilShown(lt, () => lt.shadowRoot!.querySelector('[role="alert"]')?.textContent.startsWith('Nepavyko'), 'Lithuanian words');
    expect(lt.shadowRoot!.querySelector('[role="alert"]')?.textContent).to.equal(
      'Nepavyko parodyti, kas skaitė šį atvejį: šis įrenginys negali susisiekti su organizacijos serveriu; bandykite dar kartą, kai bus ryšys.',
    );
    await expect(lt).to.be.accessible();
  });
});
