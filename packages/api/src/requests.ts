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
import {
  ANAESTHESIA_KINDS,
  COMPLICATION_SEVERITIES,
  DOCUMENT_LOCALES,
  INJECTED_ANAESTHESIA,
  ROLES,
  SEXES,
  SIGN_ACKNOWLEDGEMENTS,
  VISIT_KINDS,
} from './vocabularies.js';

/** Request schemas: the HTTP routes validate with them, the web sends their input types, the CLI reuses them. */

/** An IANA time zone name, checked by `Intl` (the same in Node and the browser). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

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

/** Contact details: trimmed; empty or null clears. */
const contactPhone = z
  .string()
  .trim()
  .max(40)
  .regex(/^[0-9+()\-./ ]*$/, 'digits, spaces and + ( ) - . / only')
  .nullable()
  .transform((v) => (v === '' ? null : v));
const contactEmail = z
  .union([z.literal(''), z.email({ error: 'must be an e-mail address' }).max(200)])
  .nullable()
  .transform((v) => (v === '' ? null : v));

export const NewPatientSchema = z.object({
  chartNumber: z.string().trim().min(1).max(64),
  displayName: z.string().trim().min(1).max(200),
  /** Also refused when in the future or giving an age over 120 (checked against the server's clock). */
  birthDate: isoDate,
  sex: z.enum(SEXES),
  history: z.partialRecord(z.enum(HISTORY_FLAGS), z.boolean()).default({}),
  notes: z.string().max(4000).nullable().default(null),
  phone: contactPhone.default(null),
  email: contactEmail.default(null),
  address: printedText(300).default(null),
});
export type NewPatient = z.input<typeof NewPatientSchema>;

/**
 * A change to a patient (`version`: the patient version last seen). A change of demographics or contact
 * details makes a new patient version (the earlier ones kept); `reason` is stored with it.
 */
export const PatientPatchSchema = z.object({
  version: VersionSchema,
  displayName: z.string().trim().min(1).max(200).optional(),
  birthDate: isoDate.optional(),
  sex: z.enum(SEXES).optional(),
  history: z.partialRecord(z.enum(HISTORY_FLAGS), z.boolean()).optional(),
  notes: z.string().max(4000).nullable().optional(),
  phone: contactPhone.optional(),
  email: contactEmail.optional(),
  address: printedText(300).optional(),
  reason: z.string().trim().max(500).nullable().optional(),
});
export type PatientPatch = z.input<typeof PatientPatchSchema>;

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

/** Why a clinical record is corrected: required, kept with the new version (the original stays). */
const correctionReason = z
  .string({ error: 'say why the record is corrected (kept with the correction)' })
  .trim()
  .min(1, 'say why the record is corrected (kept with the correction)')
  .max(500);

/** `PUT /api/assessments/:id`: a corrected assessment; the previous version is kept. */
export const AssessmentCorrectionSchema = z.object({
  version: VersionSchema,
  assessment: AssessmentSchema,
  reason: correctionReason,
});
export type AssessmentCorrection = z.input<typeof AssessmentCorrectionSchema>;

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

/** The lot of a thread: chosen from the catalogue (`lotId`) and/or scanned from the box (`barcode`, GS1). */
export const ProcedureThreadSchema = z
  .object({
    /** The planned row (placement id of the signed plan) this thread fulfils. */
    placementId: z.string().min(1).max(100),
    region: z.enum(REGIONS),
    side: z.enum(SIDES),
    lotId: id.nullable().default(null),
    barcode: z.string().max(200).nullable().default(null),
    count: z.number().int().min(1).max(100),
    /** Why the thread differs from its planned row; required for any difference. */
    deviations: z.string().trim().max(2000).nullable().default(null),
  })
  .refine((t) => t.lotId !== null || (t.barcode ?? '').trim() !== '', {
    error: 'choose the lot or scan its GS1 barcode',
    path: ['lotId'],
  });

export type ProcedureThreadInput = z.input<typeof ProcedureThreadSchema>;

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

export const AnaesthesiaSchema = z
  .object({
    kind: z.enum(ANAESTHESIA_KINDS),
    agent: z.string().trim().max(200).nullable().default(null),
    doseMl: z.number().positive('the dose is more than 0 ml').max(100).nullable().default(null),
  })
  .superRefine((a, c) => {
    if (a.kind !== 'none' && (a.agent ?? '') === '') {
      c.addIssue({
        code: 'custom',
        path: ['agent'],
        message: 'name the anaesthetic agent (e.g. lidocaine 1 % with epinephrine)',
      });
    }
    if ((INJECTED_ANAESTHESIA as readonly string[]).includes(a.kind) && a.doseMl === null) {
      c.addIssue({ code: 'custom', path: ['doseMl'], message: 'give the injected dose in ml' });
    }
  });

export const NewProcedureSchema = z.object({
  visitId: id.nullable().default(null),
  /** The signed plan version performed; its consent must be signed. */
  planVersionId: id,
  /** The doctor who performed the procedure (a doctor of the clinic). */
  performedBy: id,
  performedOn: isoDate,
  anaesthesia: AnaesthesiaSchema,
  threads: z.array(ProcedureThreadSchema).min(1, 'a procedure uses at least one thread'),
  /** Planned rows deliberately not placed, each with its reason. */
  notPlaced: z
    .array(z.object({ placementId: z.string().min(1).max(100), reason: z.string().trim().min(1).max(2000) }))
    .default([]),
  events: z.array(ProcedureEventSchema).default([]),
  notes: z.string().max(4000).nullable().default(null),
});
export type NewProcedure = z.input<typeof NewProcedureSchema>;

