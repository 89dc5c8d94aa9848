import * as z from 'zod/mini';
import { minLength, maxLength } from '../schemas/length-checks.js';

/** The version of the aggregate file format; a reader refuses files of another. */
export const AGGREGATE_FORMAT_VERSION = 1;

const Count = z.number().check(z.int(), z.gte(0));
const Day = z.number().check(z.int(), z.gte(0));
const CalendarDate = z.iso.date();
/** Organisation, template, instrument and domain ids: never a person's. */
const Code = z.string().check(minLength(1), maxLength(100), z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: 'ids use letters, digits, ".", "_" and "-"' }));

const StateCountRow = z.strictObject({
  time: Day,
  entered: z.array(Count),
  left: z.array(Count),
  moved: z.array(z.array(Count)),
});

const SurvivalCountRow = z.strictObject({ time: Day, events: Count, censored: Count });

const Ratio = z.strictObject({ count: Count, n: Count });

/** Sums behind a mean change and its interval: n, Σ change, Σ change². */
const ChangeSums = z.strictObject({
  instrumentId: Code,
  respondent: z.enum(['self', 'staff']),
  domain: Code,
  n: Count,
  sum: z.number(),
  sumOfSquares: z.number().check(z.gte(0)),
});

const PublishedCell = z.strictObject({ label: z.string().check(maxLength(200)), value: z.nullable(Count) });
const PublishedTable = z.strictObject({ name: z.string().check(maxLength(200)), total: z.nullable(PublishedCell), cells: z.array(PublishedCell) });

/**
 * The unsuppressed counts behind every indicator, mergeable exactly. Present only when the
 * provider allowed merging; they are small cells by nature (one row per day).
 */
export const AggregateCounts = z.strictObject({
  /** Cases counted (people in the programme in the period). */
  people: Count,
  /** People who held at least one job. */
  placed: Count,
  /** Time in and out of work by day since the first job: the Aalen-Johansen retention. */
  employment: z.strictObject({ states: z.tuple([z.literal('work'), z.literal('out')]), rows: z.array(StateCountRow) }),
  /** First spell's end by day since the first job: first-job tenure (Kaplan-Meier). */
  firstSpell: z.array(SurvivalCountRow),
  /** In work at the horizon, of people followed that long. */
  retainedPlain: Ratio,
  /** First job by day since entering the programme: time to placement. */
  placement: z.array(SurvivalCountRow),
  /** Placed in the last twelve months to `asOf`, of people in the programme then. */
  placementRate: Ratio,
  /** Change between each person's first and last scored assessment, per instrument and domain. */
  distanceTravelled: z.array(ChangeSums),
  /** Per goal domain: people with a goal in it, how many achieved one, and the time to it by day. */
  goals: z.array(z.strictObject({ domain: Code, people: Count, achieved: Count, time: z.array(SurvivalCountRow) })),
  /** ESF+ common result indicators, for people who left in the last twelve months to `asOf`. */
  esf: z.strictObject({
    left: Count,
    employedUponLeaving: Count,
    jobSearchingUponLeaving: Count,
    educationUponLeaving: Count,
    /** Left at least six months before `asOf`. */
    dueSixMonths: Count,
    followedUpSixMonths: Count,
    employedSixMonths: Count,
  }),
});
export type AggregateCounts = z.infer<typeof AggregateCounts>;

/**
 * A provider's aggregate file: what one provider shares with a region or a funder, with no
 * ids of people, no dates of birth and no free text. Documented in `docs/metrics.md`.
 */
export const AggregateFile = z.strictObject({
  format: z.literal('casepath-aggregate'),
  formatVersion: z.literal(AGGREGATE_FORMAT_VERSION),
  /** The Casepath version that made it: indicators are defined by it. */
  casepathVersion: z.string().check(z.regex(/^\d+\.\d+\.\d+/)),
  providerId: Code,
  /** The data cut-off; follow-up of everyone still in ends here. */
  asOf: CalendarDate,
  /** Templates (and their versions) of the cases counted. */
  templates: z.array(z.strictObject({ id: Code, version: z.number().check(z.int(), z.gte(1)) })),
  settings: z.strictObject({
    horizonDays: z.number().check(z.int(), z.gte(1)),
    maxGapDays: z.number().check(z.int(), z.gte(0)),
  }),
  /** Small-cell rule applied to `published`. */
  threshold: z.number().check(z.int(), z.gte(1)),
  /** Whether the provider allowed its unsuppressed counts to be merged (then `counts` is present). */
  mergeable: z.boolean(),
  counts: z.optional(AggregateCounts),
  /**
   * People not counted: those who had not consented to statistics (or had withdrawn) at the
   * cut-off. Absent in files made before Casepath counted consent (0.1 files of 2026-11).
   */
  leftOut: z.optional(z.strictObject({ withoutStatisticsConsent: Count })),
  /** The same figures as tables for publication, small cells suppressed. */
  published: z.array(PublishedTable),
});
export type AggregateFile = z.infer<typeof AggregateFile>;
