import type * as z from 'zod/mini';
import { describeValue, listProblems, problemsFromZod } from '../validation/problem.js';
import { FhirValueSetSchema, QuestionnaireResponseSchema, QuestionnaireSchema } from './fhir-input.schema.js';
import { ENABLE_OPERATORS } from '../schemas/instrument.schema.js';
import type {
  Answer,
  AssessmentResponse,
  EnableWhen,
  Instrument,
  InstrumentDomain,
  InstrumentItem,
  ResponseScale,
  ScalePoint,
} from '../schemas/instrument.schema.js';
import type { LocalizedText } from '../schemas/plan-template.schema.js';
import { LANGUAGES, type Language } from '../schemas/vocabulary.js';
import { parseInstrument } from './validate-instrument.js';

/* Minimal FHIR R4 shapes: only the parts Casepath reads and writes. */
export interface FhirExtension {
  url: string;
  valueString?: string;
  valueCode?: string;
  valueBoolean?: boolean;
  valueDecimal?: number;
  valueInteger?: number;
  valueCoding?: FhirCoding;
  _valueString?: FhirElement;
  extension?: FhirExtension[];
}
export interface FhirElement {
  extension?: FhirExtension[];
}
export interface FhirCoding {
  system?: string;
  code?: string;
  display?: string;
  _display?: FhirElement;
  extension?: FhirExtension[];
}
export interface FhirAnswerOption {
  valueCoding?: FhirCoding;
  valueString?: string;
  valueInteger?: number;
  valueDate?: string;
  extension?: FhirExtension[];
}
export interface FhirEnableWhen {
  question: string;
  operator: string;
  answerBoolean?: boolean;
  answerDecimal?: number;
  answerInteger?: number;
  answerDate?: string;
  answerString?: string;
  answerCoding?: FhirCoding;
}
export interface QuestionnaireItem {
  linkId: string;
  text?: string;
  _text?: FhirElement;
  type: string;
  prefix?: string;
  code?: FhirCoding[];
  required?: boolean;
  repeats?: boolean;
  /** Default answers (read only to say they are not kept). */
  initial?: unknown[];
  readOnly?: boolean;
  maxLength?: number;
  enableWhen?: FhirEnableWhen[];
  enableBehavior?: 'all' | 'any';
  answerOption?: FhirAnswerOption[];
  answerValueSet?: string;
  extension?: FhirExtension[];
  item?: QuestionnaireItem[];
}
export interface FhirValueSet {
  resourceType: 'ValueSet';
  id?: string;
  url?: string;
  compose?: { include?: { system?: string; concept?: { code: string; display?: string; extension?: FhirExtension[] }[] }[] };
  expansion?: { contains?: { system?: string; code?: string; display?: string; extension?: FhirExtension[] }[] };
}
export interface Questionnaire {
  resourceType: 'Questionnaire';
  id?: string;
  url?: string;
  version?: string;
  name?: string;
  title?: string;
  _title?: FhirElement;
  description?: string;
  _description?: FhirElement;
  status: string;
  language?: string;
  contained?: (FhirValueSet | { resourceType: string; id?: string })[];
  extension?: FhirExtension[];
  item?: QuestionnaireItem[];
}
export interface QuestionnaireResponseItem {
  linkId: string;
  text?: string;
  answer?: {
    valueBoolean?: boolean;
    valueDecimal?: number;
    valueInteger?: number;
    valueDate?: string;
    valueString?: string;
    valueCoding?: FhirCoding;
  }[];
  item?: QuestionnaireResponseItem[];
}
export interface QuestionnaireResponse {
  resourceType: 'QuestionnaireResponse';
  id?: string;
  source?: { reference?: string };
  questionnaire?: string;
  status: string;
  authored?: string;
  language?: string;
  extension?: FhirExtension[];
  item?: QuestionnaireResponseItem[];
}

const HL7 = 'http://hl7.org/fhir/StructureDefinition/';
const TRANSLATION = `${HL7}translation`;
const ORDINAL = `${HL7}ordinalValue`;
const ITEM_WEIGHT = `${HL7}itemWeight`;
const CO_VALUE = `${HL7}iso21090-CO-value`;
const CALCULATED = 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression';
const MIN_VALUE = `${HL7}minValue`;
const MAX_VALUE = `${HL7}maxValue`;
const UNIT = `${HL7}questionnaire-unit`;
/** Casepath's own extensions, for what FHIR has no element for. */
export const CASEPATH_EXTENSION = 'https://casepath.dev/fhir/StructureDefinition/';
const EXT = {
  easyRead: `${CASEPATH_EXTENSION}easy-read`,
  reverse: `${CASEPATH_EXTENSION}reverse-scored`,
  scale: `${CASEPATH_EXTENSION}scale`,
  scoring: `${CASEPATH_EXTENSION}domain-scoring`,
  order: `${CASEPATH_EXTENSION}item-order`,
  instrument: `${CASEPATH_EXTENSION}instrument`,
  respondent: `${CASEPATH_EXTENSION}respondent`,
  healthData: `${CASEPATH_EXTENSION}health-data`,
} as const;

