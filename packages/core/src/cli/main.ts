#!/usr/bin/env node
/**
 * `casepath`: outcome indicators from an event export, for analysts. Run `casepath --help`.
 */
import { createReadStream, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stdin, stdout, stderr, argv, exit } from 'node:process';
import { parseArgs } from 'node:util';
import { byProvider } from '../metrics/by-provider.js';
import { latestEventDate, type CaseRecord } from '../metrics/case-record.js';
import { addDays } from '../case/dates.js';
import { placementRate } from '../metrics/placement-rate.js';
import { retention } from '../metrics/retention.js';
import { timeToPlacement } from '../metrics/time-to-placement.js';
import { CONF_TYPES, type ConfType } from '../metrics/kaplan-meier.js';
import { simulatePopulation } from '../testing/simulate-population.js';
import { EXPORT_FORMATS, eventsToCsv, ExportRowError, readEventExport, type ExportFormat } from './read-export.js';
import { retentionSvg } from './retention-svg.js';
import { forestSvg, funnelSvg, type ForestRow } from './comparison-svg.js';
import { funnelPlot } from '../metrics/funnel.js';
import { goalAttainment } from '../metrics/goal-attainment.js';
import { esfResultIndicators } from '../metrics/esf-indicators.js';
import { cutOffProblem } from '../metrics/cut-off.js';
import { indicatorsFor, KEY_ADAPTATION_DOMAINS, tracksEmployment, type IndicatorKind } from '../metrics/service-indicators.js';
import { builtInTemplates } from '../templates/built-in/index.js';
import type { PlanTemplate } from '../schemas/plan-template.schema.js';
import { AggregateError, aggregateFile, mergeAggregates, parseAggregateFile, type MergedAggregate } from '../aggregates/aggregate-file.js';
import type { CountedIndicators } from '../aggregates/indicators-from-counts.js';

const HELP = `casepath: outcome indicators from a Casepath event export

Usage
  casepath metrics <export.ndjson|export.csv|-> [options]
  casepath aggregate <export> --provider ID --out FILE [--allow-merge] [--threshold N] [options]
  casepath merge <FILE.aggregate.json>... [--format table|json|csv]
  casepath simulate [--people N] [--providers N] [--years N] [--seed N] [--format ndjson|csv]

metrics options
  --input-format ndjson|csv   format of the export (default: from the file name, else ndjson)
  --format table|json|csv     how to print the indicators (default: table)
  --by-provider               one row per provider, with a log-rank test of first-job tenure
  --horizon DAYS              retention horizon after the first job (default: 365)
  --max-gap DAYS              join jobs separated by at most DAYS into one spell (default: 0)
  --as-of DATE                data cut-off, YYYY-MM-DD (default: the latest event)
  --conf-type log|log-log|plain   confidence limits' scale (default: log, as R's survfit)
  --plot FILE.svg             write the retention curve(s), share in work by day, as SVG
                              (by provider: up to six curves; more are unreadable)
  --funnel FILE.svg           with --by-provider: a funnel plot of providers' retention
                              against their size, with 95% and 99.8% limits
  --forest FILE.svg           with --by-provider: each provider's retention with its interval
  --skip-invalid              report invalid rows and go on (default: stop at the first)
  -h, --help                  show this help

aggregate options (a provider's figures to share, no personal data)
  --provider ID               the provider whose cases to count (required)
  --out FILE                  where to write the aggregate file (required)
  --allow-merge               include the unsuppressed counts, so a region can merge them
                              exactly (default: suppressed tables only)
  --threshold N               suppress published counts below N (default: 5)
  --as-of, --horizon, --max-gap, --input-format, --skip-invalid   as for metrics

merge options
  --format table|json|csv     how to print the regional indicators (default: table)
  --funnel FILE.svg, --forest FILE.svg   compare the providers, as for metrics

Examples
  casepath simulate --people 2000 > events.ndjson
  casepath metrics events.ndjson
  casepath metrics events.ndjson --by-provider --plot retention.svg
  casepath metrics export.csv --format json --horizon 180 --as-of 2026-06-30
  cat events.ndjson | casepath metrics - --format csv
  casepath aggregate events.ndjson --provider provider-01 --allow-merge --out p01.aggregate.json
  casepath merge p01.aggregate.json p02.aggregate.json p03.aggregate.json

Indicators (definitions in docs/metrics.md)
  retention           in work at the horizon after entering the labour market, counting
                      re-placement: Aalen-Johansen estimate (everyone, censored only where
                      follow-up ends) and the plain share among people followed that long
  first-job tenure    the first employment spell lasting to the horizon
  ESF+                participants in employment (incl. self-employment) upon leaving and six
                      months after leaving (follow-ups recorded on closed cases)
  goal achieved       people who achieved a goal in a domain (documents, housing, income for
                      social adaptation; every domain for family support), with median days
  (retention and placement rows only for services whose work includes jobs)
  time to placement   median days from programme entry to the first job
  placement rate      people placed in the last 12 months / people in the programme then
`;

