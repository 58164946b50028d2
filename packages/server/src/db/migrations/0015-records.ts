import { sql, type Kysely, type Migration } from 'kysely';
import { dialectOf, type DbKind } from '../dialect.js';
import { installProtections } from '../protections.js';
import { policeTable } from '../tenancy.js';

/**
 * Records the law asks for (issue 13 §4):
 * - `patients.archived_at`, `archived_by`: an archived patient is read-only. Triggers refuse every insert,
 *   update and delete of the patient's clinical rows (and of the patient row itself, except restoring it) with
 *   the message `patient_archived: …`, which the server answers as the `patient_archived` error. Reads and
 *   exports go on.
 * - `record_versions`: every version of an assessment, a procedure or a follow-up (the original kept, who
 *   changed which fields when and why), like `patient_versions`. Append-only. Records from before this
 *   migration get their version 1 (as they were) written with their first correction (record-versions.ts).
 * - `patient_purges`: one row per patient whose records an admin purged after the retention period (who,
 *   when, how many rows; no patient data). While its row exists in the purge's transaction, the append-only
 *   and archive guards let that patient's rows be deleted (and only deleted); the audit log stays.
 */

/** The message the triggers raise; `mapDbError` turns it into the `patient_archived` error. */
export const ARCHIVED_TRIGGER_MESSAGE =
  'patient_archived: this patient is archived (read-only): the record can be read and exported, not changed';

/** Clinical tables with their own patient_id. */
const DIRECT = [
  'visits',
  'photos',
  'analyses',
  'assessments',
  'plans',
  'plan_signatures',
  'consents',
  'procedures',
  'follow_ups',
  'complications',
  'patient_versions',
  'record_versions',
] as const;
/** Clinical tables reached through their parent: [table, foreign key, parent table]. */
const VIA_PARENT = [
  ['plan_versions', 'plan_id', 'plans'],
  ['landmark_versions', 'analysis_id', 'analyses'],
  ['procedure_threads', 'procedure_id', 'procedures'],
] as const;

/** True inside the transaction that purges the patient `pid` (its patient_purges row exists). */
const purging = (pid: string): string => `EXISTS (SELECT 1 FROM patient_purges WHERE patient_id = ${pid})`;

/** Append-only tables with their own patient_id (their guards: protections.ts). */
const APPEND_ONLY = ['consents', 'patient_versions', 'plan_signatures', 'record_versions'] as const;

/**
 * The append-only tables (and signed plan versions) may lose a patient's rows only while that patient is
 * purged: their guards are reinstalled from the registry (protections.ts), which knows that one exception;
 * UPDATE stays refused. PostgreSQL's older combined guards go first.
 */
async function purgeExceptions(db: Kysely<unknown>, kind: DbKind): Promise<void> {
  if (kind === 'postgres') {
    for (const table of [...APPEND_ONLY, 'landmark_versions', 'procedure_threads']) {
      await sql.raw(`DROP TRIGGER IF EXISTS ${table}_append_only ON ${table}`).execute(db);
    }
  }
  await installProtections(db, '0015-records');
}

