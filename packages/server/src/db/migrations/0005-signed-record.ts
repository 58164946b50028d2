import { sql, type Kysely, type Migration } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * The signed record (issue 10):
 * - `plan_signatures`: one row per signed plan version (who, when, sha256 of the verified record, the patient
 *   and visit it was signed for, and the audit event that chains it). Append-only.
 * - `analyses.image_width/height`: the analysed image's size, so the server builds a case's photos itself.
 * - `organisations.time_zone`: the IANA zone signatures and printed times are shown in (default Asia/Seoul).
 * Plain CREATE TABLE / ADD COLUMN on both databases; only the append-only trigger differs.
 */
export const signedRecord: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const s = db.schema;
    await s
      .createTable('plan_signatures')
      .addColumn('plan_version_id', 'text', (c) => c.primaryKey().references('plan_versions.id'))
      .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
      .addColumn('patient_id', 'text', (c) => c.notNull())
      .addColumn('visit_id', 'text')
      .addColumn('record_sha256', 'text', (c) => c.notNull())
      .addColumn('signed_by', 'text', (c) => c.notNull())
      .addColumn('signed_at', 'text', (c) => c.notNull())
      .addColumn('acknowledged', 'text', (c) => c.notNull())
      .addColumn('audit_seq', 'integer', (c) => c.notNull())
      .execute();
    await s.createIndex('plan_signatures_plan').on('plan_signatures').column('plan_id').execute();
    if (dialectOf(db) === 'sqlite') {
      for (const op of ['UPDATE', 'DELETE']) {
        await sql
          .raw(
            `CREATE TRIGGER plan_signatures_no_${op.toLowerCase()} BEFORE ${op} ON plan_signatures
             BEGIN SELECT RAISE(ABORT, 'plan_signatures is append-only'); END`,
          )
          .execute(db);
      }
    } else {
      await sql
        .raw(
          `CREATE TRIGGER plan_signatures_append_only BEFORE UPDATE OR DELETE ON plan_signatures
           FOR EACH ROW EXECUTE FUNCTION liftplan_refuse_change()`,
        )
        .execute(db);
    }
    await s.alterTable('analyses').addColumn('image_width', 'integer').execute();
    await s.alterTable('analyses').addColumn('image_height', 'integer').execute();
    await s
      .alterTable('organisations')
      .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('Asia/Seoul'))
      .execute();
  },
};
