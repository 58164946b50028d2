import type { Kysely, Migration } from 'kysely';

/**
 * The outcome summary (issue 13), maintained from the records so the outcomes screen aggregates in SQL:
 * - `outcome_follow_ups`: one row per scored follow-up summarised, with what it was computed from (the
 *   follow-up's version and the newest landmark time of its front photo) and its state (`ok`, or why no
 *   change could be measured); a follow-up whose inputs changed is summarised again.
 * - `outcome_changes`: one row per follow-up, region, side and metric: change from the signed plan's
 *   baseline photo in the baseline's frame, its MDC, whether it is beyond the band, with the procedure's
 *   doctor, product and lot of that region and side, and the months after the procedure.
 * Derived data: it can be dropped and rebuilt from the records at any time. Plain CREATE TABLE on both.
 */
export const outcomeChanges: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('outcome_follow_ups')
      .addColumn('follow_up_id', 'text', (c) => c.primaryKey().references('follow_ups.id'))
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('follow_up_version', 'integer', (c) => c.notNull())
      .addColumn('source_at', 'text')
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('computed_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('outcome_changes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('follow_up_id', 'text', (c) => c.notNull().references('follow_ups.id'))
      .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
      .addColumn('procedure_id', 'text', (c) => c.notNull().references('procedures.id'))
      .addColumn('visit_id', 'text', (c) => c.notNull().references('visits.id'))
      .addColumn('performed_by', 'text', (c) => c.notNull())
      .addColumn('product_id', 'text')
      .addColumn('lot_id', 'text')
      .addColumn('region', 'text', (c) => c.notNull())
      .addColumn('side', 'text', (c) => c.notNull())
      .addColumn('metric', 'text', (c) => c.notNull())
      .addColumn('unit', 'text', (c) => c.notNull())
      .addColumn('performed_on', 'text', (c) => c.notNull())
      .addColumn('follow_up_date', 'text', (c) => c.notNull())
      .addColumn('months', 'integer', (c) => c.notNull())
      .addColumn('change', 'double precision', (c) => c.notNull())
      .addColumn('mdc', 'double precision')
      .addColumn('beyond', 'integer')
      .execute();
    await db.schema
      .createIndex('outcome_changes_group')
      .on('outcome_changes')
      .columns(['organisation_id', 'region', 'side', 'metric', 'months', 'change', 'beyond', 'mdc', 'unit'])
      .execute();
    await db.schema
      .createIndex('outcome_changes_follow_up')
      .on('outcome_changes')
      .column('follow_up_id')
      .execute();
    await db.schema
      .createIndex('outcome_follow_ups_org')
      .on('outcome_follow_ups')
      .column('organisation_id')
      .execute();
    await db.schema.createIndex('follow_ups_visit').on('follow_ups').column('visit_id').execute();
    await db.schema.createIndex('photos_visit').on('photos').column('visit_id').execute();
  },
};
