import type { LandmarkSet } from '../case/schema.js';
import { anchorPosition } from './anchor.js';
import type { PlanFinding, ProjectedPlacement, ProjectedPlan, ThreadPlacement } from './types.js';

/** Worst finding per placement; an accepted (justified) crossing is a warning, never an error. */
function statusOf(id: string, findings: readonly PlanFinding[]): ProjectedPlacement['status'] {
  let status: ProjectedPlacement['status'] = 'ok';
  for (const f of findings) {
    if (f.placementId !== id) continue;
    if (f.level === 'error') return 'error';
    if (f.level === 'warning') status = 'warning';
  }
  return status;
}

/**
 * Draws a face-anchored plan onto any photo of the same face: every entry and path point is mapped to that
 * photo's image pixels through its own landmarks.
 */
export function projectPlan(
  plan: { readonly placements: readonly ThreadPlacement[]; readonly findings?: readonly PlanFinding[] },
  landmarks: LandmarkSet,
): ProjectedPlan {
  const findings = plan.findings ?? [];
  return {
    placements: plan.placements.map((p) => ({
      id: p.id,
      region: p.region,
      side: p.side,
      entry: anchorPosition(landmarks, p.entry),
      paths: p.paths.map((path) => path.map((a) => anchorPosition(landmarks, a))),
      status: statusOf(p.id, findings),
    })),
  };
}
