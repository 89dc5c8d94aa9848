/** A second factor's key as a person types it into an authenticator app: in groups of four, without padding. */
export function readableKey(secret: string): string {
  return secret.replace(/=+$/, '').replace(/(.{4})(?=.)/g, '$1 ');
}
