import type { Answer, AssessmentResponse, EnableWhen, Instrument, InstrumentItem, ResponseScale } from '../schemas/instrument.schema.js';
import { listProblems, type Problem } from '../validation/problem.js';
import { isScored } from './validate-instrument.js';

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

/** Whether an item is shown, given the answers so far (FHIR enableWhen semantics). */
export function isItemEnabled(item: InstrumentItem, answers: Readonly<Record<string, Answer>>, enabled: ReadonlySet<string>): boolean {
  if (!item.enableWhen) return true;
  // An item whose condition item is itself hidden counts that answer as absent.
  const test = (c: EnableWhen) => matches(c, enabled.has(c.item) ? answers[c.item] : undefined);
  return item.enableBehavior === 'any' ? item.enableWhen.some(test) : item.enableWhen.every(test);
}

/** The items shown for these answers, in order. */
export function enabledItems(instrument: Instrument, answers: Readonly<Record<string, Answer>>): Set<string> {
  const enabled = new Set<string>();
  for (const item of instrument.items) if (isItemEnabled(item, answers, enabled)) enabled.add(item.id);
  return enabled;
}

/** Problems with a response, each naming the item's linkId; empty when it fits the instrument. */
export function checkResponse(instrument: Instrument, response: AssessmentResponse): Problem[] {
  const problems: Problem[] = [];
  const add = (linkId: string, code: string, message: string) => problems.push({ path: `answers.${linkId}`, code, message: `item ${linkId}: ${message}` });
  if (response.instrumentId !== instrument.id) {
    problems.push({ path: 'instrumentId', code: 'wrong-instrument', message: `the response is for "${response.instrumentId}", not "${instrument.id}"` });
  }
  const items = new Map(instrument.items.map((it) => [it.id, it]));
  for (const [linkId, answer] of Object.entries(response.answers)) {
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
  const enabled = enabledItems(instrument, response.answers);
  for (const item of instrument.items) {
    if (item.required && enabled.has(item.id) && response.answers[item.id] === undefined) add(item.id, 'required', 'is required but has no answer');
  }
  return problems;
}

function itemScore(item: InstrumentItem, scale: ResponseScale, answer: Answer): number {
  const v = typeof answer === 'boolean' ? (answer ? 1 : 0) : (answer as number);
  if (!item.reverse) return v;
  const [lo, hi] = scaleRange(scale);
  return lo + hi - v;
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
  const enabled = enabledItems(instrument, response.answers);
  const domains: Record<string, DomainScore> = {};
  for (const d of instrument.domains) {
    const items = instrument.items.filter((it) => it.domain === d.id && isScored(instrument.scales[it.scale]!));
    const shown = items.filter((it) => enabled.has(it.id));
    const answered = shown.filter((it) => response.answers[it.id] !== undefined);
    const missing = shown.filter((it) => response.answers[it.id] === undefined).map((it) => it.id);
    // Bounds over the items shown for this response (hidden items do not count). With items on
    // different scales a prorated sum or a mean can reach count × the widest item's bounds.
    const ranged = shown.length > 0 ? shown : items;
    const bounds = ranged.map((it) => scaleRange(instrument.scales[it.scale]!));
    const lo = bounds.length ? Math.min(...bounds.map((b) => b[0])) : 0;
    const hi = bounds.length ? Math.max(...bounds.map((b) => b[1])) : 0;
    const range: [number, number] = d.scoring === 'percent' ? [0, 100] : d.scoring === 'mean' ? [lo, hi] : [lo * ranged.length, hi * ranged.length];
    const enough = shown.length > 0 && answered.length > 0 && answered.length / shown.length >= d.minAnswered;
    let score: number | null = null;
    if (enough) {
      const values = answered.map((it) => itemScore(it, instrument.scales[it.scale]!, response.answers[it.id]!));
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      if (d.scoring === 'mean') score = mean;
      else if (d.scoring === 'sum') score = mean * shown.length;
      else {
        const pct = answered.map((it, i) => {
          const [a, b] = scaleRange(instrument.scales[it.scale]!);
          return b > a ? ((values[i]! - a) / (b - a)) * 100 : 0;
        });
        score = pct.reduce((a, b) => a + b, 0) / pct.length;
      }
    }
    domains[d.id] = {
      domain: d.id,
      score,
      status: items.length === 0 ? 'unscored' : enough ? 'scored' : 'too-few-answers',
      method: d.scoring,
      applicable: shown.length,
      answered: answered.length,
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
  };
}
