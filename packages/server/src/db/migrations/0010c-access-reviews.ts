import type { Kysely, Migration } from 'kysely';

/**
 * The monthly access review (PIPA safeguards, issue 13): one row per clinic and month, recorded when an admin
 * completes the review, with what was reviewed. Append-only in practice (no update path). Plain CREATE TABLE.
 */
export const accessReviews: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('access_reviews')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('month', 'text', (c) => c.notNull())
      .addColumn('reviewed_by', 'text', (c) => c.notNull())
      .addColumn('reviewed_at', 'text', (c) => c.notNull())
      .addColumn('events', 'integer', (c) => c.notNull())
      .addColumn('flagged', 'integer', (c) => c.notNull())
      .addColumn('note', 'text')
      .addUniqueConstraint('access_reviews_month', ['organisation_id', 'month'])
      .execute();
  },
};
