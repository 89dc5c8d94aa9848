import { expect, fixture, html } from '@open-wc/testing';
import { builtInTemplates } from '@casepath/core';
import { CaseHistoryBuilder } from '@casepath/core/testing';
import { MemoryCaseStore } from '../../storage/memory-case-store.js';
import type { CpCaseload } from './caseload.js';
import './cp-caseload.js';

const t = builtInTemplates['euse-supported-employment'];

async function storeWith() {
  const store = new MemoryCaseStore();
  const open = (id: string, start: string, worker: string, ref: string) =>
    new CaseHistoryBuilder(id, start)
      .add('case.open', { templateId: t.id, templateVersion: 1, providerId: 'p', clientRef: ref })
      .add('worker.assign', { workerId: worker, role: 'coordinator' })
      .build();
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

  it('uses Polish plural forms and dates', async () => {
    const el = await fixture<CpCaseload>(html`<cp-caseload lang="pl" today="2026-03-15" .store=${await storeWith()}></cp-caseload>`);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('p')!.textContent).to.equal('3 sprawy, 1 zaległy przegląd');
  });
});
