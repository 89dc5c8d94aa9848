import { describe, expect, it } from 'vitest';
import type { PlanTemplate } from '../schemas/plan-template.schema.js';
import { builtInTemplates } from './built-in/index.js';
import { parseTemplate, TemplateError, validateTemplate } from './validate-template.js';

const euse = builtInTemplates['euse-supported-employment'];

describe('validateTemplate', () => {
  it.each(Object.entries(builtInTemplates))('accepts the built-in template %s, keyed by its id', (key, template) => {
    expect(template.id).toBe(key);
    expect(validateTemplate(template)).toEqual({ ok: true, template, problems: [] });
  });

  it('reports every problem of a broken template with its path, not just the first', () => {
    const broken = structuredClone(euse) as unknown as Record<string, any>;
    broken.stages.push({ ...broken.stages[1], title: { en: 'Copy' } }); // duplicate id, missing translations
    broken.stages.push({ id: 'island', title: euse.stages[0]!.title }); // unreachable
    broken.transitions.push({ from: 'job-finding', to: 'moon' }); // dangling
    broken.stages[2].requires.push({ kind: 'horoscope' }); // unknown requirement
    const result = validateTemplate(broken);
    expect(result.ok).toBe(false);
    // Shape problems come first (zod); the rest are found once the shape is right.
    expect(result.problems).toEqual([
      {
        path: 'stages[2].requires[2].kind',
        code: 'unknown-requirement',
        message: expect.stringContaining('unknown requirement "horoscope"; use one of consent, assessment'),
      },
    ]);
    broken.stages[2].requires.pop();
    const codes = validateTemplate(broken).problems.map((p) => [p.code, p.path]);
    expect(codes).toEqual([
      ['duplicate-id', 'stages[6].id'],
      ['missing-translation', 'stages[6].title'],
      ['dangling-transition', `transitions[${euse.transitions.length}].to`],
      ['unreachable-stage', 'stages[7]'],
    ]);
  });

  it('says which languages a label lacks', () => {
    const t = structuredClone(euse);
    delete (t.outcomes[0]!.title as Record<string, string>).lt;
    delete (t.outcomes[0]!.title as Record<string, string>).uk;
    const [problem] = validateTemplate(t).problems;
    expect(problem).toMatchObject({ path: 'outcomes[0].title', code: 'missing-translation' });
    expect(problem!.message).toContain('no translation for lt, uk');
  });

  it('checks requirements, roles, the initial stage and scheduled activities against the template', () => {
    const t: PlanTemplate = structuredClone(euse);
    t.initialStage = 'nowhere';
    t.stages[1]!.requires = [{ kind: 'goal', domain: 'astrology' }];
    t.activities![0]!.role = 'social-worker';
    const codes = validateTemplate(t).problems.map((p) => p.code);
    expect(codes).toEqual(['unknown-stage', 'unknown-goal-domain', 'unknown-role']);
  });

  it('turns shape errors into readable messages', () => {
    const { problems } = validateTemplate({ ...euse, reviewCadenceDays: 0, stages: 'many' });
    expect(problems.map((p) => p.message)).toEqual(['stages should be array, got string', 'reviewCadenceDays should be at least 1']);
  });

  it('parseTemplate throws a TemplateError that lists all problems', () => {
    const t = { ...euse, transitions: [] };
    expect(() => parseTemplate(t)).toThrow(TemplateError);
    // Every stage but the initial one is now unreachable.
    expect(() => parseTemplate(t)).toThrow(/euse-supported-employment" has 5 problem\(s\)/);
  });
});
