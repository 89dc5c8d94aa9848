import fc from 'fast-check';
import type { Answer, AssessmentResponse, Instrument, InstrumentItem, ResponseScale } from '../schemas/instrument.schema.js';
import type { LocalizedText } from '../schemas/plan-template.schema.js';
import { LANGUAGES } from '../schemas/vocabulary.js';
import { enabledItems } from './score-assessment.js';

const text: fc.Arbitrary<LocalizedText> = fc
  .tuple(...LANGUAGES.map(() => fc.string({ minLength: 1, maxLength: 12 })))
  .map((t) => Object.fromEntries(LANGUAGES.map((l, i) => [l, t[i]!])));

const scale: fc.Arbitrary<ResponseScale> = fc.oneof(
  fc.uniqueArray(fc.integer({ min: -5, max: 10 }), { minLength: 2, maxLength: 5 }).chain((values) =>
    fc.tuple(...values.map(() => fc.tuple(text, fc.option(text, { nil: undefined })))).map((labels) => ({
      type: 'ordinal' as const,
      points: values.map((value, i) => {
        const [label, easyRead] = labels[i]!;
        return easyRead ? { value, label, easyRead } : { value, label };
      }),
    })),
  ),
  fc.constant({ type: 'yes-no' as const }),
  fc.record({ type: fc.constant('number' as const), min: fc.constant(0), max: fc.integer({ min: 1, max: 100 }), integer: fc.boolean() }),
  fc.constant({ type: 'text' as const, maxLength: 200 }),
  fc.constant({ type: 'date' as const }),
);

/** Random valid instruments in all six languages, with conditional and reverse-scored items. */
export const arbitraryInstrument: fc.Arbitrary<Instrument> = fc
  .record({
    title: text,
    domains: fc.array(fc.record({ title: text, scoring: fc.constantFrom('sum', 'mean', 'percent' as const), minAnswered: fc.double({ min: 0, max: 1, noNaN: true }) }), { minLength: 1, maxLength: 3 }),
    scales: fc.array(scale, { minLength: 1, maxLength: 4 }),
    items: fc.array(fc.record({ domain: fc.nat(), scale: fc.nat(), text, easyRead: text, reverse: fc.boolean(), required: fc.boolean(), condition: fc.nat(9) }), { minLength: 1, maxLength: 8 }),
    direction: fc.constantFrom('need', 'strength' as const),
  })
  .map((r) => {
    const scales = Object.fromEntries(r.scales.map((s, i) => [`s${i}`, s]));
    const items: InstrumentItem[] = [];
    r.items.forEach((it, i) => {
      const scaleId = `s${it.scale % r.scales.length}`;
      const sc = scales[scaleId]!;
      const item: InstrumentItem = { id: `i${i}`, domain: `d${it.domain % r.domains.length}`, text: it.text, easyRead: it.easyRead, scale: scaleId };
      if (it.reverse && (sc.type === 'ordinal' || sc.type === 'yes-no' || sc.type === 'number')) item.reverse = true;
      if (it.required) item.required = true;
      const source = items[it.condition % Math.max(1, items.length)];
      if (it.condition < 4 && source) {
        const s = scales[source.scale]!;
        const value: Answer | null = s.type === 'ordinal' ? s.points[0]!.value : s.type === 'yes-no' ? true : null;
        if (value !== null) item.enableWhen = [{ item: source.id, operator: it.condition % 2 ? '!=' : '=', value }];
      }
      items.push(item);
    });
    const domains = r.domains.map((d, i) => ({ id: `d${i}`, ...d })).filter((d) => items.some((it) => it.domain === d.id));
    for (const id of Object.keys(scales)) if (!items.some((it) => it.scale === id)) delete scales[id];
    return { id: 'random', version: '1', title: r.title, languages: [...LANGUAGES], respondents: ['self', 'staff'], direction: r.direction, scales, domains, items } satisfies Instrument;
  });

/** A valid answer for a scale, chosen by `n`. */
export function answerFor(scale: ResponseScale, n: number): Answer {
  switch (scale.type) {
    case 'ordinal':
      return scale.points[n % scale.points.length]!.value;
    case 'yes-no':
      return n % 2 === 0;
    case 'number':
      return scale.integer ? (scale.min ?? 0) + (n % ((scale.max ?? 10) - (scale.min ?? 0) + 1)) : (scale.min ?? 0) + ((n % 100) / 100) * ((scale.max ?? 1) - (scale.min ?? 0));
    case 'text':
      return `answer ${n}`;
    case 'date':
      return `2026-0${1 + (n % 9)}-1${n % 10}`;
  }
}

/** Random valid responses: each shown item answered or skipped, required shown items always answered. */
export function arbitraryResponse(instrument: Instrument): fc.Arbitrary<AssessmentResponse> {
  return fc.array(fc.nat(1000), { minLength: instrument.items.length, maxLength: instrument.items.length }).map((ns) => {
    const answers: Record<string, Answer> = {};
    instrument.items.forEach((item, i) => {
      const shown = enabledItems(instrument, answers).has(item.id);
      if (!shown) return;
      if (item.required || ns[i]! % 4 !== 0) answers[item.id] = answerFor(instrument.scales[item.scale]!, ns[i]!);
    });
    return { instrumentId: instrument.id, instrumentVersion: instrument.version, respondent: ns[0]! % 2 ? 'self' : 'staff', completedAt: '2026-05-04T10:00:00.000Z', answers };
  });
}
