import type { Kysely, Migration } from 'kysely';

/**
 * What printed documents say about the clinic and the doctor: the organisation's address and phone (with a
 * `version` for optimistic concurrency, like every mutable row) and a user's licence number. All nullable:
 * existing rows stay valid and documents print without the missing lines. Plain ADD COLUMN on both databases.
 */
export const clinicDetails: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('organisations').addColumn('address', 'text').execute();
    await db.schema.alterTable('organisations').addColumn('phone', 'text').execute();
    await db.schema
      .alterTable('organisations')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db.schema.alterTable('users').addColumn('licence_number', 'text').execute();
  },
};
