import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtInInstruments } from './built-in/index.js';
import { fromQuestionnaire, fromQuestionnaireResponse, toQuestionnaire, toQuestionnaireResponse, type FhirValueSet, type Questionnaire, type QuestionnaireResponse } from './fhir.js';
import { scoreAssessment } from './score-assessment.js';
import { arbitraryInstrument, arbitraryResponse } from './arbitrary-instrument.test-helper.js';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T;
const phq9Answers = fixture<FhirValueSet>('loinc-LL358-3.json');

describe('FHIR R4: our instruments', () => {
  it.each(Object.values(builtInInstruments))('$id round-trips through a Questionnaire without loss', (instrument) => {
    for (const lang of ['en', 'lt'] as const) {
      const q = toQuestionnaire(instrument, { lang });
      expect(q.resourceType).toBe('Questionnaire');
      expect(q.language).toBe(lang);
      expect(q.item![0]!.type).toBe('group');
      const back = fromQuestionnaire(JSON.parse(JSON.stringify(q)) as Questionnaire);
      expect(back.warnings).toEqual([]);
      expect(back.instrument).toEqual(instrument);
    }
  });

  it('writes texts in the chosen language and the others as standard translations', () => {
    const q = toQuestionnaire(builtInInstruments['employment-readiness'], { lang: 'pl' });
    const item = q.item![0]!.item![0]!;
    expect(item.text).toBe('Chcę pracować');
    const ru = item._text!.extension!.find((e) => e.extension!.some((x) => x.valueCode === 'ru'))!;
    expect(ru.url).toBe('http://hl7.org/fhir/StructureDefinition/translation');
    expect(ru.extension!.find((x) => x.url === 'content')!.valueString).toBe('Я хочу работать');
  });

  it('random valid instruments survive the round trip', () => {
    fc.assert(
      fc.property(arbitraryInstrument, fc.constantFrom('en', 'ru', 'de' as const), (instrument, lang) => {
        const back = fromQuestionnaire(JSON.parse(JSON.stringify(toQuestionnaire(instrument, { lang }))) as Questionnaire);
        expect(back.warnings).toEqual([]);
        expect(back.instrument).toEqual(instrument);
      }),
      { numRuns: 150 },
    );
  });

  it('responses round-trip through a QuestionnaireResponse and score the same', () => {
    fc.assert(
      fc.property(arbitraryInstrument.chain((ins) => fc.tuple(fc.constant(ins), arbitraryResponse(ins))), ([ins, response]) => {
        const qr = JSON.parse(JSON.stringify(toQuestionnaireResponse(ins, response))) as QuestionnaireResponse;
        const back = fromQuestionnaireResponse(qr, ins);
        expect(back).toEqual(response);
        expect(scoreAssessment(ins, back)).toEqual(scoreAssessment(ins, response));
      }),
      { numRuns: 150 },
    );
  });

  it('names the linkId of a response answer that does not fit', () => {
    const ins = builtInInstruments['workshop-participation'];
    const qr: QuestionnaireResponse = {
      resourceType: 'QuestionnaireResponse',
      status: 'completed',
      authored: '2026-03-01T10:00:00Z',
      item: [{ linkId: 'skills', item: [{ linkId: 'finishes', answer: [{ valueCoding: { system: 'urn:casepath:scale:agreement', code: '9' } }] }, { linkId: 'juggling', answer: [{ valueBoolean: true }] }] }],
    };
    expect(() => fromQuestionnaireResponse(qr, ins)).toThrow(/item finishes: answer code 9 is not an option[\s\S]*item juggling: not an item/);
    expect(() => fromQuestionnaireResponse({ ...qr, authored: undefined, item: [] }, ins)).toThrow(/no valid `authored` date/);
  });
});

