import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AssessmentResponse } from '../schemas/instrument.schema.js';
import { builtInTemplates } from '../templates/built-in/index.js';
import { replay } from '../case/replay.js';
import { CaseHistoryBuilder } from '../testing/history-builder.js';
import { builtInInstruments } from './built-in/index.js';
import { cohortChange, distanceTravelled, selfStaffGap, trajectory } from './compare-assessments.js';
import { assessmentRecordPayload } from './record-assessment.js';
import { AssessmentResponseError, scoreAssessment } from './score-assessment.js';
import { validateInstrument } from './validate-instrument.js';
import { arbitraryInstrument, arbitraryResponse } from './arbitrary-instrument.test-helper.js';

const vp = builtInInstruments['vocational-profile'];
const response = (answers: AssessmentResponse['answers'], extra: Partial<AssessmentResponse> = {}): AssessmentResponse => ({
  instrumentId: vp.id,
  instrumentVersion: vp.version,
  respondent: 'staff',
  completedAt: '2026-02-01T10:00:00.000Z',
  answers,
  ...extra,
});

describe('built-in instruments', () => {
  it.each(Object.entries(builtInInstruments))('%s is valid, keyed by its id, in six languages with easy-read wording', (key, instrument) => {
    expect(instrument.id).toBe(key);
    expect(validateInstrument(instrument).problems).toEqual([]);
    expect(instrument.languages).toEqual(['en', 'ru', 'pl', 'lt', 'de', 'uk']);
    for (const item of instrument.items) expect(Object.keys(item.easyRead)).toHaveLength(6);
  });
});

describe('validateInstrument', () => {
  it('reports every problem with its path', () => {
    const broken = structuredClone(vp);
    broken.items[1]!.domain = 'hobbies';
    broken.items[2]!.scale = 'stars';
    broken.items.push({ ...broken.items[0]! });
    broken.items[7]!.enableWhen = [{ item: 'later-item', operator: '=', value: 1 }];
    delete (broken.domains[0]!.title as Record<string, string>).uk;
    expect(validateInstrument(broken).problems.map((p) => [p.code, p.path])).toEqual([
      ['missing-translation', 'domains[0].title'],
      ['unknown-domain', 'items[1].domain'],
      ['unknown-scale', 'items[2].scale'],
      ['unknown-item', 'items[7].enableWhen[0].item'],
      ['duplicate-id', 'items[11].id'],
    ]);
  });
});