export function instrumentCanonical(id: string): string {
  return `urn:casepath:instrument:${id}`;
}
const scaleSystem = (scaleId: string) => `urn:casepath:scale:${scaleId}`;

/* ---------- writing ---------- */

function translations(text: LocalizedText | undefined, lang: Language): FhirElement | undefined {
  if (!text) return undefined;
  const ext = LANGUAGES.filter((l) => l !== lang && text[l]).map((l) => ({
    url: TRANSLATION,
    extension: [
      { url: 'lang', valueCode: l },
      { url: 'content', valueString: text[l]! },
    ],
  }));
  return ext.length ? { extension: ext } : undefined;
}

function localized(text: LocalizedText | undefined, lang: Language): { text?: string; _text?: FhirElement } {
  if (!text) return {};
  const main = text[lang] ?? Object.values(text)[0];
  const t = translations(text, lang);
  return { ...(main === undefined ? {} : { text: main }), ...(t ? { _text: t } : {}) };
}

function localizedExtension(url: string, text: LocalizedText | undefined, lang: Language): FhirExtension[] {
  if (!text) return [];
  const { text: main, _text } = localized(text, lang);
  return [{ url, valueString: main ?? '', ...(_text ? { _valueString: _text } : {}) }];
}

function answerFor(scaleId: string, scale: ResponseScale, value: Answer): Partial<FhirEnableWhen> {
  if (scale.type === 'ordinal') {
    const point = scale.points.find((p) => p.value === value);
    return { answerCoding: point?.code ? { ...point.code } : { system: scaleSystem(scaleId), code: String(value) } };
  }
  if (typeof value === 'boolean') return { answerBoolean: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { answerInteger: value } : { answerDecimal: value };
  if (scale.type === 'date') return { answerDate: value };
  return { answerString: value };
}

function itemType(scale: ResponseScale): string {
  switch (scale.type) {
    case 'ordinal':
      return 'choice';
    case 'yes-no':
      return 'boolean';
    case 'number':
      return scale.integer ? 'integer' : 'decimal';
    case 'text':
      return 'text';
    case 'date':
      return 'date';
  }
}

function toItem(ins: Instrument, item: InstrumentItem, lang: Language): QuestionnaireItem {
  const scale = ins.scales[item.scale]!;
  const byId = new Map(ins.items.map((it) => [it.id, it]));
  const q: QuestionnaireItem = { linkId: item.linkId ?? item.id, ...localized(item.text, lang), type: itemType(scale) };
  if (item.code) q.code = item.code.map((c) => ({ ...c }));
  if (item.required) q.required = true;
  if (item.enableWhen) {
    q.enableWhen = item.enableWhen.map((c) => {
      const source = byId.get(c.item);
      const sourceScale = source ? ins.scales[source.scale]! : scale;
      const answer = c.operator === 'exists' ? { answerBoolean: c.value !== false } : answerFor(source?.scale ?? item.scale, sourceScale, c.value);
      return { question: source?.linkId ?? c.item, operator: c.operator, ...answer };
    });
    if (item.enableBehavior) q.enableBehavior = item.enableBehavior;
    else if (item.enableWhen.length > 1) q.enableBehavior = 'all';
  }
  const ext: FhirExtension[] = [
    { url: EXT.scale, valueString: item.scale },
    // Items are grouped by domain in FHIR; their position in the instrument is kept here.
    { url: EXT.order, valueInteger: ins.items.indexOf(item) },
    ...localizedExtension(EXT.easyRead, item.easyRead, lang),
  ];
  if (item.reverse) ext.push({ url: EXT.reverse, valueBoolean: true });
  if (item.healthData) ext.push({ url: EXT.healthData, valueBoolean: true });
  if (scale.type === 'ordinal') {
    q.answerOption = scale.points.map((p) => {
      const display = localized(p.label, lang);
      const coding: FhirCoding = p.code
        ? { ...p.code, display: display.text ?? p.code.display }
        : { system: scaleSystem(item.scale), code: String(p.value), ...(display.text === undefined ? {} : { display: display.text }) };
      if (display._text) coding._display = display._text;
      return {
        valueCoding: coding,
        extension: [{ url: ORDINAL, valueDecimal: p.value }, ...localizedExtension(EXT.easyRead, p.easyRead, lang)],
      };
    });
  } else if (scale.type === 'number') {
    const key = scale.integer ? 'valueInteger' : 'valueDecimal';
    if (scale.min !== undefined) ext.push({ url: MIN_VALUE, [key]: scale.min });
    if (scale.max !== undefined) ext.push({ url: MAX_VALUE, [key]: scale.max });
    if (scale.unit) ext.push({ url: UNIT, valueCoding: { system: 'http://unitsofmeasure.org', code: scale.unit } });
  } else if (scale.type === 'text' && scale.maxLength !== undefined) q.maxLength = scale.maxLength;
  q.extension = ext;
  return q;
}

export interface ToQuestionnaireOptions {
  /** The language of the main texts; the others go into translation extensions. Default: the instrument's first language. */
  lang?: Language;
}

/**
 * An instrument as a FHIR R4 Questionnaire: one group per domain, one item per question, ordinal
 * scales as `answerOption` codings with `ordinalValue`, conditions as `enableWhen`, translations
 * in the standard translation extension and easy-read wording, reverse scoring, scale ids and
 * scoring rules in Casepath extensions, so that {@link fromQuestionnaire} gets the instrument back.
 */
export function toQuestionnaire(instrument: Instrument, options: ToQuestionnaireOptions = {}): Questionnaire {
  const lang = options.lang ?? instrument.languages[0]!;
  const title = localized(instrument.title, lang);
  const description = localized(instrument.description, lang);
  return {
    resourceType: 'Questionnaire',
    id: instrument.id,
    url: instrumentCanonical(instrument.id),
    version: instrument.version,
    name: instrument.id.replace(/[^A-Za-z0-9]/g, '_'),
    ...(title.text === undefined ? {} : { title: title.text }),
    ...(title._text ? { _title: title._text } : {}),
    ...(description.text === undefined ? {} : { description: description.text }),
    ...(description._text ? { _description: description._text } : {}),
    status: 'active',
    language: lang,
    extension: [
      {
        url: EXT.instrument,
        extension: [
          ...instrument.languages.map((l) => ({ url: 'language', valueCode: l })),
          ...instrument.respondents.map((r) => ({ url: 'respondent', valueCode: r })),
          { url: 'direction', valueCode: instrument.direction },
        ],
      },
    ],
    item: instrument.domains.map((d) => ({
      linkId: d.linkId ?? d.id,
      ...localized(d.title, lang),
      type: 'group',
      extension: [
        {
          url: EXT.scoring,
          extension: [
            { url: 'method', valueCode: d.scoring },
            { url: 'minAnswered', valueDecimal: d.minAnswered },
          ],
        },
        ...(d.healthData ? [{ url: EXT.healthData, valueBoolean: true }] : []),
      ],
      item: instrument.items.filter((it) => it.domain === d.id).map((it) => toItem(instrument, it, lang)),
    })),
  };
}

function answerValue(scaleId: string, scale: ResponseScale, answer: Answer): NonNullable<QuestionnaireResponseItem['answer']>[number] {
  const a = answerFor(scaleId, scale, answer);
  if (a.answerCoding) {
    const point = scale.type === 'ordinal' ? scale.points.find((p) => p.value === answer) : undefined;
    const display = point?.label.en ?? Object.values(point?.label ?? {})[0];
    return { valueCoding: { ...a.answerCoding, ...(display ? { display } : {}) } };
  }
  if (a.answerBoolean !== undefined) return { valueBoolean: a.answerBoolean };
  if (a.answerInteger !== undefined) return scale.type === 'number' && !scale.integer ? { valueDecimal: a.answerInteger } : { valueInteger: a.answerInteger };
  if (a.answerDecimal !== undefined) return { valueDecimal: a.answerDecimal };
  if (a.answerDate !== undefined) return { valueDate: a.answerDate };
  return { valueString: a.answerString! };
}

/** A filled-in assessment as a FHIR R4 QuestionnaireResponse, grouped by domain like the Questionnaire. */
export function toQuestionnaireResponse(instrument: Instrument, response: AssessmentResponse): QuestionnaireResponse {
  return {
    resourceType: 'QuestionnaireResponse',
    questionnaire: `${instrumentCanonical(instrument.id)}|${instrument.version}`,
    status: 'completed',
    authored: response.completedAt,
    extension: [{ url: EXT.respondent, valueCode: response.respondent }],
    item: instrument.domains
      .map((d) => ({
        linkId: d.linkId ?? d.id,
        item: instrument.items
          .filter((it) => it.domain === d.id && response.answers[it.id] !== undefined)
          .map((it) => ({ linkId: it.linkId ?? it.id, answer: [answerValue(it.scale, instrument.scales[it.scale]!, response.answers[it.id]!)] })),
      }))
      .filter((g) => g.item.length > 0),
  };
}

/* ---------- reading ---------- */

/** Thrown for a FHIR resource that cannot be read: says what was expected and what was found. */
export class FhirError extends Error {
  override readonly name = 'FhirError';
}

/** Checks the elements the importer reads have FHIR's types; lists every one that does not. */
function checkShape(schema: z.ZodMiniType<unknown>, input: unknown, what: string): void {
  const r = schema.safeParse(input);
  if (!r.success) throw new FhirError(`The ${what} cannot be read:\n${listProblems(problemsFromZod(r.error.issues, input))}`);
}

/** Something in a Questionnaire that Casepath could not represent, with where it is. */
export interface ImportWarning {
  linkId: string;
  message: string;
}

export interface FromQuestionnaireOptions {
  /** Value sets the Questionnaire refers to by URL (e.g. LOINC answer lists), keyed by URL. */
  valueSets?: Readonly<Record<string, FhirValueSet>>;
}

function toLanguage(code: string | undefined): Language | null {
  const primary = (code ?? '').toLowerCase().split(/[-_]/)[0];
  return (LANGUAGES as readonly string[]).includes(primary ?? '') ? (primary as Language) : null;
}

function readLocalized(text: string | undefined, element: FhirElement | undefined, lang: Language): LocalizedText | undefined {
  if (text === undefined) return undefined;
  const out: LocalizedText = { [lang]: text };
  for (const ext of element?.extension ?? []) {
    if (ext.url !== TRANSLATION) continue;
    const l = toLanguage(ext.extension?.find((e) => e.url === 'lang')?.valueCode);
    const content = ext.extension?.find((e) => e.url === 'content')?.valueString;
    if (l && content) out[l] = content;
  }
  return out;
}

const findExt = (exts: FhirExtension[] | undefined, url: string) => exts?.find((e) => e.url === url);

function ordinalOf(exts: FhirExtension[] | undefined): number | undefined {
  for (const url of [ORDINAL, ITEM_WEIGHT, CO_VALUE]) {
    const e = findExt(exts, url);
    if (e && typeof (e.valueDecimal ?? e.valueInteger) === 'number') return (e.valueDecimal ?? e.valueInteger)!;
  }
  return undefined;
}

const sanitize = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 90) || 'x';
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Gives each linkId an id: the linkId itself when it is a valid id, else a safe one derived from
 * it (`H1/T1/Q1` → `H1-T1-Q1`), made unique. The linkId is kept beside it for exchange.
 */
