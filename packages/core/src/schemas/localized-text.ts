import * as z from 'zod/mini';
import { minLength } from './length-checks.js';
import { LANGUAGES } from './vocabulary.js';

/**
 * A label in each supported language. The schema accepts missing languages so that
 * {@link validateTemplate} can name every missing translation instead of failing on the first.
 */
export const LocalizedText = z.partialRecord(z.enum(LANGUAGES), z.string().check(minLength(1)));
export type LocalizedText = z.infer<typeof LocalizedText>;
