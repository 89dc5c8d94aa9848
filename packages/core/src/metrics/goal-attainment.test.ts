import { describe, expect, it } from 'vitest';
import { CaseHistoryBuilder } from '../testing/history-builder.js';
import { builtInTemplates } from '../templates/built-in/index.js';
import type { CaseRecord } from './case-record.js';
import { goalAttainment } from './goal-attainment.js';
import { indicatorsFor, tracksEmployment } from './service-indicators.js';

const open = { templateId: 'social-adaptation', templateVersion: 1, providerId: 'omsk' };
const goal = (goalId: string, domain: string) => ({ goalId, title: 'Goal', domain, ownerId: 'w1', ownerRole: 'social-worker' as const });

function person(id: string, steps: (b: CaseHistoryBuilder) => CaseHistoryBuilder): CaseRecord {
  return { caseId: id, providerId: 'omsk', events: steps(new CaseHistoryBuilder(id, '2025-01-01T09:00:00Z').add('case.open', open)).build() };
}

describe('goalAttainment', () => {
  // A: documents achieved after 30 days; B: documents dropped at 20 days; C: still working on them at the cut-off (100 days).
  const cases = [
    person('A', (b) => b.add('goal.add', goal('g1', 'documents')).after(30).add('goal.achieve', { goalId: 'g1' })),
    person('B', (b) => b.add('goal.add', goal('g1', 'documents')).after(20).add('goal.drop', { goalId: 'g1' })),
    person('C', (b) => b.add('goal.add', goal('g1', 'documents')).add('goal.add', goal('g2', 'housing')).after(10).add('goal.achieve', { goalId: 'g2' }).after(90).add('support.log', { minutes: 30, mode: 'off-the-job' })),
  ];

  it('counts people who achieved a goal in each domain, with the time it took', () => {
    const rows = goalAttainment(cases, { domains: ['documents', 'housing', 'income'] });
    expect(rows.map((r) => [r.domain, r.people, r.achieved.count])).toEqual([
      ['documents', 3, 1],
      ['housing', 1, 1],
    ]);
    // Documents: one achieved at day 30; B censored at 20 (dropped), C at 100 (cut-off). KM median: S falls to 0.5 at 30.
    expect(rows[0]!.medianDays).toBe(30);
    expect(rows[1]!.medianDays).toBe(10);
  });
});

describe('which indicators a service has', () => {
  it('gives retention to services with jobs and none to family support', () => {
    expect(tracksEmployment(builtInTemplates['euse-supported-employment'])).toBe(true);
    expect(indicatorsFor(builtInTemplates['family-support'])).toEqual(['goal-attainment', 'distance-travelled']);
    expect(indicatorsFor(builtInTemplates['social-adaptation'])).not.toContain('retention');
  });
});
