import {
  AssessmentSchema,
  HISTORY_FLAGS,
  IntakeSchema,
  LandmarkSetSchema,
  REGIONS,
  SIDES,
  ThreadPlacementSchema,
  VIEWS,
} from '@liftplan/domain';
import { z } from 'zod';
import { isTimeZone } from './time-zone.js';
import { ROLES, VISIT_KINDS } from './db/types.js';

/** Request schemas shared by the HTTP routes, the CLI and the repositories' input types. */

const isoDate = z.iso.date({ error: 'must be a calendar date written YYYY-MM-DD' });
const id = z.uuid({ error: 'must be an id (UUID)' });
export const IdSchema = id;
export const VersionSchema = z.number().int().min(1, 'versions start at 1');

export const NewUserSchema = z.object({
  email: z.email({ error: 'must be an e-mail address' }).max(200),
  displayName: z.string().trim().min(1).max(200),
  role: z.enum(ROLES),
  password: z.string().min(12, 'passwords have at least 12 characters').max(200),
});
export type NewUser = z.infer<typeof NewUserSchema>;

/** Optional free text for printed documents: trimmed; empty or null clears it. */
const printedText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .transform((v) => (v === '' ? null : v));

/** The clinic as printed on patient documents (admins). `version`: the organisation version last seen. */
export const OrganisationPatchSchema = z.object({
  version: VersionSchema,
  name: z.string().trim().min(1).max(200).optional(),
  address: printedText(300).optional(),
  phone: z
    .string()
    .trim()
    .max(40)
    .regex(/^[0-9+()\-./ ]*$/, 'digits, spaces and + ( ) - . / only')
    .nullable()
    .transform((v) => (v === '' ? null : v))
    .optional(),
  timeZone: z
    .string()
    .trim()
    .max(64)
    .refine(isTimeZone, 'must be an IANA time zone such as Asia/Seoul')
    .optional(),
});
export type OrganisationPatch = z.input<typeof OrganisationPatchSchema>;

/** A user's details as an admin edits them; `licenceNumber` is printed after the doctor's name. */
export const UserPatchSchema = z.object({
  version: VersionSchema,
  displayName: z.string().trim().min(1).max(200).optional(),
  licenceNumber: printedText(64).optional(),
});
export type UserPatch = z.input<typeof UserPatchSchema>;

/** Admins: disable (sign-in refused, sessions ended) or enable a user; `version`: the user version last seen. */
export const UserStatusSchema = z.object({ version: VersionSchema, disabled: z.boolean() });
/** An admin sets a user's new password (the user's sessions end). */
export const SetPasswordSchema = z.object({ password: NewUserSchema.shape.password });
/** A signed-in user changes their own password; the current one is asked again. */
export const ChangeOwnPasswordSchema = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: NewUserSchema.shape.password,
});

export const LoginSchema = z.object({
  email: z.string().min(1).max(200),
  password: z.string().min(1).max(200),
});

export const NewPatientSchema = z.object({
  chartNumber: z.string().trim().min(1).max(64),
  displayName: z.string().trim().min(1).max(200),
  birthDate: isoDate,
  sex: z.enum(['female', 'male', 'other']),
  history: z.partialRecord(z.enum(HISTORY_FLAGS), z.boolean()).default({}),
  notes: z.string().max(4000).nullable().default(null),
});
export type NewPatient = z.input<typeof NewPatientSchema>;

export const PatientPatchSchema = z.object({
  version: VersionSchema,
  displayName: z.string().trim().min(1).max(200).optional(),
  birthDate: isoDate.optional(),
  sex: z.enum(['female', 'male', 'other']).optional(),
  history: z.partialRecord(z.enum(HISTORY_FLAGS), z.boolean()).optional(),
  notes: z.string().max(4000).nullable().optional(),
});
export type PatientPatch = z.infer<typeof PatientPatchSchema>;

export const NewVisitSchema = z.object({
  kind: z.enum(VISIT_KINDS),
  date: isoDate,
  notes: z.string().max(4000).nullable().default(null),
});
export type NewVisit = z.input<typeof NewVisitSchema>;

export const PhotoViewSchema = z.enum(VIEWS);

export const LandmarkCorrectionSchema = z.object({
  /** The landmark version the clinician started from (optimistic concurrency on the analysis). */
  baseNumber: z.number().int().min(1),
  landmarks: LandmarkSetSchema,
  note: z.string().max(2000).nullable().default(null),
});
export type LandmarkCorrection = z.input<typeof LandmarkCorrectionSchema>;

export const NewAssessmentSchema = z.object({
  visitId: id.nullable().default(null),
  assessment: AssessmentSchema,
});
export type NewAssessment = z.input<typeof NewAssessmentSchema>;

/** A plan payload as stored: a `liftplan.plan` record (see @liftplan/domain `PlanRecordSchema`). */
export const PlanPayloadSchema = z.record(z.string(), z.unknown());
export type PlanPayload = z.infer<typeof PlanPayloadSchema>;

/**
 * What the client sends for a plan: only the clinician's part. The server builds the case itself from the stored
 * patient, the visit's assessment and the referenced landmark versions, and stamps justifications.
 */
