/**
 * The plan as the clinician edited it. The planner places threads; the clinician may drag an entry point or the
 * end of a thread path and record justifications for danger-zone findings. The same functions serve the web app
 * (live findings on every drag) and the server (the signed plan it prints), so what is checked while planning is
 * what is checked before printing:
 *
 * - `moveEntry` / `movePathEnd`: edits, stored face-anchored;
 * - `recheckPlacements`: a fresh danger-zone check of placements as they are now, with the planner's own
 *   non-zone findings and trace kept;
 * - `applyPlanEdits`: `planCase(caseFile)` for candidacy, measurements, risks and trace, with the edited
 *   placements and their re-checked findings.
 *
 * Pure: no I/O, no clock.
 */
import { z } from 'zod';
import { MESH_POINT_COUNT, type CaseFile, type Justification, type LandmarkSet } from '../case/schema.js';
import { REGIONS, SIDES } from '../case/vocab.js';
import { calibrate } from '../face/calibration.js';
import { buildFaceFrame, type FaceFrame } from '../face/frame.js';
import type { Vec2 } from '../geometry/vec.js';
import { buildDangerZones } from '../zones/build.js';
import type { DangerZone } from '../zones/types.js';
import { anchorPoint } from './anchor.js';
import { planCase, type PlanOptions, type PlanResult } from './plan.js';
import type { RuleSet } from './rule-types.js';
import { RULE_SET } from './rules.js';
import { checkSafety } from './safety.js';
import {
  FIXATIONS,
  MATERIALS,
  PLANES,
  TENSIONS,
  THREAD_KINDS,
  USP_GAUGES,
  type FaceAnchor,
  type PlanFinding,
  type ThreadPlacement,
  type TraceEntry,
} from './types.js';

/** The front photo's geometry a safety check runs against. */
export interface SafetyGeometry {
  readonly landmarks: LandmarkSet;
  readonly frame: FaceFrame;
  readonly zones: readonly DangerZone[];
}

/** Finding codes the danger-zone check produces (replaced on every re-check). */
export const SAFETY_FINDING_CODES: readonly PlanFinding['code'][] = [
  'entry-in-danger-zone',
  'path-crosses-danger-zone',
  'zone-estimated',
];

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const meshIndex = z
  .number()
  .int()
  .min(0)
  .max(MESH_POINT_COUNT - 1);

export const FaceAnchorSchema = z.object({
  tri: z.tuple([meshIndex, meshIndex, meshIndex]),
  bary: z.tuple([finite, finite, finite]),
});

/** A stored (possibly edited) thread placement, as a plan payload carries it. */
export const ThreadPlacementSchema = z.object({
  id: z.string().min(1),
  region: z.enum(REGIONS),
  side: z.enum(SIDES),
  kind: z.enum(THREAD_KINDS),
  material: z.enum(MATERIALS),
  gauge: z.enum(USP_GAUGES),
  lengthMm: finite.positive(),
  count: z.number().int().min(1).max(50),
  entry: FaceAnchorSchema,
  paths: z.array(z.array(FaceAnchorSchema).min(1)),
  vectorDeg: finite,
  plane: z.enum(PLANES),
  fixation: z.enum(FIXATIONS),
  tension: z.enum(TENSIONS),
  catalogueId: z.string().min(1),
  ruleIds: z.array(z.string()),
});

/** The front photo's geometry of a case, built as `planCase` builds it; null without a front photo. */
export function frontGeometry(caseFile: CaseFile): SafetyGeometry | null {
  const front = caseFile.photos.find((p) => p.view === 'front');
  if (!front) return null;
  const frame = buildFaceFrame(
    front.landmarks,
    calibrate(front.landmarks, caseFile.patient.pupillaryDistanceMm),
  );
  return { landmarks: front.landmarks, frame, zones: buildDangerZones(front.landmarks, frame, 'front') };
}

/**
 * Findings and trace for the placements as they are now: the planner's own findings (not planned, estimates)
 * plus a fresh danger-zone check of every entry and path, with the recorded justifications. Runs on every drag
 * in the web app and before every print on the server.
 */
