import type { InstrumentItem } from '../../schemas/instrument.schema.js';
import type { LocalizedText } from '../../schemas/plan-template.schema.js';

/** A built-in item: id, domain, scale id, wording and easy-read wording (en, ru, pl, lt, de, uk). */
export function item(
  id: string,
  domain: string,
  scale: string,
  text: LocalizedText,
  easyRead: LocalizedText,
  extra: Partial<Pick<InstrumentItem, 'reverse' | 'required' | 'enableWhen' | 'enableBehavior' | 'healthData'>> = {},
): InstrumentItem {
  return { id, domain, scale, text, easyRead, ...extra };
}

export const ALL_LANGUAGES = ['en', 'ru', 'pl', 'lt', 'de', 'uk'] as const;
