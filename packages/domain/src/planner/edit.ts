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
import { checkSafety, segmentSafety } from './safety.js';
import { catalogueEntry, THREAD_CATALOGUE, type CatalogueId } from '../catalogue/threads.js';
import { toFace, toImage } from '../face/frame.js';
import { polylineLength } from '../geometry/segment.js';
import { facePoint } from '../geometry/types.js';
import { anchorPosition } from './anchor.js';
import { placeWithTemplate, type GeometryContext } from './geometry.js';
import { pathsPerThread, usablePathLength } from './layout.js';
import { techniqueTemplate, templatesFor, type TechniqueTemplate } from './templates.js';
import { triageFindings } from './triage.js';
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
  readonly segmentOk?: GeometryContext['segmentOk'];
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
  templateId: z.string().min(1).optional(),
  segmentPlanes: z.array(z.enum(PLANES)).optional(),
  cautions: z.array(z.string()).optional(),
});

/** The front photo's geometry of a case, built as `planCase` builds it; null without a front photo. */
export function frontGeometry(caseFile: CaseFile): SafetyGeometry | null {
  const front = caseFile.photos.find((p) => p.view === 'front');
  if (!front) return null;
  const frame = buildFaceFrame(
    front.landmarks,
    calibrate(front.landmarks, caseFile.patient.pupillaryDistanceMm),
  );
  const zones = buildDangerZones(front.landmarks, frame, 'front');
  return { landmarks: front.landmarks, frame, zones, segmentOk: segmentSafety(zones, RULE_SET.zoneRules) };
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

/** Geometry of a landmark set alone (iris or population scale): what the web has while dragging. */
function geometryOf(landmarks: LandmarkSet): SafetyGeometry {
  const frame = buildFaceFrame(landmarks, calibrate(landmarks));
  const zones = buildDangerZones(landmarks, frame, 'front');
  return { landmarks, frame, zones, segmentOk: segmentSafety(zones, RULE_SET.zoneRules) };
}

/**
 * Moves a placement's entry point to an image point of the front photo. A placement laid out by a technique
 * template is re-routed from the new entry (same template and length: `rerouteEntry`); an older one keeps its
 * paths with the new first point. Pass the case's geometry (`frontGeometry`) when the case has a measured
 * pupillary distance; without it the landmarks' own scale is used.
 */
export function moveEntry(
  p: ThreadPlacement,
  landmarks: LandmarkSet,
  to: Vec2,
  geometry: SafetyGeometry = geometryOf(landmarks),
): ThreadPlacement {
  if (p.templateId) return rerouteEntry(p, geometry, to);
  const entry = anchorPoint(landmarks, [to[0], to[1]]);
  return {
    ...p,
    entry,
    paths: p.paths.map((path) => path.map((a, i) => (i === 0 || sameAnchor(a, p.entry) ? entry : a))),
  };
}

/**
 * Moves the end of one thread path toward an image point of the front photo. A templated path keeps its
 * length: its last leg turns toward the point and ends at the usable length, so the thread still fits.
 */
export function movePathEnd(
  p: ThreadPlacement,
  landmarks: LandmarkSet,
  pathIndex: number,
  to: Vec2,
  geometry: SafetyGeometry = geometryOf(landmarks),
): ThreadPlacement {
  const t = p.templateId ? techniqueTemplate(p.templateId) : undefined;
  const path = p.paths[pathIndex];
  if (t && path && path.length >= 2) {
    const pts = path.map((a) => toFace(geometry.frame, anchorPosition(landmarks, a)));
    const last = pts[pts.length - 2] as Vec2;
    const before = polylineLength(pts.slice(0, -1));
    const remaining = usablePathLength(t, p.lengthMm) - before;
    const target = toFace(geometry.frame, [to[0], to[1]]);
    const d = Math.hypot(target[0] - last[0], target[1] - last[1]);
    if (remaining > 0 && d > 0) {
      const endFace = facePoint(
        last[0] + ((target[0] - last[0]) / d) * remaining,
        last[1] + ((target[1] - last[1]) / d) * remaining,
      );
      const end = anchorPoint(landmarks, toImage(geometry.frame, endFace));
      return { ...p, paths: p.paths.map((q, i) => (i === pathIndex ? [...q.slice(0, -1), end] : q)) };
    }
  }
  const end = anchorPoint(landmarks, [to[0], to[1]]);
  return {
    ...p,
    paths: p.paths.map((q, i) => (i === pathIndex ? [...q.slice(0, -1), end] : q)),
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
  const problems = validatePlacementEdits(edits.placements, geometry);
  const blocking = problems.filter((p) => p.severity === 'error');
  if (blocking.length > 0) {
    throw new PlanEditError(blocking.map((p) => `${p.path}: ${p.message}`).join('; '));
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
  // A path the clinician drew off its thread's length is shown, not refused: the doctor decides.
  for (const p of problems) {
    findings.push({
      level: 'warning',
      code: 'path-end-outside-target',
      placementId: p.placementId,
      message: `${p.placementId}: ${p.message}`,
      cite: ['design-elements'],
    });
  }
  return { ...base, placements: [...edits.placements], findings, trace, triage: triageFindings(findings) };
}

// --- per-placement edits (rule set 2026.12): re-routing, reset, template switch, validated parameter edits ---

const round1 = (v: number): number => Math.round(v * 10) / 10;

function draftOf(p: ThreadPlacement): Parameters<typeof placeWithTemplate>[1] {
  return {
    region: p.region,
    side: p.side,
    catalogueId: p.catalogueId as CatalogueId,
    gauge: p.gauge,
    count: p.count,
    plane: p.plane,
    tension: p.tension,
    ruleIds: [...p.ruleIds],
    ...(p.cautions ? { cautions: p.cautions } : {}),
  };
}

function templateOf(p: ThreadPlacement): TechniqueTemplate {
  const t = p.templateId ? techniqueTemplate(p.templateId) : templatesFor(p.region)[0];
  if (!t) throw new PlanEditError(`placement ${p.id} has no technique template (${p.templateId ?? 'none'})`);
  return t;
}

/**
 * Moves a placement's entry to an image point of the front photo and re-routes every path from there by the
 * same template and thread length (the waypoints and target region stay, the ends are laid out again), so a
 * moved entry never leaves a V or zig-zag. Pure.
 */
export function rerouteEntry(p: ThreadPlacement, geometry: SafetyGeometry, to: Vec2): ThreadPlacement {
  const t = templateOf(p);
  const entry = toFace(geometry.frame, [to[0], to[1]]);
  const { placement } = placeWithTemplate(geometry, draftOf(p), t, {
    id: p.id,
    entry: facePoint(entry[0], entry[1]),
    lengthMm: p.lengthMm,
  });
  // The clinician's count is kept even beyond the technique's range (the layout clamps it): the edit check
  // then names it, as it does after `editPlacement`, instead of the count silently snapping back.
  return {
    ...placement,
    count: p.count,
    catalogueId: p.catalogueId,
    kind: p.kind,
    material: p.material,
    gauge: p.gauge,
  };
}

/** The planner's own placement with this id (a reset after edits), or null when the planner placed none. */
export function resetPlacement(
  caseFile: CaseFile,
  placementId: string,
  options: PlanOptions = {},
): ThreadPlacement | null {
  return planCase(caseFile, options).placements.find((p) => p.id === placementId) ?? null;
}

/** Lays a placement out again by another template of its region (one click in the web). */
export function switchTemplate(
  p: ThreadPlacement,
  geometry: SafetyGeometry,
  templateId: string,
): ThreadPlacement {
  const t = techniqueTemplate(templateId);
  if (!t) throw new PlanEditError(`unknown technique template ${templateId}`);
  if (t.region !== p.region) {
    throw new PlanEditError(`technique ${templateId} is for the ${t.region}, not the ${p.region}`);
  }
  return placeWithTemplate(geometry, draftOf(p), t, { id: p.id }).placement;
}

/** What a clinician may change on one placement. */
export interface PlacementChanges {
  readonly count?: number;
  readonly catalogueId?: CatalogueId;
  readonly gauge?: ThreadPlacement['gauge'];
  readonly lengthMm?: number;
}

/** Applies count / thread / gauge / length changes and lays the paths out again by the placement's template. */
export function editPlacement(
  p: ThreadPlacement,
  geometry: SafetyGeometry,
  changes: PlacementChanges,
): ThreadPlacement {
  const t = templateOf(p);
  const catalogueId = changes.catalogueId ?? (p.catalogueId as CatalogueId);
  const cat = catalogueEntry(catalogueId);
  const draft = {
    ...draftOf(p),
    catalogueId,
    count: changes.count ?? p.count,
    gauge: changes.gauge ?? p.gauge,
  };
  const lengthMm = changes.lengthMm ?? (cat.lengthsMm.includes(p.lengthMm) ? p.lengthMm : undefined);
  const { placement } = placeWithTemplate(
    geometry,
    draft,
    { ...t, catalogueIds: [] },
    {
      id: p.id,
      ...(lengthMm !== undefined ? { lengthMm } : {}),
    },
  );
  return { ...placement, count: draft.count, gauge: changes.gauge ?? placement.gauge };
}

/** The clinician's choices on one placement (issue 11 §5); the rest of the placement follows from them. */
export interface PlacementChoices {
  readonly templateId?: string | undefined;
  readonly catalogueId: CatalogueId;
  readonly gauge: ThreadPlacement['gauge'];
  readonly lengthMm: number;
  readonly count: number;
}

/** The choices a placement carries. */
export const choicesOf = (p: ThreadPlacement): PlacementChoices => ({
  templateId: p.templateId,
  catalogueId: p.catalogueId as CatalogueId,
  gauge: p.gauge,
  lengthMm: p.lengthMm,
  count: p.count,
});

/**
 * The planner's placement with the clinician's choices applied: `switchTemplate` (when the template differs),
 * then `editPlacement` with thread, gauge, length and count. This is the placement `verifyPlan` rebuilds and
 * compares a record against (entry and path ends aside), so the web builds every choice through it.
 * Throws `PlanEditError` for a template that is unknown or of another region.
 */
export function withPlacementChoices(
  planned: ThreadPlacement,
  choices: PlacementChoices,
  geometry: SafetyGeometry,
): ThreadPlacement {
  const switched =
    choices.templateId && choices.templateId !== planned.templateId
      ? switchTemplate(planned, geometry, choices.templateId)
      : planned;
  return editPlacement(switched, geometry, {
    count: choices.count,
    catalogueId: choices.catalogueId,
    gauge: choices.gauge,
    lengthMm: choices.lengthMm,
  });
}

/** What a placement problem is about, for the UI to word in its language (with `params`). */
export const PLACEMENT_PROBLEM_CODES = [
  'catalogue-unknown',
  'kind-mismatch',
  'material-mismatch',
  'gauge-unavailable',
  'length-unavailable',
  'template-unknown',
  'count-out-of-range',
  'paths-count',
  'path-length',
] as const;
export type PlacementProblemCode = (typeof PLACEMENT_PROBLEM_CODES)[number];

export interface PlacementProblem {
  /** JSON path inside the edits payload, e.g. `$.placements[2].count`. */
  readonly path: string;
  readonly placementId: string;
  readonly code: PlacementProblemCode;
  /** What the problem names (catalogue gauges, the technique's count range, a path's length…). */
  readonly params: Readonly<Record<string, string | number>>;
  /** English, for logs, the CLI and the server's error detail. */
  readonly message: string;
  /** error: the server refuses the edits; warning: shown as a finding (a path off its thread's length). */
  readonly severity: 'error' | 'warning';
}

/**
 * The checks the server runs on edited placements (and the web before saving): thread kind, material, gauge
 * and length from the catalogue entry, the count inside the technique's range, one path per thread (two per
 * U-suspension thread), and every path its usable length within the stated tolerance.
 */
export function validatePlacementEdits(
  placements: readonly ThreadPlacement[],
  geometry: SafetyGeometry,
): PlacementProblem[] {
  const out: PlacementProblem[] = [];
  placements.forEach((p, i) => {
    const at = (k: string): string => `$.placements[${i}].${k}`;
    const push = (
      path: string,
      code: PlacementProblemCode,
      params: Record<string, string | number>,
      message: string,
      severity: 'error' | 'warning' = 'error',
    ): void => {
      out.push({ path, placementId: p.id, code, params, message, severity });
    };
    const cat = THREAD_CATALOGUE.find((e) => e.id === p.catalogueId);
    if (!cat) {
      push(
        at('catalogueId'),
        'catalogue-unknown',
        { catalogueId: p.catalogueId },
        `unknown catalogue thread ${p.catalogueId}`,
      );
      return;
    }
    if (p.kind !== cat.kind) {
      push(
        at('kind'),
        'kind-mismatch',
        { catalogueId: cat.id, expected: cat.kind, got: p.kind },
        `${cat.id} is a ${cat.kind} thread, not ${p.kind}`,
      );
    }
    if (p.material !== cat.material) {
      push(
        at('material'),
        'material-mismatch',
        { catalogueId: cat.id, expected: cat.material, got: p.material },
        `${cat.id} is ${cat.material}, not ${p.material}`,
      );
    }
    if (!(cat.gauges as readonly string[]).includes(p.gauge)) {
      push(
        at('gauge'),
        'gauge-unavailable',
        { catalogueId: cat.id, offered: cat.gauges.join(', '), got: p.gauge },
        `${cat.id} comes in ${cat.gauges.join(', ')}, not ${p.gauge}`,
      );
    }
    if (!(cat.lengthsMm as readonly number[]).includes(p.lengthMm)) {
      push(
        at('lengthMm'),
        'length-unavailable',
        { catalogueId: cat.id, offered: cat.lengthsMm.join(', '), got: p.lengthMm },
        `${cat.id} comes in ${cat.lengthsMm.join(', ')} mm, not ${p.lengthMm} mm`,
      );
    }
    if (!p.templateId) return; // plans before rule set 2026.12 carry no template: nothing more to check
    const t = techniqueTemplate(p.templateId);
    if (!t || t.region !== p.region) {
      push(
        at('templateId'),
        'template-unknown',
        { templateId: p.templateId, region: p.region },
        `${p.templateId} is not a technique for the ${p.region}`,
      );
      return;
    }
    if (p.count < t.countRange[0] || p.count > t.countRange[1]) {
      push(
        at('count'),
        'count-out-of-range',
        { templateId: t.id, min: t.countRange[0], max: t.countRange[1], got: p.count },
        `${t.name.en}: ${t.countRange[0]}–${t.countRange[1]} threads per side are published, not ${p.count}`,
      );
    }
    const per = pathsPerThread(t);
    if (p.paths.length !== p.count * per) {
      push(
        at('paths'),
        'paths-count',
        { count: p.count, expected: p.count * per, got: p.paths.length },
        `${p.count} thread${p.count > 1 ? 's' : ''} need ${p.count * per} path${p.count * per > 1 ? 's' : ''}, not ${p.paths.length}: lay them out again`,
      );
    }
    const usable = usablePathLength(t, p.lengthMm);
    p.paths.forEach((path, k) => {
      const pts = path.map((a) => toFace(geometry.frame, anchorPosition(geometry.landmarks, a)));
      const len = polylineLength(pts);
      if (Math.abs(len - usable) > EDIT_LENGTH_TOLERANCE_MM) {
        push(
          `$.placements[${i}].paths[${k}]`,
          'path-length',
          { n: k + 1, lengthMm: round1(len), usableMm: round1(usable), threadMm: p.lengthMm },
          `path ${k + 1} is ${round1(len)} mm but a ${p.lengthMm} mm thread gives ${round1(usable)} mm per path: re-route it (moving the entry does) or change the length`,
          'warning',
        );
      }
    });
  });
  return out;
}

/** Path length tolerance of stored (anchored) paths: anchoring rounds, and the layout itself is exact. */
export const EDIT_LENGTH_TOLERANCE_MM = 1;
