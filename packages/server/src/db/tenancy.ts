/**
 * Clinics as tenants (issue 14 §1, docs/decisions/0008-tenancy.md). Every clinical row carries its clinic
 * (`organisation_id`). On PostgreSQL the database enforces it: row-level security (ENABLE + FORCE) on every
 * clinic-scoped table with a policy on the `liftplan.clinic` setting, the app connecting as the non-owner role
 * `liftplan_app`, and the setting taken from the clinic scope below each time a connection is checked out
 * (no scope: the empty string, which matches no clinic, so a forgotten scope reads nothing). On SQLite the
 * repositories filter by the actor's clinic (the same rule in the data layer).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  CompiledQuery,
  PostgresDialect,
  sql,
  type DatabaseConnection,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type TransactionSettings,
} from 'kysely';
import { dialectOf } from './dialect.js';

/** The PostgreSQL role the server's requests run as (NOLOGIN; the owner connection sets it). */
export const APP_ROLE = 'liftplan_app';
/** The per-connection setting the policies read. */
export const CLINIC_SETTING = 'liftplan.clinic';
/** The name of the policy on every clinic-scoped table. */
export const CLINIC_POLICY = 'clinic_isolation';

/**
 * Tables the app role may not touch at all: super-admin accounts and their sessions (owner-side only) and the
 * migration bookkeeping.
 */
export const OWNER_ONLY_TABLES = [
  'operators',
  'operator_sessions',
  'kysely_migration',
  'kysely_migration_lock',
] as const;

/**
 * Tables with an `organisation_id` that are not under the clinic policy, and why. The audit log is one chain
 * written across clinics by the group-commit batcher and verified as a whole at start; who may read which of
 * its events is decided in its repository (audit-log.ts), per clinic.
 */
export const NOT_POLICED: Readonly<Record<string, string>> = {
  audit_events: 'one hash chain across clinics; scoped in the audit repository',
};

const scope = new AsyncLocalStorage<string>();

/** Runs `work` with every database connection it checks out bound to `clinicId` (PostgreSQL policies). */
export const withClinic = <T>(clinicId: string, work: () => Promise<T>): Promise<T> =>
  scope.run(clinicId, work);

/** The clinic of the current scope, or undefined outside one. */
export const currentClinic = (): string | undefined => scope.getStore();

/**
 * A PostgreSQL dialect whose connections are bound to the current clinic scope on every checkout: a
 * `set_config` before the first statement of each transaction or single query, outside any transaction (so
 * it cannot be rolled back). Each connection remembers the value it holds and is only set again when the
 * scope differs (a round trip saved per read when one clinic is busy); the value changes only here.
 */
export class ClinicScopedPostgresDialect extends PostgresDialect {
  override createDriver(): Driver {
    return new ClinicScopedDriver(super.createDriver());
  }
}

class ClinicScopedDriver implements Driver {
  /** The clinic each pooled connection is bound to (kysely keeps one connection object per client). */
  private readonly bound = new WeakMap<DatabaseConnection, string>();
  constructor(private readonly inner: Driver) {}
  init(): Promise<void> {
    return this.inner.init();
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    const conn = await this.inner.acquireConnection();
    const clinic = currentClinic() ?? '';
    if (this.bound.get(conn) === clinic) return conn;
    try {
      this.bound.delete(conn);
      await conn.executeQuery(
        CompiledQuery.raw(`SELECT set_config('${CLINIC_SETTING}', $1, false)`, [clinic]),
      );
      this.bound.set(conn, clinic);
    } catch (e) {
      await this.inner.releaseConnection(conn);
      throw e;
    }
    return conn;
  }
  beginTransaction(conn: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction(conn, settings);
  }
  commitTransaction(conn: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(conn);
  }
  rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(conn);
  }
  async savepoint(
    conn: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.savepoint?.(conn, name, compile);
  }
  async rollbackToSavepoint(
    conn: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.rollbackToSavepoint?.(conn, name, compile);
  }
  async releaseSavepoint(
    conn: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.releaseSavepoint?.(conn, name, compile);
  }
  releaseConnection(conn: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(conn);
  }
  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

const owners = new WeakMap<Kysely<unknown>, Kysely<unknown>>();

/** Records the owner-side handle of an app handle (PostgreSQL; on SQLite both are one handle). */
export function registerOwner<T>(app: Kysely<T>, owner: Kysely<T>): void {
  owners.set(app as Kysely<unknown>, owner as Kysely<unknown>);
}

/**
 * The owner-side handle for the few explicit paths that must cross clinics (sign-in by e-mail, session
 * lookup, the super-admin's clinic list, start-up sweeps and the job queue): the handle itself when it is
 * not an app handle.
 */
export function ownerOf<T>(db: Kysely<T>): Kysely<T> {
  return (owners.get(db as Kysely<unknown>) as Kysely<T> | undefined) ?? db;
}

