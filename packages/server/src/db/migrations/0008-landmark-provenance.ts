import type { Kysely, Migration } from 'kysely';

/**
 * Landmark provenance and the subject's identity in the photo (issue 9). On analyses: the sha256 of the
 * landmark model (the detector id and version were there already) and the faces the photo showed with the
 * one measured (JSON `{ candidates: [{ n, box, relativeWidth }], chosen: { n, box, byUser } }`). On jobs: the
 * face number the user picked (a re-analysis of an ambiguous photo) and, for a photo refused as ambiguous, the
 * candidate faces to pick from. All nullable: older rows stay valid (their model is named by detector_version).
 * Plain ADD COLUMN on both databases.
 */
export const landmarkProvenance: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('analyses').addColumn('model_sha256', 'text').execute();
    await db.schema.alterTable('analyses').addColumn('faces', 'text').execute();
    await db.schema.alterTable('jobs').addColumn('face', 'integer').execute();
    await db.schema.alterTable('jobs').addColumn('faces', 'text').execute();
  },
};
