import {
  ERROR_CODES,
  ErrorDetailSchema,
  FieldErrorSchema,
  ReasonSchema,
  type DownloadReason,
} from '@liftplan/api';
import { z } from 'zod';
import { AppError, normalizeErrorString } from '../errors.js';
import type { Clock, RepoContext } from '../db/context.js';
import type { PrintKind } from '../db/repos/reports.js';
import type { RenderedReport, ReportPrinter } from '../services/reports.js';
import type { JobLog } from './analysis-jobs.js';
import type { RenderDocumentPayload, ServerJobQueue } from './kinds.js';
import type { JobHandlerSpec } from './queue.js';

/** A render job's result: the PDF, or the refusal the user gets (409 not signed, 403, …) in the one error model. */
const RenderResultSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    pdf: z.base64(),
    filename: z.string().min(1),
    planVersion: z.number().int().positive(),
  }),
  z.object({
    ok: z.literal(false),
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      fields: z.array(FieldErrorSchema).optional(),
      reasons: z.array(ReasonSchema).optional(),
      detail: ErrorDetailSchema.optional(),
    }),
  }),
]);
type RenderResult = z.infer<typeof RenderResultSchema>;

/** Seconds a client is told to wait (`Retry-After`) when a document was not ready within the bounded wait. */
export const DOCUMENT_RETRY_AFTER_SECONDS = 5;

/**
 * Prints a patient document as a queue handler, as the user who asked (their clinic, role and request id:
 * the print is audited as theirs, refusals are theirs). The PDF itself is drawn by the renderer (a worker-thread
 * pool), never on the event loop. A refusal (AppError: not signed, forbidden, the renderer crashed) is the
 * job's answer, not a failure to retry; anything else fails the attempt.
 */
export function documentHandler(deps: {
  readonly printer: ReportPrinter;
  readonly log: JobLog;
  readonly clock: Clock;
}): JobHandlerSpec<RenderDocumentPayload> {
  return {
    run: async ({ id, payload: p }): Promise<RenderResult> => {
      const ctx: RepoContext = {
        actor: { userId: p.userId, role: p.role, organisationId: p.organisationId },
        requestId: p.requestId,
        clock: deps.clock,
      };
      try {
        const r = await deps.printer.render(ctx, p.visitId, p.document, p.locale, p.reason, p.audience);
        return { ok: true, pdf: r.pdf.toString('base64'), filename: r.filename, planVersion: r.planVersion };
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        if (e.code === 'internal') {
          deps.log.error(
            { jobId: id, reqId: p.requestId, err: normalizeErrorString(e.cause ?? e) },
            'render failed',
          );
        }
        return {
          ok: false,
          error: {
            code: e.code,
            message: e.message,
            ...(e.fields ? { fields: [...e.fields] } : {}),
            ...(e.reasons ? { reasons: [...e.reasons] } : {}),
            ...(e.detail ? { detail: e.detail } : {}),
          },
        };
      }
    },
  };
}

/**
 * The HTTP side of printing: queues the render and waits for it, bounded (whichever process renders it). The
 * download link keeps working as a plain link (the browser opens the PDF when it comes); a render that takes
 * longer than the wait is cancelled and answered 503 `unavailable` with Retry-After.
 */
export class QueuedReportPrinter implements ReportPrinter {
  constructor(
    private readonly queue: ServerJobQueue,
    private readonly waitMs: number,
  ) {}

  async render(
    ctx: RepoContext,
    visitId: string,
    kind: PrintKind,
    locale: 'ko' | 'en',
    reason: DownloadReason,
    audience: 'patient' | 'clinician' = 'patient',
  ): Promise<RenderedReport> {
    const { id } = await this.queue.enqueue('render-document', {
      organisationId: ctx.actor.organisationId,
      userId: ctx.actor.userId,
      role: ctx.actor.role,
      requestId: ctx.requestId,
      visitId,
      document: kind,
      locale,
      audience,
      reason,
    });
    const job = await this.queue.waitFor('render-document', id, this.waitMs);
    // Delivered or given up: the PDF does not stay in the queue's storage.
    await this.queue.remove('render-document', id);
    if (job?.state === 'failed') {
      throw new AppError(
        'internal',
        'the PDF could not be rendered; the request id identifies the failure in the logs',
        undefined,
        { cause: new Error(job.error ?? 'render job failed') },
      );
    }
    if (job?.state !== 'completed') {
      throw new AppError(
        'unavailable',
        `the document was not ready within ${String(Math.round(this.waitMs / 1000))} s (the server is busy printing); try again in a few seconds`,
      );
    }
    const r = RenderResultSchema.parse(job.result);
    if (!r.ok) {
      const e = new AppError(r.error.code, r.error.message, r.error.fields);
      e.reasons = r.error.reasons;
      e.detail = r.error.detail;
      throw e;
    }
    return { pdf: Buffer.from(r.pdf, 'base64'), filename: r.filename, planVersion: r.planVersion };
  }
}
