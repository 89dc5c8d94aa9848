// Length limits that only look at strings and arrays.
//
// zod runs `z.minLength` and `z.maxLength` on anything that has a `length`, even a value that has
// already failed its type: `{ "length": [{ "toString": null }] }` sent where a string belongs makes
// zod compare that object with a number, and the comparison throws a TypeError instead of giving
// the usual "expected string" issue. A server would answer 500, a parser would crash (found by the
// fuzz test). These limits behave the same on strings and arrays and stay out of the way of a value
// of the wrong type, whose type issue already says what is wrong. Use them for every length limit
// on outside data, in every package.
import * as z from 'zod/mini';

const isStringOrArray = (payload: { value: unknown }) => typeof payload.value === 'string' || Array.isArray(payload.value);

/** At least `n` characters (code points) or items; `params` as zod's (e.g. `{ error: '…' }`). */
export function minLength(n: number, params?: Parameters<typeof z.minLength>[1]) {
  const check = z.minLength(n, params);
  check._zod.def.when = isStringOrArray;
  return check;
}

/** At most `n` characters or items; `params` as zod's. */
export function maxLength(n: number, params?: Parameters<typeof z.maxLength>[1]) {
  const check = z.maxLength(n, params);
  check._zod.def.when = isStringOrArray;
  return check;
}
