/**
 * Whether `s` can be stored as text: PostgreSQL refuses U+0000 in `text` and `jsonb` (the server
 * would answer 500), and turns half of a surrogate pair into U+FFFD (what is read back would not be
 * what was sent).
 */
export const isText = (s: string): boolean => !s.includes('\u0000') && s.isWellFormed();

/** The path of the first string or key in parsed JSON that is not text (see {@link isText}); null when none. */
export function notTextAt(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return isText(value) ? null : path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = notTextAt(value[i], `${path}[${i}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, inner] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (!isText(key)) return at;
    const found = notTextAt(inner, at);
    if (found !== null) return found;
  }
  return null;
}
