import { LandmarkSetSchema } from '@liftplan/domain';
import { z } from 'zod';
import { JOB_KINDS, JOB_STATUSES, LANDMARK_SOURCES, VIEWS } from '../vocabularies.js';

/** Response schemas: photos, their analysis jobs, analyses and landmark versions. */

const nullableText = z.string().nullable();

export const PhotoSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  visitId: nullableText,
  view: z.enum(VIEWS),
  sha256: z.string(),
  originalName: nullableText,
  contentType: z.string(),
  size: z.number().int(),
  createdAt: z.string(),
  /** The metadata-free JPEG copy (`GET /api/photos/:id/derivative`); null until the worker made it. */
  derivative: z.object({ width: z.number().int(), height: z.number().int() }).nullable(),
  /** The photo's latest analysis (`GET /api/analyses/:id`); null until its job succeeded. */
  analysisId: nullableText,
  /** The photo's latest analysis job and its status; null for a photo that never had one. */
  jobId: nullableText,
  jobStatus: z.enum(JOB_STATUSES).nullable(),
  /** The number of the analysis' newest landmark version (1 = the detector's, later = corrections). */
  landmarkVersion: z.number().int().nullable(),
  /** Whether that analysis passed the quality gate; null without one (a burst is drawn on a passing shot). */
  passedGate: z.boolean().nullable(),
  /** Shared by the shots of one burst of this view (3-shot capture); null for a single photo. */
  burstId: nullableText,
});
export type Photo = z.infer<typeof PhotoSchema>;

const BoxSchema = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });

/** One face of a photo, numbered as the user picks it (1 = the largest); box in original pixels. */
export const CandidateFaceSchema = z.object({
  n: z.number().int(),
  box: BoxSchema,
  relativeWidth: z.number(),
});
export type CandidateFace = z.infer<typeof CandidateFaceSchema>;

/** The faces a photo showed and the one measured. */
export const FacesInfoSchema = z.object({
  candidates: z.array(CandidateFaceSchema),
  chosen: z.object({ n: z.number().int(), box: BoxSchema, byUser: z.boolean() }),
});

export const JobSchema = z.object({
  id: z.string(),
  kind: z.enum(JOB_KINDS),
  status: z.enum(JOB_STATUSES),
  photoId: z.string(),
  patientId: z.string(),
  attempts: z.number().int(),
  /** The analysis id once the job succeeded. */
  resultId: nullableText,
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** The face the user picked for this job (1 = the largest), or null. */
  face: z.number().int().nullable(),
  /** For a photo refused as ambiguous: its faces, to pick the patient from. */
  faces: z.array(CandidateFaceSchema).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Job = z.infer<typeof JobSchema>;

/** `POST /api/photos/:id/face`: the re-analysis queued. */
export const JobResultSchema = z.object({ job: JobSchema });

export const LandmarkVersionSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  source: z.enum(LANDMARK_SOURCES),
  landmarks: LandmarkSetSchema,
  note: nullableText,
  createdBy: z.string(),
  createdAt: z.string(),
});
export type LandmarkVersion = z.infer<typeof LandmarkVersionSchema>;

export const AnalysisSchema = z.object({
  id: z.string(),
  photoId: z.string(),
  patientId: z.string(),
  detector: z.object({ id: z.string(), version: z.string() }),
  /** sha256 of the landmark model that produced version 1 (null for analyses before migration 0008). */
  modelSha256: nullableText,
  /** The faces the photo showed and the one measured (null for older analyses). */
  faces: FacesInfoSchema.nullable(),
  passed: z.boolean(),
  /** The domain's measurements for the view (`ViewMeasurements` of @liftplan/domain). */
  measurements: z.unknown(),
  createdAt: z.string(),
  /** Oldest first: [0] is what the detector found, later ones are clinician corrections. */
  landmarkVersions: z.array(LandmarkVersionSchema),
});
export type Analysis = z.infer<typeof AnalysisSchema>;

/** `GET /api/photos/:id/analysis`: the photo's newest job and the analysis it produced. */
export const PhotoAnalysisSchema = z.object({
  photoId: z.string(),
  analysisId: nullableText,
  jobId: nullableText,
  jobStatus: z.enum(JOB_STATUSES).nullable(),
  landmarkVersion: z.number().int().nullable(),
  passedGate: z.boolean().nullable(),
  job: JobSchema.nullable(),
  analysis: AnalysisSchema.nullable(),
});
export type PhotoAnalysis = z.infer<typeof PhotoAnalysisSchema>;

/** `POST /api/patients/:id/photos` (202): the photo recorded and its analysis job queued. */
export const UploadResultSchema = z.object({ photo: PhotoSchema, job: JobSchema });
export type UploadResult = z.infer<typeof UploadResultSchema>;