class UsageError extends Error {}

interface Row {
  /** How to print the estimate: a share, a number of days, or a p-value. */
  kind: 'share' | 'days' | 'p' | 'mean';
  indicator: string;
  group: string;
  n: number;
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  note: string;
}

function printRows(rows: Row[], format: string): string {
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  if (format === 'csv') {
    const cell = (v: string | number | null) => {
      const s = v === null ? '' : String(v);
      return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    };
    return `${['indicator', 'group', 'n', 'estimate', 'lower', 'upper', 'note'].join(',')}\n${rows
      .map((r) => [r.indicator, r.group, r.n, r.estimate, r.lower, r.upper, r.note].map(cell).join(','))
      .join('\n')}\n`;
  }
  const num = (v: number | null, kind: Row['kind']) =>
    v === null ? '–' : kind === 'share' ? `${(v * 100).toFixed(1)}%` : kind === 'days' ? v.toFixed(0) : kind === 'mean' ? v.toFixed(2) : v < 0.001 ? '< 0.001' : v.toFixed(3);
  const table = rows.map((r) => [
    r.indicator,
    r.group,
    String(r.n),
    num(r.estimate, r.kind),
    r.lower === null && r.upper === null ? '' : `${num(r.lower, r.kind)} – ${num(r.upper, r.kind)}`,
    r.note,
  ]);
  const head = ['indicator', 'group', 'n', 'estimate', '95% CI', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return `${[line(head), widths.map((w) => '─'.repeat(w)).join('  '), ...table.map(line)].join('\n')}\n`;
}

/** A number given for `--name`, or `fallback`; a count of days or people is whole, and `min` or more. */
function number(value: string | undefined, name: string, fallback: number, { whole = false, min = 0 } = {}): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || (whole && !Number.isInteger(n))) {
    throw new UsageError(`--${name} must be ${whole ? 'a whole number' : 'a number'} ≥ ${min}, got "${value}"`);
  }
  return n;
}
/** Days, as the indicators count them: whole, and 1 or more for a horizon. */
const HORIZON = { whole: true, min: 1 };
const DAYS = { whole: true, min: 0 };

