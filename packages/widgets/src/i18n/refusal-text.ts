import type { Language, PlanTemplate, RefusalReason } from '@casepath/core';
import { formatDate, formatInstant, msg, pick } from './localize.js';
import type { MessageKey } from './messages.js';
import { requirementText } from './requirement-text.js';

/** What a page knows to say a refusal: its language, the case's template and people's names. */
export interface RefusalContext {
  lang: Language;
  /** The case's template, for its stages' and outcomes' titles; null when the page has none. */
  template: PlanTemplate | null;
  nameOf: (workerId: string) => string | undefined;
  instrumentTitle?: (instrumentId: string) => string | undefined;
}

/**
 * Why a change was refused, in the page's language, with the case's titles and people's names.
 * A fault of the page (a made-up id, a template the case does not use: nothing a person can act
 * on) says so around core's English words (`english`, the refusal's `reason`). Null when the
 * staff words are not loaded on this page: the caller then shows the English reason.
 */
export function refusalText(r: RefusalReason, english: string, ctx: RefusalContext): string | null {
  const t = (key: MessageKey, values?: Record<string, string | number>) => msg(ctx.lang, key, values);
  const at = (iso: string) => formatInstant(ctx.lang, iso);
  const stage = (id: string | null) => (id === null ? '' : pick(ctx.template?.stages.find((s) => s.id === id)?.title, ctx.lang) || id);
  const text = ((): string | null => {
    switch (r.code) {
      case 'dated-before-open':
        return t('refusal.dated-before-open', { at: at(r.at), since: at(r.openedAt) });
      case 'dated-before':
        return t(`refusal.dated-before.${r.what}`, { at: at(r.at), since: at(r.since), title: r.title ?? '' });
      case 'in-future':
        return t('refusal.in-future', { at: at(r.at) });
      case 'consent-not-granted':
        return t('refusal.consent-not-granted', { purpose: t(`purpose.${r.purpose}`) });
      case 'worker-already-assigned':
        return t('refusal.worker-already-assigned', { worker: ctx.nameOf(r.workerId) ?? r.workerId, role: t(`role.${r.role}`) });
      case 'worker-not-assigned':
        return t('refusal.worker-not-assigned', { worker: ctx.nameOf(r.workerId) ?? r.workerId });
      case 'goal-not-open':
        return t(r.status === 'achieved' ? 'refusal.goal-achieved' : 'refusal.goal-dropped', { title: r.title });
      case 'action-done':
        return t('refusal.action-done', { title: r.title });
      case 'job-ended':
        return t('refusal.job-ended', { employer: r.employer, date: formatDate(ctx.lang, r.endedAt) });
      case 'referral-status':
        return t(`refusal.referral-${r.status}`, { to: r.to });
      case 'approver-role':
        return t('refusal.approver-role', { role: t(`role.${r.role}`) });
      case 'activity-done':
      case 'case-closed':
      case 'follow-up-while-open':
      case 'not-closed':
      case 'already-paused':
      case 'not-paused':
      case 'case-paused':
      case 'stale-view':
        return t(`refusal.${r.code}`);
      case 'transition-not-allowed':
        return t('refusal.transition-not-allowed', { from: stage(r.from), to: stage(r.to) });
      case 'requirements-unmet': {
        const template = ctx.template;
        if (!template) return null;
        const missing = r.requirements.map((req) => requirementText(req, { lang: ctx.lang, template, instrumentTitle: ctx.instrumentTitle })).join('; ');
        if ('close' in r.target) {
          const outcome = r.target.close;
          return t('refusal.cannot-close', { outcome: pick(template.outcomes.find((o) => o.id === outcome)?.title, ctx.lang) || outcome, missing });
        }
        return t('refusal.cannot-enter', { stage: stage(r.target.enter), missing });
      }
      // Faults of the page or of its data: ids, templates and order that a widget makes itself.
      case 'case-mismatch':
      case 'sequence':
      case 'template-mismatch':
      case 'duplicate-id':
      case 'unknown-goal-domain':
      case 'owner-incomplete':
      case 'nothing-to-change':
      case 'not-found':
      case 'action-goal-missing':
      case 'already-opened':
      case 'not-opened':
      case 'unknown-outcome':
      case 'unknown-stage':
      case 'machine-refused':
        return t('refusal.fault', { reason: english });
    }
  })();
  // '' when the staff words are not loaded on this page (a public widget): English then.
  return text || null;
}
