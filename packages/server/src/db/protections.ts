/**
 * Every protective trigger, in one place (issue 14 §6). The migrations install them; the server checks at
 * every start that each exists, is enabled and is the one defined here (SQLite: `sqlite_master`; PostgreSQL:
 * `pg_trigger` and the trigger functions' source in `pg_proc`), restores what was dropped, disabled or
 * replaced, and refuses to start when restoring fails. The triggers are a first line only: signed records are
 * also checked against their hashes on every read and the audit chain is verified at start (signed-records.ts,
 * audit.ts), so a change made with the triggers down is still refused and named.
 */
import { sql, type Kysely } from 'kysely';
import { dialectOf, type DbKind } from './dialect.js';

/** Append-only: no UPDATE, no DELETE (and on PostgreSQL no TRUNCATE). */
export const APPEND_ONLY_TABLES = [
  'audit_events',
  'landmark_versions',
  'plan_signatures',
  'consents',
  'patient_versions',
  'procedure_threads',
  'record_versions',
] as const;

/**
 * Append-only tables whose rows may go only with their patient, purged by an admin after the retention
 * period (migration 0015: inside the purge's transaction its `patient_purges` row exists); how a row reaches
 * its patient. The audit log is never purged.
 */
const PURGEABLE: Readonly<Record<string, { readonly sqlitePid: string; readonly pgArgs: string }>> = {
  landmark_versions: {
    sqlitePid: '(SELECT patient_id FROM analyses WHERE id = OLD.analysis_id)',
    pgArgs: "'analyses', 'analysis_id'",
  },
  plan_signatures: { sqlitePid: 'OLD.patient_id', pgArgs: '' },
  consents: { sqlitePid: 'OLD.patient_id', pgArgs: '' },
  patient_versions: { sqlitePid: 'OLD.patient_id', pgArgs: '' },
  procedure_threads: {
    sqlitePid: '(SELECT patient_id FROM procedures WHERE id = OLD.procedure_id)',
    pgArgs: "'procedures', 'procedure_id'",
  },
  record_versions: { sqlitePid: 'OLD.patient_id', pgArgs: '' },
};
const RECORDS = '0015-records';
/** Tables that migration 0015 creates: their guards come with it. */
const CREATED_BY_RECORDS = new Set(['record_versions']);
const purging = (pid: string): string => `EXISTS (SELECT 1 FROM patient_purges WHERE patient_id = ${pid})`;

/**
 * The rest of the clinical record: rows change through the application, but TRUNCATE (which fires no row
 * trigger, and with CASCADE empties every table that refers to it) is refused on PostgreSQL. SQLite has no
 * TRUNCATE; its `DELETE FROM t` fires the row triggers above.
 */
export const NO_TRUNCATE_TABLES = [
  'patients',
  'visits',
  'photo_blobs',
  'photos',
  'analyses',
  'assessments',
  'plans',
  'plan_versions',
  'procedures',
  'follow_ups',
  'complications',
] as const;

/** Every table a protective trigger guards (for the operator's message and the tests). */
export const PROTECTED_TABLES: readonly string[] = [...APPEND_ONLY_TABLES, ...NO_TRUNCATE_TABLES];

type PgEvent = 'UPDATE' | 'DELETE' | 'TRUNCATE';

interface PgTrigger {
  readonly events: readonly PgEvent[];
  readonly level: 'ROW' | 'STATEMENT';
  readonly fn: string;
  /** The trigger function's arguments, as SQL literals. */
  readonly args?: string;
}

export interface Protection {
  readonly name: string;
  readonly table: string;
  /** The migration that installs (or last re-installed) it. */
  readonly since: string;
  /** SQLite: the whole CREATE TRIGGER, given the table's columns (guards list "every other column"). */
  readonly sqlite?: (columns: readonly string[]) => string;
  readonly postgres?: PgTrigger;
}

export interface PgFunction {
  readonly name: string;
  readonly since: string;
  readonly body: string;
}

const SINCE = '0014-integrity';

const raise = (message: string): string => `BEGIN SELECT RAISE(ABORT, '${message}'); END`;

