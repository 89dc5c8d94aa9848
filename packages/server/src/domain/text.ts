/**
 * Whether `s` can be stored as text: PostgreSQL refuses U+0000 in `text` and `jsonb` (the server
 * would answer 500), and turns half of a surrogate pair into U+FFFD (what is read back would not be
 * what was sent).
 */
export const isText = (s: string): boolean => !s.includes('\u0000') && s.isWellFormed();

/** How deep a request's JSON may nest; the deepest the API takes (a template) is under 10. */
export const MAX_JSON_DEPTH = 64;

export const NOT_TEXT = 'has a character that is not text (U+0000, or half of a surrogate pair); remove it';
export const TOO_DEEP = `nests deeper than ${MAX_JSON_DEPTH} levels; nothing the API takes does`;

/**
 * The first place, in document order, where parsed JSON nests deeper than {@link MAX_JSON_DEPTH}
 * or (with `text`) holds a string or key that is not text (see {@link isText}), and what is wrong
 * there; null when nothing is. Walked without recursion: a megabyte of `[[[…]]]` is 500,000
 * levels, which a recursive walk would answer with a stack overflow.
 */
export function jsonProblem(value: unknown, { text = true } = {}): { path: string; message: string } | null {
  const stack: [unknown, string, number][] = [[value, '', 0]];
  while (stack.length) {
    const [v, path, depth] = stack.pop()!;
    if (typeof v === 'string') {
      if (text && !isText(v)) return { path, message: NOT_TEXT };
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= MAX_JSON_DEPTH) return { path, message: TOO_DEEP };
    const inner: [unknown, string, number][] = [];
    if (Array.isArray(v)) v.forEach((x, i) => inner.push([x, `${path}[${i}]`, depth + 1]));
    else {
      for (const [key, x] of Object.entries(v)) {
        const at = path ? `${path}.${key}` : key;
        if (text && !isText(key)) return { path: at, message: NOT_TEXT };
        inner.push([x, at, depth + 1]);
      }
    }
    for (let i = inner.length - 1; i >= 0; i--) stack.push(inner[i]!);
  }
  return null;
}
