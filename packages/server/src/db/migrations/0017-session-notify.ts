import { sql, type Kysely, type Migration } from 'kysely';
import { dialectOf } from '../dialect.js';

/** The channel server processes listen on to drop cached sessions (services/session-cache.ts). */
export const SESSIONS_CHANGED_CHANNEL = 'liftplan_sessions_changed';

/**
 * PostgreSQL: a notification whenever sessions end or users change (any path, direct SQL included), so
 * every server process drops its cached sessions. SQLite needs nothing: one server process per database,
 * and other connections' commits show in `PRAGMA data_version`.
 */
export const sessionNotify: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    if (dialectOf(db) !== 'postgres') return;
    await sql
      .raw(
        `CREATE FUNCTION liftplan_sessions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN PERFORM pg_notify('${SESSIONS_CHANGED_CHANNEL}', TG_TABLE_NAME); RETURN NULL; END $$`,
      )
      .execute(db);
    for (const [table, events] of [
      ['sessions', 'UPDATE OR DELETE OR TRUNCATE'],
      ['users', 'UPDATE OR DELETE OR TRUNCATE'],
    ] as const) {
      await sql
        .raw(
          `CREATE TRIGGER ${table}_notify_sessions AFTER ${events} ON ${table}
           FOR EACH STATEMENT EXECUTE FUNCTION liftplan_sessions_changed()`,
        )
        .execute(db);
    }
  },
};
