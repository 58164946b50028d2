import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { z } from 'zod';
import { openSqlite, type Database } from '../db/connect.js';
import { PgBossQueue } from '../jobs/pg-boss-queue.js';
import type { QueueBackend } from '../jobs/queue.js';
import { SqliteQueue, type SqliteQueueOptions } from '../jobs/sqlite-queue.js';
import { TEST_PG_URL } from './databases.js';

/** Where a test queue lives: an SQLite file or a PostgreSQL schema of its own (as the other *.int.test.ts). */
export type QueueTarget =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'pg'; readonly url: string; readonly schema: string };

export interface TestQueueStore {
  readonly target: QueueTarget;
  cleanup(): Promise<void>;
}

export function sqliteQueueStore(): Promise<TestQueueStore> {
  const dir = mkdtempSync(path.join(tmpdir(), 'liftplan-queue-'));
  return Promise.resolve({
    target: { kind: 'sqlite', file: path.join(dir, 'queue.sqlite') },
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  });
}

export function pgQueueStore(url = TEST_PG_URL): Promise<TestQueueStore> {
  const schema = `q_${randomBytes(6).toString('hex')}`;
  return Promise.resolve({
    target: { kind: 'pg', url, schema },
    cleanup: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await c.end();
      }
    },
  });
}

/** One queue backend (its own connection) on a target; several may share a target, as processes would. */
export function openTestQueue(
  target: QueueTarget,
  opts: SqliteQueueOptions & { readonly maintenanceIntervalSeconds?: number } = {},
): { readonly backend: QueueBackend; readonly close: () => Promise<void> } {
  if (target.kind === 'sqlite') {
    const database: Database = openSqlite(target.file);
    return {
      backend: new SqliteQueue(database.db, opts),
      close: () => database.close(),
    };
  }
  return {
    backend: new PgBossQueue({
      url: target.url,
      schema: target.schema,
      ...(opts.maintenanceIntervalSeconds !== undefined
        ? { maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds }
        : {}),
    }),
    close: () => Promise.resolve(),
  };
}

/** The job kind of the queue crash trials (testing/queue-child.ts). */
export const CRASH_KINDS = {
  crash: {
    payload: z.object({ n: z.number().int().min(0) }),
    // A short timeout: an attempt lost with a killed process comes due again quickly.
    retry: { retries: 2, retryDelayMs: 0, timeoutMs: 2000 },
  },
};