async function metrics(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'input-format': { type: 'string' },
      format: { type: 'string', default: 'table' },
      'by-provider': { type: 'boolean', default: false },
      horizon: { type: 'string' },
      'max-gap': { type: 'string' },
      'as-of': { type: 'string' },
      'conf-type': { type: 'string', default: 'log' },
      plot: { type: 'string' },
      funnel: { type: 'string' },
      forest: { type: 'string' },
      'skip-invalid': { type: 'boolean', default: false },
    },
  });
  const file = positionals[0];
  if ((values.funnel || values.forest) && !values['by-provider']) throw new UsageError('--funnel and --forest compare providers: add --by-provider');
  if (!file) throw new UsageError('name the export to read (a file, or - for standard input)');
  if (!['table', 'json', 'csv'].includes(values.format)) throw new UsageError(`--format must be table, json or csv, got "${values.format}"`);
  if (!(CONF_TYPES as readonly string[]).includes(values['conf-type'])) throw new UsageError(`--conf-type must be one of ${CONF_TYPES.join(', ')}`);
  const inputFormat = (values['input-format'] ?? (file.endsWith('.csv') ? 'csv' : 'ndjson')) as ExportFormat;
  if (!(EXPORT_FORMATS as readonly string[]).includes(inputFormat)) throw new UsageError(`--input-format must be ndjson or csv, got "${inputFormat}"`);
  const asOf = values['as-of'];
  const asOfProblem = asOf === undefined ? null : cutOffProblem(asOf);
  if (asOfProblem) throw new UsageError(`--as-of ${asOfProblem}`);
  const horizonDays = number(values.horizon, 'horizon', 365, HORIZON);
  const maxGapDays = number(values['max-gap'], 'max-gap', 0, DAYS);
  const confType = values['conf-type'] as ConfType;

  const progress = stderr.isTTY ? (n: number) => stderr.write(`\rread ${n.toLocaleString('en')} rows…`) : undefined;
  const input = file === '-' ? stdin : createReadStream(file);
  const { cases, events, invalid } = await readEventExport(input, {
    format: inputFormat,
    skipInvalid: values['skip-invalid'],
    onInvalid: (e) => stderr.write(`skipped ${e.message}\n`),
    ...(progress ? { onProgress: progress } : {}),
  });
  if (progress) stderr.write('\r');
  stderr.write(`read ${events.toLocaleString('en')} events of ${cases.length.toLocaleString('en')} cases${invalid ? `, skipped ${invalid} invalid row(s)` : ''}\n`);
  if (cases.length === 0) throw new UsageError('the export has no events');

  const cutoff = asOf ?? latestEventDate(cases);
  const options = { asOf: cutoff, horizonDays, maxGapDays, confType };
  const rows: Row[] = [];
  const curves: { label: string; curve: ReturnType<typeof retention>['curve'] }[] = [];
  const estimates: ({ group: string; n: number } & NonNullable<ReturnType<typeof retention>['estimate']>)[] = [];
  const groups: [string, CaseRecord[]][] = [['all', cases]];
  if (values['by-provider']) {
    const byId = new Map<string, CaseRecord[]>();
    for (const c of cases) (byId.get(c.providerId) ?? byId.set(c.providerId, []).get(c.providerId)!).push(c);
    groups.push(...[...byId].sort((a, b) => a[0].localeCompare(b[0])));
  }
  const period = { from: addDays(cutoff, -364), to: cutoff };
  for (const [group, list] of groups) {
    const applies = applicableIndicators(list);
    const r = retention(list, options);
    if (applies.has('retention')) {
      const p = timeToPlacement(list, options);
      const rate = placementRate(list, period);
      rows.push(
        { kind: 'share', indicator: `in work ${horizonDays} days after the first job (Aalen-Johansen)`, group, n: r.placed, estimate: r.estimate?.value ?? null, lower: r.estimate?.lower ?? null, upper: r.estimate?.upper ?? null, note: r.estimate ? `re-placement counted; ${r.estimate.nRisk} still followed at day ${horizonDays}` : missingRetention(r.placed, r.followedTo, horizonDays) },
        { kind: 'share', indicator: `in work ${horizonDays} days after the first job (plain share)`, group, n: r.plain.n, estimate: r.plain.share, lower: r.plain.lower, upper: r.plain.upper, note: 'people followed for the whole horizon' },
        { kind: 'share', indicator: `first-job tenure ≥ ${horizonDays} days (Kaplan-Meier)`, group, n: r.placed, estimate: r.firstSpell?.value ?? null, lower: r.firstSpell?.lower ?? null, upper: r.firstSpell?.upper ?? null, note: r.firstSpell || r.placed === 0 ? `jobs joined across gaps ≤ ${maxGapDays} days` : missingFirstJob(horizonDays) },
        { kind: 'days', indicator: 'time to placement (median days)', group, n: p.curve.n, estimate: p.median, lower: p.medianLower, upper: p.medianUpper, note: placedWithinYear(p.placedBy[2]!.share, p.curve.n) },
        { kind: 'share', indicator: 'placement rate, last 12 months', group, n: rate.n, estimate: rate.share, lower: rate.lower, upper: rate.upper, note: `${rate.from} to ${rate.to}` },
      );
      const esf = esfResultIndicators(list, period, { asOf: cutoff });
      const e6 = esf.sixMonthsAfter.employed;
      rows.push(
        { kind: 'share', indicator: 'ESF+: in employment upon leaving', group, n: esf.left, estimate: esf.uponLeaving.employed.share, lower: esf.uponLeaving.employed.lower, upper: esf.uponLeaving.employed.upper, note: `left ${period.from} to ${period.to}; incl. self-employment` },
        esf.sixMonthsAfter.followedUp === 0
          ? { kind: 'share', indicator: 'ESF+: in employment six months after leaving', group, n: e6.n, estimate: null, lower: null, upper: null, note: 'no follow-ups recorded: record them on closed cases (followup.record)' }
          : { kind: 'share', indicator: 'ESF+: in employment six months after leaving', group, n: e6.n, estimate: e6.share, lower: e6.lower, upper: e6.upper, note: `${esf.sixMonthsAfter.followedUp} of ${e6.n} followed up; no follow-up counts as not employed` },
      );
    }
    const domains = headlineGoalDomains(list);
    if (domains.length) {
      for (const g of goalAttainment(list, { asOf: cutoff, confType, domains })) {
        rows.push({ kind: 'share', indicator: `goal achieved: ${g.domain}`, group, n: g.people, estimate: g.achieved.share, lower: g.achieved.lower, upper: g.achieved.upper, note: g.medianDays === null ? 'people with a goal in it' : `median ${g.medianDays} days from first goal` });
      }
    }
    if (r.placed > 0) curves.push({ label: group, curve: r.curve });
    if (r.estimate) estimates.push({ group, ...r.estimate });
  }
  if (values['by-provider']) {
    const test = byProvider(cases, 'retention', options).logRank;
    if (test) {
      const n = test.groups.reduce((sum, g) => sum + g.n, 0);
      rows.push({ kind: 'p', indicator: 'providers differ in first-job tenure (log-rank p)', group: 'providers', n, estimate: test.pValue, lower: null, upper: null, note: `chi-square ${test.chiSquare.toFixed(2)} on ${test.df} df` });
    }
  }
  stdout.write(printRows(rows, values.format));
  const [overall, ...providers] = estimates;
  if (overall && overall.group === 'all') {
    writeComparisons({ value: overall.value, stdErr: overall.stdErr ?? 0, n: overall.n, lower: overall.lower, upper: overall.upper }, providers.map((p) => ({ label: p.group, n: p.n, value: p.value, lower: p.lower, upper: p.upper })), values, horizonDays, cutoff);
  }
  if (values.plot) {
    if (curves.length > MAX_CURVES + 1) {
      stderr.write(`${curves.length - 1} providers: drawing the overall curve only (more than ${MAX_CURVES} curves are unreadable); compare providers with --funnel or --forest\n`);
      curves.splice(1);
    }
    writeFileSync(values.plot, retentionSvg(curves, { title: `In work after entering the labour market, re-placement counted (as of ${cutoff})`, marker: horizonDays, maxTime: horizonDays }));
    stderr.write(`wrote ${values.plot}\n`);
  }
}

