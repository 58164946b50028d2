import { z } from 'zod';

/** Response schemas: outcomes, the access review and the retention report (issue 13). */

const num = z.number();

/** One group of measured changes: a region, side and metric at a whole month after the procedure. */
export const ChangeGroupSchema = z.object({
  region: z.string(),
  side: z.string(),
  metric: z.string(),
  unit: z.string(),
  /** Whole months after the procedure (days / 30.44, rounded). */
  months: z.number().int(),
  n: z.number().int(),
  /** Nearest-rank quartiles of the change (follow-up − baseline). */
  q1: num,
  median: num,
  q3: num,
  /** Changes beyond their MDC (only these count as a change), and those without a measured band. */
  beyondBand: z.number().int(),
  noBand: z.number().int(),
  /** Mean MDC of the group's changes (the band to draw); null when none had a band. */
  mdc: num.nullable(),
});
export type ChangeGroup = z.infer<typeof ChangeGroupSchema>;

export const ScoreDistributionSchema = z.object({ score: num, n: z.number().int() });
export type ScoreDistribution = z.infer<typeof ScoreDistributionSchema>;

export const ComplicationRateSchema = z.object({
  kind: z.string(),
  /** Procedures with at least one complication of this kind / procedures in the period. */
  procedures: z.number().int(),
  of: z.number().int(),
  rate: num,
  /** Wilson 95 % interval. */
  low: num,
  high: num,
  medianOnsetDays: num.nullable(),
  resolved: z.number().int(),
  medianDaysToResolution: num.nullable(),
  severities: z.record(z.string(), z.number().int()),
  /** The published rate the plan quoted for this kind (clinical-facts §5), when there is one. */
  published: z.string().nullable(),
});
export type ComplicationRate = z.infer<typeof ComplicationRateSchema>;

/** `GET /api/outcomes`. */
export const OutcomesSchema = z.object({
  changes: z.array(ChangeGroupSchema),
  gaisClinician: z.array(ScoreDistributionSchema),
  gaisPatient: z.array(ScoreDistributionSchema),
  satisfaction: z.array(ScoreDistributionSchema),
  complications: z.array(ComplicationRateSchema),
  procedures: z.number().int(),
  followUps: z.number().int(),
  /** Scored follow-ups whose change could not be measured, by reason. */
  unmeasured: z.record(z.string(), z.number().int()),
});
export type Outcomes = z.infer<typeof OutcomesSchema>;

/** One row of `GET /api/outcomes/visits`: a follow-up visit behind a number (each patient listed is audited). */
export const DrillDownVisitSchema = z.object({
  patientId: z.string(),
  chartNumber: z.string(),
  displayName: z.string(),
  visitId: z.string(),
  followUpDate: z.string(),
  change: num,
  mdc: num.nullable(),
  beyondBand: z.boolean().nullable(),
});
export type DrillDownVisit = z.infer<typeof DrillDownVisitSchema>;

export const AccessReviewLineSchema = z.object({
  actor: z.string(),
  actorName: z.string().nullable(),
  events: z.number().int(),
  patients: z.number().int(),
  exports: z.number().int(),
  /** Export reasons as recorded (`fhir:transfer-of-care` …) with their counts. */
  exportReasons: z.record(z.string(), z.number().int()),
  /** Why the line is highlighted; empty when nothing is unusual. */
  unusual: z.array(z.string()),
  /** The same as codes with their figures (for translated screens). */
  flags: z.array(
    z.discriminatedUnion('code', [
      z.object({ code: z.literal('many-patients'), patients: z.number().int(), median: num }),
      z.object({ code: z.literal('many-exports'), exports: z.number().int() }),
    ]),
  ),
});
export type AccessReviewLine = z.infer<typeof AccessReviewLineSchema>;

/** `GET /api/access-review/:month`. */
export const AccessReviewSchema = z.object({
  month: z.string(),
  lines: z.array(AccessReviewLineSchema),
  completed: z.object({ by: z.string(), at: z.string(), note: z.string().nullable() }).nullable(),
});
export type AccessReview = z.infer<typeof AccessReviewSchema>;

/** `POST /api/access-review`: the month's review recorded as completed. */
export const AccessReviewDoneSchema = z.object({ month: z.string(), reviewedAt: z.string() });

/** One row of `GET /api/retention`. */
export const RetentionLineSchema = z.object({
  patientId: z.string(),
  chartNumber: z.string(),
  /** The newest record of the patient (visit, procedure, follow-up, photo). */
  lastRecord: z.string(),
  /** The day after which the records may be deleted. */
  keptUntil: z.string(),
  deletable: z.boolean(),
});
export type RetentionLine = z.infer<typeof RetentionLineSchema>;
