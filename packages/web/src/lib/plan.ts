import {
  buildDangerZones,
  planCase,
  recheckPlacements,
  type CaseFile,
  type DangerZone,
  type FaceFrame,
  type Justification,
  type LandmarkSet,
  type PlanFinding,
  type PlanResult,
  type SafetyGeometry,
  type ThreadPlacement,
  type TraceEntry,
} from '@liftplan/domain';
import type { IntakeState } from './case.js';

/** What a plan version stores: the planner's result (as edited), with what it was drawn on. */
export interface PlanPayload extends Omit<
  PlanResult,
  'placements' | 'findings' | 'trace' | 'alternatives' | 'triage'
> {
  /** Rule set 2026.12 on: the other techniques per placement and the triaged findings (absent on older saves). */
  readonly alternatives?: PlanResult['alternatives'];
  readonly triage?: PlanResult['triage'];
  readonly format: 'liftplan.plan';
  /**
   * The case the plan was made from (liftplan.case 1.x). The server prints the consultation report and the
   * aftercare sheet from `applyPlanEdits(caseFile, { placements, justifications })` (packages/server/src/
   * services/reports.ts): these placements, re-checked there against the danger zones.
   */
  readonly caseFile: CaseFile;
  readonly placements: readonly ThreadPlacement[];
  readonly findings: readonly PlanFinding[];
  readonly trace: readonly TraceEntry[];
  readonly justifications: readonly Justification[];
  readonly intake: IntakeState;
  readonly frontPhotoId: string;
  readonly analysisId: string;
  readonly landmarkVersion: number;
  /** Placements moved by the clinician after the planner placed them. */
  readonly edited: readonly string[];
}

export function isPlanPayload(v: unknown): v is PlanPayload {
  return (
    typeof v === 'object' &&
    v !== null &&
    (v as { format?: unknown }).format === 'liftplan.plan' &&
    Array.isArray((v as { placements?: unknown }).placements)
  );
}

export type SafetyInput = SafetyGeometry;

export const planBase = (c: CaseFile): PlanResult => planCase(c);

export const frontZones = (landmarks: LandmarkSet, frame: FaceFrame): DangerZone[] =>
  buildDangerZones(landmarks, frame, 'front');

/**
 * Findings for the placements as they are now: the domain's `recheckPlacements`, the same function the server
 * runs on the signed placements before printing (`applyPlanEdits`). Runs on every drag.
 */
export function liveFindings(
  base: PlanResult,
  placements: readonly ThreadPlacement[],
  s: SafetyInput,
  justifications: readonly Justification[],
): { findings: PlanFinding[]; trace: TraceEntry[] } {
  return recheckPlacements(base, placements, s, justifications);
}

/** Entry and path-end moves: the domain's, face-anchored. */
export { moveEntry, movePathEnd } from '@liftplan/domain';

export const threadCount = (placements: readonly ThreadPlacement[]): number =>
  placements.reduce((s, p) => s + p.count, 0);
