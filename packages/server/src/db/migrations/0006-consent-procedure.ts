import { sql, type Kysely, type Migration } from 'kysely';
import { dialectOf, type DbKind } from '../dialect.js';

/**
 * Consent as part of the record, the procedure matched to the plan, demographics with history:
 * - `consents`: the signed consent of one plan version (filled form as signed, its sha256, the three photo
 *   scopes each agreed or refused, the pointer signature as SVG path data). Append-only.
 * - `patient_versions`: every version of a patient's demographics and contact details, the original kept;
 *   version 1 is backfilled from the current row of each existing patient. Append-only.
 * - `patients.phone`, `email`, `address`: contact details (nullable).
 * - `procedure_threads.barcode`, `gtin`: the scanned GS1 string and its GTIN, when the lot was scanned.
 * - `procedures.not_placed`: planned rows deliberately not placed, each with its reason (JSON).
 */

async function appendOnly(db: Kysely<unknown>, kind: DbKind, table: string): Promise<void> {
  if (kind === 'sqlite') {
    for (const op of ['UPDATE', 'DELETE']) {
      await sql
        .raw(
          `CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table}
           BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
        )
        .execute(db);
    }
    return;
  }
  // liftplan_refuse_change() is created by 0001-initial.
  await sql
    .raw(
      `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
       FOR EACH ROW EXECUTE FUNCTION liftplan_refuse_change()`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
       FOR EACH STATEMENT EXECUTE FUNCTION liftplan_refuse_change()`,
    )
    .execute(db);
}

const bool = (name: string) => sql`${sql.ref(name)} IN (0, 1)`;

export const consentProcedure: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const kind = dialectOf(db);
    const s = db.schema;

    await s
      .createTable('consents')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
      .addColumn('plan_version_id', 'text', (c) => c.notNull().references('plan_versions.id'))
      .addColumn('template_id', 'text', (c) => c.notNull())
      .addColumn('template_version', 'integer', (c) => c.notNull())
      .addColumn('locale', 'text', (c) => c.notNull().check(sql`locale IN ('ko', 'en')`))
      .addColumn('document', 'text', (c) => c.notNull())
      .addColumn('document_sha256', 'text', (c) => c.notNull())
      .addColumn('photo_record', 'integer', (c) => c.notNull().check(bool('photo_record')))
      .addColumn('photo_marketing', 'integer', (c) => c.notNull().check(bool('photo_marketing')))
      .addColumn('photo_research', 'integer', (c) => c.notNull().check(bool('photo_research')))
      .addColumn('signer_name', 'text', (c) => c.notNull())
      .addColumn('signer_relation', 'text')
      .addColumn('signature_path', 'text', (c) => c.notNull())
      .addColumn('performing_doctor_ids', 'text', (c) => c.notNull())
      .addColumn('signed_at', 'text', (c) => c.notNull())
      .addColumn('recorded_by', 'text', (c) => c.notNull())
      .execute();
    await s.createIndex('consents_plan_version').on('consents').column('plan_version_id').execute();
    await s.createIndex('consents_patient').on('consents').column('patient_id').execute();

    await s.alterTable('patients').addColumn('phone', 'text').execute();
    await s.alterTable('patients').addColumn('email', 'text').execute();
    await s.alterTable('patients').addColumn('address', 'text').execute();

    await s
      .createTable('patient_versions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('birth_date', 'text', (c) => c.notNull())
      .addColumn('sex', 'text', (c) => c.notNull())
      .addColumn('phone', 'text')
      .addColumn('email', 'text')
      .addColumn('address', 'text')
      .addColumn('changed_fields', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('changed_by', 'text', (c) => c.notNull())
      .addColumn('changed_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('patient_versions_number', ['patient_id', 'number'])
      .execute();
    await sql
      .raw(
        `INSERT INTO patient_versions
           (id, organisation_id, patient_id, number, display_name, birth_date, sex, phone, email, address,
            changed_fields, reason, changed_by, changed_at)
         SELECT 'backfill:' || id, organisation_id, id, 1, display_name, birth_date, sex, NULL, NULL, NULL,
                'created', NULL, 'migration:0006', created_at
         FROM patients`,
      )
      .execute(db);

    await s.alterTable('procedure_threads').addColumn('barcode', 'text').execute();
    await s.alterTable('procedure_threads').addColumn('gtin', 'text').execute();
    await s
      .alterTable('procedures')
      .addColumn('not_placed', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();

    await appendOnly(db, kind, 'consents');
    await appendOnly(db, kind, 'patient_versions');
  },
};
