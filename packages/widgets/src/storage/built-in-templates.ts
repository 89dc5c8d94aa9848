import type { PlanTemplate } from '@casepath/core';

/**
 * The built-in plan templates load on demand, each in its own chunk, as instruments do: a page
 * downloads only the templates of the cases it shows (six languages of wording each). Once
 * loaded, a template stays loaded for the page's life, so what was prepared before a
 * transaction is there inside it.
 */
const loaders: Record<string, () => Promise<PlanTemplate>> = {
  'euse-supported-employment': () => import('@casepath/core/templates/euse-supported-employment').then((m) => m.euseSupportedEmployment),
  'sheltered-workshop': () => import('@casepath/core/templates/sheltered-workshop').then((m) => m.shelteredWorkshop),
  'social-adaptation': () => import('@casepath/core/templates/social-adaptation').then((m) => m.socialAdaptation),
  'social-reintegration': () => import('@casepath/core/templates/social-reintegration').then((m) => m.socialReintegration),
  'family-support': () => import('@casepath/core/templates/family-support').then((m) => m.familySupport),
};
const loaded = new Map<string, PlanTemplate>();

export const BUILT_IN_TEMPLATE_IDS: readonly string[] = Object.keys(loaders);

export function isBuiltInTemplate(id: string): boolean {
  return Object.hasOwn(loaders, id);
}

/** A built-in template, if it is loaded. */
export function loadedBuiltInTemplate(id: string): PlanTemplate | undefined {
  return loaded.get(id);
}

/** Loads the built-in templates among `ids` (others are ignored); resolves when all are there. */
export async function loadBuiltInTemplates(ids: Iterable<string>): Promise<void> {
  const missing = [...new Set(ids)].filter((id) => isBuiltInTemplate(id) && !loaded.has(id));
  await Promise.all(missing.map(async (id) => loaded.set(id, await loaders[id]!())));
}