export const NewFollowUpSchema = z.object({
  procedureId: id.nullable().default(null),
  dueDate: isoDate,
});
export type NewFollowUp = z.input<typeof NewFollowUpSchema>;

/**
 * A score the clinician or patient chose: the key is required and never defaulted (nothing is chosen for the
 * user); `null` says explicitly that this score was not taken (e.g. the patient's own, entered later).
 */
const chosenScore = (what: string, range: string) =>
  z
    .number({
      error: (iss) =>
        iss.input === undefined
          ? `choose the ${what} (${range}); it is not filled in for you (send null if it was not taken)`
          : `the ${what} is a whole number, ${range}`,
    })
    .int(`the ${what} is a whole number, ${range}`)
    .min(1, `the ${what} runs ${range}`)
    .max(5, `the ${what} runs ${range}`)
    .nullable();
const GAIS_RANGE = '1 (very much improved) to 5 (worse)';
export const FollowUpScoreSchema = z.object({
  version: VersionSchema,
  visitId: id.nullable().default(null),
  gaisClinician: chosenScore("clinician's GAIS", GAIS_RANGE),
  gaisPatient: chosenScore("patient's GAIS", GAIS_RANGE),
  satisfaction: chosenScore('satisfaction', '1 (very dissatisfied) to 5 (very satisfied)'),
  notes: z.string().max(4000).nullable().default(null),
  /** Why a scored follow-up is scored again (a correction; kept with the new version). */
  reason: z.string().trim().max(500).nullable().default(null),
});
export type FollowUpScore = z.input<typeof FollowUpScoreSchema>;

export const NewComplicationSchema = z.object({
  followUpId: id.nullable().default(null),
  kind: z.string().trim().min(1).max(100),
  severity: z.enum(COMPLICATION_SEVERITIES),
  onsetDate: isoDate,
  management: z.string().max(4000).nullable().default(null),
  resolution: z.string().max(4000).nullable().default(null),
  resolvedDate: isoDate.nullable().default(null),
});
export type NewComplication = z.input<typeof NewComplicationSchema>;

/** Signature pad frame (the web's pad and the PDF use the same box). */
export const SIGNATURE_FRAME = { width: 600, height: 200 } as const;
/** SVG path data of a pointer signature: absolute M and L commands only, coordinates inside the pad. */
const SIGNATURE_PATH = /^(?:[ML] ?-?\d{1,4}(?:\.\d{1,2})? -?\d{1,4}(?:\.\d{1,2})? ?)+$/;

export const ConsentLocaleSchema = z.enum(DOCUMENT_LOCALES, { error: 'lang is ko or en' });

/**
 * The patient's signature on the consent form of a plan version. `documentSha256` is the hash of the form as
 * shown (from the preview): the server fills the form again and refuses a signature over different text.
 * Every photo scope must be answered (agreed or refused); none is assumed.
 */
export const NewConsentSchema = z.object({
  locale: ConsentLocaleSchema,
  templateVersion: z.number().int().min(1),
  documentSha256: z.string().regex(/^[0-9a-f]{64}$/, 'the sha256 of the form shown (from the preview)'),
  performingDoctorIds: z.array(id).min(1, 'name the doctor who will perform the procedure').max(5),
  procedureAgreed: z.literal(true, {
    error: 'the patient signs only to agree to the procedure; if they do not agree, record no consent',
  }),
  photoScopes: z.object({
    record: z.boolean({ error: 'ask the patient: photos in the medical record, agreed or refused' }),
    marketing: z.boolean({ error: 'ask the patient: photos for promotion, agreed or refused' }),
    research: z.boolean({ error: 'ask the patient: photos for research and education, agreed or refused' }),
  }),
  signerName: z.string().trim().min(1, 'the name of the person signing').max(200),
  /** Null when the patient signs; otherwise the representative's relation to the patient. */
  signerRelation: z.string().trim().max(100).nullable().default(null),
  signaturePath: z
    .string()
    .max(200_000)
    .regex(SIGNATURE_PATH, 'the signature is SVG path data of M and L commands (draw it on the pad)')
    .refine((p) => (p.match(/[ML]/g) ?? []).length >= 5, 'the signature is too short: sign on the pad')
    .refine((p) => {
      const n = (p.match(/-?\d+(?:\.\d+)?/g) ?? []).map(Number);
      return n.every((v, i) => v >= 0 && v <= (i % 2 === 0 ? SIGNATURE_FRAME.width : SIGNATURE_FRAME.height));
    }, `the signature lies outside the ${SIGNATURE_FRAME.width}×${SIGNATURE_FRAME.height} pad`),
});
export type NewConsent = z.input<typeof NewConsentSchema>;

/** `PATCH /api/procedures/:id`: a corrected anaesthesia or note; threads and lots stay as recorded. */
export const ProcedureCorrectionSchema = z
  .object({
    version: VersionSchema,
    anaesthesia: AnaesthesiaSchema.optional(),
    notes: z.string().max(4000).nullable().optional(),
    reason: correctionReason,
  })
  .refine((c) => c.anaesthesia !== undefined || c.notes !== undefined, {
    error: 'send the corrected anaesthesia or notes',
    path: ['anaesthesia'],
  });
export type ProcedureCorrection = z.input<typeof ProcedureCorrectionSchema>;
