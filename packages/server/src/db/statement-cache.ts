import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * How many distinct SQL texts keep their prepared statement. The server's queries are a few hundred
 * shapes; lists with `IN (?, ?, …)` of varying length churn through the least recently used end.
 */
export const STATEMENT_CACHE_SIZE = 500;

/**
 * The SQLite handle Kysely is given, preparing each SQL text once. Kysely prepares on every query, and
 * preparing was the largest single cost of an audited read (about a tenth of the server's CPU at c=50).
 * A statement still being iterated (a streamed query) is never handed out twice: a fresh one is prepared.
 */
export function cachingStatements(
  db: BetterSqlite3.Database,
  max: number = STATEMENT_CACHE_SIZE,
): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => {
      cache.clear();
      db.close();
    },
    prepare(sql: string): SqliteStatement {
      const hit = cache.get(sql);
      if (hit !== undefined && !hit.busy) {
        // Map order is insertion order: re-inserting makes it the most recently used.
        cache.delete(sql);
        cache.set(sql, hit);
        return hit;
      }
      const stmt = db.prepare(sql);
      if (hit === undefined) {
        cache.set(sql, stmt);
        if (cache.size > max) {
          const oldest = cache.keys().next();
          if (oldest.done !== true) cache.delete(oldest.value);
        }
      }
      return stmt;
    },
  };
}
