import { EventEmitter } from 'node:events';
import PgBoss from 'pg-boss';
import { normalizeErrorString } from '../errors.js';
import type { JobSnapshot, JobState, QueueBackend, RawHandler, RetryPolicy } from './queue.js';

/** Connections pg-boss keeps for itself (fetching, completing, maintenance), beside the app's pool. */
const POOL_MAX = 4;
/** How often an idle worker asks PostgreSQL for a job queued by another process. */
const POLL_MS = 500;
/** After a failed fetch (database away) a worker waits this long before it asks again. */
const FETCH_ERROR_BACKOFF_MS = 2000;
/** Finished jobs are moved to pg-boss' archive after this, and deleted from it this long after that. */
const ARCHIVE_AFTER_SECONDS = 3600;
const DELETE_ARCHIVED_AFTER_SECONDS = 3600;
/** How long `stop` waits for attempts in flight before it lets them go (they expire and are retried). */
const STOP_GRACE_MS = 30_000;

export interface PgBossQueueOptions {
  readonly url: string;
  /** The PostgreSQL schema pg-boss keeps its tables in (tests use one per test). */
  readonly schema: string;
  readonly onError?: (e: Error) => void;
  /** Maintenance (expiring lost attempts, archiving) runs this often; tests shorten it. */
  readonly maintenanceIntervalSeconds?: number;
}

const STATE: Readonly<Record<PgBoss.JobWithMetadata['state'], JobState>> = {
  created: 'queued',
  retry: 'retry',
  active: 'active',
  completed: 'completed',
  cancelled: 'failed',
  failed: 'failed',
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * PostgreSQL's queue: pg-boss (jobs fetched with SELECT … FOR UPDATE SKIP LOCKED, so any number of processes
 * share a queue and no job is taken twice; retries with backoff; lost attempts expire and are retried by its
 * maintenance). The worker loops are our own over `fetch`/`complete`/`fail`: pg-boss 10's `work()` waits out
 * its polling interval after every batch, which caps a worker at one job per interval. A worker that finds a
 * job asks again at once; an idle one is woken by a job queued in this process, or asks every POLL_MS.
 */
export class PgBossQueue implements QueueBackend {
  readonly name = 'pg-boss' as const;
  private readonly boss: PgBoss;
  private readonly wake = new EventEmitter();
  private readonly loops: Promise<void>[] = [];
  private readonly kinds = new Set<string>();
  private stopped = false;

  constructor(opts: PgBossQueueOptions) {
    this.boss = new PgBoss({
      connectionString: opts.url,
      schema: opts.schema,
      max: POOL_MAX,
      application_name: 'liftplan-jobs',
      schedule: false,
      archiveCompletedAfterSeconds: ARCHIVE_AFTER_SECONDS,
      archiveFailedAfterSeconds: ARCHIVE_AFTER_SECONDS,
      deleteAfterSeconds: DELETE_ARCHIVED_AFTER_SECONDS,
      ...(opts.maintenanceIntervalSeconds !== undefined
        ? { maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds }
        : {}),
    });
    this.boss.on('error', (e) => opts.onError?.(e));
    this.onError = opts.onError;
    this.wake.setMaxListeners(0);
  }

  private readonly onError: ((e: Error) => void) | undefined;

  async start(): Promise<void> {
    await this.boss.start();
  }

  async declare(kind: string, policy: RetryPolicy): Promise<void> {
    this.kinds.add(kind);
    await this.boss.createQueue(kind, {
      name: kind,
      retryLimit: policy.retries,
      retryDelay: Math.ceil(policy.retryDelayMs / 1000),
      retryBackoff: true,
      expireInSeconds: Math.ceil(policy.timeoutMs / 1000),
    });
  }

  async send(kind: string, id: string, data: unknown): Promise<boolean> {
    if (!isRecord(data)) throw new Error('a pg-boss job payload is a JSON object');
    const created = (await this.boss.send(kind, data, { id })) !== null;
    if (created) this.wake.emit(kind);
    return created;
  }

  work(kind: string, concurrency: number, handler: RawHandler): Promise<void> {
    for (let i = 0; i < concurrency; i++) this.loops.push(this.loop(kind, handler));
    return Promise.resolve();
  }

  private async loop(kind: string, handler: RawHandler): Promise<void> {
    while (!this.stopped) {
      let job: PgBoss.JobWithMetadata<unknown> | undefined;
      try {
        [job] = await this.boss.fetch<unknown>(kind, { batchSize: 1, includeMetadata: true });
      } catch (e) {
        if (this.stopped) return;
        this.onError?.(e instanceof Error ? e : new Error(String(e)));
        await this.nextWake(kind, FETCH_ERROR_BACKOFF_MS);
        continue;
      }
      if (!job) {
        await this.nextWake(kind, POLL_MS);
        continue;
      }
      try {
        const result = await handler({
          id: job.id,
          kind,
          data: job.data,
          attempt: job.retryCount + 1,
          maxAttempts: job.retryLimit + 1,
        });
        await (result ? this.boss.complete(kind, job.id, result) : this.boss.complete(kind, job.id));
      } catch (e) {
        // pg-boss decides: back to `retry` with its backoff while attempts remain, else `failed`.
        await this.boss.fail(kind, job.id, { message: normalizeErrorString(e) }).catch((err: unknown) => {
          // The database went away: the attempt stays active, expires and is retried.
          this.onError?.(err instanceof Error ? err : new Error(String(err)));
        });
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

  async get(kind: string, id: string): Promise<JobSnapshot | undefined> {
    const job = await this.boss.getJobById<unknown>(kind, id, { includeArchive: true });
    if (!job) return undefined;
    const state = STATE[job.state];
    const output: unknown = job.output;
    const message = isRecord(output) && typeof output['message'] === 'string' ? output['message'] : null;
    return {
      id: job.id,
      kind,
      state,
      attempts: job.retryCount + (state === 'queued' || state === 'retry' ? 0 : 1),
      result: state === 'completed' ? (output ?? null) : null,
      error: state === 'failed' || state === 'retry' ? (message ?? 'failed') : null,
    };
  }

  async remove(kind: string, id: string): Promise<void> {
    await this.boss.deleteJob(kind, id);
  }

  unfinished(kind: string): Promise<number> {
    return this.boss.getQueueSize(kind, { before: 'completed' });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const kind of this.kinds) this.wake.emit(kind);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(this.loops),
      new Promise((resolve) => {
        timer = setTimeout(resolve, STOP_GRACE_MS);
      }),
    ]);
    clearTimeout(timer);
    await this.boss.stop({ graceful: true, wait: true, timeout: STOP_GRACE_MS });
  }
}
