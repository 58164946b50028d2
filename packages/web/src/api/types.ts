/**
 * Shapes of the server's JSON answers (packages/server/src/db/repos/*). Mirrored here, not imported: the web
 * never depends on server code (architecture.md). Request bodies follow packages/server/src/schemas.ts.
 */
import type { Assessment, LandmarkSet, Region, Side, View } from '@liftplan/domain';

export type Role = 'admin' | 'doctor' | 'coordinator';

export interface User {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
  readonly organisationId?: string;
  readonly disabled?: boolean;
  readonly createdAt?: string;
  /** The user record's version (optimistic concurrency for admin changes). */
  readonly version?: number;
}

export interface Session {
  readonly user: User;
  readonly csrfToken: string;
  readonly expiresAt: string;
}

export type Sex = 'female' | 'male' | 'other';

export interface Patient {
  readonly id: string;
  readonly chartNumber: string;
  readonly displayName: string;
  readonly birthDate: string;
  readonly sex: Sex;
  readonly history: Readonly<Record<string, boolean>>;
  readonly notes: string | null;
  readonly phone: string | null;
  readonly email: string | null;
  readonly address: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

/** One version of a patient's demographics and contact details (GET /api/patients/:id/versions). */
export interface PatientVersion {
  readonly number: number;
  readonly displayName: string;
  readonly birthDate: string;
  readonly sex: string;
  readonly phone: string | null;
  readonly email: string | null;
  readonly address: string | null;
  readonly changed: readonly string[];
  readonly reason: string | null;
  readonly changedBy: string;
  readonly changedByName: string | null;
  readonly changedAt: string;
}

export interface Doctor {
  readonly id: string;
  readonly displayName: string;
  readonly licenceNumber: string | null;
}

export type PhotoScope = 'record' | 'marketing' | 'research';

/** The consent form as the server filled it (@liftplan/report ConsentDocument). */
export interface ConsentDocument {
  readonly format: 'liftplan.consent';
  readonly templateId: string;
  readonly templateVersion: number;
  readonly locale: 'ko' | 'en';
  readonly title: string;
  readonly intro: string;
  readonly facts: readonly { readonly key: string; readonly value: string }[];
  readonly sections: readonly {
    readonly id: string;
    readonly heading: string;
    readonly intro: string;
    readonly items: readonly string[];
  }[];
  readonly photo: {
    readonly heading: string;
    readonly intro: string;
    readonly scopes: readonly { readonly id: PhotoScope; readonly text: string }[];
  };
  readonly declaration: string;
  readonly notice: string;
}

export interface ConsentPreview {
  readonly planVersionId: string;
  readonly document: ConsentDocument;
  readonly documentSha256: string;
}

export type ConsentStatus =
  | { readonly planVersionId: string; readonly status: 'missing' }
  | {
      readonly planVersionId: string;
      readonly status: 'signed';
      readonly consentId: string;
      readonly signedAt: string;
      readonly signerName: string;
      readonly templateId: string;
      readonly templateVersion: number;
      readonly photoScopes: Readonly<Record<PhotoScope, boolean>>;
    };

export interface Consent {
  readonly id: string;
  readonly planVersionId: string;
  readonly signedAt: string;
  readonly signerName: string;
  readonly photoScopes: Readonly<Record<PhotoScope, boolean>>;
}

export type VisitKind = 'consultation' | 'procedure' | 'follow-up';

export interface Visit {
  readonly id: string;
  readonly patientId: string;
  readonly kind: VisitKind;
  readonly date: string;
  readonly notes: string | null;
  readonly createdAt: string;
  readonly version: number;
}

export interface Photo {
  readonly id: string;
  readonly patientId: string;
  readonly visitId: string | null;
  readonly view: View;
  readonly sha256: string;
  readonly originalName: string | null;
  readonly contentType: string;
  readonly size: number;
  readonly createdAt: string;
  /** The photo's latest analysis; null until its job succeeded. */
  readonly analysisId: string | null;
  /** The photo's latest analysis job and its status (null: never queued). */
  readonly jobId: string | null;
  readonly jobStatus: JobStatus | null;
  /** The newest landmark version of the analysis (1 = the detector's, later = corrections). */
  readonly landmarkVersion: number | null;
  /** Whether the analysis passed the quality gate (null: no analysis yet). */
  readonly passedGate: boolean | null;
  /** Shared by the shots of one burst of this view; null for a single photo. */
  readonly burstId: string | null;
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** One face of a photo (1 = the largest), box in original pixels. */
export interface CandidateFace {
  readonly n: number;
  readonly box: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
  readonly relativeWidth: number;
}

export interface Job {
  readonly id: string;
  readonly status: JobStatus;
  readonly photoId: string;
  readonly patientId: string;
  readonly resultId: string | null;
  readonly error: { readonly code: string; readonly message: string } | null;
  /** The face the user picked for this job, or null. */
  readonly face?: number | null;
  /** A photo refused as ambiguous: its faces, to pick the patient from. */
  readonly faces?: readonly CandidateFace[] | null;
}

/** `GET /api/photos/:id/analysis`: the photo's newest job and the analysis it produced. */
export interface PhotoAnalysis {
  readonly photoId: string;
  readonly analysisId: string | null;
  readonly jobId: string | null;
  readonly jobStatus: JobStatus | null;
  readonly landmarkVersion: number | null;
  readonly job: Job | null;
  readonly analysis: Analysis | null;
}

export interface UploadResult {
  readonly photo: Photo;
  readonly job: Job;
}

export interface LandmarkVersion {
  readonly id: string;
  readonly number: number;
  readonly source: 'detector' | 'clinician';
  readonly landmarks: LandmarkSet;
  readonly note: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface Analysis {
  readonly id: string;
  readonly photoId: string;
  readonly patientId: string;
  readonly detector: { readonly id: string; readonly version: string };
  readonly passed: boolean;
  readonly measurements: unknown;
  readonly createdAt: string;
  readonly landmarkVersions: readonly LandmarkVersion[];
}

export interface AssessmentRecord {
  readonly id: string;
  readonly patientId: string;
  readonly visitId: string | null;
  readonly assessment: Assessment;
  readonly createdAt: string;
  readonly version: number;
}

export type PlanStatus = 'draft' | 'signed' | 'superseded';

export type DiffEntry =
  | { readonly op: 'add'; readonly path: string; readonly value: unknown }
  | { readonly op: 'remove'; readonly path: string; readonly value: unknown }
  | { readonly op: 'change'; readonly path: string; readonly from: unknown; readonly to: unknown };

export interface PlanVersion {
  readonly id: string;
  readonly number: number;
  readonly status: PlanStatus;
  readonly payload: Record<string, unknown>;
  readonly payloadSha256: string;
  readonly ruleSetVersion: string | null;
  readonly diff: readonly DiffEntry[];
  readonly createdBy: string;
  readonly createdAt: string;
  readonly signedBy: string | null;
  readonly signedAt: string | null;
  /** Who signed, when (also in the clinic's time zone) and the sha256 of the signed record. */
  readonly signature: PlanSignature | null;
}

export interface PlanSignature {
  readonly signedBy: string;
  readonly signedByName: string;
  readonly signedAt: string;
  /** `signedAt` in the clinic's time zone, e.g. `2025-03-01 18:00 (Asia/Seoul)`. */
  readonly signedAtLocal: string;
  readonly timeZone: string;
  readonly recordSha256: string;
  readonly acknowledged: readonly string[];
}

/** One reason the server refuses or flags something: a code and its parameters (worded by the UI). */
export interface Reason {
  readonly code: string;
  readonly params: Readonly<Record<string, string | number>>;
  readonly message: string;
}

export type ChecklistState = 'complete' | 'blocking' | 'needs-acknowledgement' | 'after-signing';

/** The chart audit before signing (`GET /api/plans/:id/checklist`). */
export interface SignChecklist {
  readonly planId: string;
  readonly version: number;
  readonly versionNumber: number;
  readonly signable: boolean;
  readonly items: readonly {
    readonly id: 'record' | 'photos' | 'assessment' | 'contraindications' | 'findings' | 'consent';
    readonly state: ChecklistState;
    readonly reasons: readonly Reason[];
  }[];
}

export interface Plan {
  readonly id: string;
  readonly patientId: string;
  readonly visitId: string | null;
  readonly currentNumber: number;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly versions: readonly PlanVersion[];
}

export interface Product {
  readonly id: string;
  readonly name: string;
  readonly manufacturer: string;
  readonly threadKind: string;
  readonly material: string;
  readonly gauge: string;
  readonly lengthMm: number;
}

export interface Lot {
  readonly id: string;
  readonly productId: string;
  readonly lotNumber: string;
  readonly expiryDate: string;
  readonly stock: number;
}

export interface ProcedureThreadInput {
  readonly placementId: string;
  readonly region: Region;
  readonly side: Side;
  readonly lotId: string | null;
  /** The scanned GS1 string, when the box was scanned. */
  readonly barcode: string | null;
  readonly count: number;
  readonly deviations: string | null;
}

export interface ProcedureThread extends Omit<ProcedureThreadInput, 'lotId'> {
  readonly id: string;
  readonly lotId: string;
  readonly gtin: string | null;
  readonly productId: string;
  readonly productName: string;
  readonly lotNumber: string;
  readonly expiryDate: string;
}

export interface ProcedureEvent {
  readonly at?: string;
  readonly kind: string;
  readonly note?: string | null;
  readonly recordedBy?: string;
  readonly recordedAt?: string;
}

export interface Procedure {
  readonly id: string;
  readonly patientId: string;
  readonly visitId: string | null;
  readonly planVersionId: string | null;
  readonly performedBy: string;
  readonly performedByName: string | null;
  readonly recordedBy: string;
  readonly performedOn: string;
  readonly anaesthesia: {
    readonly kind: string;
    readonly agent: string | null;
    readonly doseMl: number | null;
  };
  readonly notPlaced: readonly { readonly placementId: string; readonly reason: string }[];
  readonly events: readonly ProcedureEvent[];
  readonly notes: string | null;
  readonly threads: readonly ProcedureThread[];
  readonly version: number;
}

export interface FollowUp {
  readonly id: string;
  readonly patientId: string;
  readonly procedureId: string | null;
  readonly visitId: string | null;
  readonly dueDate: string;
  readonly status: 'scheduled' | 'done' | 'missed' | 'cancelled';
  readonly gaisClinician: number | null;
  readonly gaisPatient: number | null;
  readonly satisfaction: number | null;
  readonly version: number;
}

export interface AuditEvent {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly actorName: string | null;
  readonly action: string;
  readonly entity: string;
  readonly entityId: string | null;
  readonly outcome: string;
  readonly detail: string | null;
}

/** The server's one error body: `{ error: { code, message, fields?, requestId } }`. */
export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly fields?: readonly { readonly path: string; readonly message: string }[];
    readonly reasons?: readonly Reason[];
    readonly requestId?: string;
  };
}
