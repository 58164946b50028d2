import type { Kysely, Migration } from 'kysely';

/**
 * FHIR R4 resources read from another liftplan's export (`liftplan import fhir`, issue 13). The patient
 * becomes a patient row of the importing clinic; every other resource (encounters, photos, observations,
 * signed plans, procedures, consents, signatures …) is kept verbatim as JSON, its patient reference rewritten
 * to the new patient, and is exported again with the patient's own records. Signed records of another clinic
 * are documents, not re-signed here. Plain CREATE TABLE on both databases.
 */
export const fhirImport: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('fhir_imported_resources')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
      .addColumn('resource_type', 'text', (c) => c.notNull())
      .addColumn('resource_id', 'text', (c) => c.notNull())
      .addColumn('resource', 'text', (c) => c.notNull())
      .addColumn('bundle_id', 'text', (c) => c.notNull())
      .addColumn('imported_by', 'text', (c) => c.notNull())
      .addColumn('imported_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('fhir_imported_resources_unique', [
        'organisation_id',
        'patient_id',
        'resource_type',
        'resource_id',
      ])
      .execute();
    await db.schema
      .createIndex('fhir_imported_resources_patient')
      .on('fhir_imported_resources')
      .columns(['organisation_id', 'patient_id'])
      .execute();
  },
};
