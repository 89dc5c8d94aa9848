import * as z from 'zod/mini';

/** Today's calendar date in UTC (`2026-06-30`), the calendar event times are kept in. */
export const todayUtc = (): string => new Date().toISOString().slice(0, 10);

/**
 * A cut-off for indicators (`asOf`): a day of the calendar (2026-02-30 is not one), today or
 * before, since follow-up cannot run past today. One rule for the API, the server's and core's
 * command lines.
 */
export const CutOffDate = z.iso
  .date({ error: 'must be a date like 2026-06-30', abort: true })
  .check(z.refine((date) => date <= todayUtc(), { error: (issue) => `${String(issue.input)} is in the future; a cut-off is today or earlier` }));

/** Why `text` is not a cut-off, in words that follow the option's name (`--as-of …`); null when it is one. */
export function cutOffProblem(text: string): string | null {
  const checked = CutOffDate.safeParse(text);
  if (checked.success) return null;
  const issue = checked.error.issues[0]!;
  return issue.code === 'custom' ? issue.message : `${issue.message}, got "${text}"`;
}