/** `NEW.c IS OLD.c AND …` over every column but the ones allowed to change. */
const unchanged = (columns: readonly string[], except: readonly string[]): string =>
  columns
    .filter((c) => !except.includes(c))
    .map((c) => `NEW."${c}" IS OLD."${c}"`)
    .join(' AND ');

/** A newer version of the same plan that is signed: the only reason a signed version becomes superseded. */
const NEWER_SIGNED_SQLITE = `EXISTS (SELECT 1 FROM plan_versions n WHERE n.plan_id = OLD.plan_id AND n.number > OLD.number AND n.status = 'signed')`;

const SIGNED_VERSION_ALLOWED = ['status', 'superseded_at'] as const;
/**
 * What may change on a procedure: its events (appended), its concurrency version, and the anaesthesia and
 * notes a correction changes (the record as it read before is kept in record_versions, migration 0015).
 */
const PROCEDURE_ALLOWED = ['events', 'version', 'anaesthesia', 'notes'] as const;

export const PG_FUNCTIONS: readonly PgFunction[] = [
  {
    name: 'liftplan_refuse_change',
    since: SINCE,
    body: `BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'P0001'; END`,
  },
  {
    name: 'liftplan_refuse_truncate',
    since: SINCE,
    body: `BEGIN RAISE EXCEPTION '% is part of the medical record and cannot be truncated', TG_TABLE_NAME USING ERRCODE = 'P0001'; END`,
  },
  {
    name: 'liftplan_plan_version_guard',
    since: SINCE,
    body: `BEGIN
  IF OLD.status <> 'draft' THEN
    IF NOT (OLD.status = 'signed' AND NEW.status = 'superseded'
            AND (to_jsonb(NEW) - 'status' - 'superseded_at') = (to_jsonb(OLD) - 'status' - 'superseded_at')
            AND EXISTS (SELECT 1 FROM plan_versions n
                        WHERE n.plan_id = OLD.plan_id AND n.number > OLD.number AND n.status = 'signed')) THEN
      RAISE EXCEPTION 'a signed plan version cannot be changed' USING ERRCODE = 'P0001';
    END IF;
  END IF;
  RETURN NEW;
END`,
  },
  {
    name: 'liftplan_refuse_delete_unless_purged',
    since: RECORDS,
    // No argument: the row's own patient_id; else (parent table, foreign key) to reach it.
    body: `DECLARE
  pid text;
BEGIN
  IF TG_NARGS = 0 THEN
    pid := to_jsonb(OLD)->>'patient_id';
  ELSE
    EXECUTE format('SELECT patient_id FROM %I WHERE id = $1', TG_ARGV[0]) INTO pid
      USING to_jsonb(OLD)->>TG_ARGV[1];
  END IF;
  IF NOT EXISTS (SELECT 1 FROM patient_purges WHERE patient_id = pid) THEN
    IF TG_TABLE_NAME = 'plan_versions' THEN
      IF OLD.status <> 'draft' THEN
        RAISE EXCEPTION 'a signed plan version cannot be deleted' USING ERRCODE = 'P0001';
      END IF;
    ELSE
      RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'P0001';
    END IF;
  END IF;
  RETURN OLD;
END`,
  },
  {
    name: 'liftplan_plan_owner_guard',
    since: SINCE,
    body: `BEGIN
  IF (NEW.patient_id IS DISTINCT FROM OLD.patient_id OR NEW.visit_id IS DISTINCT FROM OLD.visit_id
      OR NEW.organisation_id IS DISTINCT FROM OLD.organisation_id)
     AND EXISTS (SELECT 1 FROM plan_versions v WHERE v.plan_id = OLD.id AND v.status <> 'draft') THEN
    RAISE EXCEPTION 'a plan with a signed version cannot move to another patient, visit or clinic' USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END`,
  },
  {
    name: 'liftplan_procedure_guard',
    since: SINCE,
    body: `BEGIN
  IF (to_jsonb(NEW) - 'events' - 'version' - 'anaesthesia' - 'notes')
     <> (to_jsonb(OLD) - 'events' - 'version' - 'anaesthesia' - 'notes') THEN
    RAISE EXCEPTION 'a recorded procedure only gains events' USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END`,
  },
];

