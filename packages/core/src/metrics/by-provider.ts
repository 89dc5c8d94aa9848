import type { CaseRecord } from './case-record.js';
import type { KaplanMeierOptions } from './kaplan-meier.js';
import { logRank, type LogRankResult } from './log-rank.js';
import { placementRate, type Period } from './placement-rate.js';
import { retention, type RetentionOptions } from './retention.js';
import { timeToPlacement } from './time-to-placement.js';

export const PROVIDER_METRICS = ['retention', 'time-to-placement', 'placement-rate'] as const;
export type ProviderMetric = (typeof PROVIDER_METRICS)[number];

export interface ProviderRow {
  providerId: string;
  /** People the estimate rests on. */
  n: number;
  /** Retention at the horizon, median days to placement, or placement rate. */
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  /** Retention: the plain share among people with full follow-up, and its n. */
  plainShare?: number | null;
  plainN?: number;
}

export interface ProviderComparison {
  metric: ProviderMetric;
  rows: ProviderRow[];
  overall: ProviderRow;
  /**
   * For the survival metrics: do the providers' curves differ? For retention the test compares
   * first-spell tenure (a log-rank test needs one event per person; the headline share in work
   * is compared by its intervals).
   */
  logRank: LogRankResult | null;
}

export type ProviderComparisonOptions = RetentionOptions & KaplanMeierOptions & { period?: Period };

function groupByProvider(cases: readonly CaseRecord[]): Map<string, CaseRecord[]> {
  const groups = new Map<string, CaseRecord[]>();
  for (const c of cases) {
    const list = groups.get(c.providerId);
    if (list) list.push(c);
    else groups.set(c.providerId, [c]);
  }
  return new Map([...groups].sort((a, b) => a[0].localeCompare(b[0])));
}

function row(providerId: string, cases: readonly CaseRecord[], metric: ProviderMetric, options: ProviderComparisonOptions): ProviderRow {
  switch (metric) {
    case 'retention': {
      const r = retention(cases, options);
      return {
        providerId,
        n: r.placed,
        estimate: r.estimate?.value ?? null,
        lower: r.estimate?.lower ?? null,
        upper: r.estimate?.upper ?? null,
        plainShare: r.plain.share,
        plainN: r.plain.n,
      };
    }
    case 'time-to-placement': {
      const t = timeToPlacement(cases, options);
      return { providerId, n: t.curve.n, estimate: t.median, lower: t.medianLower, upper: t.medianUpper };
    }
    case 'placement-rate': {
      if (!options.period) throw new Error('placement-rate needs options.period ({ from, to })');
      const p = placementRate(cases, options.period, options);
      return { providerId, n: p.n, estimate: p.share, lower: p.lower, upper: p.upper };
    }
  }
}

/**
 * An indicator for each provider, with confidence intervals, the overall figure and, for the
 * survival metrics, a log-rank test of whether providers differ.
 *
 * @example
 * ```ts
 * const table = byProvider(cases, 'retention', { horizonDays: 365 });
 * table.rows.map((r) => [r.providerId, r.estimate]); //=> [['provider-01', 0.74], ['provider-02', 0.61], …]
 * table.logRank?.pValue; //=> 0.03
 * ```
 */
export function byProvider(cases: readonly CaseRecord[], metric: ProviderMetric, options: ProviderComparisonOptions = {}): ProviderComparison {
  if (!(PROVIDER_METRICS as readonly string[]).includes(metric)) {
    throw new Error(`unknown metric "${String(metric)}"; use one of ${PROVIDER_METRICS.join(', ')}`);
  }
  const groups = groupByProvider(cases);
  const rows = [...groups].map(([id, list]) => row(id, list, metric, options));
  let test: LogRankResult | null = null;
  if (metric !== 'placement-rate' && groups.size >= 2) {
    const observations =
      metric === 'retention' ? retention(cases, options).observations : timeToPlacement(cases, options).observations;
    const byGroup = new Map<string, { time: number; event: boolean }[]>();
    for (const o of observations) {
      const list = byGroup.get(o.providerId);
      if (list) list.push(o);
      else byGroup.set(o.providerId, [o]);
    }
    if (byGroup.size >= 2) test = logRank(byGroup);
  }
  return { metric, rows, overall: row('all', cases, metric, options), logRank: test };
}
