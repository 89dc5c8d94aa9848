import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtInTemplates } from '../templates/built-in/index.js';
import { CaseHistoryBuilder } from '../testing/history-builder.js';
import type { Actor } from '../schemas/case-event.schema.js';
import { replay } from './replay.js';
import { decideRecord, eventFootprint, newEventId, type EventDraft } from './record-event.js';

const euse = builtInTemplates['euse-supported-employment'];
const ewa: Actor = { id: 'ewa', role: 'coordinator' };
const anna: Actor = { id: 'anna', role: 'job-coach' };
const now = '2026-02-01T10:00:00.000Z';

function openCase() {
  return new CaseHistoryBuilder('c1', '2026-01-05T09:00:00Z')
    .add('case.open', { templateId: euse.id, templateVersion: 1, providerId: 'p' })
    .add('consent.grant', { purpose: 'service' })
    .add('goal.add', { goalId: 'g1', title: 'Work in a bakery', domain: 'employment', ownerId: 'ewa', ownerRole: 'coordinator' })
    .build();
}
const head = (events = openCase()) => replay(euse, events).state;
const moveTo = (stage: string, actor = ewa): EventDraft => ({ type: 'stage.enter', payload: { stage }, actor });

describe('decideRecord', () => {
  it('appends after the head with the next seq, a fresh id and the time of recording', () => {
    const d = decideRecord(euse, head(), { caseId: 'c1', baseSeq: 2, drafts: [moveTo('vocational-profiling')] }, { now });
    expect(d.kind).toBe('append');
    if (d.kind !== 'append') return;
    expect(d.events).toHaveLength(1);
    expect(d.events[0]).toMatchObject({ caseId: 'c1', seq: 3, at: now, type: 'stage.enter', actor: ewa, schemaVersion: 1 });
    expect(d.events[0]!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(d.state.stage).toBe('vocational-profiling');
    expect(d.state.lastSeq).toBe(3);
  });

  it('records a still-valid change from a stale view after the new head', () => {
    // Ewa's view is at #2; meanwhile an assessment was recorded (#3). Her move touches nothing it changed.
    const events = openCase();
    const withAssessment = [...events, ...decideAppend(head(events), 2, [{ type: 'assessment.record', payload: { assessmentId: 'a1', instrumentId: 'vocational-profile', respondent: 'self' }, actor: anna }])];
    const d = decideRecord(euse, head(withAssessment), { caseId: 'c1', baseSeq: 2, drafts: [moveTo('vocational-profiling')] }, { now });
    expect(d.kind).toBe('append');
    if (d.kind === 'append') expect(d.events[0]!.seq).toBe(4);
  });

  it('refuses a change to something someone else changed since the person looked, saying who and what', () => {
    const events = openCase();
    const moved = [...events, ...decideAppend(head(events), 2, [moveTo('vocational-profiling', anna)])];
    // Ewa, still looking at #2, wants to pause... fine; but moving the stage again is a conflict.
    const d = decideRecord(euse, head(moved), { caseId: 'c1', baseSeq: 2, drafts: [moveTo('vocational-profiling')] }, { now });
    expect(d.kind).toBe('conflict');
    if (d.kind !== 'conflict') return;
    expect(d.conflict.rule).toBe('concurrent-change');
    expect(d.conflict.reason).toContain('stage.enter by anna (job-coach)');
    expect(d.conflict.changedSince.map((e) => e.seq)).toEqual([3]);
    expect(d.state.stage).toBe('vocational-profiling');
    // A goal already achieved by someone else cannot be achieved (or dropped) again.
    const achieved = [...events, ...decideAppend(head(events), 2, [{ type: 'goal.achieve', payload: { goalId: 'g1' }, actor: anna }])];
    const drop = decideRecord(euse, head(achieved), { caseId: 'c1', baseSeq: 2, drafts: [{ type: 'goal.drop', payload: { goalId: 'g1' }, actor: ewa }] }, { now });
    expect(drop.kind === 'conflict' && drop.conflict.rule).toBe('concurrent-change');
  });

  it('gives every refusal its reason as data too, with the names a page needs to say it in another language', () => {
    const events = openCase();
    const achieved = [...events, ...decideAppend(head(events), 2, [{ type: 'goal.achieve', payload: { goalId: 'g1' }, actor: anna }])];
    // Ewa has seen the achievement (her view is the head), and drops the goal anyway: replay's rule, not a concurrent change.
    const drop = decideRecord(euse, head(achieved), { caseId: 'c1', drafts: [{ type: 'goal.drop', payload: { goalId: 'g1' }, actor: ewa }] }, { now });
    expect(drop.kind === 'conflict' && drop.conflict.because).toEqual({ code: 'goal-not-open', goalId: 'g1', title: 'Work in a bakery', status: 'achieved', change: 'close' });
    expect(drop.kind === 'conflict' && drop.conflict.reason).toBe('goal g1 is already achieved');
    const early = decideRecord(euse, head(), { caseId: 'c1', drafts: [{ type: 'goal.achieve', payload: { goalId: 'g1' }, actor: ewa, at: '2026-01-05T08:00:00Z' }] }, { now });
    expect(early.kind === 'conflict' && early.conflict.because).toEqual({ code: 'dated-before-open', at: '2026-01-05T08:00:00Z', openedAt: '2026-01-05T09:00:00.000Z' });
    const future = decideRecord(euse, head(), { caseId: 'c1', drafts: [{ type: 'support.log', payload: { minutes: 30, mode: 'remote' }, actor: anna, at: '2026-02-04T10:00:00.000Z' }] }, { now });
    expect(future.kind === 'conflict' && future.conflict.because).toEqual({ code: 'in-future', at: '2026-02-04T10:00:00.000Z', now });
    const close = decideRecord(euse, head(), { caseId: 'c1', drafts: [{ type: 'case.close', payload: { outcome: 'employed' }, actor: ewa }] }, { now });
    expect(close.kind === 'conflict' && close.conflict.because).toMatchObject({ code: 'requirements-unmet', target: { close: 'employed' }, requirements: [{ kind: 'job-held' }] });
  });

  it('refuses a draft that breaks a replay rule at the head, with replay’s rule and reason', () => {
    const d = decideRecord(euse, head(), { caseId: 'c1', baseSeq: 2, drafts: [moveTo('job-finding')] }, { now });
    expect(d.kind).toBe('conflict');
    if (d.kind === 'conflict') {
      expect(d.conflict.rule).toBe('transition-not-allowed');
      expect(d.conflict.reason).toContain('does not allow moving from "engagement" to "job-finding"');
    }
  });

  it('refuses a draft whose shape is not a valid event, saying which field and rule, so nothing unreadable is stored', () => {
    const bad = { type: 'support.log', payload: { minutes: 30, mode: 'phone' }, actor: anna } as unknown as EventDraft;
    const d = decideRecord(euse, head(), { caseId: 'c1', baseSeq: 2, drafts: [moveTo('vocational-profiling'), bad] }, { now });
    expect(d.kind).toBe('conflict');
    if (d.kind !== 'conflict') return;
    expect(d.conflict).toMatchObject({ draftIndex: 1, eventType: 'support.log', rule: 'invalid-event' });
    expect(d.conflict.reason).toBe('it is not a valid support.log event: payload.mode should be one of "on-the-job", "off-the-job", "remote", "employer"');
    expect(d.state.stage).toBe('engagement'); // all or nothing: the valid move before it is not kept either
  });

  it('does not count the recorder’s own earlier records, stored since its view, as someone else’s change', () => {
    const events = openCase();
    const mine = decideAppend(head(events), 2, [{ type: 'goal.add', payload: { goalId: 'g2', title: 'Bank account', domain: 'employment', ownerId: 'ewa', ownerRole: 'coordinator' }, actor: ewa }]);
    const achieve: EventDraft = { type: 'goal.achieve', payload: { goalId: 'g2' }, actor: ewa };
    const stored = [...events, ...mine];
    expect(decideRecord(euse, head(stored), { caseId: 'c1', baseSeq: 2, drafts: [achieve] }, { now }).kind).toBe('conflict');
    expect(decideRecord(euse, head(stored), { caseId: 'c1', baseSeq: 2, seen: [mine[0]!.id], drafts: [achieve] }, { now }).kind).toBe('append');
  });

  it('records several drafts all or nothing', () => {
    const drafts: EventDraft[] = [
      { type: 'goal.add', payload: { goalId: 'g2', title: 'Own bank account', domain: 'employment', ownerId: 'ewa', ownerRole: 'coordinator' }, actor: ewa },
      { type: 'goal.achieve', payload: { goalId: 'g-missing' }, actor: ewa },
    ];
    const d = decideRecord(euse, head(), { caseId: 'c1', baseSeq: 2, drafts }, { now });
    expect(d.kind === 'conflict' && d.conflict.draftIndex).toBe(1);
    if (d.kind === 'conflict') expect(d.state.goals).toHaveLength(1); // the head, untouched
  });

  it('is idempotent: drafts whose ids are already stored are a no-op returning the stored events', () => {
    const id = newEventId();
    const events = openCase();
    const stored = [...events, ...decideAppend(head(events), 2, [{ ...moveTo('vocational-profiling'), id }])];
    const d = decideRecord(euse, head(stored), { caseId: 'c1', baseSeq: 2, drafts: [{ ...moveTo('vocational-profiling'), id }] }, { now });
    expect(d.kind).toBe('already-recorded');
    if (d.kind === 'already-recorded') expect(d.events.map((e) => e.seq)).toEqual([3]);
  });

  it('opens a new case from base -1, and refuses to open it twice', () => {
    const empty = replay(euse, []).state;
    const drafts: EventDraft[] = [
      { type: 'case.open', payload: { templateId: euse.id, templateVersion: 1, providerId: 'p' }, actor: ewa },
      { type: 'consent.grant', payload: { purpose: 'service' }, actor: ewa },
    ];
    const d = decideRecord(euse, empty, { caseId: 'new', baseSeq: -1, drafts }, { now });
    expect(d.kind === 'append' && d.events.map((e) => e.seq)).toEqual([0, 1]);
    const again = decideRecord(euse, head(), { caseId: 'c1', baseSeq: -1, drafts }, { now });
    expect(again.kind === 'conflict' && again.conflict.rule).toBe('concurrent-change');
  });

  it('refuses a view that is ahead of what is stored (an erased or foreign case)', () => {
    const d = decideRecord(euse, head(), { caseId: 'c1', baseSeq: 7, drafts: [moveTo('vocational-profiling')] }, { now });
    expect(d.kind === 'conflict' && d.conflict.rule).toBe('stale-view');
  });

  it('never stamps a time before the head’s last event', () => {
    const d = decideRecord(euse, head(), { caseId: 'c1', baseSeq: 2, drafts: [moveTo('vocational-profiling')] }, { now: '2020-01-01T00:00:00.000Z' });
    expect(d.kind === 'append' && d.events[0]!.at).toBe('2026-01-05T09:00:00.000Z');
  });

  it('accepts a visit dated last week after newer events, refuses one dated in the future beyond a few minutes', () => {
    const lastWeek: EventDraft = { type: 'support.log', payload: { minutes: 45, mode: 'on-the-job' }, actor: anna, at: '2026-01-20T14:00:00.000Z' };
    const d = decideRecord(euse, head(), { caseId: 'c1', drafts: [lastWeek] }, { now });
    expect(d.kind === 'append' && d.events[0]!.at).toBe('2026-01-20T14:00:00.000Z');
    const tomorrow = { ...lastWeek, at: '2026-02-02T10:00:00.000Z' };
    const f = decideRecord(euse, head(), { caseId: 'c1', drafts: [tomorrow] }, { now });
    expect(f.kind === 'conflict' && f.conflict.rule).toBe('in-future');
    const skewed = { ...lastWeek, at: '2026-02-01T10:03:00.000Z' }; // a clock 3 minutes fast
    expect(decideRecord(euse, head(), { caseId: 'c1', drafts: [skewed] }, { now }).kind).toBe('append');
  });

  it('property: recorders acting on stale views never lose, duplicate or reorder an accepted event', () => {
    // Each step: some recorder (view at a random earlier seq) records a support log, a new goal,
    // or a stage move. Whatever is accepted forms a history that replays cleanly, in seq order.
    const step = fc.record({
      lag: fc.nat({ max: 3 }),
      kind: fc.constantFrom('support', 'goal', 'stage', 'achieve'),
      n: fc.nat({ max: 3 }),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let stored = openCase();
        const accepted: string[] = [];
        for (const s of steps) {
          const state = head(stored);
          const baseSeq = Math.max(2, state.lastSeq - s.lag);
          const draft: EventDraft =
            s.kind === 'support'
              ? { type: 'support.log', payload: { minutes: 30, mode: 'remote' }, actor: anna }
              : s.kind === 'goal'
                ? { type: 'goal.add', payload: { goalId: `g-${accepted.length}`, title: 'x', domain: 'employment', ownerId: 'ewa', ownerRole: 'coordinator' }, actor: ewa }
                : s.kind === 'achieve'
                  ? { type: 'goal.achieve', payload: { goalId: `g-${s.n}` }, actor: ewa }
                  : moveTo(['vocational-profiling', 'engagement'][s.n % 2]!);
          const d = decideRecord(euse, state, { caseId: 'c1', baseSeq, drafts: [draft] }, { now });
          if (d.kind === 'append') {
            stored = [...stored, ...d.events];
            accepted.push(d.events[0]!.id);
          }
        }
        const replayed = replay(euse, stored); // throws if any accepted event were invalid
        expect(replayed.state.history.slice(3).map((e) => e.id)).toEqual(accepted);
        expect(new Set(accepted).size).toBe(accepted.length);
        expect(stored.map((e) => e.seq)).toEqual(stored.map((_, i) => i));
      }),
    );
  });
});

describe('eventFootprint', () => {
  it('says what conflicts: same goal, stage, job, referral; support logs, assessments and reviews never', () => {
    expect(eventFootprint({ type: 'action.add', payload: { actionId: 'a1', goalId: 'g1', title: 't', ownerId: 'x', ownerRole: 'coordinator' }, actor: ewa })).toEqual({ writes: ['action:a1'], reads: ['goal:g1'] });
    expect(eventFootprint({ type: 'support.log', payload: { minutes: 5, mode: 'remote' }, actor: ewa })).toEqual({ writes: [], reads: [] });
    expect(eventFootprint({ type: 'job.end', payload: { jobId: 'j', endReason: 'dismissed' }, actor: ewa }).writes).toEqual(['job:j']);
  });
});

function decideAppend(state: ReturnType<typeof head>, baseSeq: number, drafts: EventDraft[]) {
  const d = decideRecord(euse, state, { caseId: 'c1', baseSeq, drafts }, { now });
  if (d.kind !== 'append') throw new Error(`expected append, got ${d.kind}`);
  return d.events;
}
