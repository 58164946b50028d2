import { createHash, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { normalizeErrorString } from '../errors.js';

/*
 * The server's job queue: background work (photo analysis, PDF rendering) as named kinds with a zod-checked
 * payload, handlers per kind, retries with exponential backoff and a state per job that can be looked up.
 * Two backends behind one interface: pg-boss on PostgreSQL (several processes share the work) and a table in
 * the embedded SQLite database, worked in-process (docs/decisions/0009-job-queue.md).
 */

/** Where a job is. `retry`: an attempt failed and the next one waits for its backoff. */
export const JOB_STATES = ['queued', 'active', 'retry', 'completed', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** How a kind is retried. Attempts = 1 + retries; the n-th retry waits `retryDelayMs * 2^(n-1)`. */
export interface RetryPolicy {
  readonly retries: number;
  readonly retryDelayMs: number;
  /** An attempt still running after this long is taken to be lost (its process died) and retried. */
  readonly timeoutMs: number;
}

/** One job as the backend stores it. */
export interface JobSnapshot {
  readonly id: string;
  readonly kind: string;
  readonly state: JobState;
  /** Attempts started so far. */
  readonly attempts: number;
  /** The handler's result (JSON) once completed. */
  readonly result: unknown;
  /** Why the last attempt failed (a message, never a stack). */
  readonly error: string | null;
}

/** An attempt handed to a handler. */
export interface RawJob {
  readonly id: string;
  readonly kind: string;
  readonly data: unknown;
  /** 1 for the first attempt. */
  readonly attempt: number;
  readonly maxAttempts: number;
}

/** Resolves with the job's result (a JSON object) or throws: the attempt failed and is retried if it may. */
export type RawHandler = (job: RawJob) => Promise<Record<string, unknown> | undefined>;

/** What a storage backend does; `JobQueue` adds kinds, payload checks and the exhausted-retries hook. */
export interface QueueBackend {
  readonly name: 'sqlite' | 'pg-boss';
  start(): Promise<void>;
  declare(kind: string, policy: RetryPolicy): Promise<void>;
  /** Stores a job under `id`; false when a job with that id exists already (nothing is changed then). */
  send(kind: string, id: string, data: unknown): Promise<boolean>;
  /** Runs `concurrency` attempts of `kind` at a time in this process until `stop`. */
  work(kind: string, concurrency: number, handler: RawHandler): Promise<void>;
  get(kind: string, id: string): Promise<JobSnapshot | undefined>;
  /** Forgets a finished job (e.g. a rendered PDF once delivered). */
  remove(kind: string, id: string): Promise<void>;
  /** Jobs of `kind` not finished yet (queued, active, waiting for a retry). */
  unfinished(kind: string): Promise<number>;
  /** Stops taking jobs and waits (bounded) for the attempts running in this process. */
  stop(): Promise<void>;
}

export interface JobKind<S extends z.ZodType> {
  readonly payload: S;
  readonly retry: RetryPolicy;
}

export interface JobContext<P> {
  readonly id: string;
  readonly payload: P;
  readonly attempt: number;
  readonly maxAttempts: number;
}

export interface JobHandlerSpec<P> {
  /** The work; its resolved object is the job's result. A throw fails the attempt (retried while it may). */
  run(job: JobContext<P>): Promise<Record<string, unknown> | undefined>;
  /** After the last attempt failed (the job is `failed`): record it where users see it. */
  onExhausted?(job: JobContext<P>, reason: string): Promise<void>;
}

export interface Enqueued {
  readonly id: string;
  /** False when the job existed already (same idempotency key): it was not queued a second time. */
  readonly created: boolean;
}

/** A payload that does not match its kind's schema: a programming error, never retried. */
export class JobPayloadError extends Error {
  constructor(kind: string, issues: string) {
    super(`job ${kind}: invalid payload: ${issues}`);
    this.name = 'JobPayloadError';
  }
}

/** How long `waitFor` sleeps between looks at a job another process may finish. */
const WAIT_POLL_MS = 50;
/** How often `idle` looks whether the queue has drained. */
const IDLE_POLL_MS = 20;

/**
 * A job id from an idempotency key: the same key of the same kind always names the same job, so queuing it
 * twice is a no-op. UUID-shaped (pg-boss ids are uuids).
 */
export function jobIdFor(kind: string, key: string): string {
  const h = createHash('sha256').update(`${kind}\0${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

type Kinds = Record<string, JobKind<z.ZodType>>;

/**
 * The typed queue over a backend: `K` maps kind names to their payload schema and retry policy. Payloads are
 * checked with zod when queued and again when an attempt starts (the stored JSON is a boundary too).
 */
export class JobQueue<K extends Kinds> {
  private started = false;
  private readonly workedKinds = new Set<string>();

  constructor(
    readonly backend: QueueBackend,
    private readonly kinds: K,
  ) {}

  get backendName(): QueueBackend['name'] {
    return this.backend.name;
  }

  async start(): Promise<void> {
    if (this.started) return;
    await this.backend.start();
    for (const [kind, spec] of Object.entries(this.kinds)) await this.backend.declare(kind, spec.retry);
    this.started = true;
  }

  /**
   * Queues a job. With `key` the job is idempotent: the same key of the same kind is one job however often it
   * is queued (an analysis per photo job, a render per request). Resolves once the job is stored.
   */
  async enqueue<N extends keyof K & string>(
    kind: N,
    payload: z.input<K[N]['payload']>,
    opts: { readonly key?: string } = {},
  ): Promise<Enqueued> {
    const parsed = this.kinds[kind]?.payload.safeParse(payload);
    if (!parsed?.success) {
      throw new JobPayloadError(
        kind,
        parsed?.error.issues.map((i) => i.message).join('; ') ?? 'unknown kind',
      );
    }
    const id = jobIdFor(kind, opts.key ?? randomUUID());
    const created = await this.backend.send(kind, id, parsed.data);
    return { id, created };
  }

  /** Runs `concurrency` jobs of `kind` at a time in this process. */
  async work<N extends keyof K & string>(
    kind: N,
    concurrency: number,
    spec: JobHandlerSpec<z.output<K[N]['payload']>>,
  ): Promise<void> {
    const schema = this.kinds[kind]?.payload;
    if (!schema) throw new Error(`unknown job kind ${kind}`);
    this.workedKinds.add(kind);
    await this.backend.work(kind, concurrency, async (raw) => {
      const parsed = schema.safeParse(raw.data);
      if (!parsed.success) {
        // Retrying cannot fix a payload: it fails for good.
        throw new JobPayloadError(kind, parsed.error.issues.map((i) => i.message).join('; '));
      }
      const job: JobContext<z.output<K[N]['payload']>> = {
        id: raw.id,
        payload: parsed.data as z.output<K[N]['payload']>,
        attempt: raw.attempt,
        maxAttempts: raw.maxAttempts,
      };
      try {
        return await spec.run(job);
      } catch (e) {
        if (raw.attempt >= raw.maxAttempts && spec.onExhausted) {
          await spec.onExhausted(job, normalizeErrorString(e)).catch(() => undefined);
        }
        throw e;
      }
    });
  }

  get(kind: keyof K & string, id: string): Promise<JobSnapshot | undefined> {
    return this.backend.get(kind, id);
  }

  remove(kind: keyof K & string, id: string): Promise<void> {
    return this.backend.remove(kind, id);
  }

  /**
   * The job once it is finished (completed or failed), or its current state when `timeoutMs` passes first.
   * Works whichever process runs the job.
   */
  async waitFor(kind: keyof K & string, id: string, timeoutMs: number): Promise<JobSnapshot | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await this.backend.get(kind, id);
      if (!job || job.state === 'completed' || job.state === 'failed') return job;
      if (Date.now() >= deadline) return job;
      await sleep(Math.min(WAIT_POLL_MS, Math.max(0, deadline - Date.now())));
    }
  }

  /** Resolves when no job of the kinds this process works is unfinished (tests wait on it). */
  async idle(): Promise<void> {
    for (;;) {
      let open = 0;
      for (const kind of this.workedKinds) open += await this.backend.unfinished(kind);
      if (open === 0) return;
      await sleep(IDLE_POLL_MS);
    }
  }

  async stop(): Promise<void> {
    await this.backend.stop();
  }
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });
