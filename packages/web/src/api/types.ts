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
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
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
  readonly placementId: string | null;
  readonly region: Region;
  readonly side: Side;
  readonly lotId: string;
  readonly count: number;
  readonly deviations: string | null;
}

export interface ProcedureThread extends ProcedureThreadInput {
  readonly id: string;
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
  readonly performedOn: string;
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
    readonly requestId?: string;
  };
}
