import { Instrument } from '../schemas/instrument.schema.js';
import { isScored } from './is-scored.js';
import type { LocalizedText } from '../schemas/plan-template.schema.js';
import { describeValue, listProblems, problemsFromZod, type Problem } from '../validation/problem.js';

export type InstrumentValidation = { ok: true; instrument: Instrument; problems: [] } | { ok: false; instrument?: undefined; problems: Problem[] };

/** Thrown by {@link parseInstrument}; lists every problem. */
export class InstrumentError extends Error {
  override readonly name = 'InstrumentError';
  constructor(
    readonly instrumentId: string,
    readonly problems: readonly Problem[],
  ) {
    super(`Instrument "${instrumentId}" has ${problems.length} problem(s):\n${listProblems(problems)}`);
  }
}


function semanticProblems(ins: Instrument): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, code: string, message: string) => problems.push({ path, code, message });
  const translations = (text: LocalizedText | undefined, path: string) => {
    if (!text) return;
    const missing = ins.languages.filter((l) => !text[l]);
    if (missing.length) add(path, 'missing-translation', `${path} has no translation for ${missing.join(', ')}`);
  };
  translations(ins.title, 'title');
  translations(ins.description, 'description');
  const domainIds = new Set<string>();
  ins.domains.forEach((d, i) => {
    if (domainIds.has(d.id)) add(`domains[${i}].id`, 'duplicate-id', `domains[${i}].id "${d.id}" is used twice`);
    domainIds.add(d.id);
    translations(d.title, `domains[${i}].title`);
  });
  for (const [id, scale] of Object.entries(ins.scales)) {
    if (scale.type !== 'ordinal') continue;
    const values = scale.points.map((p) => p.value);
    if (new Set(values).size !== values.length) add(`scales.${id}.points`, 'duplicate-value', `scales.${id} has two points with the same value`);
    scale.points.forEach((p, i) => {
      translations(p.label, `scales.${id}.points[${i}].label`);
      translations(p.easyRead, `scales.${id}.points[${i}].easyRead`);
    });
  }
  const seen = new Map<string, number>();
  ins.items.forEach((item, i) => {
    const path = `items[${i}]`;
    if (seen.has(item.id)) add(`${path}.id`, 'duplicate-id', `${path}.id "${item.id}" repeats items[${seen.get(item.id)}]`);
    if (!domainIds.has(item.domain)) add(`${path}.domain`, 'unknown-domain', `${path}.domain "${item.domain}" is not a domain of this instrument`);
    const scale = ins.scales[item.scale];
    if (!scale) add(`${path}.scale`, 'unknown-scale', `${path}.scale "${item.scale}" is not in scales (${Object.keys(ins.scales).join(', ')})`);
    translations(item.text, `${path}.text`);
    translations(item.easyRead, `${path}.easyRead`);
    if (item.reverse && scale && (!isScored(scale) || (scale.type === 'number' && (scale.min === undefined || scale.max === undefined)))) {
      add(`${path}.reverse`, 'unreversible', `${path} is reverse-scored, but its scale has no range to reverse; use an ordinal or bounded number scale`);
    }
    (item.enableWhen ?? []).forEach((cond, j) => {
      const earlier = seen.get(cond.item);
      if (earlier === undefined) {
        add(`${path}.enableWhen[${j}].item`, 'unknown-item', `${path}.enableWhen[${j}] refers to "${cond.item}", which is not an earlier item`);
      }
    });
    seen.set(item.id, i);
  });
  for (const id of Object.keys(ins.scales)) {
    if (!ins.items.some((it) => it.scale === id)) add(`scales.${id}`, 'unused-scale', `scales.${id} is used by no item; remove it`);
  }
  ins.domains.forEach((d, i) => {
    if (!ins.items.some((it) => it.domain === d.id)) add(`domains[${i}]`, 'empty-domain', `domain "${d.id}" has no items; remove it or add items`);
    if (seen.has(d.id)) add(`domains[${i}].id`, 'duplicate-id', `domains[${i}].id "${d.id}" is also an item id; FHIR linkIds must be unique`);
  });
  // The linkIds a Questionnaire would carry (linkId, else id) must be unique across items and domains.
  const linkIds = new Map<string, string>();
  const claim = (linkId: string | undefined, path: string) => {
    if (linkId === undefined) return;
    const other = linkIds.get(linkId);
    if (other !== undefined) add(`${path}.linkId`, 'duplicate-link-id', `${path}.linkId "${linkId}" is also the linkId of ${other}; FHIR linkIds must be unique in a Questionnaire`);
    else linkIds.set(linkId, path);
  };
  ins.domains.forEach((d, i) => claim(d.linkId ?? (seen.has(d.id) ? undefined : d.id), `domains[${i}]`));
  ins.items.forEach((it, i) => {
    // A repeated id is reported as such; its linkId repeats by consequence.
    if (it.linkId !== undefined || ins.items.findIndex((x) => x.id === it.id) === i) claim(it.linkId ?? it.id, `items[${i}]`);
  });
  return problems;
}

/** Checks an instrument and reports every problem with its path. */
export function validateInstrument(input: unknown): InstrumentValidation {
  const parsed = Instrument.safeParse(input);
  if (!parsed.success) return { ok: false, problems: problemsFromZod(parsed.error.issues, input) };
  const problems = semanticProblems(parsed.data);
  return problems.length ? { ok: false, problems } : { ok: true, instrument: parsed.data, problems: [] };
}

/** Like {@link validateInstrument}, but returns the instrument or throws an {@link InstrumentError}. */
export function parseInstrument(input: unknown): Instrument {
  const r = validateInstrument(input);
  if (r.ok) return r.instrument;
  // Never String() what came from outside: an id like [{ toString: [] }] throws while being printed.
  const id = idOf(input);
  throw new InstrumentError(id, r.problems);
}

function idOf(input: unknown): string {
  const raw = typeof input === 'object' && input !== null && 'id' in input ? input.id : undefined;
  if (raw === undefined) return '(no id)';
  return typeof raw === 'string' ? raw : `(an id that is ${describeValue(raw)})`;
}
