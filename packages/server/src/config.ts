import path from 'node:path';
import { z } from 'zod';
import { formatPath } from './errors.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce
    .number({ error: 'must be a port number' })
    .int('must be a whole number')
    .min(0, 'must be 0–65535')
    .max(65535, 'must be 0–65535')
    .default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL (leave unset for the embedded SQLite database)')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_HOURS: z.coerce
    .number({ error: 'must be a number' })
    .positive('must be positive')
    .max(24 * 30)
    .default(12),
  UPLOAD_MAX_BYTES: z.coerce
    .number({ error: 'must be a number of bytes' })
    .int()
    .min(1024, 'must be at least 1024 bytes')
    .default(40 * 1024 * 1024),
  COOKIE_SECURE: bool.optional(),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  SHUTDOWN_GRACE_SECONDS: z.coerce
    .number({ error: 'must be a number of seconds' })
    .min(0, 'must be 0 or more')
    .max(600)
    .default(10),
});

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly database:
    { readonly kind: 'sqlite'; readonly file: string } | { readonly kind: 'postgres'; readonly url: string };
  readonly photoDir: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly sessionTtlMs: number;
  readonly uploadMaxBytes: number;
  /** Secure cookies: on in production (HTTPS behind a proxy), off by default on loopback development. */
  readonly cookieSecure: boolean;
  readonly loginRateLimitPerMinute: number;
  /** How long a stop waits for requests in flight (slow uploads) before it closes their connections. */
  readonly shutdownGraceMs: number;
}

export type ConfigResult =
  { readonly ok: true; readonly config: Config } | { readonly ok: false; readonly errors: string[] };

/** Reads the environment once. Returns every problem as a readable line instead of stopping at the first. */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  cwd = process.cwd(),
): ConfigResult {
  const r = EnvSchema.safeParse(env);
  if (!r.success) {
    return {
      ok: false,
      errors: r.error.issues.map((i) => `${formatPath(i.path) || 'environment'}: ${i.message}`),
    };
  }
  const e = r.data;
  const dataDir = path.resolve(cwd, e.DATA_DIR);
  return {
    ok: true,
    config: {
      env: e.NODE_ENV,
      host: e.HOST,
      port: e.PORT,
      dataDir,
      database: e.DATABASE_URL
        ? { kind: 'postgres', url: e.DATABASE_URL }
        : { kind: 'sqlite', file: path.join(dataDir, 'liftplan.sqlite') },
      photoDir: path.join(dataDir, 'photos'),
      logLevel: e.LOG_LEVEL,
      sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
      uploadMaxBytes: e.UPLOAD_MAX_BYTES,
      cookieSecure: e.COOKIE_SECURE ?? e.NODE_ENV === 'production',
      loginRateLimitPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
      shutdownGraceMs: e.SHUTDOWN_GRACE_SECONDS * 1000,
    },
  };
}

export class ConfigError extends Error {
  constructor(readonly errors: readonly string[]) {
    super(`invalid configuration:\n  - ${errors.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export function configOrThrow(env: Readonly<Record<string, string | undefined>>, cwd?: string): Config {
  const r = loadConfig(env, cwd);
  if (!r.ok) throw new ConfigError(r.errors);
  return r.config;
}
