/**
 * Row types of the database, shared by both dialects. Portable choices (see migrations/0001-initial.ts):
 * text ids (UUID from `randomUUID()`), integer counters and versions, timestamps as ISO-8601 text, dates as
 * `YYYY-MM-DD` text, JSON as text, booleans as 0/1 integers.
 */
import type {
  AuditOutcome,
  ComplicationSeverity,
  DocumentLocale,
  FollowUpStatus,
  JobKind,
  JobStatus,
  LandmarkSource,
  PlanStatus,
  Role,
  Sex,
  VisitKind,
} from '@liftplan/api';

/** The vocabularies are defined once, in @liftplan/api; re-exported for the server's modules. */
export {
  AUDIT_OUTCOMES,
  FOLLOW_UP_STATUSES,
  JOB_STATUSES,
  PLAN_STATUSES,
  ROLES,
  VISIT_KINDS,
  type AuditOutcome,
  type FollowUpStatus,
  type JobStatus,
  type PlanStatus,
  type Role,
  type VisitKind,
} from '@liftplan/api';

export interface OrganisationRow {
  id: string;
  name: string;
  created_at: string;
  /** Printed on patient documents (migration 0004); null until an admin sets it. */
  address: string | null;
  phone: string | null;
  version: number;
  /** IANA time zone signatures and printed times are shown in (migration 0005). */
  time_zone: string;
  /** 1: disabled by a super-admin (migration 0013): nobody of the clinic can sign in. */
  disabled: number;
}

/** A super-admin (migration 0013): runs the system, belongs to no clinic, sees no patient data. */
export interface OperatorRow {
  id: string;
  email: string;
  display_name: string;
  password_hash: string;
  disabled: number;
  created_at: string;
  version: number;
}

