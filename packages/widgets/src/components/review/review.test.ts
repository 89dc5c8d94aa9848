import { expect } from '@open-wc/testing';
import { $, $$, history, message, mountWorkspace, submit, type } from '../workspace/workspace.test-helper.js';
import type { CpReview } from './review.js';
import './cp-review.js';

describe('<cp-review>', () => {
  it('is accessible', async () => {
    const { el } = await mountWorkspace<CpReview>('cp-review');
    await expect(el).to.be.accessible();
  });

  it('says since when the review is overdue (opened January 5, cadence 30 days)', async () => {
    const { el } = await mountWorkspace<CpReview>('cp-review');
    const due = $(el, '[part="base"] > p');
    expect(due.textContent.trim()).to.equal('Review overdue since February 4, 2026');
    expect(due.classList.contains('overdue')).to.equal(true);
  });

  it('holds a review with who took part, what was agreed and the next date', async () => {
    const { el, store } = await mountWorkspace<CpReview>('cp-review');
    const boxes = $$<HTMLInputElement>(el, 'input[name="participant"]');
    expect(boxes.map((b) => b.value)).to.deep.equal(['client', 'ewa']);
    expect(boxes[1]!.checked, 'the recorder took part').to.equal(true);
    boxes[0]!.click();
    type(el, '#note', 'Agreed to try two trial days');
    type(el, '#held', '2026-02-27');
    type(el, '#next', '2026-03-27');
    await submit(el, '#note');
    const held = (await store.events('c1')).at(-1)!;
    expect(held).to.deep.include({ type: 'review.hold', at: '2026-02-27T12:00:00.000Z', reason: 'Agreed to try two trial days' });
    expect(held.payload).to.deep.equal({ participants: ['client', 'ewa'], nextReviewDue: '2026-03-27' });
    expect(message(el)).to.equal('Saved: the review is recorded.');
    expect($(el, '[part="base"] > p').textContent.trim()).to.equal('Review due March 27, 2026');
    const past = $(el, 'section ul.items li').textContent.replace(/\s+/g, ' ');
    expect(past).to.contain('February 27, 2026');
    expect(past).to.contain('Took part: The person, Ewa Nowak');
    expect(past).to.contain('Agreed to try two trial days');
  });

  it('asks who took part when nobody is ticked, and a next date after this one', async () => {
    const { el, store } = await mountWorkspace<CpReview>('cp-review');
    $$<HTMLInputElement>(el, 'input[name="participant"]')[1]!.click();
    await submit(el, '#note');
    expect($(el, '#participant-0-error').textContent).to.equal('Tick who took part.');
    expect(el.shadowRoot!.activeElement).to.equal($(el, '#participant-0'));
    $$<HTMLInputElement>(el, 'input[name="participant"]')[0]!.click();
    type(el, '#next', '2026-03-01');
    await submit(el, '#note');
    expect($(el, '#next-error').textContent).to.contain('must come after this one');
    expect((await store.events('c1')).some((e) => e.type === 'review.hold')).to.equal(false);
  });

  it('speaks Russian', async () => {
    const { el } = await mountWorkspace<CpReview>('cp-review', history(), { lang: 'ru' });
    expect($(el, 'h2').textContent).to.equal('Пересмотры плана');
    expect($(el, 'label[for="next"] .hint').textContent).to.equal('Если не указать: через 30 дней.');
  });
});
