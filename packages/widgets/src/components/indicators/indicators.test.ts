import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { until } from '../../internal/until.test-support.js';
import { aggregateFile, mergeAggregates, type CaseRecord } from '@casepath/core';
import { simulatePopulation } from '@casepath/core/testing';
import type { CpIndicators } from './indicators.js';
import './cp-indicators.js';
import { catchDownloads } from '../../internal/downloads.test-support.js';

const population = simulatePopulation({ providers: 2, people: 300, years: 3, seed: 12 });
const providerIds = population.providers.map((p) => p.providerId).sort();

/** The server's answer (packages/server: aggregates.ts) for the cases of `providers`, counted up to `asOf`. */
function indicators(asOf: string, providers = providerIds) {
  const files = providers.map((providerId) => aggregateFile(population.cases.filter((c: CaseRecord) => c.providerId === providerId), { providerId, asOf, mergeable: true }));
  const { counts, ...published } = mergeAggregates(files.map((file) => ({ source: file.providerId, file })));
  expect(counts.people).to.be.greaterThan(0);
  return JSON.parse(JSON.stringify(published)) as unknown;
}

/** A server with an analyst and a job coach; answers for the cut-offs in `hold` wait until released. */
function fakeServer(options: { signedIn?: string | null; providers?: string[]; nothing?: boolean; hold?: string[]; fail?: string[] } = {}) {
  let session = options.signedIn === undefined ? 'adam' : options.signedIn;
  const asked: string[] = [];
  const held: { asOf: string; release: () => void }[] = [];
  const answered: string[] = [];
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input, location.href);
    const path = url.pathname;
    if (path === '/api/auth/sign-in') {
      const body = JSON.parse(init!.body as string) as { email: string; password: string };
      if (body.password !== 'the analyst password') return json(401, { error: 'bad-credentials', message: 'the email or password is not right' });
      session = body.email.split('@')[0]!;
      return json(200, { worker: { id: session, role: session === 'adam' ? 'analyst' : 'job-coach' } });
    }
    if (path === '/api/auth/sign-out') {
      session = null;
      return json(200, { signedOut: true });
    }
    if (path === '/api/auth/session') return json(200, { worker: session ? { id: session, role: session === 'adam' ? 'analyst' : 'job-coach' } : null });
    if (session === null) return json(401, { error: 'unauthenticated', message: 'sign in first' });
    if (path === '/api/providers') return json(200, { providers: [{ id: providerIds[0], name: 'Open Doors Warsaw' }, { id: providerIds[1], name: 'Open Doors Kraków' }] });
    if (path === '/api/aggregates/regional') {
      // The umbrella's answer: the latest members' files when no date is asked, none for other dates.
      const asOf = url.searchParams.get('asOf') ?? population.cutoff.slice(0, 10);
      asked.push(`regional ${asOf}`);
      if (asOf !== population.cutoff.slice(0, 10)) return json(404, { error: 'nothing-to-count', message: `no member has sent a file for ${asOf}` });
      const answer = indicators(asOf) as { leftOut: { notSaidBy: string[] } };
      answer.leftOut.notSaidBy = ['provider-09'];
      return json(200, answer);
    }
    if (path === '/api/aggregates/indicators') {
      if (session !== 'adam') return json(404, { error: 'not-found', message: 'there is nothing here that you may see' });
      if (options.nothing) return json(404, { error: 'nothing-to-count', message: 'there are no cases to count yet' });
      const asOf = url.searchParams.get('asOf') ?? population.cutoff.slice(0, 10);
      asked.push(asOf);
      if (options.hold?.includes(asOf)) await new Promise<void>((release) => held.push({ asOf, release }));
      if (options.fail?.includes(asOf)) return json(503, { error: 'unavailable', message: 'the database is not answering' });
      const answer = json(200, indicators(asOf, options.providers));
      answered.push(asOf);
      return answer;
    }
    return json(404, { error: 'not-found', message: 'no' });
  };
  return { fetch, asked, held, answered };
}

const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel)!;
const texts = (el: Element, sel: string) => [...el.shadowRoot!.querySelectorAll(sel)].map((e) => e.textContent.replace(/\s+/g, ' ').trim());
/** The table's rows, their cells' texts between bars. */
const rows = (el: Element) => [...el.shadowRoot!.querySelectorAll('tbody tr')].map((r) => [...(r as HTMLTableRowElement).cells].map((c) => c.textContent.trim()).join(' | '));
const status = (el: Element) => $(el, '[role="status"]').textContent.trim();
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