function idAllocator(): (linkId: string) => string {
  const used = new Set<string>();
  return (linkId) => {
    let id = SAFE_ID.test(linkId) && linkId.length <= 100 ? linkId : sanitize(linkId);
    for (let n = 2; used.has(id); n++) id = `${sanitize(linkId)}-${n}`;
    used.add(id);
    return id;
  };
}

/**
 * Reads a FHIR R4 Questionnaire into an instrument, ours or written elsewhere.
 *
 * @remarks
 * Top-level groups become domains (nested groups are flattened into them); `choice` and
 * `open-choice` items with `answerOption` or a contained (or supplied) ValueSet become ordinal
 * scales, valued by `ordinalValue`, `itemWeight`, the iso21090 CO value, integer options, or else
 * by position; `integer`, `decimal`, `string`, `text`, `boolean` and `date` map directly;
 * `enableWhen` with `enableBehavior`, `required`, item codes and translations are kept. What
 * cannot be represented is listed in `warnings` with the linkId: no item is dropped silently.
 *
 * @throws {@link InstrumentError} when the result is not a valid instrument.
 */
export function fromQuestionnaire(q: Questionnaire, options: FromQuestionnaireOptions = {}): { instrument: Instrument; warnings: ImportWarning[] } {
  if (typeof q !== 'object' || q === null || (q as { resourceType?: unknown }).resourceType !== 'Questionnaire') {
    throw new FhirError(`expected a FHIR Questionnaire (an object with resourceType "Questionnaire"), got ${typeof q === 'object' && q !== null ? `resourceType ${describeValue((q as { resourceType?: unknown }).resourceType)}` : describeValue(q)}`);
  }
  checkShape(QuestionnaireSchema, q, 'Questionnaire');
  for (const [url, vs] of Object.entries(options.valueSets ?? {})) checkShape(FhirValueSetSchema, vs, `value set ${url}`);
  const warnings: ImportWarning[] = [];
  const warn = (linkId: string, message: string) => warnings.push({ linkId, message });
  let lang = toLanguage(q.language);
  if (!lang) {
    if (q.language) warn('(questionnaire)', `language "${q.language}" is not one of ${LANGUAGES.join(', ')}; its texts are kept as English`);
    lang = 'en';
  }
  const meta = findExt(q.extension, EXT.instrument);
  const ours = meta !== undefined;
  const metaValues = (url: string) => (meta?.extension ?? []).filter((e) => e.url === url).map((e) => e.valueCode!);
  const languages = new Set<Language>(ours ? (metaValues('language') as Language[]) : [lang]);
  const title = readLocalized(q.title ?? q.name ?? q.id ?? 'Imported questionnaire', q._title, lang)!;
  if (!ours) for (const l of Object.keys(title)) languages.add(l as Language);

  const scales: Record<string, ResponseScale> = {};
  const domains: InstrumentDomain[] = [];
  const items: InstrumentItem[] = [];
  const codeToValue = new Map<string, Map<string, number>>();
  const contained = new Map((q.contained ?? []).filter((r): r is FhirValueSet => r.resourceType === 'ValueSet').map((vs) => [`#${vs.id}`, vs]));
  let noScoringWarned = false;
  // enableWhen is resolved once every item is read: FHIR may refer to items in later groups.
  const pendingConditions = new Map<string, { conditions: FhirEnableWhen[]; behavior: 'all' | 'any' | undefined }>();
  // Items and domains are one namespace of linkIds in FHIR; both get ids from one allocator.
  const idFor = idAllocator();
  const idOfLinkId = new Map<string, string>();
  const linkIdOf = (item: { id: string; linkId?: string | undefined }) => item.linkId ?? item.id;

  const valueSetOptions = (ref: string): FhirAnswerOption[] | null => {
    const vs = contained.get(ref) ?? options.valueSets?.[ref];
    if (!vs) return null;
    const concepts = [
      ...(vs.compose?.include ?? []).flatMap((inc) => (inc.concept ?? []).map((c) => ({ system: inc.system, ...c }))),
      ...(vs.expansion?.contains ?? []),
    ];
    // A value set may carry both its definition and its expansion: each code once.
    const seen = new Set<string>();
    return concepts
      .filter((c) => {
        const key = `${c.system ?? ''}|${c.code ?? ''}`;
        if (!c.code || seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .map((c) => ({ valueCoding: { ...(c.system ? { system: c.system } : {}), code: c.code!, ...(c.display ? { display: c.display } : {}) }, ...(c.extension ? { extension: c.extension } : {}) }));
  };

  const scaleFor = (it: QuestionnaireItem): { id: string; scale: ResponseScale } | null => {
    const declared = findExt(it.extension, EXT.scale)?.valueString;
    const id = declared ?? sanitize(it.linkId);
    const num = (url: string) => {
      const e = findExt(it.extension, url);
      return e ? (e.valueInteger ?? e.valueDecimal) : undefined;
    };
    switch (it.type) {
      case 'choice':
      case 'open-choice': {
        if (it.type === 'open-choice') warn(it.linkId, 'open-choice: answers other than the listed options cannot be stored or scored');
        let opts = it.answerOption ?? null;
        if (!opts && it.answerValueSet) {
          opts = valueSetOptions(it.answerValueSet);
          if (!opts) {
            warn(it.linkId, `answer value set ${it.answerValueSet} is not contained; pass it in options.valueSets to score this item; kept as free text`);
            return { id, scale: { type: 'text' } };
          }
        }
        if (!opts || opts.length < 2) {
          warn(it.linkId, 'choice item without at least two options; kept as free text');
          return { id, scale: { type: 'text' } };
        }
        let byPosition = false;
        const points: ScalePoint[] = opts.map((o, i) => {
          let value = ordinalOf(o.extension) ?? ordinalOf(o.valueCoding?.extension);
          if (value === undefined && typeof o.valueInteger === 'number') value = o.valueInteger;
          if (value === undefined) {
            value = i + 1;
            byPosition = true;
          }
          const text = o.valueCoding?.display ?? o.valueCoding?.code ?? o.valueString ?? o.valueDate ?? String(o.valueInteger ?? value);
          const label = readLocalized(text, o.valueCoding?._display, lang)!;
          const easy = findExt(o.extension, EXT.easyRead);
          const point: ScalePoint = { value, label };
          if (easy) point.easyRead = readLocalized(easy.valueString, easy._valueString, lang)!;
          const coding = o.valueCoding;
          const isOurs = coding?.system?.startsWith('urn:casepath:scale:') && coding.code === String(value);
          if (coding?.code && !isOurs) {
            point.code = { ...(coding.system ? { system: coding.system } : {}), code: coding.code, ...(coding.display ? { display: coding.display } : {}) };
          } else if (!coding && o.valueString !== undefined) point.code = { code: o.valueString };
          return point;
        });
        if (byPosition) warn(it.linkId, 'options carry no ordinal values; scored by their order (1, 2, 3, …)');
        const seenValues = new Set<number>();
        for (const p of points) {
          if (seenValues.has(p.value)) {
            warn(it.linkId, 'two options share an ordinal value; scored by their order instead');
            points.forEach((pp, i) => (pp.value = i + 1));
            break;
          }
          seenValues.add(p.value);
        }
        const map = new Map<string, number>();
        points.forEach((p) => {
          map.set(p.code?.code ?? String(p.value), p.value);
          if (p.code) map.set(`${p.code.system ?? ''}|${p.code.code}`, p.value);
        });
        codeToValue.set(it.linkId, map);
        return { id, scale: { type: 'ordinal', points } };
      }
      case 'integer':
      case 'decimal': {
        const scale: ResponseScale = { type: 'number', integer: it.type === 'integer' };
        const min = num(MIN_VALUE);
        const max = num(MAX_VALUE);
        if (min !== undefined) scale.min = min;
        if (max !== undefined) scale.max = max;
        const unit = findExt(it.extension, UNIT)?.valueCoding?.code;
        if (unit) scale.unit = unit;
        return { id, scale };
      }
      case 'string':
      case 'text':
        return { id, scale: it.maxLength ? { type: 'text', maxLength: it.maxLength } : { type: 'text' } };
      case 'boolean':
        return { id, scale: { type: 'yes-no' } };
      case 'date':
        return { id, scale: { type: 'date' } };
      default:
        warn(it.linkId, `item type "${it.type}" is not supported by Casepath instruments; the item is not imported`);
        return null;
    }
  };

  const addItem = (it: QuestionnaireItem, domain: string) => {
    if (it.type === 'display') {
      warn(it.linkId, 'display item (text only) is not imported: instruments have no text-only items');
      return;
    }
    if (findExt(it.extension, CALCULATED)) {
      warn(it.linkId, 'calculated item (SDC calculatedExpression, e.g. a total) is not imported: nobody answers it, and Casepath scores domains from the answers');
      return;
    }
    const s = scaleFor(it);
    if (!s) return;
    let scaleId = s.id;
    if (scales[scaleId] && JSON.stringify(scales[scaleId]) !== JSON.stringify(s.scale)) scaleId = `${scaleId}-${sanitize(it.linkId)}`;
    scales[scaleId] = s.scale;
    const text = readLocalized(it.text ?? it.linkId, it._text, lang)!;
    const easy = findExt(it.extension, EXT.easyRead);
    if (idOfLinkId.has(it.linkId)) {
      warn(it.linkId, 'linkId is used by an earlier item; FHIR linkIds must be unique, so this item is not imported');
      return;
    }
    const id = idFor(it.linkId);
    idOfLinkId.set(it.linkId, id);
    const item: InstrumentItem = {
      id,
      ...(id === it.linkId ? {} : { linkId: it.linkId }),
      domain,
      text,
      easyRead: easy ? readLocalized(easy.valueString, easy._valueString, lang)! : { ...text },
      scale: scaleId,
    };
    if (it.prefix) warn(it.linkId, `prefix "${it.prefix}" is not kept`);
    if (findExt(it.extension, EXT.reverse)?.valueBoolean) item.reverse = true;
    if (findExt(it.extension, EXT.healthData)?.valueBoolean) item.healthData = true;
    if (it.required) item.required = true;
    if (it.repeats) warn(it.linkId, 'repeats: only one answer per item is kept');
    if (it.initial?.length) warn(it.linkId, 'initial (a default answer) is not kept: instruments start unanswered, so nobody is counted as answering what they did not');
    if (it.code?.length) item.code = it.code.filter((c) => c.code).map((c) => ({ ...(c.system ? { system: c.system } : {}), code: c.code!, ...(c.display ? { display: c.display } : {}) }));
    if (it.enableWhen?.length) pendingConditions.set(item.id, { conditions: it.enableWhen, behavior: it.enableBehavior });
    items.push(item);
    for (const l of Object.keys(text)) if (!ours) languages.add(l as Language);
  };

  const addDomain = (id: string, group: QuestionnaireItem | null, linkId?: string) => {
    const scoring = group ? findExt(group.extension, EXT.scoring) : undefined;
    const method = scoring?.extension?.find((e) => e.url === 'method')?.valueCode as InstrumentDomain['scoring'] | undefined;
    const min = scoring?.extension?.find((e) => e.url === 'minAnswered')?.valueDecimal;
    if (!scoring && !noScoringWarned) {
      warn(group?.linkId ?? '(questionnaire)', 'no Casepath scoring rule: domains are scored as sums with every shown item answered; adjust domains[].scoring and minAnswered');
      noScoringWarned = true;
    }
    domains.push({
      id,
      ...(linkId === undefined || linkId === id ? {} : { linkId }),
      title: group ? readLocalized(group.text ?? group.linkId, group._text, lang)! : { ...title },
      scoring: method ?? 'sum',
      minAnswered: min ?? 1,
      ...(group && findExt(group.extension, EXT.healthData)?.valueBoolean ? { healthData: true } : {}),
    });
  };

  /**
   * A condition on a group applies to everything in it: flattened, each item takes it on. It
   * can join an item's own conditions only when both combine the same way.
   */
  const inherit = (child: QuestionnaireItem, group: QuestionnaireItem): QuestionnaireItem => {
    if (!group.enableWhen?.length) return child;
    const groupBehavior = group.enableWhen.length > 1 ? (group.enableBehavior ?? 'all') : undefined;
    if (!child.enableWhen?.length) return { ...child, enableWhen: group.enableWhen, ...(groupBehavior ? { enableBehavior: groupBehavior } : {}) };
    const childBehavior = child.enableWhen.length > 1 ? (child.enableBehavior ?? 'all') : undefined;
    if ((groupBehavior ?? 'all') === 'all' && (childBehavior ?? 'all') === 'all') {
      return { ...child, enableWhen: [...group.enableWhen, ...child.enableWhen], enableBehavior: 'all' };
    }
    warn(child.linkId, `the conditions of group "${group.linkId}" cannot be combined with the item's own ("any" with "all"); only the item's own are kept`);
    return child;
  };

  const flatten = (group: QuestionnaireItem, domain: string) => {
    for (const original of group.item ?? []) {
      const child = inherit(original, group);
      if (child.type === 'group') {
        warn(child.linkId, `nested group flattened into domain "${domain}"${child.enableWhen?.length ? '; its conditions apply to each of its items' : ''}`);
        if (child.repeats) warn(child.linkId, 'repeating group: only one set of answers is kept');
        flatten(child, domain);
      } else {
        addItem(child, domain);
        if (child.item?.length) {
          warn(child.linkId, 'items nested under a question are imported as ordinary items of the same domain');
          flatten({ ...child, item: child.item }, domain);
        }
      }
    }
  };

  let looseDomain: string | null = null;
  for (const top of q.item ?? []) {
    if (top.type === 'group') {
      const id = idFor(top.linkId);
      addDomain(id, top, top.linkId);
      flatten(top, id);
    } else {
      if (!looseDomain) {
        looseDomain = idFor('main');
        addDomain(looseDomain, null);
      }
      addItem(top, looseDomain);
      if (top.item?.length) flatten({ ...top, item: top.item }, looseDomain);
    }
  }
  const order = new Map<string, number>();
  const walkOrder = (list: QuestionnaireItem[] | undefined) =>
    list?.forEach((it) => {
      const o = findExt(it.extension, EXT.order)?.valueInteger;
      if (o !== undefined) order.set(it.linkId, o);
      walkOrder(it.item);
    });
  walkOrder(q.item);
  if (items.every((it) => order.has(linkIdOf(it)))) items.sort((a, b) => order.get(linkIdOf(a))! - order.get(linkIdOf(b))!);
  const position = new Map(items.map((it, i) => [it.id, i]));
  for (const item of items) {
    const pending = pendingConditions.get(item.id);
    if (!pending) continue;
    const conditions: EnableWhen[] = [];
    const where = linkIdOf(item);
    for (const c of pending.conditions) {
      const source = idOfLinkId.get(c.question);
      const at = source === undefined ? undefined : position.get(source);
      if (source === undefined || at === undefined || at >= position.get(item.id)!) {
        warn(where, `enableWhen refers to "${c.question}", which is not an earlier imported item; the condition is dropped`);
        continue;
      }
      let value: Answer | undefined = c.answerBoolean ?? c.answerInteger ?? c.answerDecimal ?? c.answerDate ?? c.answerString;
      // A choice question compared with a plain value: the option whose code it is.
      const options = codeToValue.get(c.question);
      if (options && !c.answerCoding && value !== undefined && typeof value !== 'boolean') {
        const mapped = options.get(String(value));
        if (mapped === undefined) {
          warn(where, `enableWhen compares "${c.question}" with ${JSON.stringify(value)}, which is not one of its options' codes; the condition is dropped`);
          continue;
        }
        value = mapped;
      }
      if (c.answerCoding) {
        const map = codeToValue.get(c.question);
        value = map?.get(`${c.answerCoding.system ?? ''}|${c.answerCoding.code}`) ?? map?.get(c.answerCoding.code ?? '');
        if (value === undefined) {
          warn(where, `enableWhen answer ${c.answerCoding.code} is not an option of "${c.question}"; the condition is dropped`);
          continue;
        }
      }
      if (value === undefined || !(ENABLE_OPERATORS as readonly string[]).includes(c.operator)) {
        warn(where, `enableWhen on "${c.question}" has no supported answer or operator; the condition is dropped`);
        continue;
      }
      conditions.push({ item: source, operator: c.operator as EnableWhen['operator'], value });
    }
    if (conditions.length) {
      item.enableWhen = conditions;
      if (pending.behavior === 'any') item.enableBehavior = 'any';
    }
  }
  if (items.length === 0) {
    const listed = warnings.filter((w) => w.linkId !== '(questionnaire)').map((w) => `${w.linkId}: ${w.message}`);
    throw new FhirError(
      `Questionnaire "${q.id ?? q.name ?? '(no id)'}" has no items Casepath can import${q.item?.length ? '' : ' (it has no items at all)'}` +
        (listed.length ? `:\n  - ${listed.join('\n  - ')}` : '; add questions (item) of a supported type: choice, integer, decimal, string, text, boolean or date'),
    );
  }
  const usedDomains = domains.filter((d) => items.some((it) => it.domain === d.id));
  for (const d of domains) if (!usedDomains.includes(d)) warn(d.linkId ?? d.id, 'group has no importable items; no domain made for it');
  if (!ours) warn('(questionnaire)', 'no easy-read wording: each item\'s text is used; write easy-read versions for clients');

  const respondents = ours ? (metaValues('respondent') as Instrument['respondents']) : (['self', 'staff'] as Instrument['respondents']);
  const direction = ours ? ((metaValues('direction')[0] as Instrument['direction'] | undefined) ?? 'need') : 'need';
  if (!ours) warn('(questionnaire)', 'no score direction given: higher scores are taken to mean more need');
  const instrument: Instrument = {
    id: sanitize(q.id ?? q.name ?? 'imported'),
    version: q.version ?? '1',
    title,
    ...(q.description ? { description: readLocalized(q.description, q._description, lang)! } : {}),
    languages: [...languages],
    respondents,
    direction,
    scales,
    domains: usedDomains,
    items,
  };
  // Foreign questionnaires have texts in fewer languages than ours; list what is there.
  if (!ours) {
    const have = new Set<Language>(LANGUAGES.filter((l) => instrument.items.every((it) => it.text[l]) && instrument.title[l]));
    instrument.languages = [...have].length ? [...have] : [lang];
    const missing = [...languages].filter((l) => !have.has(l));
    if (missing.length) warn('(questionnaire)', `translations in ${missing.join(', ')} are incomplete and not listed as languages of the instrument`);
  }
  return { instrument: parseInstrument(instrument), warnings };
}

/**
 * Reads a FHIR R4 QuestionnaireResponse for an instrument into a response to score.
 *
 * @throws Error naming the linkId of an answer that does not fit the instrument.
 */
export function fromQuestionnaireResponse(
  r: QuestionnaireResponse,
  instrument: Instrument,
  options: {
    respondent?: AssessmentResponse['respondent'];
    completedAt?: string;
    /**
     * linkIds of answered items the instrument does not have, to pass over instead of refusing
     * the response: e.g. those `fromQuestionnaire` listed as not imported (a calculated total).
     */
    ignoreItems?: readonly string[];
  } = {},
): AssessmentResponse {
  const ignored = new Set(options.ignoreItems ?? []);
  if (typeof r !== 'object' || r === null || (r as { resourceType?: unknown }).resourceType !== 'QuestionnaireResponse') throw new FhirError('expected a FHIR QuestionnaireResponse (an object with resourceType "QuestionnaireResponse")');
  checkShape(QuestionnaireResponseSchema, r, 'QuestionnaireResponse');
  const answers: Record<string, Answer> = {};
  const problems: string[] = [];
  // Responses name items by linkId; answers are kept by item id.
  const items = new Map(instrument.items.map((it) => [it.linkId ?? it.id, it]));
  const walk = (list: QuestionnaireResponseItem[] | undefined) => {
    for (const ri of list ?? []) {
      const item = items.get(ri.linkId);
      const a = ri.answer?.[0];
      if (item && a) {
        const scale = instrument.scales[item.scale]!;
        if (a.valueCoding) {
          const point =
            scale.type === 'ordinal'
              ? scale.points.find((p) => (p.code ? p.code.code === a.valueCoding!.code && (p.code.system ?? '') === (a.valueCoding!.system ?? p.code.system ?? '') : String(p.value) === a.valueCoding!.code))
              : undefined;
          if (point) answers[item.id] = point.value;
          else problems.push(`item ${ri.linkId}: answer code ${a.valueCoding.code ?? '(none)'} is not an option of the instrument`);
        } else {
          const v = a.valueBoolean ?? a.valueInteger ?? a.valueDecimal ?? a.valueDate ?? a.valueString;
          if (v !== undefined) answers[item.id] = v;
        }
      } else if (!item && ri.answer?.length && !ignored.has(ri.linkId)) {
        problems.push(`item ${ri.linkId}: not an item of instrument "${instrument.id}" (if it was left out on import, pass it in options.ignoreItems)`);
      }
      walk(ri.item);
      for (const ans of ri.answer ?? []) walk((ans as { item?: QuestionnaireResponseItem[] }).item);
    }
  };
  walk(r.item);
  if (problems.length) throw new FhirError(`The QuestionnaireResponse does not fit "${instrument.id}":\n  - ${problems.join('\n  - ')}`);
  // Who answered: our extension, else the caller, else the source (a Patient answers for themselves).
  const respondent =
    (findExt(r.extension, EXT.respondent)?.valueCode as AssessmentResponse['respondent'] | undefined) ??
    options.respondent ??
    (r.source?.reference?.startsWith('Patient/') ? 'self' : 'staff');
  const authored = r.authored ?? options.completedAt;
  if (!authored || Number.isNaN(Date.parse(authored))) {
    throw new FhirError('The QuestionnaireResponse has no valid `authored` date; pass options.completedAt');
  }
  return { instrumentId: instrument.id, instrumentVersion: instrument.version, respondent, completedAt: new Date(authored).toISOString(), answers };
}