function appendOnly(table: string): Protection[] {
  const purge = PURGEABLE[table];
  const since = purge ? RECORDS : SINCE;
  const refuse = raise(`${table} is append-only`);
  if (!purge) {
    return [
      {
        name: `${table}_no_update`,
        table,
        since,
        sqlite: () => `CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} ${refuse}`,
      },
      {
        name: `${table}_no_delete`,
        table,
        since,
        sqlite: () => `CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} ${refuse}`,
      },
      {
        name: `${table}_append_only`,
        table,
        since,
        postgres: { events: ['UPDATE', 'DELETE'], level: 'ROW', fn: 'liftplan_refuse_change' },
      },
    ];
  }
  return [
    {
      name: `${table}_no_update`,
      table,
      since,
      sqlite: () => `CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} ${refuse}`,
      postgres: { events: ['UPDATE'], level: 'ROW', fn: 'liftplan_refuse_change' },
    },
    {
      name: `${table}_no_delete`,
      table,
      since,
      sqlite: () =>
        `CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} WHEN NOT ${purging(purge.sqlitePid)} ${refuse}`,
      postgres: {
        events: ['DELETE'],
        level: 'ROW',
        fn: 'liftplan_refuse_delete_unless_purged',
        args: purge.pgArgs,
      },
    },
  ];
}

const noTruncate = (table: string): Protection => ({
  name: `${table}_no_truncate`,
  table,
  since: CREATED_BY_RECORDS.has(table) ? RECORDS : SINCE,
  postgres: { events: ['TRUNCATE'], level: 'STATEMENT', fn: 'liftplan_refuse_truncate' },
});

export const PROTECTIONS: readonly Protection[] = [
  ...APPEND_ONLY_TABLES.flatMap(appendOnly),
  ...PROTECTED_TABLES.map(noTruncate),
  {
    name: 'plan_versions_signed_immutable',
    table: 'plan_versions',
    since: SINCE,
    sqlite: (cols) =>
      `CREATE TRIGGER plan_versions_signed_immutable BEFORE UPDATE ON plan_versions WHEN OLD.status <> 'draft' AND NOT (OLD.status = 'signed' AND NEW.status = 'superseded' AND ${unchanged(cols, SIGNED_VERSION_ALLOWED)} AND ${NEWER_SIGNED_SQLITE}) ${raise('a signed plan version cannot be changed')}`,
    postgres: { events: ['UPDATE'], level: 'ROW', fn: 'liftplan_plan_version_guard' },
  },
  {
    // Deleted only with its patient, purged after the retention period (migration 0015).
    name: 'plan_versions_signed_no_delete',
    table: 'plan_versions',
    since: RECORDS,
    sqlite: () =>
      `CREATE TRIGGER plan_versions_signed_no_delete BEFORE DELETE ON plan_versions WHEN OLD.status <> 'draft' AND NOT ${purging('(SELECT patient_id FROM plans WHERE id = OLD.plan_id)')} ${raise('a signed plan version cannot be deleted')}`,
    postgres: {
      events: ['DELETE'],
      level: 'ROW',
      fn: 'liftplan_refuse_delete_unless_purged',
      args: "'plans', 'plan_id'",
    },
  },
  {
    name: 'plans_owner_guard',
    table: 'plans',
    since: SINCE,
    sqlite: () =>
      `CREATE TRIGGER plans_owner_guard BEFORE UPDATE ON plans WHEN (NEW.patient_id IS NOT OLD.patient_id OR NEW.visit_id IS NOT OLD.visit_id OR NEW.organisation_id IS NOT OLD.organisation_id) AND EXISTS (SELECT 1 FROM plan_versions v WHERE v.plan_id = OLD.id AND v.status <> 'draft') ${raise('a plan with a signed version cannot move to another patient, visit or clinic')}`,
    postgres: { events: ['UPDATE'], level: 'ROW', fn: 'liftplan_plan_owner_guard' },
  },
  {
    name: 'procedures_guard',
    table: 'procedures',
    since: SINCE,
    sqlite: (cols) =>
      `CREATE TRIGGER procedures_guard BEFORE UPDATE ON procedures WHEN NOT (${unchanged(cols, PROCEDURE_ALLOWED)}) ${raise('a recorded procedure only gains events')}`,
    postgres: { events: ['UPDATE'], level: 'ROW', fn: 'liftplan_procedure_guard' },
  },
];

