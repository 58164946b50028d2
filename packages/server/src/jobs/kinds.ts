import { DOCUMENT_AUDIENCES, DOCUMENT_LOCALES, DOWNLOAD_REASONS, ROLES } from '@liftplan/api';
import { z } from 'zod';
import { IdSchema } from '../schemas.js';
import type { JobQueue } from './queue.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/**
 * The server's job kinds. Payloads carry ids only (never patient data): the handler reads what it needs with
 * the clinic's context, so a job stored in the queue says nothing about the patient.
 */
export const SERVER_JOB_KINDS = {
  /** Analysis of one photo: the `jobs` row (what the API shows as the job) and its clinic. */
  'analyze-photo': {
    payload: z.object({ jobId: IdSchema, organisationId: IdSchema }),
    // A detector crash is retried twice (5 s, 10 s); a photo the detector refuses is an answer, not a failure.
    retry: { retries: 2, retryDelayMs: 5 * SECOND, timeoutMs: 5 * MINUTE },
  },
  /** A patient document of a visit, printed for the user who asked (their role and request id audited). */
  'render-document': {
    payload: z.object({
      organisationId: IdSchema,
      userId: IdSchema,
      role: z.enum(ROLES),
      requestId: z.string().min(1).max(64),
      visitId: IdSchema,
      document: z.enum(['consultation', 'aftercare']),
      locale: z.enum(DOCUMENT_LOCALES),
      audience: z.enum(DOCUMENT_AUDIENCES),
      /** Why the document is downloaded: the print's access-log entry (issue 13 §4). */
      reason: z.enum(DOWNLOAD_REASONS),
    }),
    // The user is waiting: one quick retry for a failure outside the document (the database away), no more.
    retry: { retries: 1, retryDelayMs: SECOND, timeoutMs: 2 * MINUTE },
  },
} as const;

export type ServerJobQueue = JobQueue<typeof SERVER_JOB_KINDS>;
export type AnalyzePhotoPayload = z.output<(typeof SERVER_JOB_KINDS)['analyze-photo']['payload']>;
/** An analysis job whose row is committed, to be queued. */
export type QueuedAnalysis = AnalyzePhotoPayload;
export type RenderDocumentPayload = z.output<(typeof SERVER_JOB_KINDS)['render-document']['payload']>;
