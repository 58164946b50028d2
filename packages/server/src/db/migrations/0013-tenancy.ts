import { sql, type Kysely, type Migration } from 'kysely';
import { dialectOf, type DbKind } from '../dialect.js';
import { grantAppRole, policeTable } from '../tenancy.js';

/**
 * Clinics as tenants (issue 14 §1, docs/decisions/0008-tenancy.md).
 *
 * - The child tables that reached their clinic only through a parent get `organisation_id` of their own,
 *   filled from the parent: sessions (user), landmark_versions (analysis), plan_versions and plan_signatures
 *   (plan), procedure_threads (procedure). PostgreSQL: NOT NULL with a foreign key; SQLite cannot add either
 *   to an existing table, so the column is NOT NULL DEFAULT '' (a row without its clinic is seen by no clinic)
 *   and the repositories always set it.
 * - A clinic can be disabled (`organisations.disabled`): its users cannot sign in, their sessions end.
 * - Super-admins (`operators`, `operator_sessions`): run the system, belong to no clinic, see no patient data.
 * - PostgreSQL: the app role `liftplan_app` and row-level security (ENABLE + FORCE) with the clinic policy on
 *   every clinic-scoped table and on `organisations` (by its id).
 */

/** Child table -> (parent table, the child's column naming the parent). */
const CHILDREN: readonly (readonly [string, string, string])[] = [
  ['sessions', 'users', 'user_id'],
  ['landmark_versions', 'analyses', 'analysis_id'],
  ['plan_versions', 'plans', 'plan_id'],
  ['plan_signatures', 'plans', 'plan_id'],
  ['procedure_threads', 'procedures', 'procedure_id'],
];

/** Every table under the clinic policy on `organisation_id` once this migration ran. */
export const CLINIC_TABLES = [
  'users',
  'sessions',
  'patients',
  'patient_versions',
  'consents',
  'visits',
  'photos',
  'analyses',
  'landmark_versions',
  'assessments',
  'plans',
  'plan_versions',
  'plan_signatures',
  'products',
  'lots',
  'procedures',
  'procedure_threads',
  'follow_ups',
  'complications',
  'jobs',
  'fhir_imported_resources',
  'outcome_follow_ups',
  'outcome_changes',
  'access_reviews',
] as const;

/**
 * Fills the new column of rows written before it. Signed plan versions and signature rows are guarded by
 * triggers against any change; the backfill is the one change allowed, so their triggers are set aside for
 * it and put back exactly as they were (same statements) inside this migration's transaction.
 */
async function backfill(
  db: Kysely<unknown>,
  kind: DbKind,
  child: string,
  parent: string,
  fk: string,
): Promise<void> {
  const update = sql.raw(
    `UPDATE ${child} SET organisation_id = (SELECT p.organisation_id FROM ${parent} p WHERE p.id = ${child}.${fk})`,
  );
  if (kind === 'postgres') {
    await sql.raw(`ALTER TABLE ${child} DISABLE TRIGGER USER`).execute(db);
    await update.execute(db);
    await sql.raw(`ALTER TABLE ${child} ENABLE TRIGGER USER`).execute(db);
    return;
  }
  const triggers = await sql<{ name: string; sql: string }>`
    SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ${child}`.execute(db);
  for (const t of triggers.rows) await sql.raw(`DROP TRIGGER ${t.name}`).execute(db);
  await update.execute(db);
  for (const t of triggers.rows) await sql.raw(t.sql).execute(db);
}

export const tenancy: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const kind = dialectOf(db);
    const s = db.schema;
    for (const [child, parent, fk] of CHILDREN) {
      if (kind === 'postgres') {
        await s
          .alterTable(child)
          .addColumn('organisation_id', 'text', (c) => c.references('organisations.id'))
          .execute();
      } else {
        await s
          .alterTable(child)
          .addColumn('organisation_id', 'text', (c) => c.notNull().defaultTo(''))
          .execute();
      }
      await backfill(db, kind, child, parent, fk);
      if (kind === 'postgres') {
        await sql.raw(`ALTER TABLE ${child} ALTER COLUMN organisation_id SET NOT NULL`).execute(db);
      }
      await s.createIndex(`${child}_organisation`).on(child).column('organisation_id').execute();
    }

    await s
      .alterTable('organisations')
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();

    await s
      .createTable('operators')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await s
      .createTable('operator_sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('operator_id', 'text', (c) => c.notNull().references('operators.id').onDelete('cascade'))
      .addColumn('csrf_token', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await s.createIndex('operator_sessions_operator').on('operator_sessions').column('operator_id').execute();

    if (kind === 'postgres') {
      await grantAppRole(db);
      for (const t of CLINIC_TABLES) await policeTable(db, t);
      await policeTable(db, 'organisations', 'id');
    }
  },
};
