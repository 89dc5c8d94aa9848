import { describe, expect, it } from 'vitest';
import { CaseHistoryBuilder } from '../testing/history-builder.js';
import { replay } from '../case/replay.js';
import { builtInTemplates } from '../templates/built-in/index.js';
import type { CaseRecord } from './case-record.js';
import { esfResultIndicators } from './esf-indicators.js';

const template = builtInTemplates['euse-supported-employment'];
const open = { templateId: template.id, templateVersion: template.version, providerId: 'od' };

/** A participant who entered on 2025-01-01 and, `leaveAfter` days later, left (closed as withdrew). */
function participant(id: string, leaveAfter: number, steps: { job?: [number, number | null]; followUps?: [number, 'employed' | 'self-employed' | 'job-search' | 'education' | 'inactive'][] }): CaseRecord {
  const b = new CaseHistoryBuilder(id, '2025-01-01T09:00:00Z').add('case.open', open);
  const moments: [number, () => void][] = [];
  if (steps.job) {
    const [start, end] = steps.job;
    moments.push([start, () => b.add('job.start', { jobId: 'j', employer: 'E', openMarket: true })]);
    if (end !== null) moments.push([end, () => b.add('job.end', { jobId: 'j', endReason: 'dismissed' })]);
  }
  moments.push([leaveAfter, () => b.add('case.close', { outcome: 'withdrew' })]);
  for (const [after, status] of steps.followUps ?? []) moments.push([leaveAfter + after, () => b.add('followup.record', { status, source: 'contact' })]);
  moments.sort((a, c) => a[0] - c[0]);
  let now = 0;
  for (const [day, add] of moments) {
    b.after(day - now);
    now = day;
    add();
  }
  return { caseId: id, providerId: 'od', events: b.build() };
}

describe('esfResultIndicators', () => {
  const cases = [
    // In a job when leaving; employed at the six-month follow-up.
    participant('A', 100, { job: [50, null], followUps: [[180, 'employed']] }),
    // Looking for work two weeks after leaving; self-employed at about six months.
    participant('B', 100, { followUps: [[14, 'job-search'], [190, 'self-employed']] }),
    // Job ended before leaving, no follow-up.
    participant('C', 120, { job: [30, 90] }),
    // In training upon leaving; inactive at six months (the follow-up nearest 182 days counts).
    participant('D', 130, { followUps: [[20, 'education'], [160, 'employed'], [185, 'inactive']] }),
    // Left three months before the cut-off: not yet six months.
    participant('E', 400, { job: [300, null] }),
    // Still in the programme.
    { ...participant('F', 600, {}), events: participant('F', 600, {}).events.filter((e) => e.type !== 'case.close') },
  ];

  it('counts participants in employment upon leaving and six months after, as ESF+ defines them', () => {
    const r = esfResultIndicators(cases, { from: '2025-01-01', to: '2026-12-31' }, { asOf: '2026-04-30' });
    expect(r.left).toBe(5);
    expect(r.uponLeaving.employed).toMatchObject({ count: 2, n: 5 }); // A and E held a job when they left
    expect(r.uponLeaving.jobSearching).toMatchObject({ count: 1, n: 5 }); // B
    expect(r.uponLeaving.education).toMatchObject({ count: 1, n: 5 }); // D
    // Six months after: A, B, C and D left more than 182 days before the cut-off; E did not.
    expect(r.sixMonthsAfter.employed).toMatchObject({ count: 2, n: 4 }); // A, B (D's nearest follow-up says inactive)
    expect(r.sixMonthsAfter.followedUp).toBe(3); // C was never followed up
  });

  it('is recorded on the closed case, and refused on an open one', () => {
    const a = cases[0]!;
    expect(replay(template, a.events).state.followUps).toMatchObject([{ status: 'employed', source: 'contact' }]);
    const early = new CaseHistoryBuilder('X', '2025-01-01T09:00:00Z').add('case.open', open).add('followup.record', { status: 'employed', source: 'contact' }).build();
    expect(() => replay(template, early)).toThrow(/a follow-up records what happened after the case closed; close the case first/);
  });
});
