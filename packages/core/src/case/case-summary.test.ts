import { describe, expect, it } from 'vitest';
import { builtInTemplates } from '../templates/built-in/index.js';
import { simulatePopulation } from '../testing/simulate-population.js';
import { caseload, CASELOAD_DIMENSIONS } from './caseload.js';
import { caseSummary } from './case-summary.js';
import { replay } from './replay.js';
import { dueReviews } from './reviews.js';

describe('caseSummary', () => {
  const { cases, cutoff } = simulatePopulation({ providers: 4, people: 300, years: 2, seed: 7 });
  const states = cases.map((c) => replay(builtInTemplates[c.templateId as keyof typeof builtInTemplates], c.events).state);
  const summaries = states.map(caseSummary);

  it('answers the caseload’s questions exactly as the whole state does', () => {
    for (const within of [0, 7, 30]) expect(dueReviews(summaries, cutoff, { withinDays: within })).toEqual(dueReviews(states, cutoff, { withinDays: within }));
    for (const by of CASELOAD_DIMENSIONS) {
      expect(caseload(summaries, by, { includeClosed: true })).toEqual(caseload(states, by, { includeClosed: true }));
    }
    expect(dueReviews(summaries, cutoff, { withinDays: 30 }).length).toBeGreaterThan(0); // the comparison saw reviews
  });

  it('is a copy, and a small one', () => {
    const state = states.find((s) => s.team.length > 0 && s.goals.length > 0)!;
    const summary = caseSummary(state);
    state.team[0]!.workerId = 'changed later';
    expect(summary.team[0]!.workerId).not.toBe('changed later');
    expect(Object.keys(summary).sort()).toEqual(['caseId', 'clientRef', 'lastSeq', 'nextReviewDue', 'providerId', 'stage', 'status', 'team', 'templateId', 'templateVersion']);
    expect(JSON.stringify(summary).length * 4).toBeLessThan(JSON.stringify({ ...state, history: [] }).length);
  });
});
