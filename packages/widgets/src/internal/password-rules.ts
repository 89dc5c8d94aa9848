/** The fewest characters of a password the server accepts (packages/server: passwords.ts), and of a device's passphrase. */
export const MIN_PASSWORD_LENGTH = 10;