/** `ENABLE` + `FORCE` row-level security and the clinic policy on one table (PostgreSQL; idempotent). */
export async function policeTable(
  db: Kysely<unknown>,
  table: string,
  column = 'organisation_id',
): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(table) || !/^[a-z_][a-z0-9_]*$/.test(column)) {
    throw new Error('invalid table or column name');
  }
  await sql.raw(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`).execute(db);
  await sql.raw(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`).execute(db);
  await sql.raw(`DROP POLICY IF EXISTS ${CLINIC_POLICY} ON ${table}`).execute(db);
  await sql
    .raw(
      `CREATE POLICY ${CLINIC_POLICY} ON ${table}
       USING (${column} = current_setting('${CLINIC_SETTING}', true))
       WITH CHECK (${column} = current_setting('${CLINIC_SETTING}', true))`,
    )
    .execute(db);
}

/**
 * Creates the app role if absent and grants it what the server needs in the current schema. Roles are
 * global to the cluster and many schemas (tests) may race here, so a concurrent creation is not an error.
 * Run by the owner after every migration (tables added later get their grants too).
 */
export async function grantAppRole<T>(db: Kysely<T>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await sql
    .raw(
      `DO $$ BEGIN
         CREATE ROLE ${APP_ROLE} NOLOGIN;
       EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
       END $$`,
    )
    .execute(db);
  // A non-superuser owner must be a member to SET ROLE; a superuser may already.
  await sql
    .raw(
      `DO $$ BEGIN
         IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
            AND NOT pg_has_role(current_user, '${APP_ROLE}', 'MEMBER') THEN
           EXECUTE format('GRANT ${APP_ROLE} TO %I', current_user);
         END IF;
       EXCEPTION WHEN unique_violation OR duplicate_object THEN NULL;
       END $$`,
    )
    .execute(db);
  const schema = await sql<{ s: string }>`SELECT current_schema() AS s`.execute(db);
  const name = schema.rows[0]?.s;
  if (name === undefined || !/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error('unexpected schema name');
  await sql.raw(`GRANT USAGE ON SCHEMA ${name} TO ${APP_ROLE}`).execute(db);
  // Rows only: no TRUNCATE, no REFERENCES, no TRIGGER, and nothing on the owner-only tables.
  await sql
    .raw(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${name} TO ${APP_ROLE}`)
    .execute(db);
  await sql.raw(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${name} TO ${APP_ROLE}`).execute(db);
  for (const t of OWNER_ONLY_TABLES) {
    const exists = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_tables
      WHERE schemaname = ${name} AND tablename = ${t}`.execute(db);
    if ((exists.rows[0]?.n ?? 0) > 0) {
      await sql.raw(`REVOKE ALL ON ${name}.${t} FROM ${APP_ROLE}`).execute(db);
    }
  }
}

/** `checkTenancy`, throwing with every problem: the server and the CLI refuse to work on a leaky database. */
export async function assertTenancy<T>(db: Kysely<T>): Promise<void> {
  const check = await checkTenancy(db);
  if (!check.ok) throw new Error(`row-level security is not in place: ${check.problems.join('; ')}`);
}

export interface TenancyCheck {
  readonly ok: boolean;
  readonly problems: readonly string[];
}

/**
 * Start-up check (PostgreSQL, as the owner): every table of the schema with an `organisation_id` (and
 * `organisations` itself) has row-level security enabled and forced with the clinic policy, the app role
 * exists and cannot bypass it, and the owner can (its cross-clinic checks would otherwise see nothing and
 * pass). A table added without a policy stops the server instead of leaking.
 */
export async function checkTenancy<T>(db: Kysely<T>): Promise<TenancyCheck> {
  if (dialectOf(db) !== 'postgres') return { ok: true, problems: [] };
  const problems: string[] = [];
  const tables = await sql<{ name: string; rls: boolean; force: boolean; policy: boolean }>`
    SELECT c.relname AS name, c.relrowsecurity AS rls, c.relforcerowsecurity AS force,
           EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = ${CLINIC_POLICY}) AS policy
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
    WHERE c.relkind = 'r'
      AND (c.relname = 'organisations' OR EXISTS (
        SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'organisation_id' AND NOT a.attisdropped))
    ORDER BY c.relname`.execute(db);
  for (const t of tables.rows) {
    if (t.name in NOT_POLICED) continue;
    if (!t.rls || !t.force || !t.policy) {
      problems.push(
        `table ${t.name} carries a clinic but has no forced row-level security with ${CLINIC_POLICY}`,
      );
    }
  }
  const roles = await sql<{ name: string; bypass: boolean }>`
    SELECT rolname AS name, (rolsuper OR rolbypassrls) AS bypass FROM pg_roles
    WHERE rolname = ${APP_ROLE} OR rolname = current_user`.execute(db);
  const app = roles.rows.find((r) => r.name === APP_ROLE);
  const owner = await sql<{ bypass: boolean }>`
    SELECT (rolsuper OR rolbypassrls) AS bypass FROM pg_roles WHERE rolname = current_user`.execute(db);
  if (!app) problems.push(`role ${APP_ROLE} is missing`);
  else if (app.bypass) problems.push(`role ${APP_ROLE} bypasses row-level security`);
  if (owner.rows[0]?.bypass !== true) {
    problems.push(
      'the DATABASE_URL role must bypass row-level security (superuser or ALTER ROLE … BYPASSRLS): sign-in, the clinic list and the start-up checks read across clinics through it',
    );
  }
  return { ok: problems.length === 0, problems };
}
