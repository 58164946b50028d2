import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { FastifyServerOptions } from 'fastify';
import { boundImageMemory } from '@liftplan/vision';
import type { Config } from './config.js';
import { fixtureDetector, type LandmarkDetector } from './analysis/detector.js';
import { queueAnalysis, type JobLog } from './jobs/analysis-jobs.js';
import { QueuedReportPrinter } from './jobs/document-jobs.js';
import type { ServerJobQueue } from './jobs/kinds.js';
import { openJobQueue, startJobWorkers, type JobWorkers } from './jobs/workers.js';
import { migrateToLatest, openDatabase, schemaOf, type Database } from './db/connect.js';
import { systemClock, systemContext, type Clock } from './db/context.js';
import { createRepositories, type Repositories } from './db/repositories.js';
import { withSessionCache } from './services/session-cache.js';
import { postgresFreshness, sqliteFreshness, type SessionFreshness } from './services/session-freshness.js';
import { enableAuditGroupCommit } from './db/audit-batch.js';
import { databaseIdentity } from './db/audit-checkpoint.js';
import { checkAuditAtStart, recordCheckpoint, verifyFullyInBackground } from './db/audit-startup.js';
import { appendAuditBatch, auditKey, setAuditKey, SYSTEM_CHAIN } from './db/audit.js';
import { readAuditKey } from './db/audit-key.js';
import { ensureProtections, PROTECTIONS } from './db/protections.js';

/** How often the audit checkpoint outside the database is brought up to date (and at every stop). */
const AUDIT_CHECKPOINT_INTERVAL_MS = 60_000;
import { transact } from './db/repo-kit.js';
import { assertTenancy } from './db/tenancy.js';
import { buildApp, requestLogSerializer } from './http/app.js';
import type { App } from './http/types.js';
import { DerivativeService } from './services/derivatives.js';
import type { ReportRenderer } from './services/reports.js';
import { acquireDataLock, type DataLock } from './ops/data-lock.js';
import { LocalPhotoStore, type PhotoStore } from './storage/photo-store.js';
import { S3PhotoStore } from './storage/s3-store.js';

export interface ServerOptions {
  readonly detector?: LandmarkDetector;
  readonly clock?: Clock;
  readonly logger?: FastifyServerOptions['logger'];
  /** The built web app (index.html and assets), served at `/` when the folder exists. */
  readonly webDir?: string;
  /** Renders patient documents in the job workers; default: a RenderPool with a thread per worker. */
  readonly renderer?: ReportRenderer;
  /** Job workers in this process (default `config.jobWorkers`); 0 serves only (`liftplan worker` does the jobs). */
  readonly workers?: number;
  /** Listen (default) or only build the app (tests use `app.inject`). */
  readonly listen?: boolean;
}

export interface RunningServer {
  readonly app: App;
  readonly database: Database;
  readonly repos: Repositories;
  readonly store: PhotoStore;
  /** This process's job workers (analyses, PDF renders). */
  readonly worker: JobWorkers;
  readonly jobs: ServerJobQueue;
  /** The PDF renderer of this process's job workers (their thread pool unless one was passed in). */
  readonly renderer: ReportRenderer | undefined;
  /** True when the web app is served at `/` (its build was found). */
  readonly webServed: boolean;
  /** `http://host:port` when listening. */
  readonly url: string | undefined;
  /** The full verification of every audit row after start (its finding is logged and recorded). */
  readonly auditFullCheck: Promise<void>;
  close(): Promise<void>;
}

/**
 * Start-up, in order: database (migrations), photo store (crash sweep: temp files and orphan blobs), the job
 * queue (attempts a crash left running are taken up again) and this process's job workers (analyses, PDF
 * renders in a thread pool), HTTP. Shutdown in reverse.
 */
