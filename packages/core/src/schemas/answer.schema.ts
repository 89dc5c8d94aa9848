import * as z from 'zod/mini';

/** An answer: a scale point's value, yes/no, a number, text or an ISO date. */
export const Answer = z.union([z.number(), z.boolean(), z.string()]);
export type Answer = z.infer<typeof Answer>;
