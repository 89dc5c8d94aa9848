import { describe, expect, it } from 'vitest';
import { builtInTemplates } from './built-in/index.js';
import { extendTemplate } from './extend-template.js';
import { TemplateError, validateTemplate } from './validate-template.js';
import { replay } from '../case/replay.js';
import { CaseHistoryBuilder } from '../testing/history-builder.js';

const base = builtInTemplates['social-adaptation'];
const title = { en: 'Peer mentoring', ru: 'Наставничество', pl: 'Mentoring', lt: 'Mentorystė', de: 'Mentoring', uk: 'Наставництво' };

describe('extendTemplate', () => {
  it('adapts a built-in template without touching it, and records what it is based on', () => {
    const before = structuredClone(base);
    const ours = extendTemplate(base, {
      id: 'omsk-shelter',
      version: 3,
      removeStages: ['urgent-help'],
      addStages: [{ stage: { id: 'peer-mentoring', title }, after: 'integration' }],
      addTransitions: [
        { from: 'integration', to: 'peer-mentoring' },
        { from: 'peer-mentoring', to: 'follow-up' },
      ],
      renameStages: { 'first-contact': { en: 'Street outreach', ru: 'Уличная работа' } },
      stageRequirements: { 'adaptation-plan': [{ kind: 'assessment', instrumentId: 'omsk-needs' }] },
      stageReviewCadence: { stabilisation: 14 },
      reviewCadenceDays: 21,
    });
    expect(base).toEqual(before);
    expect(ours.basedOn).toEqual({ id: 'social-adaptation', version: 1 });
    expect(ours.version).toBe(3);
    expect(ours.stages.map((s) => s.id)).toEqual([
      'first-contact',
      'needs-assessment',
      'adaptation-plan',
      'stabilisation',
      'integration',
      'peer-mentoring',
      'follow-up',
    ]);
    expect(ours.transitions.some((t) => t.from === 'urgent-help' || t.to === 'urgent-help')).toBe(false);
    expect(ours.stages[0]!.title.en).toBe('Street outreach');
    expect(ours.stages[0]!.title.pl).toBe(base.stages[0]!.title.pl);
    expect(ours.stages[3]!.reviewCadenceDays).toBe(14);
    expect(ours.reviewCadenceDays).toBe(21);
    expect(validateTemplate(ours).ok).toBe(true);
  });

  it('reorders stages for display', () => {
    const ids = base.stages.map((s) => s.id);
    const reversed = extendTemplate(base, { id: 'r', version: 1, order: [...ids].reverse() });
    expect(reversed.stages.map((s) => s.id)).toEqual([...ids].reverse());
    expect(() => extendTemplate(base, { id: 'r', version: 1, order: ids.slice(1) })).toThrow(/order leaves out stage\(s\) first-contact/);
  });

  it('refuses a patch that names unknown stages, listing each', () => {
    const attempt = () =>
      extendTemplate(base, {
        id: 'bad',
        version: 1,
        removeStages: ['nowhere'],
        renameStages: { elsewhere: { en: 'x' } },
      });
    expect(attempt).toThrow(TemplateError);
    expect(attempt).toThrow(/removeStages: there is no stage "nowhere"[\s\S]*renameStages: there is no stage "elsewhere"/);
  });

  it('refuses a result that is not a valid template, e.g. a stage left unreachable', () => {
    expect(() => extendTemplate(base, { id: 'bad', version: 1, removeTransitions: [{ from: 'integration', to: 'follow-up' }] })).toThrow(
      /unreachable-stage/,
    );
  });

  it('keeps cases on the template version they were opened with', () => {
    const v1 = extendTemplate(base, { id: 'ours', version: 1 });
    const v2 = extendTemplate(base, { id: 'ours', version: 2, removeStages: ['urgent-help'] });
    const events = new CaseHistoryBuilder('c', '2026-01-05T09:00:00Z')
      .add('case.open', { templateId: 'ours', templateVersion: 1, providerId: 'p' })
      .add('stage.enter', { stage: 'urgent-help' })
      .build();
    expect(replay(v1, events).state.stage).toBe('urgent-help');
    expect(() => replay(v2, events)).toThrow(/template-mismatch/);
  });
});
