import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateToLatest, openPostgres, openSqlite, type Database } from '../db/connect.js';

/** A migrated database for one test suite, and how to throw it away. */
export interface TestDatabase {
  readonly database: Database;
  /** Where it lives (the SQLite file or the PostgreSQL schema). */
  readonly where: string;
  cleanup(): Promise<void>;
}

export const TEST_PG_URL =
  process.env.LIFTPLAN_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function sqliteTestDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), 'liftplan-db-'));
  const file = path.join(dir, 'test.sqlite');
  const database = openSqlite(file);
  await migrateToLatest(database.db);
  return {
    database,
    where: file,
    cleanup: async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh schema `t_<random>` in the test database, dropped by `cleanup`. */
export async function postgresTestDatabase(url = TEST_PG_URL): Promise<TestDatabase> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  const database = openPostgres(url, schema);
  await migrateToLatest(database.db, schema);
  return {
    database,
    where: `${url} schema ${schema}`,
    cleanup: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`DROP SCHEMA ${schema} CASCADE`);
      } finally {
        await c.end();
      }
    },
  };
}

/** Whether the test PostgreSQL answers (locally it may be down; CI must have it). */
export async function postgresAvailable(url = TEST_PG_URL): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}
