/**
 * The plan record (`liftplan.plan`): what a clinician saves and signs. It holds the case the plan was made from
 * (built by the server from its own records, never by the client), the rule-set version, where every input came
 * from (patient, assessment, photo analyses and landmark versions), and the clinician's part: placements as
 * edited, which ones were edited, and justifications stamped with author and time. `verifyPlan` (verify.ts)
 * turns a record into the plan it stands for and lists every reason it could not be signed.
 */
import { z } from 'zod';
import { CaseFileSchema, JustificationSchema, PatientSchema } from '../case/schema.js';
import { VIEWS, type View } from '../case/vocab.js';
import { ThreadPlacementSchema } from '../planner/edit.js';

export const PLAN_RECORD_FORMAT = 'liftplan.plan' as const;
export const PLAN_RECORD_VERSION = '1.0' as const;

/**
 * Views a plan cannot be signed without. The planner places threads and checks danger zones on the front photo
 * only, so the front view is the one it needs (`liftplan-default`: obliques are drawn when present).
 */
export const REQUIRED_VIEWS: readonly View[] = ['front'];

/** A justification as recorded: the reason is the clinician's; author and time are stamped by the server. */
export const RecordJustificationSchema = JustificationSchema.extend({
  byUserId: z.string().min(1),
  at: z.iso.datetime({ offset: true }),
});
export type RecordJustification = z.infer<typeof RecordJustificationSchema>;

/** The photo, analysis and landmark version one case photo was built from. */
export const PhotoSourceSchema = z.object({
  view: z.enum(VIEWS),
  photoId: z.string().min(1),
  analysisId: z.string().min(1),
  landmarkVersion: z.number().int().min(1),
  /** Whether the photo passed the quality gate; a failed gate is a provisional measurement. */
  passedGate: z.boolean(),
});
export type PhotoSource = z.infer<typeof PhotoSourceSchema>;

/** Why the record holds no (or an incomplete) case: what is missing, where, how to fix it. */
export const RecordCaseProblemSchema = z.object({
  code: z.enum(['assessment-missing', 'case-invalid']),
  path: z.string(),
  message: z.string(),
});
export type RecordCaseProblem = z.infer<typeof RecordCaseProblemSchema>;

/** The intake as the clinician recorded it for this visit (concerns, expectations, pupillary distance). */
export const IntakeSchema = PatientSchema.pick({
  concerns: true,
  expectations: true,
  pupillaryDistanceMm: true,
});
export type Intake = z.infer<typeof IntakeSchema>;

export const PlanRecordSchema = z.object({
  format: z.literal(PLAN_RECORD_FORMAT),
  version: z.literal(PLAN_RECORD_VERSION),
  /** Null while the draft is too incomplete to make a case (see `caseProblems`). */
  caseFile: CaseFileSchema.nullable(),
  caseProblems: z.array(RecordCaseProblemSchema),
  ruleSetVersion: z.string().min(1),
  sources: z.object({
    patientId: z.string().min(1),
    patientVersion: z.number().int().min(1),
    visitId: z.string().min(1),
    assessmentId: z.string().min(1).nullable(),
    photos: z.array(PhotoSourceSchema),
  }),
  intake: IntakeSchema,
  placements: z.array(ThreadPlacementSchema),
  /** Ids of placements the clinician moved. */
  edited: z.array(z.string().min(1)),
  justifications: z.array(RecordJustificationSchema),
});
export type PlanRecord = z.infer<typeof PlanRecordSchema>;
