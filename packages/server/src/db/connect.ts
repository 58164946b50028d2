import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  sql,
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  type MigrationProvider,
  type Migration,
} from 'kysely';
import pg from 'pg';
import { normalizeErrorString } from '../errors.js';
import { dialectOf, type DbKind } from './dialect.js';
import { MIGRATIONS } from './migrations/index.js';
import { cachingStatements } from './statement-cache.js';
import { APP_ROLE, ClinicScopedPostgresDialect, grantAppRole, ownerOf, registerOwner } from './tenancy.js';
import type { DB } from './types.js';

export interface Database {
  /**
   * The owner's handle: migrations, start-up checks, backups and operations tooling (on PostgreSQL it
   * bypasses row-level security; never hand it to request handling).
   */
  readonly db: Kysely<DB>;
  /**
   * The handle requests and repositories use: on PostgreSQL the non-owner role `liftplan_app` under
   * row-level security (db/tenancy.ts); on SQLite the same handle as `db`.
   */
  readonly app: Kysely<DB>;
  readonly kind: DbKind;
  /** The raw SQLite handle (online backup uses it); undefined on PostgreSQL. */
  readonly sqlite: BetterSqlite3.Database | undefined;
  close(): Promise<void>;
}

export type DatabaseTarget =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly schema?: string };

/**
 * Opens the embedded SQLite file (created with its folder on first start) with WAL, foreign keys,
 * synchronous=FULL (a commit is on disk before it returns) and a busy timeout for the CLI running beside
 * the server.
 */
export function openSqlite(file: string): Database {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: cachingStatements(sqlite) }) });
  return {
    db,
    app: db,
    kind: 'sqlite',
    sqlite,
    close: () => db.destroy(),
  };
}

/** Connections of the owner's pool (migrations, sign-in and session lookups, start-up checks). */
const OWNER_POOL_MAX = 4;
/** Connections of the app role's pool (every repository call). */
const APP_POOL_MAX = 10;

/**
 * PostgreSQL from a URL; `schema` (tests) puts every table in that schema through the search path. Two pools
 * on the same credentials: the owner's, and the app's, whose connections start as `liftplan_app` (the `role`
 * setting at connection start: a missing role fails the connection, it never falls back to the owner) and
 * carry the clinic of the current scope (db/tenancy.ts). The app pool connects lazily, after migrations
 * created the role.
 */
export function openPostgres(url: string, schema?: string): Database {
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error('invalid schema name');
  const searchPath = schema ? `-c search_path=${schema} ` : '';
  const ownerPool = new pg.Pool({
    connectionString: url,
    max: OWNER_POOL_MAX,
    ...(schema ? { options: searchPath.trim() } : {}),
  });
  const appPool = new pg.Pool({
    connectionString: url,
    max: APP_POOL_MAX,
    options: `${searchPath}-c role=${APP_ROLE}`,
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: ownerPool }) });
  const app = new Kysely<DB>({ dialect: new ClinicScopedPostgresDialect({ pool: appPool }) });
  registerOwner(app, db);
  return {
    db,
    app,
    kind: 'postgres',
    sqlite: undefined,
    close: async () => {
      await app.destroy();
      await db.destroy();
    },
  };
}

/** The schema a PostgreSQL target was opened on (tests), if any. */
export function schemaOf(target: { readonly kind: string }): string | undefined {
  return target.kind === 'postgres' && 'schema' in target && typeof target.schema === 'string'
    ? target.schema
    : undefined;
}

export function openDatabase(target: DatabaseTarget): Database {
  return target.kind === 'sqlite' ? openSqlite(target.file) : openPostgres(target.url, target.schema);
}

class StaticProvider implements MigrationProvider {
  getMigrations(): Promise<Record<string, Migration>> {
    return Promise.resolve({ ...MIGRATIONS });
  }
}

/**
 * Applies every pending migration; throws with the failing migration's name. Migrations run as the owner,
 * whichever handle was passed; then the app role gets its rights. On PostgreSQL Kysely's bookkeeping tables
 * live in `schema`, or the connection's current schema: without it the migrator takes a
 * `kysely_migration_lock` of any schema for its own (its existence check spans schemas), a race when test
 * schemas migrate at once.
 */
export async function migrateToLatest(handle: Kysely<DB>, schema?: string): Promise<string[]> {
  const db = ownerOf(handle);
  const tableSchema =
    schema ??
    (dialectOf(db) === 'postgres'
      ? (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(db)).rows[0]?.s
      : undefined);
  const migrator = new Migrator({
    db,
    provider: new StaticProvider(),
    ...(tableSchema === undefined ? {} : { migrationTableSchema: tableSchema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${normalizeErrorString(error)}`);
  }
  await grantAppRole(db);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
