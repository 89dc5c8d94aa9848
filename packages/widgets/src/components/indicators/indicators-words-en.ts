import type { Message } from '../../i18n/messages.js';

/** The words of `<cp-indicators>` in English (see `indicatorsWords`); the other languages must have every key. */
const en = {
  'indicators.title': 'Indicators',
  'indicators.noServer': 'Indicators are counted on the organisation’s server; this page has none.',
  'indicators.signIn': 'Sign in as the organisation’s analyst, or as a centre’s coordinator or supervisor, to see the indicators.',
  'indicators.notAllowed': 'Only the organisation’s analysts and the centres’ coordinators and supervisors see the indicators.',
  'indicators.failed': 'The indicators could not be read: {reason}.',
  'indicators.retry': 'Try again',
  'indicators.cutOff': 'Counted up to',
  'indicators.show': 'Show',
  'indicators.cutOffMissing': 'Choose a date.',
  'indicators.cutOffFuture': 'Choose today or an earlier date.',
  'indicators.nothing': 'There are no cases to count yet.',
  'indicators.caption': 'Counted up to {date}',
  'indicators.leftOut': 'Not counted, because they did not agree to be counted in reports: {count}.',
  'indicators.measure': 'Indicator',
  'indicators.all': 'All centres',
  'indicators.people': 'People counted',
  'indicators.placed': 'Held a job',
  'indicators.retained': 'In work {days} days after the first job, finding work again counted',
  'indicators.firstJob': 'Still in the first job after {days} days',
  'indicators.daysToJob': 'Days to the first job (median)',
  'indicators.placementRate': 'Started a job in the last 12 months',
  'indicators.employedLeaving': 'In work on leaving (of those who left in the last 12 months)',
  'indicators.tooFew': 'too few to say',
  'indicators.notYet': 'not known yet: nobody followed so long',
  'indicators.intervals': 'In brackets: the 95% interval, where the true value most likely lies.',
  'indicators.download': 'Download the figures (CSV)',
  'indicators.downloaded': 'The file {file} is downloaded.',
  'indicators.allMembers': 'All members',
  'indicators.noFiles': 'No member has sent its figures yet.',
  'indicators.noFilesFor': 'No member has sent its figures for {date}. Choose another date.',
  'indicators.notSaid': 'These members’ figures do not say how many people were left out: {providers}.',
  'indicators.loaded': 'Indicators counted up to {date}.',
} satisfies Record<string, Message>;

export type IndicatorsKey = keyof typeof en;
export type IndicatorsCatalogue = Record<IndicatorsKey, Message>;

export default en as IndicatorsCatalogue;
