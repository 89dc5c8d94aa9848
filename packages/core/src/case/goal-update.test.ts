import { describe, expect, it } from 'vitest';
import { builtInTemplates } from '../templates/built-in/index.js';
import { CaseHistoryBuilder } from '../testing/history-builder.js';
import { replay } from './replay.js';
import { decideRecord } from './record-event.js';

const t = builtInTemplates['euse-supported-employment'];
const withGoal = () =>
  new CaseHistoryBuilder('c', '2026-01-05T09:00:00Z')
    .add('case.open', { templateId: t.id, templateVersion: 1, providerId: 'p' })
    .add('consent.grant', { purpose: 'service' })
    .add('goal.add', { goalId: 'g1', title: 'Work in a bakery', domain: 'employment', ownerId: 'ewa', ownerRole: 'coordinator', due: '2026-06-30' });

describe('goal.update', () => {
  it('changes who sees to a goal and its due date, or takes the date away', () => {
    const b = withGoal().after(1).add('goal.update', { goalId: 'g1', ownerId: 'anna', ownerRole: 'job-coach' }).after(1).add('goal.update', { goalId: 'g1', due: '2026-09-30' });
    expect(replay(t, b.build()).state.goals[0]).toMatchObject({ ownerId: 'anna', ownerRole: 'job-coach', due: '2026-09-30', status: 'open' });
    const cleared = replay(t, b.add('goal.update', { goalId: 'g1', due: null }).build()).state.goals[0];
    expect(cleared?.due).toBeNull();
  });

  it('refuses an owner without a role, a change of nothing, an unknown goal and a closed one, in words', () => {
    const rejected = (payload: object, build = withGoal()) => replay(t, build.add('goal.update', payload as never).build(), { onInvalid: 'skip' }).rejected[0];
    expect(rejected({ goalId: 'g1', ownerId: 'anna' })).toMatchObject({ rule: 'incomplete-change', reason: expect.stringContaining('ownerRole') });
    expect(rejected({ goalId: 'g1' })).toMatchObject({ rule: 'incomplete-change' });
    expect(rejected({ goalId: 'g9', due: '2026-07-01' })).toMatchObject({ rule: 'unknown-reference' });
    expect(rejected({ goalId: 'g1', due: '2026-07-01' }, withGoal().add('goal.achieve', { goalId: 'g1' }))).toMatchObject({ rule: 'invalid-state', reason: expect.stringContaining('achieved') });
  });

  it('clashes with another change to the same goal made since the person looked, and not with one to another goal', () => {
    const b = withGoal().add('goal.add', { goalId: 'g2', title: 'Cook', domain: 'skills', ownerId: 'ewa', ownerRole: 'coordinator' });
    const seen = b.build().length - 1;
    // Someone else changed the owner of g1 after the person looked at the case.
    const head = replay(t, b.as({ id: 'jan', role: 'coordinator' }).add('goal.update', { goalId: 'g1', ownerId: 'jan', ownerRole: 'coordinator' }).build()).state;
    const draft = (goalId: string) => ({ type: 'goal.update' as const, actor: { id: 'ewa', role: 'coordinator' as const }, payload: { goalId, due: '2026-12-31' } });
    const now = '2026-02-01T10:00:00.000Z';
    const same = decideRecord(t, head, { caseId: 'c', baseSeq: seen, drafts: [draft('g1')] }, { now });
    expect(same.kind).toBe('conflict');
    const other = decideRecord(t, head, { caseId: 'c', baseSeq: seen, drafts: [draft('g2')] }, { now });
    expect(other.kind).toBe('append');
  });
});