export async function startServer(config: Config, opts: ServerOptions = {}): Promise<RunningServer> {
  const clock = opts.clock ?? systemClock;
  // Decoding 49-MP photos must not leave their buffers in libvips' cache (vision/memory.ts).
  boundImageMemory();
  // The embedded database belongs to one process: refuse a second server and a restore underneath this one.
  let lock: DataLock | undefined;
  if (config.database.kind === 'sqlite') {
    mkdirSync(config.dataDir, { recursive: true });
    lock = acquireDataLock(config.dataDir, 'server', clock.now());
  }
  let database: Database;
  try {
    database = openDatabase(config.database);
  } catch (e) {
    lock?.release();
    throw e;
  }
  let jobs: ServerJobQueue | undefined;
  let workers: JobWorkers | undefined;
  let freshness: SessionFreshness | undefined;
  const logRef: { app?: App } = {};
  try {
    const applied = await migrateToLatest(database.db, schemaOf(config.database));
    // Clinics as tenants: on PostgreSQL every clinic-scoped table must be under its policy (db/tenancy.ts).
    await assertTenancy(database.db);
    // Every protective trigger must be there, enabled and as defined (protections.ts): what was dropped,
    // disabled or replaced is restored, or the server does not start.
    const found = await ensureProtections(database.db);
    const key = config.auditHmacKeyFile ? readAuditKey(config.auditHmacKeyFile) : null;
    setAuditKey(key);
    // The audit log must verify from the checkpoint kept outside the database before anything is served.
    const dbIdentity = databaseIdentity(config.database);
    const auditStart = await checkAuditAtStart(database.db, {
      dir: config.dataDir,
      database: dbIdentity,
      policy: config.auditOnBrokenChain,
      clock,
      key,
    });
    const readOnly = auditStart.readOnly;
    if (!readOnly) {
      // The system's own events go to the system chain, which no clinic's audit screen shows.
      const sys = systemContext(SYSTEM_CHAIN, 'server', 'start', clock);
      await database.db.transaction().execute((trx) =>
        appendAuditBatch(trx, [
          ...found.map((f) => ({
            ctx: sys,
            entry: {
              action: 'restore',
              entity: 'trigger',
              entityId: f.name,
              outcome: 'success' as const,
              detail: f.problem,
            },
          })),
          ...applied.map((m) => ({
            ctx: sys,
            entry: { action: 'migrate', entity: 'database', entityId: m, outcome: 'success' as const },
          })),
          {
            ctx: sys,
            entry: {
              action: 'start',
              entity: 'server',
              entityId: null,
              outcome: 'success' as const,
              detail: key ? 'keyed' : 'unkeyed',
            },
          },
        ]),
      );
    }
    const batcher = config.auditGroupCommit
      ? enableAuditGroupCommit(database.app, (db, work) => transact(db, true, work))
      : undefined;
    // Requests, jobs and the CLI run on the app handle (PostgreSQL: the liftplan_app role under row-level
    // security); the few cross-clinic paths inside the repositories use the owner side (db/tenancy.ts).
    const plainRepos = createRepositories(database.app);
    let repos: Repositories = plainRepos;
    if (config.sessionCache) {
      freshness =
        database.sqlite !== undefined
          ? sqliteFreshness(database.sqlite)
          : postgresFreshness(config.database.kind === 'postgres' ? config.database.url : '', (err) =>
              logRef.app?.log.warn({ err }, 'session notifications lost: sessions not cached until back'),
            );
      repos = withSessionCache(plainRepos, freshness);
    }
    const store: PhotoStore =
      config.photoStore.kind === 's3'
        ? new S3PhotoStore(config.photoStore)
        : new LocalPhotoStore(config.photoStore.dir);
    // Read-only (a broken log kept for investigation): nothing is swept, requeued or processed.
    const swept = readOnly ? null : await store.sweep(await repos.photos.knownBlobs());
    const detector = opts.detector ?? fixtureDetector();
    const webServed = opts.webDir !== undefined && existsSync(path.join(opts.webDir, 'index.html'));
    const log: JobLog = {
      info: (o, m) => logRef.app?.log.info(o, m),
      error: (o, m) => logRef.app?.log.error(o, m),
    };
    const derivatives = new DerivativeService(repos.photos, store, config.uploadMaxBytes);
    const queue = openJobQueue(config.database, database, {
      holdsDataLock: lock !== undefined,
      onError: (e) => {
        log.error({ err: e.message }, 'job queue');
      },
    });
    jobs = queue;
    await queue.start();
    // Read-only (a broken log kept for investigation): documents print (a read), no analysis is stored.
    workers = await startJobWorkers({
      queue,
      repos,
      store,
      detector,
      derivatives,
      log,
      clock,
      concurrency: opts.workers ?? config.jobWorkers,
      analyses: !readOnly,
      ...(opts.renderer ? { renderer: opts.renderer } : {}),
    });
    const worker = workers;
    const app = await buildApp({
      config,
      db: database.app,
      repos,
      store,
      clock,
      printer: new QueuedReportPrinter(queue, config.documentWaitMs),
      onJobQueued: async (job) => {
        // The row is committed (the upload is acknowledged on it); a failure here is caught up by the sweep.
        try {
          await queueAnalysis(queue, job);
        } catch (e) {
          log.error(
            { jobId: job.jobId, err: e instanceof Error ? e.message : String(e) },
            'analysis not queued',
          );
        }
      },
      logger: opts.logger ?? { level: config.logLevel, serializers: { req: requestLogSerializer } },
      readOnly,
      ...(webServed && opts.webDir ? { webDir: opts.webDir } : {}),
    });
    logRef.app = app;
    app.log.info(
      { ...swept, database: database.kind, queue: queue.backendName, workers: worker.concurrency },
      'storage ready',
    );
    for (const w of auditStart.warnings) app.log.error({ audit: true }, w);
    for (const f of found) {
      app.log.warn(
        { trigger: f.name, table: f.table, problem: f.problem },
        `protective trigger ${f.name} was ${f.problem}: restored`,
      );
    }
    app.log.info(
      { checked: PROTECTIONS.length, restored: found.length },
      found.length === 0 ? 'protective triggers checked: all in place' : 'protective triggers checked',
    );
    for (const w of auditStart.warnings) app.log.error({ audit: true }, w);
    for (const c of auditStart.keyed) app.log.warn({ chain: c }, 'audit chain keyed from its next row');
    app.log.info(
      { chains: auditStart.chains, checked: auditStart.checked, keyed: key !== null, readOnly },
      'audit log verified',
    );
    const checkpoint = async (): Promise<void> => {
      if (readOnly) return;
      try {
        await recordCheckpoint(database.db, config.dataDir, dbIdentity, clock.now());
      } catch (e) {
        app.log.error({ err: e }, 'audit checkpoint not written');
      }
    };
    const checkpoints = setInterval(() => void checkpoint(), AUDIT_CHECKPOINT_INTERVAL_MS);
    checkpoints.unref();
    // The start verified each chain from its mark; every row is walked now, in the background.
    let stopping = false;
    const auditFullCheck = readOnly
      ? Promise.resolve()
      : verifyFullyInBackground(database.db, config.dataDir, dbIdentity, clock, () => stopping).then(
          (found) => {
            if (found) {
              app.log.error(
                { audit: true },
                `the audit log does not verify: ${found}; recorded in the checkpoint, so the next start is refused (AUDIT_ON_BROKEN_CHAIN)`,
              );
            } else app.log.info('audit log verified in full');
          },
          (e: unknown) => {
            app.log.error({ err: e }, 'the full audit verification could not run');
          },
        );
    let url: string | undefined;
    if (opts.listen !== false) url = await app.listen({ host: config.host, port: config.port });
    return {
      app,
      database,
      repos,
      store,
      worker,
      jobs: queue,
      renderer: worker.renderer,
      webServed,
      url,
      auditFullCheck,
      close: async () => {
        stopping = true;
        // Stop accepting at once; requests in flight get the grace period, then their connections are closed
        // (an upload cut off this way leaves no temp file: the store removes it when its stream fails).
        let timer: NodeJS.Timeout | undefined;
        const graceOver = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => {
            resolve('timeout');
          }, config.shutdownGraceMs);
        });
        const closing = app.close();
        if ((await Promise.race([closing, graceOver])) === 'timeout') {
          app.log.warn({ graceMs: config.shutdownGraceMs }, 'closing connections still in flight');
          app.server.closeAllConnections();
          await closing;
        }
        clearTimeout(timer);
        await worker.stop();
        await detector.close();
        clearInterval(checkpoints);
        await auditFullCheck;
        await batcher?.idle();
        await checkpoint();
        await freshness?.close();
        await database.close();
        if (auditKey() === key) setAuditKey(null);
        lock?.release();
      },
    };
  } catch (e) {
    if (workers) await workers.stop();
    else await jobs?.stop().catch(() => undefined);
    await freshness?.close();
    await database.close();
    lock?.release();
    throw e;
  }
}
