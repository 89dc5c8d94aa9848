import { expect } from '@open-wc/testing';
import { builtInTemplates, replay, type CaseEvent } from '@casepath/core';
import { CaseHistoryBuilder } from '@casepath/core/testing';
import { againEventId, keptConflict, recordAgain, type KeptChange } from './kept-conflict.js';

const template = builtInTemplates['euse-supported-employment'];
const opened = new CaseHistoryBuilder('c1', '2026-01-05T09:00:00Z')
  .add('case.open', { templateId: template.id, templateVersion: 1, providerId: 'warsaw', clientRef: 'OD-7' })
  .add('consent.grant', { purpose: 'service' })
  .build();
const visit = { ...opened[1]!, id: '0190a000-0000-7000-8000-00000000c0de', seq: 2, type: 'support.log', payload: { minutes: 30, mode: 'remote' } } as CaseEvent;
const kept = (rule: string, reason: string): KeptChange => ({ caseId: 'c1', event: visit, rule, reason, changedBy: [] });

describe('keptConflict', () => {
  it('says a pause or closure that has not reached this device yet as its rule, not in the server’s English words', () => {
    const head = replay(template, opened).state;
    expect(keptConflict(kept('case-paused', 'the case is paused; resume it before support.log'), opened, template, head).because).to.deep.equal({ code: 'case-paused', eventType: 'support.log' });
    expect(keptConflict(kept('case-closed', 'the case is closed (employed); reopen it first'), opened, template, head).because).to.deep.equal({ code: 'case-closed', outcome: null });
    // Nor does a device that holds nothing of the case need the server's words for these.
    expect(keptConflict(kept('case-paused', 'the case is paused; resume it before support.log'), [], null, null).because).to.deep.equal({ code: 'case-paused', eventType: 'support.log' });
    // What names things only the case as it is now can give keeps the server's words until then.
    const stage = kept('transition-not-allowed', 'vocational-profiling cannot be entered from job-finding');
    expect(keptConflict(stage, opened, template, head)).to.include({ rule: 'transition-not-allowed', reason: stage.reason }).and.not.have.property('because');
  });

  it('once the closure has arrived, decides the change again and says it with what the case holds', () => {
    const closed = new CaseHistoryBuilder('c1', '2026-01-05T09:00:00Z')
      .add('case.open', { templateId: template.id, templateVersion: 1, providerId: 'warsaw', clientRef: 'OD-7' })
      .add('consent.grant', { purpose: 'service' })
      .add('case.close', { outcome: 'education' })
      .build();
    const head = replay(template, closed).state;
    const conflict = keptConflict(kept('case-closed', 'the case is closed (education); reopen it first'), closed, template, head);
    expect(conflict.because).to.deep.equal({ code: 'case-closed', outcome: 'education' });
  });
});

