// Every parser of outside data (stored events, templates, instruments, FHIR resources, aggregate
// files, NDJSON and CSV exports) gets arbitrary and hostile input: it must answer with its own
// clear error (or a result), never crash with a TypeError, never hang, and never let a
// `__proto__` or `constructor` key reach Object.prototype.
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { AggregateError, parseAggregateFile } from '../aggregates/aggregate-file.js';
import { builtInInstruments } from '../assessments/built-in/index.js';
import { FhirError, fromQuestionnaire, fromQuestionnaireResponse, toQuestionnaire, type Questionnaire, type QuestionnaireResponse } from '../assessments/fhir.js';
import { InstrumentError, parseInstrument, validateInstrument } from '../assessments/validate-instrument.js';
import { CaseEventParseError, parseCaseEvent, parseCaseEvents } from '../case/parse-case-events.js';
import { ExportRowError, readEventExport } from '../cli/read-export.js';
import { builtInTemplates } from '../templates/built-in/index.js';
import { parseTemplate, TemplateError, validateTemplate } from '../templates/validate-template.js';
import { defaultFirstContactForm } from '../intake/default-first-contact-form.js';
import { FirstContactForm } from '../intake/first-contact-form.schema.js';
import { FirstContact } from '../intake/first-contact.schema.js';
import type { FirstContact as FirstContactType } from '../intake/first-contact.schema.js';
import { createIntakeKey, SealedFirstContact, sealFirstContact } from '../intake/sealed-intake.js';

const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

/** JSON values, with hostile keys mixed into objects (as JSON.parse would give them: own keys). */
const hostileJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 2 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 8 })), tie('value'), { maxKeys: 5 }),
  ),
})).value.map((v) => JSON.parse(JSON.stringify(v)) as unknown);

/** The paths to a document's fields (the first `items` of each list, the first 12 of each object). */
function fieldPaths(base: unknown, items = 4): (string | number)[][] {
  const paths: (string | number)[][] = [];
  const walk = (v: unknown, path: (string | number)[]) => {
    paths.push(path);
    if (Array.isArray(v)) v.slice(0, items).forEach((x, i) => walk(x, [...path, i]));
    else if (v && typeof v === 'object') Object.entries(v).slice(0, 12).forEach(([k, x]) => walk(x, [...path, k]));
  };
  walk(base, []);
  return paths;
}

/** A copy of `base` with the field at `path` replaced by `value`. */
function replaced(base: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = JSON.parse(JSON.stringify(base)) as Record<string | number, unknown>;
  let at = copy;
  for (const p of path.slice(0, -1)) at = at[p] as Record<string | number, unknown>;
  at[path[path.length - 1]!] = value;
  return copy;
}

/**
 * Where a string or a list belongs, something with a `length` that cannot be compared with a
 * number: zod's own length checks threw a TypeError on it (found by the fuzz test in CI).
 */
const HOSTILE_LENGTHS: unknown[] = JSON.parse('[{"length":[[{"toString":null}]]},{"length":{"toString":null,"valueOf":null}}]') as unknown[];

/** A valid document with one field somewhere replaced by something hostile. */
function mutated<T>(base: T): fc.Arbitrary<unknown> {
  const paths = fieldPaths(base);
  return fc.tuple(fc.constantFrom(...paths), fc.oneof(hostileJson, fc.constantFrom(...HOSTILE_LENGTHS)), fc.constantFrom(...HOSTILE_KEYS)).map(([path, value, key]) => {
    const copy = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
    if (path.length === 0) return value;
    let at: Record<string | number, unknown> = copy;
    for (const p of path.slice(0, -1)) at = at[p] as Record<string | number, unknown>;
    at[path[path.length - 1]!] = value;
    // And a hostile own key beside it, as JSON.parse makes one.
    if (typeof at === 'object' && at !== null && !Array.isArray(at)) Object.defineProperty(at, key, { value: { polluted: true }, enumerable: true, configurable: true, writable: true });
    return copy;
  });
}

/** Runs `fn`; it may return or throw one of `allowed`, with a message, but nothing else. */
function answersClearly(fn: () => unknown, allowed: (new (...args: never[]) => Error)[]): void {
  try {
    fn();
  } catch (error) {
    expect(allowed.some((E) => error instanceof E), `unexpected ${(error as Error).name}: ${(error as Error).message}`).toBe(true);
    expect((error as Error).message.length).toBeGreaterThan(10);
  }
}

