import { PostgresAdapter, SqliteAdapter, type Kysely } from 'kysely';

export type DbKind = 'sqlite' | 'postgres';

/** Which database a Kysely instance (or transaction) talks to, from its adapter. */
export function dialectOf<T>(db: Kysely<T>): DbKind {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof PostgresAdapter) return 'postgres';
  if (adapter instanceof SqliteAdapter) return 'sqlite';
  throw new Error('unsupported database adapter');
}
