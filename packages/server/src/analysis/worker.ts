import { normalizeErrorString } from '../errors.js';
import { systemClock, systemContext, type Clock } from '../db/context.js';
import type { JobRepository } from '../db/repos/jobs.js';
import type { DerivativeService } from '../services/derivatives.js';
import type { PhotoStore } from '../storage/photo-store.js';
import type { LandmarkDetector } from './detector.js';

export interface WorkerLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * Runs queued analysis jobs one at a time: claim -> metadata-free derivative -> detect (the detector keeps the heavy work off the event
 * loop) -> store the result and the job status in one transaction. `nudge()` after an upload starts it at
 * once; a slow poll picks up anything left (e.g. jobs requeued after a crash).
 */
export class AnalysisWorker {
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private again = false;

  constructor(
    private readonly jobs: JobRepository,
    private readonly store: PhotoStore,
    private readonly detector: LandmarkDetector,
    private readonly log: WorkerLog,
    private readonly clock: Clock = systemClock,
    private readonly pollMs = 2000,
    private readonly derivatives?: DerivativeService,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.nudge();
    }, this.pollMs);
    this.timer.unref();
    this.nudge();
  }

  nudge(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.nudge();
      }
    });
  }

  /** Resolves when no job is being processed (tests wait on it). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.idle();
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const boot = systemContext('*', 'analysis-worker', 'worker', this.clock);
      let job;
      try {
        job = await this.jobs.claimNext(boot);
      } catch (e) {
        this.log.error({ err: normalizeErrorString(e) }, 'could not claim an analysis job');
        return;
      }
      if (!job) return;
      const ctx = systemContext(job.organisationId, 'analysis-worker', `job:${job.id}`, this.clock);
      if (this.derivatives) {
        // First the metadata-free copy; its failure never blocks the analysis.
        try {
          const d = await this.derivatives.ensure(ctx, job.sha256);
          if (d !== 'exists') this.log.info({ jobId: job.id, derivative: d }, 'derivative');
        } catch (e) {
          this.log.error({ jobId: job.id, err: normalizeErrorString(e) }, 'derivative could not be made');
        }
      }
      try {
        const out = await this.store.withLocalFile(job.sha256, (file) =>
          this.detector.detect({ file, view: job.view, ...(job.face !== null ? { face: job.face } : {}) }),
        );
        if (out.ok) {
          const analysisId = await this.jobs.succeed(ctx, job.id, out);
          this.log.info({ jobId: job.id, analysisId }, 'analysis stored');
        } else {
          await this.jobs.fail(ctx, job.id, out.code, out.message, out.faces);
          this.log.info({ jobId: job.id, code: out.code }, 'analysis failed');
        }
      } catch (e) {
        this.log.error({ jobId: job.id, err: normalizeErrorString(e) }, 'analysis job crashed');
        await this.jobs
          .fail(ctx, job.id, 'internal', 'the analysis could not be completed')
          .catch(() => undefined);
      }
    }
  }
}
