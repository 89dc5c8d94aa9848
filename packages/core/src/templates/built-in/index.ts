import type { PlanTemplate } from '../../schemas/plan-template.schema.js';
import { euseSupportedEmployment } from './euse-supported-employment.js';
import { familySupport } from './family-support.js';
import { shelteredWorkshop } from './sheltered-workshop.js';
import { socialAdaptation } from './social-adaptation.js';
import { socialReintegration } from './social-reintegration.js';

/** The built-in plan templates, one per kind of service, keyed by template id. */
export const builtInTemplates = {
  'euse-supported-employment': euseSupportedEmployment,
  'sheltered-workshop': shelteredWorkshop,
  'social-adaptation': socialAdaptation,
  'social-reintegration': socialReintegration,
  'family-support': familySupport,
} as const satisfies Record<string, PlanTemplate>;

export type BuiltInTemplateId = keyof typeof builtInTemplates;