export interface OperatorSessionRow {
  /** SHA-256 of the session token. */
  id: string;
  operator_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface UserRow {
  id: string;
  organisation_id: string;
  email: string;
  display_name: string;
  role: Role;
  password_hash: string;
  disabled: number;
  created_at: string;
  version: number;
  /** The doctor's licence number, printed on patient documents (migration 0004). */
  licence_number: string | null;
}

export interface SessionRow {
  /** SHA-256 of the session token: a stolen database does not yield live sessions. */
  id: string;
  /** The clinic (migration 0013). */
  organisation_id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface PatientRow {
  id: string;
  organisation_id: string;
  chart_number: string;
  display_name: string;
  birth_date: string;
  sex: Sex;
  history: string;
  notes: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  /** Contact details (migration 0006); null until recorded. */
  phone: string | null;
  email: string | null;
  address: string | null;
  /** Archived (migration 0015): read-only from then on, until restored; null when active. */
  archived_at: string | null;
  archived_by: string | null;
}

/** One version of a patient's demographics and contact details (migration 0006, append-only). */
export interface PatientVersionRow {
  id: string;
  organisation_id: string;
  patient_id: string;
  number: number;
  display_name: string;
  birth_date: string;
  sex: string;
  phone: string | null;
  email: string | null;
  address: string | null;
  /** Comma-separated field names changed from the previous version (`created` for version 1). */
  changed_fields: string;
  reason: string | null;
  changed_by: string;
  changed_at: string;
}

/** The signed consent of one plan version (migration 0006, append-only). */
export interface ConsentRow {
  id: string;
  organisation_id: string;
  patient_id: string;
  plan_version_id: string;
  template_id: string;
  template_version: number;
  locale: DocumentLocale;
  /** The filled form as the patient signed it (JSON of @liftplan/report's ConsentDocument). */
  document: string;
  document_sha256: string;
  photo_record: number;
  photo_marketing: number;
  photo_research: number;
  signer_name: string;
  signer_relation: string | null;
  /** SVG path data in the signature pad's frame. */
  signature_path: string;
  /** JSON array of the user ids of the performing doctors named on the form. */
  performing_doctor_ids: string;
  signed_at: string;
  recorded_by: string;
}

export interface VisitRow {
  id: string;
  organisation_id: string;
  patient_id: string;
  kind: VisitKind;
  date: string;
  notes: string | null;
  created_at: string;
  version: number;
}

export interface PhotoBlobRow {
  sha256: string;
  size: number;
  content_type: string;
  created_at: string;
  /** The metadata-free JPEG copy (migration 0002); null until made, or for undecodable files. */
  derivative_sha256: string | null;
  derivative_width: number | null;
  derivative_height: number | null;
}

export interface PhotoRow {
  id: string;
  organisation_id: string;
  patient_id: string;
  visit_id: string | null;
  view: string;
  sha256: string;
  original_name: string | null;
  /** Shared by the shots of one burst of this view (null: a single photo). */
  burst_id: string | null;
  created_by: string;
  created_at: string;
}

export interface AnalysisRow {
  id: string;
  organisation_id: string;
  patient_id: string;
  photo_id: string;
  detector_id: string;
  detector_version: string;
  passed: number;
  measurements: string | null;
  /** sha256 of the landmark model (0008); null on older rows. */
  model_sha256: string | null;
  /** JSON: the faces the photo showed and the one measured (0008). */
  faces: string | null;
  created_at: string;
  /** The analysed image's size (migration 0005); null for analyses stored before it. */
  image_width: number | null;
  image_height: number | null;
}

export interface LandmarkVersionRow {
  id: string;
  /** The clinic (migration 0013). */
  organisation_id: string;
  analysis_id: string;
  number: number;
  source: LandmarkSource;
  landmarks: string;
  note: string | null;
  created_by: string;
  created_at: string;
}

export interface AssessmentRow {
  id: string;
  organisation_id: string;
  patient_id: string;
  visit_id: string | null;
  payload: string;
  assessed_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface PlanRow {
  id: string;
  organisation_id: string;
  patient_id: string;
  visit_id: string | null;
  current_number: number;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface PlanVersionRow {
  id: string;
  /** The clinic (migration 0013). */
  organisation_id: string;
  plan_id: string;
  number: number;
  status: PlanStatus;
  payload: string;
  payload_sha256: string;
  rule_set_version: string | null;
  diff: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  signed_by: string | null;
  signed_at: string | null;
  superseded_at: string | null;
}

/** The signature of a plan version (migration 0005): append-only, chained into the audit log by `audit_seq`. */
export interface PlanSignatureRow {
  /** The clinic (migration 0013). */
  organisation_id: string;
  plan_version_id: string;
  plan_id: string;
  patient_id: string;
  visit_id: string | null;
  record_sha256: string;
  signed_by: string;
  signed_at: string;
  /** JSON array of what the signer acknowledged (e.g. `provisional-photos`). */
  acknowledged: string;
  audit_seq: number;
}

export interface ProductRow {
  id: string;
  organisation_id: string;
  name: string;
  manufacturer: string;
  thread_kind: string;
  material: string;
  gauge: string;
  length_mm: number;
  created_at: string;
  version: number;
}

export interface LotRow {
  id: string;
  organisation_id: string;
  product_id: string;
  lot_number: string;
  expiry_date: string;
  stock: number;
  created_at: string;
  version: number;
}

export interface ProcedureRow {
  id: string;
  organisation_id: string;
  patient_id: string;
  visit_id: string | null;
  plan_version_id: string | null;
  performed_by: string;
  performed_on: string;
  anaesthesia: string;
  events: string;
  notes: string | null;
  created_by: string;
  created_at: string;
  version: number;
  /** JSON `[{ placementId, reason }]` (migration 0006). */
  not_placed: string;
}

export interface ProcedureThreadRow {
  id: string;
  /** The clinic (migration 0013). */
  organisation_id: string;
  procedure_id: string;
  placement_id: string | null;
  region: string;
  side: string;
  product_id: string;
  lot_id: string;
  count: number;
  deviations: string | null;
  /** The scanned GS1 string and its GTIN (migration 0006), when the lot was scanned. */
  barcode: string | null;
  gtin: string | null;
}

export interface FollowUpRow {
  id: string;
  organisation_id: string;
  patient_id: string;
  procedure_id: string | null;
  visit_id: string | null;
  due_date: string;
  status: FollowUpStatus;
  gais_clinician: number | null;
  gais_patient: number | null;
  satisfaction: number | null;
  notes: string | null;
  scored_by: string | null;
  scored_at: string | null;
  created_at: string;
  version: number;
}

export interface ComplicationRow {
  id: string;
  organisation_id: string;
  patient_id: string;
  follow_up_id: string | null;
  kind: string;
  severity: ComplicationSeverity;
  onset_date: string;
  management: string | null;
  resolution: string | null;
  resolved_date: string | null;
  created_by: string;
  created_at: string;
  version: number;
}

export interface AuditEventRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  outcome: AuditOutcome;
  request_id: string;
  detail: string | null;
  prev_hash: string;
  hash: string;
  /** The organisation's id, `system`, or null for rows written before per-clinic chains (the legacy chain). */
  chain: string | null;
  /** Position in its chain (1, 2, …); null on legacy rows, whose `seq` is their position. */
  chain_seq: number | null;
  /** HMAC-SHA256 of `hash` under the key outside the database, when one is configured. */
  mac: string | null;
}

export interface JobRow {
  id: string;
  organisation_id: string;
  kind: JobKind;
  status: JobStatus;
  photo_id: string;
  patient_id: string;
  attempts: number;
  result_id: string | null;
  error_code: string | null;
  error_message: string | null;
  /** The face number the user picked (1 = largest), for a re-analysis (0008). */
  face: number | null;
  /** JSON candidate faces of a photo refused as ambiguous (0008). */
  faces: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** A FHIR resource read from another liftplan's export, kept verbatim (migration 0010). */
export interface FhirImportedResourceRow {
  id: string;
  organisation_id: string;
  patient_id: string;
  resource_type: string;
  resource_id: string;
  resource: string;
  bundle_id: string;
  imported_by: string;
  imported_at: string;
}

/** A scored follow-up as summarised for the outcomes (migration 0010b; derived, rebuildable). */
export interface OutcomeFollowUpRow {
  follow_up_id: string;
  organisation_id: string;
  follow_up_version: number;
  source_at: string | null;
  state: string;
  computed_at: string;
}

/** One region, side and metric of a summarised follow-up (migration 0010b; derived, rebuildable). */
export interface OutcomeChangeRow {
  id: string;
  organisation_id: string;
  follow_up_id: string;
  patient_id: string;
  procedure_id: string;
  visit_id: string;
  performed_by: string;
  product_id: string | null;
  lot_id: string | null;
  region: string;
  side: string;
  metric: string;
  unit: string;
  performed_on: string;
  follow_up_date: string;
  months: number;
  change: number;
  mdc: number | null;
  beyond: number | null;
}

/** A completed monthly access review (migration 0010c). */
/** One version of an assessment, procedure or follow-up (migration 0015, append-only). */
export interface RecordVersionRow {
  id: string;
  organisation_id: string;
  patient_id: string;
  entity: 'assessment' | 'procedure' | 'follow_up';
  entity_id: string;
  number: number;
  /** JSON of the record's API shape after this version. */
  snapshot: string;
  /** Comma-separated fields changed from the previous version (`created` for version 1). */
  changed_fields: string;
  reason: string | null;
  changed_by: string;
  changed_at: string;
}

/** A purge of a patient's records after the retention period (migration 0015): no patient data. */
export interface PatientPurgeRow {
  patient_id: string;
  organisation_id: string;
  purged_at: string;
  purged_by: string;
  /** How many rows were deleted. */
  rows: number;
}

export interface AccessReviewRow {
  id: string;
  organisation_id: string;
  /** YYYY-MM. */
  month: string;
  reviewed_by: string;
  reviewed_at: string;
  events: number;
  flagged: number;
  note: string | null;
}

export interface DB {
  organisations: OrganisationRow;
  operators: OperatorRow;
  operator_sessions: OperatorSessionRow;
  users: UserRow;
  sessions: SessionRow;
  patients: PatientRow;
  patient_versions: PatientVersionRow;
  consents: ConsentRow;
  visits: VisitRow;
  photo_blobs: PhotoBlobRow;
  photos: PhotoRow;
  analyses: AnalysisRow;
  landmark_versions: LandmarkVersionRow;
  assessments: AssessmentRow;
  plans: PlanRow;
  plan_versions: PlanVersionRow;
  plan_signatures: PlanSignatureRow;
  products: ProductRow;
  lots: LotRow;
  procedures: ProcedureRow;
  procedure_threads: ProcedureThreadRow;
  follow_ups: FollowUpRow;
  complications: ComplicationRow;
  audit_events: AuditEventRow;
  jobs: JobRow;
  fhir_imported_resources: FhirImportedResourceRow;
  outcome_follow_ups: OutcomeFollowUpRow;
  outcome_changes: OutcomeChangeRow;
  access_reviews: AccessReviewRow;
  record_versions: RecordVersionRow;
  patient_purges: PatientPurgeRow;
}
