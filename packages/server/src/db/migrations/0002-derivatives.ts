import type { Kysely, Migration } from 'kysely';

/**
 * The metadata-free derivative of each stored original (upright JPEG, no EXIF/GPS/XMP/IPTC/ICC, at most
 * 2048 px): the original's blob row names its derivative, itself a blob row (so the store's sweep keeps it).
 * Made by the analysis worker after the upload; null until then, or when the file cannot be decoded.
 */
export const derivatives: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .alterTable('photo_blobs')
      .addColumn('derivative_sha256', 'text', (c) => c.references('photo_blobs.sha256'))
      .execute();
    await db.schema.alterTable('photo_blobs').addColumn('derivative_width', 'integer').execute();
    await db.schema.alterTable('photo_blobs').addColumn('derivative_height', 'integer').execute();
  },
};
