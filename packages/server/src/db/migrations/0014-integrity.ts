import { sql, type Kysely, type Migration } from 'kysely';
import { dialectOf } from '../dialect.js';
import { installProtections } from '../protections.js';

/**
 * Integrity that survives direct SQL (issue 14 §6, §1):
 * - `audit_events.chain`, `chain_seq`: one hash chain per clinic (the organisation's id) and one for the
 *   system (`system`). Rows written before this migration keep `chain` NULL: the legacy chain, verified as it
 *   was; the first row of every new chain links to the legacy chain's last hash. Existing rows are never
 *   rewritten (the table is append-only). A unique index keeps one row per chain position.
 * - `audit_events.mac`: HMAC-SHA256 of the row's hash under a key kept outside the database (optional).
 * - PostgreSQL: `audit_events_seq_next` allocates the global `seq` (chains append in parallel under their own
 *   lock, so max+1 would collide).
 * - Every protective trigger of protections.ts (re)installed: TRUNCATE refused on the record's tables, a signed
 *   version superseded only by a newer signed one, a signed plan never moved, procedures only gain events,
 *   procedure threads append-only.
 */
export const integrity: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const s = db.schema;
    await s.alterTable('audit_events').addColumn('chain', 'text').execute();
    await s.alterTable('audit_events').addColumn('chain_seq', 'integer').execute();
    await s.alterTable('audit_events').addColumn('mac', 'text').execute();
    await s
      .createIndex('audit_events_chain')
      .on('audit_events')
      .columns(['chain', 'chain_seq'])
      .unique()
      .execute();
    if (dialectOf(db) === 'postgres') {
      await sql`CREATE SEQUENCE audit_events_seq_next`.execute(db);
      await sql`SELECT setval('audit_events_seq_next', COALESCE((SELECT max(seq) FROM audit_events), 0) + 1, false)`.execute(
        db,
      );
    }
    await installProtections(db, '0014-integrity');
  },
};
