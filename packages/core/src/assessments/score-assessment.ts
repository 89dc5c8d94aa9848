import type { Answer, AssessmentResponse, EnableWhen, Instrument, InstrumentItem, ResponseScale } from '../schemas/instrument.schema.js';
import { listProblems, type Problem } from '../validation/problem.js';
import { isScored } from './is-scored.js';

/** Thrown when a response does not fit its instrument; each problem names the item's linkId. */
export class AssessmentResponseError extends Error {
  override readonly name = 'AssessmentResponseError';
  constructor(readonly problems: readonly Problem[]) {
    super(`The assessment response has ${problems.length} problem(s):\n${listProblems(problems)}`);
  }
}

export interface DomainScore {
  domain: string;
  /** Null when too few items were answered, or the domain has no scored items (see `status`). */
  score: number | null;
  status: 'scored' | 'too-few-answers' | 'unscored';
  method: Instrument['domains'][number]['scoring'];
  /** Shown, scored items; answered ones; and the ids of those left unanswered. */
  applicable: number;
  answered: number;
  missing: string[];
  /** A sum estimated from the answered items' mean because some were missing. */
  prorated: boolean;
  /** The lowest and highest score this domain could have with the items shown, for charts and comparisons. */
  range: [number, number];
}

export interface ScoredAssessment {
  instrumentId: string;
  instrumentVersion: string;
  respondent: AssessmentResponse['respondent'];
  completedAt: string;
  domains: Record<string, DomainScore>;
  /** Mean of the scored domains' 0–100 scores when every one has a score; otherwise null. */
  total: number | null;
  /** Whether any answer is health information (`healthData` on its item or domain). */
  healthData: boolean;
}

/** The items whose answers are health information: flagged themselves or in a flagged domain. */
export function healthDataItems(instrument: Instrument): Set<string> {
  const domains = new Set(instrument.domains.filter((d) => d.healthData).map((d) => d.id));
  return new Set(instrument.items.filter((it) => it.healthData || domains.has(it.domain)).map((it) => it.id));
}

function scaleRange(scale: ResponseScale): [number, number] {
  switch (scale.type) {
    case 'ordinal': {
      const v = scale.points.map((p) => p.value);
      return [Math.min(...v), Math.max(...v)];
    }
    case 'yes-no':
      return [0, 1];
    case 'number':
      return [scale.min ?? 0, scale.max ?? 0];
    default:
      return [0, 0];
  }
}

interface CompiledInstrument {
  items: Map<string, InstrumentItem>;
  /** Items with conditions, in order. */
  conditional: InstrumentItem[];
  ranges: Map<string, [number, number]>;
  domains: { domain: Instrument['domains'][number]; scored: InstrumentItem[] }[];
}
const compiled = new WeakMap<Instrument, CompiledInstrument>();

/** What scoring needs from an instrument, worked out once per instrument object. */
function compile(instrument: Instrument): CompiledInstrument {
  let c = compiled.get(instrument);
  if (!c) {
    c = {
      items: new Map(instrument.items.map((it) => [it.id, it])),
      conditional: instrument.items.filter((it) => it.enableWhen),
      ranges: new Map(Object.entries(instrument.scales).map(([id, scale]) => [id, scaleRange(scale)])),
      domains: instrument.domains.map((domain) => ({
        domain,
        scored: instrument.items.filter((it) => it.domain === domain.id && isScored(instrument.scales[it.scale]!)),
      })),
    };
    compiled.set(instrument, c);
  }
  return c;
}

function matches(cond: EnableWhen, answer: Answer | undefined): boolean {
  if (cond.operator === 'exists') return (answer !== undefined) === (cond.value !== false);
  if (answer === undefined) return false;
  switch (cond.operator) {
    case '=':
      return answer === cond.value;
    case '!=':
      return answer !== cond.value;
    case '>':
      return answer > cond.value;
    case '<':
      return answer < cond.value;
    case '>=':
      return answer >= cond.value;
    case '<=':
      return answer <= cond.value;
  }
}

