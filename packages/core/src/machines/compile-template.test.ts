import fc from 'fast-check';
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { builtInTemplates } from '../templates/built-in/index.js';
import { replay } from '../case/replay.js';
import { arbitraryHistory } from '../case/random-history.test-helper.js';
import { CaseHistoryBuilder } from '../testing/history-builder.js';
import { compileTemplate } from './compile-template.js';

function expectedValue(status: string, stage: string | null): unknown {
  if (status === 'active') return { active: stage };
  return status;
}

describe('compileTemplate', () => {
  it('builds a machine whose named guards say which requirement failed', () => {
    const t = builtInTemplates['euse-supported-employment'];
    const actor = createActor(compileTemplate(t)).start();
    const events = new CaseHistoryBuilder('c', '2025-03-03T09:00:00Z')
      .add('case.open', { templateId: t.id, templateVersion: 1, providerId: 'p' })
      .add('stage.enter', { stage: 'vocational-profiling' })
      .add('consent.grant', { purpose: 'service' })
      .add('stage.enter', { stage: 'vocational-profiling' })
      .build();
    actor.send(events[0]!);
    expect(actor.getSnapshot().value).toEqual({ active: 'engagement' });
    actor.send(events[1]!);
    expect(actor.getSnapshot().value).toEqual({ active: 'engagement' });
    expect(actor.getSnapshot().context.rejected).toMatchObject({ rule: 'requirement-not-met', requirements: ['consent:service'] });
    actor.send(events[2]!);
    actor.send(events[3]!);
    expect(actor.getSnapshot().value).toEqual({ active: 'vocational-profiling' });
    expect(actor.getSnapshot().context.rejected).toBeNull();
  });

  it('resumes from a persisted snapshot, stage and history included', () => {
    const t = builtInTemplates['social-adaptation'];
    const machine = compileTemplate(t);
    const events = new CaseHistoryBuilder('s', '2025-03-03T09:00:00Z')
      .add('case.open', { templateId: t.id, templateVersion: 1, providerId: 'p' })
      .add('stage.enter', { stage: 'urgent-help' })
      .add('case.pause', {})
      .add('case.resume', {})
      .build();
    const first = createActor(machine).start();
    events.slice(0, 3).forEach((e) => first.send(e));
    const saved = JSON.parse(JSON.stringify(first.getPersistedSnapshot())) as ReturnType<typeof first.getPersistedSnapshot>;
    first.stop();
    const second = createActor(machine, { snapshot: saved }).start();
    expect(second.getSnapshot().value).toBe('paused');
    second.send(events[3]!);
    // The history state brings the case back to the stage it was paused in.
    expect(second.getSnapshot().value).toEqual({ active: 'urgent-help' });
    expect(second.getSnapshot().context.case).toEqual(replay(t, events).state);
  });

  it('agrees with the bulk transition table on every random history', () => {
    let deep = 0;
    for (const template of Object.values(builtInTemplates)) {
      const machine = compileTemplate(template);
      fc.assert(
        fc.property(arbitraryHistory(template), (events) => {
          const { state, rejected } = replay(template, events, { onInvalid: 'skip' });
          const actor = createActor(machine).start();
          const machineRejected: number[] = [];
          for (const e of events) {
            actor.send(e);
            const r = actor.getSnapshot().context.rejected;
            if (r !== null && r.eventId === e.id && r.seq === e.seq) machineRejected.push(events.indexOf(e));
          }
          const snapshot = actor.getSnapshot();
          expect(machineRejected).toEqual(rejected.map((r) => events.findIndex((e) => e.id === r.eventId && e.seq === r.seq)));
          expect(snapshot.value).toEqual(status(state.status, state.stage));
          expect(snapshot.context.case).toEqual(state);
          if (new Set(state.stageHistory.map((v) => v.stage)).size >= 3) deep++;
          actor.stop();
        }),
        { numRuns: 120 },
      );
    }
    // The random histories must reach past the first stages, or the agreement means little.
    expect(deep).toBeGreaterThan(20);
  });
});

function status(s: string, stage: string | null): unknown {
  return s === 'unopened' ? 'unopened' : expectedValue(s, stage);
}
