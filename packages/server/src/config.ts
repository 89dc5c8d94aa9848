import { resolve } from 'node:path';
import * as z from 'zod';
import { minLength, maxLength } from '@casepath/core';

/** A whole number from `min` to `max`, from an environment variable's text, said as such when it is not. */
const WholeNumber = (min: number, max: number) => {
  const rule = `must be a whole number from ${min} to ${max}`;
  return z.coerce.number({ error: rule }).int(rule).min(min, rule).max(max, rule);
};
const Port = WholeNumber(0, 65535);
const HOURS_RULE = 'must be a number of hours, more than 0 and at most 720';
const Hours = z.coerce.number({ error: HOURS_RULE }).positive(HOURS_RULE).max(24 * 30, HOURS_RULE);
/** Variables whose value is a secret (or holds one): a message about them never repeats it. */
const SECRET_VARIABLES = new Set(['DATABASE_URL', 'CASEPATH_CASE_KEYS_DATABASE_URL', 'CASEPATH_SECRET_KEY', 'CASEPATH_OIDC_CLIENT_SECRET']);
const Flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');
const List = z.string().transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean));

/**
 * What the server reads from its environment; every variable is checked, and a wrong one stops
 * the server with a message naming it.
 */
export const ServerEnv = z.object({
  /** Port to listen on (0: any free port). */
  CASEPATH_PORT: Port.default(8000),
  /** Address to listen on; 127.0.0.1 unless the server sits behind a proxy on another host. */
  CASEPATH_HOST: z.string().check(minLength(1)).default('127.0.0.1'),
  /** PostgreSQL connection string; when absent, an embedded PGlite database in CASEPATH_DATA_DIR. */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://').optional(),
  /** Folder of the embedded database (PGlite), used when DATABASE_URL is not set. */
  CASEPATH_DATA_DIR: z.string().check(minLength(1)).default('casepath-data'),
  /**
   * Folder of the per-case keys of an embedded server (default: CASEPATH_DATA_DIR.case-keys,
   * beside the database, never inside it): a backup of the database does not hold them.
   */
  CASEPATH_CASE_KEYS_DIR: z.string().check(minLength(1)).optional(),
  /**
   * A PostgreSQL database of its own for the per-case keys, next to DATABASE_URL; without it they
   * are in the schema casepath_keys of DATABASE_URL's database, which its backups must leave out.
   */
  CASEPATH_CASE_KEYS_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://').optional(),
  /** Folder served as static files (the NGO's site with the widgets); none when absent. */
  CASEPATH_SITE_DIR: z.string().check(minLength(1)).optional(),
  /** Origins allowed to send public intake (comma-separated); the staff API is same-origin only. */
  CASEPATH_ALLOWED_ORIGINS: List.default([]),
  /** Bits of proof of work a public first contact must carry (0 to 24; 16 costs a browser about a second). */
  CASEPATH_INTAKE_DIFFICULTY: WholeNumber(0, 24).default(16),
  /** First contacts one address may send in an hour. */
  CASEPATH_INTAKE_PER_HOUR: WholeNumber(1, 10_000).default(20),
  /** Days a request for help is kept (handled or not); after that it is erased and only a case opened from it remains. */
  CASEPATH_INTAKE_KEEP_DAYS: WholeNumber(1, 3650).default(90),
  /** How long a staff session lasts without use, in hours. */
  CASEPATH_SESSION_HOURS: Hours.default(12),
  /** Send cookies with `Secure` (default true; browsers treat http://localhost as secure). */
  CASEPATH_SECURE_COOKIES: Flag.default(true),
  /** Trust X-Forwarded-For for client addresses (only behind a proxy you run). */
  CASEPATH_TRUST_PROXY: Flag.default(false),
  /**
   * The server's own key (base64 of 32 bytes) that seals second-factor secrets in the database;
   * make one with `casepath-server secret-key`. Kept out of the database and its backups.
   */
  CASEPATH_SECRET_KEY: z.base64().refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes in base64 (casepath-server secret-key makes one)').optional(),
  /** A file holding that key instead (made on first start when missing). Default for the embedded database: `<CASEPATH_DATA_DIR>.secret-key`. */
  CASEPATH_SECRET_KEY_FILE: z.string().check(minLength(1)).optional(),
  /** OpenID Connect: the identity provider's issuer URL (Microsoft Entra ID, Google, Keycloak…); sign-in with it is offered when set. */
  CASEPATH_OIDC_ISSUER: z.url().optional(),
  CASEPATH_OIDC_CLIENT_ID: z.string().check(minLength(1)).optional(),
  CASEPATH_OIDC_CLIENT_SECRET: z.string().check(minLength(1)).optional(),
  /** The organisation whose accounts sign in this way (matched by verified e-mail). */
  CASEPATH_OIDC_ORGANISATION: z.string().check(minLength(1)).optional(),
  /** What the sign-in button says after "Sign in with" (e.g. "Microsoft 365"). */
  CASEPATH_OIDC_LABEL: z.string().check(minLength(1), maxLength(60)).optional(),
  /** This server's address as browsers reach it (for the provider's redirect back), e.g. https://casepath.example.org. */
  CASEPATH_PUBLIC_URL: z.url().optional(),
  /** Log level for pino. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type ServerEnv = z.infer<typeof ServerEnv>;

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  organisationId: string;
  label: string;
  /** Where the provider sends the person back: `<CASEPATH_PUBLIC_URL>/api/auth/oidc/callback`. */
  redirectUri: string;
}

export interface ServerConfig {
  port: number;
  host: string;
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
  /** Where the per-case keys are kept: a folder, a database of their own, or a schema of the cases' database. */
  caseKeys: { kind: 'folder'; dir: string } | { kind: 'postgres'; url: string } | { kind: 'same-database' };
  siteDir: string | null;
  allowedOrigins: string[];
  sessionHours: number;
  intakeDifficulty: number;
  intakePerHour: number;
  /** Days a request for help is kept before it is erased. */
  intakeKeepDays: number;
  secureCookies: boolean;
  trustProxy: boolean;
  /** The key that seals stored secrets, when given in the environment. */
  secretKey: Uint8Array | null;
  /** OpenID Connect sign-in, when configured. */
  oidc: OidcConfig | null;
  /** Where the key is kept otherwise (null with PostgreSQL and no file: secrets cannot be stored). */
  secretKeyFile: string | null;
  logLevel: ServerEnv['LOG_LEVEL'];
}

/** Thrown when the environment does not configure a server; the message lists each problem. */
export class ConfigError extends Error {
  override readonly name: string = 'ConfigError';
}

/** Reads and checks the configuration from environment variables. */
export function configFromEnv(env: Record<string, string | undefined> = process.env): ServerConfig {
  const parsed = ServerEnv.safeParse(Object.fromEntries(Object.entries(env).filter(([k, v]) => k in ServerEnv.shape && v !== undefined && v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = String(i.path[0]);
      const given = SECRET_VARIABLES.has(name) ? '' : ` (it is "${env[name]}")`;
      return `- ${i.path.join('.')}: ${i.message}${given}`;
    });
    throw new ConfigError(`The server's configuration is not valid:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const oidcVars = ['CASEPATH_OIDC_ISSUER', 'CASEPATH_OIDC_CLIENT_ID', 'CASEPATH_OIDC_CLIENT_SECRET', 'CASEPATH_OIDC_ORGANISATION', 'CASEPATH_PUBLIC_URL'] as const;
  const given = oidcVars.filter((k) => e[k] !== undefined);
  if (given.length && given.length < oidcVars.length) {
    throw new ConfigError(`The server's configuration is not valid:\n- OpenID Connect needs all of ${oidcVars.join(', ')}; missing: ${oidcVars.filter((k) => e[k] === undefined).join(', ')}`);
  }
  if (e.CASEPATH_CASE_KEYS_DATABASE_URL && e.CASEPATH_CASE_KEYS_DATABASE_URL === e.DATABASE_URL) {
    throw new ConfigError("The server's configuration is not valid:\n- CASEPATH_CASE_KEYS_DATABASE_URL: must name another database than DATABASE_URL (leave it unset to keep the keys in the schema casepath_keys)");
  }
  if (e.CASEPATH_CASE_KEYS_DIR && !e.DATABASE_URL) {
    const keys = resolve(e.CASEPATH_CASE_KEYS_DIR);
    const data = resolve(e.CASEPATH_DATA_DIR);
    if (keys === data || keys.startsWith(`${data}/`)) {
      throw new ConfigError(`The server's configuration is not valid:\n- CASEPATH_CASE_KEYS_DIR: must be outside CASEPATH_DATA_DIR (${data}), or every backup of the database would hold the keys that erasure destroys`);
    }
  }
  const oidc: OidcConfig | null = given.length
    ? {
        issuer: e.CASEPATH_OIDC_ISSUER!,
        clientId: e.CASEPATH_OIDC_CLIENT_ID!,
        clientSecret: e.CASEPATH_OIDC_CLIENT_SECRET!,
        organisationId: e.CASEPATH_OIDC_ORGANISATION!,
        label: e.CASEPATH_OIDC_LABEL ?? 'your organisation’s account',
        redirectUri: `${e.CASEPATH_PUBLIC_URL!.replace(/\/+$/, '')}/api/auth/oidc/callback`,
      }
    : null;
  return {
    oidc,
    port: e.CASEPATH_PORT,
    host: e.CASEPATH_HOST,
    database: e.DATABASE_URL ? { kind: 'postgres', url: e.DATABASE_URL } : { kind: 'pglite', dataDir: resolve(e.CASEPATH_DATA_DIR) },
    caseKeys: e.CASEPATH_CASE_KEYS_DATABASE_URL
      ? { kind: 'postgres', url: e.CASEPATH_CASE_KEYS_DATABASE_URL }
      : e.CASEPATH_CASE_KEYS_DIR
        ? { kind: 'folder', dir: resolve(e.CASEPATH_CASE_KEYS_DIR) }
        : e.DATABASE_URL
          ? { kind: 'same-database' }
          : { kind: 'folder', dir: `${resolve(e.CASEPATH_DATA_DIR)}.case-keys` },
    siteDir: e.CASEPATH_SITE_DIR ? resolve(e.CASEPATH_SITE_DIR) : null,
    allowedOrigins: e.CASEPATH_ALLOWED_ORIGINS,
    sessionHours: e.CASEPATH_SESSION_HOURS,
    intakeDifficulty: e.CASEPATH_INTAKE_DIFFICULTY,
    intakePerHour: e.CASEPATH_INTAKE_PER_HOUR,
    intakeKeepDays: e.CASEPATH_INTAKE_KEEP_DAYS,
    secureCookies: e.CASEPATH_SECURE_COOKIES,
    trustProxy: e.CASEPATH_TRUST_PROXY,
    secretKey: e.CASEPATH_SECRET_KEY ? new Uint8Array(Buffer.from(e.CASEPATH_SECRET_KEY, 'base64')) : null,
    secretKeyFile: e.CASEPATH_SECRET_KEY_FILE ? resolve(e.CASEPATH_SECRET_KEY_FILE) : e.DATABASE_URL ? null : `${resolve(e.CASEPATH_DATA_DIR)}.secret-key`,
    logLevel: e.LOG_LEVEL,
  };
}