describe('scoreAssessment', () => {
  it('scores domains by their rule, reversing reverse-scored items and skipping hidden ones', () => {
    const scored = scoreAssessment(
      vp,
      response({
        'follow-instructions': 4,
        travel: 2,
        money: 3,
        'knows-wish': 1,
        motivated: 4,
        'wished-work': 'bakery',
        'had-job': false,
        'needs-company': 4,
        'asks-help': 2,
      }),
    );
    // percent: each item (v − 1) / 3 × 100, averaged.
    expect(scored.domains.skills!.score).toBeCloseTo(((3 + 1 + 2) / 3 / 3) * 100, 10);
    // needs-company = 4 is reverse-scored → 1 (0%); asks-help 2 → 33.3%.
    expect(scored.domains['support-needs']!.score).toBeCloseTo((0 + 100 / 3) / 2, 10);
    // had-job = false hides months-worked and left-well: they are not missing.
    expect(scored.domains['work-history']).toMatchObject({ applicable: 1, answered: 1, missing: [], score: 0 });
    expect(scored.total).not.toBeNull();
  });

  it('reports missing answers and never counts them as zero', () => {
    const partial = scoreAssessment(vp, response({ 'follow-instructions': 4, motivated: 3, 'had-job': true }));
    expect(partial.domains.skills).toMatchObject({ status: 'too-few-answers', score: null, answered: 1, applicable: 3, missing: ['travel', 'money'] });
    expect(partial.domains['work-history']).toMatchObject({ applicable: 3, answered: 1, missing: ['months-worked', 'left-well'], status: 'too-few-answers' });
    expect(partial.total).toBeNull();
    const sa = builtInInstruments['social-adaptation-needs'];
    const s = scoreAssessment(sa, { instrumentId: sa.id, instrumentVersion: sa.version, respondent: 'self', completedAt: '2026-01-01T00:00:00.000Z', answers: { 'id-documents': 3, tonight: 2, 'has-court-matters': false } });
    // One of two document items answered (3): the sum is prorated to 6 and says so.
    expect(s.domains.documents).toMatchObject({ score: 6, prorated: true, missing: ['registration'] });
  });

  it('refuses an invalid response, naming each item by linkId', () => {
    const attempt = () => scoreAssessment(vp, response({ travel: 7, 'had-job': 'yes', 'months-worked': -2, ghost: 1 }));
    expect(attempt).toThrow(AssessmentResponseError);
    try {
      attempt();
    } catch (error) {
      expect((error as AssessmentResponseError).problems.map((p) => p.message)).toEqual([
        'item travel: 7 is not one of 1, 2, 3, 4',
        'item had-job: should be true or false, got "yes"',
        'item months-worked: -2 is outside 0…600',
        'item ghost: is not an item of this instrument',
        'item follow-instructions: is required but has no answer',
        'item motivated: is required but has no answer',
      ]);
    }
  });

  it('scores every random valid response without throwing, scores within their range', () => {
    fc.assert(
      fc.property(arbitraryInstrument.chain((ins) => fc.tuple(fc.constant(ins), arbitraryResponse(ins))), ([ins, resp]) => {
        expect(validateInstrument(ins).problems).toEqual([]);
        const scored = scoreAssessment(ins, resp);
        for (const d of Object.values(scored.domains)) {
          if (d.score === null) continue;
          expect(d.score).toBeGreaterThanOrEqual(d.range[0] - 1e-9);
          expect(d.score).toBeLessThanOrEqual(d.range[1] + 1e-9);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('gives an error with the linkId for any answer outside its scale', () => {
    fc.assert(
      fc.property(arbitraryInstrument, fc.nat(), (ins, n) => {
        const item = ins.items[n % ins.items.length]!;
        const bad = { instrumentId: ins.id, instrumentVersion: '1', respondent: 'self' as const, completedAt: '2026-01-01T00:00:00.000Z', answers: { [item.id]: ins.scales[item.scale]!.type === 'text' ? 42 : 'not an answer' } };
        expect(() => scoreAssessment(ins, bad)).toThrow(new RegExp(`item ${item.id}:`));
      }),
    );
  });
});

describe('comparing assessments', () => {
  const at = (date: string, answers: AssessmentResponse['answers'], respondent: 'self' | 'staff' = 'staff') =>
    scoreAssessment(builtInInstruments['employment-readiness'], {
      instrumentId: 'employment-readiness',
      instrumentVersion: '1.0.0',
      respondent,
      completedAt: `${date}T10:00:00.000Z`,
      answers,
    });
  const first = at('2026-01-10', { 'wants-work': 2, 'believes-can-keep': 1, 'gets-up': 1, 'on-time': 2, lonely: 4 });
  const later = at('2026-06-10', { 'wants-work': 4, 'believes-can-keep': 3, 'gets-up': 3, 'on-time': 3, lonely: 2 });

  it('distanceTravelled gives the change per domain', () => {
    expect(distanceTravelled(first, later)).toEqual([
      { domain: 'motivation', earlier: 1.5, later: 3.5, change: 2 },
      { domain: 'routines', earlier: 1.5, later: 3, change: 1.5 },
      { domain: 'limitations', earlier: null, later: null, change: null },
      { domain: 'social-ties', earlier: 1, later: 3, change: 2 },
    ]);
    expect(() => distanceTravelled(later, first)).toThrow(/dated before/);
    expect(trajectory([later, first]).motivation!.map((p) => p.score)).toEqual([1.5, 3.5]);
  });

  it('selfStaffGap shows where the person and staff see things differently', () => {
    const self = at('2026-06-10', { 'wants-work': 4, 'believes-can-keep': 4, 'gets-up': 3, 'on-time': 3, lonely: 1 }, 'self');
    const gaps = selfStaffGap(self, later);
    expect(gaps.find((g) => g.domain === 'motivation')).toMatchObject({ self: 4, staff: 3.5, gap: 0.5, differs: true });
    expect(gaps.find((g) => g.domain === 'routines')).toMatchObject({ gap: 0, differs: false });
  });

  it('cohortChange gives the mean change with a t interval', () => {
    const c = cohortChange([
      { earlier: first, later },
      { earlier: first, later: at('2026-06-10', { 'wants-work': 3, 'believes-can-keep': 2, 'gets-up': 1, 'on-time': 2, lonely: 3 }) },
      { earlier: first, later: at('2026-06-10', { 'wants-work': 2, 'believes-can-keep': 2, 'gets-up': 2, 'on-time': 2, lonely: 3 }) },
    ]);
    const m = c.find((x) => x.domain === 'motivation')!;
    // Changes 2, 1, 0.5: mean 7/6, sd √(0.5833…); t(0.975, 2) = 4.302653.
    expect(m.n).toBe(3);
    expect(m.meanChange).toBeCloseTo(7 / 6, 12);
    expect(m.upper! - m.meanChange!).toBeCloseTo((4.302652729749462 * m.sd!) / Math.sqrt(3), 8);
  });
});

describe('assessments in a case', () => {
  it('a recorded assessment opens the stage that requires it', () => {
    const t = builtInTemplates['euse-supported-employment'];
    const scored = scoreAssessment(vp, response({ 'follow-instructions': 3, motivated: 4, 'had-job': false }));
    const events = new CaseHistoryBuilder('c', '2026-01-05T09:00:00Z')
      .add('case.open', { templateId: t.id, templateVersion: 1, providerId: 'p' })
      .add('consent.grant', { purpose: 'service' })
      .add('stage.enter', { stage: 'vocational-profiling' })
      .add('goal.add', { goalId: 'g', title: 'Find work', domain: 'employment', ownerId: 'w', ownerRole: 'coordinator' })
      .add('assessment.record', assessmentRecordPayload('a1', scored))
      .add('stage.enter', { stage: 'job-finding' })
      .build();
    const { state } = replay(t, events);
    expect(state.stage).toBe('job-finding');
    expect(state.assessments[0]).toMatchObject({ instrumentId: 'vocational-profile', respondent: 'staff' });
    expect(state.assessments[0]!.scores!['work-history']).toBe(0);
  });
});
