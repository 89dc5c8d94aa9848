import { expect } from '@open-wc/testing';
import { builtInTemplates, replay, type CaseEvent } from '@casepath/core';
import { CaseHistoryBuilder } from '@casepath/core/testing';
import { keptConflict, type KeptChange } from './kept-conflict.js';

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