describe('recordAgain', () => {
  const ewa = { id: 'ewa', role: 'coordinator' } as const;
  const mine = (rule: string, event: CaseEvent = visit): KeptChange => ({ caseId: 'c1', event: { ...event, actor: ewa, reason: 'Visit at the bakery' }, rule, reason: 'kept', changedBy: [] });
  const now = '2026-02-01T09:00:00.000Z';
  const againId = '5b0e4c1a-2d3f-8a4b-9c5d-6e7f8a9b0c1d';

  it('gives the change as it was (what, when, why) by the worker, when the case as it is now accepts it', () => {
    const head = replay(template, opened).state;
    const draft = recordAgain(mine('case-paused'), template, head, ewa, now, againId);
    expect(draft).to.deep.equal({ id: againId, type: 'support.log', payload: { minutes: 30, mode: 'remote' }, actor: ewa, at: visit.at, reason: 'Visit at the bakery' });
  });

  it('gives nothing while the rules still refuse it, for someone else’s change, or without the case', () => {
    const paused = new CaseHistoryBuilder('c1', '2026-01-05T09:00:00Z')
      .add('case.open', { templateId: template.id, templateVersion: 1, providerId: 'warsaw', clientRef: 'OD-7' })
      .add('consent.grant', { purpose: 'service' })
      .add('case.pause', {})
      .build();
    expect(recordAgain(mine('case-paused'), template, replay(template, paused).state, ewa, now, againId)).to.equal(null);
    const head = replay(template, opened).state;
    expect(recordAgain(mine('case-paused'), template, head, { id: 'anna', role: 'job-coach' }, now, againId)).to.equal(null);
    expect(recordAgain(mine('case-paused'), null, null, ewa, now, againId)).to.equal(null);
    // Refused by a rule only the server decides (the device cannot tell it would pass now), or
    // dated in the future by a device whose clock was wrong (its date is wrong too), even once past.
    for (const rule of ['not-found', 'not-yours', 'health-data-undeclared', 'in-future']) expect(recordAgain(mine(rule), template, head, ewa, now, againId), rule).to.equal(null);
    // Until the events that changed the case meanwhile arrive, this device's view is behind.
    const pause = { ...opened[1]!, id: '0190a000-0000-7000-8000-0000000000aa', seq: 2, type: 'case.pause', payload: {} } as CaseEvent;
    const behind = { ...mine('concurrent-change'), changedBy: [pause.id] };
    expect(recordAgain(behind, template, head, ewa, now, againId)).to.equal(null);
    const resume = { ...pause, id: '0190a000-0000-7000-8000-0000000000ab', seq: 3, type: 'case.resume' } as CaseEvent;
    expect(recordAgain(behind, template, replay(template, [...opened, pause, resume]).state, ewa, now, againId)).to.include({ type: 'support.log' });
    // Whatever the rule it was kept by, a change dated beyond the clock's tolerance is refused now too.
    const ahead = { ...visit, at: '2026-02-09T09:00:00.000Z' } as CaseEvent;
    expect(recordAgain(mine('concurrent-change', ahead), template, head, ewa, now, againId)).to.equal(null);
  });

  it('gives the change in the worker’s new role when it was refused only for the role it named, one they no longer had', () => {
    const head = replay(template, opened).state;
    const asJobCoach = { ...mine('not-yours'), event: { ...mine('not-yours').event, actor: { id: 'ewa', role: 'job-coach' } } } as KeptChange;
    expect(recordAgain(asJobCoach, template, head, ewa, now, againId)).to.include({ type: 'support.log', at: visit.at }).and.deep.include({ actor: ewa });
    // Recorded as someone else, it stays not theirs.
    const asAnna = { ...asJobCoach, event: { ...asJobCoach.event, actor: { id: 'anna', role: 'job-coach' } } } as KeptChange;
    expect(recordAgain(asAnna, template, head, ewa, now, againId)).to.equal(null);
  });

  it('gives nothing once this device holds the change recorded again (another tab, an earlier press)', () => {
    const head = replay(template, opened).state;
    const draft = recordAgain(mine('case-paused'), template, head, ewa, now, againId)!;
    const recorded = { ...draft, schemaVersion: opened[0]!.schemaVersion, caseId: 'c1', seq: 2 } as CaseEvent;
    expect(recordAgain(mine('case-paused'), template, replay(template, [...opened, recorded]).state, ewa, now, againId)).to.equal(null);
  });
});

describe('againEventId', () => {
  it('is the same for every press on the same kept change, different for another, a UUID made by the application, never the kept one', async () => {
    const first = await againEventId(visit.id);
    expect(await againEventId(visit.id)).to.equal(first);
    expect(first).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first).not.to.equal(visit.id);
    expect(await againEventId('0190a000-0000-7000-8000-00000000beef')).not.to.equal(first);
    // Recorded again and kept again: its own again is yet another id, not the first kept change's.
    const twice = await againEventId(first);
    expect([visit.id, first]).not.to.include(twice);
  });
});
