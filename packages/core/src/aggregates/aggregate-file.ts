import { consentedAt } from '../case/consents-of.js';
import type { CaseRecord } from '../metrics/case-record.js';
import type { KaplanMeierOptions } from '../metrics/kaplan-meier.js';
import { describeValue, listProblems, problemsFromZod, type Problem } from '../validation/problem.js';
import { CASEPATH_VERSION } from '../version.js';
import { AGGREGATE_FORMAT_VERSION, AggregateFile, type AggregateCounts } from './aggregate-file.schema.js';
import { countCases, mergeCounts, type CountOptions } from './count-cases.js';
import { indicatorsFromCounts, type CountedIndicators } from './indicators-from-counts.js';
import { suppressSmallCells, type CountTable, type PublishedTable } from './small-cells.js';

/** Thrown when an aggregate file cannot be read or files cannot be merged; says which and why. */
export class AggregateError extends Error {
  override readonly name = 'AggregateError';
}

export interface AggregateOptions extends CountOptions {
  providerId: string;
  /** Counts below this are suppressed in `published` (default 5). */
  threshold?: number;
  /** Include the unsuppressed counts so a region can merge them exactly (default false). */
  mergeable?: boolean;
}

/** The published tables of a set of counts, before suppression. */
function countTables(c: AggregateCounts, horizonDays: number): CountTable[] {
  const tables: CountTable[] = [
    {
      name: 'people',
      total: { label: 'people in the programme', value: c.people },
      cells: [
        { label: 'people who held a job', value: c.placed },
        { label: 'people who held no job', value: c.people - c.placed },
      ],
    },
    {
      name: `in work ${horizonDays} days after the first job (people followed that long)`,
      total: { label: `people followed ${horizonDays} days after their first job`, value: c.retainedPlain.n },
      cells: [
        { label: `in work on day ${horizonDays}`, value: c.retainedPlain.count },
        { label: `out of work on day ${horizonDays}`, value: c.retainedPlain.n - c.retainedPlain.count },
      ],
    },
    {
      name: 'placement in the last 12 months',
      total: { label: 'people in the programme in the last 12 months', value: c.placementRate.n },
      cells: [
        { label: 'started a job in the last 12 months', value: c.placementRate.count },
        { label: 'started no job in the last 12 months', value: c.placementRate.n - c.placementRate.count },
      ],
    },
  ];
  for (const g of c.goals) {
    tables.push({
      name: `goals achieved: ${g.domain}`,
      total: { label: `people with a goal in ${g.domain}`, value: g.people },
      cells: [
        { label: `achieved a goal in ${g.domain}`, value: g.achieved },
        { label: `achieved no goal in ${g.domain}`, value: g.people - g.achieved },
      ],
    });
  }
  tables.push({
    name: 'ESF+: in employment upon leaving (left in the last 12 months)',
    total: { label: 'participants who left in the last 12 months', value: c.esf.left },
    cells: [
      { label: 'in employment upon leaving', value: c.esf.employedUponLeaving },
      { label: 'not in employment upon leaving', value: c.esf.left - c.esf.employedUponLeaving },
    ],
  });
  for (const d of c.distanceTravelled) {
    tables.push({ name: `distance travelled: ${d.instrumentId} (${d.respondent}), ${d.domain}`, cells: [{ label: `people assessed twice: ${d.instrumentId} (${d.respondent}), ${d.domain}`, value: d.n }] });
  }
  return tables;
}

function templatesOf(cases: readonly CaseRecord[]): AggregateFile['templates'] {
  const seen = new Map<string, { id: string; version: number }>();
  for (const c of cases) {
    const open = c.events.find((e) => e.type === 'case.open');
    if (open?.type === 'case.open') seen.set(`${open.payload.templateId}@${open.payload.templateVersion}`, { id: open.payload.templateId, version: open.payload.templateVersion });
  }
  return [...seen.values()].sort((a, b) => a.id.localeCompare(b.id) || a.version - b.version);
}

/**
 * A provider's aggregate file: the counts behind every indicator (when it allows merging) and
 * the same figures as tables with small cells suppressed. No ids of people, no dates of birth,
 * no free text: see `docs/metrics.md` for the format.
 *
 * @example
 * ```ts
 * const file = aggregateFile(cases, { providerId: 'provider-07', asOf: '2026-06-30', mergeable: true });
 * writeFileSync('provider-07.aggregate.json', JSON.stringify(file));
 * ```
 */
