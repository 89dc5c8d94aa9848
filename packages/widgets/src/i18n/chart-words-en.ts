import type { Message } from './messages.js';

/** The charts' words in English (see `chartWords`); the other languages must have every key. */
const en = {
  'chart.table': 'The figures as a table',
  'chart.domain': 'Area',
  'chart.respondent.self': 'by the person',
  'chart.respondent.staff': 'by staff',
  'chart.retention.title': 'Employment kept after starting work',
  'chart.retention.days': 'Days after starting work',
  'chart.retention.atRisk': 'Still followed',
  'chart.retention.survival': 'Still in work',
  'chart.retention.none': 'Nobody has started work yet.',
  'chart.retention.notYet': 'not known yet, nobody followed so long (at most {days} days)',
  'chart.retention.funnel.title': 'Providers compared',
  'chart.retention.funnel.size': 'People placed',
  'chart.retention.funnel.target': 'All providers',
  'chart.retention.funnel.key': 'Dashed lines: 95% limits. Solid lines: 99.8% limits. A provider outside the lines differs by more than chance.',
  'chart.retention.funnel.provider': 'Provider',
  'chart.retention.funnel.value': 'In work',
  'chart.retention.funnel.position': 'Against the limits',
  'chart.retention.funnel.within': 'within the limits',
  'chart.retention.funnel.above-95': 'above the 95% limit',
  'chart.retention.funnel.below-95': 'below the 95% limit',
  'chart.retention.funnel.above-99.8': 'above the 99.8% limit',
  'chart.retention.funnel.below-99.8': 'below the 99.8% limit',
  'chart.distance.title': 'Distance travelled',
  'chart.distance.none': 'No assessments yet.',
} satisfies Record<string, Message>;

export type ChartKey = keyof typeof en;
export type ChartCatalogue = Record<ChartKey, Message>;

export default en as ChartCatalogue;
