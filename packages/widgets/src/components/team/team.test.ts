import { expect, fixture, html } from '@open-wc/testing';
import { until } from '../../internal/until.test-support.js';
import { deleteDB } from 'idb';
import { builtInTemplates } from '@casepath/core';
import { databaseName, IdbCaseStore } from '../../storage/idb-case-store.js';
import { templatesById } from '../../storage/case-store.js';
import { Replica } from '../../storage/replica.js';
import { $, $$, history, message, mountWorkspace, press, submit, type } from '../workspace/workspace.test-helper.js';
import type { CpTeam } from './team.js';
import { setDirectory } from '../../internal/directory.js';
import './cp-team.js';

describe('<cp-team>', () => {
  it('is accessible', async () => {
    const { el } = await mountWorkspace<CpTeam>('cp-team');
    await expect(el).to.be.accessible();
  });

  it('lists the team by name and role, and adds a worker the page knows in one of the template’s roles', async () => {
    const { el, store } = await mountWorkspace<CpTeam>('cp-team');
    el.people = { ewa: 'Ewa Nowak', anna: 'Anna Wiśniewska' };
    await el.updateComplete;
    expect($(el, 'ul.items .title').textContent).to.equal('Ewa Nowak (job coach)');
    expect($$<HTMLOptionElement>(el, '#worker option').map((o) => o.textContent)).to.deep.equal(['Anna Wiśniewska']);
    expect($$<HTMLOptionElement>(el, '#role option').map((o) => o.value)).to.deep.equal(['coordinator', 'psychologist', 'vocational-counsellor', 'job-coach', 'supervisor']);
    $<HTMLSelectElement>(el, '#role').value = 'vocational-counsellor';
    await submit(el, '#worker');
    expect((await store.events('c1')).at(-1)).to.deep.include({ type: 'worker.assign', payload: { workerId: 'anna', role: 'vocational-counsellor' } });
    expect(message(el)).to.equal('Saved: added to the team.');
    expect($$(el, 'ul.items .title').map((t) => t.textContent)).to.deep.equal(['Ewa Nowak (job coach)', 'Anna Wiśniewska (vocational counsellor)']);
  });

  it('names someone who left the organisation on the team, and does not offer them to add', async () => {
    const { el } = await mountWorkspace<CpTeam>('cp-team');
    el.people = {};
    // The server's directory: Ewa (on the team) and Anna have left; Jan still works here.
    setDirectory(el.organisation, [
      { id: 'ewa', displayName: 'Ewa Nowak', active: false },
      { id: 'anna', displayName: 'Anna Wiśniewska', active: false },
      { id: 'jan', displayName: 'Jan Kowalski', active: true },
    ]);
    try {
      await el.updateComplete;
      expect($(el, 'ul.items .title').textContent).to.equal('Ewa Nowak (job coach)');
      expect($$<HTMLOptionElement>(el, '#worker option').map((o) => o.textContent)).to.deep.equal(['Jan Kowalski']);
    } finally {
      setDirectory(el.organisation, null);
    }
  });

  it('offers only who may work on the case: not an analyst, an administrator, or another provider’s worker', async () => {
    const { el, store } = await mountWorkspace<CpTeam>('cp-team');
    el.people = {};
    const provider = ((await store.events('c1'))[0]!.payload as { providerId?: string }).providerId;
    expect(provider, 'the case has a provider').to.be.a('string');
    setDirectory(el.organisation, [
      { id: 'anna', displayName: 'Anna Wiśniewska', role: 'job-coach', providerId: provider },
      { id: 'adam', displayName: 'Adam Analyst', role: 'analyst', providerId: null },
      { id: 'admin', displayName: 'Administrator', role: 'admin', providerId: null },
      { id: 'olga', displayName: 'Olga Petrova', role: 'social-worker', providerId: 'somewhere-else' },
      { id: 'sara', displayName: 'Sara Zielińska', role: 'supervisor', providerId: provider },
    ]);
    try {
      await el.updateComplete;
      expect($$<HTMLOptionElement>(el, '#worker option').map((o) => o.textContent)).to.deep.equal(['Anna Wiśniewska', 'Sara Zielińska']);
      await expect(el).to.be.accessible();
    } finally {
      setDirectory(el.organisation, null);
    }
  });

  it('says in the page’s language why the server refused someone put on the team', async () => {
    const org = `team-${Math.random().toString(36).slice(2)}`;
    const store = new IdbCaseStore(org);
    try {
      const replica = new Replica(store);
      await replica.linkTo('https://cases.example.org', 'ewa', 'dev-1');
      const pulled = history();
      await replica.applyPull({ events: pulled, backfill: [], revoked: [], conflicts: [], cursor: 'k1', reset: false });
      const el = await fixture<CpTeam>(html`<cp-team case-id="c1" actor-id="ewa" actor-role="coordinator" lang="pl" .store=${store}></cp-team>`);
      await until(() => el.shadowRoot!.querySelector('#worker'), 'the form shows');
      const joined = await store.record({ caseId: 'c1', baseSeq: pulled.at(-1)!.seq, drafts: [{ type: 'worker.assign', payload: { workerId: 'kasia', role: 'job-coach' }, actor: { id: 'ewa', role: 'coordinator' } }] }, templatesById(builtInTemplates));
      expect(joined.status).to.equal('saved');
      const [waiting] = await replica.outboxBatch(10);
      const english = "kasia is not someone at this case's provider who works on cases; put someone from the provider's staff on the team";
      await replica.applyPushAnswers([{ id: waiting!.event.id, caseId: 'c1', status: 'conflict', rule: 'unknown-worker', reason: english, changedBy: [] }]);
      await until(() => message(el).startsWith('Nie zapisano'), 'the refusal is said');
      expect(message(el)).to.equal('Nie zapisano: do zespołu sprawy może dołączyć tylko ktoś z tej organizacji, kto pracuje ze sprawami; wybierz kogoś z listy.');
      await expect(el).to.be.accessible();
    } finally {
      await store.dispose();
      await deleteDB(databaseName(org));
    }
  });

  it('takes an id when the page knows nobody by name, and asks for one when it is empty', async () => {
    const { el, store } = await mountWorkspace<CpTeam>('cp-team');
    el.people = {};
    await el.updateComplete;
    await submit(el, '#worker');
    expect($(el, '#worker-error').textContent).to.equal('Write who joins the team.');
    type(el, '#worker', 'jan');
    await submit(el, '#worker');
    expect((await store.events('c1')).at(-1)).to.deep.include({ type: 'worker.assign', payload: { workerId: 'jan', role: 'coordinator' } });
  });

  it('takes a worker off the team', async () => {
    const { el, store } = await mountWorkspace<CpTeam>('cp-team');
    await press(el, 'Take off the team');
    expect((await store.events('c1')).at(-1)).to.deep.include({ type: 'worker.unassign', payload: { workerId: 'ewa' } });
    expect(el.shadowRoot!.textContent).to.contain('Nobody is on the team yet.');
  });
});