export function aggregateFile(cases: readonly CaseRecord[], options: AggregateOptions): AggregateFile {
  const other = cases.find((c) => c.providerId !== options.providerId);
  if (other) throw new AggregateError(`case ${other.caseId} belongs to provider "${other.providerId}", not "${options.providerId}": pass one provider's cases`);
  const horizonDays = options.horizonDays ?? 365;
  const maxGapDays = options.maxGapDays ?? 0;
  const threshold = options.threshold ?? 5;
  // Only people who consented to be counted in statistics, as of the cut-off; the rest are said.
  // Someone whose case opened after the cut-off was not in the programme then: not left out.
  const until = `${options.asOf}T23:59:59.999Z`;
  const inByThen = cases.filter((c) => c.events.some((e) => e.type === 'case.open' && e.at <= until));
  const counted = inByThen.filter((c) => consentedAt(c.events, 'statistics', until));
  const counts = countCases(counted, { asOf: options.asOf, horizonDays, maxGapDays });
  const file: AggregateFile = {
    format: 'casepath-aggregate',
    formatVersion: AGGREGATE_FORMAT_VERSION,
    casepathVersion: CASEPATH_VERSION,
    providerId: options.providerId,
    asOf: options.asOf,
    templates: templatesOf(counted),
    settings: { horizonDays, maxGapDays },
    threshold,
    mergeable: options.mergeable ?? false,
    ...(options.mergeable ? { counts } : {}),
    leftOut: { withoutStatisticsConsent: inByThen.length - counted.length },
    published: suppressSmallCells(countTables(counts, horizonDays), threshold),
  };
  return parseAggregateFile(file, `provider ${options.providerId}`);
}

/** Checks that each person's stretches enter and leave the counts (what a tampered file breaks). */
function consistencyProblems(c: AggregateCounts): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, message: string) => problems.push({ path, code: 'inconsistent', message: `${path} ${message}` });
  let entered = 0;
  let left = 0;
  c.employment.rows.forEach((r, i) => {
    if (r.entered.length !== 2 || r.left.length !== 2 || r.moved.length !== 2 || r.moved.some((m) => m.length !== 2)) add(`counts.employment.rows[${i}]`, 'should have a count for each of the 2 states');
    if (r.moved.some((m, h) => m.reduce((s, d) => s + d, 0) > (r.left[h] ?? 0))) add(`counts.employment.rows[${i}]`, 'has more moves out of a state than stretches ending in it');
    entered += r.entered.reduce((s, x) => s + x, 0);
    left += r.left.reduce((s, x) => s + x, 0);
  });
  if (entered !== left) add('counts.employment', `has ${entered} stretches starting and ${left} ending; each must do both`);
  const placedInSpells = c.firstSpell.reduce((s, r) => s + r.events + r.censored, 0);
  if (placedInSpells !== c.placed) add('counts.firstSpell', `counts ${placedInSpells} people, but placed is ${c.placed}`);
  const inPlacement = c.placement.reduce((s, r) => s + r.events + r.censored, 0);
  if (inPlacement !== c.people) add('counts.placement', `counts ${inPlacement} people, but people is ${c.people}`);
  if (c.placed > c.people) add('counts.placed', `(${c.placed}) exceeds people (${c.people})`);
  c.goals.forEach((g, i) => {
    const seen = g.time.reduce((s, r) => s + r.events + r.censored, 0);
    const achieved = g.time.reduce((s, r) => s + r.events, 0);
    if (seen !== g.people || achieved !== g.achieved) add(`counts.goals[${i}]`, `counts ${seen} people and ${achieved} achievements in its times, but says ${g.people} and ${g.achieved}`);
  });
  const e = c.esf;
  if (e.employedUponLeaving > e.left || e.jobSearchingUponLeaving > e.left || e.educationUponLeaving > e.left || e.dueSixMonths > e.left) add('counts.esf', 'has more people in a category than left');
  if (e.employedSixMonths > e.followedUpSixMonths || e.followedUpSixMonths > e.dueSixMonths) add('counts.esf', 'has more employed than followed up, or more followed up than due');
  for (const [name, r] of [['retainedPlain', c.retainedPlain], ['placementRate', c.placementRate]] as const) {
    if (r.count > r.n) add(`counts.${name}`, `has count ${r.count} above n ${r.n}`);
  }
  return problems;
}

/**
 * Reads an aggregate file (parsed JSON), checking its shape and that its counts hold together.
 * `source` names it in errors (a file name).
 *
 * @throws {@link AggregateError} listing every problem with its path.
 */
export function parseAggregateFile(input: unknown, source: string): AggregateFile {
  if (typeof input === 'object' && input !== null && (input as { formatVersion?: unknown }).formatVersion !== undefined && (input as { formatVersion?: unknown }).formatVersion !== AGGREGATE_FORMAT_VERSION) {
    throw new AggregateError(`${source}: aggregate format version ${describeValue((input as { formatVersion?: unknown }).formatVersion)} is not supported; this Casepath (${CASEPATH_VERSION}) reads version ${AGGREGATE_FORMAT_VERSION}`);
  }
  const parsed = AggregateFile.safeParse(input);
  if (!parsed.success) throw new AggregateError(`${source} is not a valid Casepath aggregate file:\n${listProblems(problemsFromZod(parsed.error.issues, input))}`);
  const file = parsed.data;
  if (file.mergeable && !file.counts) throw new AggregateError(`${source}: says it is mergeable but carries no counts`);
  if (!file.mergeable && file.counts) throw new AggregateError(`${source}: carries counts although the provider did not allow merging; refusing to read them`);
  const problems = file.counts ? consistencyProblems(file.counts) : [];
  if (problems.length) throw new AggregateError(`${source}: its counts do not hold together:\n${listProblems(problems)}`);
  return file;
}

