import { type CaseEvent, type CaseEventType, type Language, type PlanTemplate } from '@casepath/core';
import { formatDate, msg, pick } from './localize.js';
import type { MessageKey } from './messages.js';

/** What the history needs to put an event in words: the case's template and who is who. */
export interface SentenceContext {
  lang: Language;
  template: PlanTemplate;
  /** A worker's name by id; unknown ids are shown as they are. */
  nameOf: (workerId: string) => string | undefined;
  /** An instrument's title by id, in `lang` (built-in instruments load on demand, so it may not be known yet). */
  instrumentTitle: (instrumentId: string) => string | undefined;
}

/** Kinds of event a person filters the history by. */
export const HISTORY_KINDS = ['case', 'plan', 'support', 'work', 'referrals', 'assessments', 'people'] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

/** The kind of each event, by the first part of its type (`goal.add` → plan). */
const KIND_OF: Record<string, HistoryKind> = {
  case: 'case',
  stage: 'case',
  approval: 'case',
  consent: 'people',
  worker: 'people',
  goal: 'plan',
  action: 'plan',
  activity: 'plan',
  assessment: 'assessments',
  review: 'assessments',
  support: 'support',
  job: 'work',
  followup: 'work',
  referral: 'referrals',
};

export function historyKind(type: CaseEventType): HistoryKind {
  return KIND_OF[type.slice(0, type.indexOf('.'))]!;
}

/** Titles of what later events refer to by id (goals, actions, jobs, referrals), from a case's history. */
export interface HistoryIndex {
  goals: Map<string, string>;
  actions: Map<string, string>;
  jobs: Map<string, string>;
  referrals: Map<string, string>;
}

export function indexHistory(history: readonly CaseEvent[]): HistoryIndex {
  const index: HistoryIndex = { goals: new Map(), actions: new Map(), jobs: new Map(), referrals: new Map() };
  for (const e of history) {
    if (e.type === 'goal.add') index.goals.set(e.payload.goalId, e.payload.title);
    else if (e.type === 'action.add') index.actions.set(e.payload.actionId, e.payload.title);
    else if (e.type === 'job.start') index.jobs.set(e.payload.jobId, e.payload.title ? `${e.payload.title}, ${e.payload.employer}` : e.payload.employer);
    else if (e.type === 'referral.send') index.referrals.set(e.payload.referralId, e.payload.to);
  }
  return index;
}

/**
 * One event as a sentence in the person's language: who (name and role), what, and the titles
 * of what it refers to, never an event type or an id where a name is known. "Ewa (job coach)
 * recorded 45 minutes of support: at the workplace".
 */
export function eventSentence(event: CaseEvent, index: HistoryIndex, ctx: SentenceContext): string {
  const { lang, template } = ctx;
  const t = (key: MessageKey, values?: Record<string, string | number>) => msg(lang, key, values);
  const person = (id: string, role?: string) => {
    const name = ctx.nameOf(id);
    // A client recording their own assessment has no name in the staff directory.
    if (role === 'client' && name === undefined) return t('history.client');
    return role ? t('history.who', { name: name ?? id, role: t(`role.${role}` as MessageKey) }) : (name ?? id);
  };
  const who = person(event.actor.id, event.actor.role);
  const goal = (id: string) => index.goals.get(id) ?? t('history.unknownGoal');
  const say = (values: Record<string, string | number> = {}) => t(`history.${event.type}` as MessageKey, { who, ...values });
  switch (event.type) {
    case 'case.open':
      return say({ template: pick(template.title, lang) });
    case 'case.pause':
    case 'case.resume':
    case 'case.reopen':
      return say();
    case 'review.hold': {
      const took = event.payload.participants ?? [];
      if (!took.length) return say();
      const people = took.map((id) => (id === 'client' ? t('role.client') : person(id))).join(', ');
      return t('history.review.holdWith', { who, people });
    }
    case 'case.close': {
      const outcome = template.outcomes.find((o) => o.id === event.payload.outcome);
      return say({ outcome: outcome ? pick(outcome.title, lang) : event.payload.outcome });
    }
    case 'consent.grant':
    case 'consent.withdraw':
      return say({ purpose: t(`purpose.${event.payload.purpose}`) });
    case 'worker.assign':
      return say({ worker: person(event.payload.workerId), role: t(`role.${event.payload.role}`) });
    case 'worker.unassign':
      return say({ worker: person(event.payload.workerId) });
    case 'stage.enter': {
      const stage = template.stages.find((s) => s.id === event.payload.stage);
      return say({ stage: stage ? pick(stage.title, lang) : event.payload.stage });
    }
    case 'goal.add': {
      const domain = template.goalDomains.find((d) => d.id === event.payload.domain);
      return say({ goal: event.payload.title, domain: domain ? pick(domain.title, lang) : event.payload.domain });
    }
    case 'goal.achieve':
    case 'goal.drop':
      return say({ goal: goal(event.payload.goalId) });
    case 'goal.update': {
      const p = event.payload;
      const changes = [
        ...(p.ownerId !== undefined ? [t('history.goalOwner', { owner: person(p.ownerId) })] : []),
        ...(p.due === undefined ? [] : [p.due === null ? t('history.goalNoDue') : t('history.goalDue', { date: formatDate(lang, p.due) })]),
      ];
      return say({ goal: goal(p.goalId), change: changes.join(', ') });
    }
    case 'action.add':
      return say({ action: event.payload.title });
    case 'action.done':
      return say({ action: index.actions.get(event.payload.actionId) ?? '' });
    case 'assessment.record': {
      return say({ instrument: ctx.instrumentTitle(event.payload.instrumentId) ?? event.payload.instrumentId, respondent: t(`respondent.${event.payload.respondent}`) });
    }
    case 'support.log':
      return say({ minutes: t('history.minutes', { count: event.payload.minutes }), mode: t(`mode.${event.payload.mode}`) });
    case 'job.start':
      return say({ job: index.jobs.get(event.payload.jobId) ?? event.payload.employer, market: t(event.payload.openMarket ? 'market.open' : 'market.sheltered') });
    case 'job.end':
      return say({ job: index.jobs.get(event.payload.jobId) ?? t('history.unknownJob'), reason: t(`jobEnd.${event.payload.endReason}`) });
    case 'referral.send':
      return say({ to: event.payload.to, service: event.payload.service });
    case 'referral.accept':
    case 'referral.decline':
      return say({ to: index.referrals.get(event.payload.referralId) ?? t('history.unknownReferral') });
    case 'referral.complete':
      return say({ to: index.referrals.get(event.payload.referralId) ?? t('history.unknownReferral'), outcome: event.payload.outcome });
    case 'approval.grant':
    case 'approval.refuse':
      return say({ subject: t(`approval.${event.payload.subject}`) });
    case 'activity.done': {
      // A scheduled activity's id is its template activity's, then `@` and the seq it was scheduled at.
      const activity = template.activities?.find((a) => a.id === event.payload.activityId.replace(/@\d+$/, ''));
      return say({ activity: activity ? pick(activity.title, lang) : event.payload.activityId });
    }
    case 'followup.record':
      return say({ status: t(`followup.${event.payload.status}`), source: t(`source.${event.payload.source}`) });
  }
}