describe('<cp-indicators>', () => {
  const realFetch = window.fetch;
  afterEach(() => {
    fixtureCleanup();
    window.fetch = realFetch;
  });

  async function mount(server: { fetch: unknown }, lang = 'en', asOf = population.cutoff.slice(0, 10)) {
    window.fetch = server.fetch as typeof window.fetch;
    const el = await fixture<CpIndicators>(html`<cp-indicators organisation="indicators-test" server="" lang=${lang} as-of=${asOf}></cp-indicators>`);
    await el.updateComplete;
    return el;
  }

  async function showCutOff(el: CpIndicators, date: string) {
    $<HTMLInputElement>(el, '#cut-off').value = date;
    $<HTMLButtonElement>(el, 'form.cut-off button').click();
    await el.updateComplete;
  }

  it('signs an analyst in, then shows the organisation’s and each centre’s figures with their intervals; accessible', async () => {
    const asOf = population.cutoff.slice(0, 10);
    const el = await mount(fakeServer({ signedIn: null }));
    expect(texts(el, 'p')[0]).to.equal('Sign in as the organisation’s analyst, or as a centre’s coordinator or supervisor, to see the indicators.');
    await expect(el).to.be.accessible();
    $<HTMLInputElement>(el, '#sign-in-email').value = 'adam@example.org';
    $<HTMLInputElement>(el, '#sign-in-password').value = 'the analyst password';
    $<HTMLButtonElement>(el, 'form.sign-in button').click();
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.id).to.equal('indicators-title');
    const expected = mergeAggregates(providerIds.map((providerId) => ({ source: providerId, file: aggregateFile(population.cases.filter((c) => c.providerId === providerId), { providerId, asOf, mergeable: true }) })));
    const all = expected.indicators;
    expect(texts(el, 'thead th')).to.deep.equal(['Indicator', 'All centres', 'Open Doors Warsaw', 'Open Doors Kraków']);
    const [people, placed, retained, , , placement] = rows(el);
    expect(people).to.equal(`People counted | ${all.people.toLocaleString('en')} | ${expected.byProvider.map((p) => p.indicators.people.toLocaleString('en')).join(' | ')}`);
    expect(placed!.split(' | ')[1]).to.equal(all.placed.toLocaleString('en'));
    // The flagship figure, re-placement counted, with its 95% interval.
    const e = all.retention.estimate!;
    expect(retained!.split(' | ').slice(0, 2)).to.deep.equal(['In work 365 days after the first job, finding work again counted', `${pct(e.value)} (${pct(e.lower!)}–${pct(e.upper!)})`]);
    expect(placement!.split(' | ')[1]).to.equal(`${pct(all.placementRate.share!)} (${pct(all.placementRate.lower!)}–${pct(all.placementRate.upper!)})`);
    expect($(el, 'caption').textContent.trim()).to.equal(`Counted up to ${new Date(`${asOf}T12:00:00Z`).toLocaleDateString('en', { day: 'numeric', month: 'long', year: 'numeric' })}`);
    expect(expected.leftOut.withoutStatisticsConsent).to.be.greaterThan(0);
    expect(texts(el, 'p').at(-1)).to.equal(`Not counted, because they did not agree to be counted in reports: ${expected.leftOut.withoutStatisticsConsent}.`);
    expect(status(el)).to.match(/^Indicators counted up to /);
    await expect(el).to.be.accessible();
  });

  it('says a figure a year after the first job is not known yet when nobody has been followed so long, not that there are too few', async () => {
    const first = population.cases.flatMap((c) => c.events.map((e) => e.at.slice(0, 10))).sort()[0]!;
    const early = new Date(Date.parse(`${first}T00:00:00Z`) + 200 * 86_400_000).toISOString().slice(0, 10);
    const el = await mount(fakeServer(), 'de', early);
    type Counted = { placed: number; retention: { estimate: unknown; firstSpell: unknown } };
    const answer = indicators(early) as { indicators: Counted; byProvider: { indicators: Counted }[] };
    expect(answer.indicators.placed, 'people placed in the first 200 days').to.be.greaterThan(0);
    expect(answer.indicators.retention).to.include({ estimate: null, firstSpell: null });
    const [, , retained, firstJob] = rows(el);
    // A centre with nobody placed yet has too few to say.
    const said = [answer.indicators, ...answer.byProvider.map((p) => p.indicators)].map((i) => (i.placed > 0 ? 'noch nicht bekannt: niemand so lange begleitet' : 'zu wenige Daten'));
    expect(said).to.include('zu wenige Daten');
    expect(retained!.split(' | ').slice(1)).to.deep.equal(said);
    expect(firstJob!.split(' | ')[1]).to.equal('noch nicht bekannt: niemand so lange begleitet');
    // The words wrap in their cells: every centre's column stays in sight.
    expect($(el, 'table').getBoundingClientRect().right).to.be.at.most($(el, '[part="base"]').getBoundingClientRect().right + 0.5);
    await expect(el).to.be.accessible();
  });

  it('counts again up to another date; a date missing or in the future is said at the field and nothing is asked', async () => {
    const server = fakeServer();
    const el = await mount(server);
    expect(server.asked).to.deep.equal([population.cutoff.slice(0, 10)]);
    await showCutOff(el, '2022-06-30');
    expect(server.asked.at(-1)).to.equal('2022-06-30');
    expect(rows(el)[0]).to.equal(`People counted | ${(indicators('2022-06-30') as { indicators: { people: number } }).indicators.people.toLocaleString('en')} | ${texts(el, 'tbody tr:first-child td').slice(1).join(' | ')}`);
    expect($(el, 'caption').textContent.trim()).to.equal('Counted up to June 30, 2022');
    for (const [date, says] of [
      ['', 'Choose a date.'],
      ['2999-01-01', 'Choose today or an earlier date.'],
    ]) {
      const before = server.asked.length;
      await showCutOff(el, date!);
      expect($(el, '#cut-off-error').textContent, date).to.equal(says);
      expect($(el, '#cut-off').getAttribute('aria-invalid')).to.equal('true');
      expect(el.shadowRoot!.activeElement?.id).to.equal('cut-off');
      expect(server.asked.length, 'nothing asked').to.equal(before);
      expect($(el, 'caption').textContent.trim(), 'the figures shown stay').to.equal('Counted up to June 30, 2022');
    }
    await showCutOff(el, '2021-12-31');
    expect($(el, '#cut-off-error').textContent).to.equal('');
    expect($(el, 'caption').textContent.trim()).to.equal('Counted up to December 31, 2021');
  });

  it('says the cut-off’s day in words beneath its field, in the page’s language, as it is typed and once counted', async () => {
    const { sendKeys } = await import('@web/test-runner-commands');
    const el = await mount(fakeServer(), 'pl', '2022-06-30');
    await until(() => el.shadowRoot!.querySelector('caption'), 'no figures');
    const words = () => $(el, '#cut-off-words').textContent;
    expect(words(), 'the day counted up to').to.equal('czwartek, 30 czerwca 2022');
    expect($(el, '#cut-off').getAttribute('aria-describedby')?.split(' '), 'read with the field').to.include('cut-off-words');
    $<HTMLInputElement>(el, '#cut-off').focus();
    // The day and the month in the browser's order (month first in an English browser).
    await sendKeys({ type: '03042021' });
    const said: Record<string, string> = { '2021-03-04': 'czwartek, 4 marca 2021', '2021-04-03': 'sobota, 3 kwietnia 2021' };
    const day = $<HTMLInputElement>(el, '#cut-off').value;
    expect(Object.keys(said), 'the field holds one of the two days').to.include(day);
    expect(words(), 'as it is typed, before Show').to.equal(said[day]);
    $<HTMLButtonElement>(el, 'form.cut-off button').click();
    await until(() => $(el, 'caption').textContent.includes('2021'), 'not counted again');
    expect(words(), 'once counted').to.equal(said[day]);
    await expect(el).to.be.accessible();
  });

  for (const overtaken of ['answered', 'failed'] as const) {
    it(`shows the figures of the date asked last, whichever answer comes last (the one overtaken ${overtaken})`, async () => {
      const server = fakeServer({ hold: ['2022-06-30', '2021-12-31'], fail: overtaken === 'failed' ? ['2022-06-30'] : [] });
      const el = await mount(server, 'en', '2021-06-30');
      $<HTMLInputElement>(el, '#cut-off').value = '2022-06-30';
      $<HTMLButtonElement>(el, 'form.cut-off button').click();
      await until(() => server.held.length === 1, 'the first date is asked');
      $<HTMLInputElement>(el, '#cut-off').value = '2021-12-31';
      $<HTMLButtonElement>(el, 'form.cut-off button').click();
      await until(() => server.held.length === 2, 'the second date is asked');
      // The later date's answer first, then the earlier one's.
      server.held.find((h) => h.asOf === '2021-12-31')!.release();
      await until(() => $(el, 'caption')?.textContent.trim() === 'Counted up to December 31, 2021', 'the latest date’s figures are shown');
      server.held.find((h) => h.asOf === '2022-06-30')!.release();
      // updateComplete waits for the overtaken read too.
      await el.updateComplete;
      expect(server.answered).to.deep.equal(overtaken === 'answered' ? ['2021-06-30', '2021-12-31', '2022-06-30'] : ['2021-06-30', '2021-12-31']);
      expect($(el, 'caption').textContent.trim()).to.equal('Counted up to December 31, 2021');
    });
  }

  it('downloads the figures as CSV, one line per centre and indicator with the numbers as they are, and says so', async () => {
    const asOf = population.cutoff.slice(0, 10);
    const el = await mount(fakeServer());
    const { files, release } = catchDownloads();
    try {
      [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent.trim() === 'Download the figures (CSV)')!.click();
      await el.updateComplete;
    } finally {
      release();
    }
    expect(files.map((f) => f.name)).to.deep.equal([`indicators-${asOf}.csv`]);
    expect(status(el)).to.equal(`The file indicators-${asOf}.csv is downloaded.`);
    const lines = (await files[0]!.blob.text()).split('\r\n');
    expect(lines[0]).to.equal('as_of,centre_id,centre,indicator,value,lower,upper');
    expect(lines.at(-1), 'ends with a line break').to.equal('');
    // Three columns (all, and each centre) × seven indicators.
    expect(lines.length - 2).to.equal(3 * 7);
    const expected = mergeAggregates(providerIds.map((providerId) => ({ source: providerId, file: aggregateFile(population.cases.filter((c) => c.providerId === providerId), { providerId, asOf, mergeable: true }) })));
    const e = expected.indicators.retention.estimate!;
    expect(lines).to.include(`${asOf},all,All centres,in-work-at-horizon,${e.value},${e.lower},${e.upper}`);
    expect(lines).to.include(`${asOf},${providerIds[1]},Open Doors Kraków,people,${expected.byProvider[1]!.indicators.people},,`);
  });

  it('shows an umbrella’s regional figures from its members’ files, the latest by default, and says when no member sent any for a date', async () => {
    const server = fakeServer();
    window.fetch = server.fetch;
    const el = await fixture<CpIndicators>(html`<cp-indicators organisation="indicators-test" server="" source="regional"></cp-indicators>`);
    await el.updateComplete;
    const asOf = population.cutoff.slice(0, 10);
    expect(server.asked).to.deep.equal([`regional ${asOf}`]);
    expect(texts(el, 'thead th').slice(0, 2)).to.deep.equal(['Indicator', 'All members']);
    expect($<HTMLInputElement>(el, '#cut-off').value, 'the date of the latest files').to.equal(asOf);
    expect(texts(el, 'p')).to.include('These members’ figures do not say how many people were left out: provider-09.');
    await showCutOff(el, '2021-12-31');
    expect(server.asked.at(-1)).to.equal('regional 2021-12-31');
    expect(texts(el, 'section > p')).to.include('No member has sent its figures for December 31, 2021. Choose another date.');
    expect(el.shadowRoot!.querySelector('table')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('names the one centre a coordinator sees in place of “All centres”, and says when there is nothing to count yet', async () => {
    const one = await mount(fakeServer({ providers: [providerIds[0]!] }));
    expect(texts(one, 'thead th')).to.deep.equal(['Indicator', 'Open Doors Warsaw']);
    fixtureCleanup();
    const none = await mount(fakeServer({ nothing: true }));
    expect(texts(none, 'section > p')).to.include('There are no cases to count yet.');
    expect(none.shadowRoot!.querySelector('table')).to.equal(null);
  });

  it('tells someone whose role may not see indicators so, in their language, and lets them sign out', async () => {
    const el = await mount(fakeServer({ signedIn: 'anna' }), 'pl');
    expect(texts(el, 'section > p')).to.include('Wskaźniki widzą tylko analitycy organizacji oraz koordynatorzy i kierownicy ośrodków.');
    $<HTMLButtonElement>(el, 'button[data-variant="secondary"]').click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('#sign-in-email')).to.not.equal(null);
  });
});
