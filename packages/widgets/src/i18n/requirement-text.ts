import type { Language, PlanTemplate, Requirement } from '@casepath/core';
import { msg, pick } from './localize.js';

/** What a page knows to name a requirement: its template's domains, and instrument titles once loaded. */
export interface RequirementContext {
  lang: Language;
  template: PlanTemplate;
  instrumentTitle?: (instrumentId: string) => string | undefined;
}

/**
 * What is missing before a move or a closure, in the page's language (core's
 * `explainRequirement` says it in English, for logs and developers).
 */
export function requirementText(req: Requirement, ctx: RequirementContext): string {
  const t = (key: Parameters<typeof msg>[1], values?: Record<string, string | number>) => msg(ctx.lang, key, values);
  switch (req.kind) {
    case 'consent':
      return t('req.consent', { purpose: t(`purpose.${req.purpose}`) });
    case 'assessment': {
      const title = req.instrumentId ? (ctx.instrumentTitle?.(req.instrumentId) ?? req.instrumentId) : undefined;
      const what = title ? t('req.assessmentOf', { instrument: title }) : t('req.assessment');
      return req.respondent ? `${what} (${t(`respondent.${req.respondent}`)})` : what;
    }
    case 'goal': {
      const domain = req.domain === undefined ? undefined : pick(ctx.template.goalDomains.find((d) => d.id === req.domain)?.title, ctx.lang) || req.domain;
      return domain ? t('req.goalIn', { domain }) : t('req.goal');
    }
    case 'job-held':
      return t('req.job');
    case 'approval':
      return t('req.approval', { subject: t(`approval.${req.subject}`) });
    case 'role-assigned':
      return t('req.role', { role: t(`role.${req.role}`) });
  }
}
