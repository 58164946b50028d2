import { EventEmitter } from 'node:events';
import { sql, type Kysely } from 'kysely';
import { normalizeErrorString } from '../errors.js';
import type { DB } from '../db/types.js';
import {
  type JobSnapshot,
  type JobState,
  type QueueBackend,
  type RawHandler,
  type RetryPolicy,
} from './queue.js';

/** How often an idle worker looks for due jobs (retries whose backoff ended; jobs queued by another process). */
const POLL_MS = 500;
/** Finished jobs are kept this long (for lookups), then deleted. */
const FINISHED_RETENTION_MS = 3600_000;
/** How often finished jobs past their retention are deleted. */
const PURGE_EVERY_MS = 60_000;
/** How long `stop` waits for attempts in flight; an attempt cut off is retried at the next start. */
const STOP_GRACE_MS = 30_000;

interface Row {
  id: string;
  kind: string;
  data: string;
  state: JobState;
  attempts: number;
  max_attempts: number;
  result: string | null;
  error: string | null;
}

export interface SqliteQueueOptions {
  /**
   * The server holding the data lock passes true: an attempt left `active` can only be from a process that
   * died, so it is due at once instead of after its timeout.
   */
  readonly recoverOnStart?: boolean;
  readonly pollMs?: number;
  /** A claim that failed (the database busy or away); the worker tries again at its next poll. */
  readonly onError?: (e: Error) => void;
}

/**
 * The embedded database's queue: a `job_queue` table in the SQLite file, owned by this module (created on
 * start, like pg-boss owns its schema), worked in-process. A job is stored (committed, synchronous=FULL)
 * before `send` resolves, so an acknowledged job survives a kill. Claiming is one UPDATE … RETURNING, atomic
 * across connections and processes. Queries go through the app's Kysely instance, so they wait for its
 * transactions instead of deadlocking on SQLite's write lock.
 */
