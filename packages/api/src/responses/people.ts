import { z } from 'zod';
import { AUDIT_OUTCOMES, ROLES, SEXES, VISIT_KINDS } from '../vocabularies.js';

/** Response schemas: users, sessions, the clinic, patients, visits and the audit log. */

const nullableText = z.string().nullable();

export const UserSchema = z.object({
  id: z.string(),
  organisationId: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  disabled: z.boolean(),
  /** Printed after a doctor's name on patient documents; null when not recorded. */
  licenceNumber: nullableText,
  /** The user record's version (optimistic concurrency for admin changes). */
  version: z.number().int(),
});
export type User = z.infer<typeof UserSchema>;

/** The signed-in session (`POST /api/auth/login`, `GET /api/auth/me`): send `csrfToken` on unsafe methods. */
export const SessionSchema = z.object({ user: UserSchema, csrfToken: z.string(), expiresAt: z.string() });
export type Session = z.infer<typeof SessionSchema>;

/** `PUT /api/auth/password`: the user after the change. */
export const UserResultSchema = z.object({ user: UserSchema });

/** `DELETE /api/users/:id/sessions`: how many sessions ended. */
export const RevokedSessionsSchema = z.object({ revoked: z.number().int() });

/** A doctor who can be named as performing a procedure (`GET /api/doctors`). */
export const DoctorSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  licenceNumber: nullableText,
});
export type Doctor = z.infer<typeof DoctorSchema>;

export const OrganisationSchema = z.object({
  id: z.string(),
  name: z.string(),
  address: nullableText,
  phone: nullableText,
  /** IANA time zone signatures and printed times are shown in. */
  timeZone: z.string(),
  version: z.number().int(),
});
export type Organisation = z.infer<typeof OrganisationSchema>;

export const PatientSchema = z.object({
  id: z.string(),
  chartNumber: z.string(),
  displayName: z.string(),
  birthDate: z.string(),
  sex: z.enum(SEXES),
  /** Medical-history flags answered so far (`HISTORY_FLAGS` of @liftplan/domain). */
  history: z.record(z.string(), z.boolean()),
  notes: nullableText,
  phone: nullableText,
  email: nullableText,
  address: nullableText,
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  /** Archived (read-only: every change refused with `patient_archived`) since this instant; null when active. */
  archivedAt: z.string().nullable(),
});
export type Patient = z.infer<typeof PatientSchema>;

/** One version of a patient's demographics and contact details (`GET /api/patients/:id/versions`). */
export const PatientVersionSchema = z.object({
  number: z.number().int(),
  displayName: z.string(),
  birthDate: z.string(),
  sex: z.string(),
  phone: nullableText,
  email: nullableText,
  address: nullableText,
  /** Fields changed from the previous version (`created` for version 1). */
  changed: z.array(z.string()),
  reason: nullableText,
  changedBy: z.string(),
  changedByName: nullableText,
  changedAt: z.string(),
});
export type PatientVersion = z.infer<typeof PatientVersionSchema>;

/** `DELETE /api/patients/:id` after the retention period: the patient's records were purged (rows deleted). */
export const PurgeResultSchema = z.object({ rows: z.number().int() });
export type PurgeResult = z.infer<typeof PurgeResultSchema>;

/**
 * One version of an assessment, procedure or follow-up (`GET /api/{assessments,procedures,follow-ups}/:id/versions`):
 * the record as it read after the change, the fields changed, who, when and why. Version 1 is the original.
 */
export const RecordVersionSchema = z.object({
  number: z.number().int(),
  changed: z.array(z.string()),
  reason: nullableText,
  changedBy: z.string(),
  changedByName: nullableText,
  changedAt: z.string(),
  record: z.record(z.string(), z.unknown()),
});
export type RecordVersion = z.infer<typeof RecordVersionSchema>;

export const VisitSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  kind: z.enum(VISIT_KINDS),
  date: z.string(),
  notes: nullableText,
  createdAt: z.string(),
  version: z.number().int(),
});
export type Visit = z.infer<typeof VisitSchema>;

export const AuditEventSchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  /** A user id or `system:<name>`. */
  actor: z.string(),
  /** The user's display name, when the actor is a user. */
  actorName: nullableText,
  action: z.string(),
  entity: z.string(),
  entityId: nullableText,
  outcome: z.enum(AUDIT_OUTCOMES),
  requestId: z.string(),
  detail: nullableText,
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;

/** `GET /api/health`. `readOnly`: the server was started read-only on a broken audit log (AUDIT_ON_BROKEN_CHAIN=read-only). */
export const HealthSchema = z.object({ ok: z.literal(true), readOnly: z.literal(true).optional() });
