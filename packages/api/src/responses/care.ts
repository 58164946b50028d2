import { z } from 'zod';
import { ANAESTHESIA_KINDS, COMPLICATION_SEVERITIES, FOLLOW_UP_STATUSES, VIEWS } from '../vocabularies.js';
import { PatientSchema } from './people.js';

/** Response schemas: the thread catalogue, procedures, follow-ups, complications and follow-up comparison. */

const nullableText = z.string().nullable();

export const ProductSchema = z.object({
  id: z.string(),
  name: z.string(),
  manufacturer: z.string(),
  threadKind: z.string(),
  material: z.string(),
  gauge: z.string(),
  lengthMm: z.number(),
  version: z.number().int(),
});
export type Product = z.infer<typeof ProductSchema>;

export const LotSchema = z.object({
  id: z.string(),
  productId: z.string(),
  lotNumber: z.string(),
  expiryDate: z.string(),
  stock: z.number().int(),
  version: z.number().int(),
});
export type Lot = z.infer<typeof LotSchema>;

export const RecordedThreadSchema = z.object({
  id: z.string(),
  /** The planned row (placement id of the signed plan) this thread fulfils. */
  placementId: nullableText,
  region: z.string(),
  side: z.string(),
  productId: z.string(),
  productName: z.string(),
  lotId: z.string(),
  lotNumber: z.string(),
  expiryDate: z.string(),
  count: z.number().int(),
  deviations: nullableText,
  /** The scanned GS1 string and its GTIN, when the lot was scanned. */
  barcode: nullableText,
  gtin: nullableText,
});
export type ProcedureThread = z.infer<typeof RecordedThreadSchema>;

/** Something that happened during or after a procedure; events added later carry who recorded them and when. */
export const RecordedEventSchema = z.object({
  at: z.string().optional(),
  kind: z.string(),
  note: nullableText.optional(),
  recordedBy: z.string().optional(),
  recordedAt: z.string().optional(),
});
export type ProcedureEvent = z.infer<typeof RecordedEventSchema>;

export const ProcedureSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  visitId: nullableText,
  planVersionId: nullableText,
  /** The doctor who performed it (user id) and their name. */
  performedBy: z.string(),
  performedByName: nullableText,
  /** Who entered the record. */
  recordedBy: z.string(),
  performedOn: z.string(),
  notPlaced: z.array(z.object({ placementId: z.string(), reason: z.string() })),
  anaesthesia: z.object({
    kind: z.enum(ANAESTHESIA_KINDS),
    agent: nullableText,
    doseMl: z.number().nullable(),
  }),
  events: z.array(RecordedEventSchema),
  notes: nullableText,
  threads: z.array(RecordedThreadSchema),
  version: z.number().int(),
});
export type Procedure = z.infer<typeof ProcedureSchema>;

/** `GET /api/lots/:id/recall`: a patient who received the lot. */
export const RecallHitSchema = z.object({
  patient: PatientSchema,
  procedureId: z.string(),
  performedOn: z.string(),
  count: z.number().int(),
});
export type RecallHit = z.infer<typeof RecallHitSchema>;

export const FollowUpSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  procedureId: nullableText,
  visitId: nullableText,
  dueDate: z.string(),
  status: z.enum(FOLLOW_UP_STATUSES),
  /** Global Aesthetic Improvement Scale: 1 very much improved … 4 no change, 5 worse. */
  gaisClinician: z.number().int().nullable(),
  gaisPatient: z.number().int().nullable(),
  satisfaction: z.number().int().nullable(),
  notes: nullableText,
  scoredBy: nullableText,
  scoredAt: nullableText,
  version: z.number().int(),
});
export type FollowUp = z.infer<typeof FollowUpSchema>;

export const ComplicationSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  followUpId: nullableText,
  kind: z.string(),
  severity: z.enum(COMPLICATION_SEVERITIES),
  onsetDate: z.string(),
  management: nullableText,
  resolution: nullableText,
  resolvedDate: nullableText,
  version: z.number().int(),
});
export type Complication = z.infer<typeof ComplicationSchema>;

/** One metric's follow-up change in the baseline's frame (`MetricChange` of @liftplan/domain). */
export const MetricChangeSchema = z.object({
  id: z.string(),
  side: z.string(),
  unit: z.string(),
  baseline: z.number(),
  followUp: z.number(),
  /** follow-up − baseline, in the baseline's frame and scale. */
  change: z.number(),
  /** Smallest change beyond measurement error at 95 %; null when unmeasured. */
  mdc: z.number().nullable(),
  verdict: z.enum(['change', 'within-error', 'no-band']),
});
export type MetricChange = z.infer<typeof MetricChangeSchema>;

/** `GET /api/patients/:id/compare`: the follow-up measured on the baseline's frame and scale. */
export const ComparisonSchema = z.object({
  baselinePhotoId: z.string(),
  followUpPhotoId: z.string(),
  /** Follow-up pixels -> baseline pixels (2-D similarity). */
  transform: z.object({ scale: z.number(), rotation: z.number(), tx: z.number(), ty: z.number() }),
  consistency: z.object({ distance: z.number(), limit: z.number() }),
  /** The baseline's px→mm calibration (`Calibration` of @liftplan/domain). */
  scale: z.object({
    method: z.string(),
    source: z.string(),
    mmPerPx: z.number(),
    relativeUncertainty: z.number(),
    estimate: z.boolean(),
    detail: z.string(),
    warnings: z.array(z.string()),
  }),
  changes: z.array(MetricChangeSchema),
});
export type Comparison = z.infer<typeof ComparisonSchema>;

/** `GET /api/patients/:id/visits/:visitId/view-consistency`: each view's shape distance from the front. */
export const ViewConsistencySchema = z.object({
  visitId: z.string(),
  views: z.array(z.object({ view: z.enum(VIEWS), distance: z.number(), limit: z.number() })),
});
export type ViewConsistency = z.infer<typeof ViewConsistencySchema>;

/** One row of `GET /api/follow-ups/due-this-week`. */
export const DueFollowUpSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  chartNumber: z.string(),
  displayName: z.string(),
  phone: z.string().nullable(),
  procedureId: z.string().nullable(),
  dueDate: z.string(),
  /** Due before today and still scheduled. */
  overdue: z.boolean(),
});
export type DueFollowUp = z.infer<typeof DueFollowUpSchema>;

/** `GET /api/follow-ups/due-this-week`: the clinic's today through six days later, and what is overdue. */
export const DueThisWeekSchema = z.object({
  from: z.string(),
  to: z.string(),
  timeZone: z.string(),
  items: z.array(DueFollowUpSchema),
});
export type DueThisWeek = z.infer<typeof DueThisWeekSchema>;
