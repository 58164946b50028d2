import type { Kysely, Migration } from 'kysely';

/**
 * Burst capture (issue 9 §3): the shots of one view taken as a burst share a `burst_id` (chosen by the
 * client when the burst starts); the plan's metrics are the median of the shots that pass the gate. Null for
 * single photos and every older row. Plain ADD COLUMN and an index on both databases.
 */
export const photoBurst: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('photos').addColumn('burst_id', 'text').execute();
    await db.schema.createIndex('photos_burst').on('photos').columns(['burst_id']).execute();
  },
};