/** Regional indicators from several providers' files. */
export interface MergedAggregate {
  providers: string[];
  asOf: string;
  casepathVersions: string[];
  templates: AggregateFile['templates'];
  settings: AggregateFile['settings'];
  threshold: number;
  /** The indicators of all the providers' people together, equal to the pooled computation. */
  indicators: CountedIndicators;
  /** Each provider's own indicators, for comparing them (funnel and forest plots). */
  byProvider: { providerId: string; indicators: CountedIndicators }[];
  /** The regional counts as tables for publication, small cells suppressed. */
  published: PublishedTable[];
  /** People the providers left out for want of consent to statistics, and providers whose files do not say (made before Casepath counted consent). */
  leftOut: { withoutStatisticsConsent: number; notSaidBy: string[] };
  /** The merged counts (for a further merge, e.g. regions into a country). */
  counts: AggregateCounts;
}

const minor = (version: string) => version.split('.').slice(0, 2).join('.');

/**
 * Combines providers' aggregate files into regional indicators that equal the pooled
 * computation over all their cases: counts exactly, estimates to rounding.
 *
 * @throws {@link AggregateError} for files that cannot be combined: different cut-offs or
 * settings, a template at different versions, Casepath versions that define indicators
 * differently, a provider twice, or a provider that did not allow merging.
 */
export function mergeAggregates(files: readonly { source: string; file: AggregateFile }[], options: KaplanMeierOptions = {}): MergedAggregate {
  if (files.length === 0) throw new AggregateError('no aggregate files to merge');
  const [first] = files;
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const templateVersion = new Map<string, { version: number; source: string }>();
  for (const { source, file } of files) {
    const other = seen.get(file.providerId);
    if (other) problems.push(`${source} and ${other} are both provider "${file.providerId}"`);
    seen.set(file.providerId, source);
    if (!file.mergeable) problems.push(`${source}: provider "${file.providerId}" did not allow merging (its file has suppressed tables only); ask for a file made with --allow-merge`);
    if (file.asOf !== first!.file.asOf) problems.push(`${source} has cut-off ${file.asOf}, ${first!.source} has ${first!.file.asOf}: make every file with the same --as-of`);
    if (file.settings.horizonDays !== first!.file.settings.horizonDays || file.settings.maxGapDays !== first!.file.settings.maxGapDays) {
      problems.push(`${source} uses horizon ${file.settings.horizonDays} and max gap ${file.settings.maxGapDays} days, ${first!.source} ${first!.file.settings.horizonDays} and ${first!.file.settings.maxGapDays}: make every file with the same settings`);
    }
    if (minor(file.casepathVersion) !== minor(first!.file.casepathVersion)) {
      problems.push(`${source} was made by Casepath ${file.casepathVersion}, ${first!.source} by ${first!.file.casepathVersion}: indicators may be defined differently; remake the files with one version`);
    }
    for (const t of file.templates) {
      const known = templateVersion.get(t.id);
      if (known && known.version !== t.version) problems.push(`template "${t.id}" is at version ${t.version} in ${source} but ${known.version} in ${known.source}: compare like with like, or remake the files once every provider uses one version`);
      else if (!known) templateVersion.set(t.id, { version: t.version, source });
    }
  }
  if (problems.length) throw new AggregateError(`cannot merge these aggregate files:\n  - ${problems.join('\n  - ')}`);
  const horizonDays = first!.file.settings.horizonDays;
  const counts = mergeCounts(files.map((f) => f.file.counts!));
  const threshold = Math.max(...files.map((f) => f.file.threshold));
  return {
    providers: files.map((f) => f.file.providerId),
    asOf: first!.file.asOf,
    casepathVersions: [...new Set(files.map((f) => f.file.casepathVersion))],
    templates: [...templateVersion].map(([id, t]) => ({ id, version: t.version })).sort((a, b) => a.id.localeCompare(b.id)),
    settings: first!.file.settings,
    threshold,
    indicators: indicatorsFromCounts(counts, { ...options, horizonDays }),
    byProvider: files.map((f) => ({ providerId: f.file.providerId, indicators: indicatorsFromCounts(f.file.counts!, { ...options, horizonDays }) })),
    published: suppressSmallCells(countTables(counts, horizonDays), threshold),
    leftOut: {
      withoutStatisticsConsent: files.reduce((n, f) => n + (f.file.leftOut?.withoutStatisticsConsent ?? 0), 0),
      notSaidBy: files.filter((f) => !f.file.leftOut).map((f) => f.file.providerId),
    },
    counts,
  };
}
