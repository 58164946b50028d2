/**
 * The words of the API, defined once: the server's database types, its request and response schemas and the
 * web all derive from these lists. The domain's own vocabularies (regions, sides, views, history flags) live in
 * @liftplan/domain and are re-exported here for one import.
 */
export { HISTORY_FLAGS, REGIONS, SIDES, VIEWS } from '@liftplan/domain';

export const ROLES = ['admin', 'doctor', 'coordinator'] as const;
export type Role = (typeof ROLES)[number];

export const SEXES = ['female', 'male', 'other'] as const;
export type Sex = (typeof SEXES)[number];

export const VISIT_KINDS = ['consultation', 'procedure', 'follow-up'] as const;
export type VisitKind = (typeof VISIT_KINDS)[number];

export const PLAN_STATUSES = ['draft', 'signed', 'superseded'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** Background jobs (photo analysis). */
export const JOB_KINDS = ['analyze-photo'] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const FOLLOW_UP_STATUSES = ['scheduled', 'done', 'missed', 'cancelled'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

export const AUDIT_OUTCOMES = ['success', 'failure', 'denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** Where a landmark version came from: the detector (version 1) or a clinician's correction. */
export const LANDMARK_SOURCES = ['detector', 'clinician'] as const;
export type LandmarkSource = (typeof LANDMARK_SOURCES)[number];

export const COMPLICATION_SEVERITIES = ['mild', 'moderate', 'severe'] as const;
export type ComplicationSeverity = (typeof COMPLICATION_SEVERITIES)[number];

export const ANAESTHESIA_KINDS = ['topical', 'local-infiltration', 'nerve-block', 'none'] as const;
export type AnaesthesiaKind = (typeof ANAESTHESIA_KINDS)[number];
/** The kinds given by injection: their dose is recorded. */
export const INJECTED_ANAESTHESIA = ['local-infiltration', 'nerve-block'] as const;

/** The items of the chart audit before signing (`GET /api/plans/:id/checklist`), in the order shown. */
export const CHECKLIST_ITEMS = [
  'record',
  'photos',
  'assessment',
  'contraindications',
  'findings',
  'consent',
] as const;
export type ChecklistItemId = (typeof CHECKLIST_ITEMS)[number];
export const CHECKLIST_STATES = ['complete', 'blocking', 'needs-acknowledgement', 'after-signing'] as const;
export type ChecklistState = (typeof CHECKLIST_STATES)[number];

/** What a doctor may acknowledge when signing instead of resolving it. */
export const SIGN_ACKNOWLEDGEMENTS = ['provisional-photos'] as const;
export type Acknowledgement = (typeof SIGN_ACKNOWLEDGEMENTS)[number];

/** Languages of patient documents and consent forms. */
export const DOCUMENT_LOCALES = ['ko', 'en'] as const;
export type DocumentLocale = (typeof DOCUMENT_LOCALES)[number];

/** Photo consent: each scope agreed or refused on its own. */
export const PHOTO_SCOPES = ['record', 'marketing', 'research'] as const;
export type PhotoScope = (typeof PHOTO_SCOPES)[number];

/** Copies of the printed documents: the patient's (plain words) or the clinician's (tables, trace). */
export const DOCUMENT_AUDIENCES = ['patient', 'clinician'] as const;
export type DocumentAudience = (typeof DOCUMENT_AUDIENCES)[number];

/** The five elements of a consent form the Medical Service Act Art. 24-2 requires, as its sections. */
export const CONSENT_SECTIONS = ['diagnosis', 'method', 'doctors', 'sideEffects', 'care'] as const;
export type ConsentSectionId = (typeof CONSENT_SECTIONS)[number];

/** Why a record leaves the clinic: chosen by the user for every export and download, kept in the audit log. */
export const EXPORT_REASONS = [
  'transfer-of-care',
  'patient-request',
  'legal-request',
  'clinic-backup',
  'quality-review',
  'research',
] as const;
export type ExportReason = (typeof EXPORT_REASONS)[number];
export const isExportReason = (v: string): v is ExportReason =>
  (EXPORT_REASONS as readonly string[]).includes(v);

/**
 * Why a printed document (consultation report, aftercare sheet, consent copy, the patient's record copy) is
 * downloaded: the export reasons, and the copy handed to the patient as part of their care (the everyday case).
 * Chosen by the user for every download, kept in the access log.
 */
export const DOWNLOAD_REASONS = ['patient-care', ...EXPORT_REASONS] as const;
export type DownloadReason = (typeof DOWNLOAD_REASONS)[number];
export const isDownloadReason = (v: string): v is DownloadReason =>
  (DOWNLOAD_REASONS as readonly string[]).includes(v);
