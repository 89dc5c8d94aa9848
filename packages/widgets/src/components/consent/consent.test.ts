import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { builtInTemplates, replay } from '@casepath/core';
import { CaseHistoryBuilder } from '@casepath/core/testing';
import { MemoryCaseStore } from '../../storage/memory-case-store.js';
import type { CpConsent } from './consent.js';
import './cp-consent.js';

const t = builtInTemplates['euse-supported-employment'];
const $ = <T extends Element>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel)!;
const texts = (el: Element, sel: string) => [...el.shadowRoot!.querySelectorAll(sel)].map((n) => n.textContent.replace(/\s+/g, ' ').trim());

async function mount(lang = 'en', easyRead = false) {
  const store = new MemoryCaseStore();
  await store.importEvents(
    new CaseHistoryBuilder('c1', '2026-01-05T09:00:00Z')
      .add('case.open', { templateId: t.id, templateVersion: 1, providerId: 'p' })
      .add('consent.grant', { purpose: 'service' })
      .after(2)
      .add('consent.grant', { purpose: 'statistics' })
      .after(3)
      .add('consent.withdraw', { purpose: 'statistics' })
      .build(),
  );
  const el = await fixture<CpConsent>(html`<cp-consent lang=${lang} ?easy-read=${easyRead} case-id="c1" purposes="service,employer-contact,statistics" .store=${store}></cp-consent>`);
  await el.updateComplete;
  return { el, store };
}

describe('<cp-consent>', () => {
  it('shows what the person said yes to, when, what they took back, and what was not asked, in plain words; accessible, easy-read too', async () => {
    const { el } = await mount();
    expect(texts(el, 'li .what')).to.deep.equal(['You may keep my details to help me.', 'You may talk to employers about me.', 'You may count me in reports without my name.']);
    expect(texts(el, 'li .status')).to.deep.equal(['Yes, since January 5, 2026.', 'Not asked yet.', 'No. You took it back on January 10, 2026.']);
    expect(texts(el, 'li button')).to.deep.equal(['Take it back', 'Say yes', 'Say yes']);
    await expect(el).to.be.accessible();
    const easy = (await mount('en', true)).el;
    await expect(easy).to.be.accessible();
    expect($(easy, 'li button').getBoundingClientRect().height).to.be.at.least(64);
  });

  it('takes a yes back only after the person confirms, records consent.withdraw as them, and says it is saved', async () => {
    const { el, store } = await mount();
    $<HTMLButtonElement>(el, 'button[data-purpose="service"]').click();
    await el.updateComplete;
    // Nothing is recorded yet: the person is asked, and the question has the focus.
    expect((await store.events('c1')).length).to.equal(4);
    expect(el.shadowRoot!.activeElement?.textContent?.trim()).to.equal('Yes, take it back');
    $<HTMLButtonElement>(el, 'button[data-variant="secondary"]').click(); // "No, keep it"
    await el.updateComplete;
    expect((await store.events('c1')).length).to.equal(4);
    expect(el.shadowRoot!.activeElement?.getAttribute('data-purpose')).to.equal('service');

    $<HTMLButtonElement>(el, 'button[data-purpose="service"]').click();
    await el.updateComplete;
    const changed = oneEvent(el, 'cp-consent-changed');
    $<HTMLButtonElement>(el, '[data-confirm]').click();
    expect((await changed).detail).to.deep.equal({ caseId: 'c1', purpose: 'service', granted: false });
    await el.updateComplete;
    const events = await store.events('c1');
    expect(events.at(-1)).to.deep.include({ type: 'consent.withdraw', payload: { purpose: 'service' }, actor: { id: 'self-service', role: 'client' } });
    expect(replay(t, events).state.consent.service?.granted).to.equal(false);
    expect($(el, '[role="status"]').textContent).to.equal('Saved: you took it back.');
    expect(texts(el, 'li .status')[0]).to.match(/^No\. You took it back on /);
  });

  it('records a yes with the version of the words shown', async () => {
    const { el, store } = await mount();
    $<HTMLButtonElement>(el, 'button[data-purpose="employer-contact"]').click();
    await oneEvent(el, 'cp-consent-changed');
    await el.updateComplete;
    expect((await store.events('c1')).at(-1)).to.deep.include({ type: 'consent.grant', payload: { purpose: 'employer-contact', textVersion: 'casepath-intake-1' } });
    expect(texts(el, 'li .status')[1]).to.match(/^Yes, since /);
  });

  it('speaks the page’s language, with no English left', async () => {
    const { el } = await mount('uk');
    const text = el.shadowRoot!.textContent.replace(/\s+/g, ' ');
    expect(text).to.contain('На що ви погодилися');
    // The date's own "р." ends the sentence: one full stop, not two.
    expect(texts(el, 'li .status')[0]).to.equal('Так, з 5 січня 2026 р.');
    expect(text).to.not.match(/[A-Za-z]{3,}/);
  });
});