const norm = (s: string): string => s.replace(/\s+/g, ' ').trim();

// pg_trigger.tgtype bits (src/include/catalog/pg_trigger.h).
const TG_ROW = 1;
const TG_BEFORE = 2;
const TG_EVENT: Readonly<Record<PgEvent, number>> = { DELETE: 8, UPDATE: 16, TRUNCATE: 32 };
const pgTgType = (t: PgTrigger): number =>
  (t.level === 'ROW' ? TG_ROW : 0) | TG_BEFORE | t.events.reduce((a, e) => a | TG_EVENT[e], 0);

export type ProtectionProblem = 'missing' | 'altered' | 'disabled';

export interface ProtectionFinding {
  /** A trigger name, or `function <name>` for a PostgreSQL trigger function. */
  readonly name: string;
  readonly table: string | null;
  readonly problem: ProtectionProblem;
}

async function sqliteColumns<T>(db: Kysely<T>, table: string): Promise<string[]> {
  const r = await sql<{ name: string }>`SELECT name FROM pragma_table_info(${table})`.execute(db);
  return r.rows.map((c) => c.name);
}

const pgCreateTrigger = (p: Protection, t: PgTrigger): string =>
  `CREATE TRIGGER ${p.name} BEFORE ${t.events.join(' OR ')} ON ${p.table} FOR EACH ${t.level} EXECUTE FUNCTION ${t.fn}(${t.args ?? ''})`;

const pgCreateFunction = (f: PgFunction): string =>
  `CREATE OR REPLACE FUNCTION ${f.name}() RETURNS trigger LANGUAGE plpgsql AS $fn$${f.body}$fn$`;

/** What is missing, disabled or not as defined here, without changing anything. */
export async function checkProtections<T>(db: Kysely<T>): Promise<ProtectionFinding[]> {
  const findings: ProtectionFinding[] = [];
  if (dialectOf(db) === 'sqlite') {
    const r = await sql<{
      name: string;
      sql: string | null;
    }>`SELECT name, sql FROM sqlite_master WHERE type = 'trigger'`.execute(db);
    const have = new Map(r.rows.map((t) => [t.name, t.sql ?? '']));
    const columns = new Map<string, string[]>();
    for (const p of PROTECTIONS) {
      if (!p.sqlite) continue;
      const cols = columns.get(p.table) ?? (await sqliteColumns(db, p.table));
      columns.set(p.table, cols);
      const found = have.get(p.name);
      if (found === undefined) findings.push({ name: p.name, table: p.table, problem: 'missing' });
      else if (norm(found) !== norm(p.sqlite(cols))) {
        findings.push({ name: p.name, table: p.table, problem: 'altered' });
      }
    }
    return findings;
  }
  const fns = await sql<{ proname: string; prosrc: string }>`
    SELECT p.proname, p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = current_schema()`.execute(db);
  const fnSrc = new Map(fns.rows.map((f) => [f.proname, f.prosrc]));
  for (const f of PG_FUNCTIONS) {
    const src = fnSrc.get(f.name);
    if (src === undefined) findings.push({ name: `function ${f.name}`, table: null, problem: 'missing' });
    else if (norm(src) !== norm(f.body)) {
      findings.push({ name: `function ${f.name}`, table: null, problem: 'altered' });
    }
  }
  const trs = await sql<{
    tgname: string;
    relname: string;
    tgtype: number;
    tgenabled: string;
    proname: string;
  }>`
    SELECT t.tgname, c.relname, t.tgtype, t.tgenabled, p.proname
    FROM pg_trigger t
    JOIN pg_class c ON c.oid = t.tgrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_proc p ON p.oid = t.tgfoid
    WHERE n.nspname = current_schema() AND NOT t.tgisinternal`.execute(db);
  const have = new Map(trs.rows.map((t) => [t.tgname, t]));
  for (const p of PROTECTIONS) {
    if (!p.postgres) continue;
    const t = have.get(p.name);
    if (!t) findings.push({ name: p.name, table: p.table, problem: 'missing' });
    else if (t.relname !== p.table || t.tgtype !== pgTgType(p.postgres) || t.proname !== p.postgres.fn) {
      findings.push({ name: p.name, table: p.table, problem: 'altered' });
    } else if (t.tgenabled !== 'O' && t.tgenabled !== 'A') {
      // 'D' is ALTER TABLE … DISABLE TRIGGER; 'R' fires only in replica sessions.
      findings.push({ name: p.name, table: p.table, problem: 'disabled' });
    }
  }
  return findings;
}

