import path from 'node:path';
import { z } from 'zod';
import { formatPath } from './errors.js';
import { AuditKeyError, readAuditKey } from './db/audit-key.js';
import type { S3StoreConfig } from './storage/s3-store.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** More job workers than this in one process only wait on each other (the machine's cores do the work). */
export const MAX_JOB_WORKERS = 16;

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
  PHOTO_STORE: z.enum(['local', 's3'], { error: 'must be local or s3' }).default('local'),
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_ENDPOINT: z.url({ error: 'must be a URL such as http://127.0.0.1:9000' }).optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_PREFIX: z
    .string()
    .regex(/^([A-Za-z0-9._-]+\/)*$/, 'must be empty or end with "/" (e.g. clinic-a/)')
    .default(''),
  S3_FORCE_PATH_STYLE: bool.optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  AUDIT_GROUP_COMMIT: bool.optional(),
  SESSION_CACHE: bool.optional(),
  AUDIT_ON_BROKEN_CHAIN: z
    .enum(['refuse', 'read-only'], { error: 'must be refuse or read-only' })
    .default('refuse'),
  JOB_WORKERS: z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(0, 'must be 0 or more')
    .max(MAX_JOB_WORKERS, `must be at most ${MAX_JOB_WORKERS}`)
    .default(1),
  REPORT_WAIT_SECONDS: z.coerce
    .number({ error: 'must be a number of seconds' })
    .min(1, 'must be at least 1')
    .max(600)
    .default(30),
  AUDIT_HMAC_KEY_FILE: z.string().min(1).optional(),
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
  /** Where photos live: `photoDir` (default) or an S3-compatible bucket. */
  readonly photoStore:
    { readonly kind: 'local'; readonly dir: string } | ({ readonly kind: 's3' } & S3StoreConfig);
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly sessionTtlMs: number;
  readonly uploadMaxBytes: number;
  /** Secure cookies: on in production (HTTPS behind a proxy), off by default on loopback development. */
  readonly cookieSecure: boolean;
  readonly loginRateLimitPerMinute: number;
  /** How long a stop waits for requests in flight (slow uploads) before it closes their connections. */
  readonly shutdownGraceMs: number;
  /** Job workers in this process: analyses and PDF renders run at once per kind (0: this process only serves). */
  readonly jobWorkers: number;
  /** How long a PDF download waits for its render job before answering 503 (Retry-After). */
  readonly documentWaitMs: number;
  /** Read audit events written in batches (group commit), each still durable before its answer. */
  readonly auditGroupCommit: boolean;
  /** Sessions cached in the server process (services/session-cache.ts); off reads the row per request. */
  readonly sessionCache: boolean;
  /** A start on an audit log that does not verify: refused (default), or read-only for the investigation. */
  readonly auditOnBrokenChain: 'refuse' | 'read-only';
  /** The audit chain's HMAC key file (outside the database), or null: unkeyed chain. */
  readonly auditHmacKeyFile: string | null;
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
  if (e.PHOTO_STORE === 's3') {
    const missing = (['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const).filter((k) => !e[k]);
    if (missing.length > 0) {
      return {
        ok: false,
        errors: missing.map((k) => `${k}: required with PHOTO_STORE=s3`),
      };
    }
  }
  const keyFile = e.AUDIT_HMAC_KEY_FILE ? path.resolve(cwd, e.AUDIT_HMAC_KEY_FILE) : null;
  if (keyFile) {
    try {
      readAuditKey(keyFile);
    } catch (err) {
      if (err instanceof AuditKeyError) return { ok: false, errors: [`AUDIT_HMAC_KEY_FILE: ${err.message}`] };
      throw err;
    }
  }
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
      photoStore:
        e.PHOTO_STORE === 's3'
          ? {
              kind: 's3',
              bucket: e.S3_BUCKET ?? '',
              endpoint: e.S3_ENDPOINT,
              region: e.S3_REGION,
              prefix: e.S3_PREFIX,
              forcePathStyle: e.S3_FORCE_PATH_STYLE ?? e.S3_ENDPOINT !== undefined,
              accessKeyId: e.S3_ACCESS_KEY_ID ?? '',
              secretAccessKey: e.S3_SECRET_ACCESS_KEY ?? '',
              spoolDir: path.join(dataDir, 'photo-spool'),
            }
          : { kind: 'local', dir: path.join(dataDir, 'photos') },
      logLevel: e.LOG_LEVEL,
      sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
      uploadMaxBytes: e.UPLOAD_MAX_BYTES,
      cookieSecure: e.COOKIE_SECURE ?? e.NODE_ENV === 'production',
      loginRateLimitPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
      shutdownGraceMs: e.SHUTDOWN_GRACE_SECONDS * 1000,
      jobWorkers: e.JOB_WORKERS,
      documentWaitMs: e.REPORT_WAIT_SECONDS * 1000,
      auditGroupCommit: e.AUDIT_GROUP_COMMIT ?? true,
      sessionCache: e.SESSION_CACHE ?? true,
      auditOnBrokenChain: e.AUDIT_ON_BROKEN_CHAIN,
      auditHmacKeyFile: keyFile,
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