afterEach(() => {
  for (const k of ['polluted', 'isAdmin']) expect(Object.prototype).not.toHaveProperty(k);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

const template = builtInTemplates['euse-supported-employment'];
const instrument = builtInInstruments['vocational-profile'];
const event = { schemaVersion: 1, id: 'e1', caseId: 'c1', seq: 0, type: 'case.open', at: '2026-01-05T09:00:00.000Z', actor: { id: 'ewa', role: 'coordinator' }, payload: { templateId: template.id, templateVersion: 1, providerId: 'p' } };

describe('parsers of outside data, fuzzed', () => {
  it('stored events: parseCaseEvent and parseCaseEvents', () => {
    fc.assert(
      fc.property(fc.oneof(hostileJson, mutated(event)), (raw) => {
        answersClearly(() => parseCaseEvent(raw), [CaseEventParseError]);
        const r = parseCaseEvents([raw, event]);
        expect(r.events.length + r.problems.length).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it('templates and instruments: validate and parse', () => {
    fc.assert(
      fc.property(fc.oneof(hostileJson, mutated(template)), (raw) => {
        const v = validateTemplate(raw);
        if (!v.ok) for (const p of v.problems) expect(p.message).toMatch(/\S/);
        answersClearly(() => parseTemplate(raw), [TemplateError]);
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.oneof(hostileJson, mutated(instrument)), (raw) => {
        const v = validateInstrument(raw);
        if (!v.ok) for (const p of v.problems) expect(p.message).toMatch(/\S/);
        answersClearly(() => parseInstrument(raw), [InstrumentError]);
      }),
      { numRuns: 200 },
    );
  });

  it('templates and instruments whose id cannot be printed (found by the fuzz test)', () => {
    const hostileId = { id: [{ toString: [] }] };
    expect(() => parseInstrument({ ...instrument, ...hostileId })).toThrow(/an id that is a list/);
    expect(() => parseTemplate({ ...template, ...hostileId })).toThrow(/an id that is a list/);
  });

  it('FHIR Questionnaires and responses', () => {
    const q = toQuestionnaire(instrument);
    fc.assert(
      fc.property(fc.oneof(hostileJson, mutated(q)), (raw) => {
        answersClearly(() => fromQuestionnaire(raw as Questionnaire), [InstrumentError, FhirError]);
      }),
      { numRuns: 200 },
    );
    const response: QuestionnaireResponse = { resourceType: 'QuestionnaireResponse', status: 'completed', authored: '2026-01-05T09:00:00Z', item: [{ linkId: instrument.items[0]!.id, answer: [{ valueInteger: 2 }] }] };
    fc.assert(
      fc.property(fc.oneof(hostileJson, mutated(response)), (raw) => {
        answersClearly(() => fromQuestionnaireResponse(raw as QuestionnaireResponse, instrument), [FhirError]);
      }),
      { numRuns: 200 },
    );
  });

  it('aggregate files', () => {
    const file = { format: 'casepath-aggregate', formatVersion: 1, casepathVersion: '0.1.0', providerId: 'p', asOf: '2026-06-30', templates: [], settings: { horizonDays: 365, maxGapDays: 0 }, threshold: 5, mergeable: false, published: [] };
    fc.assert(
      fc.property(fc.oneof(hostileJson, mutated(file)), (raw) => {
        answersClearly(() => parseAggregateFile(raw, 'x.json'), [AggregateError]);
      }),
      { numRuns: 200 },
    );
  });

  it('NDJSON and CSV exports', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.string({ maxLength: 60 }), hostileJson.map((v) => JSON.stringify(v)), mutated(event).map((v) => JSON.stringify(v))), { maxLength: 5 }), fc.constantFrom<'ndjson' | 'csv'>('ndjson', 'csv'), async (lines, format) => {
        try {
          await readEventExport(Readable.from([lines.join('\n')]), { format });
        } catch (error) {
          expect(error instanceof ExportRowError, `unexpected ${(error as Error).name}: ${(error as Error).message}`).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });
  it('a value with a hostile length in place of any field, in every parser: the usual error, never a TypeError', async () => {
    const q = toQuestionnaire(instrument);
    const response = { resourceType: 'QuestionnaireResponse', status: 'completed', authored: '2026-01-05T09:00:00Z', item: [{ linkId: instrument.items[0]!.id, answer: [{ valueInteger: 2 }] }] };
    const file = { format: 'casepath-aggregate', formatVersion: 1, casepathVersion: '0.1.0', providerId: 'p', asOf: '2026-06-30', templates: [], settings: { horizonDays: 365, maxGapDays: 0 }, threshold: 5, mergeable: false, published: [] };
    const contact = { formId: 'casepath-first-contact', formVersion: 1, lang: 'pl', name: 'Marta', contact: { way: 'phone', detail: '+48 601 234 567' }, help: ['work'], accessNeeds: ['step-free'], consent: { service: true }, consentVersion: 'casepath-first-contact-1', sentAt: '2026-12-01T10:00:00.000Z' };
    const key = await createIntakeKey('a passphrase for the fuzz test');
    const sealed = await sealFirstContact(contact as FirstContactType, { provider: 'warsaw', keyId: key.keyId, publicKey: key.publicKey });
    const parsers: [string, unknown, (raw: unknown) => unknown, (new (...args: never[]) => Error)[]][] = [
      ['event', event, parseCaseEvent, [CaseEventParseError]],
      ['template', template, parseTemplate, [TemplateError]],
      ['instrument', instrument, parseInstrument, [InstrumentError]],
      ['Questionnaire', q, (raw) => fromQuestionnaire(raw as Questionnaire), [InstrumentError, FhirError]],
      ['QuestionnaireResponse', response, (raw) => fromQuestionnaireResponse(raw as QuestionnaireResponse, instrument), [FhirError]],
      ['aggregate file', file, (raw) => parseAggregateFile(raw, 'x.json'), [AggregateError]],
      ['first-contact form', defaultFirstContactForm, (raw) => FirstContactForm.safeParse(raw), []],
      ['first contact', contact, (raw) => FirstContact.safeParse(raw), []],
      ['sealed first contact', sealed, (raw) => SealedFirstContact.safeParse(raw), []],
    ];
    let tried = 0;
    for (const [what, sample, parse, allowed] of parsers) {
      if (allowed.length === 0) expect((parse(sample) as { success: boolean }).success, `the ${what} sample is valid`).toBe(true);
      for (const path of fieldPaths(sample, 1)) {
        for (const hostile of HOSTILE_LENGTHS) {
          try {
            parse(replaced(sample, path, hostile));
          } catch (error) {
            expect(allowed.some((E) => error instanceof E), `${what} at ${path.join('.') || '(whole)'}: ${(error as Error).name}: ${(error as Error).message}`).toBe(true);
          }
          tried++;
        }
      }
    }
    expect(tried).toBeGreaterThan(500);
  });
});

