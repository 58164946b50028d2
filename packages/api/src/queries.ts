import { z } from 'zod';
import { INPUT_LIMITS } from './limits.js';
import { ConsentLocaleSchema, IdSchema, PhotoViewSchema } from './requests.js';
import { DOCUMENT_AUDIENCES, DOCUMENT_LOCALES, DOWNLOAD_REASONS } from './vocabularies.js';

/** Query strings and multipart fields of the HTTP API (path parameters are ids: `IdSchema`). */

/** `GET /api/patients`: a page, newest first; `q` searches chart-number prefix and name. */
export const PatientListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(INPUT_LIMITS.maxAbsNumber).default(0),
  q: z.string().trim().max(100).optional(),
});
export type PatientListQuery = z.input<typeof PatientListQuerySchema>;

/** `GET /api/audit`: newest first; the next page is `before` = the last `seq` received. */
export const AuditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().min(1).max(INPUT_LIMITS.maxAbsNumber).optional(),
});
export type AuditQuery = z.input<typeof AuditQuerySchema>;

/** `GET /api/follow-ups`: scheduled follow-ups due by a date. */
export const FollowUpsDueQuerySchema = z.object({ due: z.iso.date() });

/** `GET /api/patients/:id/compare`: the two photos compared. */
export const CompareQuerySchema = z.object({ baseline: IdSchema, followUp: IdSchema });

/** `GET /api/plan-versions/:id/consent-form`: the language and the performing doctors (comma-separated ids). */
export const ConsentFormQuerySchema = z.object({
  lang: ConsentLocaleSchema.default('ko'),
  performers: z
    .string()
    .max(400)
    .default('')
    .transform((s) => s.split(',').filter((x) => x !== ''))
    .pipe(z.array(IdSchema).max(5)),
});

/** Why a PDF is downloaded: required (400 without it), chosen by the user, kept in the access log. */
export const DownloadReasonSchema = z
  .enum(DOWNLOAD_REASONS, {
    error: `reason is required: why the document is downloaded, one of ${DOWNLOAD_REASONS.join(', ')} (kept in the access log)`,
  })
  .describe('why the document is downloaded, chosen by the user; kept in the access log');

/** `consent.pdf`: the reason of the download. */
export const DownloadQuerySchema = z.object({ reason: DownloadReasonSchema });

/** Printed documents (`report.pdf`, `aftercare.pdf`): language, copy and the reason of the download. */
export const DocumentQuerySchema = z.object({
  reason: DownloadReasonSchema,
  lang: z.enum(DOCUMENT_LOCALES, { error: 'lang is ko or en' }).default('ko'),
  for: z
    .enum(DOCUMENT_AUDIENCES, { error: 'for is patient or clinician' })
    .default('patient')
    .describe('patient copy (default) or clinician copy (adds zones, findings, rule trace, citations)'),
});

/** `POST /api/photos/:id/face`: the face that is the patient. */
export const ChooseFaceSchema = z.object({
  face: z.number().int().min(1).max(50).describe('the face number, 1 = the largest'),
});

/** `POST /api/patients/:id/photos`: the multipart fields sent before the file. */
export const UploadFieldsSchema = z.object({
  view: PhotoViewSchema,
  visitId: IdSchema.optional(),
  burstId: IdSchema.optional().describe(
    'the same id for every shot of one burst of this view (3-shot capture)',
  ),
});
