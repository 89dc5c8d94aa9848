import { expect, fixture, html } from '@open-wc/testing';
import { MemoryCaseStore } from '../storage/memory-case-store.js';
import { define } from './define.js';
import { CpIntakeForm } from '../components/intake-form/intake-form.js';
import '../components/intake-form/cp-intake-form.js';

describe('isolation from the host page', () => {
  it('a second registration of a tag does not throw', () => {
    expect(() => define('cp-intake-form', class extends CpIntakeForm {})).not.to.throw();
    expect(customElements.get('cp-intake-form')).to.equal(CpIntakeForm);
  });

  it('aggressive host CSS does not reach inside; inherited font and colour do, and a rule on the tag beats :host', async () => {
    const style = document.createElement('style');
    style.textContent = `
      * { border: 9px dotted red !important; display: inline !important; }
      button { background: hotpink !important; }
      .host-parent { color: rgb(0, 128, 0); font-family: monospace; }
      cp-intake-form { display: none; }
    `;
    document.head.append(style);
    try {
      const parent = document.createElement('div');
      parent.className = 'host-parent';
      document.body.append(parent); // open-wc's cleanup removes it
      const el = await fixture<CpIntakeForm>(html`<cp-intake-form .store=${new MemoryCaseStore()}></cp-intake-form>`, { parentNode: parent });
      const button = el.shadowRoot!.querySelector('button')!;
      expect(getComputedStyle(button).backgroundColor).to.not.equal('rgb(255, 105, 180)');
      expect(getComputedStyle(button).borderTopStyle).to.not.equal('dotted');
      const legend = el.shadowRoot!.querySelector('legend')!;
      expect(getComputedStyle(legend).color).to.equal('rgb(0, 128, 0)'); // inherited colour leaks in, as documented
      expect(getComputedStyle(legend).fontFamily).to.contain('monospace');
      expect(getComputedStyle(el).display).to.equal('inline'); // the host page's rule on the tag wins over :host
    } finally {
      style.remove();
    }
  });

  it('can be themed through --cp-* tokens and ::part', async () => {
    const style = document.createElement('style');
    style.textContent = `cp-intake-form.themed { --cp-intake-form-accent: rgb(1, 2, 3); } cp-intake-form.themed::part(consent) { border-color: rgb(4, 5, 6); }`;
    document.head.append(style);
    try {
      const el = await fixture<CpIntakeForm>(html`<cp-intake-form class="themed" .store=${new MemoryCaseStore()}></cp-intake-form>`);
      expect(getComputedStyle(el.shadowRoot!.querySelector('button')!).backgroundColor).to.equal('rgb(1, 2, 3)');
      expect(getComputedStyle(el.shadowRoot!.querySelector('[part="consent"]')!).borderTopColor).to.equal('rgb(4, 5, 6)');
    } finally {
      style.remove();
    }
  });
});