async function archiveGuards(db: Kysely<unknown>, kind: DbKind): Promise<void> {
  const archived = (pid: string) =>
    `(EXISTS (SELECT 1 FROM patients WHERE id = ${pid} AND archived_at IS NOT NULL) AND NOT ${purging(pid)})`;
  if (kind === 'sqlite') {
    const guard = async (table: string, op: string, cond: string) =>
      sql
        .raw(
          `CREATE TRIGGER ${table}_archived_${op.toLowerCase()} BEFORE ${op} ON ${table} WHEN ${cond}
           BEGIN SELECT RAISE(ABORT, '${ARCHIVED_TRIGGER_MESSAGE}'); END`,
        )
        .execute(db);
    const pidOf = (table: string, row: 'NEW' | 'OLD'): string => {
      const parent = VIA_PARENT.find(([t]) => t === table);
      return parent
        ? `(SELECT patient_id FROM ${parent[2]} WHERE id = ${row}.${parent[1]})`
        : `${row}.patient_id`;
    };
    for (const table of [...DIRECT, ...VIA_PARENT.map(([t]) => t)]) {
      await guard(table, 'INSERT', archived(pidOf(table, 'NEW')));
      await guard(table, 'UPDATE', `${archived(pidOf(table, 'OLD'))} OR ${archived(pidOf(table, 'NEW'))}`);
      await guard(table, 'DELETE', archived(pidOf(table, 'OLD')));
    }
    // The patient row: archiving and restoring change archived_at; anything else waits for a restore.
    await guard(
      'patients',
      'UPDATE',
      `OLD.archived_at IS NOT NULL AND NEW.archived_at IS NOT NULL AND NOT ${purging('OLD.id')}`,
    );
    await guard('patients', 'DELETE', `OLD.archived_at IS NOT NULL AND NOT ${purging('OLD.id')}`);
    return;
  }
  // PostgreSQL: one function; no argument = the row's own patient_id, else (parent table, foreign key).
  await sql
    .raw(
      `CREATE FUNCTION liftplan_refuse_archived() RETURNS trigger LANGUAGE plpgsql AS $$
       DECLARE
         r jsonb;
         pid text;
       BEGIN
         FOR r IN SELECT x FROM unnest(ARRAY[
           CASE WHEN TG_OP IN ('INSERT', 'UPDATE') THEN to_jsonb(NEW) END,
           CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN to_jsonb(OLD) END]) AS x WHERE x IS NOT NULL
         LOOP
           IF TG_NARGS = 0 THEN
             pid := r->>'patient_id';
           ELSE
             EXECUTE format('SELECT patient_id FROM %I WHERE id = $1', TG_ARGV[0]) INTO pid USING r->>TG_ARGV[1];
           END IF;
           IF EXISTS (SELECT 1 FROM patients WHERE id = pid AND archived_at IS NOT NULL)
              AND NOT EXISTS (SELECT 1 FROM patient_purges WHERE patient_id = pid) THEN
             RAISE EXCEPTION '${ARCHIVED_TRIGGER_MESSAGE}' USING ERRCODE = 'P0001';
           END IF;
         END LOOP;
         IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
         RETURN NEW;
       END $$`,
    )
    .execute(db);
  for (const table of DIRECT) {
    await sql
      .raw(
        `CREATE TRIGGER ${table}_archived BEFORE INSERT OR UPDATE OR DELETE ON ${table}
         FOR EACH ROW EXECUTE FUNCTION liftplan_refuse_archived()`,
      )
      .execute(db);
  }
  for (const [table, fk, parent] of VIA_PARENT) {
    await sql
      .raw(
        `CREATE TRIGGER ${table}_archived BEFORE INSERT OR UPDATE OR DELETE ON ${table}
         FOR EACH ROW EXECUTE FUNCTION liftplan_refuse_archived('${parent}', '${fk}')`,
      )
      .execute(db);
  }
  await sql
    .raw(
      `CREATE FUNCTION liftplan_refuse_archived_patient() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF OLD.archived_at IS NOT NULL AND (TG_OP = 'DELETE' OR NEW.archived_at IS NOT NULL)
            AND NOT EXISTS (SELECT 1 FROM patient_purges WHERE patient_id = OLD.id) THEN
           RAISE EXCEPTION '${ARCHIVED_TRIGGER_MESSAGE}' USING ERRCODE = 'P0001';
         END IF;
         IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
         RETURN NEW;
       END $$`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER patients_archived BEFORE UPDATE OR DELETE ON patients
       FOR EACH ROW EXECUTE FUNCTION liftplan_refuse_archived_patient()`,
    )
    .execute(db);
}

export const records: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const kind = dialectOf(db);
    const s = db.schema;
    await s.alterTable('patients').addColumn('archived_at', 'text').execute();
    await s.alterTable('patients').addColumn('archived_by', 'text').execute();

    await s
      .createTable('record_versions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
      .addColumn('entity', 'text', (c) =>
        c.notNull().check(sql`entity IN ('assessment', 'procedure', 'follow_up')`),
      )
      .addColumn('entity_id', 'text', (c) => c.notNull())
      .addColumn('number', 'integer', (c) => c.notNull())
      /** The record as it read after this version (JSON of the API shape). */
      .addColumn('snapshot', 'text', (c) => c.notNull())
      .addColumn('changed_fields', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('changed_by', 'text', (c) => c.notNull())
      .addColumn('changed_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('record_versions_number', ['entity', 'entity_id', 'number'])
      .execute();
    await s
      .createIndex('record_versions_patient')
      .on('record_versions')
      .columns(['patient_id', 'entity', 'entity_id'])
      .execute();
    await s
      .createTable('patient_purges')
      .addColumn('patient_id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('purged_at', 'text', (c) => c.notNull())
      .addColumn('purged_by', 'text', (c) => c.notNull())
      .addColumn('rows', 'integer', (c) => c.notNull())
      .execute();
    if (kind === 'postgres') {
      // Clinics as tenants (0013): the new clinic tables under their policy.
      await policeTable(db, 'record_versions');
      await policeTable(db, 'patient_purges');
    }
    await purgeExceptions(db, kind);
    await archiveGuards(db, kind);
  },
};
