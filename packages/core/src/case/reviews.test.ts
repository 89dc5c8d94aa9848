import { describe, expect, it } from 'vitest';
import type { PlanTemplate } from '../schemas/plan-template.schema.js';
import { builtInTemplates } from '../templates/built-in/index.js';
import { CaseHistoryBuilder } from '../testing/history-builder.js';
import { simulatePopulation } from '../testing/simulate-population.js';
import { availableOutcomes, availableTransitions } from './available-transitions.js';
import { caseload } from './caseload.js';
import { replay } from './replay.js';
import { dueReviews } from './reviews.js';

const t = builtInTemplates['euse-supported-employment'];
const open = { templateId: t.id, templateVersion: 1, providerId: 'p1' };

function caseAt(id: string, start: string, build: (b: CaseHistoryBuilder) => CaseHistoryBuilder = (b) => b) {
  return replay(t, build(new CaseHistoryBuilder(id, start).add('case.open', open)).build()).state;
}

describe('dueReviews', () => {
  it('lists overdue and upcoming reviews, most urgent first, and ignores paused and closed cases', () => {
    const states = [
      caseAt('late', '2026-01-01T09:00:00Z'), // due 2026-01-31
      caseAt('soon', '2026-02-01T09:00:00Z'), // due 2026-03-03
      caseAt('later', '2026-03-01T09:00:00Z'), // due 2026-03-31
      caseAt('paused', '2026-01-01T09:00:00Z', (b) => b.add('case.pause', {})),
      caseAt('closed', '2026-01-01T09:00:00Z', (b) => b.add('case.close', { outcome: 'withdrew' })),
      caseAt('reviewed', '2026-01-01T09:00:00Z', (b) => b.after(40).add('review.hold', { nextReviewDue: '2026-03-01' })),
    ];
    const due = dueReviews(states, '2026-02-25', { withinDays: 7 });
    expect(due.map((r) => [r.caseId, r.status, r.daysUntil])).toEqual([
      ['late', 'overdue', -25],
      ['reviewed', 'upcoming', 4],
      ['soon', 'upcoming', 6],
    ]);
  });
});

describe('caseload', () => {
  it('counts open cases per worker, role, stage and provider', () => {
    const states = [
      caseAt('a', '2026-01-01T09:00:00Z', (b) => b.add('worker.assign', { workerId: 'ewa', role: 'coordinator' }).add('worker.assign', { workerId: 'anna', role: 'job-coach' })),
      caseAt('b', '2026-01-01T09:00:00Z', (b) => b.add('worker.assign', { workerId: 'ewa', role: 'coordinator' })),
      caseAt('c', '2026-01-01T09:00:00Z'),
      caseAt('d', '2026-01-01T09:00:00Z', (b) => b.add('worker.assign', { workerId: 'ewa', role: 'coordinator' }).add('case.close', { outcome: 'withdrew' })),
    ];
    expect(Object.fromEntries(caseload(states, 'worker'))).toEqual({ ewa: 2, anna: 1, unassigned: 1 });
    expect(Object.fromEntries(caseload(states, 'role'))).toEqual({ coordinator: 2, 'job-coach': 1, unassigned: 1 });
    expect(Object.fromEntries(caseload(states, 'stage'))).toEqual({ engagement: 3 });
    expect(Object.fromEntries(caseload(states, 'status', { includeClosed: true }))).toEqual({ active: 3, closed: 1 });
  });

  it('sums to the number of open cases by stage on a simulated population', () => {
    const { cases } = simulatePopulation({ providers: 4, people: 200, years: 2, seed: 3 });
    const states = cases.map((c) => replay(builtInTemplates[c.templateId as keyof typeof builtInTemplates], c.events).state);
    const open = states.filter((s) => s.status === 'active' || s.status === 'paused').length;
    expect([...caseload(states, 'stage').values()].reduce((a, b) => a + b, 0)).toBe(open);
    expect([...caseload(states, 'provider').values()].reduce((a, b) => a + b, 0)).toBe(open);
  });
});

describe('availableTransitions', () => {
  it('explains why each next stage is or is not open', () => {
    const s = caseAt('a', '2026-01-01T09:00:00Z', (b) => b.add('consent.grant', { purpose: 'service' }).add('stage.enter', { stage: 'vocational-profiling' }));
    expect(availableTransitions(t, s)).toEqual([
      {
        to: 'job-finding',
        allowed: false,
        missing: [
          {
            requirement: 'assessment:vocational-profile',
            reason: 'an assessment with "vocational-profile" has not been recorded',
            condition: { kind: 'assessment', instrumentId: 'vocational-profile' },
          },
          { requirement: 'goal:employment', reason: 'no goal has been set in "employment"', condition: { kind: 'goal', domain: 'employment' } },
        ],
      },
    ]);
  });
});

describe('availableOutcomes', () => {
  const reintegration = builtInTemplates['social-reintegration'];
  const openR = { templateId: reintegration.id, templateVersion: reintegration.version, providerId: 'p1' };

  it("lists every outcome of the template with what is missing, the supervisor's approval included where the template asks for it", () => {
    const b = new CaseHistoryBuilder('r', '2026-01-01T09:00:00Z').add('case.open', openR).add('consent.grant', { purpose: 'service' });
    const before = availableOutcomes(reintegration, replay(reintegration, b.build()).state);
    expect(before.map((o) => o.outcome)).toEqual(reintegration.outcomes.map((o) => o.id));
    for (const o of before) {
      expect(o.allowed).toBe(false);
      expect(o.missing.map((m) => m.requirement)).toContain('approval:closure');
    }
    const approved = replay(reintegration, b.as({ id: 's', role: 'supervisor' }).add('approval.grant', { subject: 'closure' }).build()).state;
    const after = availableOutcomes(reintegration, approved);
    expect(after.some((o) => o.allowed)).toBe(true);
    for (const o of after) expect(o.missing.map((m) => m.requirement)).not.toContain('approval:closure');
  });

  it('offers nothing on a closed case', () => {
    const s = caseAt('c', '2026-01-01T09:00:00Z', (b) => b.add('case.close', { outcome: (t.outcomes as readonly PlanTemplate['outcomes'][number][]).find((o) => !o.requires?.length)!.id }));
    expect(s.status).toBe('closed');
    expect(availableOutcomes(t, s)).toEqual([]);
  });
});