async function installOne<T>(db: Kysely<T>, kind: DbKind, p: Protection): Promise<void> {
  if (kind === 'sqlite') {
    if (!p.sqlite) return;
    await sql.raw(`DROP TRIGGER IF EXISTS ${p.name}`).execute(db);
    await sql.raw(p.sqlite(await sqliteColumns(db, p.table))).execute(db);
    return;
  }
  if (!p.postgres) return;
  await sql.raw(`DROP TRIGGER IF EXISTS ${p.name} ON ${p.table}`).execute(db);
  await sql.raw(pgCreateTrigger(p, p.postgres)).execute(db);
}

/** (Re)installs the protections a migration owns (`since`), replacing any older definition. */
export async function installProtections<T>(db: Kysely<T>, since: string): Promise<void> {
  const kind = dialectOf(db);
  if (kind === 'postgres') {
    for (const f of PG_FUNCTIONS.filter((x) => x.since === since)) {
      await sql.raw(pgCreateFunction(f)).execute(db);
    }
  }
  for (const p of PROTECTIONS.filter((x) => x.since === since)) await installOne(db, kind, p);
}

/**
 * Restores what `checkProtections` found, in one transaction (all or nothing). A PostgreSQL role that does
 * not own the tables cannot: the error goes to the caller, which refuses to start.
 */
export async function restoreProtections<T>(
  db: Kysely<T>,
  findings: readonly ProtectionFinding[],
): Promise<void> {
  if (findings.length === 0) return;
  const kind = dialectOf(db);
  await db.transaction().execute(async (trx) => {
    if (kind === 'postgres') {
      for (const f of PG_FUNCTIONS) {
        if (findings.some((x) => x.name === `function ${f.name}`)) {
          await sql.raw(pgCreateFunction(f)).execute(trx);
        }
      }
    }
    for (const p of PROTECTIONS) {
      if (findings.some((x) => x.name === p.name)) await installOne(trx, kind, p);
    }
  });
}

export class ProtectionsRefused extends Error {
  override readonly name = 'ProtectionsRefused';
}

export const describeFindings = (f: readonly ProtectionFinding[]): string =>
  f.map((x) => `${x.name}${x.table ? ` on ${x.table}` : ''} (${x.problem})`).join(', ');

/**
 * At start: checks every protection and restores what was found; returns the findings (to log and audit).
 * Throws `ProtectionsRefused` naming them when restoring fails: the server does not run without its guards.
 */
export async function ensureProtections<T>(db: Kysely<T>): Promise<ProtectionFinding[]> {
  const found = await checkProtections(db);
  if (found.length === 0) return found;
  try {
    await restoreProtections(db, found);
  } catch (e) {
    throw new ProtectionsRefused(
      `protective triggers are not as installed: ${describeFindings(found)}; restoring them failed (${e instanceof Error ? e.message : String(e)}). The server does not start without them: restore them as the database's owner (start the server once with the owner's DATABASE_URL) and investigate with \`liftplan audit verify\`.`,
    );
  }
  return found;
}