/**
 * Whether an item is shown, given the answers so far (FHIR enableWhen semantics). An item whose
 * condition refers to a hidden item treats that answer as absent.
 */
export function isItemEnabled(item: InstrumentItem, answers: Readonly<Record<string, Answer>>, hidden: ReadonlySet<string>): boolean {
  if (!item.enableWhen) return true;
  const any = item.enableBehavior === 'any';
  for (const c of item.enableWhen) {
    const ok = matches(c, hidden.has(c.item) ? undefined : answers[c.item]);
    if (any && ok) return true;
    if (!any && !ok) return false;
  }
  return !any;
}

/** The items hidden by their conditions for these answers (usually few). */
export function hiddenItems(instrument: Instrument, answers: Readonly<Record<string, Answer>>): Set<string> {
  const hidden = new Set<string>();
  for (const item of compile(instrument).conditional) if (!isItemEnabled(item, answers, hidden)) hidden.add(item.id);
  return hidden;
}

/** The items shown for these answers, in order. */
export function enabledItems(instrument: Instrument, answers: Readonly<Record<string, Answer>>): Set<string> {
  const hidden = hiddenItems(instrument, answers);
  return new Set(instrument.items.filter((it) => !hidden.has(it.id)).map((it) => it.id));
}

function itemProblem(linkId: string, code: string, message: string): Problem {
  return { path: `answers.${linkId}`, code, message: `item ${linkId}: ${message}` };
}

/** Problems with a response, each naming the item's linkId; empty when it fits the instrument. */
export function checkResponse(instrument: Instrument, response: AssessmentResponse): Problem[] {
  const problems: Problem[] = [];
  const add = (linkId: string, code: string, message: string) => void problems.push(itemProblem(linkId, code, message));
  if (response.instrumentId !== instrument.id) {
    problems.push({ path: 'instrumentId', code: 'wrong-instrument', message: `the response is for "${response.instrumentId}", not "${instrument.id}"` });
  }
  const items = compile(instrument).items;
  for (const linkId in response.answers) {
    const answer = response.answers[linkId]!;
    const item = items.get(linkId);
    if (!item) {
      add(linkId, 'unknown-item', 'is not an item of this instrument');
      continue;
    }
    const scale = instrument.scales[item.scale]!;
    switch (scale.type) {
      case 'ordinal':
        if (!scale.points.some((p) => p.value === answer)) add(linkId, 'not-a-scale-point', `${JSON.stringify(answer)} is not one of ${scale.points.map((p) => p.value).join(', ')}`);
        break;
      case 'yes-no':
        if (typeof answer !== 'boolean') add(linkId, 'invalid-type', `should be true or false, got ${JSON.stringify(answer)}`);
        break;
      case 'number':
        if (typeof answer !== 'number' || !Number.isFinite(answer)) add(linkId, 'invalid-type', `should be a number, got ${JSON.stringify(answer)}`);
        else if ((scale.min !== undefined && answer < scale.min) || (scale.max !== undefined && answer > scale.max)) add(linkId, 'out-of-range', `${answer} is outside ${scale.min ?? '−∞'}…${scale.max ?? '∞'}`);
        else if (scale.integer && !Number.isInteger(answer)) add(linkId, 'invalid-type', `should be a whole number, got ${answer}`);
        break;
      case 'text':
        if (typeof answer !== 'string') add(linkId, 'invalid-type', `should be text, got ${JSON.stringify(answer)}`);
        else if (scale.maxLength !== undefined && answer.length > scale.maxLength) add(linkId, 'too-long', `is longer than ${scale.maxLength} characters`);
        break;
      case 'date':
        if (typeof answer !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(answer)) add(linkId, 'invalid-type', `should be a date like 2026-03-01, got ${JSON.stringify(answer)}`);
        break;
    }
  }
  const hidden = hiddenItems(instrument, response.answers);
  for (const item of instrument.items) {
    if (item.required && !hidden.has(item.id) && response.answers[item.id] === undefined) add(item.id, 'required', 'is required but has no answer');
  }
  return problems;
}

