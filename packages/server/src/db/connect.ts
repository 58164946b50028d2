import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  type MigrationProvider,
  type Migration,
} from 'kysely';
import pg from 'pg';
import { normalizeErrorString } from '../errors.js';
import type { DbKind } from './dialect.js';
import { MIGRATIONS } from './migrations/index.js';
import { cachingStatements } from './statement-cache.js';
import type { DB } from './types.js';

export interface Database {
  readonly db: Kysely<DB>;
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
    kind: 'sqlite',
    sqlite,
    close: () => db.destroy(),
  };
}

/** PostgreSQL from a URL; `schema` (tests) puts every table in that schema through the search path. */
export function openPostgres(url: string, schema?: string): Database {
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error('invalid schema name');
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgres', sqlite: undefined, close: () => db.destroy() };
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
 * Applies every pending migration; throws with the failing migration's name. `schema` (a database opened on a
 * schema of its own, tests) keeps Kysely's migration tables there: without it Kysely takes another schema's
 * `kysely_migration_lock` (a test running beside this one) for its own.
 */
export async function migrateToLatest(db: Kysely<DB>, schema?: string): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: new StaticProvider(),
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${normalizeErrorString(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
