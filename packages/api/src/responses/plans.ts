import { AssessmentSchema } from '@liftplan/domain';
import { z } from 'zod';
import { ReasonSchema } from '../errors.js';
import {
  CHECKLIST_ITEMS,
  CHECKLIST_STATES,
  CONSENT_SECTIONS,
  DOCUMENT_LOCALES,
  PHOTO_SCOPES,
  PLAN_STATUSES,
} from '../vocabularies.js';

/** Response schemas: assessments, plans with their versions and signatures, the sign checklist, consent. */

const nullableText = z.string().nullable();

export const AssessmentRecordSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  visitId: nullableText,
  /** In the case-file shape (`AssessmentSchema` of @liftplan/domain). */
  assessment: AssessmentSchema,
  assessedBy: z.string(),
  createdAt: z.string(),
  version: z.number().int(),
});
export type AssessmentRecord = z.infer<typeof AssessmentRecordSchema>;

/** One change between two plan versions (JSON paths into the `liftplan.plan` record). */
export const DiffEntrySchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('add'), path: z.string(), value: z.unknown() }),
  z.object({ op: z.literal('remove'), path: z.string(), value: z.unknown() }),
  z.object({ op: z.literal('change'), path: z.string(), from: z.unknown(), to: z.unknown() }),
]);
export type DiffEntry = z.infer<typeof DiffEntrySchema>;

/** Who signed, when (also in the clinic's time zone) and the sha256 of the signed record. */
export const PlanSignatureSchema = z.object({
  signedBy: z.string(),
  signedByName: z.string(),
  signedAt: z.string(),
  /** `signedAt` in the clinic's time zone, e.g. `2025-03-01 18:00 (Asia/Seoul)`. */
  signedAtLocal: z.string(),
  timeZone: z.string(),
  recordSha256: z.string(),
  acknowledged: z.array(z.string()),
});
export type PlanSignature = z.infer<typeof PlanSignatureSchema>;

export const PlanVersionSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  status: z.enum(PLAN_STATUSES),
  /** The `liftplan.plan` record (parse with `PlanRecordSchema` of @liftplan/domain); drafts may be incomplete. */
  payload: z.record(z.string(), z.unknown()),
  payloadSha256: z.string(),
  ruleSetVersion: nullableText,
  /** Changes from the previous version (empty for version 1). */
  diff: z.array(DiffEntrySchema),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  signedBy: nullableText,
  signedAt: nullableText,
  signature: PlanSignatureSchema.nullable(),
  supersededAt: nullableText,
});
export type PlanVersion = z.infer<typeof PlanVersionSchema>;

export const PlanSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  visitId: nullableText,
  currentNumber: z.number().int(),
  /** Optimistic-concurrency version of the whole plan: every save or signature bumps it. */
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  versions: z.array(PlanVersionSchema),
});
export type Plan = z.infer<typeof PlanSchema>;

export const ChecklistItemSchema = z.object({
  id: z.enum(CHECKLIST_ITEMS),
  state: z.enum(CHECKLIST_STATES),
  reasons: z.array(ReasonSchema),
});
export type ChecklistItem = z.infer<typeof ChecklistItemSchema>;

/** The chart audit before signing (`GET /api/plans/:id/checklist`). */
export const SignChecklistSchema = z.object({
  planId: z.string(),
  /** The plan's optimistic-concurrency version the checklist was made for. */
  version: z.number().int(),
  versionNumber: z.number().int(),
  items: z.array(ChecklistItemSchema),
  signable: z.boolean(),
});
export type SignChecklist = z.infer<typeof SignChecklistSchema>;

/** Each photo scope, agreed (true) or refused (false). */
const PhotoScopesSchema = z.record(z.enum(PHOTO_SCOPES), z.boolean());

/** The consent form as the server filled it (`ConsentDocument` of @liftplan/report). */
export const ConsentDocumentSchema = z.object({
  format: z.literal('liftplan.consent'),
  templateId: z.string(),
  templateVersion: z.number().int(),
  locale: z.enum(DOCUMENT_LOCALES),
  title: z.string(),
  intro: z.string(),
  facts: z.array(z.object({ key: z.string(), value: z.string() })),
  sections: z.array(
    z.object({
      id: z.enum(CONSENT_SECTIONS),
      heading: z.string(),
      intro: z.string(),
      items: z.array(z.string()),
    }),
  ),
  photo: z.object({
    heading: z.string(),
    intro: z.string(),
    scopes: z.array(z.object({ id: z.enum(PHOTO_SCOPES), text: z.string() })),
  }),
  declaration: z.string(),
  notice: z.string(),
});
export type ConsentDocument = z.infer<typeof ConsentDocumentSchema>;

/** `GET /api/plan-versions/:id/consent-form`: the form to show the patient and the sha256 to sign over. */
export const ConsentPreviewSchema = z.object({
  planVersionId: z.string(),
  document: ConsentDocumentSchema,
  documentSha256: z.string(),
});
export type ConsentPreview = z.infer<typeof ConsentPreviewSchema>;

/** `GET /api/plan-versions/:id/consent`. */
export const ConsentStatusSchema = z.discriminatedUnion('status', [
  z.object({ planVersionId: z.string(), status: z.literal('missing') }),
  z.object({
    planVersionId: z.string(),
    status: z.literal('signed'),
    consentId: z.string(),
    signedAt: z.string(),
    signerName: z.string(),
    templateId: z.string(),
    templateVersion: z.number().int(),
    photoScopes: PhotoScopesSchema,
  }),
]);
export type ConsentStatus = z.infer<typeof ConsentStatusSchema>;

/** A signed consent (append-only). */
export const ConsentSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  planVersionId: z.string(),
  templateId: z.string(),
  templateVersion: z.number().int(),
  locale: z.enum(DOCUMENT_LOCALES),
  document: ConsentDocumentSchema,
  documentSha256: z.string(),
  photoScopes: PhotoScopesSchema,
  signerName: z.string(),
  signerRelation: nullableText,
  /** SVG path data in the signature pad's frame. */
  signaturePath: z.string(),
  performingDoctorIds: z.array(z.string()),
  signedAt: z.string(),
  recordedBy: z.string(),
});
export type Consent = z.infer<typeof ConsentSchema>;