function itemScore(item: InstrumentItem, range: [number, number], answer: Answer): number {
  const v = typeof answer === 'boolean' ? (answer ? 1 : 0) : (answer as number);
  return item.reverse ? range[0] + range[1] - v : v;
}

/**
 * Scores a response: a score per domain by the domain's rule, and a total.
 *
 * @remarks
 * Only shown items count (conditional items hidden by earlier answers are not missing).
 * Missing answers are never treated as zero: a domain is scored when at least `minAnswered` of
 * its shown, scored items are answered (a `sum` is then prorated, and says so), and otherwise
 * has `score: null` with `status: 'too-few-answers'`; either way its `missing` items are listed.
 *
 * @throws {@link AssessmentResponseError} when the response does not fit the instrument.
 */
export function scoreAssessment(instrument: Instrument, response: AssessmentResponse): ScoredAssessment {
  const problems = checkResponse(instrument, response);
  if (problems.length) throw new AssessmentResponseError(problems);
  const hidden = hiddenItems(instrument, response.answers);
  const { ranges, domains: compiledDomains } = compile(instrument);
  const domains: Record<string, DomainScore> = {};
  for (const { domain: d, scored: items } of compiledDomains) {
    const shown: InstrumentItem[] = [];
    const missing: string[] = [];
    let answered = 0;
    let sum = 0;
    let pctSum = 0;
    for (const it of items) {
      if (hidden.has(it.id)) continue;
      shown.push(it);
      const answer = response.answers[it.id];
      if (answer === undefined) {
        missing.push(it.id);
        continue;
      }
      const range = ranges.get(it.scale)!;
      const v = itemScore(it, range, answer);
      answered++;
      sum += v;
      pctSum += range[1] > range[0] ? ((v - range[0]) / (range[1] - range[0])) * 100 : 0;
    }
    // Bounds over the items shown for this response (hidden items do not count). With items on
    // different scales a prorated sum or a mean can reach count × the widest item's bounds.
    const ranged = shown.length > 0 ? shown : items;
    let lo = ranged.length ? Number.POSITIVE_INFINITY : 0;
    let hi = ranged.length ? Number.NEGATIVE_INFINITY : 0;
    for (const it of ranged) {
      const r = ranges.get(it.scale)!;
      if (r[0] < lo) lo = r[0];
      if (r[1] > hi) hi = r[1];
    }
    const range: [number, number] = d.scoring === 'percent' ? [0, 100] : d.scoring === 'mean' ? [lo, hi] : [lo * ranged.length, hi * ranged.length];
    const enough = shown.length > 0 && answered > 0 && answered / shown.length >= d.minAnswered;
    let score: number | null = null;
    if (enough) {
      const mean = sum / answered;
      score = d.scoring === 'mean' ? mean : d.scoring === 'sum' ? mean * shown.length : pctSum / answered;
    }
    domains[d.id] = {
      domain: d.id,
      score,
      status: items.length === 0 ? 'unscored' : enough ? 'scored' : 'too-few-answers',
      method: d.scoring,
      applicable: shown.length,
      answered,
      missing,
      prorated: enough && d.scoring === 'sum' && missing.length > 0,
      range,
    };
  }
  const all = Object.values(domains).filter((s) => s.status !== 'unscored');
  const total = all.length > 0 && all.every((s) => s.score !== null)
    ? all.reduce((sum, s) => sum + ((s.score! - s.range[0]) / (s.range[1] - s.range[0] || 1)) * 100, 0) / all.length
    : null;
  return {
    instrumentId: instrument.id,
    instrumentVersion: instrument.version,
    respondent: response.respondent,
    completedAt: response.completedAt,
    domains,
    total,
    healthData: [...healthDataItems(instrument)].some((id) => response.answers[id] !== undefined && !hidden.has(id)),
  };
}