/** The templates the cases were opened with (null for one Casepath does not know). */
function templatesOf(cases: readonly CaseRecord[]): (PlanTemplate | null)[] {
  const ids = new Set(cases.flatMap((c) => c.events.flatMap((e) => (e.type === 'case.open' ? [e.payload.templateId] : []))));
  return [...ids].map((id) => (builtInTemplates as Record<string, PlanTemplate | undefined>)[id] ?? null);
}

/**
 * What the cases' templates make meaningful: retention and placement only where the work
 * includes jobs. Cases of templates Casepath does not know count as employment services.
 */
function applicableIndicators(cases: readonly CaseRecord[]): Set<IndicatorKind> {
  const out = new Set<IndicatorKind>();
  for (const template of templatesOf(cases)) {
    for (const kind of template ? indicatorsFor(template) : (['retention', 'goal-attainment'] as const)) out.add(kind);
  }
  return out;
}

/**
 * Goal domains whose attainment is the headline of the cases' services without jobs: documents,
 * housing and income for social adaptation; every domain for family support. Employment
 * services have retention as their headline, so none.
 */
function headlineGoalDomains(cases: readonly CaseRecord[]): string[] {
  const out = new Set<string>();
  for (const template of templatesOf(cases)) {
    if (!template || !indicatorsFor(template).includes('goal-attainment') || tracksEmployment(template)) continue;
    const domains = template.goalDomains.map((d) => d.id);
    const key = domains.filter((d) => (KEY_ADAPTATION_DOMAINS as readonly string[]).includes(d));
    for (const d of key.length ? key : domains) out.add(d);
  }
  return [...out];
}

/** More curves than this on one plot cannot be told apart. */
const MAX_CURVES = 6;

