import type { ResponseScale } from '../schemas/instrument.schema.js';

/** Whether a scale's answers are scored. */
export function isScored(scale: ResponseScale): boolean {
  return scale.type === 'ordinal' || scale.type === 'yes-no' || scale.type === 'number';
}
