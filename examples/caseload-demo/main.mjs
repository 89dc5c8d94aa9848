// Simulates a year and a half of a supported-employment provider's work and prints where each
// case stands, whose reviews are due and how the caseload spreads. Run: pnpm start
import { builtInTemplates, caseload, dueReviews, replay, availableTransitions } from '@casepath/core';
import { simulatePopulation } from '@casepath/core/testing';

const { cases, cutoff } = simulatePopulation({ providers: 3, people: 60, years: 1.5, seed: 2026 });
const states = cases.map((c) => ({ c, state: replay(builtInTemplates[c.templateId], c.events).state }));
const today = cutoff.slice(0, 10);

console.log(`Casepath caseload demo: ${cases.length} simulated cases, as of ${today}\n`);
const rows = states.slice(0, 25).map(({ c, state }) => {
  const job = state.jobs.find((j) => j.endedAt === null);
  const next = availableTransitions(builtInTemplates[c.templateId], state);
  return {
    case: c.caseId,
    template: c.templateId,
    status: state.status,
    stage: state.stage,
    'in work': job ? job.employer : '',
    'next review': state.nextReviewDue ?? '',
    'can move to': next.filter((t) => t.allowed).map((t) => t.to).join(', '),
  };
});
console.table(rows);
if (states.length > rows.length) console.log(`… and ${states.length - rows.length} more cases\n`);

const all = states.map((s) => s.state);
console.log('Open cases by stage:');
console.table(Object.fromEntries([...caseload(all, 'stage')].sort((a, b) => b[1] - a[1])));
console.log('Open cases by worker role:');
console.table(Object.fromEntries(caseload(all, 'role')));

const due = dueReviews(all, today, { withinDays: 7 });
const overdue = due.filter((r) => r.status === 'overdue');
console.log(`Reviews: ${overdue.length} overdue, ${due.length - overdue.length} due within 7 days. Most urgent:`);
console.table(due.slice(0, 8).map((r) => ({ case: r.caseId, stage: r.stage, due: r.due, days: r.daysUntil })));