export class SqliteQueue implements QueueBackend {
  readonly name = 'sqlite' as const;
  private readonly wake = new EventEmitter();
  private readonly loops: Promise<void>[] = [];
  private readonly policies = new Map<string, RetryPolicy>();
  private stopped = false;
  private purgeTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly opts: SqliteQueueOptions = {},
  ) {
    this.wake.setMaxListeners(0);
  }

  async start(): Promise<void> {
    await sql`CREATE TABLE IF NOT EXISTS job_queue (
      id TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      data TEXT NOT NULL,
      state TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      max_attempts INTEGER NOT NULL,
      retry_delay_ms INTEGER NOT NULL,
      timeout_ms INTEGER NOT NULL,
      run_after INTEGER NOT NULL,
      locked_until INTEGER,
      result TEXT,
      error TEXT,
      created_at INTEGER NOT NULL,
      finished_at INTEGER
    )`.execute(this.db);
    await sql`CREATE INDEX IF NOT EXISTS job_queue_due ON job_queue (kind, state, run_after)`.execute(
      this.db,
    );
    if (this.opts.recoverOnStart) {
      await sql`UPDATE job_queue SET locked_until = 0 WHERE state = 'active'`.execute(this.db);
    }
    this.purgeTimer = setInterval(() => void this.purge(), PURGE_EVERY_MS);
    this.purgeTimer.unref();
  }

  declare(kind: string, policy: RetryPolicy): Promise<void> {
    this.policies.set(kind, policy);
    return Promise.resolve();
  }

  async send(kind: string, id: string, data: unknown): Promise<boolean> {
    const p = this.policies.get(kind);
    if (!p) throw new Error(`job kind ${kind} was not declared`);
    const now = Date.now();
    const r = await sql`INSERT INTO job_queue
      (id, kind, data, state, attempts, max_attempts, retry_delay_ms, timeout_ms, run_after, created_at)
      VALUES (${id}, ${kind}, ${JSON.stringify(data)}, 'queued', 0, ${p.retries + 1}, ${p.retryDelayMs},
        ${p.timeoutMs}, ${now}, ${now})
      ON CONFLICT (id) DO NOTHING`.execute(this.db);
    const created = Number(r.numAffectedRows ?? 0) === 1;
    if (created) this.wake.emit(kind);
    return created;
  }

  work(kind: string, concurrency: number, handler: RawHandler): Promise<void> {
    for (let i = 0; i < concurrency; i++) this.loops.push(this.loop(kind, handler));
    return Promise.resolve();
  }

  async get(kind: string, id: string): Promise<JobSnapshot | undefined> {
    const r = await sql<Row>`SELECT * FROM job_queue WHERE id = ${id} AND kind = ${kind}`.execute(this.db);
    const row = r.rows[0];
    if (!row) return undefined;
    return {
      id: row.id,
      kind: row.kind,
      state: row.state,
      attempts: row.attempts,
      result: row.result === null ? null : (JSON.parse(row.result) as unknown),
      error: row.error,
    };
  }

  async remove(kind: string, id: string): Promise<void> {
    await sql`DELETE FROM job_queue WHERE id = ${id} AND kind = ${kind}`.execute(this.db);
  }

  async unfinished(kind: string): Promise<number> {
    const r = await sql<{ n: number }>`SELECT count(*) AS n FROM job_queue
      WHERE kind = ${kind} AND state IN ('queued', 'active', 'retry')`.execute(this.db);
    return r.rows[0]?.n ?? 0;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.purgeTimer) clearInterval(this.purgeTimer);
    for (const kind of this.policies.keys()) this.wake.emit(kind);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(this.loops),
      new Promise((resolve) => {
        timer = setTimeout(resolve, STOP_GRACE_MS);
      }),
    ]);
    clearTimeout(timer);
  }

  private async loop(kind: string, handler: RawHandler): Promise<void> {
    const pollMs = this.opts.pollMs ?? POLL_MS;
    while (!this.stopped) {
      let job: Row | undefined;
      try {
        job = await this.claim(kind);
      } catch (e) {
        if (!this.stopped) this.opts.onError?.(e instanceof Error ? e : new Error(String(e)));
        job = undefined;
      }
      if (!job) {
        await this.nextWake(kind, pollMs);
        continue;
      }
      if (job.attempts > job.max_attempts) {
        // An attempt beyond the last: the last one was lost (its process stopped) and its time ran out.
        await this.finish(
          job,
          'failed',
          null,
          'the last attempt did not finish in time (its process stopped?)',
        );
        continue;
      }
      try {
        const result = await handler({
          id: job.id,
          kind,
          data: JSON.parse(job.data) as unknown,
          attempt: job.attempts,
          maxAttempts: job.max_attempts,
        });
        await this.finish(job, 'completed', result ?? null, null);
      } catch (e) {
        await this.finish(
          job,
          job.attempts < job.max_attempts ? 'retry' : 'failed',
          null,
          normalizeErrorString(e),
        );
      }
    }
  }

  private nextWake(kind: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake.off(kind, done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake.on(kind, done);
    });
  }

  private async claim(kind: string): Promise<Row | undefined> {
    const now = Date.now();
    const r = await sql<Row>`UPDATE job_queue
      SET state = 'active', attempts = attempts + 1, locked_until = ${now} + timeout_ms
      WHERE id = (
        SELECT id FROM job_queue
        WHERE kind = ${kind}
          AND ((state IN ('queued', 'retry') AND run_after <= ${now}) OR (state = 'active' AND locked_until <= ${now}))
        ORDER BY run_after, created_at
        LIMIT 1)
      RETURNING id, kind, data, state, attempts, max_attempts, result, error`.execute(this.db);
    return r.rows[0];
  }

  /** Records an attempt's end, unless the attempt was given up meanwhile (timed out and claimed again). */
  private async finish(
    job: Row,
    state: 'completed' | 'retry' | 'failed',
    result: Record<string, unknown> | null,
    error: string | null,
  ): Promise<void> {
    const now = Date.now();
    try {
      await sql`UPDATE job_queue SET
          state = ${state},
          result = ${result === null ? null : JSON.stringify(result)},
          error = ${error},
          locked_until = NULL,
          run_after = CASE WHEN ${state} = 'retry' THEN ${now} + retry_delay_ms * (1 << (attempts - 1)) ELSE run_after END,
          finished_at = CASE WHEN ${state} = 'retry' THEN NULL ELSE ${now} END
        WHERE id = ${job.id} AND state = 'active' AND attempts = ${job.attempts}`.execute(this.db);
    } catch {
      // The database went away (stopping): the attempt stays active and is taken up again at the next start.
      return;
    }
    if (state === 'retry') {
      // Wake this process's workers when the backoff ends (the poll would find it too, later).
      const delay = await sql<{
        d: number;
      }>`SELECT run_after - ${now} AS d FROM job_queue WHERE id = ${job.id}`
        .execute(this.db)
        .catch(() => undefined);
      const d = delay?.rows[0]?.d ?? 0;
      setTimeout(() => this.wake.emit(job.kind), Math.max(0, d)).unref();
    }
  }

  private async purge(): Promise<void> {
    await sql`DELETE FROM job_queue WHERE finished_at IS NOT NULL AND finished_at < ${Date.now() - FINISHED_RETENTION_MS}`
      .execute(this.db)
      .catch(() => undefined);
  }
}