export function recheckPlacements(
  base: Pick<PlanResult, 'findings' | 'trace'>,
  placements: readonly ThreadPlacement[],
  geometry: SafetyGeometry,
  justifications: readonly Justification[],
  ruleSet: RuleSet = RULE_SET,
): { findings: PlanFinding[]; trace: TraceEntry[] } {
  const safety = checkSafety(placements, {
    landmarks: geometry.landmarks,
    frame: geometry.frame,
    zones: geometry.zones,
    justifications,
    zoneRules: ruleSet.zoneRules,
  });
  const own = base.findings.filter((f) => !SAFETY_FINDING_CODES.includes(f.code));
  const zoneRuleIds = new Set(ruleSet.zoneRules.map((r) => r.id));
  const trace = [...base.trace.filter((e) => !zoneRuleIds.has(e.ruleId)), ...safety.trace];
  return { findings: [...own, ...safety.findings], trace };
}

const sameAnchor = (a: FaceAnchor, b: FaceAnchor): boolean =>
  a.tri.every((v, i) => v === b.tri[i]) && a.bary.every((v, i) => v === b.bary[i]);

/** Moves a placement's entry point (every path starts there) to an image point of the front photo. */
export function moveEntry(p: ThreadPlacement, landmarks: LandmarkSet, to: Vec2): ThreadPlacement {
  const entry = anchorPoint(landmarks, [to[0], to[1]]);
  return {
    ...p,
    entry,
    paths: p.paths.map((path) => path.map((a, i) => (i === 0 || sameAnchor(a, p.entry) ? entry : a))),
  };
}

/** Moves the end of one thread path to an image point of the front photo. */
export function movePathEnd(
  p: ThreadPlacement,
  landmarks: LandmarkSet,
  pathIndex: number,
  to: Vec2,
): ThreadPlacement {
  const end = anchorPoint(landmarks, [to[0], to[1]]);
  return {
    ...p,
    paths: p.paths.map((path, i) => (i === pathIndex ? [...path.slice(0, -1), end] : path)),
  };
}

/** What a clinician changed on top of the planner's result. */
export interface PlanEdits {
  readonly placements: readonly ThreadPlacement[];
  /** Justifications recorded while planning; the case's own ones apply as well. */
  readonly justifications?: readonly Justification[];
}

/** Why edits cannot be applied to a case (a payload that does not belong to its case). */
export class PlanEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanEditError';
  }
}

const justificationKey = (j: Justification): string =>
  JSON.stringify([j.zoneId, j.region ?? '', j.side ?? '', j.reason, j.by]);

/**
 * The plan as edited: candidacy, measurements, risks and the rule trace from `planCase(caseFile)`; placements
 * from the edits (each must be one the planner placed for this case: same id); findings re-checked on them
 * with the case's and the edits' justifications. Throws `PlanEditError` when the edits do not fit the case.
 */
export function applyPlanEdits(caseFile: CaseFile, edits: PlanEdits, options: PlanOptions = {}): PlanResult {
  const base = planCase(caseFile, options);
  const planned = new Set(base.placements.map((p) => p.id));
  const seen = new Set<string>();
  for (const p of edits.placements) {
    if (!planned.has(p.id)) {
      throw new PlanEditError(
        `placement ${p.id} is not one the planner placed for this case (${[...planned].join(', ') || 'none'})`,
      );
    }
    if (seen.has(p.id)) throw new PlanEditError(`placement ${p.id} appears twice`);
    seen.add(p.id);
  }
  const geometry = frontGeometry(caseFile);
  if (!geometry) {
    if (edits.placements.length > 0) throw new PlanEditError('placements need a front photo in the case');
    return base;
  }
  const all = [...(caseFile.justifications ?? []), ...(edits.justifications ?? [])];
  const keys = new Set<string>();
  const justifications = all.filter((j) => {
    const k = justificationKey(j);
    return keys.has(k) ? false : (keys.add(k), true);
  });
  const { findings, trace } = recheckPlacements(
    base,
    edits.placements,
    geometry,
    justifications,
    options.ruleSet ?? RULE_SET,
  );
  return { ...base, placements: [...edits.placements], findings, trace };
}
