import type { Kysely, Migration } from 'kysely';

/**
 * Indexes for lookups added with the photo -> analysis link and the per-patient procedure list: a photo's
 * analysis jobs (`GET /api/photos/:id/analysis`, photo listings) and a patient's procedures
 * (`GET /api/patients/:id/procedures`).
 */
export const lookups: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createIndex('jobs_photo').on('jobs').column('photo_id').execute();
    await db.schema.createIndex('procedures_patient').on('procedures').column('patient_id').execute();
  },
};
