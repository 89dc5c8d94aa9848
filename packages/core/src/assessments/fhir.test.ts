import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtInInstruments } from './built-in/index.js';
import { fromQuestionnaire, fromQuestionnaireResponse, toQuestionnaire, toQuestionnaireResponse, type FhirValueSet, type Questionnaire, type QuestionnaireResponse } from './fhir.js';
import { scoreAssessment } from './score-assessment.js';
import { arbitraryInstrument, arbitraryResponse } from './arbitrary-instrument.test-helper.js';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T;
const phq9Answers = fixture<FhirValueSet>('loinc-LL358-3.json');
/** Questionnaires from the HL7 SDC implementation guide (npm hl7.fhir.uv.sdc@4.0.0-ballot). */
const SDC = ['sdc-profile-example-PHQ9', 'sdc-profile-example-item-weight', 'sdc-test-enableWhen', 'sdc-test-nested-groups', 'sdc-test-initialvalue', 'sdc-profile-example-loinc'];
const sdc = (name: string) => fixture<Questionnaire>(`sdc-Questionnaire-questionnaire-${name}.json`);
const linkIds = (items: readonly { linkId: string; item?: readonly unknown[] }[] | undefined): string[] =>
  (items ?? []).flatMap((it) => [it.linkId, ...linkIds(it.item as { linkId: string }[] | undefined)]);

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
    const files = [
      ...['zika-virus-exposure-assessment', 'f201', 'bb', '3141', 'phq-9-questionnaire', 'gcs'].map((n) => `fhir-r4-Questionnaire-${n}.json`),
      ...SDC.map((n) => `sdc-Questionnaire-questionnaire-${n}.json`),
    ];
    for (const name of files) {
      const q = fixture<Questionnaire>(name);
      const { instrument, warnings } = fromQuestionnaire(q);
      const imported = new Set(instrument.items.map((it) => it.linkId ?? it.id));
      const domains = new Set(instrument.domains.map((d) => d.linkId ?? d.id));
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

describe('FHIR R4: the SDC implementation guide’s questionnaires', () => {
  it('imports PHQ-9 whose linkIds contain "/" (H1/T1/Q1), keeps them, and scores its published response', () => {
    const q = sdc('sdc-profile-example-PHQ9');
    const { instrument, warnings } = fromQuestionnaire(q);
    expect(instrument.items.map((it) => [it.id, it.linkId])).toEqual(Array.from({ length: 9 }, (_, i) => [`H1-T1-Q${i + 1}`, `H1/T1/Q${i + 1}`]));
    expect(instrument.domains).toMatchObject([{ id: 'H1-T1', linkId: 'H1/T1' }]);
    // The calculated total (a quantity) is listed, not asked.
    expect(warnings.find((w) => w.linkId === 'H1/TS')?.message).toMatch(/calculated item/);
    // Exported again, every imported linkId comes back as published.
    const back = toQuestionnaire(instrument);
    expect(linkIds(back.item)).toEqual(linkIds(q.item).filter((l) => l !== 'H1/TS'));
    const published = fixture<QuestionnaireResponse>('sdc-QuestionnaireResponse-questionnaireresponse-sdc-profile-example-PHQ9.json');
    expect(() => fromQuestionnaireResponse(published, instrument)).toThrow(/item H1\/TS: not an item .* pass it in options.ignoreItems/);
    const response = fromQuestionnaireResponse(published, instrument, { ignoreItems: ['H1/TS'] });
    expect(Object.keys(response.answers)).toHaveLength(9);
    expect(response.answers['H1-T1-Q7']).toBe(4); // "Nearly every day", fourth option (scored by order, as warned)
    const again = toQuestionnaireResponse(instrument, response);
    expect(linkIds(again.item)).toEqual(['H1/T1', ...Array.from({ length: 9 }, (_, i) => `H1/T1/Q${i + 1}`)]);
    expect(fromQuestionnaireResponse(again, instrument).answers).toEqual(response.answers);
    expect(scoreAssessment(instrument, response).domains['H1-T1']).toMatchObject({ status: 'scored', answered: 9 });
  });

  it('keeps the conditions of nested groups on their items, with enableBehavior any or all', () => {
    const { instrument, warnings } = fromQuestionnaire(sdc('sdc-test-enableWhen'));
    const byLink = new Map(instrument.items.map((it) => [it.linkId ?? it.id, it]));
    // A group shown when a boolean is true: its string item inherits the condition.
    expect(byLink.get('65578509-21ae-4a48-94de-e46b1e54kjui')!.enableWhen).toEqual([{ item: '83d5c1a6-5dc3-44d0-9d9e-d687c72e143e', operator: '=', value: true }]);
    // A choice compared with an option's code as a string ("2") gets that option's value.
    const s1 = instrument.scales[byLink.get('s1-radio')!.scale]!;
    const two = s1.type === 'ordinal' ? s1.points.find((p) => p.code?.code === '2')!.value : null;
    expect(byLink.get('e5da17a7-7546-45c5-9bcd-d0b09a74ty76')!.enableWhen).toEqual([{ item: 's1-radio', operator: '=', value: two }]);
    // enableBehavior "any" with several conditions survives.
    expect(byLink.get('date_greater_2000-01-01')).toMatchObject({ enableBehavior: 'any' });
    // Unsupported types and unmatched answers are named, not dropped silently.
    expect(warnings.some((w) => w.linkId === 'datetime_question' && /"time" is not supported/.test(w.message))).toBe(true);
    expect(warnings.some((w) => /enableWhen answer ASKU is not an option/.test(w.message))).toBe(true);
  });

  it('names default answers, repeats, calculated totals and external value sets it does not keep', () => {
    const initial = fromQuestionnaire(sdc('sdc-test-initialvalue')).warnings;
    expect(initial.filter((w) => w.message.startsWith('initial')).map((w) => w.linkId)).toEqual(['1acf93a7-0890-44cd-be48-542defb35248', 'init-val-string']);
    expect(initial.some((w) => /answer value set http.* is not contained; pass it in options.valueSets/.test(w.message))).toBe(true);
    const nested = fromQuestionnaire(sdc('sdc-test-nested-groups')).warnings;
    expect(nested.filter((w) => w.message.startsWith('repeating group')).length).toBe(2);
    const weight = fromQuestionnaire(sdc('sdc-profile-example-item-weight'));
    expect(weight.warnings.find((w) => w.linkId === '6')?.message).toMatch(/calculated item/);
    expect(weight.instrument.items.map((it) => it.id)).toEqual(['1.1', '1.2', '1.3', '1.4']);
  });

  it('refuses a questionnaire with nothing to import, saying so', () => {
    expect(() => fromQuestionnaire(fixture('sdc-Questionnaire-questionnaire-sdc-profile-example-PHQ9-search.json'))).toThrow(/has no items Casepath can import \(it has no items at all\)/);
  });

  it('round-trips any linkId FHIR allows (any text up to 255 characters), ids made safe and unique', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 255 }).filter((s) => /\S/.test(s)), { minLength: 1, maxLength: 8 }), (ids) => {
        const q: Questionnaire = {
          resourceType: 'Questionnaire',
          id: 'any-links',
          status: 'active',
          item: [{ linkId: 'group', type: 'group', text: 'G', item: ids.map((linkId) => ({ linkId, type: 'integer', text: 'How many?' })) }],
        };
        if (ids.includes('group')) return;
        const { instrument } = fromQuestionnaire(q);
        expect(new Set(instrument.items.map((it) => it.id)).size).toBe(ids.length);
        expect(linkIds(toQuestionnaire(instrument).item).slice(1)).toEqual(ids);
      }),
    );
  });
});

