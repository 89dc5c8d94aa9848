/**
 * The first key of `input` that parsing dropped (an unknown field), as a path; null when none.
 * Core's schemas strip unknown keys, so that stored events stay readable; at the server's
 * boundary a field nobody reads is refused instead, so a typo is an error, not silent loss.
 */
export function unknownField(input: unknown, parsed: unknown, path = ''): string | null {
  if (Array.isArray(input) && Array.isArray(parsed)) {
    for (let i = 0; i < input.length; i++) {
      const found = unknownField(input[i], parsed[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (typeof input !== 'object' || input === null || typeof parsed !== 'object' || parsed === null) return null;
  for (const key of Object.keys(input)) {
    const at = path ? `${path}.${key}` : key;
    if (!Object.hasOwn(parsed, key)) return at;
    const found = unknownField((input as Record<string, unknown>)[key], (parsed as Record<string, unknown>)[key], at);
    if (found) return found;
  }
  return null;
}
