import { expect, fixture, html } from '@open-wc/testing';
import { builtInTemplates } from '@casepath/core';
import { CaseHistoryBuilder } from '@casepath/core/testing';
import { MemoryCaseStore } from '../../storage/memory-case-store.js';
import type { CpDistanceTravelled } from './distance-travelled.js';
import './cp-distance-travelled.js';
import '../retention-chart/cp-retention-chart.js';
import { simulatePopulation } from '@casepath/core/testing';

const t = builtInTemplates['euse-supported-employment'];

async function storeWith() {
  const store = new MemoryCaseStore();
  await store.importEvents(
    new CaseHistoryBuilder('c1', '2026-01-05T09:00:00Z')
      .add('case.open', { templateId: t.id, templateVersion: 1, providerId: 'p' })
      .add('assessment.record', { assessmentId: 'a1', instrumentId: 'employment-readiness', respondent: 'self', scores: { motivation: 2, routines: 1.5, limitations: 2, 'social-ties': 1 } })
      .after(120)
      .add('assessment.record', { assessmentId: 'a2', instrumentId: 'employment-readiness', respondent: 'staff', scores: { motivation: 3, routines: 2.5, limitations: null, 'social-ties': 2 } })
      .build(),
  );
  return store;
}

describe('<cp-distance-travelled>', () => {
  it('is accessible', async () => {
    const el = await fixture<CpDistanceTravelled>(html`<cp-distance-travelled case-id="c1" .store=${await storeWith()}></cp-distance-travelled>`);
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('names its table by the chart too: beside another chart on the page, each table is a region of its own', async () => {
    const { cases } = simulatePopulation({ providers: 2, people: 100, years: 2, seed: 4 });
    const page = await fixture<HTMLDivElement>(
      html`<div><cp-distance-travelled case-id="c1" .store=${await storeWith()}></cp-distance-travelled><cp-retention-chart .cases=${cases} .store=${new MemoryCaseStore()}></cp-retention-chart></div>`,
    );
    const charts = [...page.children] as (HTMLElement & { updateComplete: Promise<unknown> })[];
    await Promise.all(charts.map((el) => el.updateComplete));
    const names = charts.map((el) => {
      const region = el.shadowRoot!.querySelector('[role="region"]')!;
      return region.getAttribute('aria-labelledby')!.split(' ').map((id) => el.shadowRoot!.getElementById(id)!.textContent.trim()).join(' ');
    });
    expect(names).to.deep.equal(['Distance travelled: Readiness for employment The figures as a table', 'Employment kept after starting work The figures as a table']);
    await expect(page).to.be.accessible();
  });

  it('draws a polygon per view and the scores in a table, missing ones marked', async () => {
    const el = await fixture<CpDistanceTravelled>(html`<cp-distance-travelled case-id="c1" .store=${await storeWith()}></cp-distance-travelled>`);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('svg polygon[stroke-width="2"]')).to.have.length(3);
    const rows = [...el.shadowRoot!.querySelectorAll('tbody tr')].map((r) => [...r.children].map((c) => c.textContent.trim()));
    expect(rows[0]).to.deep.equal(['Motivation', '2', '3']);
    expect(rows[2]).to.deep.equal(['Limitations', '2', '–']);
    // Who answered, in words (it showed the codes self and staff in every language).
    const heads = [...el.shadowRoot!.querySelectorAll('thead th')].map((th) => th.textContent.trim());
    expect(heads[1]).to.match(/\(by the person\)$/);
    expect(heads[2]).to.match(/\(by staff\)$/);
  });

  it('says who answered in the page’s language', async () => {
    const el = await fixture<CpDistanceTravelled>(html`<cp-distance-travelled lang="uk" case-id="c1" .store=${await storeWith()}></cp-distance-travelled>`);
    await el.updateComplete;
    const heads = [...el.shadowRoot!.querySelectorAll('thead th')].map((th) => th.textContent.trim());
    expect(heads[1]).to.match(/\(заповнила сама людина\)$/);
  });
});
