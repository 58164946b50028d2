import { normalizeErrorString } from '../errors.js';
import { systemContext, type Clock } from '../db/context.js';
import type { JobRepository } from '../db/repos/jobs.js';
import type { LandmarkDetector } from '../analysis/detector.js';
import type { DerivativeService } from '../services/derivatives.js';
import type { PhotoStore } from '../storage/photo-store.js';
import type { AnalyzePhotoPayload, ServerJobQueue } from './kinds.js';
import type { JobHandlerSpec } from './queue.js';

export interface JobLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const WORKER = 'analysis-worker';
const CRASHED = 'the analysis could not be completed';

/**
 * One photo analysis, as a queue handler: metadata-free derivative -> detect (the detector keeps the heavy work
 * off the event loop) -> the result and the job status in one transaction. The `jobs` row is the job users see
 * (`GET /api/jobs/:id`); a second delivery of a finished job does nothing. A detector that throws fails the
 * attempt (retried); after the last one the job is recorded as failed.
 */
export function analysisHandler(deps: {
  readonly jobs: JobRepository;
  readonly store: PhotoStore;
  readonly detector: LandmarkDetector;
  readonly derivatives?: DerivativeService;
  readonly log: JobLog;
  readonly clock: Clock;
}): JobHandlerSpec<AnalyzePhotoPayload> {
  const ctxOf = (p: AnalyzePhotoPayload) =>
    systemContext(p.organisationId, WORKER, `job:${p.jobId}`, deps.clock);
  return {
    run: async ({ payload }) => {
      const ctx = ctxOf(payload);
      const job = await deps.jobs.begin(ctx, payload.jobId);
      if (!job) return { skipped: 'finished already' };
      if (deps.derivatives) {
        // First the metadata-free copy; its failure never blocks the analysis.
        try {
          const d = await deps.derivatives.ensure(ctx, job.sha256);
          if (d !== 'exists') deps.log.info({ jobId: job.id, derivative: d }, 'derivative');
        } catch (e) {
          deps.log.error({ jobId: job.id, err: normalizeErrorString(e) }, 'derivative could not be made');
        }
      }
      let out;
      try {
        out = await deps.store.withLocalFile(job.sha256, (file) =>
          deps.detector.detect({ file, view: job.view, ...(job.face !== null ? { face: job.face } : {}) }),
        );
      } catch (e) {
        deps.log.error({ jobId: job.id, err: normalizeErrorString(e) }, 'analysis attempt crashed');
        throw e;
      }
      if (out.ok) {
        const analysisId = await deps.jobs.succeed(ctx, job.id, out);
        deps.log.info({ jobId: job.id, analysisId }, 'analysis stored');
        return { analysisId };
      }
      await deps.jobs.fail(ctx, job.id, out.code, out.message, out.faces);
      deps.log.info({ jobId: job.id, code: out.code }, 'analysis refused the photo');
      return { refused: out.code };
    },
    onExhausted: async ({ payload }) => {
      await deps.jobs.fail(ctxOf(payload), payload.jobId, 'internal', CRASHED);
    },
  };
}

/**
 * Puts every unfinished analysis job on the queue (idempotent: one queue job per `jobs` row). An upload is
 * acknowledged once its `jobs` row commits and is queued right after; this sweep (at start and every few
 * minutes) covers a process that died in between. A queue job that failed for good while its row was left
 * unfinished (its process died before recording it) is recorded as failed here.
 */
export async function queueUnfinishedAnalyses(
  queue: ServerJobQueue,
  jobs: JobRepository,
  clock: Clock,
): Promise<{ queued: number }> {
  let queued = 0;
  for (const j of await jobs.unfinished()) {
    const r = await queue.enqueue(
      'analyze-photo',
      { jobId: j.id, organisationId: j.organisationId },
      { key: j.id },
    );
    if (r.created) {
      queued++;
      continue;
    }
    const state = await queue.get('analyze-photo', r.id);
    if (state?.state === 'failed') {
      await jobs.fail(
        systemContext(j.organisationId, WORKER, `job:${j.id}`, clock),
        j.id,
        'internal',
        CRASHED,
      );
    }
  }
  return { queued };
}

/** Queues the analysis of a `jobs` row just committed (upload, face choice). */
export async function queueAnalysis(queue: ServerJobQueue, job: AnalyzePhotoPayload): Promise<void> {
  await queue.enqueue('analyze-photo', job, { key: job.jobId });
}