/** Funnel and forest plots of providers' retention, where asked for. */
function writeComparisons(overall: { value: number; stdErr: number; n: number; lower: number | null; upper: number | null }, providers: ForestRow[], values: { funnel?: string | undefined; forest?: string | undefined }, horizonDays: number, asOf: string): void {
  const what = `In work ${horizonDays} days after the first job, by provider (as of ${asOf})`;
  if (values.funnel) {
    // Normal limits from the pooled estimate's spread per person, so they carry censoring and re-placement.
    const plot = funnelPlot(providers.map((p) => ({ id: p.label, n: p.n, value: p.value })), { target: overall.value, method: 'normal', sigma: overall.stdErr * Math.sqrt(overall.n) });
    writeFileSync(values.funnel, funnelSvg(plot, { title: what, xLabel: 'people placed (n)' }));
    stderr.write(`wrote ${values.funnel}: ${plot.points.filter((p) => p.position !== 'within').map((p) => `${p.id} ${p.position.replace('-', ' the ')}% limit`).join(', ') || 'every provider within the 95% limits'}\n`);
  }
  if (values.forest) {
    writeFileSync(values.forest, forestSvg(providers, { label: 'all providers', n: overall.n, value: overall.value, lower: overall.lower, upper: overall.upper }, { title: what }));
    stderr.write(`wrote ${values.forest}\n`);
  }
}

const SHARED_EXPORT_OPTIONS = {
  'input-format': { type: 'string' },
  horizon: { type: 'string' },
  'max-gap': { type: 'string' },
  'as-of': { type: 'string' },
  'skip-invalid': { type: 'boolean', default: false },
} as const;

async function aggregate(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...SHARED_EXPORT_OPTIONS, provider: { type: 'string' }, out: { type: 'string' }, 'allow-merge': { type: 'boolean', default: false }, threshold: { type: 'string' } },
  });
  const file = positionals[0];
  if (!file) throw new UsageError('aggregate needs an export file (or - for standard input); see --help');
  if (!values.provider) throw new UsageError('aggregate needs --provider ID: the provider whose cases to count');
  if (!values.out) throw new UsageError('aggregate needs --out FILE: where to write the aggregate file');
  const threshold = number(values.threshold, 'threshold', 5, { whole: true, min: 1 });
  const asOfArg = values['as-of'];
  const asOfProblem = asOfArg === undefined ? null : cutOffProblem(asOfArg);
  if (asOfProblem) throw new UsageError(`--as-of ${asOfProblem}`);
  const inputFormat = (values['input-format'] ?? (file.endsWith('.csv') ? 'csv' : 'ndjson')) as ExportFormat;
  if (!(EXPORT_FORMATS as readonly string[]).includes(inputFormat)) throw new UsageError(`--input-format must be ndjson or csv, got "${inputFormat}"`);
  const { cases } = await readEventExport(file === '-' ? stdin : createReadStream(file), {
    format: inputFormat,
    skipInvalid: values['skip-invalid'],
    onInvalid: (e) => stderr.write(`skipped ${e.message}\n`),
  });
  if (cases.length === 0) throw new UsageError('the export has no events');
  const mine = cases.filter((c) => c.providerId === values.provider);
  if (mine.length === 0) {
    const known = [...new Set(cases.map((c) => c.providerId))].sort();
    throw new UsageError(`no cases of provider "${values.provider}" in the export; it has ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', …' : ''}`);
  }
  // The cut-off is the whole export's, so providers cut from one export agree.
  const asOf = asOfArg ?? latestEventDate(cases);
  const result = aggregateFile(mine, {
    providerId: values.provider,
    asOf,
    horizonDays: number(values.horizon, 'horizon', 365, HORIZON),
    maxGapDays: number(values['max-gap'], 'max-gap', 0, DAYS),
    threshold,
    mergeable: values['allow-merge'],
  });
  writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
  const leftOut = result.leftOut?.withoutStatisticsConsent ?? 0;
  const counted = `${mine.length - leftOut} cases of ${values.provider} as of ${asOf}${leftOut ? ` (${leftOut} left out: no consent to statistics)` : ''}`;
  stderr.write(`wrote ${values.out}: ${counted}, ${result.mergeable ? 'counts included for merging' : 'suppressed tables only (add --allow-merge to share mergeable counts)'}\n`);
}

/** Why there is no retention estimate: nobody placed, or nobody followed to the horizon yet. */
function missingRetention(placed: number, followedTo: number | null, horizonDays: number): string {
  return placed === 0 ? 'nobody placed' : `not known yet: nobody followed ${horizonDays} days after a first job (longest ${followedTo ?? 0} days)`;
}