describe('FHIR R4: Questionnaires published elsewhere (FHIR R4 examples, CC0)', () => {
  it('imports PHQ-9 with its LOINC answer list supplied, codes kept, and scores a response', () => {
    const { instrument, warnings } = fromQuestionnaire(fixture('fhir-r4-Questionnaire-phq-9-questionnaire.json'), {
      valueSets: { 'http://loinc.org/vs/LL358-3': phq9Answers },
    });
    expect(instrument.items).toHaveLength(10);
    const first = instrument.items[0]!;
    expect(first).toMatchObject({ id: 'LittleInterest', required: true, code: [{ system: 'http://loinc.org', code: '44250-9' }] });
    expect(instrument.scales[first.scale]).toMatchObject({ type: 'ordinal', points: [{ value: 0, code: { code: 'LA6568-5' } }, {}, {}, { value: 3 }] });
    expect(warnings.every((w) => w.linkId && w.message)).toBe(true);
    const answers: Record<string, number> = Object.fromEntries(instrument.items.filter((it) => instrument.scales[it.scale]!.type === 'ordinal').map((it) => [it.id, 2]));
    const response = { instrumentId: instrument.id, instrumentVersion: instrument.version, respondent: 'self' as const, completedAt: '2026-01-01T00:00:00.000Z', answers };
    // The total is a required item of its own: leaving it out is an error naming it.
    expect(() => scoreAssessment(instrument, response)).toThrow(/item TotalScore: is required/);
    answers.TotalScore = 18;
    // A generic import scores every item, the PHQ-9's own total included: nine items at 2, plus 18.
    expect(scoreAssessment(instrument, response).domains.main!.score).toBe(36);
  });

  it('without the answer list, keeps PHQ-9 items as free text and says so per linkId', () => {
    const { instrument, warnings } = fromQuestionnaire(fixture('fhir-r4-Questionnaire-phq-9-questionnaire.json'));
    expect(instrument.items).toHaveLength(10);
    expect(warnings.filter((w) => /not contained; pass it in options.valueSets/.test(w.message)).map((w) => w.linkId)).toContain('LittleInterest');
  });

  it('imports the Glasgow Coma Score from contained ValueSets, scoring options by their order', () => {
    const { instrument, warnings } = fromQuestionnaire(fixture('fhir-r4-Questionnaire-gcs.json'));
    expect(instrument.items.map((it) => it.id)).toEqual(['1.1', '1.2', '1.3']);
    const motor = instrument.scales[instrument.items.find((it) => it.id === '1.2')!.scale]!;
    expect(motor).toMatchObject({ type: 'ordinal' });
    expect(motor.type === 'ordinal' && motor.points.map((p) => p.value)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(warnings.filter((w) => w.message.includes('scored by their order')).map((w) => w.linkId)).toEqual(['1.1', '1.2', '1.3']);
    const response = fromQuestionnaireResponse(fixture('fhir-r4-QuestionnaireResponse-gcs.json'), instrument);
    expect(Object.keys(response.answers).sort()).toEqual(['1.1', '1.2', '1.3']);
    expect(scoreAssessment(instrument, response).domains.main!.score).toBeGreaterThan(2);
  });

  it('lists every item it cannot represent, never dropping one silently', () => {
    for (const name of ['zika-virus-exposure-assessment', 'f201', 'bb', '3141', 'phq-9-questionnaire', 'gcs']) {
      const q = fixture<Questionnaire>(`fhir-r4-Questionnaire-${name}.json`);
      const { instrument, warnings } = fromQuestionnaire(q);
      const imported = new Set(instrument.items.map((it) => it.id));
      const domains = new Set(instrument.domains.map((d) => d.id));
      const warned = new Set(warnings.map((w) => w.linkId));
      const walk = (items: Questionnaire['item']) => {
        for (const it of items ?? []) {
          if (it.type === 'group') expect(domains.has(it.linkId) || warned.has(it.linkId), `${name}: group ${it.linkId}`).toBe(true);
          else expect(imported.has(it.linkId) || warned.has(it.linkId), `${name}: item ${it.linkId}`).toBe(true);
          walk(it.item);
        }
      };
      walk(q.item);
    }
    const zika = fromQuestionnaire(fixture('fhir-r4-Questionnaire-zika-virus-exposure-assessment.json'));
    expect(zika.warnings.some((w) => w.message.includes('item type "quantity" is not supported'))).toBe(true);
    expect(zika.instrument.items.some((it) => it.enableWhen)).toBe(true);
    const bb = fromQuestionnaire(fixture('fhir-r4-Questionnaire-bb.json'));
    expect(bb.warnings.some((w) => w.message.includes('"dateTime" is not supported'))).toBe(true);
    expect(bb.warnings.some((w) => w.message.startsWith('nested group flattened'))).toBe(true);
  });

  it('names the linkId when a published response answers an item its questionnaire lacks', () => {
    // The R4 example response f201 answers an item 1.1 that Questionnaire f201 does not have.
    const { instrument } = fromQuestionnaire(fixture('fhir-r4-Questionnaire-f201.json'));
    const response = fixture<QuestionnaireResponse>('fhir-r4-QuestionnaireResponse-f201.json');
    expect(() => fromQuestionnaireResponse(response, instrument)).toThrow(/item 1\.1: not an item of instrument "f201"/);
    const fixed = { ...response, item: response.item!.map((g) => ({ ...g, item: g.item?.filter((it) => it.linkId !== '1.1') })) };
    const r = fromQuestionnaireResponse(fixed, instrument);
    expect(Object.keys(r.answers).length).toBeGreaterThan(3);
    expect(r.respondent).toBe('staff'); // its source is a Practitioner
  });
});
