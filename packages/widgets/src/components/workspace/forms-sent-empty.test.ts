import { expect } from '@open-wc/testing';
import { $, $$, history, mountWorkspace, settle, submit, type } from './workspace.test-helper.js';
import type { CaseElement } from '../../internal/case-element.js';
import '../goals/cp-goals.js';
import '../support-log/cp-support-log.js';
import '../employment/cp-employment.js';
import '../review/cp-review.js';
import '../case-lifecycle/cp-case-lifecycle.js';
import '../referrals/cp-referrals.js';
import '../team/cp-team.js';

/** A case where every form of the workspace is on screen: a goal for actions, a job for check-ins, a referral to answer. */
const caseWithEverything = history(undefined, (b) =>
  b
    .add('consent.grant', { purpose: 'data-sharing' })
    .add('goal.add', { goalId: 'g1', title: 'Work in a bakery', domain: 'employment', ownerId: 'ewa', ownerRole: 'job-coach' })
    .add('job.start', { jobId: 'j1', employer: 'Bakery Sun', title: 'Baker', hoursPerWeek: 20, openMarket: true })
    .add('referral.send', { referralId: 'r1', to: 'MOPS Wola', service: 'Housing' }),
);

const TAGS = ['cp-goals', 'cp-employment', 'cp-case-lifecycle', 'cp-referrals', 'cp-team'];

/** Empties every text field, as a person who presses Send at once would leave them. */
function emptyTextFields(el: Element): void {
  for (const field of $$<HTMLInputElement | HTMLTextAreaElement>(el, 'input[type="text"], input:not([type]), textarea')) {
    field.value = '';
    field.dispatchEvent(new Event('input', { bubbles: true }));
  }
}

// Where a form refuses what it was sent, it marks its fields invalid and names the error beside
// them (aria-invalid, aria-describedby): those states are checked by axe too, not only the form
// as it opens.
/** Errors are on screen, each field marked invalid names one, every description named is there, and axe finds nothing. */
async function expectToldAccessibly(el: CaseElement, tag: string): Promise<void> {
  const errors = $$(el, '.field-error').map((e) => e.textContent.trim());
  expect(errors.length, `${tag}: an error is said`).to.be.above(0);
  expect(errors, `${tag}: no error is empty`).to.not.include('');
  for (const field of $$(el, '[aria-invalid="true"]')) {
    const described = field.getAttribute('aria-describedby');
    expect(described, `${tag} ${field.id}: its error is named`).to.be.a('string');
    const error = el.shadowRoot!.getElementById(described!);
    expect(error, `${tag} ${field.id}: the error it names (${described}) is there`).to.not.equal(null);
    expect(error!.textContent.trim(), `${tag} ${field.id}: the error it names says something`).to.not.equal('');
  }
  // axe leaves a description that names no element "to review": each id named must be there.
  for (const described of $$(el, '[aria-describedby]')) {
    for (const id of described.getAttribute('aria-describedby')!.split(/\s+/).filter(Boolean)) {
      expect(el.shadowRoot!.getElementById(id), `${tag}: <${described.localName} id="${described.id}"> is described by ${id}, which is there`).to.not.equal(null);
    }
  }
  await expect(el).to.be.accessible();
}

describe('every workspace form sent empty', () => {
  for (const tag of TAGS) {
    it(`<${tag}>: each of its forms, sent with its text fields empty, says what is missing and stays accessible`, async () => {
      const { el, store } = await mountWorkspace<CaseElement>(tag, caseWithEverything, { role: 'coordinator' });
      const before = (await store.events('c1')).length;
      const forms = $$<HTMLFormElement>(el, 'form');
      expect(forms.length, `<${tag}> shows a form`).to.be.above(0);
      let refused = 0;
      for (let i = 0; i < forms.length; i++) {
        // Forms are drawn anew after each send: find the i-th again.
        const form = $$<HTMLFormElement>(el, 'form')[i];
        if (!form) continue;
        emptyTextFields(el);
        form.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
        await settle(el);
        if ($$(el, '.field-error').length === 0) continue; // a form with nothing to type (a choice made for you)
        refused++;
        await expectToldAccessibly(el, tag);
      }
      expect(refused, `<${tag}> refuses at least one empty form`).to.be.above(0);
      expect(await store.events('c1'), 'nothing recorded from an empty form').to.have.length(before);
    });
  }

  // Forms that start filled in: made wrong the way a person would.
  it('<cp-support-log>: "Other" minutes left empty is refused, said beside the field, and stays accessible', async () => {
    const { el, store } = await mountWorkspace<CaseElement>('cp-support-log', caseWithEverything);
    $$<HTMLLabelElement>(el, 'fieldset.choices label').find((l) => l.textContent.trim() === 'Other')!.querySelector('input')!.click();
    await el.updateComplete;
    type(el, '#minutes-other', '');
    await submit(el, '#note');
    expect($(el, '#support-error').textContent).to.contain('whole number from 1 to 1440');
    await expectToldAccessibly(el, 'cp-support-log');
    expect((await store.events('c1')).some((e) => e.type === 'support.log')).to.equal(false);
  });

  it('<cp-review>: nobody ticked as taking part is refused, said beside the choices, and stays accessible', async () => {
    const { el, store } = await mountWorkspace<CaseElement>('cp-review', caseWithEverything);
    for (const box of $$<HTMLInputElement>(el, 'input[name="participant"]')) if (box.checked) box.click();
    await submit(el, '#note');
    expect($(el, '#participant-0-error').textContent).to.equal('Tick who took part.');
    await expectToldAccessibly(el, 'cp-review');
    expect((await store.events('c1')).some((e) => e.type === 'review.hold')).to.equal(false);
  });
});
