import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openPostgres, openSqlite, type Database } from '../connect.js';
import { postgresAvailable, TEST_PG_URL } from '../../testing/databases.js';
import type { DB } from '../types.js';
import { MIGRATIONS } from './index.js';

const BEFORE = '0012-photo-burst';

/** Rows written before 0013: a clinic, a user with a session, a plan with a signed version and its signature. */
async function seedBefore(db: Kysely<DB>): Promise<void> {
  const at = '2025-03-01T09:00:00.000Z';
  await sql`INSERT INTO organisations (id, name, created_at, version, time_zone) VALUES ('o1', 'Old', ${at}, 1, 'Asia/Seoul')`.execute(
    db,
  );
  await sql`INSERT INTO users (id, organisation_id, email, display_name, role, password_hash, disabled, created_at, version)
    VALUES ('u1', 'o1', 'd@old.test', 'D', 'doctor', 'x', 0, ${at}, 1)`.execute(db);
  await sql`INSERT INTO sessions (id, user_id, csrf_token, created_at, expires_at) VALUES ('s1', 'u1', 'c', ${at}, ${at})`.execute(
    db,
  );
  await sql`INSERT INTO patients (id, organisation_id, chart_number, display_name, birth_date, sex, history, created_at, updated_at, version)
    VALUES ('p1', 'o1', 'C1', 'P', '1980-01-01', 'female', '{}', ${at}, ${at}, 1)`.execute(db);
  await sql`INSERT INTO plans (id, organisation_id, patient_id, current_number, created_at, updated_at, version)
    VALUES ('pl1', 'o1', 'p1', 1, ${at}, ${at}, 1)`.execute(db);
  await sql`INSERT INTO plan_versions (id, plan_id, number, status, payload, payload_sha256, created_by, created_at, updated_at, signed_by, signed_at)
    VALUES ('v1', 'pl1', 1, 'signed', '{}', 'h', 'u1', ${at}, ${at}, 'u1', ${at})`.execute(db);
  await sql`INSERT INTO plan_signatures (plan_version_id, plan_id, patient_id, record_sha256, signed_by, signed_at, acknowledged, audit_seq)
    VALUES ('v1', 'pl1', 'p1', 'h', 'u1', ${at}, '[]', 1)`.execute(db);
}

async function migrateTo(db: Kysely<DB>, name: string, schema: string | undefined): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: (): Promise<Record<string, Migration>> => Promise.resolve({ ...MIGRATIONS }) },
    // As migrateToLatest does: this schema's bookkeeping tables, not another test schema's.
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  const r = await migrator.migrateTo(name);
  if (r.error !== undefined) {
    throw r.error instanceof Error ? r.error : new Error(`migration to ${name} failed`);
  }
}

const pgUp = await postgresAvailable();
const KINDS = pgUp ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const);

/**
 * 0013 on a database with rows: the new clinic columns are filled from their parents, including signed plan
 * versions and signature rows, whose protective triggers are back in force afterwards.
 */
describe.each(KINDS)('migration 0013-tenancy on existing rows (%s)', (kind) => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  let schemaName: string | undefined;
  async function open(): Promise<Database> {
    if (kind === 'sqlite') {
      const dir = mkdtempSync(path.join(tmpdir(), 'liftplan-0013-'));
      const d = openSqlite(path.join(dir, 'db.sqlite'));
      cleanup = async () => {
        await d.close();
        rmSync(dir, { recursive: true, force: true });
      };
      return d;
    }
    const schema = `t_${randomBytes(6).toString('hex')}`;
    schemaName = schema;
    const c = new pg.Client({ connectionString: TEST_PG_URL });
    await c.connect();
    await c.query(`CREATE SCHEMA ${schema}`);
    await c.end();
    const d = openPostgres(TEST_PG_URL, schema);
    cleanup = async () => {
      await d.close();
      const x = new pg.Client({ connectionString: TEST_PG_URL });
      await x.connect();
      await x.query(`DROP SCHEMA ${schema} CASCADE`);
      await x.end();
    };
    return d;
  }

  it('fills organisation_id from the parents and keeps signed rows guarded', async () => {
    const d = await open();
    await migrateTo(d.db, BEFORE, schemaName);
    await seedBefore(d.db);
    expect(await migrateToLatest(d.db)).toContain('0013-tenancy');
    for (const t of ['sessions', 'plan_versions', 'plan_signatures'] as const) {
      const r = await sql<{ o: string }>`SELECT organisation_id AS o FROM ${sql.table(t)}`.execute(d.db);
      expect([t, r.rows.map((x) => x.o)]).toEqual([t, ['o1']]);
    }
    await expect(
      sql`UPDATE plan_versions SET payload = '{"x":1}' WHERE id = 'v1'`.execute(d.db),
    ).rejects.toThrow(/signed plan version/);
    await expect(sql`UPDATE plan_signatures SET record_sha256 = 'z'`.execute(d.db)).rejects.toThrow(
      /append-only/,
    );
  });
});
