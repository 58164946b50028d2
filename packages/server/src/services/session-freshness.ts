import type BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { SESSIONS_CHANGED_CHANNEL } from '../db/migrations/0017-session-notify.js';

/**
 * Tells the session cache whether what it holds may be stale because of another process: a generation
 * that changes when sessions or users may have changed elsewhere, or undefined when that cannot be known
 * right now (then nothing is served from the cache).
 */
export interface SessionFreshness {
  generation(): number | undefined;
  close(): Promise<void>;
}

/**
 * SQLite: `PRAGMA data_version` changes whenever another connection (the CLI's `users revoke`, an
 * operator's sqlite3) commits to the file; this process's own writes go through the cache and drop what
 * they change.
 */
export function sqliteFreshness(sqlite: BetterSqlite3.Database): SessionFreshness {
  const stmt = sqlite.prepare('PRAGMA data_version').pluck();
  return {
    generation: () => Number(stmt.get()),
    close: () => Promise.resolve(),
  };
}

/** How long to wait before listening again after the notification connection broke. */
export const RELISTEN_DELAY_MS = 1_000;

/**
 * PostgreSQL: a connection LISTENing on the channel the sessions and users triggers notify (migration
 * 0017). Every notification, and every reconnect (notifications may have been missed), is a new
 * generation; while not listening the cache is bypassed.
 */
export function postgresFreshness(url: string, onError: (err: unknown) => void): SessionFreshness {
  let generation = 0;
  let listening = false;
  let closed = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    client = c;
    c.on('notification', () => {
      generation++;
    });
    c.on('error', (err) => {
      lost(err);
    });
    c.on('end', () => {
      if (!closed) lost(new Error('session notification connection ended'));
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${SESSIONS_CHANGED_CHANNEL}`);
      generation++;
      listening = true;
    } catch (err) {
      lost(err);
    }
  };
  const lost = (err: unknown): void => {
    if (!listening && retry !== undefined) return;
    listening = false;
    if (closed) return;
    onError(err);
    void client?.end().catch(() => undefined);
    client = undefined;
    clearTimeout(retry);
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, RELISTEN_DELAY_MS);
    retry.unref();
  };
  void connect();
  return {
    generation: () => (listening ? generation : undefined),
    close: async () => {
      closed = true;
      listening = false;
      clearTimeout(retry);
      await client?.end().catch(() => undefined);
    },
  };
}
