import { expect, fixture, html } from '@open-wc/testing';
import { until } from '../../internal/until.test-support.js';
import { byProvider, retention } from '@casepath/core';
import { simulatePopulation } from '@casepath/core/testing';
import { MemoryCaseStore } from '../../storage/memory-case-store.js';
import { setProviders } from '../../internal/directory.js';
import type { CpRetentionChart } from './retention-chart.js';
import './cp-retention-chart.js';

const { cases } = simulatePopulation({ providers: 3, people: 300, years: 3, seed: 4 });

describe('<cp-retention-chart>', () => {
  it('is accessible', async () => {
    const el = await fixture<CpRetentionChart>(html`<cp-retention-chart .cases=${cases} .store=${new MemoryCaseStore()}></cp-retention-chart>`);
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('keeps its words at their size on a phone: the drawing takes the narrow width, not a scaled-down copy', async () => {
    const frame = await fixture<HTMLDivElement>(html`<div style="width: 320px"><cp-retention-chart .cases=${cases} .store=${new MemoryCaseStore()}></cp-retention-chart></div>`);
    const el = frame.querySelector<CpRetentionChart>('cp-retention-chart')!;
    const label = () => el.shadowRoot!.querySelector<SVGTextElement>('svg[part="chart"] text')!;
    await until(() => el.shadowRoot!.querySelector('svg[part="chart"]')?.getAttribute('viewBox') === '0 0 320 260', 'the drawing is as wide as the widget');
    expect(label().getBoundingClientRect().height, 'an 11 px label, not 5').to.be.greaterThan(10);
    // Wider again (a phone turned): the drawing grows back to its full width.
    frame.style.width = '900px';
    await until(() => el.shadowRoot!.querySelector('svg[part="chart"]')?.getAttribute('viewBox') === '0 0 600 260', 'the drawing is at its full width');
  });

  it('draws the share in work (Aalen-Johansen) with its band and gives the same figures in a table', async () => {
    const el = await fixture<CpRetentionChart>(html`<cp-retention-chart .cases=${cases} .store=${new MemoryCaseStore()}></cp-retention-chart>`);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('path.curve')).to.have.length(1);
    expect(el.shadowRoot!.querySelectorAll('polygon')).to.have.length(1);
    const expected = retention(cases, { horizonDays: 365 }).curve.at([0, 90, 180, 270, 365]);
    const rows = el.shadowRoot!.querySelectorAll('tbody tr');
    const cells = [...rows[0]!.querySelectorAll('td')].map((td) => Number(td.textContent));
    expect(cells).to.deep.equal(expected.map((r) => r.nRisk));
    const shares = [...rows[1]!.querySelectorAll('td')].map((td) => td.textContent);
    expect(shares).to.deep.equal(expected.map((r) => `${(r.value! * 100).toFixed(1)}%`));
  });

  it('names the pooled curve and writes its shares in the page’s language', async () => {
    const el = await fixture<CpRetentionChart>(html`<cp-retention-chart lang="de" by-provider .cases=${cases} .store=${new MemoryCaseStore()}></cp-retention-chart>`);
    await el.updateComplete;
    const { curve } = retention(cases, { horizonDays: 365 });
    const year = curve.at([365])[0]!;
    const german = new Intl.NumberFormat('de', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(year.value!);
    expect(german, 'a decimal comma').to.match(/^\d+,\d\s%$/);
    expect(el.shadowRoot!.querySelector('.legend li')!.textContent).to.equal(`Alle Träger: ${german} (n=${curve.n})`);
    expect(el.shadowRoot!.querySelector('tbody th')!.textContent).to.equal('Alle Träger: Noch begleitet');
    expect(el.shadowRoot!.textContent).to.not.match(/\ball\b|\d\.\d%/);
  });

  it('ends the curve with the longest follow-up and says the horizon past it is not known yet', async () => {
    const el = await fixture<CpRetentionChart>(html`<cp-retention-chart lang="pl" horizon="5000" .cases=${cases} .store=${new MemoryCaseStore()}></cp-retention-chart>`);
    await el.updateComplete;
    const { curve } = retention(cases, { horizonDays: 5000 });
    expect(curve.followedTo, 'three years of follow-up, less than the horizon').to.be.lessThan(5000);
    expect(el.shadowRoot!.querySelector('.legend li')!.textContent).to.equal(`Wszystkie organizacje: jeszcze nieznane, nikt nie był obserwowany tak długo (najdłużej ${curve.followedTo} dni) (n=${curve.n})`);
    // The line stops where the follow-up does, not at the right edge with the last value carried on.
    const path = el.shadowRoot!.querySelector('path.curve')!.getAttribute('d')!;
    const lastX = Number(/H([\d.]+)$/.exec(path)![1]);
    const svgWidth = Number(el.shadowRoot!.querySelector('svg[part="chart"]')!.getAttribute('viewBox')!.split(' ')[2]);
    expect(lastX).to.be.closeTo(44 + (curve.followedTo! / 5000) * (svgWidth - 54), 0.01);
    await expect(el).to.be.accessible();
  });

  it('draws one curve per provider on request', async () => {
    const el = await fixture<CpRetentionChart>(html`<cp-retention-chart by-provider .cases=${cases} .store=${new MemoryCaseStore()}></cp-retention-chart>`);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('path.curve').length).to.be.greaterThan(1);
  });

  it('names providers: by the page’s names, else the organisation’s from the server, else by id', async () => {
    const [first, second] = byProvider(cases, 'retention', { horizonDays: 365 })
      .rows.filter((r) => r.n > 0 && r.estimate !== null)
      .map((r) => r.providerId);
    expect(second, 'two providers with people in work').to.be.a('string');
    const el = await fixture<CpRetentionChart>(
      html`<cp-retention-chart organisation="chart-names" by-provider .providers=${{ [first!]: 'Open Doors Warsaw' }} .cases=${cases} .store=${new MemoryCaseStore()}></cp-retention-chart>`,
    );
    await el.updateComplete;
    const legend = () => [...el.shadowRoot!.querySelectorAll('.legend li')].map((li) => li.textContent.replace(/:.*$/, ''));
    expect(legend()).to.deep.equal(['All providers', 'Open Doors Warsaw', second]);
    // Signed in through <cp-sync>, the server's names of the organisation's providers; the page's own come first.
    setProviders('chart-names', [
      { id: first!, name: 'Warsaw (the server’s name)' },
      { id: second!, name: 'Open Doors Kraków' },
    ]);
    try {
      await el.updateComplete;
      expect(legend()).to.deep.equal(['All providers', 'Open Doors Warsaw', 'Open Doors Kraków']);
      el.view = 'funnel';
      await el.updateComplete;
      expect([...el.shadowRoot!.querySelectorAll('tbody th')].map((th) => th.textContent).sort()).to.deep.equal(['Open Doors Kraków', 'Open Doors Warsaw']);
    } finally {
      setProviders('chart-names', null);
    }
  });

  it('says plainly when nobody has started work', async () => {
    const el = await fixture<CpRetentionChart>(html`<cp-retention-chart lang="de" .cases=${[]} .store=${new MemoryCaseStore()}></cp-retention-chart>`);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('p')!.textContent).to.equal('Noch hat niemand eine Arbeit begonnen.');
  });

  it('compares many providers on a funnel plot instead of unreadable curves, with the same figures in a table', async () => {
    const many = simulatePopulation({ providers: 16, people: 1600, years: 3, seed: 9 }).cases;
    const rows = byProvider(many, 'retention', { horizonDays: 365 }).rows.filter((r) => r.n > 0 && r.estimate !== null);
    expect(rows.length).to.be.greaterThan(6);
    const el = await fixture<CpRetentionChart>(html`<cp-retention-chart by-provider .cases=${many} .store=${new MemoryCaseStore()}></cp-retention-chart>`);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('path.curve')).to.have.length(0);
    expect(el.shadowRoot!.querySelectorAll('circle.provider')).to.have.length(rows.length);
    const names = [...el.shadowRoot!.querySelectorAll('tbody th')].map((th) => th.textContent);
    expect([...names].sort()).to.deep.equal(rows.map((r) => r.providerId).sort());
    const all = retention(many, { horizonDays: 365 }).estimate!;
    expect(el.shadowRoot!.querySelector('#key')!.textContent).to.contain(`${(all.value * 100).toFixed(1)}%`);
    await expect(el).to.be.accessible();
  });

  it('draws the funnel plot on request, in the page language', async () => {
    const el = await fixture<CpRetentionChart>(html`<cp-retention-chart lang="pl" by-provider view="funnel" .cases=${cases} .store=${new MemoryCaseStore()}></cp-retention-chart>`);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('h2')!.textContent).to.contain('Porównanie organizacji');
    expect(el.shadowRoot!.querySelectorAll('circle.provider').length).to.be.greaterThan(0);
  });
});