/** Why there is no first-job tenure: the longest first job seen was still going before the horizon. */
function missingFirstJob(horizonDays: number): string {
  return `not known yet: no first job seen to day ${horizonDays}, and the longest was still going`;
}

/** The share placed within a year, or why it is not known. */
function placedWithinYear(share: number | null, people: number): string {
  if (people === 0) return '';
  return share === null ? 'share placed within 365 days not known yet: nobody still searching followed that long' : `${(share * 100).toFixed(1)}% placed within 365 days`;
}

function indicatorRows(group: string, ind: CountedIndicators, horizonDays: number): Row[] {
  const r = ind.retention;
  const rows: Row[] = [
    { kind: 'share', indicator: `in work ${horizonDays} days after the first job (Aalen-Johansen)`, group, n: ind.placed, estimate: r.estimate?.value ?? null, lower: r.estimate?.lower ?? null, upper: r.estimate?.upper ?? null, note: r.estimate ? `Greenwood-type interval; ${r.estimate.nRisk} still followed` : missingRetention(ind.placed, r.followedTo, horizonDays) },
    { kind: 'share', indicator: `in work ${horizonDays} days after the first job (plain share)`, group, n: r.plain.n, estimate: r.plain.share, lower: r.plain.lower, upper: r.plain.upper, note: 'people followed for the whole horizon' },
    { kind: 'share', indicator: `first-job tenure ≥ ${horizonDays} days (Kaplan-Meier)`, group, n: ind.placed, estimate: r.firstSpell?.value ?? null, lower: r.firstSpell?.lower ?? null, upper: r.firstSpell?.upper ?? null, note: r.firstSpell || ind.placed === 0 ? '' : missingFirstJob(horizonDays) },
    { kind: 'days', indicator: 'time to placement (median days)', group, n: ind.timeToPlacement.n, estimate: ind.timeToPlacement.median, lower: ind.timeToPlacement.lower, upper: ind.timeToPlacement.upper, note: placedWithinYear(ind.timeToPlacement.placedWithinYear, ind.timeToPlacement.n) },
    { kind: 'share', indicator: 'placement rate, last 12 months', group, n: ind.placementRate.n, estimate: ind.placementRate.share, lower: ind.placementRate.lower, upper: ind.placementRate.upper, note: '' },
  ];
  const esf = ind.esf;
  rows.push({ kind: 'share', indicator: 'ESF+: in employment upon leaving', group, n: esf.left, estimate: esf.employedUponLeaving.share, lower: esf.employedUponLeaving.lower, upper: esf.employedUponLeaving.upper, note: 'left in the last 12 months; incl. self-employment' });
  rows.push(
    esf.followedUpSixMonths === 0
      ? { kind: 'share', indicator: 'ESF+: in employment six months after leaving', group, n: esf.employedSixMonths.n, estimate: null, lower: null, upper: null, note: 'no follow-ups recorded' }
      : { kind: 'share', indicator: 'ESF+: in employment six months after leaving', group, n: esf.employedSixMonths.n, estimate: esf.employedSixMonths.share, lower: esf.employedSixMonths.lower, upper: esf.employedSixMonths.upper, note: `${esf.followedUpSixMonths} followed up` },
  );
  for (const g of ind.goals) {
    rows.push({ kind: 'share', indicator: `goal achieved: ${g.domain}`, group, n: g.people, estimate: g.achieved.share, lower: g.achieved.lower, upper: g.achieved.upper, note: g.medianDays === null ? '' : `median ${g.medianDays} days from first goal` });
  }
  for (const d of ind.distanceTravelled) {
    rows.push({ kind: 'mean', indicator: `distance travelled: ${d.instrumentId} ${d.domain} (${d.respondent})`, group, n: d.n, estimate: d.meanChange, lower: d.lower, upper: d.upper, note: 'mean change, first to last assessment' });
  }
  return rows;
}

