import PgBoss from 'pg-boss';
import type { JobSnapshot, JobState, QueueBackend, RawHandler, RetryPolicy } from './queue.js';

/** Connections pg-boss keeps for itself (fetching, completing, maintenance), beside the app's pool. */
const POOL_MAX = 4;
/** How often each worker asks PostgreSQL for a job when it has none (pg-boss' minimum is 0.5 s). */
const POLLING_INTERVAL_SECONDS = 0.5;
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
 * maintenance). Jobs queued in this process wake its own workers at once; other processes find them within
 * the polling interval.
 */
export class PgBossQueue implements QueueBackend {
  readonly name = 'pg-boss' as const;
  private readonly boss: PgBoss;
  private readonly workers = new Map<string, string[]>();

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
  }

  async start(): Promise<void> {
    await this.boss.start();
  }

  async declare(kind: string, policy: RetryPolicy): Promise<void> {
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
    if (created) for (const w of this.workers.get(kind) ?? []) this.boss.notifyWorker(w);
    return created;
  }

  async work(kind: string, concurrency: number, handler: RawHandler): Promise<void> {
    const ids = this.workers.get(kind) ?? [];
    for (let i = 0; i < concurrency; i++) {
      ids.push(
        await this.boss.work<unknown>(
          kind,
          { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: POLLING_INTERVAL_SECONDS },
          async ([job]) => {
            if (!job) return undefined;
            return handler({
              id: job.id,
              kind,
              data: job.data,
              attempt: job.retryCount + 1,
              maxAttempts: job.retryLimit + 1,
            });
          },
        ),
      );
    }
    this.workers.set(kind, ids);
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
    await this.boss.stop({ graceful: true, wait: true, timeout: STOP_GRACE_MS });
  }
}
