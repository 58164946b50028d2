import type { Kysely, Migration } from 'kysely';

/**
 * Indexes for the reads every screen makes (issue 14 §4): the patient list (a clinic's patients newest
 * first) and each patient's analyses, assessments, follow-ups and complications, which were found by a
 * scan of the whole table. Same on both databases.
 */
export const readIndexes: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createIndex('patients_list')
      .ifNotExists()
      .on('patients')
      .columns(['organisation_id', 'created_at', 'id'])
      .execute();
    for (const table of ['analyses', 'assessments', 'follow_ups', 'complications'] as const) {
      await db.schema.createIndex(`${table}_patient`).ifNotExists().on(table).column('patient_id').execute();
    }
  },
};