function merge(args: string[]): void {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string', default: 'table' }, funnel: { type: 'string' }, forest: { type: 'string' } } });
  if (positionals.length === 0) throw new UsageError('merge needs one or more aggregate files; see --help');
  if (!['table', 'json', 'csv'].includes(values.format)) throw new UsageError(`--format must be table, json or csv, got "${values.format}"`);
  const files = positionals.map((source) => {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(source, 'utf8'));
    } catch (error) {
      if (error instanceof SyntaxError) throw new AggregateError(`${source} is not JSON: ${error.message}`);
      throw error;
    }
    return { source, file: parseAggregateFile(json, source) };
  });
  const merged: MergedAggregate = mergeAggregates(files);
  const { withoutStatisticsConsent, notSaidBy } = merged.leftOut;
  stderr.write(
    `merged ${merged.providers.length} providers as of ${merged.asOf}; ${withoutStatisticsConsent} people left out for want of consent to statistics${notSaidBy.length ? ` (${notSaidBy.join(', ')} made their files before this was counted)` : ''}\n`,
  );
  const regional = merged.indicators.retention.estimate;
  if (regional) {
    const providers = merged.byProvider.flatMap((p) => {
      const e = p.indicators.retention.estimate;
      return e ? [{ label: p.providerId, n: e.n, value: e.value, lower: e.lower, upper: e.upper }] : [];
    });
    writeComparisons({ value: regional.value, stdErr: regional.stdErr ?? 0, n: regional.n, lower: regional.lower, upper: regional.upper }, providers, values, merged.settings.horizonDays, merged.asOf);
  }
  if (values.format === 'json') {
    stdout.write(`${JSON.stringify(merged, null, 2)}\n`);
    return;
  }
  const horizon = merged.settings.horizonDays;
  const rows = [...indicatorRows('region', merged.indicators, horizon)];
  // Retention rows only for providers that placed someone: none for a foster-family service.
  for (const p of merged.byProvider) if (p.indicators.placed > 0) rows.push(indicatorRows(p.providerId, p.indicators, horizon)[0]!);
  stdout.write(printRows(rows, values.format));
  if (values.format === 'table') {
    const cell = (v: number | null) => (v === null ? `< ${merged.threshold} (suppressed)` : String(v));
    stdout.write(`\nFor publication (counts below ${merged.threshold} suppressed, with others so none can be worked out):\n`);
    for (const t of merged.published) {
      stdout.write(`  ${t.name}${t.total ? `: ${t.total.label} ${cell(t.total.value)}` : ''}\n`);
      for (const c of t.cells) stdout.write(`    ${c.label}: ${cell(c.value)}\n`);
    }
  }
}

function simulate(args: string[]): void {
  const { values } = parseArgs({
    args,
    options: {
      people: { type: 'string' },
      providers: { type: 'string' },
      years: { type: 'string' },
      seed: { type: 'string' },
      format: { type: 'string', default: 'ndjson' },
    },
  });
  if (!(EXPORT_FORMATS as readonly string[]).includes(values.format)) throw new UsageError(`--format must be ndjson or csv, got "${values.format}"`);
  const population = simulatePopulation({
    people: number(values.people, 'people', 1000, { whole: true, min: 1 }),
    providers: number(values.providers, 'providers', 5, { whole: true, min: 1 }),
    years: Math.max(0.1, number(values.years, 'years', 3)),
    seed: number(values.seed, 'seed', 1, { whole: true }),
  });
  const events = population.cases.flatMap((c) => c.events);
  stdout.write(values.format === 'csv' ? eventsToCsv(events) : events.map((e) => JSON.stringify(e)).join('\n') + '\n');
}

export async function main(args: string[]): Promise<number> {
  try {
    const [command, ...rest] = args;
    if (command === undefined || command === '-h' || command === '--help' || rest.includes('--help') || rest.includes('-h')) {
      stdout.write(HELP);
      return command === undefined ? 1 : 0;
    }
    if (command === 'metrics') await metrics(rest);
    else if (command === 'aggregate') await aggregate(rest);
    else if (command === 'merge') merge(rest);
    else if (command === 'simulate') simulate(rest);
    else throw new UsageError(`unknown command "${command}"; use metrics, aggregate, merge or simulate (see --help)`);
    return 0;
  } catch (error) {
    if (error instanceof ExportRowError || error instanceof UsageError || error instanceof AggregateError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      stderr.write(`casepath: ${error.message}\n`);
      return 2;
    }
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
      stderr.write(`casepath: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

// Run when executed (directly or through the `casepath` bin link), not when imported by tests.
if (argv[1] && realpathSync(argv[1]) === fileURLToPath(import.meta.url)) {
  main(argv.slice(2)).then((code) => exit(code), (error: unknown) => {
    stderr.write(`casepath: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    exit(1);
  });
}
