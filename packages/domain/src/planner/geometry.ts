/**
 * Turns parameter drafts into geometry: entry point, a fan of `count` paths to the region's targets and the pull
 * vector, computed in the face frame (mm) from named landmarks, then stored face-anchored.
 */
import type { LandmarkSet } from '../case/schema.js';
import type { Side } from '../case/vocab.js';
import { catalogueEntry, lengthFor } from '../catalogue/threads.js';
import { faceLandmark, toImage, type FaceFrame } from '../face/frame.js';
import { PAIRED, PLANNER_LANDMARKS } from '../face/landmarks.js';
import { polylineLength } from '../geometry/segment.js';
import { facePoint, type FacePoint } from '../geometry/types.js';
import { lerp } from '../geometry/vec.js';
import { zoneContains } from '../zones/check.js';
import type { DangerZone } from '../zones/types.js';
import { anchorPoint } from './anchor.js';
import type { PlacementDraft } from './evaluate.js';
import {
  REGION_GEOMETRY,
  type EntryOption,
  type NamedPoint,
  type PointSpec,
  type RegionGeometry,
} from './geometry-specs.js';
import type { ThreadPlacement } from './types.js';

export interface GeometryContext {
  readonly landmarks: LandmarkSet;
  readonly frame: FaceFrame;
  readonly zones: readonly DangerZone[];
}

const lateralSign = (side: Side): 1 | -1 => (side === 'left' ? 1 : -1);

function named(ctx: GeometryContext, name: NamedPoint, side: Side): FacePoint {
  const index =
    name in PAIRED
      ? PAIRED[name as keyof typeof PAIRED][side]
      : PLANNER_LANDMARKS[name as keyof typeof PLANNER_LANDMARKS][side];
  return faceLandmark(ctx.frame, ctx.landmarks, index);
}

export function resolvePoint(ctx: GeometryContext, spec: PointSpec, side: Side): FacePoint {
  const a = named(ctx, spec.a, side);
  const base = spec.b ? lerp(a, named(ctx, spec.b, side), spec.t ?? 0.5) : a;
  return facePoint(base[0] + lateralSign(side) * (spec.lateralMm ?? 0), base[1] + (spec.upMm ?? 0));
}

/** Options in preference order: matching fixation, the requested vector style first. */
function orderedOptions(g: RegionGeometry, d: PlacementDraft): EntryOption[] {
  const fix = g.entries.filter((e) => e.fixation === d.fixation);
  const pool = fix.length > 0 ? fix : [...g.entries];
  return [...pool.filter((e) => e.vector === d.vector), ...pool.filter((e) => e.vector !== d.vector)];
}

function chooseEntry(
  ctx: GeometryContext,
  g: RegionGeometry,
  d: PlacementDraft,
): { option: EntryOption; point: FacePoint; note: string } {
  const options = orderedOptions(g, d);
  const rejected: string[] = [];
  for (const option of options) {
    const point = resolvePoint(ctx, option.at, d.side);
    const hit = ctx.zones.find((z) => zoneContains(z, point));
    if (!hit) {
      const note = rejected.length > 0 ? ` (passed over: ${rejected.join(', ')})` : '';
      return { option, point, note };
    }
    rejected.push(`${option.name} lies in ${hit.id}`);
  }
  // No option clears every zone: keep the preferred one; the safety check then reports the error.
  const first = options[0] ?? g.entries[0];
  if (!first) throw new RangeError(`no entry options for ${g.region}`);
  return {
    option: first,
    point: resolvePoint(ctx, first.at, d.side),
    note: ` (no option clears every zone: ${rejected.join(', ')})`,
  };
}

const toAnchor = (ctx: GeometryContext, p: FacePoint) => anchorPoint(ctx.landmarks, toImage(ctx.frame, p));
const round1 = (v: number): number => Math.round(v * 10) / 10;

export function placeDraft(
  ctx: GeometryContext,
  d: PlacementDraft,
  specs: readonly RegionGeometry[] = REGION_GEOMETRY,
): { placement: ThreadPlacement; choice: string } | null {
  const g = specs.find((s) => s.region === d.region);
  if (!g) return null;
  const { option, point: entry, note } = chooseEntry(ctx, g, d);
  const from = resolvePoint(ctx, g.targets.from, d.side);
  const to = resolvePoint(ctx, g.targets.to, d.side);
  const via = option.via ? resolvePoint(ctx, option.via, d.side) : null;
  const n = Math.max(1, d.count);
  const targets = Array.from({ length: n }, (_, i) => {
    const p = lerp(from, to, n === 1 ? 0.5 : i / (n - 1));
    return facePoint(p[0], p[1]);
  });
  const paths = targets.map((t) => {
    const mid = via ?? lerp(entry, t, 0.5);
    return [entry, facePoint(mid[0], mid[1]), t];
  });
  const cx = targets.reduce((s, t) => s + t[0], 0) / n;
  const cy = targets.reduce((s, t) => s + t[1], 0) / n;
  // Pull vector: from the thread ends toward the entry/anchor, 0° = lateral, 90° = superior.
  const vectorDeg = round1(
    (Math.atan2(entry[1] - cy, lateralSign(d.side) * (entry[0] - cx)) * 180) / Math.PI,
  );
  const longest = Math.max(...paths.map((p) => polylineLength(p)));
  const entryCat = catalogueEntry(d.catalogueId);
  const placement: ThreadPlacement = {
    id: `${d.region}:${d.side}:1`,
    region: d.region,
    side: d.side,
    kind: d.kind,
    material: d.material,
    gauge: d.gauge,
    lengthMm: lengthFor(entryCat, longest),
    count: d.count,
    entry: toAnchor(ctx, entry),
    paths: paths.map((p) => p.map((q) => toAnchor(ctx, q))),
    vectorDeg,
    plane: d.plane,
    fixation: d.fixation,
    tension: d.tension,
    catalogueId: d.catalogueId,
    ruleIds: [...d.ruleIds],
  };
  return {
    placement,
    choice: `${d.region}:${d.side}: ${option.name} (${option.vector}, ${option.fixation}), vector ${vectorDeg}°, longest path ${round1(longest)} mm${note}`,
  };
}