export const PlanEditsSchema = z.object({
  visitId: id,
  /** The photo, analysis and landmark version per view the clinician planned on. */
  photos: z
    .array(z.object({ photoId: id, analysisId: id, landmarkVersion: z.number().int().min(1) }))
    .max(VIEWS.length),
  intake: IntakeSchema,
  placements: z.array(ThreadPlacementSchema).max(200),
  edited: z.array(z.string().min(1).max(200)).max(200).default([]),
  justifications: z
    .array(
      z.object({
        zoneId: z.string().min(1).max(200),
        region: z.enum(REGIONS).optional(),
        side: z.enum(SIDES).optional(),
        reason: z.string().trim().min(10, 'a justification must say why (at least 10 characters)').max(2000),
      }),
    )
    .max(200)
    .default([]),
});
export type PlanEdits = z.output<typeof PlanEditsSchema>;

export const NewPlanSchema = PlanEditsSchema;
export type NewPlan = z.input<typeof NewPlanSchema>;

/** `version`: the plan version the edits were made on; a save on an older one is refused (409). */
export const PlanDraftSchema = PlanEditsSchema.extend({ version: VersionSchema });
export type PlanDraft = z.input<typeof PlanDraftSchema>;

export const SIGN_ACKNOWLEDGEMENTS = ['provisional-photos'] as const;

/** Signing: the plan version on screen, the doctor's password again, what the doctor acknowledged. */
export const SignPlanSchema = z.object({
  version: VersionSchema,
  password: z.string().min(1, 'enter your password to sign').max(200),
  acknowledge: z.array(z.enum(SIGN_ACKNOWLEDGEMENTS)).max(SIGN_ACKNOWLEDGEMENTS.length).default([]),
});
export type SignPlan = z.input<typeof SignPlanSchema>;

export const NewProductSchema = z.object({
  name: z.string().trim().min(1).max(200),
  manufacturer: z.string().trim().min(1).max(200),
  threadKind: z.string().min(1).max(64),
  material: z.string().min(1).max(64),
  gauge: z.string().min(1).max(16),
  lengthMm: z.number().int().positive().max(1000),
});
export type NewProduct = z.infer<typeof NewProductSchema>;

export const NewLotSchema = z.object({
  lotNumber: z.string().trim().min(1).max(64),
  expiryDate: isoDate,
  stock: z.number().int().min(0),
});
export type NewLot = z.infer<typeof NewLotSchema>;

export const ProcedureThreadSchema = z.object({
  placementId: z.string().max(100).nullable().default(null),
  region: z.enum(REGIONS),
  side: z.enum(SIDES),
  lotId: id,
  count: z.number().int().min(1).max(100),
  deviations: z.string().max(2000).nullable().default(null),
});

/** Something that happened during or after a procedure (e.g. bruising noticed, thread trimmed). */
export const ProcedureEventSchema = z.object({
  at: z.string().max(40),
  kind: z.string().min(1).max(100),
  note: z.string().max(2000).nullable().default(null),
});

/** Events recorded after the fact: appended (never edited), stamped with who recorded them and when. */
export const ProcedureEventsSchema = z.object({
  version: VersionSchema,
  events: z.array(ProcedureEventSchema).min(1, 'send at least one event').max(50),
});
export type ProcedureEvents = z.input<typeof ProcedureEventsSchema>;

export const NewProcedureSchema = z.object({
  visitId: id.nullable().default(null),
  planVersionId: id.nullable().default(null),
  performedOn: isoDate,
  anaesthesia: z.object({
    kind: z.enum(['topical', 'local-infiltration', 'nerve-block', 'none']),
    agent: z.string().max(200).nullable().default(null),
    doseMl: z.number().nonnegative().max(100).nullable().default(null),
  }),
  threads: z.array(ProcedureThreadSchema).min(1, 'a procedure uses at least one thread'),
  events: z.array(ProcedureEventSchema).default([]),
  notes: z.string().max(4000).nullable().default(null),
});
export type NewProcedure = z.input<typeof NewProcedureSchema>;

export const NewFollowUpSchema = z.object({
  procedureId: id.nullable().default(null),
  dueDate: isoDate,
});
export type NewFollowUp = z.input<typeof NewFollowUpSchema>;

const gais = z
  .number()
  .int()
  .min(1, 'GAIS runs 1 (very much improved) to 5 (worse)')
  .max(5, 'GAIS runs 1 (very much improved) to 5 (worse)');
export const FollowUpScoreSchema = z.object({
  version: VersionSchema,
  visitId: id.nullable().default(null),
  gaisClinician: gais.nullable().default(null),
  gaisPatient: gais.nullable().default(null),
  satisfaction: z.number().int().min(1).max(5).nullable().default(null),
  notes: z.string().max(4000).nullable().default(null),
});
export type FollowUpScore = z.input<typeof FollowUpScoreSchema>;

export const NewComplicationSchema = z.object({
  followUpId: id.nullable().default(null),
  kind: z.string().trim().min(1).max(100),
  severity: z.enum(['mild', 'moderate', 'severe']),
  onsetDate: isoDate,
  management: z.string().max(4000).nullable().default(null),
  resolution: z.string().max(4000).nullable().default(null),
  resolvedDate: isoDate.nullable().default(null),
});
export type NewComplication = z.input<typeof NewComplicationSchema>;
