import { RenderPool } from '@liftplan/report';
import type { Database } from '../db/connect.js';
import type { Clock } from '../db/context.js';
import type { Repositories } from '../db/repositories.js';
import type { LandmarkDetector } from '../analysis/detector.js';
import type { DerivativeService } from '../services/derivatives.js';
import { ReportService, type ReportRenderer } from '../services/reports.js';
import type { PhotoStore } from '../storage/photo-store.js';
import { analysisHandler, queueUnfinishedAnalyses, type JobLog } from './analysis-jobs.js';
import { documentHandler } from './document-jobs.js';
import { SERVER_JOB_KINDS, type ServerJobQueue } from './kinds.js';
import { PgBossQueue } from './pg-boss-queue.js';
import { JobQueue } from './queue.js';
import { SqliteQueue } from './sqlite-queue.js';

/** pg-boss' schema on a database of its own (production); a test database's schema holds it beside the app. */
export const DEFAULT_QUEUE_SCHEMA = 'pgboss';
/** How often unfinished analysis jobs are checked against the queue (a process that died before queuing). */
const SWEEP_INTERVAL_MS = 5 * 60_000;

export type QueueTarget =
  { readonly kind: 'sqlite' } | { readonly kind: 'postgres'; readonly url: string; readonly schema?: string };

/**
 * The server's queue on its database: pg-boss on PostgreSQL, the in-process SQLite queue on the embedded
 * database. `holdsDataLock`: this process owns the SQLite file, so attempts left running are a dead process's.
 */
export function openJobQueue(
  target: QueueTarget,
  database: Database,
  opts: { readonly holdsDataLock: boolean; readonly onError?: (e: Error) => void },
): ServerJobQueue {
  const backend =
    target.kind === 'postgres'
      ? new PgBossQueue({
          url: target.url,
          schema: target.schema ?? DEFAULT_QUEUE_SCHEMA,
          ...(opts.onError ? { onError: opts.onError } : {}),
        })
      : new SqliteQueue(database.db, {
          recoverOnStart: opts.holdsDataLock,
          ...(opts.onError ? { onError: opts.onError } : {}),
        });
  return new JobQueue(backend, SERVER_JOB_KINDS);
}

export interface JobWorkers {
  /** Attempts run at once per kind in this process (0: none, the process only queues). */
  readonly concurrency: number;
  /** The PDF renderer the document jobs use (a worker-thread pool unless one was passed in). */
  readonly renderer: ReportRenderer | undefined;
  /** Resolves when no job this process works is unfinished (tests wait on it). */
  idle(): Promise<void>;
  /** Queues what the database says is unfinished (see queueUnfinishedAnalyses). */
  sweep(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Registers this process's workers: `concurrency` analyses and `concurrency` document renders at a time (the
 * render pool gets as many threads). With 0 nothing is worked here (`liftplan serve --workers 0` beside
 * `liftplan worker` processes).
 */
export async function startJobWorkers(deps: {
  readonly queue: ServerJobQueue;
  readonly repos: Repositories;
  readonly store: PhotoStore;
  readonly detector: LandmarkDetector;
  readonly derivatives: DerivativeService;
  readonly log: JobLog;
  readonly clock: Clock;
  readonly concurrency: number;
  /** False on a server started read-only: documents still print (reads), no analysis is stored. */
  readonly analyses?: boolean;
  readonly renderer?: ReportRenderer;
}): Promise<JobWorkers> {
  const { queue, repos, log, clock, concurrency } = deps;
  let pool: RenderPool | undefined;
  let renderer = deps.renderer;
  let sweeps: NodeJS.Timeout | undefined;
  const sweep = async (): Promise<void> => {
    try {
      const r = await queueUnfinishedAnalyses(queue, repos.jobs, clock);
      if (r.queued > 0) log.info(r, 'unfinished analysis jobs queued');
    } catch (e) {
      log.error({ err: e instanceof Error ? e.message : String(e) }, 'unfinished analysis jobs not queued');
    }
  };
  const analyses = deps.analyses ?? true;
  if (concurrency > 0) {
    renderer ??= pool = new RenderPool({ size: concurrency });
    await queue.work(
      'render-document',
      concurrency,
      documentHandler({ printer: new ReportService(repos.reports, deps.store, renderer), log, clock }),
    );
  }
  if (concurrency > 0 && analyses) {
    await queue.work(
      'analyze-photo',
      concurrency,
      analysisHandler({
        jobs: repos.jobs,
        store: deps.store,
        detector: deps.detector,
        derivatives: deps.derivatives,
        log,
        clock,
      }),
    );
    await sweep();
    sweeps = setInterval(() => void sweep(), SWEEP_INTERVAL_MS);
    sweeps.unref();
  }
  return {
    concurrency,
    renderer,
    idle: () => queue.idle(),
    sweep: analyses ? sweep : () => Promise.resolve(),
    stop: async () => {
      if (sweeps) clearInterval(sweeps);
      await queue.stop();
      await pool?.close();
    },
  };
}
