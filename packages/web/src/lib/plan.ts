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

/**
 * A stored plan version's payload with its placements: the `liftplan.plan` record (see `savedRecord` in
 * plan-draft.ts for the fully parsed form).
 */
export function isPlanPayload(v: unknown): v is { readonly placements: readonly ThreadPlacement[] } {
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
