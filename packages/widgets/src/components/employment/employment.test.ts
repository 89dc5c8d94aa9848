import { expect } from '@open-wc/testing';
import { $, $$, history, message, mountWorkspace, press, submit, type } from '../workspace/workspace.test-helper.js';
import type { CpEmployment } from './employment.js';
import './cp-employment.js';

const placed = history(undefined, (b) => b.after(30).add('job.start', { jobId: 'j1', employer: 'Piekarnia Złoty Kłos', title: 'Baker’s assistant', hoursPerWeek: 20, openMarket: true }));

describe('<cp-employment>', () => {
  it('is accessible, with a job, its check-ins and the form', async () => {
    const { el } = await mountWorkspace<CpEmployment>('cp-employment', placed);
    await expect(el).to.be.accessible();
  });

  it('records a job with its employer, title, hours and kind of work', async () => {
    const { el, store } = await mountWorkspace<CpEmployment>('cp-employment');
    type(el, '#employer', 'Warsztat Master');
    type(el, '#title', 'Packer');
    type(el, '#hours', '12,5');
    $<HTMLInputElement>(el, 'input[name="market"][value="sheltered"]').click();
    type(el, '#start', '2026-02-16');
    await submit(el, '#employer');
    const job = (await store.events('c1')).at(-1)!;
    expect(job).to.deep.include({ type: 'job.start', at: '2026-02-16T12:00:00.000Z' });
    expect(job.payload).to.deep.include({ employer: 'Warsztat Master', title: 'Packer', hoursPerWeek: 12.5, openMarket: false });
    expect(message(el)).to.equal('Saved: the job is recorded.');
    expect($(el, 'ul.items .title').textContent).to.match(/Packer, Warsztat Master\s+sheltered work/);
    expect($<HTMLInputElement>(el, '#employer').value, 'the form is empty again').to.equal('');
    expect($<HTMLInputElement>(el, '#start').value, 'and its day is today again').to.equal('2026-03-02');
  });

  it('asks for the employer, and for hours that make sense, next to the fields', async () => {
    const { el, store } = await mountWorkspace<CpEmployment>('cp-employment');
    await submit(el, '#employer');
    expect($(el, '#employer-error').textContent).to.equal('Write the employer’s name.');
    expect(el.shadowRoot!.activeElement).to.equal($(el, '#employer'));
    type(el, '#employer', 'Bakery');
    type(el, '#hours', '100');
    await submit(el, '#employer');
    expect($(el, '#hours-error').textContent).to.contain('at most 80');
    expect((await store.events('c1')).some((e) => e.type === 'job.start')).to.equal(false);
  });

  it('shows the check-ins the template schedules from the start, due and overdue, and marks one done', async () => {
    const { el, store } = await mountWorkspace<CpEmployment>('cp-employment', placed);
    const checkIns = $$(el, 'ul.items li ul li').map((li) => li.textContent.replace(/\s+/g, ' ').trim());
    expect(checkIns[0]).to.match(/^Call after the first week at work: overdue since February 11, 2026/);
    expect(checkIns[1]).to.match(/^One year at work: check in: due February 4, 2027/);
    $$<HTMLButtonElement>(el, 'button').find((b) => b.getAttribute('aria-label') === 'Mark as done: Call after the first week at work')!.click();
    await el.updateComplete;
    expect((await store.events('c1')).at(-1)!.type).to.equal('activity.done');
    expect($$(el, 'ul.items li ul li')[0]!.textContent).to.contain('done on');
  });

  it('records the end of a job with its reason, and marks the next job as a re-placement', async () => {
    const { el, store } = await mountWorkspace<CpEmployment>('cp-employment', placed);
    await press(el, 'The job ended');
    expect(el.shadowRoot!.activeElement).to.equal($(el, '#reason'));
    $<HTMLSelectElement>(el, '#reason').value = 'contract-ended';
    type(el, '#end', '2026-02-20');
    await submit(el, '#reason');
    const ended = (await store.events('c1')).at(-1)!;
    expect(ended).to.deep.include({ type: 'job.end', at: '2026-02-20T12:00:00.000Z' });
    expect(ended.payload).to.deep.equal({ jobId: 'j1', endReason: 'contract-ended' });
    expect($(el, 'ul.items .meta').textContent).to.contain('the contract ended');
    type(el, '#employer', 'Cafe Lokal');
    type(el, '#start', '2026-03-01');
    await submit(el, '#employer');
    const titles = $$(el, 'ul.items > li > .title').map((t) => t.textContent.replace(/\s+/g, ' ').trim());
    expect(titles[0]).to.equal('Cafe Lokal open labour market re-placement');
    expect(titles[1]).not.to.contain('re-placement');
  });

  it('refuses a last day before the first', async () => {
    const { el, store } = await mountWorkspace<CpEmployment>('cp-employment', placed);
    await press(el, 'The job ended');
    type(el, '#end', '2026-01-01');
    await submit(el, '#reason');
    expect($(el, '#end-error').textContent).to.contain('cannot be before the first');
    expect((await store.events('c1')).some((e) => e.type === 'job.end')).to.equal(false);
  });

  it('writes out beneath a date field the day it holds, in the page’s language, whatever order the browser shows it in', async () => {
    const { el } = await mountWorkspace<CpEmployment>('cp-employment', history(), { lang: 'pl' });
    const words = () => $(el, '#start-words').textContent;
    expect(words(), 'today, as the field opens').to.equal('poniedziałek, 2 marca 2026');
    type(el, '#start', '2026-02-04');
    expect(words(), 'as the day is changed: 4 February, not 2 April').to.equal('środa, 4 lutego 2026');
    expect($(el, '#start').getAttribute('aria-describedby'), 'read with the field').to.equal('start-words');
    type(el, '#start', '');
    expect(words(), 'nothing for a day not whole').to.equal('');
    type(el, '#start', '2026-02-04');
    $<HTMLFormElement>(el, 'form').reset();
    await Promise.resolve();
    expect(words(), 'a form reset to today says today again').to.equal('poniedziałek, 2 marca 2026');
    await expect(el).to.be.accessible();
  });

  it('speaks Lithuanian', async () => {
    const { el } = await mountWorkspace<CpEmployment>('cp-employment', placed, { lang: 'lt' });
    expect($(el, 'h2').textContent).to.equal('Darbas');
    expect($(el, 'ul.items .meta').textContent).to.contain('20 valandų per savaitę');
  });
});
