import pino from 'pino';
import type { Config } from './config.js';
import { fixtureDetector, type LandmarkDetector } from './analysis/detector.js';
import { badRequest, normalizeErrorString } from './errors.js';
import { enableAuditGroupCommit } from './db/audit-batch.js';
import { databaseIdentity } from './db/audit-checkpoint.js';
import { checkAuditAtStart } from './db/audit-startup.js';
import { setAuditKey } from './db/audit.js';
import { readAuditKey } from './db/audit-key.js';
import { assertTenancy } from './db/tenancy.js';
import { migrateToLatest, openDatabase, schemaOf } from './db/connect.js';
import { systemClock, type Clock } from './db/context.js';
import { transact } from './db/repo-kit.js';
import { createRepositories } from './db/repositories.js';
import type { ServerJobQueue } from './jobs/kinds.js';
import { openJobQueue, startJobWorkers, type JobWorkers } from './jobs/workers.js';
import { DerivativeService } from './services/derivatives.js';
import { LocalPhotoStore, type PhotoStore } from './storage/photo-store.js';
import { S3PhotoStore } from './storage/s3-store.js';

export interface WorkerOptions {
  readonly detector?: LandmarkDetector;
  readonly clock?: Clock;
  /** Job workers (default `config.jobWorkers`, at least 1). */
  readonly workers?: number;
}

export interface RunningWorker {
  readonly jobs: ServerJobQueue;
  readonly worker: JobWorkers;
  readonly store: PhotoStore;
  close(): Promise<void>;
}

/**
 * `liftplan worker`: a process that only works jobs (analyses, PDF renders) from PostgreSQL's queue, beside
 * any number of `liftplan serve` processes (`--workers 0` to leave the jobs to it). Same configuration as the
 * server. The embedded SQLite database belongs to one process, so its jobs run in the server.
 */
export async function startWorker(config: Config, opts: WorkerOptions = {}): Promise<RunningWorker> {
  if (config.database.kind !== 'postgres') {
    throw badRequest(
      'a separate worker process needs the PostgreSQL job queue (DATABASE_URL); the embedded SQLite database runs its jobs in the server: liftplan serve --workers N',
    );
  }
  const concurrency = opts.workers ?? config.jobWorkers;
  if (concurrency < 1) throw badRequest('a worker process needs at least one worker (--workers 1 or more)');
  const clock = opts.clock ?? systemClock;
  const logger = pino({ level: config.logLevel, base: { role: 'worker' } });
  const database = openDatabase(config.database);
  let queue: ServerJobQueue | undefined;
  try {
    await migrateToLatest(database.db, schemaOf(config.database));
    await assertTenancy(database.db);
    // The worker writes audit events too: with the same key, and it refuses a log that does not verify, as the
    // server does.
    const key = config.auditHmacKeyFile ? readAuditKey(config.auditHmacKeyFile) : null;
    setAuditKey(key);
    const audit = await checkAuditAtStart(database.db, {
      dir: config.dataDir,
      database: databaseIdentity(config.database),
      policy: config.auditOnBrokenChain,
      clock,
      key,
    });
    if (audit.readOnly) {
      throw badRequest(
        'the audit log did not verify (AUDIT_ON_BROKEN_CHAIN=read-only): no job is worked until the investigation is closed',
      );
    }
    const batcher = config.auditGroupCommit
      ? enableAuditGroupCommit(database.app, (db, work) => transact(db, true, work))
      : undefined;
    // Jobs run on the app handle (PostgreSQL: the liftplan_app role under row-level security).
    const repos = createRepositories(database.app);
    const store: PhotoStore =
      config.photoStore.kind === 's3'
        ? new S3PhotoStore(config.photoStore)
        : new LocalPhotoStore(config.photoStore.dir);
    const detector = opts.detector ?? fixtureDetector();
    const log = {
      info: (o: object, m: string) => {
        logger.info(o, m);
      },
      error: (o: object, m: string) => {
        logger.error(o, m);
      },
    };
    queue = openJobQueue(config.database, database, {
      holdsDataLock: false,
      onError: (e) => {
        logger.error({ err: normalizeErrorString(e) }, 'job queue');
      },
    });
    await queue.start();
    const worker = await startJobWorkers({
      queue,
      repos,
      store,
      detector,
      derivatives: new DerivativeService(repos.photos, store, config.uploadMaxBytes),
      log,
      clock,
      concurrency,
    });
    logger.info({ workers: concurrency, queue: queue.backendName }, 'worker ready');
    return {
      jobs: queue,
      worker,
      store,
      close: async () => {
        await worker.stop();
        await detector.close();
        await batcher?.idle();
        await database.close();
      },
    };
  } catch (e) {
    await queue?.stop().catch(() => undefined);
    await database.close();
    throw e;
  }
}
